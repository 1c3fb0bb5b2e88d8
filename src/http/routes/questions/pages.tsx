// Question bank pages under /admin/programmes/:id/questions… (plain forms; multipart for the question
// form with its image and for the import upload, with the CSRF token in the query string).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as authoring from '../../../services/authoring.js';
import * as bank from '../../../services/question-bank.js';
import { applyStoredUpload, dryRunUpload, exportBank, templateWorkbook, translateReport, XLSX_MIME } from '../../../services/question-import.js';
import { isQuestionType } from '../../../domain/question-sheet.js';
import type { QuestionFilters } from '../../../db/repositories/questions.js';
import type { MessageKey } from '../../../i18n/index.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages } from '../../form.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { authorPageActor, param } from '../authoring/access.js';
import { html, positiveInt, queryString } from '../users/access.js';
import { CategoriesPage, ImportPage, QuestionFormPage, QuestionListPage, questionValues, type FormVals, type ListFilters } from './views.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;
const NOTICES = new Set<MessageKey>(['bank.notice.saved', 'bank.notice.deleted', 'bank.notice.archived', 'bank.notice.restored', 'bank.notice.imported']);
const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return NOTICES.has(key) ? req.t(key) : null;
};
const formError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409 || err.status === 413);

interface Part {
  type: 'file' | 'field';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

/** The posted form (urlencoded or multipart) as string values and files. */
async function readForm(req: FastifyRequest): Promise<{ values: FormVals; files: Map<string, { filename: string; data: Buffer }> }> {
  const body = req.body as Record<string, unknown> | undefined;
  const values: Record<string, string | string[]> = {};
  const files = new Map<string, { filename: string; data: Buffer }>();
  if (!body || typeof body !== 'object') return { values, files };
  const put = (k: string, v: string) => {
    const prev = values[k];
    values[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  };
  for (const [k, raw] of Object.entries(body)) {
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item === 'string') put(k, item);
      else if (item && typeof item === 'object' && 'type' in item) {
        const part = item as Part;
        if (part.type === 'field' && typeof part.value === 'string') put(k, part.value);
        else if (part.type === 'file' && part.toBuffer) {
          let data: Buffer;
          try {
            data = await part.toBuffer();
          } catch (err) {
            if ((err as { statusCode?: number }).statusCode === 413) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
            throw errors.validation({ [k]: [{ key: 'error.field.invalid' }] });
          }
          if (data.length > 0) files.set(k, { filename: part.filename ?? '', data });
        }
      }
    }
  }
  return { values, files };
}

export async function questionsPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const programmeRef = async (actor: authoring.AuthorActor, id: number) => {
    const p = await authoring.loadProgramme(ctx, actor.principal, id);
    return { id: p.id, title: p.title };
  };

  // ------------------------------------------------------------ list
  app.get('/admin/programmes/:id/questions', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programme = await programmeRef(actor, param(req, 'id'));
    const filters: ListFilters = {
      category: queryString(req, 'category', 20),
      type: queryString(req, 'type', 20),
      tag: queryString(req, 'tag', 40).trim(),
      status: queryString(req, 'status', 10) || 'active',
      q: queryString(req, 'q', 200).trim(),
    };
    const f: QuestionFilters = {
      categoryId: positiveInt(filters.category) ?? undefined,
      type: isQuestionType(filters.type) ? filters.type : undefined,
      tag: filters.tag || undefined,
      status: filters.status === 'active' || filters.status === 'archived' ? filters.status : undefined,
      q: filters.q || undefined,
    };
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = positiveInt(cursorText) ?? undefined;
    const [res, categories, v] = await Promise.all([bank.listQuestions(ctx, actor.principal, programme.id, f, { cursor, limit: PAGE_SIZE }), ctx.repos.questions.categoriesWithCounts(programme.id), viewContext(ctx, req)]);
    return html(reply, renderPage(QuestionListPage({ v, programme, categories, filters, items: res.items, nextCursor: res.nextCursor, paged: cursor !== undefined, notice: noticeOf(req) })));
  });

  // ------------------------------------------------------------ new / edit
  const renderForm = async (req: FastifyRequest, actor: authoring.AuthorActor, programmeId: number, o: { questionId?: number; values?: FormVals; errors?: Record<string, string[]>; error?: string | null; status?: number }) => {
    const programme = await programmeRef(actor, programmeId);
    const loaded = o.questionId ? await bank.loadQuestion(ctx, actor.principal, o.questionId, programmeId) : null;
    const [categories, v] = await Promise.all([ctx.repos.questions.categoriesWithCounts(programmeId), viewContext(ctx, req)]);
    const values = o.values ?? (loaded ? questionValues(loaded.question) : { code: await bank.nextCode(ctx, programmeId), type: 'single', points: '1', category: categories.length === 1 ? String(categories[0]!.id) : '' });
    return renderPage(QuestionFormPage({ v, programme, categories, question: loaded?.question, usage: loaded?.usage, values, errors: o.errors, error: o.error, notice: noticeOf(req) }));
  };

  app.get('/admin/programmes/:id/questions/new', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    return html(reply, await renderForm(req, actor, param(req, 'id'), {}));
  });

  app.post('/admin/programmes/:id/questions/new', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programmeId = param(req, 'id');
    await authoring.loadProgramme(ctx, actor.principal, programmeId);
    try {
      const { values, files } = await readForm(req);
      try {
        const id = await bank.createQuestion(ctx, actor, programmeId, bank.questionInputFromForm(values), files.get('image'));
        return seeOther(reply, `/admin/programmes/${programmeId}/questions/${id}?notice=bank.notice.saved`);
      } catch (err) {
        if (!formError(err)) throw err;
        return html(reply, await renderForm(req, actor, programmeId, { values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
      }
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, await renderForm(req, actor, programmeId, { errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
    }
  });

  app.get('/admin/programmes/:id/questions/:questionId', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    return html(reply, await renderForm(req, actor, param(req, 'id'), { questionId: param(req, 'questionId') }));
  });

  app.post('/admin/programmes/:id/questions/:questionId', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programmeId = param(req, 'id');
    const questionId = param(req, 'questionId');
    await bank.loadQuestion(ctx, actor.principal, questionId, programmeId);
    let values: FormVals | undefined;
    try {
      const form = await readForm(req);
      values = form.values;
      await bank.updateQuestion(ctx, actor, questionId, bank.questionInputFromForm(values), { programmeId, image: form.files.get('image'), removeImage: values.remove_image === '1' });
      return seeOther(reply, `/admin/programmes/${programmeId}/questions/${questionId}?notice=bank.notice.saved`);
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, await renderForm(req, actor, programmeId, { questionId, values, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
    }
  });

  const statusAction = (path: string, run: (actor: authoring.AuthorActor, programmeId: number, questionId: number) => Promise<void>, notice: MessageKey) => {
    app.post(`/admin/programmes/:id/questions/:questionId/${path}`, hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const programmeId = param(req, 'id');
      const questionId = param(req, 'questionId');
      try {
        await run(actor, programmeId, questionId);
      } catch (err) {
        if (!formError(err)) throw err;
        return html(reply, await renderForm(req, actor, programmeId, { questionId, error: req.t(err.messageKey, err.options.params) }), err.status);
      }
      return seeOther(reply, path === 'delete' ? `/admin/programmes/${programmeId}/questions?notice=${notice}` : `/admin/programmes/${programmeId}/questions/${questionId}?notice=${notice}`);
    });
  };
  statusAction('archive', (a, p, q) => bank.setQuestionStatus(ctx, a, q, 'archived', p), 'bank.notice.archived');
  statusAction('restore', (a, p, q) => bank.setQuestionStatus(ctx, a, q, 'active', p), 'bank.notice.restored');
  statusAction('delete', (a, p, q) => bank.deleteQuestion(ctx, a, q, p), 'bank.notice.deleted');

  // ------------------------------------------------------------ categories
  const renderCategories = async (req: FastifyRequest, actor: authoring.AuthorActor, programmeId: number, extra: Partial<Parameters<typeof CategoriesPage>[0]> = {}) => {
    const programme = await programmeRef(actor, programmeId);
    const [categories, v] = await Promise.all([ctx.repos.questions.categoriesWithCounts(programmeId), viewContext(ctx, req)]);
    return renderPage(CategoriesPage({ v, programme, categories, notice: noticeOf(req), ...extra }));
  };
  const categoryInput = (values: FormVals) => ({ name: typeof values.name === 'string' ? values.name.slice(0, 400) : '', description: typeof values.description === 'string' ? values.description.slice(0, 4000) : null });

  app.get('/admin/programmes/:id/questions/categories', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    return html(reply, await renderCategories(req, actor, param(req, 'id')));
  });
  app.post('/admin/programmes/:id/questions/categories/new', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programmeId = param(req, 'id');
    const { values } = await readForm(req);
    try {
      await bank.createCategory(ctx, actor, programmeId, categoryInput(values));
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, await renderCategories(req, actor, programmeId, { newValues: values, newErrors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
    }
    return seeOther(reply, `/admin/programmes/${programmeId}/questions/categories?notice=bank.notice.saved`);
  });
  app.post('/admin/programmes/:id/questions/categories/:categoryId', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programmeId = param(req, 'id');
    const categoryId = param(req, 'categoryId');
    const { values } = await readForm(req);
    try {
      await bank.updateCategory(ctx, actor, programmeId, categoryId, categoryInput(values));
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, await renderCategories(req, actor, programmeId, { editing: { id: categoryId, values, errors: fieldMessages(req, err) }, error: req.t(err.messageKey, err.options.params) }), err.status);
    }
    return seeOther(reply, `/admin/programmes/${programmeId}/questions/categories?notice=bank.notice.saved`);
  });

  // ------------------------------------------------------------ import, export, template
  app.get('/admin/programmes/:id/questions/import', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programme = await programmeRef(actor, param(req, 'id'));
    return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), programme, notice: noticeOf(req) })));
  });

  app.post('/admin/programmes/:id/questions/import', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programme = await programmeRef(actor, param(req, 'id'));
    try {
      const { files } = await readForm(req);
      const upload = files.get('file');
      if (!upload) throw errors.validation({ file: [{ key: 'bank.import.fileRequired' }] });
      const res = await dryRunUpload(ctx, actor, programme.id, upload);
      const report = translateReport(res.report, req.t);
      return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), programme, report, file: res.file })), report.valid ? 200 : 400);
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), programme, errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) })), err.status);
    }
  });

  app.post('/admin/programmes/:id/questions/import/apply', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    const programme = await programmeRef(actor, param(req, 'id'));
    const { values } = await readForm(req);
    const fileId = positiveInt(values.fileId);
    const sha256 = typeof values.sha256 === 'string' ? values.sha256.slice(0, 64) : '';
    try {
      if (fileId === null || !/^[0-9a-f]{64}$/i.test(sha256)) throw errors.validation({ file: [{ key: 'bank.import.fileRequired' }] });
      const res = await applyStoredUpload(ctx, actor, programme.id, { fileId, sha256 });
      const report = translateReport(res, req.t);
      return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), programme, report, applied: res.applied, notice: res.applied ? req.t('bank.notice.imported') : null })), res.applied ? 200 : 400);
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, renderPage(ImportPage({ v: await viewContext(ctx, req), programme, error: req.t(err.messageKey, err.options.params) })), err.status);
    }
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/admin/programmes/:id/questions/export.${format}`, hidden, async (req, reply) => {
      const actor = await authorPageActor(ctx, req, reply);
      if (!actor) return reply;
      const file = await exportBank(ctx, actor.principal, param(req, 'id'), format);
      return reply.type(file.mime).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.data);
    });
  }

  app.get('/admin/programmes/:id/questions/template.xlsx', hidden, async (req, reply) => {
    const actor = await authorPageActor(ctx, req, reply);
    if (!actor) return reply;
    await authoring.loadProgramme(ctx, actor.principal, param(req, 'id'));
    return reply.type(XLSX_MIME).header('content-disposition', 'attachment; filename="templat-bank-soal.xlsx"').header('cache-control', 'no-store').send(await templateWorkbook());
  });
}
