// Bulk provisioning's apply (`participants.import`): one transaction for all writes (a failed run
// leaves nothing behind and is retried), progress per batch of rows for the job page's bar.
import type { AppContext } from '../services/context.js';
import { PARTICIPANTS_IMPORT, runImportJob, type ImportJobPayload } from '../services/provisioning.js';
import type { JobQueue, JobQueueContext } from './queue.js';

export { PARTICIPANTS_IMPORT };

export function registerProvisioning(queue: JobQueue, ctx: JobQueueContext): void {
  queue.register<ImportJobPayload>(PARTICIPANTS_IMPORT, async (job) => {
    const info = await queue.get(job.id);
    return runImportJob(ctx as AppContext, job.payload, info?.createdBy ?? null, (current, total, message) => job.progress(current, total, message));
  });
}
