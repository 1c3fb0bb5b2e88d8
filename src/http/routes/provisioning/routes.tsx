// Bulk provisioning (issue 5, part 3): the API (multipart import: dry run or queued apply; the
// template) and the pages under /admin/participants/import. @fastify/multipart is registered in two
// scopes of this plugin only: streamed parts for the API, fields attached to the body for the page
// upload, which first requires a signed-in administrator with a valid CSRF token in the query string.
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import type { Principal } from '../../../domain/authorization.js';
import { activationCodesXlsx, activationSlipsPdf, unsealSlips } from '../../../services/activation.js';
import {
  IMPORT_MODES,
  MAX_IMPORT_BYTES,
  PARTICIPANTS_IMPORT,
  XLSX_MIME,
  dryRunImport,
  enqueueImport,
  keepUpload,
  listCohortChoices,
  loadCohort,
  participantTemplate,
  translateReport,
  type ImportJobResult,
  type ImportMode,
} from '../../../services/provisioning.js';
import { assertAdministrator } from '../../../services/org.js';
import { safeEqual } from '../../../services/crypto.js';
import { readMultipartUpload } from '../../upload.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages } from '../../form.js';
import { requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { errorResponse } from '../auth/schema.js';
import { visibleJob } from '../jobs/access.js';
import { adminActor, adminPageActor, html, positiveInt } from '../users/access.js';
import { IMPORT_PATH, ImportJobPage, ImportPage, importJobPath } from './views.js';

const hidden = { schema: { hide: true } } as const;
const count = z.number().int();
const problem = z.object({ row: count.describe('Row number in the file (the header is row 1)'), field: z.string(), code: z.string(), message: z.string() });
const reportSchema = z.object({
  valid: z.boolean(),
  rows: count.describe('Data rows read'),
  errors: z.array(problem),
  skipped: z.array(problem).describe('Rows left alone on purpose (update-only mode: not registered yet)'),
  totals: z.object({ new: count, updated: count, unchanged: count, enrolled: count, skipped: count }),
  preview: z
    .array(z.object({ row: count, nip: z.string(), name: z.string(), unitCode: z.string(), email: z.string().nullable(), phone: z.string().nullable(), nik: z.string().nullable().describe('Masked: first and last four digits') }))
    .describe('The first rows as they will be stored'),
});

const modeOf = (v: unknown): ImportMode | null => (typeof v === 'string' && (IMPORT_MODES as readonly string[]).includes(v) ? (v as ImportMode) : v === undefined || v === '' ? 'upsert' : null);
const cohortOf = (v: unknown): number | null | undefined => (v === undefined || v === '' ? null : (positiveInt(v) ?? undefined));

function parseOptions(raw: { cohortId?: unknown; mode?: unknown }): { cohortId: number | null; mode: ImportMode } {
  const cohortId = cohortOf(raw.cohortId);
  const mode = modeOf(raw.mode);
  const fields: Record<string, { key: 'error.field.invalid' }[]> = {};
  if (cohortId === undefined) fields.cohortId = [{ key: 'error.field.invalid' }];
  if (mode === null) fields.mode = [{ key: 'error.field.invalid' }];
  if (Object.keys(fields).length) throw errors.validation(fields);
  return { cohortId: cohortId!, mode: mode! };
}

/** The streamed multipart request of the API: the file part `file` and the fields cohortId and mode. */
async function readApiUpload(req: FastifyRequest): Promise<{ data: Buffer; filename: string; fields: Record<string, string> }> {
  const upload = await readMultipartUpload(req, 'provision.fileRequired');
  if (upload.data.length > MAX_IMPORT_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
  return upload;
}

/** The page form's values (multipart with attached fields, or urlencoded). */
async function readPageForm(req: FastifyRequest): Promise<{ values: Record<string, string>; file: { filename: string; data: Buffer } | null }> {
  const body = req.body as Record<string, unknown> | undefined;
  const values: Record<string, string> = {};
  let file: { filename: string; data: Buffer } | null = null;
  if (!body || typeof body !== 'object') return { values, file };
  for (const [k, item] of Object.entries(body)) {
    if (Array.isArray(item)) continue;
    if (typeof item === 'string') values[k] = item.slice(0, 200);
    else if (item && typeof item === 'object' && 'type' in item) {
      const part = item as { type: string; value?: unknown; filename?: string; toBuffer?: () => Promise<Buffer> };
      if (part.type === 'field' && typeof part.value === 'string') values[k] = part.value.slice(0, 200);
      else if (part.type === 'file' && part.toBuffer && k === 'file') {
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 413) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
          throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
        }
        if (data.length > 0) file = { filename: part.filename ?? '', data };
      }
    }
  }
  return { values, file };
}

/** A participants.import job of the caller (404 for another's, or another type). */
async function importJob(ctx: AppContext, req: FastifyRequest) {
  const id = positiveInt((req.params as Record<string, unknown>).id);
  if (id === null || id > 2_147_483_647) throw errors.notFound();
  const principal = await requirePrincipal(ctx, req);
  assertAdministrator(principal);
  const job = await visibleJob(ctx, req, id);
  if (job.type !== PARTICIPANTS_IMPORT) throw errors.notFound();
  const result = job.status === 'succeeded' ? (job.result as ImportJobResult | null) : null;
  return { job, result };
}

/** The sealed codes of a finished import while they are printable, else 404. */
async function codesOf(ctx: AppContext, req: FastifyRequest) {
  const { result } = await importJob(ctx, req);
  if (!result?.applied || !result.sealedSlips || !result.codesUntil || new Date(result.codesUntil).getTime() <= ctx.clock().getTime()) throw errors.notFound();
  const slips = unsealSlips(ctx, result.sealedSlips);
  if (!slips) throw errors.notFound();
  return slips;
}

const attachment = (reply: FastifyReply, mime: string, filename: string, data: Buffer) =>
  reply.type(mime).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(data);

export async function provisioningRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // ------------------------------------------------------------------ API
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 200 } });
    const r = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['participants'];
    const common = { 401: errorResponse, 403: errorResponse, 404: errorResponse };

    r.post(
      '/api/v1/participants/import',
      {
        config: { allowMultipart: true },
        schema: {
          tags,
          summary: 'Bulk provisioning from the CSV or XLSX template: a dry run (nothing written) or, with ?apply=1, the apply as a background job',
          description:
            'multipart/form-data with the file field `file` (CSV with `,` or `;`, UTF-8 with or without BOM, or XLSX; at most 5 MB) and the optional fields `cohortId` (enrol every row into this cohort) and `mode` (`upsert` default, or `update_only`: new people are skipped with a reason). ' +
            'The answer lists every bad row with its row number and reason and nothing is written. With apply=1 a valid file is applied by a `participants.import` job (202 with its id; follow it at /api/v1/jobs/{id}); a file with any bad row answers 400 import_invalid with the report.',
          consumes: ['multipart/form-data'],
          querystring: z.object({ apply: z.enum(['0', '1']).optional().describe('1: apply (else a dry run)'), cohortId: z.string().max(20).optional(), mode: z.enum(IMPORT_MODES).optional() }),
          response: { 200: reportSchema, 202: z.object({ jobId: count, jobUrl: z.string(), report: reportSchema }), 400: errorResponse, 409: errorResponse, 413: errorResponse, 415: errorResponse, ...common },
        },
      },
      async (req, reply) => {
        const actor = await adminActor(ctx, req);
        const upload = await readApiUpload(req);
        const opts = parseOptions({ cohortId: upload.fields.cohortId ?? req.query.cohortId, mode: upload.fields.mode ?? req.query.mode });
        const report = await dryRunImport(ctx, actor, upload.data, opts);
        const translated = translateReport(report, req.t);
        if (req.query.apply !== '1') return translated;
        if (!report.valid) throw new AppError(400, 'import_invalid', 'provision.invalid', { details: translated });
        const file = await keepUpload(ctx, actor, upload);
        const jobId = await enqueueImport(ctx, actor, { fileId: file.id, sha256: file.sha256, ...opts });
        return reply.code(202).send({ jobId, jobUrl: `/api/v1/jobs/${jobId}`, report: translated });
      },
    );

    r.get(
      '/api/v1/participants/import/template',
      { schema: { tags, summary: 'The XLSX template of the participant import, with an instructions sheet in Indonesian', produces: [XLSX_MIME], response: common } },
      async (req, reply) => {
        await adminActor(ctx, req);
        return reply.type(XLSX_MIME).header('content-disposition', 'attachment; filename="templat-impor-peserta.xlsx"').send((await participantTemplate()) as never);
      },
    );
  });

  // ------------------------------------------------------------------ pages
  await app.register(async (scoped) => {
    await scoped.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
    // Nobody streams an upload into memory before being known as an administrator with a valid CSRF token.
    scoped.addHook('preParsing', async (req) => {
      if (!req.isMultipart()) return;
      if (!req.auth) throw errors.unauthenticated();
      assertAdministrator(await requirePrincipal(ctx, req));
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (req.auth.via !== 'token' && (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken))) throw new AppError(403, 'forbidden', 'error.csrf');
    });

    const page = async (req: FastifyRequest, principal: Principal, props: Omit<Parameters<typeof ImportPage>[0], 'v' | 'cohorts'>) =>
      renderPage(ImportPage({ v: await viewContext(ctx, req), cohorts: await listCohortChoices(ctx, principal), ...props }));
    const formError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 404 || err.status === 409 || err.status === 413);

    scoped.get(IMPORT_PATH, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      return html(reply, await page(req, actor.principal, {}));
    });

    scoped.post(IMPORT_PATH, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      let values: { cohortId: number | null; mode: ImportMode } | undefined;
      try {
        const form = await readPageForm(req);
        values = parseOptions(form.values);
        if (!form.file) throw errors.validation({ file: [{ key: 'provision.fileRequired' }] });
        const report = translateReport(await dryRunImport(ctx, actor, form.file.data, values), req.t);
        const file = report.valid ? await keepUpload(ctx, actor, form.file) : { id: 0, sha256: '', name: form.file.filename };
        return html(reply, await page(req, actor.principal, { values, report, file }), report.valid ? 200 : 400);
      } catch (err) {
        if (!formError(err)) throw err;
        return html(reply, await page(req, actor.principal, { values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
    });

    scoped.post(`${IMPORT_PATH}/apply`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const { values } = await readPageForm(req);
      try {
        const opts = parseOptions(values);
        const fileId = positiveInt(values.fileId);
        const sha256 = values.sha256 ?? '';
        if (fileId === null || !/^[0-9a-f]{64}$/i.test(sha256)) throw errors.validation({ file: [{ key: 'provision.fileRequired' }] });
        await loadCohort(ctx, actor.principal, opts.cohortId);
        const jobId = await enqueueImport(ctx, actor, { fileId, sha256: sha256.toLowerCase(), ...opts });
        return seeOther(reply, importJobPath(jobId));
      } catch (err) {
        if (!formError(err)) throw err;
        return html(reply, await page(req, actor.principal, { errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
    });

    scoped.get(`${IMPORT_PATH}/template.xlsx`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      return attachment(reply, XLSX_MIME, 'templat-impor-peserta.xlsx', await participantTemplate());
    });

    scoped.get(`${IMPORT_PATH}/jobs/:id`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const { job, result } = await importJob(ctx, req);
      const codesAvailable = !!(result?.sealedSlips && result.codesUntil && new Date(result.codesUntil).getTime() > ctx.clock().getTime());
      const errorsList = result && !result.applied ? translateReport({ valid: false, rows: result.rows, errors: result.errors, skipped: [], totals: result.totals, preview: [] }, req.t).errors : [];
      return html(reply, renderPage(ImportJobPage({ v: await viewContext(ctx, req), job, result, codesAvailable, errors: errorsList })));
    });

    scoped.get(`${IMPORT_PATH}/jobs/:id/slips.pdf`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const slips = await codesOf(ctx, req);
      return attachment(reply, 'application/pdf', 'slip-kode-aktivasi.pdf', await activationSlipsPdf(ctx, slips));
    });

    scoped.get(`${IMPORT_PATH}/jobs/:id/codes.xlsx`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const slips = await codesOf(ctx, req);
      return attachment(reply, XLSX_MIME, 'kode-aktivasi.xlsx', await activationCodesXlsx(ctx, slips));
    });
  });
}
