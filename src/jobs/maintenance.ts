// Built-in recurring maintenance: expired sessions, stale sign-in throttle counters and old finished jobs. Scheduled once per hour by
// the worker loops of every instance; the hourly unique key makes them agree on a single job.
import type { AppContext } from '../services/context.js';
import type { JobQueue } from './queue.js';

export const MAINTENANCE_CLEANUP = 'maintenance.cleanup';
/** Finished jobs (succeeded, failed, cancelled) are kept this long for their creators to look at. */
export const FINISHED_JOB_RETENTION_DAYS = 30;

export interface CleanupResult {
  sessionsDeleted: number;
  throttlesDeleted: number;
  jobsDeleted: number;
}

export async function cleanup(ctx: Pick<AppContext, 'repos' | 'clock'>): Promise<CleanupResult> {
  const now = ctx.clock();
  const sessionsDeleted = await ctx.repos.sessions.deleteExpired(now.toISOString());
  const throttlesDeleted = await ctx.repos.throttles.deleteStale(new Date(now.getTime() - 24 * 3600 * 1000).toISOString(), now.toISOString());
  const cutoff = new Date(now.getTime() - FINISHED_JOB_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
  const jobsDeleted = await ctx.repos.jobs.deleteFinishedBefore(cutoff);
  return { sessionsDeleted, throttlesDeleted, jobsDeleted };
}

export function registerMaintenance(queue: JobQueue, ctx: Pick<AppContext, 'repos' | 'clock'>): void {
  queue.register(MAINTENANCE_CLEANUP, () => cleanup(ctx));
  queue.scheduleHourly(MAINTENANCE_CLEANUP, {});
}
