// Monitoring pages: the dashboard (counts per unit, a table and an SVG chart drawn on the server),
// the participant list, who is behind, and one participant's progress. Plain GET forms and links:
// everything works without JavaScript.
import { Layout } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import type { MessageKey } from '../../../i18n/index.js';
import { formatDateTime } from '../../../domain/time.js';
import { MONITORING_STATUSES, STATUS_COLOURS, stackedBarChart, type MonitoringStatus } from '../../../domain/monitoring.js';
import type { BehindList, CohortRef, Dashboard, ParticipantList, ParticipantProgress, ParticipantSort, UnitRow, UnitSort } from '../../../services/monitoring.js';
import { describeReason } from '../../../views/reasons.js';
import { ExportLinks, FilterForm, SortHeader, fmtNumber, link, nipText, type Params } from '../../../views/components/report-table.js';
import { Pager } from '../../../views/pages/admin/common.js';

export const statusKey = (s: MonitoringStatus): MessageKey => `monitor.status.${s}` as MessageKey;
export const fmtRate = (v: number | null, locale: string) => fmtNumber(v, locale, { maximumFractionDigits: 1 });

export interface FilterState {
  cohortId: string;
  unit: string;
  status: MonitoringStatus | '';
  gelombang: string;
  angkatan: string;
}

export const filterParams = (f: FilterState): Params => ({ cohortId: f.cohortId, unit: f.unit, status: f.status, gelombang: f.gelombang, angkatan: f.angkatan });

export function unitLabel(v: ViewContext, row: Pick<UnitRow, 'name' | 'direct' | 'unitId'>): string {
  if (row.unitId === null) return v.t('monitor.noUnit');
  return row.direct ? v.t('monitor.direct', { name: row.name ?? '' }) : (row.name ?? '');
}

function cohortLabel(v: ViewContext, c: CohortRef): string {
  return v.t('monitor.cohortOption', { title: c.title, programme: c.programmeTitle, gelombang: c.gelombang ?? '–', angkatan: c.angkatan ?? '–' });
}

function Filters(props: { v: ViewContext; action: string; cohorts: CohortRef[]; f: FilterState; withStatus?: boolean; keep?: Params }) {
  const { v, f } = props;
  const { t } = v;
  return (
    <FilterForm action={props.action} keep={props.keep} submitLabel={t('monitor.filter.apply')}>
      <div>
        <label for="m-gelombang">{t('monitor.filter.gelombang')}</label>
        <input id="m-gelombang" name="gelombang" type="number" min="1" inputmode="numeric" value={f.gelombang} />
      </div>
      <div>
        <label for="m-angkatan">{t('monitor.filter.angkatan')}</label>
        <input id="m-angkatan" name="angkatan" type="number" min="1" inputmode="numeric" value={f.angkatan} />
      </div>
      <div>
        <label for="m-cohort">{t('monitor.filter.cohort')}</label>
        <select id="m-cohort" name="cohortId">
          {props.cohorts.map((c) => <option value={String(c.id)} selected={String(c.id) === f.cohortId}>{cohortLabel(v, c)}</option>)}
        </select>
      </div>
      <div>
        <label for="m-unit">{t('monitor.filter.unit')}</label>
        <input id="m-unit" name="unit" type="text" maxlength={64} value={f.unit} aria-describedby="m-unit-hint" />
        <p class="hint" id="m-unit-hint">{t('monitor.filter.unitHint')}</p>
      </div>
      {props.withStatus === false ? null : (
        <div>
          <label for="m-status">{t('monitor.filter.status')}</label>
          <select id="m-status" name="status">
            <option value="">{t('monitor.filter.anyStatus')}</option>
            {MONITORING_STATUSES.map((s) => <option value={s} selected={f.status === s}>{t(statusKey(s))}</option>)}
          </select>
        </div>
      )}
    </FilterForm>
  );
}

// ---------------------------------------------------------------------------------------------
// The chart.

export function StatusChart(props: { v: ViewContext; rows: UnitRow[] }) {
  const { v } = props;
  const { t } = v;
  const g = stackedBarChart(props.rows.map((r, i) => ({ key: String(i), label: unitLabel(v, r), counts: r.counts })));
  const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
  return (
    <svg class="monitor-chart" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">
      <title id="chart-title">{t('monitor.chart.title')}</title>
      <desc id="chart-desc">{t('monitor.chart.desc')}</desc>
      {g.ticks.map((tick) => (
        <g>
          <line x1={tick.x} x2={tick.x} y1={g.top - 6} y2={g.top + g.bars.length * (g.barHeight + 8)} stroke="#d0d0d0" stroke-width="1" />
          <text x={tick.x} y={g.top - 10} text-anchor="middle" fill="#4a4a4a">{`${tick.percent} %`}</text>
        </g>
      ))}
      {g.bars.map((bar) => (
        <g data-bar={bar.key}>
          <title>{t('monitor.chart.bar', { unit: bar.label, participants: bar.total })}</title>
          <text x={g.plotX - 6} y={bar.y + g.barHeight - 5} text-anchor="end" fill="#1a1a1a">{short(bar.label)}</text>
          {bar.segments.map((s) => (
            <rect x={s.x} y={bar.y} width={s.width} height={g.barHeight} fill={STATUS_COLOURS[s.status]} data-status={s.status} data-count={s.count}>
              <title>{t('monitor.chart.segment', { status: t(statusKey(s.status)), count: s.count })}</title>
            </rect>
          ))}
          <text x={g.plotX + g.plotWidth + 6} y={bar.y + g.barHeight - 5} fill="#1a1a1a">{String(bar.total)}</text>
        </g>
      ))}
      {g.legend.map((l) => (
        <g>
          <rect x={l.x} y={l.y} width="12" height="12" fill={STATUS_COLOURS[l.status]} />
          <text x={l.x + 16} y={l.y + 10} fill="#1a1a1a">{t(statusKey(l.status))}</text>
        </g>
      ))}
    </svg>
  );
}

// ---------------------------------------------------------------------------------------------
// The dashboard.

export function DashboardPage(props: { v: ViewContext; cohorts: CohortRef[]; f: FilterState; data: Dashboard | null; sort: UnitSort; dir: 'asc' | 'desc' }) {
  const { v, f, data } = props;
  const { t } = v;
  const base = '/admin/monitoring';
  const params = filterParams(f);
  const title = t('monitor.title');
  if (!data) {
    return (
      <Layout v={v} title={title}>
        <h1>{title}</h1>
        <Filters v={v} action={base} cohorts={props.cohorts} f={f} />
        <p class="empty">{t('monitor.noCohort')}</p>
      </Layout>
    );
  }
  const anchorText = data.anchors && data.anchors.length ? data.anchors.map((a) => a.name).join(', ') : t('monitor.allUnits');
  const sortLink = (col: UnitSort, label: string) => <SortHeader base={base} params={params} col={col} label={label} sort={props.sort} dir={props.dir} firstDir={col === 'name' ? 'asc' : 'desc'} />;
  const rowUnit = (r: UnitRow) => (r.code && r.unitId !== null ? r.code : undefined);
  return (
    <Layout v={v} title={title}>
      <h1>{title}</h1>
      <Filters v={v} action={base} cohorts={props.cohorts} f={f} keep={{ sort: props.sort, dir: props.dir }} />
      <dl class="facts">
        <dt>{t('monitor.participant.programme')}</dt><dd>{data.cohort.programmeTitle}</dd>
        <dt>{t('monitor.filter.cohort')}</dt><dd>{data.cohort.title}</dd>
        <dt>{t('monitor.col.unit')}</dt><dd>{data.units ? data.units.map((u) => `${u.code} ${u.name}`).join(', ') : anchorText}</dd>
      </dl>
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t('monitor.total')}</h2>
        <dl class="facts summary">
          <dt>{t('monitor.col.participants')}</dt><dd data-total="participants">{data.total.participants}</dd>
          {MONITORING_STATUSES.map((s) => (
            <>
              <dt>{t(statusKey(s))}</dt>
              <dd data-total={s}>{data.total.counts[s]}</dd>
            </>
          ))}
          <dt>{t('monitor.col.rate')}</dt><dd data-total="rate">{fmtRate(data.total.rate, v.locale)}</dd>
        </dl>
        <p>
          <a href={link(`${base}/participants`, params)}>{t('monitor.links.participants')}</a> · <a href={link(`${base}/behind`, { ...params, status: undefined })}>{t('monitor.links.behind')}</a> ({data.total.counts.behind})
        </p>
      </section>
      <section aria-labelledby="units-title">
        <h2 id="units-title">{t('monitor.table.title')}</h2>
        <ExportLinks label={t('monitor.export')} base={base} params={{ ...params, sort: props.sort, dir: props.dir }} />
        {data.rows.length === 0 ? (
          <p class="empty">{t('monitor.table.none')}</p>
        ) : (
          <>
            <div class="table-wrap">
              <table class="list monitor-units">
                <caption>{t('monitor.table.caption', { unit: anchorText })}</caption>
                <thead>
                  <tr>
                    {sortLink('name', t('monitor.col.unit'))}
                    {sortLink('participants', t('monitor.col.participants'))}
                    {MONITORING_STATUSES.map((s) => sortLink(s, t(statusKey(s))))}
                    {sortLink('rate', t('monitor.col.rate'))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr data-unit={r.code ?? ''} data-direct={r.direct ? '1' : '0'}>
                      <th scope="row">{r.unitId !== null && !r.direct ? <a href={link(base, { ...params, unit: rowUnit(r) })}>{unitLabel(v, r)}</a> : unitLabel(v, r)}</th>
                      <td data-col="participants">{r.participants > 0 && rowUnit(r) ? <a href={link(`${base}/participants`, { ...params, unit: rowUnit(r) })}>{r.participants}</a> : r.participants}</td>
                      {MONITORING_STATUSES.map((s) => (
                        <td data-col={s}>{r.counts[s] > 0 && rowUnit(r) ? <a href={link(s === 'behind' ? `${base}/behind` : `${base}/participants`, { ...params, unit: rowUnit(r), status: s === 'behind' ? undefined : s })}>{r.counts[s]}</a> : r.counts[s]}</td>
                      ))}
                      <td data-col="rate">{fmtRate(r.rate, v.locale)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-total-row>
                    <th scope="row">{t('monitor.total')}</th>
                    <td>{data.total.participants}</td>
                    {MONITORING_STATUSES.map((s) => <td>{data.total.counts[s]}</td>)}
                    <td>{fmtRate(data.total.rate, v.locale)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <figure>
              <StatusChart v={v} rows={data.rows} />
            </figure>
          </>
        )}
      </section>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Participants.

export function ParticipantsPage(props: { v: ViewContext; cohorts: CohortRef[]; f: FilterState; data: ParticipantList; sort: ParticipantSort; dir: 'asc' | 'desc'; paged: boolean }) {
  const { v, f, data } = props;
  const { t } = v;
  const base = '/admin/monitoring/participants';
  const params = { ...filterParams(f), sort: props.sort, dir: props.dir };
  const title = t('monitor.participants.title', { cohort: data.cohort.title });
  const sortLink = (col: ParticipantSort, label: string) => <SortHeader base={base} params={params} col={col} label={label} sort={props.sort} dir={props.dir} />;
  return (
    <Layout v={v} title={title}>
      <p><a href={link('/admin/monitoring', filterParams(f))}>{t('monitor.links.dashboard')}</a></p>
      <h1>{title}</h1>
      <Filters v={v} action={base} cohorts={props.cohorts} f={f} keep={{ sort: props.sort, dir: props.dir }} />
      <p data-count={data.total}>{t('monitor.participants.count', { n: data.total })}</p>
      <ExportLinks label={t('monitor.export')} base={base} params={params} />
      {data.items.length === 0 ? (
        <p class="empty">{t('monitor.table.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="list monitor-participants">
            <thead>
              <tr>
                {sortLink('name', t('monitor.col.name'))}
                {sortLink('nip', t('monitor.col.nip'))}
                {sortLink('unit', t('monitor.col.unit'))}
                {sortLink('status', t('monitor.col.status'))}
                {sortLink('progress', t('monitor.col.progress'))}
                <th scope="col">{t('monitor.col.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr data-user-id={p.userId} data-status={p.status}>
                  <td><a href={`/admin/monitoring/enrolments/${p.enrolmentId}`}>{p.name}</a></td>
                  <td>{nipText(p.nip)}</td>
                  <td>{p.unit?.name ?? ''}</td>
                  <td><span class={`badge status-${p.status}`}>{t(statusKey(p.status))}</span></td>
                  <td>{p.progress}</td>
                  <td>{p.lastActivityAt ? formatDateTime(p.lastActivityAt, v.zone, v.locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base={base} params={params} param="offset" nextCursor={data.nextOffset} paged={props.paged} />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Who is behind.

export function BehindPage(props: { v: ViewContext; cohorts: CohortRef[]; f: FilterState; data: BehindList; paged: boolean }) {
  const { v, f, data } = props;
  const { t } = v;
  const base = '/admin/monitoring/behind';
  const params = { ...filterParams(f), status: undefined };
  const title = t('monitor.behind.title', { cohort: data.cohort.title });
  return (
    <Layout v={v} title={title}>
      <p><a href={link('/admin/monitoring', filterParams(f))}>{t('monitor.links.dashboard')}</a></p>
      <h1>{title}</h1>
      <Filters v={v} action={base} cohorts={props.cohorts} f={f} withStatus={false} />
      <p data-count={data.total}>{t('monitor.participants.count', { n: data.total })}</p>
      <ExportLinks label={t('monitor.export')} base={base} params={params} />
      {data.items.length === 0 ? (
        <p class="empty">{t('monitor.behind.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="list monitor-behind">
            <thead>
              <tr>
                <th scope="col">{t('monitor.col.name')}</th>
                <th scope="col">{t('monitor.col.nip')}</th>
                <th scope="col">{t('monitor.col.unit')}</th>
                <th scope="col">{t('monitor.col.stage')}</th>
                <th scope="col">{t('monitor.col.daysBehind')}</th>
                <th scope="col">{t('monitor.col.phone')}</th>
                <th scope="col">{t('monitor.col.email')}</th>
                <th scope="col">{t('monitor.col.whatsapp')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr data-user-id={p.userId}>
                  <td><a href={`/admin/monitoring/enrolments/${p.enrolmentId}`}>{p.name}</a></td>
                  <td>{nipText(p.nip)}</td>
                  <td>{p.unit?.name ?? ''}</td>
                  <td>{p.stage ?? '–'}</td>
                  <td data-days={String(p.daysBehind)}>{p.daysBehind}</td>
                  <td>{p.phone ? <a href={`tel:${p.phone.replace(/[^0-9+]/g, '')}`}>{p.phone}</a> : ''}</td>
                  <td>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : ''}</td>
                  <td>{p.whatsApp ? <a href={p.whatsApp} rel="noopener noreferrer" target="_blank" aria-label={t('monitor.behind.sendTo', { name: p.name })}>{t('monitor.behind.send')}</a> : <span class="muted">{t('monitor.behind.noPhone')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base={base} params={params} param="offset" nextCursor={data.nextOffset} paged={props.paged} />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// One participant.

export function ParticipantProgressPage(props: { v: ViewContext; data: ParticipantProgress }) {
  const { v, data } = props;
  const { t } = v;
  const { view, user } = data;
  const title = t('monitor.participant.title', { name: user.name });
  const back = link('/admin/monitoring', { cohortId: String(data.cohort.id), unit: user.unit?.code });
  return (
    <Layout v={v} title={title}>
      <p><a href={back}>{t('monitor.links.dashboard')}</a></p>
      <h1>{title}</h1>
      <p class="hint">{t('monitor.participant.readOnly')}</p>
      <dl class="facts">
        <dt>{t('monitor.col.nip')}</dt><dd>{nipText(user.nip)}</dd>
        <dt>{t('monitor.participant.unit')}</dt><dd>{user.unit ? `${user.unit.code} ${user.unit.name}` : ''}</dd>
        <dt>{t('monitor.participant.programme')}</dt><dd>{data.cohort.programmeTitle}</dd>
        <dt>{t('monitor.participant.cohort')}</dt><dd>{data.cohort.title}</dd>
        <dt>{t('monitor.col.status')}</dt><dd data-status={data.status}><span class={`badge status-${data.status}`}>{t(statusKey(data.status))}</span>{data.status === 'behind' ? ` (${data.daysBehind} ${t('monitor.col.daysBehind').toLowerCase()})` : ''}</dd>
        <dt>{t('monitor.col.progress')}</dt><dd data-progress>{view.outline.progress}</dd>
        <dt>{t('monitor.participant.day')}</dt><dd>{view.clock.today ?? t('monitor.participant.notStarted')}</dd>
        <dt>{t('monitor.participant.day1')}</dt><dd>{view.clock.day1 ?? '–'}</dd>
        <dt>{t('monitor.participant.windowEnds')}</dt><dd>{view.clock.windowEndsOn ?? '–'}</dd>
        <dt>{t('monitor.col.phone')}</dt><dd>{user.phone ?? ''}</dd>
        <dt>{t('monitor.col.email')}</dt><dd>{user.email ?? ''}</dd>
      </dl>
      {data.whatsApp ? <p><a href={data.whatsApp} rel="noopener noreferrer" target="_blank">{t('monitor.behind.sendTo', { name: user.name })}</a></p> : null}
      {view.outline.stages.map((s) => (
        <section class={`stage state-${s.state}`} data-stage-id={s.id} aria-labelledby={`stage-${s.id}`}>
          <h2 id={`stage-${s.id}`}>
            {s.title} <span class={`badge state-${s.state}`}>{t(`monitor.item.${s.state}` as MessageKey)}</span>
            {s.targetDay !== null ? <span class="muted"> · {t('monitor.participant.target', { day: s.targetDay })}</span> : null}
            {s.behind ? <span class="badge status-behind"> {t('monitor.participant.behindStage')}</span> : null}
          </h2>
          {s.reason ? <p class="muted">{describeReason(s.reason, t, v.locale, view.zone)}</p> : null}
          <ol class="activities">
            {s.activities.map((a) => (
              <li class={`state-${a.state}`} data-activity-id={a.id} data-state={a.state}>
                {a.title} <span class={`badge state-${a.state}`}>{t(`monitor.item.${a.state}` as MessageKey)}</span>
                {a.state === 'in_progress' ? <span class="muted"> {a.percent} %</span> : null}
                <span class="muted"> · {t(a.required ? 'monitor.participant.required' : 'monitor.participant.optional')}</span>
                {a.reason ? <span class="muted"> · {describeReason(a.reason, t, v.locale, view.zone)}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </Layout>
  );
}
