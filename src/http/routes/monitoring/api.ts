// The HR API: participants of a cohort with their exclusive status (keyset pages by participant
// id) and the counts per status for each direct sub-unit. Scoped by the caller's session or token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as monitoring from '../../../services/monitoring.js';
import { requirePrincipal } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { cohortParams, participantsQuery, participantsResponse, summaryQuery, summaryResponse } from './schema.js';

const SCOPE =
  'Scope: platform admin every participant; facilitator every participant of its cohorts (other cohorts 404); agency admin / unit operator only the participants in its unit subtrees, in a cohort organised inside its agency or with one of its participants enrolled (other cohorts 404); participants 403. A unit code outside the scope: 404. Withdrawn enrolments are never counted. Status: certified, passed, failed (final evaluation failed, remedial pending), behind (a stage not complete by its target day, today in the participant’s zone), in_progress, never_signed_in.';

export async function monitoringApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['monitoring'];
  const errs = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

  r.get(
    '/api/v1/cohorts/:id/participants',
    { schema: { tags, summary: 'Participants of a cohort with their exclusive status and progress (keyset pages by id, up to 500)', description: SCOPE, params: cohortParams, querystring: participantsQuery, response: { 200: participantsResponse, ...errs } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const q = req.query;
      const page = await monitoring.participantsPage(ctx, principal, req.params.id, { unit: q.unit, status: q.status }, { cursor: q.cursor, limit: q.limit });
      return {
        items: page.items.map((i) => ({ id: i.userId, login: i.login, nip: i.nip, name: i.name, unit: i.unit, status: i.status, progress: i.progress })),
        nextCursor: page.nextCursor,
      };
    },
  );

  r.get(
    '/api/v1/cohorts/:id/summary',
    { schema: { tags, summary: 'Counts of a cohort’s participants per exclusive status, for each direct sub-unit and in total', description: `${SCOPE} Without a unit the rows are the sub-units of the caller’s scope unit(s) (platform admins and facilitators: the agencies).`, params: cohortParams, querystring: summaryQuery, response: { 200: summaryResponse, ...errs } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const s = await monitoring.summary(ctx, principal, req.params.id, { unit: req.query.unit });
      return {
        cohort: { id: s.cohort.id, code: s.cohort.code, title: s.cohort.title, gelombang: s.cohort.gelombang, angkatan: s.cohort.angkatan },
        unit: s.unit,
        items: s.items,
        total: s.total,
      };
    },
  );
}
