// Jurnal pages: the no-JavaScript upload form post, and the reviewers' list and detail pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as submissions from '../../../services/submissions.js';
import type { SubmissionDetail } from '../../../db/repositories/submissions.js';
import { uploadConfig } from '../../../activities/upload/index.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import type { MessageKey } from '../../../i18n/index.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { actorOf, principalActor, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { ReviewDetailPage, ReviewListPage, UploadFailedPage, type ReviewDetail } from '../../../views/pages/submissions.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { lockDescriber, readFilePart } from './upload-request.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;
const NOTICES: Record<string, MessageKey> = { accepted: 'review.done.accepted', returned: 'review.done.returned' };
const nipText = (nip: string | null) => (nip ? formatEmployeeNumber(nip) : null);

function param(req: FastifyRequest, name: string): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}

/** Sends anonymous visitors to sign in; returns false when it did. */
async function signedIn(req: FastifyRequest, reply: FastifyReply, next = req.url): Promise<boolean> {
  if (req.auth) return true;
  await seeOther(reply, `/login?next=${encodeURIComponent(next.slice(0, 400))}`);
  return false;
}

function toDetail(s: SubmissionDetail, versions: SubmissionDetail[]): ReviewDetail {
  return {
    id: s.id,
    participant: s.user_name,
    nip: nipText(s.user_nip),
    unit: s.unit_name,
    cohort: s.cohort_title,
    activity: s.activity_title,
    version: s.version,
    status: s.status,
    comment: s.comment,
    submittedAt: s.submitted_at,
    reviewedAt: s.reviewed_at,
    reviewer: s.reviewer_name,
    fileName: s.file_name,
    fileSize: s.file_size,
    latest: s.latest,
    versions: versions.map((x) => ({ id: x.id, version: x.version, status: x.status, comment: x.comment, submittedAt: x.submitted_at, reviewedAt: x.reviewed_at, fileName: x.file_name, fileSize: x.file_size })),
  };
}

export async function submissionsPageRoutes(app: FastifyInstance, ctx: AppContext) {
  // The upload form of the Jurnal (multipart, CSRF token in the query): back to the activity with a notice,
  // or a page with the reason and the form again.
  app.post('/learn/:enrolmentId/activities/:activityId/submissions', hidden, async (req, reply) => {
    const enrolmentId = param(req, 'enrolmentId');
    const activityId = param(req, 'activityId');
    const back = `/learn/${enrolmentId}/activities/${activityId}`;
    if (!(await signedIn(req, reply, back))) return reply;
    const userId = req.auth!.userId;
    try {
      const part = await readFilePart(req);
      const describeLock = await lockDescriber(ctx, req, enrolmentId);
      const res = await submissions.submitJurnal(ctx, { ...actorOf(req), userId }, { enrolmentId, activityId, part, describeLock });
      return seeOther(reply, `${back}?notice=${res.duplicate ? 'duplicate' : 'submitted'}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status === 401) throw err;
      const activity = await ctx.repos.learning.activity(activityId);
      const config = activity ? uploadConfig.safeParse(JSON.parse(activity.config)) : null;
      const retry = err.status === 413 || err.status === 415 || err.status === 400;
      const v = await viewContext(ctx, req);
      return html(reply, renderPage(UploadFailedPage({ v, status: err.status, message: req.t(err.messageKey, err.options.params), enrolmentId, activityId, maxBytes: retry && config?.success ? config.data.maxBytes : null })), err.status);
    }
  });

  app.get('/review/submissions', hidden, async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const principal = await requirePrincipal(ctx, req);
    submissions.assertReviewer(principal);
    const statusText = queryString(req, 'status', 16) || 'submitted';
    const status = statusText === 'accepted' || statusText === 'returned' || statusText === 'submitted' ? statusText : undefined;
    const cohortText = queryString(req, 'cohort', 20);
    const cohort = positiveInt(cohortText) ?? undefined;
    const unit = queryString(req, 'unit', 64).trim();
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = cursorText ? (positiveInt(cursorText) ?? undefined) : undefined;
    const [res, cohorts, v] = await Promise.all([
      submissions.listForReview(ctx, principal, { status, cohort, unit: unit || undefined, cursor, limit: PAGE_SIZE }),
      submissions.reviewCohorts(ctx, principal),
      viewContext(ctx, req),
    ]);
    const rows = res.items.map((s) => ({
      id: s.id,
      participant: s.user_name,
      nip: nipText(s.user_nip),
      unit: s.unit_name,
      cohort: s.cohort_title,
      activity: s.activity_title,
      version: s.version,
      status: s.status,
      submittedAt: s.submitted_at,
    }));
    return html(reply, renderPage(ReviewListPage({ v, rows, cohorts, filters: { status: status ?? 'all', cohort: cohort ? String(cohort) : '', unit }, nextCursor: res.nextCursor, paged: cursor !== undefined })));
  });

  app.get('/review/submissions/:id', hidden, async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const principal = await requirePrincipal(ctx, req);
    const { submission, versions } = await submissions.getForReview(ctx, principal, param(req, 'id'));
    const notice = NOTICES[queryString(req, 'notice', 16)];
    const v = await viewContext(ctx, req);
    return html(reply, renderPage(ReviewDetailPage({ v, s: toDetail(submission, versions), notice: notice ? req.t(notice) : null })));
  });

  app.post('/review/submissions/:id/review', hidden, async (req, reply) => {
    if (!(await signedIn(req, reply, `/review/submissions/${positiveInt((req.params as Record<string, unknown>).id) ?? ''}`))) return reply;
    const id = param(req, 'id');
    const actor = await principalActor(ctx, req);
    const decision = formString(req, 'decision', 16);
    const comment = formString(req, 'comment', 2000);
    try {
      if (decision !== 'accept' && decision !== 'return') throw errors.validation({ decision: [{ key: 'error.field.invalid' }] });
      const res = await submissions.reviewSubmission(ctx, actor, id, { decision, comment });
      return seeOther(reply, `/review/submissions/${id}?notice=${res.status}`);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      const { submission, versions } = await submissions.getForReview(ctx, actor.principal, id);
      const v = await viewContext(ctx, req);
      return html(reply, renderPage(ReviewDetailPage({ v, s: toDetail(submission, versions), error: req.t(err.messageKey, err.options.params), errors: fieldMessages(req, err), comment })), err.status);
    }
  });
}
