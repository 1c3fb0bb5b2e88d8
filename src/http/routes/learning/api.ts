import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../services/context.js';
import { enrolmentStatus, loadEnrolmentView, myEnrolments, ownEnrolment, recordProgress, zoneOfEnrolment } from '../../../services/learning.js';
import { describeReason } from '../../../views/reasons.js';
import type { LockReason } from '../../../domain/progression.js';
import type { IndonesianZone } from '../../../domain/time.js';
import { requireAuth } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { activityParams, enrolmentItem, enrolmentParams, outlineResponse, progressBody, progressResponse } from './schema.js';

export const reasonText = (req: FastifyRequest, zone: IndonesianZone) => (r: LockReason | null) => (r ? describeReason(r, req.t, req.locale, zone) : null);

export async function learningApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['learning'];

  r.get(
    '/api/v1/me/enrolments',
    { schema: { tags, summary: 'My programmes: progress, status, today on my day clock, and the end of my window', response: { 200: z.object({ items: z.array(enrolmentItem), nextCursor: z.null() }) } } },
    async (req) => {
      const a = requireAuth(req);
      const list = await myEnrolments(ctx, a.userId);
      return {
        items: list.map(({ view, status, daysLeft }) => ({
          id: view.enrolment.id,
          programme: { id: view.enrolment.programme_id, title: view.enrolment.programme_title },
          cohort: { id: view.enrolment.cohort_id, title: view.enrolment.cohort_title },
          progress: view.outline.progress,
          status,
          day: view.clock.today,
          windowEndsOn: view.clock.windowEndsOn,
          daysLeft,
          nextActivityId: view.outline.nextActivityId,
          behind: view.outline.behind,
        })),
        nextCursor: null,
      };
    },
  );

  r.get(
    '/api/v1/enrolments/:id/outline',
    { schema: { tags, summary: 'The stages and activities of an enrolment with their state and, when locked, why and when they open', params: enrolmentParams, response: { 200: outlineResponse, 404: errorResponse } } },
    async (req) => {
      const a = requireAuth(req);
      const view = await loadEnrolmentView(ctx, await ownEnrolment(ctx, a.userId, req.params.id));
      const text = reasonText(req, view.zone);
      const kindOf = new Map(view.activities.map((x) => [x.row.id, x.row.kind]));
      return {
        enrolmentId: view.enrolment.id,
        progress: view.outline.progress,
        status: enrolmentStatus(view.enrolment, view.outline),
        day: view.clock.today,
        stages: view.outline.stages.map((s) => ({
          id: s.id,
          title: s.title,
          state: s.state,
          reason: text(s.reason),
          behind: s.behind,
          activities: s.activities.map((x) => ({ id: x.id, kind: kindOf.get(x.id) ?? 'unknown', title: x.title, required: x.required, state: x.state, reason: text(x.reason), progress: x.state === 'completed' ? 100 : x.percent })),
        })),
      };
    },
  );

  r.post(
    '/api/v1/enrolments/:id/activities/:activityId/progress',
    {
      schema: {
        tags,
        summary: 'Record one progress event (idempotent by eventId); 409 activity_locked with the reason when the activity is not open',
        description:
          'Bodies: {"eventId","type":"opened"} for every kind; page: {"eventId","type":"read_to_end"}; video: {"eventId","type":"watched","from","to"} (seconds played) and {"eventId","type":"position","at"}. Completion is never taken back by a late or repeated event.',
        params: activityParams,
        body: progressBody,
        response: { 200: progressResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const enrolment = await ownEnrolment(ctx, a.userId, req.params.id);
      const zone = zoneOfEnrolment(enrolment);
      return recordProgress(ctx, { userId: a.userId, enrolmentId: req.params.id, activityId: req.params.activityId, event: req.body, enrolment, describeLock: (reason) => describeReason(reason, req.t, req.locale, zone) });
    },
  );
}
