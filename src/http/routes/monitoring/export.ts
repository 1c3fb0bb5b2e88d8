// Streamed exports of the monitoring tables: rows come from an async iterable (fetched from the
// database in keyset batches) and are written as they arrive — XLSX with exceljs's streaming
// WorkbookWriter (each row committed), CSV in chunks — so a 100,000-row export never sits in memory.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { loadExcelJS } from '../../../services/heavy-modules.js';
import { stringify } from 'csv-stringify/sync';
import { XLSX_TYPE, type Cell, type SheetColumn } from '../quiz-reports/export.js';

export { fileSlug } from '../quiz-reports/export.js';
export type { Cell, SheetColumn };

export interface StreamSheet {
  name: string;
  columns: SheetColumn[];
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

const disposition = (filename: string) => `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
const HIGH_WATER = 1 << 20;

async function writeWorkbook(stream: PassThrough, sheet: StreamSheet): Promise<void> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Lentera';
  const ws = wb.addWorksheet(sheet.name.slice(0, 31));
  ws.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: c.width ?? Math.max(10, Math.min(50, c.header.length + 2)), style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const row of sheet.rows) {
    ws.addRow(row).commit();
    // Back-pressure: wait for a slow client instead of buffering the whole file.
    if (stream.writableLength > HIGH_WATER && !stream.destroyed) await once(stream, 'drain');
  }
  ws.commit();
  await wb.commit();
}

/** Sends one sheet as an XLSX attachment, streamed row by row. */
export function streamXlsx(reply: FastifyReply, filename: string, sheet: StreamSheet) {
  const stream = new PassThrough({ highWaterMark: HIGH_WATER });
  writeWorkbook(stream, sheet).catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return reply.type(XLSX_TYPE).header('content-disposition', disposition(filename)).header('cache-control', 'private, no-store').send(stream);
}

const csvCell = (v: Cell) => (v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : v);

async function* csvChunks(sheet: StreamSheet): AsyncGenerator<string> {
  yield '\ufeff' + stringify([sheet.columns.map((c) => c.header)]);
  let batch: (string | number)[][] = [];
  for await (const row of sheet.rows) {
    batch.push(row.map(csvCell));
    if (batch.length >= 500) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch);
}

/** Sends one sheet as CSV (UTF-8 with a byte-order mark, which Excel needs), streamed in chunks. */
export function streamCsv(reply: FastifyReply, filename: string, sheet: StreamSheet) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition(filename)).header('cache-control', 'private, no-store').send(Readable.from(csvChunks(sheet)));
}

export function streamSheet(reply: FastifyReply, format: 'xlsx' | 'csv', basename: string, sheet: StreamSheet) {
  return format === 'xlsx' ? streamXlsx(reply, `${basename}.xlsx`, sheet) : streamCsv(reply, `${basename}.csv`, sheet);
}

/** Maps an async iterable lazily. */
export async function* mapRows<T>(rows: AsyncIterable<T>, fn: (row: T) => Cell[]): AsyncGenerator<Cell[]> {
  for await (const row of rows) yield fn(row);
}
