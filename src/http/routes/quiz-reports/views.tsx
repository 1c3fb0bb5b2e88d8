// Evaluation report pages: the programme's quizzes with counts per cohort, the results of one quiz,
// its item analysis, and the pre/post gain per unit. Plain GET forms for the filters (no JavaScript).
import type { Child } from 'hono/jsx';
import { Layout } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import { formatDateTime } from '../../../domain/time.js';
import type { MessageKey } from '../../../i18n/index.js';
import type { QuizPurpose } from '../../../domain/quiz.js';
import { DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW, type EvaluationOverview, type GainReport, type ItemAnalysisReport, type ItemFlag, type QuizInfo, type QuizResults, type ResultSort, type StatusFilter, type UnitOption } from '../../../services/quiz-reports.js';
import { ExportLinks, FilterForm, SortHeader, fmtNumber, link, nipText, type Params } from '../../../views/components/report-table.js';
import { Pager } from '../../../views/pages/admin/common.js';

export { nipText };

export const fmtPercent = (v: number | null, locale: string): string => fmtNumber(v, locale, { maximumFractionDigits: 2 });
export const fmtIndex = (v: number | null, locale: string): string => fmtNumber(v, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const purposeKey = (p: QuizPurpose): MessageKey => `report.purpose.${p}` as MessageKey;
export const flagKey = (f: ItemFlag): MessageKey => `report.flag.${f}` as MessageKey;
export const statusKey = (s: string): MessageKey => `report.status.${s}` as MessageKey;
export const typeKey = (t: string): MessageKey => (['single', 'multiple', 'true_false', 'short'].includes(t) ? (`report.type.${t}` as MessageKey) : 'report.type.unknown');

function QuizFacts(props: { v: ViewContext; quiz: QuizInfo }) {
  const { t } = props.v;
  const q = props.quiz;
  return (
    <dl class="facts">
      <dt>{t('report.quiz.purpose')}</dt><dd>{t(purposeKey(q.purpose))}</dd>
      <dt>{t('report.quiz.grading')}</dt><dd>{t(q.grading === 'last' ? 'report.grading.last' : 'report.grading.highest')}</dd>
      <dt>{t('report.quiz.passMark')}</dt><dd>{fmtPercent(q.passMark, props.v.locale)} %</dd>
    </dl>
  );
}

/** The cohort and unit selects (and whatever else the page adds), as a GET form. */
function Filters(props: { v: ViewContext; action: string; cohorts: { id: number; title: string }[]; units: UnitOption[]; cohortId: string; unitId: string; children?: Child; keep?: Params }) {
  const { t } = props.v;
  return (
    <FilterForm action={props.action} keep={props.keep} submitLabel={t('report.filter.apply')}>
      <div>
        <label for="f-cohort">{t('report.filter.cohort')}</label>
        <select id="f-cohort" name="cohortId">
          <option value="">{t('report.filter.allCohorts')}</option>
          {props.cohorts.map((c) => <option value={String(c.id)} selected={String(c.id) === props.cohortId}>{c.title}</option>)}
        </select>
      </div>
      <div>
        <label for="f-unit">{t('report.filter.unit')}</label>
        <select id="f-unit" name="unitId" aria-describedby="f-unit-hint">
          <option value="">{t('report.filter.allUnits')}</option>
          {props.units.map((u) => <option value={String(u.id)} selected={String(u.id) === props.unitId}>{`${'\u00a0\u00a0'.repeat(u.level)}${u.name}`}</option>)}
        </select>
        <p class="hint" id="f-unit-hint">{t('report.filter.unitHint')}</p>
      </div>
      {props.children}
    </FilterForm>
  );
}

export interface FilterChoices {
  cohorts: { id: number; title: string }[];
  units: UnitOption[];
}

// ---------------------------------------------------------------------------------------------

export function EvaluationPage(props: { v: ViewContext; data: EvaluationOverview; choices: FilterChoices; filters: { cohortId: string; unitId: string } }) {
  const { v, data } = props;
  const { t } = v;
  const p = data.programme;
  const title = t('report.evaluation.title', { programme: p.title });
  const keep = { cohortId: props.filters.cohortId, unitId: props.filters.unitId };
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <Filters v={v} action={`/admin/programmes/${p.id}/evaluation`} cohorts={props.choices.cohorts} units={props.choices.units} cohortId={props.filters.cohortId} unitId={props.filters.unitId} />
      <p><a href={link(`/admin/programmes/${p.id}/gain`, keep)}>{t('report.gain.link')}</a></p>
      {data.quizzes.length === 0 ? <p class="empty">{t('report.evaluation.none')}</p> : null}
      {data.quizzes.map((q) => (
        <section aria-labelledby={`quiz-${q.id}`} data-quiz-id={q.id}>
          <h2 id={`quiz-${q.id}`}>{q.title} <span class="muted">· {q.stage}</span></h2>
          <QuizFacts v={v} quiz={q} />
          <p>
            <a href={link(`/admin/activities/${q.id}/results`, keep)}>{t('report.results.link')}</a> · <a href={link(`/admin/activities/${q.id}/item-analysis`, keep)}>{t('report.items.link')}</a>
          </p>
          {q.cohorts.length === 0 ? (
            <p class="muted">{t('report.evaluation.noParticipants')}</p>
          ) : (
            <div class="table-wrap">
              <table class="list">
                <thead>
                  <tr>
                    <th scope="col">{t('report.col.cohort')}</th>
                    <th scope="col">{t('report.summary.participants')}</th>
                    <th scope="col">{t('report.summary.attempted')}</th>
                    <th scope="col">{t('report.summary.passed')}</th>
                    <th scope="col">{t('report.summary.mean')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.cohorts.map((c) => (
                    <tr data-cohort-id={c.cohortId}>
                      <td><a href={link(`/admin/activities/${q.id}/results`, { ...keep, cohortId: String(c.cohortId) })}>{c.cohortTitle}</a></td>
                      <td>{c.participants}</td>
                      <td>{c.attempted}</td>
                      <td>{c.passed}</td>
                      <td>{fmtPercent(c.meanPercent, v.locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface ResultsFilters {
  cohortId: string;
  unitId: string;
  status: StatusFilter | '';
  sort: ResultSort;
  dir: 'asc' | 'desc';
}

export function ResultsPage(props: { v: ViewContext; data: QuizResults; choices: FilterChoices; filters: ResultsFilters; paged: boolean }) {
  const { v, data, filters } = props;
  const { t } = v;
  const q = data.quiz;
  const base = `/admin/activities/${q.id}/results`;
  const params: Params = { cohortId: filters.cohortId, unitId: filters.unitId, status: filters.status, sort: filters.sort, dir: filters.dir };
  const s = data.summary;
  const title = t('report.results.title', { quiz: q.title });
  const sortLink = (col: ResultSort, label: string) => <SortHeader base={base} params={params} col={col} label={label} sort={filters.sort} dir={filters.dir} />;
  const statuses: StatusFilter[] = ['passed', 'failed', 'not_attempted', 'attempted'];
  return (
    <Layout v={v} title={title}>
      <p><a href={link(`/admin/programmes/${data.programme.id}/evaluation`, { cohortId: filters.cohortId, unitId: filters.unitId })}>{t('report.back', { programme: data.programme.title })}</a></p>
      <h1>{title}</h1>
      <QuizFacts v={v} quiz={q} />
      <Filters v={v} action={base} cohorts={props.choices.cohorts} units={props.choices.units} cohortId={filters.cohortId} unitId={filters.unitId} keep={{ sort: filters.sort, dir: filters.dir }}>
        <div>
          <label for="f-status">{t('report.filter.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('report.filter.anyStatus')}</option>
            {statuses.map((st) => <option value={st} selected={filters.status === st}>{t(statusKey(st))}</option>)}
          </select>
        </div>
      </Filters>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('report.summary.title')}</h2>
        <dl class="facts summary">
          <dt>{t('report.summary.participants')}</dt><dd data-summary="participants">{s.participants}</dd>
          <dt>{t('report.summary.attempted')}</dt><dd data-summary="attempted">{s.attempted}</dd>
          <dt>{t('report.summary.passed')}</dt><dd data-summary="passed">{s.passed}</dd>
          <dt>{t('report.summary.failed')}</dt><dd data-summary="failed">{s.failed}</dd>
          <dt>{t('report.summary.notAttempted')}</dt><dd data-summary="notAttempted">{s.notAttempted}</dd>
          <dt>{t('report.summary.mean')}</dt><dd data-summary="mean">{fmtPercent(s.meanPercent, v.locale)}</dd>
          <dt>{t('report.summary.median')}</dt><dd data-summary="median">{fmtPercent(s.medianPercent, v.locale)}</dd>
        </dl>
      </section>
      <ExportLinks label={t('report.export')} base={base} params={params} />
      {data.items.length === 0 ? (
        <p class="empty">{t('report.results.none')}</p>
      ) : (
        <div class="table-wrap">
          <p class="muted">{t('report.results.count', { n: s.matching })}</p>
          <table class="list results">
            <thead>
              <tr>
                {sortLink('name', t('report.col.participant'))}
                {sortLink('nip', t('report.col.nip'))}
                {sortLink('unit', t('report.col.unit'))}
                {sortLink('cohort', t('report.col.cohort'))}
                {sortLink('attempts', t('report.col.attempts'))}
                {sortLink('grade', t('report.col.grade'))}
                {sortLink('passed', t('report.col.result'))}
                {sortLink('last', t('report.col.lastAttempt'))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr data-enrolment-id={r.enrolmentId}>
                  <td>{r.name}</td>
                  <td>{nipText(r.nip)}</td>
                  <td>{r.unit ?? ''}</td>
                  <td>{r.cohortTitle}</td>
                  <td>{r.attempts}{r.inProgress ? <span class="muted"> ({t('report.inProgress')})</span> : null}</td>
                  <td data-grade>{fmtPercent(r.gradePercent, v.locale)}</td>
                  <td><span class={`badge ${r.status === 'passed' ? 'quiz-pass' : r.status === 'failed' ? 'quiz-fail' : ''}`}>{t(statusKey(r.status))}</span>{r.passedByRemedial ? <span class="muted"> ({t('report.byRemedial')})</span> : null}</td>
                  <td>{r.lastAttemptAt ? formatDateTime(r.lastAttemptAt, v.zone, v.locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base={base} params={params} nextCursor={data.nextCursor} paged={props.paged} />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export function ItemAnalysisPage(props: { v: ViewContext; data: ItemAnalysisReport; choices: FilterChoices; filters: { cohortId: string; unitId: string } }) {
  const { v, data, filters } = props;
  const { t } = v;
  const q = data.quiz;
  const base = `/admin/activities/${q.id}/item-analysis`;
  const title = t('report.items.title', { quiz: q.title });
  const params = { cohortId: filters.cohortId, unitId: filters.unitId };
  return (
    <Layout v={v} title={title}>
      <p><a href={link(`/admin/programmes/${data.programme.id}/evaluation`, params)}>{t('report.back', { programme: data.programme.title })}</a></p>
      <h1>{title}</h1>
      <Filters v={v} action={base} cohorts={props.choices.cohorts} units={props.choices.units} cohortId={filters.cohortId} unitId={filters.unitId} />
      <p class="hint">{t('report.items.explain', { low: fmtIndex(FACILITY_LOW, v.locale), high: fmtIndex(FACILITY_HIGH, v.locale), disc: fmtIndex(DISCRIMINATION_LOW, v.locale) })}</p>
      <p data-attempts={data.attempts}>{t('report.items.attempts', { n: data.attempts })}</p>
      <ExportLinks label={t('report.export')} base={base} params={params} />
      {data.items.length === 0 ? (
        <p class="empty">{t('report.items.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="list items">
            <thead>
              <tr>
                <th scope="col">{t('report.col.code')}</th>
                <th scope="col">{t('report.col.question')}</th>
                <th scope="col">{t('report.col.category')}</th>
                <th scope="col">{t('report.col.type')}</th>
                <th scope="col">{t('report.col.n')}</th>
                <th scope="col">{t('report.col.facility')}</th>
                <th scope="col">{t('report.col.discrimination')}</th>
                <th scope="col">{t('report.col.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr data-question-id={i.questionId} class={i.flags.length ? 'flagged' : undefined}>
                  <td>{i.code}</td>
                  <td>{i.excerpt}</td>
                  <td>{i.category}</td>
                  <td>{t(typeKey(i.type))}</td>
                  <td>{i.n}</td>
                  <td data-facility>{fmtIndex(i.facility, v.locale)}</td>
                  <td data-discrimination>{fmtIndex(i.discrimination, v.locale)}</td>
                  <td>{i.flags.length ? <span class="warn">{i.flags.map((f) => t(flagKey(f))).join('; ')}</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export function GainPage(props: { v: ViewContext; data: GainReport; choices: FilterChoices; filters: { cohortId: string; unitId: string } }) {
  const { v, data, filters } = props;
  const { t } = v;
  const p = data.programme;
  const base = `/admin/programmes/${p.id}/gain`;
  const title = t('report.gain.title', { programme: p.title });
  const params = { cohortId: filters.cohortId, unitId: filters.unitId };
  const L = v.locale;
  return (
    <Layout v={v} title={title}>
      <p><a href={link(`/admin/programmes/${p.id}/evaluation`, params)}>{t('report.back', { programme: p.title })}</a></p>
      <h1>{title}</h1>
      <Filters v={v} action={base} cohorts={props.choices.cohorts} units={props.choices.units} cohortId={filters.cohortId} unitId={filters.unitId} />
      {!data.pre || !data.post ? (
        <p class="empty">{t('report.gain.missing')}</p>
      ) : (
        <>
          <p class="hint">{t(data.post.purpose === 'final' ? 'report.gain.explainFinal' : 'report.gain.explain', { pre: data.pre.title, post: data.post.title })}</p>
          <p class="hint">{data.anchor ? t('report.gain.grouping', { unit: data.anchor.name }) : t('report.gain.groupingNone')}</p>
          <ExportLinks label={t('report.export')} base={base} params={params} />
          {data.groups.length === 0 ? (
            <p class="empty">{t('report.gain.none')}</p>
          ) : (
            <div class="table-wrap">
              <table class="list gain">
                <thead>
                  <tr>
                    <th scope="col">{t('report.col.unit')}</th>
                    <th scope="col">{t('report.col.pairs')}</th>
                    <th scope="col">{t('report.col.pre')}</th>
                    <th scope="col">{t('report.col.post')}</th>
                    <th scope="col">{t('report.col.gain')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((g) => (
                    <tr data-unit-id={g.unitId ?? ''}>
                      <td>
                        {g.unitId === null ? t('report.gain.noUnit') : g.drillable && !g.direct ? <a href={link(base, { cohortId: filters.cohortId, unitId: String(g.unitId) })}>{g.unitName}</a> : g.unitName}
                        {g.direct && data.groups.length > 1 ? <span class="muted"> ({t('report.gain.direct')})</span> : null}
                      </td>
                      <td>{g.n}</td>
                      <td>{fmtPercent(g.pre, L)}</td>
                      <td>{fmtPercent(g.post, L)}</td>
                      <td data-gain>{fmtPercent(g.gain, L)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-total>
                    <th scope="row">{t('report.gain.total')}</th>
                    <td>{data.total.n}</td>
                    <td>{fmtPercent(data.total.pre, L)}</td>
                    <td>{fmtPercent(data.total.post, L)}</td>
                    <td>{fmtPercent(data.total.gain, L)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </Layout>
  );
}
