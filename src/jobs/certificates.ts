// Certificate jobs (issue 7): `certificates.issue` takes one enrolment through the pipeline
// (src/services/certificates/pipeline.ts; idempotent, resumes from the stored status) and
// `certificates.batch` runs it for a programme or cohort with progress for the job page.
import type { AppContext } from '../services/context.js';
import { CERTIFICATES_BATCH, CERTIFICATES_ISSUE, runBatch, runIssueJob, type BatchPayload } from '../services/certificates/pipeline.js';
import type { JobQueue, JobQueueContext } from './queue.js';

export { CERTIFICATES_BATCH, CERTIFICATES_ISSUE };

export function registerCertificates(queue: JobQueue, ctx: JobQueueContext): void {
  // The queue is created with the full application context (createContext); the services need it.
  queue.register<{ enrolmentId: number }>(CERTIFICATES_ISSUE, (job) => runIssueJob(ctx as AppContext, job.payload));
  queue.register<BatchPayload>(CERTIFICATES_BATCH, (job) => runBatch(ctx as AppContext, job.payload, (current, total) => job.progress(current, total), job.signal));
}
