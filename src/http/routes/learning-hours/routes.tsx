// Learning hours (JP): the participant's own record (API and /account/learning-hours) and the
// operators' view of a unit's employees (API, streamed XLSX export, /admin/learning-hours).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../services/context.js';
import * as hours from '../../../services/learning-hours.js';
import { findVisibleUnit } from '../../../services/org.js';
import { HOURS_FLAGS, type HoursFlag } from '../../../domain/learning-hours.js';
import { errors } from '../../errors.js';
import { requireAuth, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import type { ViewContext } from '../../../views/context.js';
import { renderPage } from '../../../views/layout.js';
import { MyLearningHoursPage, UnitLearningHoursPage, flagText, type UnitHoursView } from '../../../views/pages/learning-hours.js';
import { XLSX_TYPE } from '../quiz-reports/export.js';
import { fileSlug, mapRows, streamXlsx, type SheetColumn } from '../monitoring/export.js';
import { errorResponse } from '../auth/schema.js';
import { adminPageActor, html, idCursor, idParam, limitParam, positiveInt, queryString } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const yearParam = z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().describe('Calendar year (default: the current year in the unit’s zone)');
const flagParam = z.enum(HOURS_FLAGS as [HoursFlag, ...HoursFlag[]]).optional().describe('Only employees with this flag: pns_short (PNS below 20 JP) or pppk_exceeded (PPPK above 24 JP without the orientation)');
const employment = z.enum(['PNS', 'PPPK']).nullable();
const flag = z.enum(HOURS_FLAGS as [HoursFlag, ...HoursFlag[]]).nullable();
const apiYear = z.object({ year: z.number().int(), totalJp: z.number().int(), countedJp: z.number().int(), excludedJp: z.number().int(), programmes: z.number().int(), flag });
const apiMine = z.object({
  employment,
  currentYear: z.number().int(),
  rule: z.object({ pnsMinimumJp: z.number().int(), pppkMaximumJp: z.number().int() }),
  years: z.array(apiYear),
  records: z.array(z.object({ enrolmentId: z.number().int(), programme: z.string(), year: z.number().int(), jp: z.number().int(), countsTowardLimit: z.boolean(), completedOn: z.string() })),
});
const apiEmployee = z.object({
  userId: z.number().int(),
  name: z.string(),
  nip: z.string().nullable(),
  unit: z.object({ code: z.string(), name: z.string() }),
  employment,
  year: z.number().int(),
  totalJp: z.number().int(),
  countedJp: z.number().int(),
  programmes: z.number().int(),
  flag,
});
const toApiEmployee = (e: hours.EmployeeHours) => ({ userId: e.userId, name: e.name, nip: e.nip, unit: { code: e.unitCode, name: e.unitName }, employment: e.employment, year: e.year, totalJp: e.totalJp, countedJp: e.countedJp, programmes: e.programmes, flag: e.flag });
const RULE = { pnsMinimumJp: 20, pppkMaximumJp: 24 };

function columns(v: ViewContext): SheetColumn[] {
  const { t } = v;
  return [
    { header: t('hours.col.name'), width: 32 },
    { header: t('hours.col.nip'), width: 22 },
    { header: t('hours.col.unit'), width: 30 },
    { header: t('hours.col.employment'), width: 14 },
    { header: t('hours.col.year'), width: 8 },
    { header: t('hours.col.total'), width: 10 },
    { header: t('hours.col.counted'), width: 12 },
    { header: t('hours.col.programmes'), width: 10 },
    { header: t('hours.col.flag'), width: 22 },
  ];
}

async function sendUnitXlsx(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, unitId: number, f: hours.UnitHoursFilter) {
  const principal = await requirePrincipal(ctx, req);
  const res = await hours.unitLearningHoursStream(ctx, principal, unitId, f);
  const v = await viewContext(ctx, req);
  const rows = mapRows(res.rows, (e) => [e.name, e.nip ?? '', e.unitName, e.employment ?? '', e.year, e.totalJp, e.countedJp, e.programmes, e.flag ? flagText(v, e.flag) : e.employment ? flagText(v, null) : '']);
  return streamXlsx(reply, `jam-pelajaran-${fileSlug(res.unit.code)}-${res.year}.xlsx`, { name: v.t('hours.sheet.name'), columns: columns(v), rows });
}

export async function learningHoursRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['learning-hours'];
  const unitScope =
    'Administrators (platform admin, agency admin, unit operator) for a unit inside their scope (its sub-units included); a unit outside it answers 404 not_found; participants and facilitators 403.';

  r.get(
    '/api/v1/me/learning-hours',
    { schema: { tags, summary: 'My learning hours (JP): yearly totals against the rules (PNS ≥ 20 JP, PPPK ≤ 24 JP without the orientation) and the programmes behind them', response: { 200: apiMine, 401: errorResponse } } },
    async (req) => {
      const auth = requireAuth(req);
      const mine = await hours.myLearningHours(ctx, auth.userId);
      return { ...mine, rule: RULE };
    },
  );

  r.get(
    '/api/v1/units/:id/learning-hours',
    {
      schema: {
        tags,
        summary: 'Yearly JP per employee of a unit subtree, with the flags of the rules',
        description: unitScope,
        params: idParam,
        querystring: z.object({ year: yearParam, flag: flagParam, cursor: idCursor, limit: limitParam }),
        response: {
          200: z.object({ unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }), year: z.number().int(), items: z.array(apiEmployee), nextCursor: z.number().int().nullable() }),
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const q = req.query;
      const res = await hours.unitLearningHours(ctx, principal, req.params.id, { year: q.year, flag: q.flag, cursor: q.cursor, limit: q.limit });
      return { unit: { id: res.unit.id, code: res.unit.code, name: res.unit.name }, year: res.year, items: res.items.map(toApiEmployee), nextCursor: res.nextCursor };
    },
  );

  r.get(
    '/api/v1/units/:id/learning-hours.xlsx',
    {
      schema: {
        tags,
        summary: 'The same list as XLSX (every matching employee, streamed)',
        description: unitScope,
        params: idParam,
        querystring: z.object({ year: yearParam, flag: flagParam }),
        produces: [XLSX_TYPE],
        response: { 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => sendUnitXlsx(ctx, req, reply, req.params.id, { year: req.query.year, flag: req.query.flag }),
  );

  app.get('/account/learning-hours', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/account/learning-hours');
    const [v, data] = await Promise.all([viewContext(ctx, req), hours.myLearningHours(ctx, req.auth.userId)]);
    return html(reply, renderPage(MyLearningHoursPage({ v, data })));
  });

  app.get('/admin/learning-hours', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const v = await viewContext(ctx, req);
    const yearText = queryString(req, 'year', 8);
    const flagValue = queryString(req, 'flag', 32);
    const cursorText = queryString(req, 'cursor', 20);
    const year = yearText ? Number(yearText) : null;
    if (year !== null && !(Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR)) throw errors.validation({ year: [{ key: 'error.field.invalid' }] });
    if (flagValue && !(HOURS_FLAGS as readonly string[]).includes(flagValue)) throw errors.validation({ flag: [{ key: 'error.field.invalid' }] });
    const cursor = cursorText ? positiveInt(cursorText) : null;
    if (cursorText && cursor === null) throw errors.validation({ cursor: [{ key: 'error.field.invalid' }] });
    // The unit: the one asked for (by code, in the scope: else 404), or the caller's first scoped unit.
    let unitCode = queryString(req, 'unit', 64).trim();
    if (!unitCode) unitCode = actor.principal.roles.find((r) => (r.role === 'agency_admin' || r.role === 'unit_operator') && r.unitCode)?.unitCode ?? '';
    const unit = unitCode ? await findVisibleUnit(ctx, actor.principal, unitCode) : null;
    const thisYear = unit ? hours.currentYearOf(ctx, unit) : ctx.clock().getUTCFullYear();
    const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
    const data: UnitHoursView = { unitCode, unit: null, year: year ?? thisYear, flag: (flagValue || null) as HoursFlag | null, years: years.includes(year ?? thisYear) ? years : [year!, ...years], items: [], nextCursor: null, paged: cursor !== null };
    if (unit) {
      const res = await hours.unitLearningHours(ctx, actor.principal, unit.id, { year: data.year, flag: data.flag ?? undefined, cursor: cursor ?? undefined, limit: 100 });
      data.unit = { id: unit.id, code: unit.code, name: unit.name };
      data.items = res.items;
      data.nextCursor = res.nextCursor;
    }
    return html(reply, renderPage(UnitLearningHoursPage({ v, data })));
  });
}

