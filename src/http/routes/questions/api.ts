// Question bank API: questions and categories of a programme, import (multipart; dry run or apply) and
// export. For authors of the programme only (403 for non-authors, 404 outside the author's scope);
// answers include correctness — the callers are the authors.
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as authoring from '../../../services/authoring.js';
import * as bank from '../../../services/question-bank.js';
import { MAX_IMPORT_BYTES, exportBank, importQuestions, templateWorkbook, translateReport, XLSX_MIME } from '../../../services/question-import.js';
import { QUESTION_TYPE_LIST } from '../../../domain/question-sheet.js';
import type { QuestionCategory } from '../../../db/schema.js';
import { readMultipartUpload } from '../../upload.js';
import { AppError } from '../../errors.js';
import { principalActor } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { idCursor, idParam, limitParam } from '../users/access.js';

const id = z.number().int();
const questionType = z.enum(QUESTION_TYPE_LIST as unknown as ['single', 'multiple', 'true_false', 'short']);

const apiQuestion = z.object({
  id,
  programmeId: id,
  category: z.object({ id, name: z.string() }),
  code: z.string(),
  type: questionType,
  text: z.string().describe('Markdown'),
  imageUrl: z.string().nullable(),
  options: z.array(z.object({ id, text: z.string(), correct: z.boolean() })).describe('Ids are stable within the question; true/false: Benar (1) / Salah (2)'),
  acceptedAnswers: z.array(z.string()),
  points: z.number(),
  partialCredit: z.boolean(),
  feedback: z.string().nullable(),
  tags: z.array(z.string()),
  status: z.enum(['active', 'archived']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const apiCategory = z.object({ id, name: z.string(), description: z.string().nullable(), activeQuestions: id, archivedQuestions: id });

const questionBody = z.object({
  categoryId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('An existing category of the programme'),
  category: z.string().max(400).optional().describe('Or a category by name (created when missing)'),
  code: z.string().max(200).optional().describe('Unique per programme; suggested when left out'),
  type: questionType,
  text: z.string().max(40_000),
  options: z.array(z.object({ text: z.string().max(4000), correct: z.boolean() })).max(6).default([]).describe('Option slots in order (an edit keeps the id of the option at the same position); true/false: [Benar, Salah] with one correct'),
  acceptedAnswers: z.array(z.string().max(4000)).max(50).default([]).describe('Short answer: every accepted answer'),
  points: z.number().default(1),
  partialCredit: z.boolean().default(false).describe('Multiple choice only'),
  feedback: z.string().max(20_000).nullable().optional(),
  tags: z.array(z.string().max(200)).max(50).default([]),
});
const updateBody = questionBody.extend({ status: z.enum(['active', 'archived']).optional().describe('Archive (never drawn again) or restore') });

const listQuery = z.object({
  category: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('Category id'),
  type: questionType.optional(),
  tag: z.string().max(200).optional(),
  status: z.enum(['active', 'archived', 'all']).default('all'),
  q: z.string().max(200).optional().describe('Text search in the code and the text'),
  cursor: idCursor,
  limit: limitParam,
});

const reportSchema = z.object({
  valid: z.boolean(),
  applied: z.boolean(),
  rows: id.describe('Data rows read'),
  errors: z.array(z.object({ row: id.describe('Row number in the file (the header is row 1)'), field: z.string(), code: z.string(), message: z.string() })),
  summary: z.array(z.object({ category: z.string(), new: id, updated: id, unchanged: id })),
  totals: z.object({ new: id, updated: id, unchanged: id }),
});

const categoryParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER), categoryId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const toApi = (q: bank.BankItem) => ({
  id: q.id,
  programmeId: q.programmeId,
  category: { id: q.categoryId, name: q.category },
  code: q.code,
  type: q.type,
  text: q.text,
  imageUrl: q.imageFileId !== null ? `/media/questions/${q.id}/image` : null,
  options: q.options,
  acceptedAnswers: q.acceptedAnswers,
  points: q.points,
  partialCredit: q.partialCredit,
  feedback: q.feedback,
  tags: q.tags,
  status: q.status,
  createdAt: q.createdAt,
  updatedAt: q.updatedAt,
});
const toApiCategory = (c: QuestionCategory & { active?: number; archived?: number }) => ({ id: c.id, name: c.name, description: c.description, activeQuestions: c.active ?? 0, archivedQuestions: c.archived ?? 0 });

const toInput = (b: z.infer<typeof questionBody>): bank.QuestionInput => ({
  categoryId: b.categoryId ?? null,
  categoryName: b.category?.trim() || undefined,
  code: (b.code ?? '').trim(),
  type: b.type,
  text: b.text.trim(),
  options: b.options.map((o) => ({ text: o.text.trim(), correct: o.correct })),
  acceptedAnswers: b.acceptedAnswers.map((a) => a.trim()).filter(Boolean),
  points: b.points,
  partialCredit: b.partialCredit,
  feedback: b.feedback?.trim() || null,
  tags: [...new Set(b.tags.map((t) => t.trim()).filter(Boolean))],
  source: 'api',
});

export async function questionsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['question-bank'];
  const authorActor = async (req: FastifyRequest) => {
    const actor = await principalActor(ctx, req);
    authoring.assertAuthor(actor.principal);
    return actor;
  };
  const common = { 401: errorResponse, 403: errorResponse, 404: errorResponse };

  r.get(
    '/api/v1/programmes/:id/questions',
    { schema: { tags, summary: 'Questions of the programme’s bank (filters: category, type, tag, status, text), by id', params: idParam, querystring: listQuery, response: { 200: z.object({ items: z.array(apiQuestion), nextCursor: id.nullable() }), 400: errorResponse, ...common } } },
    async (req) => {
      const actor = await authorActor(req);
      const q = req.query;
      const res = await bank.listQuestions(ctx, actor.principal, req.params.id, { categoryId: q.category, type: q.type, tag: q.tag?.trim() || undefined, status: q.status === 'all' ? undefined : q.status, q: q.q?.trim() || undefined }, { cursor: q.cursor, limit: q.limit });
      return { items: res.items.map(toApi), nextCursor: res.nextCursor };
    },
  );

  r.post(
    '/api/v1/programmes/:id/questions',
    {
      schema: {
        tags,
        summary: 'Adds a question to the bank (validated per type: single ≥2 options and exactly one correct; multiple ≥1 correct; true/false one of Benar/Salah; short ≥1 accepted answer); audited',
        params: idParam,
        body: questionBody,
        response: { 201: apiQuestion, 400: errorResponse, ...common },
      },
    },
    async (req, reply) => {
      const actor = await authorActor(req);
      await authoring.loadProgramme(ctx, actor.principal, req.params.id); // scope first, then the body
      const qid = await bank.createQuestion(ctx, actor, req.params.id, toInput(req.body));
      const { question } = await bank.loadQuestion(ctx, actor.principal, qid);
      return reply.code(201).send(toApi(question));
    },
  );

  r.get('/api/v1/questions/:id', { schema: { tags, summary: 'A question of a bank the caller authors (with the key)', params: idParam, response: { 200: apiQuestion.extend({ usedByAttempts: id }), ...common } } }, async (req) => {
    const actor = await authorActor(req);
    const { question, usage } = await bank.loadQuestion(ctx, actor.principal, req.params.id);
    return { ...toApi(question), usedByAttempts: usage };
  });

  r.put(
    '/api/v1/questions/:id',
    { schema: { tags, summary: 'Replaces a question (options keep their ids by position; attempts already started keep their snapshot); optional status archives or restores it', params: idParam, body: updateBody, response: { 200: apiQuestion, 400: errorResponse, ...common } } },
    async (req) => {
      const actor = await authorActor(req);
      await bank.loadQuestion(ctx, actor.principal, req.params.id); // scope first, then the body
      await bank.updateQuestion(ctx, actor, req.params.id, toInput(req.body));
      if (req.body.status) await bank.setQuestionStatus(ctx, actor, req.params.id, req.body.status);
      return toApi((await bank.loadQuestion(ctx, actor.principal, req.params.id)).question);
    },
  );

  r.delete(
    '/api/v1/questions/:id',
    { schema: { tags, summary: 'Deletes a question never used by an attempt (409 question_in_use otherwise: archive it with PUT status=archived)', params: idParam, response: { 204: z.null(), 409: errorResponse, ...common } } },
    async (req, reply) => {
      const actor = await authorActor(req);
      await bank.deleteQuestion(ctx, actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/v1/programmes/:id/question-categories',
    { schema: { tags, summary: 'Categories of the programme’s bank with their question counts', params: idParam, response: { 200: z.object({ items: z.array(apiCategory), nextCursor: z.null() }), ...common } } },
    async (req) => {
      const actor = await authorActor(req);
      return { items: (await bank.listCategories(ctx, actor.principal, req.params.id)).map(toApiCategory), nextCursor: null };
    },
  );

  const categoryBody = z.object({ name: z.string().max(400), description: z.string().max(4000).nullable().optional() });
  r.post(
    '/api/v1/programmes/:id/question-categories',
    { schema: { tags, summary: 'Adds a category to the programme’s bank; audited', params: idParam, body: categoryBody, response: { 201: apiCategory, 400: errorResponse, ...common } } },
    async (req, reply) => {
      const actor = await authorActor(req);
      await authoring.loadProgramme(ctx, actor.principal, req.params.id); // scope first, then the body
      const c = await bank.createCategory(ctx, actor, req.params.id, { name: req.body.name, description: req.body.description ?? null });
      return reply.code(201).send(toApiCategory(c));
    },
  );

  r.put(
    '/api/v1/programmes/:id/question-categories/:categoryId',
    {
      schema: {
        tags,
        summary: 'Renames / describes a category; the draw rules of the programme’s quizzes naming the old name follow in the same transaction',
        params: categoryParams,
        body: categoryBody,
        response: { 200: apiCategory.extend({ quizzesUpdated: z.array(id) }), 400: errorResponse, ...common },
      },
    },
    async (req) => {
      const actor = await authorActor(req);
      await authoring.loadProgramme(ctx, actor.principal, req.params.id); // scope first, then the body
      const res = await bank.updateCategory(ctx, actor, req.params.id, req.params.categoryId, { name: req.body.name, description: req.body.description ?? null });
      return { ...toApiCategory(res.category), quizzesUpdated: res.quizzesUpdated };
    },
  );

  r.post(
    '/api/v1/programmes/:id/questions/import',
    {
      config: { allowMultipart: true },
      schema: {
        tags,
        summary: 'Imports questions from the CSV or XLSX template: a dry run (nothing written) or, with ?apply=1, an all-or-nothing apply',
        description:
          'multipart/form-data with one file field `file` (CSV with `,` or `;`, UTF-8 with or without BOM, or XLSX; at most 5 MB). With the session cookie, send the CSRF token as `?_csrf=` or the x-csrf-token header. ' +
          'The answer lists every bad row with its row number (the header is row 1) and reason, and per category how many questions would be new, updated or unchanged. ' +
          'With apply=1 a file with any bad row writes nothing and answers 400 import_invalid with the same report in the error body.',
        consumes: ['multipart/form-data'],
        params: idParam,
        querystring: z.object({ apply: z.enum(['0', '1']).optional().describe('1: apply (else a dry run)') }),
        response: { 200: reportSchema, 400: errorResponse, 409: errorResponse, 413: errorResponse, 415: errorResponse, ...common },
      },
    },
    async (req) => {
      const actor = await authorActor(req);
      await authoring.loadProgramme(ctx, actor.principal, req.params.id);
      const data = (await readMultipartUpload(req, 'bank.import.fileRequired')).data;
      if (data.length > MAX_IMPORT_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
      const apply = req.query.apply === '1';
      const res = await importQuestions(ctx, actor, req.params.id, data, { apply });
      const report = { ...translateReport(res, req.t), applied: res.applied };
      if (apply && !res.applied) throw new AppError(400, 'import_invalid', 'bank.import.invalid', { details: report });
      return report;
    },
  );

  r.get(
    '/api/v1/programmes/:id/questions/export',
    {
      schema: {
        tags,
        summary: 'The active questions of the bank in the import template (CSV with a UTF-8 BOM, or XLSX)',
        params: idParam,
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
        produces: ['text/csv', XLSX_MIME],
        response: { 400: errorResponse, ...common },
      },
    },
    async (req, reply) => {
      const actor = await authorActor(req);
      const file = await exportBank(ctx, actor.principal, req.params.id, req.query.format);
      return reply.type(file.mime).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.data as never); // bytes, not serialised
    },
  );

  r.get(
    '/api/v1/programmes/:id/questions/template',
    { schema: { tags, summary: 'The XLSX import template: the header, two example rows and an instructions sheet (Indonesian)', params: idParam, produces: [XLSX_MIME], response: common } },
    async (req, reply) => {
      const actor = await authorActor(req);
      await authoring.loadProgramme(ctx, actor.principal, req.params.id);
      return reply.type(XLSX_MIME).header('content-disposition', 'attachment; filename="templat-bank-soal.xlsx"').send((await templateWorkbook()) as never);
    },
  );
}
