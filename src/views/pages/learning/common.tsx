// Pieces shared by the participant's learning screens (home cards, programme page, activity page).
import type { ViewContext } from '../../context.js';
import type { ItemState } from '../../../domain/progression.js';
import { isMessageKey } from '../../../i18n/index.js';

/** What a summary of one enrolment needs (prepared by the route from the EnrolmentView). */
export interface EnrolmentSummary {
  id: number;
  programme: string;
  cohort: string;
  jp: number;
  status: 'not_started' | 'in_progress' | 'completed' | 'withdrawn';
  progress: number;
  /** Today on the personal clock, and the window length (both null when unknown). */
  day: number | null;
  totalDays: number | null;
  daysLeft: number | null;
  /** The last day of the window, already formatted ("9 Desember 2025"). */
  windowEndsOn: string | null;
  /** Stages whose target day has passed while incomplete. */
  behind: { stage: string; day: number }[];
  next: { id: number; title: string } | null;
}

// The lock is drawn by CSS (.i-lock): emoji fonts are missing on many older phones.
const ICONS: Record<ItemState, string> = { locked: '', available: '○', in_progress: '◐', completed: '✓' };

/** A state as icon + text (never by colour alone). */
export function StateBadge(props: { v: ViewContext; state: ItemState }) {
  return (
    <span class={`badge state-${props.state}${props.state === 'locked' ? ' i-lock' : ''}`}>
      {ICONS[props.state] ? <span aria-hidden="true">{ICONS[props.state]} </span> : null}
      {props.v.t(`learn.status.${props.state}`)}
    </span>
  );
}

export function kindLabel(v: ViewContext, kind: string): string {
  const key = `learn.kind.${kind}`;
  return isMessageKey(key) ? v.t(key) : kind;
}

/** An accessible progress bar with the value as text ("40 %"). */
export function ProgressBar(props: { v: ViewContext; id: string; percent: number }) {
  const { v, percent } = props;
  return (
    <div class="progress-line">
      <span id={`${props.id}-label`}>{v.t('learn.progress')}</span>
      <progress id={props.id} max={100} value={percent} aria-labelledby={`${props.id}-label`}>{v.t('learn.percent', { percent })}</progress>
      <strong>{v.t('learn.percent', { percent })}</strong>
    </div>
  );
}

/** Day on the personal clock, time left, "behind" warnings. */
export function ClockFacts(props: { v: ViewContext; e: EnrolmentSummary }) {
  const { v, e } = props;
  const { t } = v;
  const ended = e.daysLeft === 0 && e.windowEndsOn;
  return (
    <>
      <ul class="clock">
        {e.day !== null && !ended ? <li>{e.totalDays ? t('learn.day', { day: e.day, total: e.totalDays }) : t('learn.dayOpen', { day: e.day })}</li> : null}
        {ended ? (
          <li>{t('learn.windowEnded', { date: e.windowEndsOn! })}</li>
        ) : e.daysLeft !== null && e.windowEndsOn ? (
          <li>{e.daysLeft === 1 ? t('learn.lastDay', { date: e.windowEndsOn }) : t('learn.daysLeft', { days: e.daysLeft, date: e.windowEndsOn })}</li>
        ) : null}
      </ul>
      {e.status !== 'completed' && e.status !== 'withdrawn'
        ? e.behind.map((b) => (
            <p class="warn">
              <span aria-hidden="true">⚠ </span>
              {t('learn.behind', { stage: b.stage, day: b.day })}
            </p>
          ))
        : null}
    </>
  );
}

/** The one prominent next step: Mulai / Lanjutkan, or the completed state. */
export function NextStep(props: { v: ViewContext; e: EnrolmentSummary; showProgrammeLink?: boolean }) {
  const { v, e } = props;
  const { t } = v;
  return (
    <div class="next-step">
      {e.status === 'withdrawn' ? (
        <p class="muted">{t('error.enrolment_withdrawn')}</p>
      ) : e.status === 'completed' ? (
        <p class="done"><span aria-hidden="true">✓ </span>{t('learn.done')}</p>
      ) : e.next ? (
        <>
          <a class="button cta" href={`/learn/${e.id}/activities/${e.next.id}`}>
            {t(e.status === 'not_started' ? 'learn.start' : 'learn.continue')}
            <span class="sr">: {e.next.title}</span>
          </a>
          <p class="hint" aria-hidden="true">{t('learn.nextUp', { title: e.next.title })}</p>
        </>
      ) : (
        <p class="muted">{t('learn.nothingOpen')}</p>
      )}
      {props.showProgrammeLink ? <p><a href={`/learn/${e.id}`}>{t('learn.viewProgramme')}</a></p> : null}
    </div>
  );
}

/** One enrolment as a card (home page). */
export function EnrolmentCard(props: { v: ViewContext; e: EnrolmentSummary }) {
  const { v, e } = props;
  return (
    <section class="card enrolment" aria-labelledby={`enr-${e.id}`}>
      <h3 id={`enr-${e.id}`}><a href={`/learn/${e.id}`}>{e.programme}</a></h3>
      <p class="muted">{v.t('home.cohort')}: {e.cohort} · {e.jp} JP</p>
      <ProgressBar v={v} id={`enr-${e.id}-progress`} percent={e.progress} />
      <ClockFacts v={v} e={e} />
      <NextStep v={v} e={e} showProgrammeLink />
    </section>
  );
}
