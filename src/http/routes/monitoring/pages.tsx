// Monitoring pages and their streamed exports (XLSX, CSV). A malformed filter value is ignored; a
// well-formed one outside the caller's scope answers 404 (in the service).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as monitoring from '../../../services/monitoring.js';
import { isMonitoringStatus, MONITORING_STATUSES } from '../../../domain/monitoring.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import { errors } from '../../errors.js';
import { requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { fileSlug, mapRows, streamSheet, type Cell, type SheetColumn } from './export.js';
import { BehindPage, DashboardPage, ParticipantProgressPage, ParticipantsPage, statusKey, unitLabel, type FilterState } from './views.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;

async function viewer(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  return requirePrincipal(ctx, req);
}

function filtersOf(req: FastifyRequest): { filters: monitoring.MonitorFilters; state: FilterState } {
  const cohortId = positiveInt(queryString(req, 'cohortId', 20)) ?? undefined;
  const unit = queryString(req, 'unit', 64).trim() || undefined;
  const statusText = queryString(req, 'status', 20);
  const status = isMonitoringStatus(statusText) ? statusText : undefined;
  const gelombang = positiveInt(queryString(req, 'gelombang', 6)) ?? undefined;
  const angkatan = positiveInt(queryString(req, 'angkatan', 6)) ?? undefined;
  return {
    filters: { cohortId, unit, status, gelombang, angkatan },
    state: { cohortId: cohortId ? String(cohortId) : '', unit: unit ?? '', status: status ?? '', gelombang: gelombang ? String(gelombang) : '', angkatan: angkatan ? String(angkatan) : '' },
  };
}

const dirOf = (req: FastifyRequest, fallback: 'asc' | 'desc' = 'asc'): 'asc' | 'desc' => {
  const d = queryString(req, 'dir', 8);
  return d === 'asc' || d === 'desc' ? d : fallback;
};
const unitSortOf = (req: FastifyRequest): monitoring.UnitSort => {
  const s = queryString(req, 'sort', 20);
  return (monitoring.UNIT_SORTS as readonly string[]).includes(s) ? (s as monitoring.UnitSort) : 'name';
};
const participantSortOf = (req: FastifyRequest): monitoring.ParticipantSort => {
  const s = queryString(req, 'sort', 20);
  return (monitoring.PARTICIPANT_SORTS as readonly string[]).includes(s) ? (s as monitoring.ParticipantSort) : 'name';
};
const offsetOf = (req: FastifyRequest) => positiveInt(queryString(req, 'offset', 12)) ?? 0;

function exportFormat(req: FastifyRequest): 'xlsx' | 'csv' {
  const f = queryString(req, 'format', 8) || 'xlsx';
  if (f !== 'xlsx' && f !== 'csv') throw errors.validation({ format: [{ key: 'error.field.invalid' }] });
  return f;
}

const today = (ctx: AppContext) => ctx.clock().toISOString().slice(0, 10);

/** The cohort to show (the chosen one, else the newest visible) and the choices for the select. */
async function cohortOf(ctx: AppContext, req: FastifyRequest, f: { filters: monitoring.MonitorFilters; state: FilterState }, principal: Awaited<ReturnType<typeof requirePrincipal>>) {
  const chosen = await monitoring.chooseCohort(ctx, principal, f.filters);
  if (chosen.cohortId !== null && !f.state.cohortId) f.state.cohortId = String(chosen.cohortId);
  // A cohort chosen but filtered out of the select by gelombang / angkatan is still offered.
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Sheets.

const statusColumns = (v: ViewContext): SheetColumn[] => MONITORING_STATUSES.map((s) => ({ header: v.t(statusKey(s)), width: 16 }));

function participantColumns(v: ViewContext): SheetColumn[] {
  const { t } = v;
  return [
    { header: 'ID', width: 10 },
    { header: t('monitor.col.login'), width: 22 },
    { header: t('monitor.col.nip'), width: 24 },
    { header: t('monitor.col.name'), width: 32 },
    { header: t('monitor.col.code'), width: 10 },
    { header: t('monitor.col.unit'), width: 32 },
    { header: t('monitor.col.status'), width: 18 },
    { header: t('monitor.col.progress'), width: 12 },
    { header: t('monitor.col.email'), width: 28 },
    { header: t('monitor.col.phone'), width: 16 },
  ];
}
const participantCells = (v: ViewContext) => (p: monitoring.ParticipantItem): Cell[] => [p.userId, p.login, p.nip ? formatEmployeeNumber(p.nip) : null, p.name, p.unit?.code ?? null, p.unit?.name ?? null, v.t(statusKey(p.status)), p.progress, p.email, p.phone];

function behindColumns(v: ViewContext): SheetColumn[] {
  const { t } = v;
  return [
    { header: 'ID', width: 10 },
    { header: t('monitor.col.nip'), width: 24 },
    { header: t('monitor.col.name'), width: 32 },
    { header: t('monitor.col.code'), width: 10 },
    { header: t('monitor.col.unit'), width: 32 },
    { header: t('monitor.col.stage'), width: 28 },
    { header: t('monitor.col.daysBehind'), width: 12 },
    { header: t('monitor.col.dueOn'), width: 12 },
    { header: t('monitor.col.phone'), width: 16 },
    { header: t('monitor.col.email'), width: 28 },
    { header: t('monitor.col.whatsapp'), width: 40 },
  ];
}
const behindCells = (p: monitoring.BehindItem): Cell[] => [p.userId, p.nip ? formatEmployeeNumber(p.nip) : null, p.name, p.unit?.code ?? null, p.unit?.name ?? null, p.stage, p.daysBehind, p.dueOn, p.phone, p.email, p.whatsApp];

export async function monitoringPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/monitoring', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = filtersOf(req);
    const sort = unitSortOf(req);
    const dir = dirOf(req, sort === 'name' ? 'asc' : 'desc');
    const chosen = await cohortOf(ctx, req, f, principal);
    const data = chosen.cohortId === null ? null : await monitoring.dashboard(ctx, principal, chosen.cohortId, f.filters, { by: sort, dir });
    const cohorts = data && !chosen.cohorts.some((c) => c.id === data.cohort.id) ? [data.cohort, ...chosen.cohorts] : chosen.cohorts;
    const v = await viewContext(ctx, req);
    return html(reply, renderPage(DashboardPage({ v, cohorts, f: f.state, data, sort, dir })));
  });

  app.get('/admin/monitoring/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const f = filtersOf(req);
    const sort = unitSortOf(req);
    const dir = dirOf(req, sort === 'name' ? 'asc' : 'desc');
    const chosen = await cohortOf(ctx, req, f, principal);
    if (chosen.cohortId === null) throw errors.notFound();
    const data = await monitoring.dashboard(ctx, principal, chosen.cohortId, f.filters, { by: sort, dir });
    const v = await viewContext(ctx, req);
    const { t } = v;
    const columns: SheetColumn[] = [{ header: t('monitor.col.code'), width: 10 }, { header: t('monitor.col.unit'), width: 36 }, { header: t('monitor.col.participants'), width: 12 }, ...statusColumns(v), { header: t('monitor.col.rate'), width: 14, numFmt: '0.0' }];
    const rows: Cell[][] = [
      ...data.rows.map((r): Cell[] => [r.code, unitLabel(v, r), r.participants, ...MONITORING_STATUSES.map((s) => r.counts[s]), r.rate]),
      [null, t('monitor.total'), data.total.participants, ...MONITORING_STATUSES.map((s) => data.total.counts[s]), data.total.rate],
    ];
    return streamSheet(reply, format, `pemantauan-${fileSlug(data.cohort.code)}-${today(ctx)}`, { name: t('monitor.sheet.units'), columns, rows });
  });

  app.get('/admin/monitoring/participants', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = filtersOf(req);
    const sort = participantSortOf(req);
    const dir = dirOf(req);
    const offset = offsetOf(req);
    const chosen = await cohortOf(ctx, req, f, principal);
    if (chosen.cohortId === null) throw errors.notFound();
    const data = await monitoring.participantList(ctx, principal, chosen.cohortId, f.filters, { sort, dir, offset, limit: PAGE_SIZE });
    const v = await viewContext(ctx, req);
    const cohorts = chosen.cohorts.some((c) => c.id === data.cohort.id) ? chosen.cohorts : [data.cohort, ...chosen.cohorts];
    return html(reply, renderPage(ParticipantsPage({ v, cohorts, f: f.state, data, sort, dir, paged: offset > 0 })));
  });

  app.get('/admin/monitoring/participants/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const f = filtersOf(req);
    const chosen = await cohortOf(ctx, req, f, principal);
    if (chosen.cohortId === null) throw errors.notFound();
    const { cohort, rows } = await monitoring.participantStream(ctx, principal, chosen.cohortId, f.filters);
    const v = await viewContext(ctx, req);
    return streamSheet(reply, format, `peserta-${fileSlug(cohort.code)}-${today(ctx)}`, { name: v.t('monitor.sheet.participants'), columns: participantColumns(v), rows: mapRows(rows, participantCells(v)) });
  });

  app.get('/admin/monitoring/behind', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = filtersOf(req);
    f.state.status = '';
    const offset = offsetOf(req);
    const chosen = await cohortOf(ctx, req, f, principal);
    if (chosen.cohortId === null) throw errors.notFound();
    const data = await monitoring.behindList(ctx, principal, chosen.cohortId, { ...f.filters, status: undefined }, { offset, limit: PAGE_SIZE });
    const v = await viewContext(ctx, req);
    const cohorts = chosen.cohorts.some((c) => c.id === data.cohort.id) ? chosen.cohorts : [data.cohort, ...chosen.cohorts];
    return html(reply, renderPage(BehindPage({ v, cohorts, f: f.state, data, paged: offset > 0 })));
  });

  app.get('/admin/monitoring/behind/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const f = filtersOf(req);
    const chosen = await cohortOf(ctx, req, f, principal);
    if (chosen.cohortId === null) throw errors.notFound();
    const { cohort, rows } = await monitoring.behindStream(ctx, principal, chosen.cohortId, { ...f.filters, status: undefined });
    const v = await viewContext(ctx, req);
    return streamSheet(reply, format, `tertinggal-${fileSlug(cohort.code)}-${today(ctx)}`, { name: v.t('monitor.sheet.behind'), columns: behindColumns(v), rows: mapRows(rows, behindCells) });
  });

  app.get('/admin/monitoring/enrolments/:id', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const id = positiveInt((req.params as Record<string, unknown>).id);
    if (id === null) throw errors.notFound();
    const data = await monitoring.participantProgress(ctx, principal, id);
    const v = await viewContext(ctx, req);
    return html(reply, renderPage(ParticipantProgressPage({ v, data })));
  });
}


