// Units API: the tree of the caller's scope (list, one unit), create, rename/move (PATCH), and the
// CSV/XLSX import (multipart; a dry run or, with ?apply=1, an all-or-nothing apply) with its template.
// @fastify/multipart is registered for the import route's scope only.
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { MAX_UNIT_IMPORT_BYTES, XLSX_MIME, createUnit, getUnit, importUnits, listUnits, translateUnitReport, unitTemplateWorkbook, updateUnit } from '../../../services/org.js';
import { readMultipartUpload } from '../../upload.js';
import { AppError } from '../../errors.js';
import { errorResponse } from '../auth/schema.js';
import { adminActor, idParam, limitParam } from '../users/access.js';

const code = z.string().trim().min(1).max(64);
const kind = z.enum(['agency', 'secretariat', 'province', 'regency', 'unit']);
const regionCode = z.string().trim().max(8).describe('Kemendagri region code (2 digits for a province, 4 for a regency/city; decides the time zone)');
export const apiUnitSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind,
  regionCode: z.string().nullable(),
  timeZone: z.enum(['WIB', 'WITA', 'WIT']),
  childCount: z.number().int().describe('Direct sub-units'),
  userCount: z.number().int().describe('Users in the unit and every unit below it'),
});
export const apiUnitDetail = apiUnitSummary.extend({
  path: z.array(z.object({ code: z.string(), name: z.string(), kind: apiUnitSummary.shape.kind })).describe('Ancestors inside the caller’s scope, top down'),
});

const reportSchema = z.object({
  valid: z.boolean(),
  rows: z.number().int().describe('Data rows read (the header is row 1; blank rows not counted)'),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() })).describe('Every bad row with its reason(s)'),
  totals: z.object({ new: z.number().int(), updated: z.number().int().describe('Renamed or otherwise changed'), moved: z.number().int(), unchanged: z.number().int() }),
  applied: z.boolean(),
});

export async function unitsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['units'];
  const common = { 401: errorResponse, 403: errorResponse, 404: errorResponse };

  r.post(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'Creates a unit under a unit of the caller’s scope, or (platform admins, without parentCode) a new agency',
        description: 'A parent outside the caller’s scope answers 404; a code the agency already uses 409 code_taken.',
        body: z.object({
          code: code.describe('Unique within the agency (letters, digits, . _ -)'),
          name: z.string().trim().min(1).max(200),
          kind,
          parentCode: code.optional().describe('Code of the parent unit; omitted: a new agency (platform admins only)'),
          regionCode: regionCode.optional(),
        }),
        response: { 201: apiUnitDetail, 400: errorResponse, 409: errorResponse, ...common },
      },
    },
    async (req, reply) => {
      const actor = await adminActor(ctx, req);
      const body = req.body; // read by the service after its role check
      const unit = await createUnit(ctx, actor, {
        get code() { return body.code; },
        get name() { return body.name; },
        get kind() { return body.kind; },
        get parentCode() { return body.parentCode; },
        get regionCode() { return body.regionCode ?? null; },
      });
      return reply.code(201).send(unit);
    },
  );

  r.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags,
        summary: 'Renames a unit and/or moves it with its whole subtree under another unit of the caller’s scope',
        description:
          'Users, enrolments and history keep pointing at the same unit ids. A unit or new parent outside the caller’s scope answers 404; ' +
          'moving a unit under itself or one of its descendants 400 (cycle); an agency (a root) cannot be moved. Every change is audited with before/after.',
        params: idParam,
        body: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          parentCode: code.optional().describe('Code of the new parent unit'),
          kind: kind.optional(),
          regionCode: regionCode.nullable().optional(),
        }),
        response: { 200: apiUnitDetail, 400: errorResponse, 409: errorResponse, ...common },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return updateUnit(ctx, actor, req.params.id, req.body);
    },
  );

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_UNIT_IMPORT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 4096 } });
    const rs = scoped.withTypeProvider<ZodTypeProvider>();
    rs.post(
      '/api/v1/units/import',
      {
        config: { allowMultipart: true },
        schema: {
          tags,
          summary: 'Imports units from CSV or XLSX (code, name, parent_code, kind, region_code): a dry run, or with ?apply=1 an all-or-nothing apply',
          description:
            'multipart/form-data with one file field `file` (CSV with `,` or `;`, UTF-8 with or without BOM, or XLSX; at most 5 MB). With the session cookie, send the CSRF token as `?_csrf=` or the x-csrf-token header. ' +
            'Parents may appear before or after their children, or be existing units of the caller’s scope. Existing codes are updated (renamed, moved), new ones created; re-importing the same file changes nothing. ' +
            'The answer lists every bad row (unknown parent, parent outside the scope, cycle, duplicate code, unknown kind, …). With apply=1 a file with any bad row writes nothing and answers 400 import_invalid with the report in the error body.',
          consumes: ['multipart/form-data'],
          querystring: z.object({ apply: z.enum(['0', '1']).optional().describe('1: apply (else a dry run)') }),
          response: { 200: reportSchema, 400: errorResponse, 409: errorResponse, 413: errorResponse, 415: errorResponse, ...common },
        },
      },
      async (req) => {
        const actor = await adminActor(ctx, req);
        const data = (await readMultipartUpload(req, 'units.import.fileRequired')).data;
        if (data.length > MAX_UNIT_IMPORT_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
        const apply = req.query.apply === '1';
        const res = await importUnits(ctx, actor, data, { apply });
        const report = { ...translateUnitReport(res, req.t), applied: res.applied };
        if (apply && !res.applied) throw new AppError(400, 'import_invalid', 'units.import.invalid', { details: report });
        return report;
      },
    );
  });

  r.get(
    '/api/v1/units/import/template',
    { schema: { tags, summary: 'The XLSX template of the units import: the header, example rows and an instructions sheet (Indonesian)', produces: [XLSX_MIME], response: common } },
    async (req, reply) => {
      await adminActor(ctx, req);
      return reply.type(XLSX_MIME).header('content-disposition', 'attachment; filename="templat-unit.xlsx"').send((await unitTemplateWorkbook()) as never);
    },
  );

  r.get(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'Sub-units of a unit in the caller’s scope, or the topmost units the caller may see',
        querystring: z.object({ parent: code.optional().describe('Unit code; omitted: the roots of the caller’s scope'), cursor: code.optional().describe('nextCursor of the previous page'), limit: limitParam }),
        response: { 200: z.object({ items: z.array(apiUnitSummary), nextCursor: z.string().nullable() }), ...common },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const res = await listUnits(ctx, actor.principal, req.query);
      return { items: res.items, nextCursor: res.nextCursor };
    },
  );

  r.get(
    '/api/v1/units/:code',
    { schema: { tags, summary: 'A unit in the caller’s scope with its ancestors and counts (404 outside the scope)', params: z.object({ code }), response: { 200: apiUnitDetail, ...common } } },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return getUnit(ctx, actor.principal, req.params.code);
    },
  );
}
