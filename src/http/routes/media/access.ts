// Who may fetch an activity's media (everyone else gets 404 — the file does not exist for them):
//  - participants actively enrolled in a cohort of the activity's programme: published activities;
//  - administrators and facilitators whose programme scope holds the programme (see `programmeScope`:
//    organised in their agency or with their participants; facilitators: their cohorts' programmes):
//    published activities;
//  - authors of the programme (platform admins; agency admins of the organising agency): every activity.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import type { MediaActivity } from '../../../db/repositories/media.js';
import { authorsProgramme } from '../../../services/authoring.js';
import { inProgrammeScope } from '../../../services/programme-scope.js';
import { errors } from '../../errors.js';
import { requirePrincipal } from '../../request.js';

export async function mediaActivityFor(ctx: AppContext, req: FastifyRequest, userId: number, activityId: number): Promise<MediaActivity> {
  const activity = await ctx.repos.media.activity(activityId);
  if (!activity) throw errors.notFound();
  const principal = await requirePrincipal(ctx, req);
  if (authorsProgramme(principal, activity.organiser_path)) return activity;
  const published = activity.published === 1 && activity.stage_published === 1;
  if (!published) throw errors.notFound();
  if (await ctx.repos.media.isEnrolledInProgramme(userId, activity.programme_id)) return activity;
  if (await inProgrammeScope(ctx, principal, activity.programme_id)) return activity;
  throw errors.notFound();
}
