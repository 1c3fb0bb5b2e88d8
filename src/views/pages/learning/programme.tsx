// The programme page (/learn/{enrolmentId}): stages in order with their state and lock reason,
// each activity with its kind, required/optional, state, percent and a link when open.
import { Layout } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import type { ItemState } from '../../../domain/progression.js';
import { ClockFacts, NextStep, ProgressBar, StateBadge, kindLabel, type EnrolmentSummary } from './common.js';

export interface ProgrammeStageView {
  id: number;
  title: string;
  state: ItemState;
  reason: string | null;
  behind: boolean;
  targetDay: number | null;
  activities: { id: number; title: string; kind: string; required: boolean; state: ItemState; reason: string | null; percent: number }[];
}

export function ProgrammePage(props: { v: ViewContext; e: EnrolmentSummary; stages: ProgrammeStageView[] }) {
  const { v, e, stages } = props;
  const { t } = v;
  return (
    <Layout v={v} title={e.programme}>
      <nav aria-label={t('learn.breadcrumb')}>
        <ol class="breadcrumb">
          <li><a href="/">{t('nav.home')}</a></li>
          <li><a href={`/learn/${e.id}`} aria-current="page">{e.programme}</a></li>
        </ol>
      </nav>
      <h1>{e.programme}</h1>
      <p class="muted">{t('home.cohort')}: {e.cohort}</p>
      <div class="card enrolment">
        <ProgressBar v={v} id="programme-progress" percent={e.progress} />
        <ClockFacts v={v} e={e} />
        <NextStep v={v} e={e} />
      </div>
      <h2>{t('learn.stages')}</h2>
      <ol class="stages">
        {stages.map((s) => (
          <li class={`stage state-${s.state}`} aria-labelledby={`stage-${s.id}`}>
            <h3 id={`stage-${s.id}`}>{s.title}</h3>
            <p class="stage-meta">
              <StateBadge v={v} state={s.state} />
              {s.targetDay !== null && s.state !== 'completed' ? <span class="muted"> · {t('learn.stageTarget', { day: s.targetDay })}</span> : null}
            </p>
            {s.reason ? <p class="reason i-lock">{s.reason}</p> : null}
            {s.behind && s.targetDay !== null ? <p class="warn"><span aria-hidden="true">⚠ </span>{t('learn.behind', { stage: s.title, day: s.targetDay })}</p> : null}
            <ul class="activities">
              {s.activities.map((a) => (
                <li class={`activity state-${a.state}`}>
                  {a.state === 'locked' ? (
                    <span class="title">{a.title}</span>
                  ) : (
                    <a class="title" href={`/learn/${e.id}/activities/${a.id}`}>{a.title}</a>
                  )}
                  <span class="meta">
                    {kindLabel(v, a.kind)} · {t(a.required ? 'learn.required' : 'learn.optional')} · <StateBadge v={v} state={a.state} />
                    {a.state === 'in_progress' ? <> · {t('learn.percent', { percent: a.percent })}</> : null}
                  </span>
                  {a.reason && !s.reason ? <span class="reason i-lock">{a.reason}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
