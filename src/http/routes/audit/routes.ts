import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { listAuditEntries } from '../../../services/org.js';
import { errorResponse } from '../auth/schema.js';
import { adminActor, idCursor, limitParam } from '../users/access.js';

export const apiAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ id: z.number().int(), login: z.string().nullable(), name: z.string().nullable() }).nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable().describe('Platform admins only'),
  userAgent: z.string().nullable().describe('Platform admins only'),
});

export async function auditApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (platform admin: every entry; agency admin / operator: changes to users inside its scope)',
        querystring: z.object({ cursor: idCursor, limit: limitParam, targetType: z.string().trim().min(1).max(64).optional(), targetId: z.string().trim().min(1).max(64).optional() }),
        response: { 200: z.object({ items: z.array(apiAuditEntry), nextCursor: z.number().int().nullable() }), 403: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return listAuditEntries(ctx, actor.principal, req.query);
    },
  );
}
