import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { isPlatformAdmin, type Principal } from '../../../domain/authorization.js';
import type { JobInfo } from '../../../jobs/queue.js';
import { errors } from '../../errors.js';
import { requirePrincipal } from '../../request.js';

/** A job is visible to the user who created it and to platform admins. */
export const canSeeJob = (p: Principal, job: Pick<JobInfo, 'createdBy'>): boolean => job.createdBy === p.userId || isPlatformAdmin(p);

/** The job when the caller may see it; otherwise (or when it does not exist) 404 not_found. */
export async function visibleJob(ctx: AppContext, req: FastifyRequest, id: number): Promise<JobInfo> {
  const principal = await requirePrincipal(ctx, req);
  const job = await ctx.jobs.get(id);
  if (!job || !canSeeJob(principal, job)) throw errors.notFound();
  return job;
}
