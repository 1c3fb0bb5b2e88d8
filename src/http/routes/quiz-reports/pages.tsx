// Evaluation report pages and their exports (XLSX streamed, CSV).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as reports from '../../../services/quiz-reports.js';
import { errors } from '../../errors.js';
import { requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { fileSlug, sendCsv, sendXlsx, type Sheet } from './export.js';
import { gainSheet, itemSheet, resultSheets } from './sheets.js';
import { EvaluationPage, GainPage, ItemAnalysisPage, ResultsPage, type ResultsFilters } from './views.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;

function param(req: FastifyRequest, name: string): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}

/** Sends anonymous visitors to sign in (returns null), else the caller's principal. */
async function viewer(ctx: AppContext, req: FastifyRequest, reply: FastifyReply) {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  return requirePrincipal(ctx, req);
}

/** cohortId / unitId from the query string: a malformed value is ignored, a well-formed one outside the scope answers 404 (in the service). */
function filtersOf(req: FastifyRequest) {
  const cohortText = queryString(req, 'cohortId', 20);
  const unitText = queryString(req, 'unitId', 20);
  const cohortId = positiveInt(cohortText) ?? undefined;
  const unitId = positiveInt(unitText) ?? undefined;
  return { cohortId, unitId, text: { cohortId: cohortId ? String(cohortId) : '', unitId: unitId ? String(unitId) : '' } };
}

function resultsFiltersOf(req: FastifyRequest) {
  const f = filtersOf(req);
  const statusText = queryString(req, 'status', 20);
  const status = (reports.STATUS_FILTERS as readonly string[]).includes(statusText) ? (statusText as reports.StatusFilter) : undefined;
  const sortText = queryString(req, 'sort', 20);
  const sort = (reports.RESULT_SORTS as readonly string[]).includes(sortText) ? (sortText as reports.ResultSort) : 'name';
  const dir = queryString(req, 'dir', 8) === 'desc' ? 'desc' : 'asc';
  const view: ResultsFilters = { ...f.text, status: status ?? '', sort, dir };
  return { ...f, status, sort, dir, view } as const;
}

function exportFormat(req: FastifyRequest): 'xlsx' | 'csv' {
  const f = queryString(req, 'format', 8) || 'xlsx';
  if (f !== 'xlsx' && f !== 'csv') throw errors.validation({ format: [{ key: 'error.field.invalid' }] });
  return f;
}

const today = (ctx: AppContext) => ctx.clock().toISOString().slice(0, 10);

function sendSheets(reply: FastifyReply, format: 'xlsx' | 'csv', name: string, sheets: Sheet[], csvSheet = sheets[sheets.length - 1]!) {
  return format === 'xlsx' ? sendXlsx(reply, `${name}.xlsx`, sheets) : sendCsv(reply, `${name}.csv`, csvSheet);
}

export async function quizReportsPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/programmes/:id/evaluation', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const id = param(req, 'id');
    const f = filtersOf(req);
    const data = await reports.evaluationOverview(ctx, principal, id, f);
    const [choices, v] = await Promise.all([reports.filterChoices(ctx, principal, id, f.cohortId), viewContext(ctx, req)]);
    return html(reply, renderPage(EvaluationPage({ v, data, choices, filters: f.text })));
  });

  app.get('/admin/activities/:activityId/results', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = resultsFiltersOf(req);
    const cursorText = queryString(req, 'cursor', 12);
    const offset = cursorText ? (positiveInt(cursorText) ?? 0) : 0;
    const data = await reports.quizResults(ctx, principal, param(req, 'activityId'), { cohortId: f.cohortId, unitId: f.unitId, status: f.status, sort: f.sort, dir: f.dir, offset, limit: PAGE_SIZE });
    const [choices, v] = await Promise.all([reports.filterChoices(ctx, principal, data.programme.id, f.cohortId), viewContext(ctx, req)]);
    return html(reply, renderPage(ResultsPage({ v, data, choices, filters: f.view, paged: offset > 0 })));
  });

  app.get('/admin/activities/:activityId/results/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const f = resultsFiltersOf(req);
    const data = await reports.quizResults(ctx, principal, param(req, 'activityId'), { cohortId: f.cohortId, unitId: f.unitId, status: f.status, sort: f.sort, dir: f.dir });
    const v = await viewContext(ctx, req);
    return sendSheets(reply, format, `hasil-${fileSlug(data.quiz.title)}-${data.quiz.id}-${today(ctx)}`, resultSheets(v, data));
  });

  app.get('/admin/activities/:activityId/item-analysis', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = filtersOf(req);
    const data = await reports.itemAnalysisReport(ctx, principal, param(req, 'activityId'), f);
    const [choices, v] = await Promise.all([reports.filterChoices(ctx, principal, data.programme.id, f.cohortId), viewContext(ctx, req)]);
    return html(reply, renderPage(ItemAnalysisPage({ v, data, choices, filters: f.text })));
  });

  app.get('/admin/activities/:activityId/item-analysis/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const data = await reports.itemAnalysisReport(ctx, principal, param(req, 'activityId'), filtersOf(req));
    const v = await viewContext(ctx, req);
    return sendSheets(reply, format, `analisis-butir-${fileSlug(data.quiz.title)}-${data.quiz.id}-${today(ctx)}`, [itemSheet(v, data)]);
  });

  app.get('/admin/programmes/:id/gain', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const id = param(req, 'id');
    const f = filtersOf(req);
    const data = await reports.gainReport(ctx, principal, id, f);
    const [choices, v] = await Promise.all([reports.filterChoices(ctx, principal, id, f.cohortId), viewContext(ctx, req)]);
    return html(reply, renderPage(GainPage({ v, data, choices, filters: f.text })));
  });

  app.get('/admin/programmes/:id/gain/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const format = exportFormat(req);
    const data = await reports.gainReport(ctx, principal, param(req, 'id'), filtersOf(req));
    const v = await viewContext(ctx, req);
    return sendSheets(reply, format, `peningkatan-${fileSlug(data.programme.code)}-${today(ctx)}`, [gainSheet(v, data)]);
  });
}
