// The question bank of a programme: categories and questions (authoring pages and API), with the
// cached read attempts draw from. Authoring is scoped like programme authoring (loadProgramme:
// 403 for non-authors, 404 for a programme outside the author's scope). Every change is audited and
// drops the cache (questionBankChanged). Import and export live in question-import.ts.
import type { BankQuestion, QuestionOption, QuestionType } from '../domain/quiz.js';
import type { QuestionCategory } from '../db/schema.js';
import type { QuestionFilters, QuestionRow } from '../db/repositories/questions.js';
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import {
  CODE_PATTERN,
  MAX_CATEGORY,
  MAX_OPTIONS,
  TRUE_FALSE_TEXTS,
  assignOptionIds,
  isQuestionType,
  parsePoints,
  renameInDrawRules,
  splitAnswers,
  splitTags,
  suggestCode,
  validateDraft,
  type Problem,
  type QuestionDraft,
} from '../domain/question-sheet.js';
import { errors, type FieldProblem } from '../http/errors.js';
import type { MessageKey } from '../i18n/index.js';
import { audit } from './audit.js';
import { assertAuthor, canAuthor, loadProgramme, type AuthorActor, type FormValues } from './authoring.js';
import type { AppContext } from './context.js';
import { findFile, storeFile } from './files.js';
import { programmeStructureChanged } from './learning.js';

/**
 * A programme's active questions change only when an author edits the bank, but are read by every
 * attempt start (a whole cohort may press Start in the same minute): they are kept in memory for a
 * few seconds and dropped at once when this instance changes the bank.
 */
export const BANK_TTL_MS = 5_000;
const bankCache = new WeakMap<AppContext['repos'], Map<number, { at: number; value: Promise<BankQuestion[]> }>>();

export function questionBankChanged(ctx: Pick<AppContext, 'repos'>): void {
  bankCache.get(ctx.repos)?.clear();
}

export function activeBank(ctx: Pick<AppContext, 'repos'>, programmeId: number): Promise<BankQuestion[]> {
  let perCtx = bankCache.get(ctx.repos);
  if (!perCtx) bankCache.set(ctx.repos, (perCtx = new Map()));
  const nowMs = Date.now();
  const hit = perCtx.get(programmeId);
  if (hit && nowMs - hit.at < BANK_TTL_MS) return hit.value;
  const value = ctx.repos.questions.activeBank(programmeId);
  value.catch(() => perCtx!.delete(programmeId));
  perCtx.set(programmeId, { at: nowMs, value });
  return value;
}

// ---------------------------------------------------------------- shapes

/** A question as authors see it (correctness included: they are authors). */
export interface BankItem {
  id: number;
  programmeId: number;
  categoryId: number;
  category: string;
  code: string;
  type: QuestionType;
  text: string;
  imageFileId: number | null;
  options: QuestionOption[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string | null;
  tags: string[];
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
}

const parseList = <T>(text: string): T[] => {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
};

export function toBankItem(r: QuestionRow): BankItem {
  return {
    id: r.id,
    programmeId: r.programme_id,
    categoryId: r.category_id,
    category: r.category_name,
    code: r.code,
    type: r.type,
    text: r.text,
    imageFileId: r.image_file_id,
    options: parseList<QuestionOption>(r.options),
    acceptedAnswers: parseList<string>(r.accepted_answers),
    points: Number(r.points),
    partialCredit: r.partial_credit === 1,
    feedback: r.feedback,
    tags: parseList<string>(r.tags),
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What an author writes (form or API), before validation. */
export interface QuestionInput {
  /** An existing category of the programme… */
  categoryId: number | null;
  /** …or a category by name (created when missing). */
  categoryName?: string;
  /** Empty: a free code is suggested. */
  code: string;
  type: string;
  text: string;
  /** Option slots in order; for true/false slot 0 is "Benar", slot 1 "Salah". */
  options: { text: string; correct: boolean }[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string | null;
  tags: string[];
  /** Field names in validation errors: the form's (default) or the API body's. */
  source?: 'form' | 'api';
}

export interface UploadedImage {
  filename: string;
  data: Buffer;
}

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** The image type by its first bytes (the name and the declared type are not trusted). */
export function sniffImage(data: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif' | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (data.length >= 6 && ['GIF87a', 'GIF89a'].includes(data.subarray(0, 6).toString('latin1'))) return 'image/gif';
  return null;
}

/** The message key of a problem (shared by the form, the API and the import report). */
export const problemKey = (p: Pick<Problem, 'code'>): MessageKey => `bank.problem.${p.code}` as MessageKey;

type Fields = Record<string, FieldProblem[]>;

/** Form/API field names of draft fields. */
function fieldName(p: Problem, type: string, source: QuestionInput['source']): string {
  if (source === 'api') return p.field === 'correct' ? 'options' : p.field;
  if (p.field === 'acceptedAnswers') return 'accepted_answers';
  if (p.field === 'correct') return type === 'true_false' ? 'tf_correct' : 'options';
  return p.field;
}

// ---------------------------------------------------------------- form values → input

const formStr = (values: FormValues, name: string, max: number): string => {
  const v = values[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const formChecked = (values: FormValues, name: string) => ['1', 'on', 'true'].includes(formStr(values, name, 8));

/** The question form's posted values as an input (option rows option_text_1..6 / option_correct_1..6). */
export function questionInputFromForm(values: FormValues): QuestionInput {
  const type = formStr(values, 'type', 32).trim();
  let options: QuestionInput['options'];
  if (type === 'true_false') {
    const tf = formStr(values, 'tf_correct', 16);
    options = [
      { text: TRUE_FALSE_TEXTS[0], correct: tf === 'benar' },
      { text: TRUE_FALSE_TEXTS[1], correct: tf === 'salah' },
    ];
  } else {
    options = Array.from({ length: MAX_OPTIONS }, (_, i) => ({ text: formStr(values, `option_text_${i + 1}`, 4000).trim(), correct: formChecked(values, `option_correct_${i + 1}`) }));
    while (options.length && !options[options.length - 1]!.text && !options[options.length - 1]!.correct) options.pop();
  }
  const categoryText = formStr(values, 'category', 20);
  return {
    categoryId: /^[1-9]\d{0,14}$/.test(categoryText) ? Number(categoryText) : null,
    categoryName: formStr(values, 'new_category', 400).trim() || undefined,
    code: formStr(values, 'code', 200).trim(),
    type,
    text: formStr(values, 'text', 40_000).replace(/\r\n/g, '\n').trim(),
    options,
    acceptedAnswers: splitAnswers(formStr(values, 'accepted_answers', 40_000), /\r?\n/),
    points: parsePoints(formStr(values, 'points', 32)),
    partialCredit: formChecked(values, 'partial_credit'),
    feedback: formStr(values, 'feedback', 20_000).replace(/\r\n/g, '\n').trim() || null,
    tags: splitTags(formStr(values, 'tags', 4000)),
  };
}

// ---------------------------------------------------------------- reading

/** The question and its programme, within the principal's authoring scope (403 non-authors, 404 otherwise). */
export async function loadQuestion(ctx: AppContext, p: Principal, questionId: number, programmeId?: number) {
  assertAuthor(p);
  const row = await ctx.repos.questions.questionWithCategory(questionId);
  if (!row || (programmeId !== undefined && row.programme_id !== programmeId)) throw errors.notFound();
  const programme = await loadProgramme(ctx, p, row.programme_id);
  return { programme, question: toBankItem(row), usage: await ctx.repos.questions.usage(row.id) };
}

export async function listQuestions(ctx: AppContext, p: Principal, programmeId: number, filters: QuestionFilters, page: { cursor?: number; limit: number }) {
  await loadProgramme(ctx, p, programmeId);
  const res = await ctx.repos.questions.listQuestions(programmeId, filters, page);
  return { items: res.items.map(toBankItem), nextCursor: res.nextCursor };
}

export async function listCategories(ctx: AppContext, p: Principal, programmeId: number) {
  await loadProgramme(ctx, p, programmeId);
  return ctx.repos.questions.categoriesWithCounts(programmeId);
}

/** A free code for a new question of the programme ("SOAL-001", …). */
export async function nextCode(ctx: AppContext, programmeId: number): Promise<string> {
  return suggestCode(await ctx.repos.questions.codesOf(programmeId));
}

// ---------------------------------------------------------------- writing questions

async function resolveCategory(ctx: AppContext, programmeId: number, input: QuestionInput, f: Fields, now: string, create: boolean): Promise<{ id: number | null; name: string }> {
  if (input.categoryName) {
    const name = input.categoryName.trim();
    if (name.length > MAX_CATEGORY) {
      (f.new_category ??= []).push({ key: 'bank.problem.too_long', params: { max: MAX_CATEGORY } });
      return { id: null, name };
    }
    const found = await ctx.repos.questions.categoryByName(programmeId, name);
    if (found) return { id: found.id, name };
    return { id: create ? await ctx.repos.questions.ensureCategory(programmeId, name, now) : null, name };
  }
  if (input.categoryId !== null) {
    const c = await ctx.repos.questions.category(input.categoryId);
    if (c && c.programme_id === programmeId) return { id: c.id, name: c.name };
    (f.category ??= []).push({ key: 'bank.problem.category_unknown' });
    return { id: null, name: '' };
  }
  (f.category ??= []).push({ key: 'bank.problem.category_required' });
  return { id: null, name: '' };
}

function checkImage(image: UploadedImage | undefined, f: Fields): { mime: string } | null {
  if (!image || image.data.length === 0) return null;
  if (image.data.length > MAX_IMAGE_BYTES) {
    (f.image ??= []).push({ key: 'bank.problem.image_too_large', params: { max: '2 MB' } });
    return null;
  }
  const mime = sniffImage(image.data);
  if (!mime) (f.image ??= []).push({ key: 'bank.problem.image_type' });
  return mime ? { mime } : null;
}

/** Validates an input against the programme; throws 400 with every field problem. */
async function prepare(ctx: AppContext, actor: AuthorActor, programmeId: number, input: QuestionInput, existing: { id: number; options: QuestionOption[]; code: string } | null, image: UploadedImage | undefined) {
  const f: Fields = {};
  const now = ctx.clock().toISOString();
  const type = input.type;
  if (!isQuestionType(type)) (f.type ??= []).push({ key: 'bank.problem.type_unknown', params: { value: type.slice(0, 40) } });
  const code = input.code || existing?.code || (await nextCode(ctx, programmeId));
  const draft: QuestionDraft = {
    code,
    category: 'x', // checked by resolveCategory
    type: isQuestionType(type) ? type : 'single',
    text: input.text,
    options: input.options,
    acceptedAnswers: input.acceptedAnswers,
    points: input.points,
    partialCredit: type === 'multiple' && input.partialCredit,
    feedback: input.feedback,
    tags: input.tags,
  };
  for (const pr of validateDraft(draft)) {
    if (!isQuestionType(type) && (pr.field === 'options' || pr.field === 'correct')) continue;
    (f[fieldName(pr, type, input.source)] ??= []).push({ key: problemKey(pr), ...(pr.params ? { params: pr.params } : {}) });
  }
  if (CODE_PATTERN.test(code)) {
    const other = await ctx.repos.questions.questionByCode(programmeId, code);
    if (other && other.id !== existing?.id) (f.code ??= []).push({ key: 'bank.problem.code_taken' });
  }
  const img = checkImage(image, f);
  // The category is created only once everything else is valid.
  const category = await resolveCategory(ctx, programmeId, input, f, now, Object.keys(f).length === 0);
  if (Object.keys(f).length) throw errors.validation(f);
  let imageFileId: number | undefined;
  if (img && image) imageFileId = (await storeFile(ctx, image.data, { originalName: image.filename || 'gambar', mime: img.mime, createdBy: actor.userId, maxBytes: MAX_IMAGE_BYTES })).id;
  return {
    now,
    imageFileId,
    fields: {
      category_id: category.id!,
      code,
      type: draft.type,
      text: draft.text,
      options: assignOptionIds(draft.type, draft.options, existing?.options ?? []),
      accepted_answers: draft.type === 'short' ? draft.acceptedAnswers : [],
      points: draft.points,
      partial_credit: draft.partialCredit,
      feedback: draft.feedback,
      tags: draft.tags,
    },
  };
}

const uniqueViolation = (err: unknown) => /unique|duplicate key/i.test(String((err as Error)?.message ?? ''));

export async function createQuestion(ctx: AppContext, actor: AuthorActor, programmeId: number, input: QuestionInput, image?: UploadedImage): Promise<number> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const { now, imageFileId, fields } = await prepare(ctx, actor, programmeId, input, null, image);
  let id: number;
  try {
    id = await ctx.repos.questions.createQuestion(programmeId, { ...fields, image_file_id: imageFileId ?? null }, now);
  } catch (err) {
    if (uniqueViolation(err)) throw errors.validation({ code: [{ key: 'bank.problem.code_taken' }] });
    throw err;
  }
  questionBankChanged(ctx);
  await audit(ctx, actor, 'question.created', { type: 'question', id }, { programmeId, code: fields.code });
  return id;
}

export async function updateQuestion(ctx: AppContext, actor: AuthorActor, questionId: number, input: QuestionInput, opts: { programmeId?: number; image?: UploadedImage; removeImage?: boolean } = {}): Promise<void> {
  const { programme, question } = await loadQuestion(ctx, actor.principal, questionId, opts.programmeId);
  const { now, imageFileId, fields } = await prepare(ctx, actor, programme.id, input, question, opts.image);
  const image = imageFileId ?? (opts.removeImage ? null : question.imageFileId);
  try {
    await ctx.repos.questions.updateQuestion(question.id, { ...fields, image_file_id: image }, now);
  } catch (err) {
    if (uniqueViolation(err)) throw errors.validation({ code: [{ key: 'bank.problem.code_taken' }] });
    throw err;
  }
  questionBankChanged(ctx);
  await audit(ctx, actor, 'question.updated', { type: 'question', id: question.id }, { programmeId: programme.id, code: fields.code });
}

export async function setQuestionStatus(ctx: AppContext, actor: AuthorActor, questionId: number, status: 'active' | 'archived', programmeId?: number): Promise<void> {
  const { programme, question } = await loadQuestion(ctx, actor.principal, questionId, programmeId);
  if (question.status === status) return;
  await ctx.repos.questions.setStatus(question.id, status, ctx.clock().toISOString());
  questionBankChanged(ctx);
  await audit(ctx, actor, status === 'archived' ? 'question.archived' : 'question.restored', { type: 'question', id: question.id }, { programmeId: programme.id, code: question.code });
}

/** Deletes a question never used by an attempt; a used one answers 409 question_in_use (archive it instead). */
export async function deleteQuestion(ctx: AppContext, actor: AuthorActor, questionId: number, programmeId?: number): Promise<void> {
  const { programme, question } = await loadQuestion(ctx, actor.principal, questionId, programmeId);
  if (!(await ctx.repos.questions.deleteUnused(question.id))) throw errors.conflict('question_in_use', 'bank.error.inUse');
  questionBankChanged(ctx);
  await audit(ctx, actor, 'question.deleted', { type: 'question', id: question.id }, { programmeId: programme.id, code: question.code });
}

// ---------------------------------------------------------------- categories

export interface CategoryInput {
  name: string;
  description: string | null;
}

function categoryFields(input: CategoryInput): { name: string; description: string | null } {
  const f: Fields = {};
  const name = input.name.trim();
  const description = input.description?.trim() || null;
  if (!name) (f.name ??= []).push({ key: 'bank.problem.category_required' });
  else if (name.length > MAX_CATEGORY) (f.name ??= []).push({ key: 'bank.problem.too_long', params: { max: MAX_CATEGORY } });
  if (description && description.length > 2000) (f.description ??= []).push({ key: 'bank.problem.too_long', params: { max: 2000 } });
  if (Object.keys(f).length) throw errors.validation(f);
  return { name, description };
}

export async function createCategory(ctx: AppContext, actor: AuthorActor, programmeId: number, input: CategoryInput): Promise<QuestionCategory> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const fields = categoryFields(input);
  if (await ctx.repos.questions.categoryByName(programmeId, fields.name)) throw errors.validation({ name: [{ key: 'bank.problem.category_exists' }] });
  let id: number;
  try {
    id = await ctx.repos.questions.insertCategory(programmeId, fields.name, fields.description, ctx.clock().toISOString());
  } catch (err) {
    if (uniqueViolation(err)) throw errors.validation({ name: [{ key: 'bank.problem.category_exists' }] });
    throw err;
  }
  questionBankChanged(ctx);
  await audit(ctx, actor, 'question_category.created', { type: 'question_category', id }, { programmeId, name: fields.name });
  return (await ctx.repos.questions.category(id))!;
}

/** Renames / describes a category; quiz draw rules naming the old name follow in the same transaction. */
export async function updateCategory(ctx: AppContext, actor: AuthorActor, programmeId: number, categoryId: number, input: CategoryInput): Promise<{ category: QuestionCategory; quizzesUpdated: number[] }> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const current = await ctx.repos.questions.category(categoryId);
  if (!current || current.programme_id !== programmeId) throw errors.notFound();
  const fields = categoryFields(input);
  if (fields.name !== current.name && (await ctx.repos.questions.categoryByName(programmeId, fields.name))) throw errors.validation({ name: [{ key: 'bank.problem.category_exists' }] });
  const rewrite = (config: string): string | null => {
    if (fields.name === current.name) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(config);
    } catch {
      return null;
    }
    const next = renameInDrawRules(parsed, current.name, fields.name);
    return next === null ? null : JSON.stringify(next);
  };
  let quizzesUpdated: number[];
  try {
    quizzesUpdated = await ctx.repos.questions.updateCategory(programmeId, categoryId, fields, ctx.clock().toISOString(), rewrite);
  } catch (err) {
    if (uniqueViolation(err)) throw errors.validation({ name: [{ key: 'bank.problem.category_exists' }] });
    throw err;
  }
  questionBankChanged(ctx);
  if (quizzesUpdated.length) programmeStructureChanged(ctx);
  await audit(ctx, actor, 'question_category.updated', { type: 'question_category', id: categoryId }, { programmeId, from: current.name, to: fields.name, quizzesUpdated });
  return { category: (await ctx.repos.questions.category(categoryId))!, quizzesUpdated };
}

// ---------------------------------------------------------------- the image

/**
 * A question's image for whoever may see it: authors of the programme and participants enrolled in
 * it (and platform admins). Anyone else — and a question without an image — gets 404.
 */
export async function questionImage(ctx: AppContext, userId: number, principal: () => Promise<Principal>, questionId: number) {
  const q = await ctx.repos.questions.question(questionId);
  if (!q || q.image_file_id === null) throw errors.notFound();
  let allowed = await ctx.repos.media.isEnrolledInProgramme(userId, q.programme_id);
  if (!allowed) {
    const p = await principal();
    if (isPlatformAdmin(p)) allowed = true;
    else if (canAuthor(p)) {
      try {
        await loadProgramme(ctx, p, q.programme_id);
        allowed = true;
      } catch {
        allowed = false;
      }
    }
  }
  if (!allowed) throw errors.notFound();
  const file = await findFile(ctx, q.image_file_id);
  if (!file) throw errors.notFound();
  return file;
}
