// The Jurnal (activity kind "upload"): participants submit a PDF as a new version; facilitators and
// operators review it within their scope (accept = the activity is complete; return = with a comment,
// the participant submits again). Progress is recorded through the learning progress mechanism with
// deterministic event ids, so nothing is counted twice.
import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Activity } from '../db/schema.js';
import type { SubmissionDetail, SubmissionStatus } from '../db/repositories/submissions.js';
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import type { LockReason } from '../domain/progression.js';
import { uploadConfig, uploadKind, megabytes, type UploadConfig, type UploadEventType, type UploadViewExtra } from '../activities/upload/index.js';
import type { ProgressData } from '../activities/types.js';
import { AppError, errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { programmeIdsInScope } from './programme-scope.js';
import { findFile, pathOf, storeFile } from './files.js';
import { enrolmentSummaryAfter, findActivity, loadEnrolmentView, lockedError, ownEnrolment } from './learning.js';
import { certificateInputChanged } from './certificate-eligibility.js';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Scope: who reviews what.

export type ReviewScope = 'all' | { unitPaths: string[]; cohortIds: number[] };

/** Platform admins review everything; agency admins and unit operators their unit subtrees; facilitators their cohorts. */
export function reviewScope(p: Principal): ReviewScope {
  if (isPlatformAdmin(p)) return 'all';
  const unitPaths = p.roles.filter((r) => (r.role === 'agency_admin' || r.role === 'unit_operator') && r.unitPath).map((r) => r.unitPath!);
  const cohortIds = p.roles.filter((r) => r.role === 'facilitator' && r.cohortId !== null).map((r) => r.cohortId!);
  return { unitPaths, cohortIds };
}

export function isReviewer(p: Principal): boolean {
  const s = reviewScope(p);
  return s === 'all' || s.unitPaths.length > 0 || s.cohortIds.length > 0;
}

export function inReviewScope(p: Principal, row: Pick<SubmissionDetail, 'unit_path' | 'cohort_id'>): boolean {
  const s = reviewScope(p);
  if (s === 'all') return true;
  if (s.cohortIds.includes(row.cohort_id)) return true;
  return !!row.unit_path && s.unitPaths.some((root) => row.unit_path!.startsWith(root));
}

/** Review collections are closed to anyone who reviews nothing (403: no single object is revealed). */
export function assertReviewer(p: Principal): void {
  if (!isReviewer(p)) throw errors.forbidden();
}

// ---------------------------------------------------------------------------------------------
// Progress.

async function recordUploadEvent(ctx: AppContext, enrolmentId: number, activity: Activity, config: UploadConfig, e: { eventId: string; type: UploadEventType; submissionId: number; version: number }) {
  const now = ctx.clock().toISOString();
  const event = { eventId: e.eventId, type: e.type, submissionId: e.submissionId, version: e.version };
  const enrolment = await ctx.repos.learning.enrolment(enrolmentId);
  const view = enrolment ? await loadEnrolmentView(ctx, enrolment) : null;
  await ctx.repos.learning.recordEvent({ enrolmentId, activityId: activity.id, eventId: e.eventId, type: e.type, payload: JSON.stringify(event), now }, (previous) => {
    const prevData = previous ? parseJson<ProgressData>(previous.data, {}) : {};
    const result = uploadKind.applyEvent(prevData, event, config);
    const completed = previous?.state === 'completed' || result.completed;
    return {
      state: completed ? 'completed' : 'in_progress',
      percent: completed ? 100 : Math.max(previous?.percent ?? 0, Math.min(100, result.percent)),
      data: JSON.stringify(result.data),
      completedAt: previous?.completed_at ?? (completed ? now : null),
    };
  }, view ? (rows) => enrolmentSummaryAfter(view, rows, now) : undefined);
}

function configOf(activity: Activity): UploadConfig {
  const parsed = uploadConfig.safeParse(parseJson(activity.config, {}));
  if (!parsed.success) throw errors.conflict('activity_misconfigured');
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Participant.

export interface UploadedPart {
  /** The file's bytes as they arrive. */
  file: AsyncIterable<Buffer> & { truncated?: boolean };
  filename: string;
}

const notPdf = (mb: string) => new AppError(415, 'unsupported_media_type', 'upload.error.notPdf', { params: { mb } });
const tooLarge = (mb: string) => new AppError(413, 'payload_too_large', 'upload.error.tooLarge', { params: { mb } });
export const missingFile = () => errors.validation({ file: [{ key: 'upload.error.missing' }] }, 'upload.error.missing');

/** Passes the bytes on once they start with %PDF- (else 415: nothing is kept). */
async function* pdfOnly(source: AsyncIterable<Buffer>, mb: string): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < PDF_MAGIC.length) continue;
    if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw notPdf(mb);
    checked = true;
    yield head;
  }
  if (!checked) throw head.length === 0 ? missingFile() : notPdf(mb);
}

function safeName(name: string): string {
  const base = name.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 150);
  return base || 'jurnal.pdf';
}

/** The participant's upload activity (404 when it is not theirs or not an upload), its outline entry and config. */
async function participantActivity(ctx: AppContext, userId: number, enrolmentId: number, activityId: number) {
  const enrolment = await ownEnrolment(ctx, userId, enrolmentId);
  const view = await loadEnrolmentView(ctx, enrolment);
  const found = findActivity(view, activityId);
  if (found.activity.row.kind !== uploadKind.kind) throw errors.notFound();
  return { enrolment, view, activity: found.activity.row, outline: found.outline, config: configOf(found.activity.row) };
}

export interface SubmitResult {
  submission: SubmissionDetail;
  duplicate: boolean;
}

/**
 * Stores an uploaded Jurnal as a new version. Refused: a locked activity (409 activity_locked), an
 * accepted Jurnal (409 submission_final), anything but a PDF (415), more than the activity's limit
 * (413). The same bytes posted again while the latest version is still 'submitted' return that version.
 */
export async function submitJurnal(
  ctx: AppContext,
  actor: Actor & { userId: number },
  input: { enrolmentId: number; activityId: number; part: UploadedPart | undefined; describeLock: (r: LockReason) => string },
): Promise<SubmitResult> {
  const { enrolment, activity, outline, config } = await participantActivity(ctx, actor.userId, input.enrolmentId, input.activityId);
  if (enrolment.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  if (outline.state === 'locked') throw lockedError(outline.reason!, input.describeLock(outline.reason!));
  const versions = await ctx.repos.submissions.versionsOf(enrolment.id, activity.id);
  if (versions[0]?.status === 'accepted') throw errors.conflict('submission_final', 'upload.error.final');
  if (!input.part) throw missingFile();

  const mb = megabytes(config.maxBytes);
  let stored;
  try {
    stored = await storeFile(ctx, Readable.from(pdfOnly(input.part.file, mb)), { originalName: safeName(input.part.filename), mime: 'application/pdf', createdBy: actor.userId, maxBytes: config.maxBytes });
  } catch (err) {
    if (err instanceof AppError && err.status === 413) throw tooLarge(mb);
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw tooLarge(mb);
    // A broken or aborted multipart body.
    throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
  }
  const discard = async () => {
    await ctx.repos.submissions.deleteUnreferencedFile(stored.id);
    rmSync(pathOf(ctx, stored), { force: true });
  };
  if (input.part.file.truncated) {
    await discard();
    throw tooLarge(mb);
  }

  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await ctx.repos.submissions.insertVersion({ enrolmentId: enrolment.id, activityId: activity.id, fileId: stored.id, sha256: stored.sha256, now: ctx.clock().toISOString() });
    if (res.outcome === 'race') continue;
    if (res.outcome !== 'created') await discard();
    if (res.outcome === 'final') throw errors.conflict('submission_final', 'upload.error.final');
    const submission = (await ctx.repos.submissions.findDetail(res.submission.id))!;
    if (res.outcome === 'created') {
      await recordUploadEvent(ctx, enrolment.id, activity, config, { eventId: `submission-submitted-${submission.id}`, type: 'submitted', submissionId: submission.id, version: submission.version });
      await audit(ctx, actor, 'submission.submitted', { type: 'submission', id: submission.id }, { enrolmentId: enrolment.id, activityId: activity.id, version: submission.version, size: stored.size, sha256: stored.sha256 });
    }
    return { submission, duplicate: res.outcome === 'duplicate' };
  }
  await discard();
  throw errors.conflict();
}

/** The participant's versions of one upload activity, newest first. */
export async function mySubmissions(ctx: AppContext, userId: number, enrolmentId: number, activityId: number): Promise<SubmissionDetail[]> {
  const { enrolment, activity } = await participantActivity(ctx, userId, enrolmentId, activityId);
  return ctx.repos.submissions.versionsOf(enrolment.id, activity.id);
}

const NOTICES = new Set(['submitted', 'duplicate']);

/** What the participant's view of an upload activity needs (the kind's loadViewExtra). */
export async function uploadViewExtra(ctx: AppContext, input: { userId: number; enrolmentId: number; activityId: number; query: Record<string, unknown> }): Promise<UploadViewExtra> {
  const { enrolment, activity, outline } = await participantActivity(ctx, input.userId, input.enrolmentId, input.activityId);
  const versions = await ctx.repos.submissions.versionsOf(enrolment.id, activity.id);
  const notice = typeof input.query.notice === 'string' && NOTICES.has(input.query.notice) ? (input.query.notice as 'submitted' | 'duplicate') : null;
  return {
    versions: versions.map((s) => ({ id: s.id, version: s.version, status: s.status, comment: s.comment, submittedAt: s.submitted_at, reviewedAt: s.reviewed_at, fileName: s.file_name, fileSize: s.file_size })),
    lockReason: outline.state === 'locked' ? outline.reason : null,
    notice,
  };
}

// ---------------------------------------------------------------------------------------------
// Review.

export interface ReviewListFilter {
  status?: SubmissionStatus;
  cohort?: number;
  unit?: string;
  cursor?: number;
  limit: number;
}

/** The latest version of each Jurnal in the reviewer's scope, newest first. */
export async function listForReview(ctx: AppContext, principal: Principal, f: ReviewListFilter): Promise<{ items: SubmissionDetail[]; nextCursor: number | null }> {
  assertReviewer(principal);
  const scope = reviewScope(principal);
  let withinPaths: string[] | undefined;
  if (f.unit) {
    // A unit code outside the caller's subtrees (or unknown) is not found, like on every other list;
    // facilitators review their cohorts whatever the participants' units.
    const units = await ctx.repos.units.findAllByCode(f.unit);
    const visible = scope === 'all' || scope.cohortIds.length > 0 ? units : units.filter((u) => scope.unitPaths.some((root) => u.path.startsWith(root)));
    if (visible.length === 0) throw errors.notFound();
    withinPaths = visible.map((u) => u.path);
  }
  // A cohort filter only among the cohorts offered (404 otherwise).
  if (f.cohort !== undefined && !(await reviewCohorts(ctx, principal)).some((c) => c.id === f.cohort)) throw errors.notFound();
  const rows = await ctx.repos.submissions.listLatest({ scope, status: f.status, cohortId: f.cohort, withinPaths, beforeId: f.cursor, limit: f.limit + 1 });
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.id : null };
}

/** One submission in the reviewer's scope with every version of the same Jurnal (404 outside the scope). */
export async function getForReview(ctx: AppContext, principal: Principal, id: number): Promise<{ submission: SubmissionDetail; versions: SubmissionDetail[] }> {
  const submission = await ctx.repos.submissions.findDetail(id);
  if (!submission || !inReviewScope(principal, submission)) throw errors.notFound();
  const versions = await ctx.repos.submissions.versionsOf(submission.enrolment_id, submission.activity_id);
  return { submission, versions };
}

/** Cohorts a reviewer may filter by: its own (facilitators) and those of the programmes in its programme scope (administrators). */
export async function reviewCohorts(ctx: AppContext, principal: Principal): Promise<{ id: number; title: string }[]> {
  const s = reviewScope(principal);
  if (s === 'all') return ctx.repos.submissions.cohorts();
  const programmeIds = s.unitPaths.length > 0 ? await programmeIdsInScope(ctx, principal, { facilitation: false }) : [];
  return ctx.repos.submissions.cohorts({ ids: s.cohortIds, programmeIds: programmeIds === 'all' ? [] : programmeIds });
}

export type ReviewDecision = 'accept' | 'return';

/** Accepts (final: the activity completes) or returns with a comment the latest, still submitted version. Audited. */
export async function reviewSubmission(
  ctx: AppContext,
  actor: Actor & { userId: number; principal: Principal },
  id: number,
  input: { decision: ReviewDecision; comment?: string | null },
): Promise<SubmissionDetail> {
  const { submission } = await getForReview(ctx, actor.principal, id);
  const comment = input.comment?.trim() || null; // the input is read only once the submission is in scope
  if (input.decision === 'return' && !comment) throw errors.validation({ comment: [{ key: 'error.field.required' }] });
  if (submission.status !== 'submitted' || !submission.latest) throw errors.conflict('submission_not_pending', 'review.error.notPending');
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  const ok = await ctx.repos.submissions.review({ id, status, comment, reviewerId: actor.userId, now: ctx.clock().toISOString() });
  if (!ok) throw errors.conflict('submission_not_pending', 'review.error.notPending');
  const activity = await ctx.repos.learning.activity(submission.activity_id);
  if (activity) {
    const config = uploadConfig.safeParse(parseJson(activity.config, {}));
    if (config.success) {
      await recordUploadEvent(ctx, submission.enrolment_id, activity, config.data, { eventId: `submission-${status}-${id}`, type: status, submissionId: id, version: submission.version });
    }
  }
  await audit(ctx, actor, `submission.${status}`, { type: 'submission', id }, { enrolmentId: submission.enrolment_id, activityId: submission.activity_id, version: submission.version, participantId: submission.user_id, comment });
  // An accepted Jurnal may complete the certificate requirements (never throws).
  if (status === 'accepted') await certificateInputChanged(ctx, submission.enrolment_id);
  return (await ctx.repos.submissions.findDetail(id))!;
}

/** The PDF of a submission, for its owner or a reviewer in scope (404 otherwise). */
export async function submissionFile(ctx: AppContext, userId: number, principal: () => Promise<Principal>, id: number) {
  const submission = await ctx.repos.submissions.findDetail(id);
  if (!submission) throw errors.notFound();
  if (submission.user_id !== userId && !inReviewScope(await principal(), submission)) throw errors.notFound();
  const file = await findFile(ctx, submission.file_id);
  if (!file) throw errors.notFound();
  return { submission, file };
}

