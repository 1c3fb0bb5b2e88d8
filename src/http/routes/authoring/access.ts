// Access helpers shared by the authoring pages and the pages that belong to a programme (question bank).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as authoring from '../../../services/authoring.js';
import { errors } from '../../errors.js';
import { principalActor, seeOther } from '../../request.js';
import { positiveInt } from '../users/access.js';

/** The signed-in author for pages: anonymous visitors go to sign in (null); non-authors get 403. */
export async function authorPageActor(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  const actor = await principalActor(ctx, req);
  authoring.assertAuthor(actor.principal);
  return actor;
}

/** A positive integer path parameter, else 404. */
export function param(req: FastifyRequest, name: string): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}
