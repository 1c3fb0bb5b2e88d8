// Quiz attempts of participants who never came back are finalised at their deadline by this job
// (`quiz.finalise-expired`): every minute, each run finalises what is due (idempotent: an attempt
// already finished by a read, a late answer or a submit is left alone) and schedules the next run a
// minute later. The hourly schedule (like maintenance.ts) restarts the chain should it ever break;
// the per-minute unique key makes every instance agree on one run per minute.
import type { AppContext } from '../services/context.js';
import { finaliseExpiredAttempts } from '../services/quiz-attempts.js';
import type { JobQueue, JobQueueContext } from './queue.js';

export const QUIZ_FINALISE_EXPIRED = 'quiz.finalise-expired';
/** Attempts finalised per batch; a run goes on while batches come back full (bounded per run). */
export const FINALISE_BATCH = 200;
const MAX_BATCHES_PER_RUN = 50;

const minuteKey = (d: Date) => `${QUIZ_FINALISE_EXPIRED}:${d.toISOString().slice(0, 16)}`;

export async function runFinaliseExpired(ctx: AppContext, queue: JobQueue | null, signal?: AbortSignal): Promise<{ finalised: number }> {
  let finalised = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN && !signal?.aborted; i++) {
    const n = await finaliseExpiredAttempts(ctx, { limit: FINALISE_BATCH });
    finalised += n;
    if (n < FINALISE_BATCH) break;
  }
  if (queue) {
    const next = new Date(Math.floor(ctx.clock().getTime() / 60_000) * 60_000 + 60_000);
    await queue.enqueue(QUIZ_FINALISE_EXPIRED, {}, { runAt: next, uniqueKey: minuteKey(next), maxAttempts: 3 });
  }
  return { finalised };
}

export function registerQuiz(queue: JobQueue, ctx: JobQueueContext): void {
  // The queue is created with the full application context (createContext); its services need it.
  queue.register(QUIZ_FINALISE_EXPIRED, (job) => runFinaliseExpired(ctx as AppContext, queue, job.signal));
  queue.scheduleHourly(QUIZ_FINALISE_EXPIRED, {});
}
