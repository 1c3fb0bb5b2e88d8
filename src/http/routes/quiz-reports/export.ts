// Report exports: XLSX written with exceljs's streaming writer straight into the reply (rows are
// committed one by one: the workbook itself is never held in memory), and CSV.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { loadExcelJS } from '../../../services/heavy-modules.js';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null;

export interface SheetColumn {
  header: string;
  width?: number;
  /** Excel number format, e.g. '0.00'. */
  numFmt?: string;
}

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: Cell[][];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A safe file name: ASCII letters, digits, dots, hyphens and underscores. */
export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\x00-\x7f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'laporan'
  );
}

const disposition = (filename: string) => `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

async function writeWorkbook(stream: PassThrough, sheets: Sheet[]): Promise<void> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Lentera';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name.slice(0, 31));
    ws.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: c.width ?? Math.max(10, Math.min(50, c.header.length + 2)), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === null ? null : v))).commit();
    ws.commit();
  }
  await wb.commit();
}

/** Sends the sheets as an XLSX attachment, streamed. */
export function sendXlsx(reply: FastifyReply, filename: string, sheets: Sheet[]) {
  const stream = new PassThrough();
  writeWorkbook(stream, sheets).catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return reply.type(XLSX_TYPE).header('content-disposition', disposition(filename)).header('cache-control', 'private, no-store').send(stream);
}

/** Sends one sheet as CSV (UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8). */
export function sendCsv(reply: FastifyReply, filename: string, sheet: Sheet) {
  const body = '\ufeff' + stringify([sheet.columns.map((c) => c.header), ...sheet.rows.map((r) => r.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : v)))]);
  return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition(filename)).header('cache-control', 'private, no-store').send(body);
}
