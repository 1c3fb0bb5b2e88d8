// Import and export of a programme's question bank in the template of docs/design-evaluation.md
// (CSV or XLSX, first sheet, one question per row). An import is a dry run first — every bad row
// listed with its row number and reason(s), a summary per category, nothing written — then an
// all-or-nothing apply in one transaction. The page flow keeps the upload in the file store, so the
// apply form names it by file id + SHA-256 and a changed file is refused. Re-applying a file that is
// already in the bank changes nothing (rows are matched by code; unchanged rows are not written).
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './heavy-modules.js';
import { unzipSync } from 'fflate';
import {
  SHEET_COLUMNS,
  assignOptionIds,
  parseSheet,
  sameQuestion,
  toSheetRow,
  type Problem,
  type RowProblem,
  type SheetRow,
} from '../domain/question-sheet.js';
import type { ImportWrite } from '../db/repositories/questions.js';
import { errors } from '../http/errors.js';
import { translate, type MessageKey, type Translator } from '../i18n/index.js';
import { audit } from './audit.js';
import { loadProgramme, type AuthorActor } from './authoring.js';
import type { Principal } from '../domain/authorization.js';
import type { AppContext } from './context.js';
import { readKeptUpload, storeFile } from './files.js';
import { problemKey, questionBankChanged, toBankItem } from './question-bank.js';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Largest total of the files inside an XLSX (a small zip may inflate to gigabytes). */
const MAX_XLSX_INFLATED = 60 * 1024 * 1024;

export interface ImportSummaryRow {
  category: string;
  new: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  valid: boolean;
  /** Data rows read (blank rows not counted). */
  rows: number;
  errors: RowProblem[];
  summary: ImportSummaryRow[];
  totals: { new: number; updated: number; unchanged: number };
}

// ---------------------------------------------------------------- reading a file

const isZip = (data: Buffer) => data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Excel's "CSV" (not "CSV UTF-8") is written in the Windows code page.
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** `;` (Excel with an Indonesian locale) or `,`: whichever the header line has more of. */
function delimiterOf(text: string): ';' | ',' {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** A cell exported with a leading apostrophe (so spreadsheets do not run it as a formula) gets it back. */
const unguard = (cell: string) => (/^'[=+@\t\r]/.test(cell) ? cell.slice(1) : cell);
const guard = (cell: string) => (/^[=+@\t\r]/.test(cell) ? `'${cell}` : cell);

function readCsv(data: Buffer): SheetRow[] {
  const text = decodeText(data).replace(/^\uFEFF/, '');
  const records = parseCsv(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
  return records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => unguard(String(c).replace(/\r\n?/g, '\n'))) }));
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return v.result === undefined || v.result === null ? '' : typeof v.result === 'object' ? '' : String(v.result);
    if ('text' in v && typeof v.text === 'string') return v.text;
  }
  return cell.text ?? '';
}

async function readXlsx(data: Buffer): Promise<SheetRow[]> {
  let inflated = 0;
  unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), {
    filter(f) {
      inflated += f.originalSize;
      return false;
    },
  });
  if (inflated > MAX_XLSX_INFLATED) throw new Error('xlsx too large when inflated');
  const wb = new (await loadExcelJS()).Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const count = Math.min(row.cellCount, 64);
    for (let c = 1; c <= count; c++) cells.push(cellText(row.getCell(c)).replace(/\r\n?/g, '\n'));
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

/** The rows of an uploaded CSV or XLSX (recognised by content), or a file-level problem. */
export async function readSheetFile(data: Buffer): Promise<{ rows: SheetRow[] } | { problem: RowProblem }> {
  if (data.length === 0) return { problem: { row: 1, field: 'file', code: 'file_empty' } };
  try {
    return { rows: isZip(data) ? await readXlsx(data) : readCsv(data) };
  } catch {
    return { problem: { row: 1, field: 'file', code: 'file_unreadable' } };
  }
}

// ---------------------------------------------------------------- planning

/** Compares the file with the bank: every problem, the summary, and what an apply would write. */
export async function planImport(ctx: AppContext, programmeId: number, data: Buffer): Promise<{ report: ImportReport; write: ImportWrite }> {
  const write: ImportWrite = { categories: [], creates: [], updates: [] };
  const read = await readSheetFile(data);
  if ('problem' in read) return { report: { valid: false, rows: 0, errors: [read.problem], summary: [], totals: { new: 0, updated: 0, unchanged: 0 } }, write };
  const sheet = parseSheet(read.rows);
  const stored = new Map((await ctx.repos.questions.allQuestions(programmeId)).map((r) => [r.code, toBankItem(r)]));
  const summary = new Map<string, ImportSummaryRow>();
  const totals = { new: 0, updated: 0, unchanged: 0 };
  const categories = new Set<string>();
  for (const { draft } of sheet.drafts) {
    const line = summary.get(draft.category) ?? { category: draft.category, new: 0, updated: 0, unchanged: 0 };
    summary.set(draft.category, line);
    const existing = stored.get(draft.code);
    const fields = {
      category: draft.category,
      code: draft.code,
      type: draft.type,
      text: draft.text,
      options: assignOptionIds(draft.type, draft.options, existing?.options ?? []),
      accepted_answers: draft.acceptedAnswers,
      points: draft.points,
      partial_credit: draft.partialCredit,
      feedback: draft.feedback,
      tags: draft.tags,
    };
    if (!existing) {
      line.new++;
      totals.new++;
      write.creates.push(fields);
      categories.add(draft.category);
      continue;
    }
    const same = sameQuestion(existing, { category: fields.category, type: fields.type, text: fields.text, options: fields.options, acceptedAnswers: fields.accepted_answers, points: fields.points, partialCredit: fields.partial_credit, feedback: fields.feedback, tags: fields.tags });
    if (same) {
      line.unchanged++;
      totals.unchanged++;
    } else {
      line.updated++;
      totals.updated++;
      write.updates.push({ ...fields, id: existing.id });
      categories.add(draft.category);
    }
  }
  write.categories = [...categories];
  const errorsList = [...sheet.problems].sort((a, b) => a.row - b.row);
  return {
    report: { valid: errorsList.length === 0, rows: sheet.rows, errors: errorsList, summary: [...summary.values()].sort((a, b) => a.category.localeCompare(b.category)), totals },
    write,
  };
}

/** The report with each problem's message in the caller's language (the API and page shape). */
export function translateReport(report: ImportReport, t: Translator) {
  return {
    valid: report.valid,
    rows: report.rows,
    errors: report.errors.map((e: RowProblem) => ({ row: e.row, field: e.field, code: e.code, message: t(problemKey(e as Problem), e.params as Record<string, string | number> | undefined) })),
    summary: report.summary,
    totals: report.totals,
  };
}
export type TranslatedReport = ReturnType<typeof translateReport>;

// ---------------------------------------------------------------- dry run and apply

/** Writes the plan (all or nothing) unless the report has problems; returns the report. */
async function applyPlan(ctx: AppContext, actor: AuthorActor, programmeId: number, plan: { report: ImportReport; write: ImportWrite }, fileId: number | null): Promise<ImportReport & { applied: boolean }> {
  if (!plan.report.valid) return { ...plan.report, applied: false };
  const { write } = plan;
  if (write.creates.length || write.updates.length) {
    try {
      await ctx.repos.questions.applyImport(programmeId, write, ctx.clock().toISOString());
    } catch (err) {
      // A question created at the same moment with a code of the file: nothing was written.
      if (/unique|duplicate key/i.test(String((err as Error)?.message ?? ''))) throw errors.conflict('conflict', 'bank.import.conflict');
      throw err;
    }
    questionBankChanged(ctx);
  }
  await audit(ctx, actor, 'question.imported', { type: 'programme', id: programmeId }, { fileId, ...plan.report.totals });
  return { ...plan.report, applied: true };
}

/** The API: a dry run of the uploaded file, or (apply) the all-or-nothing import of it. */
export async function importQuestions(ctx: AppContext, actor: AuthorActor, programmeId: number, data: Buffer, opts: { apply: boolean }): Promise<ImportReport & { applied: boolean }> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const plan = await planImport(ctx, programmeId, data);
  if (!opts.apply) return { ...plan.report, applied: false };
  return applyPlan(ctx, actor, programmeId, plan, null);
}

/** The page flow, step 1: keeps the upload and reports what an apply would do (nothing is written to the bank). */
export async function dryRunUpload(ctx: AppContext, actor: AuthorActor, programmeId: number, upload: { filename: string; data: Buffer }): Promise<{ report: ImportReport; file: { id: number; sha256: string; name: string } }> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const plan = await planImport(ctx, programmeId, upload.data);
  const stored = await storeFile(ctx, upload.data, { originalName: upload.filename || 'soal.csv', mime: isZip(upload.data) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv', createdBy: actor.userId, maxBytes: MAX_IMPORT_BYTES });
  return { report: plan.report, file: { id: stored.id, sha256: stored.sha256, name: stored.original_name } };
}

/** The page flow, step 2: applies the kept upload named by id + SHA-256 (a changed file is refused with 409 import_file_changed). */
export async function applyStoredUpload(ctx: AppContext, actor: AuthorActor, programmeId: number, ref: { fileId: number; sha256: string }): Promise<ImportReport & { applied: boolean }> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const file = await readKeptUpload(ctx, actor.userId, ref, 'bank.import.changed');
  return applyPlan(ctx, actor, programmeId, await planImport(ctx, programmeId, file.data), file.row.id);
}

// ---------------------------------------------------------------- export and template

export type ExportFormat = 'csv' | 'xlsx';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const safeName = (code: string) => code.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60) || 'program';

async function workbookOf(rows: Record<string, string | number>[], help: string[] | null): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Lentera';
  const sheet = wb.addWorksheet('Soal');
  sheet.columns = SHEET_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'text' ? 60 : c.startsWith('option_') || c === 'feedback' ? 28 : 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) sheet.addRow(r);
  sheet.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
  if (help) {
    const h = wb.addWorksheet('Petunjuk');
    h.getColumn(1).width = 110;
    help.forEach((line, i) => {
      const row = h.addRow([line]);
      row.alignment = { wrapText: true };
      if (i === 0) row.font = { bold: true, size: 13 };
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The active questions of the bank in the template format (CSV with a UTF-8 BOM, or XLSX). */
export async function exportBank(ctx: AppContext, principal: Principal, programmeId: number, format: ExportFormat): Promise<{ filename: string; mime: string; data: Buffer }> {
  const programme = await loadProgramme(ctx, principal, programmeId);
  const rows = (await ctx.repos.questions.allQuestions(programmeId, 'active')).map((r) => toSheetRow(toBankItem(r)));
  const base = `bank-soal-${safeName(programme.code)}`;
  if (format === 'xlsx') return { filename: `${base}.xlsx`, mime: XLSX_MIME, data: await workbookOf(rows, null) };
  const csv = stringifyCsv(
    rows.map((r) => SHEET_COLUMNS.map((c) => (typeof r[c] === 'number' ? String(r[c]) : guard(String(r[c]))))),
    { header: true, columns: [...SHEET_COLUMNS], bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  );
  return { filename: `${base}.csv`, mime: 'text/csv; charset=utf-8', data: Buffer.from(csv, 'utf8') };
}

const HELP_KEYS = Array.from({ length: 12 }, (_, i) => `bank.template.help${i + 1}` as MessageKey);

/** The XLSX template: the header, two example rows and an instructions sheet (in Indonesian). */
export async function templateWorkbook(): Promise<Buffer> {
  const examples = [
    toSheetRow({ code: 'CONTOH-001', category: 'Nilai Dasar ASN', type: 'single', text: 'Apa kepanjangan dari **BerAKHLAK**?', options: [{ id: 1, text: 'Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif', correct: true }, { id: 2, text: 'Bersih, Aman, Kreatif, Hebat, Lestari, Andal, Kuat', correct: false }, { id: 3, text: 'Berani, Amanah, Kompak, Hormat, Lugas, Aktif, Kritis', correct: false }], acceptedAnswers: [], points: 1, partialCredit: false, feedback: 'BerAKHLAK adalah nilai dasar ASN.', tags: ['berakhlak', 'nilai dasar'] }),
    toSheetRow({ code: 'CONTOH-002', category: 'Kedudukan ASN', type: 'true_false', text: 'PPPK termasuk Aparatur Sipil Negara.', options: [{ id: 1, text: 'Benar', correct: true }, { id: 2, text: 'Salah', correct: false }], acceptedAnswers: [], points: 1, partialCredit: false, feedback: null, tags: ['asn'] }),
  ];
  return workbookOf(examples, HELP_KEYS.map((k) => translate('id', k)));
}
