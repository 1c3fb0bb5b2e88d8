import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { signOutEverywhere } from '../../../services/auth.js';
import { toApiUser } from '../../../services/users.js';
import { errors } from '../../errors.js';
import { actorOf, requireAuth, requirePrincipal } from '../../request.js';
import { apiUser } from '../auth/schema.js';

export const apiRoleAssignment = z.object({
  id: z.number().int(),
  role: z.enum(['platform_admin', 'agency_admin', 'unit_operator', 'facilitator', 'participant']),
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  cohortId: z.number().int().nullable(),
});

export async function meRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['me'];

  r.get(
    '/api/v1/me',
    { schema: { tags, summary: 'The signed-in user and its role assignments', response: { 200: apiUser.extend({ roles: z.array(apiRoleAssignment) }) } } },
    async (req) => {
      const a = requireAuth(req);
      const [user, principal] = await Promise.all([ctx.repos.users.findById(a.userId), requirePrincipal(ctx, req)]);
      if (!user) throw errors.unauthenticated();
      return {
        ...toApiUser(user),
        roles: principal.roles.map((r) => ({ id: r.id, role: r.role, unit: r.unitCode ? { code: r.unitCode, name: r.unitName ?? '' } : null, cohortId: r.cohortId })),
      };
    },
  );

  r.get(
    '/api/v1/me/sessions',
    {
      schema: {
        tags,
        summary: 'The active sessions of the signed-in user',
        response: {
          200: z.object({
            items: z.array(z.object({ current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() })),
            nextCursor: z.null(),
          }),
        },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const rows = await ctx.repos.sessions.listOfUser(a.userId, ctx.clock().toISOString());
      return {
        items: rows.map((s) => ({ current: s.id === a.sessionId, createdAt: s.created_at, lastSeenAt: s.last_seen_at, expiresAt: s.expires_at, ip: s.ip, userAgent: s.user_agent })),
        nextCursor: null,
      };
    },
  );

  r.delete(
    '/api/v1/me/sessions',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags, summary: 'Sign out everywhere: ends every other session of the signed-in user', response: { 200: z.object({ ended: z.number().int() }) } },
    },
    async (req) => {
      const a = requireAuth(req);
      const ended = await signOutEverywhere(ctx, { ...actorOf(req), userId: a.userId }, a.sessionId);
      return { ended };
    },
  );
}
