// Shared by the administration routes (users, units, tokens, audit): who may enter, and the list parameters.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { assertAdministrator } from '../../../services/org.js';
import { isPlatformAdmin } from '../../../domain/authorization.js';
import { errors } from '../../errors.js';
import { principalActor, seeOther } from '../../request.js';

/** The signed-in administrator (platform admin, agency admin or unit operator); 401 without a session, 403 for anyone else. */
export async function adminActor(ctx: AppContext, req: FastifyRequest) {
  const actor = await principalActor(ctx, req);
  assertAdministrator(actor.principal);
  return actor;
}

export async function platformAdminActor(ctx: AppContext, req: FastifyRequest) {
  const actor = await principalActor(ctx, req);
  if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  return actor;
}

/** For pages: sends anonymous visitors to sign in (returns null), else as adminActor (403 page for non-administrators). */
export async function adminPageActor(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, opts: { platformOnly?: boolean } = {}) {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  return opts.platformOnly ? platformAdminActor(ctx, req) : adminActor(ctx, req);
}

export const limitParam = z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1–500, default 50)');
export const idCursor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('nextCursor of the previous page');
export const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** A positive integer from a path or query string, or null (pages answer 404 for anything else). */
export function positiveInt(v: unknown): number | null {
  if (typeof v !== 'string' || !/^[1-9][0-9]{0,14}$/.test(v)) return null;
  return Number(v);
}

export function queryString(req: FastifyRequest, name: string, max = 200): string {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

export const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
