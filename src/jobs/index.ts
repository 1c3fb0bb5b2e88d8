// The application's job queue: the mechanism (queue.ts) plus the built-in job types.
import { JobQueue, type JobQueueContext, type JobQueueOptions } from './queue.js';
import { registerMaintenance } from './maintenance.js';
import { registerQuiz } from './quiz.js';
import { registerProvisioning } from './provisioning.js';
import { registerCertificates } from './certificates.js';

export { JobQueue, LeaseLostError, ShutdownError, type JobHandler, type JobInfo, type JobRun, type EnqueueOptions, type RunOutcome } from './queue.js';
export { MAINTENANCE_CLEANUP } from './maintenance.js';
export { QUIZ_FINALISE_EXPIRED } from './quiz.js';

/** A queue for this context with the built-in handlers registered; workers are not started. */
export function createJobQueue(ctx: JobQueueContext, opts: JobQueueOptions = {}): JobQueue {
  const queue = new JobQueue(ctx, opts);
  registerMaintenance(queue, ctx);
  registerQuiz(queue, ctx);
  registerProvisioning(queue, ctx);
  registerCertificates(queue, ctx);
  return queue;
}
