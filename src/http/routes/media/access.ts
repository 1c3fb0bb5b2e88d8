// Who may fetch an activity's media: participants actively enrolled in a cohort of the activity's
// programme (published activities only), its facilitators, and administrators. Everyone else gets
// 404 — the file does not exist for them.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import type { MediaActivity } from '../../../db/repositories/media.js';
import { isAdministrator } from '../../../domain/authorization.js';
import { errors } from '../../errors.js';
import { requirePrincipal } from '../../request.js';

export async function mediaActivityFor(ctx: AppContext, req: FastifyRequest, userId: number, activityId: number): Promise<MediaActivity> {
  const activity = await ctx.repos.media.activity(activityId);
  if (!activity) throw errors.notFound();
  const principal = await requirePrincipal(ctx, req);
  if (isAdministrator(principal)) return activity;
  if (await ctx.repos.media.facilitatesProgramme(userId, activity.programme_id)) return activity;
  const published = activity.published === 1 && activity.stage_published === 1;
  if (published && (await ctx.repos.media.isEnrolledInProgramme(userId, activity.programme_id))) return activity;
  throw errors.notFound();
}
