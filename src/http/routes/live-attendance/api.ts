// Attendance of a live session, JSON: the list (scoped), the Zoom report upload (multipart), the
// imports with the people awaiting manual matching, resolutions, manual marks and the XLSX export.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as attendance from '../../../services/live-attendance.js';
import { INDONESIAN_ZONES, type IndonesianZone } from '../../../domain/time.js';
import { readMultipartUpload } from '../../upload.js';
import { AppError, errors } from '../../errors.js';
import { principalActor, requirePrincipal } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { errorResponse } from '../auth/schema.js';
import { XLSX_TYPE } from '../quiz-reports/export.js';
import { sendAttendanceXlsx } from './export.js';
import {
  exportQuery,
  importDetailResponse,
  importParams,
  importResponse,
  importsResponse,
  listQuery,
  listResponse,
  markBody,
  markResponse,
  resolutionBody,
  resolutionResponse,
  searchQuery,
  searchResponse,
  sessionParams,
  toApiImport,
  toApiRow,
} from './schema.js';

const SCOPE =
  'Scope: platform admins, admins of the organiser’s agency and facilitators of one of the programme’s cohorts manage the attendance (upload, resolve, mark); other administrators whose participants take part (unit operators) only see the list of their units’ participants; participants 403; a session outside the caller’s scope 404.';

/** The zone field of an upload: WIB / WITA / WIT, empty for the organiser's; anything else 400. */
export function zoneOf(v: string | undefined): IndonesianZone | null {
  if (v === undefined || v === '') return null;
  if ((INDONESIAN_ZONES as readonly string[]).includes(v)) return v as IndonesianZone;
  throw errors.validation({ zone: [{ key: 'error.field.invalid' }] });
}

export async function liveAttendanceApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: attendance.ATTENDANCE_MAX_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 200 } });
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['live-sessions'];
    const errs = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
    const base = '/api/v1/live-sessions/:activityId/attendance';

    r.get(
      base,
      {
        schema: {
          tags,
          summary: 'Attendance list of a live session: minutes from the Zoom reports, match source, manual mark, joined through the platform, completed; filters by unit and status',
          description: `${SCOPE} nextCursor is an offset.`,
          params: sessionParams,
          querystring: listQuery,
          response: { 200: listResponse, ...errs },
        },
      },
      async (req) => {
        const principal = await requirePrincipal(ctx, req);
        const q = req.query;
        const res = await attendance.attendanceList(ctx, principal, req.params.activityId, { unitId: q.unitId, status: q.status, offset: q.cursor ?? 0, limit: q.limit });
        return { session: res.access.session, canManage: res.access.manage, unit: res.unit, summary: res.summary, items: res.items.map(toApiRow), nextCursor: res.nextCursor };
      },
    );

    r.get(
      `${base}/export.xlsx`,
      { schema: { tags, summary: 'The attendance list of a live session as XLSX (same scope and filters as the list)', description: SCOPE, params: sessionParams, querystring: exportQuery, produces: [XLSX_TYPE], response: errs } },
      async (req, reply) => {
        const principal = await requirePrincipal(ctx, req);
        const res = await attendance.attendanceList(ctx, principal, req.params.activityId, { unitId: req.query.unitId, status: req.query.status });
        return sendAttendanceXlsx(reply, await viewContext(ctx, req), res, ctx.clock());
      },
    );

    r.post(
      `${base}/imports`,
      {
        config: { allowMultipart: true },
        schema: {
          tags,
          summary: 'Uploads the Zoom participant report (CSV) of the session: rows grouped per person and matched (email, NIP in the display name, name); the same file again changes nothing',
          description:
            `${SCOPE} multipart/form-data with the file field \`file\` (the CSV Zoom exports, with or without the meeting summary block, UTF-8 with or without BOM; at most 10 MB) and the optional field \`zone\` (WIB, WITA or WIT: the zone of the report's times; default the organiser's). ` +
            'Rows that cannot be read are listed with their line; a file that is not a Zoom participant report answers 422 not_a_zoom_report. Changed minutes are applied to the participants’ progress at once.',
          consumes: ['multipart/form-data'],
          params: sessionParams,
          response: { 200: importResponse, 413: errorResponse, 415: errorResponse, 422: errorResponse, ...errs },
        },
      },
      async (req) => {
        const actor = await principalActor(ctx, req);
        await attendance.managerAccess(ctx, actor.principal, req.params.activityId);
        const upload = await readMultipartUpload(req, 'live.attendance.upload.fileRequired');
        if (upload.data.length > attendance.ATTENDANCE_MAX_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
        const res = await attendance.importReport(ctx, actor, req.params.activityId, { data: upload.data, filename: upload.filename, zone: zoneOf(upload.fields.zone) });
        return { ...res, import: toApiImport(res.import) };
      },
    );

    r.get(
      `${base}/imports`,
      { schema: { tags, summary: 'The uploaded reports of the session with their counts, and every person still awaiting manual matching', description: SCOPE, params: sessionParams, response: { 200: importsResponse, ...errs } } },
      async (req) => {
        const principal = await requirePrincipal(ctx, req);
        const [items, pending] = await Promise.all([attendance.listImports(ctx, principal, req.params.activityId), attendance.pendingPeople(ctx, principal, req.params.activityId)]);
        return { items: items.map(toApiImport), pending };
      },
    );

    r.get(
      `${base}/imports/:importId`,
      { schema: { tags, summary: 'One uploaded report: counts, unreadable rows with their line, and its unmatched and ambiguous people', description: SCOPE, params: importParams, response: { 200: importDetailResponse, ...errs } } },
      async (req) => {
        const principal = await requirePrincipal(ctx, req);
        const res = await attendance.getImport(ctx, principal, req.params.activityId, req.params.importId);
        return { import: toApiImport(res.import), people: res.people };
      },
    );

    r.get(
      `${base}/members`,
      { schema: { tags, summary: 'Participants of the session’s programme (within the caller’s scope) by NIP prefix or part of the name, for manual matching', description: SCOPE, params: sessionParams, querystring: searchQuery, response: { 200: searchResponse, ...errs } } },
      async (req) => {
        const principal = await requirePrincipal(ctx, req);
        return { items: await attendance.searchMembers(ctx, principal, req.params.activityId, req.query.q) };
      },
    );

    r.post(
      `${base}/resolutions`,
      {
        schema: {
          tags,
          summary: 'Resolves a person of a report by hand: match to a participant (minutes applied at once) or dismiss (a speaker, a guest); audited',
          description: `${SCOPE} 409 already_resolved when the person was resolved before.`,
          params: sessionParams,
          body: resolutionBody,
          response: { 200: resolutionResponse, 409: errorResponse, ...errs },
        },
      },
      async (req) => {
        const actor = await principalActor(ctx, req);
        await attendance.managerAccess(ctx, actor.principal, req.params.activityId);
        const b = req.body;
        const resolution: attendance.Resolution = b.action === 'match' ? { action: 'match', enrolmentId: b.enrolmentId, note: b.note ?? null } : { action: 'dismiss', note: b.note ?? null };
        return attendance.resolvePerson(ctx, actor, req.params.activityId, b.personId, resolution);
      },
    );

    r.post(
      `${base}/marks`,
      {
        schema: {
          tags,
          summary: 'Marks a participant present or absent by hand (or clears the mark) with a required reason; audited and applied to the completion at once',
          description: SCOPE,
          params: sessionParams,
          body: markBody,
          response: { 200: markResponse, ...errs },
        },
      },
      async (req) => {
        const actor = await principalActor(ctx, req);
        await attendance.managerAccess(ctx, actor.principal, req.params.activityId);
        const b = req.body;
        const res = await attendance.markAttendance(ctx, actor, req.params.activityId, { enrolmentId: b.enrolmentId, mark: b.mark, reason: b.reason });
        return { ok: true as const, completed: res.completed };
      },
    );
  });
}

