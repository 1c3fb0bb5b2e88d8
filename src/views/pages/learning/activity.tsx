// The activity page (/learn/{enrolmentId}/activities/{activityId}): the kind's own view between a
// breadcrumb and previous/next links; a locked activity shows why instead of its content.
import type { Child } from 'hono/jsx';
import { Csrf, Layout } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import type { ItemState } from '../../../domain/progression.js';
import { StateBadge, kindLabel } from './common.js';

export interface ActivityPageData {
  enrolmentId: number;
  programme: string;
  activity: { id: number; title: string; kind: string; required: boolean; state: ItemState; percent: number };
  /** The lock reason as a sentence when the activity is locked (the content is not shown then). */
  lockedReason: string | null;
  /** The kind's rendered view (null when locked). */
  content: Child | null;
  /** "Saya sudah selesai membaca": for a page read to the end, while not completed. */
  readToEnd: { eventId: string } | null;
  previous: { id: number; title: string } | null;
  next: { id: number; title: string; reason: string | null } | null;
}

export function ActivityPage(props: { v: ViewContext; data: ActivityPageData; notice?: string | null }) {
  const { v, data } = props;
  const { t } = v;
  const a = data.activity;
  const base = `/learn/${data.enrolmentId}`;
  const apiUrl = `/api/v1/enrolments/${data.enrolmentId}/activities/${a.id}/progress`;
  return (
    <Layout v={v} title={a.title} notice={props.notice}>
      <nav aria-label={t('learn.breadcrumb')}>
        <ol class="breadcrumb">
          <li><a href="/">{t('nav.home')}</a></li>
          <li><a href={base}>{data.programme}</a></li>
          <li><span aria-current="page">{a.title}</span></li>
        </ol>
      </nav>
      <h1>{a.title}</h1>
      <p class="activity-meta">
        {kindLabel(v, a.kind)} · {t(a.required ? 'learn.required' : 'learn.optional')} ·{' '}
        <span
          data-progress-for={String(a.id)}
          data-label-completed={`✓ ${t('learn.status.completed')}`}
          data-label-progress={`${t('learn.status.in_progress')} · {percent} %`}
        >
          <StateBadge v={v} state={a.state} />
          {a.state === 'in_progress' ? ` · ${t('learn.percent', { percent: a.percent })}` : ''}
        </span>
      </p>
      {data.lockedReason !== null ? (
        <section class="locked card" aria-labelledby="locked-title">
          <h2 id="locked-title" class="i-lock">{t('learn.locked.title')}</h2>
          <p class="reason">{data.lockedReason}</p>
          <p><a class="button secondary" href={base}>{t('learn.backToProgramme')}</a></p>
        </section>
      ) : (
        <>
          {data.content}
          {data.readToEnd ? (
            <>
              <div class="read-end" data-read-end={apiUrl} data-activity={String(a.id)} aria-hidden="true"></div>
              <form method="post" action={`${base}/activities/${a.id}/progress`} class="read-done" data-hide-when-complete={String(a.id)}>
                <Csrf v={v} />
                <input type="hidden" name="type" value="read_to_end" />
                <input type="hidden" name="eventId" value={data.readToEnd.eventId} />
                <button type="submit">{t('learn.readDone.button')}</button>
              </form>
            </>
          ) : null}
          <p class="notice" role="status" data-offline-notice hidden>{t('learn.savedOffline')}</p>
        </>
      )}
      <nav class="pager" aria-label={t('learn.pager')}>
        {data.previous ? (
          <a href={`${base}/activities/${data.previous.id}`} rel="prev"><span aria-hidden="true">← </span>{t('learn.previous')}: {data.previous.title}</a>
        ) : <span></span>}
        {data.next ? (
          data.next.reason === null ? (
            <a href={`${base}/activities/${data.next.id}`} rel="next">{t('learn.next')}: {data.next.title}<span aria-hidden="true"> →</span></a>
          ) : (
            <span class="next-locked">
              {t('learn.next')}: {data.next.title}
              <br />
              <span class="reason i-lock">{data.next.reason}</span>
            </span>
          )
        ) : (
          <a href={base}>{t('learn.backToProgramme')}</a>
        )}
      </nav>
      {data.lockedReason === null ? <script src={`/static/js/progress.js?v=${v.assetVersion}`} defer></script> : null}
    </Layout>
  );
}
