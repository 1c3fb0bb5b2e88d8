// A background job's progress: an accessible <progress> plus text. While the job is unfinished the
// page refreshes itself: with htmx, the #job-progress fragment is fetched every 2 s (and the fragment
// of a finished job carries no trigger, so polling stops); without JavaScript, a meta refresh inside
// <noscript> reloads the page every 2 s.
import { raw } from 'hono/html';
import { Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import { formatDateTime } from '../../domain/time.js';
import type { JobInfo } from '../../jobs/queue.js';
import { isFinished } from '../../jobs/queue.js';

export type JobView = Pick<JobInfo, 'id' | 'type' | 'status' | 'progress' | 'attempts' | 'maxAttempts' | 'runAt' | 'error' | 'createdAt' | 'startedAt' | 'finishedAt'>;

export const jobPagePath = (id: number) => `/jobs/${id}`;
export const jobFragmentPath = (id: number) => `/jobs/${id}/progress`;

const NO_SCRIPT_REFRESH = raw('<noscript><meta http-equiv="refresh" content="2"></noscript>');

function progressText(v: ViewContext, job: JobView): string {
  const { t } = v;
  const nf = new Intl.NumberFormat(v.locale === 'id' ? 'id-ID' : 'en-US');
  const p = job.progress;
  if (p.total !== null && p.percent !== null) return t('job.progress.of', { current: nf.format(p.current), total: nf.format(p.total), percent: p.percent });
  if (job.status === 'queued' && p.current === 0) return t('job.progress.waiting');
  return t('job.progress.count', { current: nf.format(p.current) });
}

/** The part that refreshes: status, bar, text, attempts, times. */
export function JobProgress(props: { v: ViewContext; job: JobView }) {
  const { v, job } = props;
  const { t } = v;
  const done = isFinished(job.status);
  const when = (iso: string) => formatDateTime(iso, v.zone, v.locale);
  const percent = job.status === 'succeeded' ? 100 : job.progress.percent;
  const poll = done ? {} : { 'hx-get': jobFragmentPath(job.id), 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' };
  return (
    <div id="job-progress" class="job-progress" data-status={job.status} aria-busy={done ? 'false' : 'true'} {...poll}>
      <p>
        {t('job.status')}: <strong class={`status status-${job.status}`}>{t(`job.status.${job.status}`)}</strong>
      </p>
      <label for="job-progress-bar">{t('job.progress')}</label>
      {percent === null ? (
        <progress id="job-progress-bar" aria-describedby="job-progress-text"></progress>
      ) : (
        <progress id="job-progress-bar" max={100} value={percent} aria-describedby="job-progress-text">{`${percent}%`}</progress>
      )}
      <p id="job-progress-text">{progressText(v, job)}</p>
      {job.progress.message ? <p class="muted">{job.progress.message}</p> : null}
      {job.error && job.status === 'failed' ? (
        <p class="alert" role="alert">{t('job.error')}: {job.error}</p>
      ) : job.error && job.status === 'queued' ? (
        <p class="muted">{t('job.error')}: {job.error} {t('job.retryAt', { time: when(job.runAt) })}</p>
      ) : null}
      <dl class="facts">
        <dt>{t('job.attempts')}</dt>
        <dd>{t('job.attemptsValue', { attempts: job.attempts, max: job.maxAttempts })}</dd>
        <dt>{t('field.createdAt')}</dt>
        <dd>{when(job.createdAt)}</dd>
        {job.startedAt ? (<><dt>{t('job.startedAt')}</dt><dd>{when(job.startedAt)}</dd></>) : null}
        {job.finishedAt ? (<><dt>{t('job.finishedAt')}</dt><dd>{when(job.finishedAt)}</dd></>) : null}
      </dl>
      {done ? null : (
        <p class="muted">
          {t('job.autoRefresh')} <a href={jobPagePath(job.id)}>{t('job.refresh')}</a>
        </p>
      )}
    </div>
  );
}

export function JobPage(props: { v: ViewContext; job: JobView }) {
  const { v, job } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('job.heading', { id: job.id })}>
      {isFinished(job.status) ? null : NO_SCRIPT_REFRESH}
      <h1>{t('job.heading', { id: job.id })}</h1>
      <p class="muted">
        {t('job.type')}: <code>{job.type}</code>
      </p>
      <div aria-live="polite">
        <JobProgress v={v} job={job} />
      </div>
    </Layout>
  );
}
