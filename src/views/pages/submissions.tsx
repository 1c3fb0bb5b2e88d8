// Jurnal pages: the reviewers' list and detail (accept / return with a comment), and the page a
// participant sees when an upload posted without JavaScript was refused.
import { Csrf, FieldErrors, Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import { formatDateTime } from '../../domain/time.js';
import { Pager, SelectField, TextField, type FieldMessages } from './admin/common.js';
import { megabytes, statusLabel, UploadForm, VersionHistory, type SubmissionStatus } from '../../activities/upload/index.js';

export interface ReviewRow {
  id: number;
  participant: string;
  nip: string | null;
  unit: string | null;
  cohort: string;
  activity: string;
  version: number;
  status: SubmissionStatus;
  submittedAt: string;
}

export function ReviewListPage(props: {
  v: ViewContext;
  rows: ReviewRow[];
  filters: { status: string; cohort: string; unit: string };
  cohorts: { id: number; title: string }[];
  nextCursor: number | null;
  paged: boolean;
}) {
  const { v } = props;
  const { t } = v;
  const statuses: { value: string; label: string }[] = [
    { value: 'submitted', label: t('upload.status.submitted') },
    { value: 'returned', label: t('upload.status.returned') },
    { value: 'accepted', label: t('upload.status.accepted') },
    { value: 'all', label: t('review.filter.any') },
  ];
  return (
    <Layout v={v} title={t('review.title')}>
      <h1>{t('review.title')}</h1>
      <form method="get" action="/review/submissions" class="filters">
        <SelectField id="f-status" name="status" label={t('review.filter.status')} options={statuses} value={props.filters.status} />
        <SelectField id="f-cohort" name="cohort" label={t('review.filter.cohort')} options={[{ value: '', label: t('review.filter.any') }, ...props.cohorts.map((c) => ({ value: String(c.id), label: c.title }))]} value={props.filters.cohort} />
        <TextField id="f-unit" name="unit" label={t('review.filter.unit')} value={props.filters.unit} maxlength={64} />
        <button type="submit">{t('review.filter.apply')}</button>
      </form>
      {props.rows.length === 0 ? (
        <p class="empty">{t('review.empty')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('review.col.participant')}</th>
              <th scope="col">{t('review.col.nip')}</th>
              <th scope="col">{t('review.col.unit')}</th>
              <th scope="col">{t('review.col.cohort')}</th>
              <th scope="col">{t('review.col.activity')}</th>
              <th scope="col">{t('review.col.version')}</th>
              <th scope="col">{t('review.col.submittedAt')}</th>
              <th scope="col">{t('review.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td><a href={`/review/submissions/${r.id}`}>{r.participant}</a></td>
                <td>{r.nip ?? ''}</td>
                <td>{r.unit ?? ''}</td>
                <td>{r.cohort}</td>
                <td>{r.activity}</td>
                <td>{r.version}</td>
                <td>{formatDateTime(r.submittedAt, v.zone, v.locale)}</td>
                <td>{statusLabel(v, r.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager v={v} base="/review/submissions" params={props.filters} nextCursor={props.nextCursor} paged={props.paged} />
    </Layout>
  );
}

export interface ReviewDetail {
  id: number;
  participant: string;
  nip: string | null;
  unit: string | null;
  cohort: string;
  activity: string;
  version: number;
  status: SubmissionStatus;
  comment: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  reviewer: string | null;
  fileName: string;
  fileSize: number;
  latest: boolean;
  versions: { id: number; version: number; status: SubmissionStatus; comment: string | null; submittedAt: string; reviewedAt: string | null; fileName: string; fileSize: number }[];
}

export function ReviewDetailPage(props: { v: ViewContext; s: ReviewDetail; notice?: string | null; error?: string | null; errors?: FieldMessages; comment?: string }) {
  const { v, s } = props;
  const { t } = v;
  const pending = s.status === 'submitted' && s.latest;
  const fileUrl = `/api/v1/submissions/${s.id}/file`;
  return (
    <Layout v={v} title={t('review.detail.title', { name: s.participant })} notice={props.notice} error={props.error}>
      <p><a href="/review/submissions">{t('review.back')}</a></p>
      <h1>{t('review.detail.title', { name: s.participant })}</h1>
      <dl class="details">
        <dt>{t('review.col.nip')}</dt><dd>{s.nip ?? ''}</dd>
        <dt>{t('review.col.unit')}</dt><dd>{s.unit ?? ''}</dd>
        <dt>{t('review.col.cohort')}</dt><dd>{s.cohort}</dd>
        <dt>{t('review.col.activity')}</dt><dd>{s.activity}</dd>
        <dt>{t('review.col.version')}</dt><dd>{s.version}</dd>
        <dt>{t('review.col.submittedAt')}</dt><dd>{formatDateTime(s.submittedAt, v.zone, v.locale)}</dd>
        <dt>{t('review.col.status')}</dt><dd data-status={s.status}>{statusLabel(v, s.status)}</dd>
        {s.comment ? (<><dt>{t('upload.col.comment')}</dt><dd>{s.comment}</dd></>) : null}
      </dl>
      {s.reviewedAt && s.reviewer ? <p>{t('review.reviewedBy', { name: s.reviewer, at: formatDateTime(s.reviewedAt, v.zone, v.locale) })}</p> : null}
      <p>
        <a href={fileUrl} type="application/pdf" target="_blank" rel="noopener" class="button">{t('review.openPdf')}</a> {s.fileName} ({t('upload.size', { mb: megabytes(s.fileSize) })})
      </p>
      {!s.latest ? <p class="notice">{t('review.superseded')}</p> : null}
      {pending ? (
        <div class="review-forms">
          <form method="post" action={`/review/submissions/${s.id}/review`}>
            <Csrf v={v} />
            <input type="hidden" name="decision" value="accept" />
            <button type="submit">{t('review.accept')}</button>
          </form>
          <form method="post" action={`/review/submissions/${s.id}/review`}>
            <Csrf v={v} />
            <input type="hidden" name="decision" value="return" />
            <div>
              <label for="review-comment">{t('review.comment')}</label>
              <textarea id="review-comment" name="comment" rows={5} maxlength={2000} required aria-describedby="review-comment-hint review-comment-errors">{props.comment ?? ''}</textarea>
              <p class="hint" id="review-comment-hint">{t('review.comment.hint')}</p>
              <FieldErrors id="review-comment-errors" messages={props.errors?.comment} />
            </div>
            <button type="submit">{t('review.return')}</button>
          </form>
        </div>
      ) : null}
      <VersionHistory v={v} versions={s.versions} />
    </Layout>
  );
}

/** An upload posted without JavaScript was refused: the reason, the form again, and the way back. */
export function UploadFailedPage(props: { v: ViewContext; status: number; message: string; enrolmentId: number; activityId: number; maxBytes: number | null }) {
  const { v } = props;
  const back = `/learn/${props.enrolmentId}/activities/${props.activityId}`;
  return (
    <Layout v={v} title={v.t('upload.failed.title')}>
      <h1>{v.t('upload.failed.title')}</h1>
      <p class="alert" role="alert">{props.message}</p>
      {props.maxBytes !== null ? <UploadForm v={v} enrolmentId={props.enrolmentId} activityId={props.activityId} maxBytes={props.maxBytes} again={false} /> : null}
      <p><a href={back}>{v.t('upload.failed.back')}</a></p>
    </Layout>
  );
}
