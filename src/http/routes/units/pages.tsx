// Unit pages: the tree of the caller's scope (drill-down by ?parent=code) with the create, rename and
// move forms, and the import (upload → dry run report → apply) with its XLSX template. Plain forms;
// the upload is multipart with the CSRF token in the query string, read only in its own scope.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import {
  MAX_UNIT_IMPORT_BYTES,
  XLSX_MIME,
  applyStoredUnitUpload,
  assertAdministrator,
  createUnit,
  dryRunUnitUpload,
  findVisibleUnitById,
  listUnits,
  translateUnitReport,
  unitTemplateWorkbook,
  updateUnit,
  type UnitActor,
} from '../../../services/org.js';
import type { MessageKey } from '../../../i18n/index.js';
import { safeEqual } from '../../../services/crypto.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { UnitsPage, type UnitForm } from '../../../views/pages/admin/units.js';
import { UnitsImportPage } from '../../../views/pages/admin/units-import.js';
import { adminPageActor, html, positiveInt, queryString } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;
const NOTICES = new Set<MessageKey>(['units.notice.created', 'units.notice.renamed', 'units.notice.moved']);
const formError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409 || err.status === 413);
const idOf = (req: FastifyRequest) => {
  const id = positiveInt((req.params as Record<string, unknown>).id);
  if (id === null) throw errors.notFound();
  return id;
};

export async function unitsPageRoutes(app: FastifyInstance, ctx: AppContext) {
  /** The tree page for a parent code (or the scope's roots), with the posted form's values and errors when given. */
  const treePage = async (req: FastifyRequest, reply: FastifyReply, actor: UnitActor, parentCode: string, extra: { form?: UnitForm; values?: Record<string, string>; err?: AppError } = {}) => {
    const cursor = queryString(req, 'cursor', 64);
    const [res, v] = await Promise.all([listUnits(ctx, actor.principal, { parent: parentCode || undefined, cursor: cursor || undefined, limit: 100 }), viewContext(ctx, req)]);
    const key = queryString(req, 'notice', 64) as MessageKey;
    return html(
      reply,
      renderPage(
        UnitsPage({
          v,
          parent: res.parent,
          items: res.items,
          nextCursor: res.nextCursor,
          paged: !!cursor,
          notice: !extra.err && NOTICES.has(key) ? req.t(key) : null,
          error: extra.err ? req.t(extra.err.messageKey, extra.err.options.params) : null,
          form: extra.form,
          values: extra.values,
          errors: extra.err ? fieldMessages(req, extra.err) : undefined,
        }),
      ),
      extra.err ? extra.err.status : 200,
    );
  };
  const back = (reply: FastifyReply, code: string, notice: MessageKey) => seeOther(reply, `/admin/units?parent=${encodeURIComponent(code)}&notice=${notice}`);

  app.get('/admin/units', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return treePage(req, reply, actor, queryString(req, 'parent', 64));
  });

  app.post('/admin/units/create', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const values = { code: formString(req, 'code', 100), name: formString(req, 'name', 300), kind: formString(req, 'kind', 40), regionCode: formString(req, 'regionCode', 20) };
    const rawParent = formString(req, 'parentId', 20);
    const parentId = rawParent ? positiveInt(rawParent) : undefined;
    if (parentId === null) throw errors.notFound();
    const parent = parentId === undefined ? null : await findVisibleUnitById(ctx, actor.principal, parentId);
    try {
      const unit = await createUnit(ctx, actor, { parentId, ...values });
      return back(reply, parent ? parent.code : unit.code, 'units.notice.created');
    } catch (err) {
      if (!formError(err)) throw err;
      return treePage(req, reply, actor, parent?.code ?? '', { form: 'create', values, err });
    }
  });

  app.post('/admin/units/:id/rename', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const unit = await findVisibleUnitById(ctx, actor.principal, idOf(req));
    const values = { name: formString(req, 'name', 300) };
    try {
      await updateUnit(ctx, actor, unit.id, { name: values.name });
      return back(reply, unit.code, 'units.notice.renamed');
    } catch (err) {
      if (!formError(err)) throw err;
      return treePage(req, reply, actor, unit.code, { form: 'rename', values, err });
    }
  });

  app.post('/admin/units/:id/move', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const unit = await findVisibleUnitById(ctx, actor.principal, idOf(req));
    const values = { parentCode: formString(req, 'parentCode', 100).trim() };
    try {
      if (!values.parentCode) throw errors.validation({ parentCode: [{ key: 'units.problem.parent_required' }] });
      await updateUnit(ctx, actor, unit.id, { parentCode: values.parentCode });
      return back(reply, unit.code, 'units.notice.moved');
    } catch (err) {
      if (!formError(err)) throw err;
      return treePage(req, reply, actor, unit.code, { form: 'move', values, err });
    }
  });

  // ------------------------------------------------------------ import and template
  app.get('/admin/units/import', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return html(reply, renderPage(UnitsImportPage({ v: await viewContext(ctx, req) })));
  });

  app.post('/admin/units/import/apply', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const fileId = positiveInt(formString(req, 'fileId', 20));
    const sha256 = formString(req, 'sha256', 64);
    try {
      if (fileId === null || !/^[0-9a-f]{64}$/i.test(sha256)) throw errors.validation({ file: [{ key: 'units.import.fileRequired' }] });
      const res = await applyStoredUnitUpload(ctx, actor, { fileId, sha256 });
      const report = translateUnitReport(res, req.t);
      return html(reply, renderPage(UnitsImportPage({ v: await viewContext(ctx, req), report, applied: res.applied, notice: res.applied ? req.t('units.notice.imported') : null })), res.applied ? 200 : 400);
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, renderPage(UnitsImportPage({ v: await viewContext(ctx, req), error: req.t(err.messageKey, err.options.params) })), err.status);
    }
  });

  app.get('/admin/units/template.xlsx', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return reply.type(XLSX_MIME).header('content-disposition', 'attachment; filename="templat-unit.xlsx"').header('cache-control', 'no-store').send(await unitTemplateWorkbook());
  });

  await app.register(async (scoped) => {
    await scoped.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_UNIT_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
    // Nobody streams an upload into memory before being known as an administrator with a valid CSRF token.
    scoped.addHook('preParsing', async (req) => {
      if (!req.isMultipart()) return;
      if (!req.auth) throw errors.unauthenticated();
      assertAdministrator(await requirePrincipal(ctx, req));
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (req.auth.via !== 'token' && (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken))) throw new AppError(403, 'forbidden', 'error.csrf');
    });
    scoped.post('/admin/units/import', hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      try {
        const upload = await uploadedFile(req);
        if (!upload) throw errors.validation({ file: [{ key: 'units.import.fileRequired' }] });
        const res = await dryRunUnitUpload(ctx, actor, upload);
        const report = translateUnitReport(res.report, req.t);
        return html(reply, renderPage(UnitsImportPage({ v: await viewContext(ctx, req), report, file: res.file })), report.valid ? 200 : 400);
      } catch (err) {
        if (!formError(err)) throw err;
        return html(reply, renderPage(UnitsImportPage({ v: await viewContext(ctx, req), errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
      }
    });
  });
}

/** The multipart field `file` (attached to the body), or null when none or empty. */
async function uploadedFile(req: FastifyRequest): Promise<{ filename: string; data: Buffer } | null> {
  const body = req.body as Record<string, unknown> | undefined;
  const raw = body && typeof body === 'object' ? body.file : undefined;
  const part = (Array.isArray(raw) ? raw[0] : raw) as { type?: string; filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
  if (!part || part.type !== 'file' || !part.toBuffer) return null;
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 413) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
    throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
  }
  return data.length > 0 ? { filename: part.filename ?? '', data } : null;
}
