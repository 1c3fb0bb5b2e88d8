// Authoring API (read-only): programmes in the caller's authoring scope, one programme with its
// stages and activities, and the programme package (zip) for API clients.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as authoring from '../../../services/authoring.js';
import type { ProgrammeRow } from '../../../db/repositories/authoring.js';
import { buildPackage } from '../../../services/programme-package.js';
import { principalActor } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { idParam } from '../users/access.js';

const apiProgramme = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  jp: z.number().int(),
  provider: z.string().nullable(),
  status: z.enum(authoring.PROGRAMME_STATUSES),
  organiserUnit: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const apiActivity = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  position: z.number().int(),
  required: z.boolean(),
  published: z.boolean(),
  jp: z.number().int().nullable(),
  prerequisiteIds: z.array(z.number().int()),
  opensAt: z.string().nullable(),
  opensOnDay: z.number().int().nullable(),
  closesAfterDay: z.number().int().nullable(),
  config: z.unknown().describe('The kind’s configuration (validated by the kind’s schema)'),
});

const apiStage = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  position: z.number().int(),
  sequential: z.boolean(),
  published: z.boolean(),
  opensAt: z.string().nullable(),
  opensOnDay: z.number().int().nullable(),
  closesAfterDay: z.number().int().nullable(),
  targetDay: z.number().int().nullable(),
  activities: z.array(apiActivity),
});

const apiCohort = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  startBy: z.string().nullable(),
  windowDays: z.number().int().nullable(),
  gelombang: z.number().int().nullable(),
  angkatan: z.number().int().nullable(),
});

const toApiProgramme = (p: ProgrammeRow) => ({
  id: p.id,
  code: p.code,
  title: p.title,
  description: p.description,
  jp: p.jp,
  provider: p.provider,
  status: p.status,
  organiserUnit: p.organiser_unit_id !== null && p.organiser_name !== null ? { id: p.organiser_unit_id, name: p.organiser_name } : null,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});

const parseConfig = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export async function authoringApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['authoring'];
  const authorActor = async (req: Parameters<typeof principalActor>[1]) => {
    const actor = await principalActor(ctx, req);
    authoring.assertAuthor(actor.principal);
    return actor;
  };

  r.get(
    '/api/v1/programmes',
    {
      schema: {
        tags,
        summary: 'Programmes the caller authors (platform admins: all; agency admins: those organised in their scope)',
        response: { 200: z.object({ items: z.array(apiProgramme), nextCursor: z.null() }), 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => {
      const actor = await authorActor(req);
      const rows = await authoring.listProgrammes(ctx, actor.principal);
      return { items: rows.map(toApiProgramme), nextCursor: null };
    },
  );

  r.get(
    '/api/v1/programmes/:id',
    {
      schema: {
        tags,
        summary: 'A programme with its cohorts, stages and activities (published or not), in order',
        params: idParam,
        response: { 200: apiProgramme.extend({ cohorts: z.array(apiCohort), stages: z.array(apiStage) }), 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await authorActor(req);
      const o = await authoring.programmeOutline(ctx, actor.principal, req.params.id);
      return {
        ...toApiProgramme(o.programme),
        cohorts: o.cohorts.map((c) => ({ id: c.id, code: c.code, title: c.title, startsOn: c.starts_on, endsOn: c.ends_on, startBy: c.start_by, windowDays: c.window_days, gelombang: c.gelombang, angkatan: c.angkatan })),
        stages: o.stages.map((s) => ({
          id: s.id,
          position: s.position,
          ...authoring.describeStage(s),
          activities: s.activities.map((a) => ({
            id: a.id,
            position: a.position,
            ...authoring.describeActivity(a),
            prerequisiteIds: a.prerequisiteIds,
            config: parseConfig(a.config),
          })),
        })),
      };
    },
  );

  r.get(
    '/api/v1/programmes/:id/package',
    {
      schema: {
        tags,
        summary: 'The programme as one package (application/zip): manifest.json (format lentera-programme, version 1) and the files its activities use',
        params: idParam,
        produces: ['application/zip'],
        response: { 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const actor = await authorActor(req);
      const pkg = await buildPackage(ctx, actor, req.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${pkg.filename}"`)
        .send(Buffer.from(pkg.data.buffer, pkg.data.byteOffset, pkg.data.byteLength) as never); // bytes, not serialised
    },
  );
}
