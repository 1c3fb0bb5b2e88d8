// Attendance pages of a live session: the list (filters, manual marks, XLSX), the Zoom report upload,
// one report, and the manual matching of one person. @fastify/multipart (streamed parts) is registered
// in this plugin's scope only, for the upload; the caller is checked before the file is read.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as attendance from '../../../services/live-attendance.js';
import type { Principal } from '../../../domain/authorization.js';
import { readMultipartUpload } from '../../upload.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { principalActor, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { AttendancePage, ImportPage, PersonPage, attendancePath, importPath, type AttendanceFilters } from '../../../views/pages/live-attendance.js';
import { sendAttendanceXlsx } from './export.js';
import { zoneOf } from './api.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;

function param(req: FastifyRequest, name: string): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}

/** Anonymous visitors go to sign in (null); otherwise the caller's principal. */
async function viewer(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
  if (!req.auth) {
    await seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
    return null;
  }
  return requirePrincipal(ctx, req);
}

/** unitId / status from the query string: malformed values are ignored. */
function filtersOf(req: FastifyRequest) {
  const unitId = positiveInt(queryString(req, 'unitId', 20)) ?? undefined;
  const statusText = queryString(req, 'status', 20);
  const status = (attendance.ATTENDANCE_STATUSES as readonly string[]).includes(statusText) ? (statusText as attendance.AttendanceStatus) : undefined;
  const view: AttendanceFilters = { unitId: unitId ? String(unitId) : '', status: status ?? '' };
  return { unitId, status, view };
}

/** The back link of a mark form: only this session's list. */
function backTo(activityId: number, value: string): string {
  const base = attendancePath(activityId);
  return value === base || value.startsWith(`${base}?`) ? value : base;
}

export async function liveAttendancePageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const listPage = async (req: FastifyRequest, principal: Principal, activityId: number, extra: { notice?: string | null; error?: string | null } = {}) => {
    const f = filtersOf(req);
    const cursorText = queryString(req, 'cursor', 12);
    const offset = cursorText ? (positiveInt(cursorText) ?? 0) : 0;
    const list = await attendance.attendanceList(ctx, principal, activityId, { unitId: f.unitId, status: f.status, offset, limit: PAGE_SIZE });
    const [units, imports, pending, v] = await Promise.all([
      attendance.unitChoices(ctx, list.access),
      list.access.manage ? attendance.listImports(ctx, principal, activityId) : Promise.resolve([]),
      list.access.manage ? attendance.pendingPeople(ctx, principal, activityId) : Promise.resolve([]),
      viewContext(ctx, req),
    ]);
    return renderPage(AttendancePage({ v, list, units, filters: f.view, paged: offset > 0, imports, pending, ...extra }));
  };

  app.get('/admin/activities/:activityId/attendance', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const activityId = param(req, 'activityId');
    const notice = queryString(req, 'saved', 4) === '1' ? req.t('live.attendance.mark.saved') : null;
    return html(reply, await listPage(req, principal, activityId, { notice }));
  });

  app.get('/admin/activities/:activityId/attendance/export', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const f = filtersOf(req);
    const list = await attendance.attendanceList(ctx, principal, param(req, 'activityId'), { unitId: f.unitId, status: f.status });
    return sendAttendanceXlsx(reply, await viewContext(ctx, req), list, ctx.clock());
  });

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: attendance.ATTENDANCE_MAX_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 200 } });
    scoped.post('/admin/activities/:activityId/attendance/imports', hidden, async (req, reply) => {
      const principal = await viewer(ctx, req, reply);
      if (!principal) return reply;
      const actor = await principalActor(ctx, req);
      const activityId = param(req, 'activityId');
      await attendance.managerAccess(ctx, principal, activityId);
      try {
        const upload = await readMultipartUpload(req, 'live.attendance.upload.fileRequired');
        if (upload.data.length > attendance.ATTENDANCE_MAX_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
        const res = await attendance.importReport(ctx, actor, activityId, { data: upload.data, filename: upload.filename, zone: zoneOf(upload.fields.zone) });
        return seeOther(reply, `${importPath(activityId, res.import.id)}?${res.duplicate ? 'duplicate' : 'done'}=1`);
      } catch (err) {
        if (!(err instanceof AppError) || ![400, 413, 415, 422].includes(err.status)) throw err;
        const fields = Object.values(fieldMessages(req, err)).flat();
        const message = fields.length ? fields.join(' ') : req.t(err.messageKey, err.options.params);
        return html(reply, await listPage(req, principal, activityId, { error: message }), err.status);
      }
    });
  });

  app.get('/admin/activities/:activityId/attendance/imports/:importId', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const res = await attendance.getImport(ctx, principal, param(req, 'activityId'), param(req, 'importId'));
    const notice =
      queryString(req, 'duplicate', 4) === '1'
        ? req.t('live.attendance.import.duplicate')
        : queryString(req, 'done', 4) === '1'
          ? req.t('live.attendance.import.done', { matched: res.import.matched, pending: res.import.pending })
          : null;
    return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), access: res.access, summary: res.import, people: res.people, notice })));
  });

  const personPage = async (req: FastifyRequest, principal: Principal, activityId: number, personId: number, extra: { error?: string | null; errors?: Record<string, string[]> } = {}) => {
    const { access, person } = await attendance.getPerson(ctx, principal, activityId, personId);
    const q = queryString(req, 'q', 100).trim();
    const results = q.length >= 2 && person.status === 'pending' ? await attendance.searchMembers(ctx, principal, activityId, q) : null;
    return renderPage(PersonPage({ v: await viewContext(ctx, req), access, person, q, results, ...extra }));
  };

  app.get('/admin/activities/:activityId/attendance/people/:personId', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    return html(reply, await personPage(req, principal, param(req, 'activityId'), param(req, 'personId')));
  });

  app.post('/admin/activities/:activityId/attendance/people/:personId', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const actor = await principalActor(ctx, req);
    const activityId = param(req, 'activityId');
    const personId = param(req, 'personId');
    await attendance.managerAccess(ctx, principal, activityId);
    const action = formString(req, 'action', 20);
    const note = formString(req, 'note', 500) || null;
    try {
      let resolution: attendance.Resolution;
      if (action === 'dismiss') resolution = { action: 'dismiss', note };
      else if (action === 'match') {
        const enrolmentId = positiveInt(formString(req, 'enrolmentId', 20));
        if (enrolmentId === null) throw errors.validation({ enrolmentId: [{ key: 'live.attendance.error.pick' }] });
        resolution = { action: 'match', enrolmentId, note };
      } else throw errors.validation({ action: [{ key: 'error.field.invalid' }] });
      const res = await attendance.resolvePerson(ctx, actor, activityId, personId, resolution);
      return seeOther(reply, importPath(activityId, res.person.importId));
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      const fields = fieldMessages(req, err);
      const error = Object.keys(fields).length ? Object.values(fields).flat().join(' ') : req.t(err.messageKey, err.options.params);
      return html(reply, await personPage(req, principal, activityId, personId, { error, errors: fields }), err.status);
    }
  });

  app.post('/admin/activities/:activityId/attendance/marks', hidden, async (req, reply) => {
    const principal = await viewer(ctx, req, reply);
    if (!principal) return reply;
    const actor = await principalActor(ctx, req);
    const activityId = param(req, 'activityId');
    await attendance.managerAccess(ctx, principal, activityId);
    const enrolmentId = positiveInt(formString(req, 'enrolmentId', 20));
    const markText = formString(req, 'mark', 10);
    const mark = (attendance.MANUAL_MARKS as readonly string[]).includes(markText) ? (markText as attendance.ManualMark) : null;
    try {
      if (enrolmentId === null) throw errors.notFound();
      if (mark === null) throw errors.validation({ mark: [{ key: 'error.field.invalid' }] });
      await attendance.markAttendance(ctx, actor, activityId, { enrolmentId, mark, reason: formString(req, 'reason', 500) });
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      const error = Object.values(fieldMessages(req, err)).flat().join(' ') || req.t(err.messageKey, err.options.params);
      return html(reply, await listPage(req, principal, activityId, { error }), 400);
    }
    const back = backTo(activityId, formString(req, 'back', 400));
    return seeOther(reply, `${back}${back.includes('?') ? '&' : '?'}saved=1`);
  });
}

