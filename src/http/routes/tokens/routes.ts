import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../services/api-tokens.js';
import { errorResponse } from '../auth/schema.js';
import { idCursor, idParam, limitParam, platformAdminActor } from '../users/access.js';

export const apiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  user: z.object({ id: z.number().int(), login: z.string() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export async function tokensApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tokens'];

  r.get(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'Personal API tokens, newest first (platform admins only; the secret is never shown again)',
        querystring: z.object({ cursor: idCursor, limit: limitParam }),
        response: { 200: z.object({ items: z.array(apiToken), nextCursor: z.number().int().nullable() }), 403: errorResponse },
      },
    },
    async (req) => {
      const actor = await platformAdminActor(ctx, req);
      return listApiTokens(ctx, actor.principal, req.query);
    },
  );

  r.post(
    '/api/v1/tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal API token (platform admins only); the token is in the answer once, use it as Authorization: Bearer',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          userId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish().describe('The account the token acts as; the caller when omitted'),
          expiresInDays: z.number().int().min(1).max(3650).nullish(),
        }),
        response: {
          201: z.object({ id: z.number().int(), token: z.string(), name: z.string(), userId: z.number().int(), login: z.string(), createdAt: z.string(), expiresAt: z.string().nullable() }),
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const actor = await platformAdminActor(ctx, req);
      const res = await createApiToken(ctx, actor, req.body);
      return reply.code(201).send(res);
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    { schema: { tags, summary: 'Revoke a personal API token (platform admins only)', params: idParam, response: { 204: z.null(), 403: errorResponse, 404: errorResponse } } },
    async (req, reply) => {
      const actor = await platformAdminActor(ctx, req);
      await revokeApiToken(ctx, actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
