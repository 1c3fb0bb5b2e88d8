import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { getUnit, listUnits } from '../../../services/org.js';
import { errorResponse } from '../auth/schema.js';
import { adminActor, limitParam } from '../users/access.js';

const code = z.string().trim().min(1).max(64);
export const apiUnitSummary = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['agency', 'secretariat', 'province', 'regency', 'unit']),
  regionCode: z.string().nullable(),
  timeZone: z.enum(['WIB', 'WITA', 'WIT']),
  childCount: z.number().int().describe('Direct sub-units'),
  userCount: z.number().int().describe('Users in the unit and every unit below it'),
});
export const apiUnitDetail = apiUnitSummary.extend({
  path: z.array(z.object({ code: z.string(), name: z.string(), kind: apiUnitSummary.shape.kind })).describe('Ancestors inside the caller’s scope, top down'),
});

export async function unitsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['units'];

  r.get(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'Sub-units of a unit in the caller’s scope, or the topmost units the caller may see',
        querystring: z.object({ parent: code.optional().describe('Unit code; omitted: the roots of the caller’s scope'), cursor: code.optional().describe('nextCursor of the previous page'), limit: limitParam }),
        response: { 200: z.object({ items: z.array(apiUnitSummary), nextCursor: z.string().nullable() }), 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const res = await listUnits(ctx, actor.principal, req.query);
      return { items: res.items, nextCursor: res.nextCursor };
    },
  );

  r.get(
    '/api/v1/units/:code',
    { schema: { tags, summary: 'A unit in the caller’s scope with its ancestors and counts (404 outside the scope)', params: z.object({ code }), response: { 200: apiUnitDetail, 403: errorResponse, 404: errorResponse } } },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return getUnit(ctx, actor.principal, req.params.code);
    },
  );
}
