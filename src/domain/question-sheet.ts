// The question bank's pure rules: what a valid question is (shared by the authoring form, the API and
// the import), stable option ids on edit, and the import/export template (columns, aliases, one row
// per question). No I/O: the services feed these with stored questions and parsed sheet cells.
import type { QuestionOption, QuestionType } from './quiz.js';

export const QUESTION_TYPE_LIST: readonly QuestionType[] = ['single', 'multiple', 'true_false', 'short'];
export const MAX_OPTIONS = 6;
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const MAX_TEXT = 20_000;
export const MAX_OPTION_TEXT = 2_000;
export const MAX_FEEDBACK = 5_000;
export const MAX_CATEGORY = 120;
export const MAX_TAGS = 20;
export const MAX_TAG = 40;
export const MAX_POINTS = 100;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** True/false questions always carry these two options (ids 1 and 2). */
export const TRUE_FALSE_TEXTS = ['Benar', 'Salah'] as const;

/** A question as written by an author (form, API or one sheet row), before ids are assigned. */
export interface QuestionDraft {
  code: string;
  category: string;
  type: QuestionType;
  text: string;
  /** Option slots in order (A–F); an empty text is an unused slot. Ignored for short answers. */
  options: { text: string; correct: boolean }[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string | null;
  tags: string[];
}

/** Why a question is not valid. `field` names the draft field (form fields and sheet columns map onto it). */
export type ProblemCode =
  | 'code_required'
  | 'code_invalid'
  | 'code_duplicate'
  | 'code_taken'
  | 'category_unknown'
  | 'category_exists'
  | 'image_type'
  | 'image_too_large'
  | 'category_required'
  | 'too_long'
  | 'type_unknown'
  | 'text_required'
  | 'options_min'
  | 'options_max'
  | 'correct_none'
  | 'correct_many'
  | 'correct_invalid'
  | 'correct_empty_option'
  | 'tf_correct'
  | 'accepted_required'
  | 'points_invalid'
  | 'partial_credit_invalid'
  | 'tags_invalid'
  | 'column_missing'
  | 'file_empty'
  | 'file_unreadable'
  | 'too_many_rows';

export interface Problem {
  field: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

export const isQuestionType = (v: string): v is QuestionType => (QUESTION_TYPE_LIST as readonly string[]).includes(v);

// ---------------------------------------------------------------------------------------------
// Validation of a draft (the form, the API and each sheet row).

export function validateDraft(d: QuestionDraft, opts: { codeRequired?: boolean } = {}): Problem[] {
  const out: Problem[] = [];
  const p = (field: string, code: ProblemCode, params?: Problem['params']) => out.push(params ? { field, code, params } : { field, code });
  if (!d.code) {
    if (opts.codeRequired ?? true) p('code', 'code_required');
  } else if (!CODE_PATTERN.test(d.code)) p('code', 'code_invalid');
  if (!d.category.trim()) p('category', 'category_required');
  else if (d.category.length > MAX_CATEGORY) p('category', 'too_long', { max: MAX_CATEGORY });
  if (!d.text.trim()) p('text', 'text_required');
  else if (d.text.length > MAX_TEXT) p('text', 'too_long', { max: MAX_TEXT });
  if (d.feedback && d.feedback.length > MAX_FEEDBACK) p('feedback', 'too_long', { max: MAX_FEEDBACK });
  if (!Number.isFinite(d.points) || d.points <= 0 || d.points > MAX_POINTS) p('points', 'points_invalid', { max: MAX_POINTS });
  if (d.tags.length > MAX_TAGS || d.tags.some((t) => t.length > MAX_TAG)) p('tags', 'tags_invalid', { max: MAX_TAGS, length: MAX_TAG });
  if (d.type === 'short') {
    if (d.acceptedAnswers.length === 0) p('acceptedAnswers', 'accepted_required');
    else if (d.acceptedAnswers.some((a) => a.length > MAX_OPTION_TEXT)) p('acceptedAnswers', 'too_long', { max: MAX_OPTION_TEXT });
    return out;
  }
  if (d.options.length > MAX_OPTIONS) p('options', 'options_max', { max: MAX_OPTIONS });
  if (d.type === 'true_false') {
    if (d.options.filter((o) => o.correct).length !== 1) p('correct', 'tf_correct');
    return out;
  }
  const filled = d.options.filter((o) => o.text.trim());
  if (d.options.some((o) => o.text.length > MAX_OPTION_TEXT)) p('options', 'too_long', { max: MAX_OPTION_TEXT });
  d.options.forEach((o, i) => {
    if (o.correct && !o.text.trim()) p('correct', 'correct_empty_option', { letter: OPTION_LETTERS[i] ?? String(i + 1) });
  });
  const correct = filled.filter((o) => o.correct).length;
  if (filled.length < 2) p('options', 'options_min', { min: 2 });
  if (correct === 0) p('correct', 'correct_none');
  else if (d.type === 'single' && correct > 1) p('correct', 'correct_many');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Stable option ids.

/**
 * The options to store for a draft: the option in slot i keeps the id of the stored option at
 * position i; options in new slots get max+1. True/false: always Benar (1) / Salah (2).
 * Short answers have no options.
 */
export function assignOptionIds(type: QuestionType, slots: QuestionDraft['options'], existing: readonly QuestionOption[]): QuestionOption[] {
  if (type === 'short') return [];
  if (type === 'true_false') {
    const benar = slots[0]?.correct === true;
    return [
      { id: 1, text: TRUE_FALSE_TEXTS[0], correct: benar },
      { id: 2, text: TRUE_FALSE_TEXTS[1], correct: !benar },
    ];
  }
  let max = existing.reduce((m, o) => Math.max(m, o.id), 0);
  const out: QuestionOption[] = [];
  slots.forEach((slot, i) => {
    const text = slot.text.trim();
    if (!text) return;
    const id = existing[i]?.id ?? ++max;
    out.push({ id, text, correct: slot.correct });
  });
  return out;
}

/** Cleans free text lists: tags "a, b" and accepted answers (one per line or `|`-separated). */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const t = raw.trim();
    if (t && !seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

export function splitAnswers(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** A points value written by a person ("1", "1.5", "1,5"); NaN when it is not a number. */
export function parsePoints(text: string): number {
  const t = text.trim();
  if (t === '') return 1;
  if (!/^\d{1,4}([.,]\d{1,4})?$/.test(t)) return NaN;
  return Number(t.replace(',', '.'));
}

/** The next free code "<prefix>-NNN" given the codes in use. */
export function suggestCode(existing: readonly string[], prefix = 'SOAL'): string {
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`, 'i');
  let max = 0;
  for (const c of existing) {
    const m = re.exec(c);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const used = new Set(existing.map((c) => c.toLowerCase()));
  let n = max + 1;
  while (used.has(`${prefix}-${String(n).padStart(3, '0')}`.toLowerCase())) n++;
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The template: columns and their Indonesian aliases.

export const SHEET_COLUMNS = ['code', 'category', 'type', 'text', 'option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'option_f', 'correct', 'accepted_answers', 'points', 'partial_credit', 'feedback', 'tags'] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly SheetColumn[] = ['code', 'category', 'type', 'text'];

const COLUMN_ALIASES: Record<string, SheetColumn> = {
  kode: 'code',
  kategori: 'category',
  tipe: 'type',
  jenis: 'type',
  teks: 'text',
  soal: 'text',
  pertanyaan: 'text',
  jawaban: 'correct',
  kunci: 'correct',
  kunci_jawaban: 'correct',
  jawaban_benar: 'correct',
  jawaban_diterima: 'accepted_answers',
  poin: 'points',
  bobot: 'points',
  nilai: 'points',
  nilai_parsial: 'partial_credit',
  kredit_parsial: 'partial_credit',
  umpan_balik: 'feedback',
  pembahasan: 'feedback',
  tag: 'tags',
  label: 'tags',
};
for (const l of OPTION_LETTERS) {
  const low = l.toLowerCase();
  COLUMN_ALIASES[`opsi_${low}`] = `option_${low}` as SheetColumn;
  COLUMN_ALIASES[`pilihan_${low}`] = `option_${low}` as SheetColumn;
}

const TYPE_ALIASES: Record<string, QuestionType> = {
  single: 'single',
  multiple: 'multiple',
  true_false: 'true_false',
  short: 'short',
  pilihan_ganda: 'single',
  pilihan_ganda_kompleks: 'multiple',
  benar_salah: 'true_false',
  isian_singkat: 'short',
};

const normaliseName = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function columnOf(header: string): SheetColumn | null {
  const n = normaliseName(header);
  if ((SHEET_COLUMNS as readonly string[]).includes(n)) return n as SheetColumn;
  return COLUMN_ALIASES[n] ?? null;
}

export const typeOf = (cell: string): QuestionType | null => TYPE_ALIASES[normaliseName(cell)] ?? null;

/** One cell set of a sheet: its row number as the author sees it (header = row 1) and the cells. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface RowProblem extends Problem {
  row: number;
}

export interface ParsedSheet {
  /** Valid drafts with their row numbers. */
  drafts: { row: number; draft: QuestionDraft }[];
  problems: RowProblem[];
  /** Data rows read (blank rows not counted). */
  rows: number;
}

export const MAX_SHEET_ROWS = 5_000;

const yesNo = (cell: string): boolean | null => {
  const v = cell.trim().toLowerCase();
  if (['', 'tidak', 'no', 'n', '0', 'false'].includes(v)) return false;
  if (['ya', 'yes', 'y', '1', 'true'].includes(v)) return true;
  return null;
};

const TF_TRUE = new Set(['benar', 'true', 'b']);
const TF_FALSE = new Set(['salah', 'false', 's']);

/**
 * Reads the template's rows (the first row is the header) into drafts, listing every problem of
 * every row: nothing is partially accepted here, the caller decides (a dry run shows them all).
 */
export function parseSheet(rows: readonly SheetRow[]): ParsedSheet {
  const problems: RowProblem[] = [];
  const drafts: ParsedSheet['drafts'] = [];
  const header = rows.find((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header) return { drafts, problems: [{ row: 1, field: 'file', code: 'file_empty' }], rows: 0 };
  const index = new Map<SheetColumn, number>();
  header.cells.forEach((c, i) => {
    const col = columnOf(c);
    if (col && !index.has(col)) index.set(col, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) return { drafts, problems: missing.map((c) => ({ row: header.row, field: c, code: 'column_missing', params: { column: c } })), rows: 0 };
  const data = rows.filter((r) => r.row > header.row && r.cells.some((c) => c.trim() !== ''));
  if (data.length > MAX_SHEET_ROWS) return { drafts, problems: [{ row: header.row, field: 'file', code: 'too_many_rows', params: { max: MAX_SHEET_ROWS } }], rows: data.length };
  if (data.length === 0) return { drafts, problems: [{ row: header.row, field: 'file', code: 'file_empty' }], rows: 0 };

  const firstRowOfCode = new Map<string, number>();
  for (const r of data) {
    const cell = (col: SheetColumn) => {
      const i = index.get(col);
      return i === undefined ? '' : (r.cells[i] ?? '');
    };
    const rowProblems: Problem[] = [];
    const typeCell = cell('type').trim();
    const type = typeOf(typeCell);
    if (!type) rowProblems.push({ field: 'type', code: 'type_unknown', params: { value: typeCell.slice(0, 40) } });
    const correctCell = cell('correct').trim();
    const slots = OPTION_LETTERS.map((l) => ({ text: cell(`option_${l.toLowerCase()}` as SheetColumn).trim(), correct: false }));
    if (type === 'true_false') {
      const v = correctCell.toLowerCase();
      if (TF_TRUE.has(v)) slots.splice(0, slots.length, { text: TRUE_FALSE_TEXTS[0], correct: true }, { text: TRUE_FALSE_TEXTS[1], correct: false });
      else if (TF_FALSE.has(v)) slots.splice(0, slots.length, { text: TRUE_FALSE_TEXTS[0], correct: false }, { text: TRUE_FALSE_TEXTS[1], correct: true });
      else {
        rowProblems.push({ field: 'correct', code: 'tf_correct', params: { value: correctCell.slice(0, 40) } });
        slots.splice(0, slots.length, { text: TRUE_FALSE_TEXTS[0], correct: true }, { text: TRUE_FALSE_TEXTS[1], correct: false });
      }
    } else if (type === 'single' || type === 'multiple') {
      for (const token of correctCell.split(/[\s,;/]+/).filter(Boolean)) {
        const i = OPTION_LETTERS.indexOf(token.toUpperCase() as (typeof OPTION_LETTERS)[number]);
        if (i < 0) rowProblems.push({ field: 'correct', code: 'correct_invalid', params: { value: token.slice(0, 20) } });
        else slots[i]!.correct = true;
      }
    }
    // Trailing unused slots are dropped, so an option in a middle column keeps its letter.
    while (slots.length && !slots[slots.length - 1]!.text && !slots[slots.length - 1]!.correct) slots.pop();
    const points = parsePoints(cell('points'));
    const partial = yesNo(cell('partial_credit'));
    if (partial === null) rowProblems.push({ field: 'partial_credit', code: 'partial_credit_invalid', params: { value: cell('partial_credit').trim().slice(0, 20) } });
    const draft: QuestionDraft = {
      code: cell('code').trim(),
      category: cell('category').trim(),
      type: type ?? 'single',
      text: cell('text').trim(),
      options: type === 'short' ? [] : slots,
      acceptedAnswers: type === 'short' ? splitAnswers(cell('accepted_answers'), /\|/) : [],
      points,
      partialCredit: type === 'multiple' && partial === true,
      feedback: cell('feedback').trim() || null,
      tags: splitTags(cell('tags')),
    };
    for (const pr of validateDraft(draft)) {
      // An unknown type already says it all about the options.
      if (!type && (pr.field === 'options' || pr.field === 'correct')) continue;
      rowProblems.push(pr);
    }
    if (draft.code) {
      const key = draft.code.toLowerCase();
      const first = firstRowOfCode.get(key);
      if (first !== undefined) rowProblems.push({ field: 'code', code: 'code_duplicate', params: { row: first } });
      else firstRowOfCode.set(key, r.row);
    }
    if (rowProblems.length) problems.push(...rowProblems.map((pr) => ({ ...pr, row: r.row })));
    else drafts.push({ row: r.row, draft });
  }
  return { drafts, problems, rows: data.length };
}

/** A stored question as one template row (the inverse of parseSheet for a valid row). */
export function toSheetRow(q: { code: string; category: string; type: QuestionType; text: string; options: readonly QuestionOption[]; acceptedAnswers: readonly string[]; points: number; partialCredit: boolean; feedback: string | null; tags: readonly string[] }): Record<SheetColumn, string | number> {
  const row = Object.fromEntries(SHEET_COLUMNS.map((c) => [c, ''])) as Record<SheetColumn, string | number>;
  row.code = q.code;
  row.category = q.category;
  row.type = q.type;
  row.text = q.text;
  if (q.type === 'true_false') {
    row.correct = q.options.find((o) => o.correct)?.id === 2 ? 'salah' : 'benar';
  } else if (q.type !== 'short') {
    q.options.slice(0, MAX_OPTIONS).forEach((o, i) => {
      row[`option_${OPTION_LETTERS[i]!.toLowerCase()}` as SheetColumn] = o.text;
    });
    row.correct = q.options
      .slice(0, MAX_OPTIONS)
      .flatMap((o, i) => (o.correct ? [OPTION_LETTERS[i]!] : []))
      .join(',');
  }
  row.accepted_answers = q.type === 'short' ? q.acceptedAnswers.join('|') : '';
  row.points = q.points;
  row.partial_credit = q.type === 'multiple' ? (q.partialCredit ? 'ya' : 'tidak') : '';
  row.feedback = q.feedback ?? '';
  row.tags = q.tags.join(', ');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Comparing a draft with what is stored (import: new / updated / unchanged).

export interface StoredShape {
  category: string;
  type: QuestionType;
  text: string;
  options: QuestionOption[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string | null;
  tags: string[];
}

export function sameQuestion(a: StoredShape, b: StoredShape): boolean {
  return (
    a.category === b.category &&
    a.type === b.type &&
    a.text === b.text &&
    a.points === b.points &&
    a.partialCredit === b.partialCredit &&
    (a.feedback ?? null) === (b.feedback ?? null) &&
    JSON.stringify(a.options) === JSON.stringify(b.options) &&
    JSON.stringify(a.acceptedAnswers) === JSON.stringify(b.acceptedAnswers) &&
    JSON.stringify(a.tags) === JSON.stringify(b.tags)
  );
}

/** Renames a category in a quiz configuration's draw rules; null when nothing changed. */
export function renameInDrawRules(config: unknown, from: string, to: string): unknown | null {
  if (!config || typeof config !== 'object' || !Array.isArray((config as { draw?: unknown }).draw)) return null;
  let changed = false;
  const draw = ((config as { draw: unknown[] }).draw).map((rule) => {
    if (rule && typeof rule === 'object' && (rule as { category?: unknown }).category === from) {
      changed = true;
      return { ...(rule as object), category: to };
    }
    return rule;
  });
  return changed ? { ...(config as object), draw } : null;
}
