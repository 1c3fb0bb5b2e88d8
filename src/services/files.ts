// The file store: uploaded bytes live on disk under FILES_DIR (content-addressed by a random key),
// their metadata in the `files` table. Writes go to a temporary file first and are renamed into
// place, so a crash never leaves a half-written file behind a database row.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import path from 'node:path';
import type { StoredFile } from '../db/schema.js';
import type { AppContext } from './context.js';
import { AppError, errors } from '../http/errors.js';
import type { MessageKey } from '../i18n/index.js';

export function filesDir(ctx: Pick<AppContext, 'config'>): string {
  return ctx.config.filesDir;
}

export function pathOf(ctx: Pick<AppContext, 'config'>, file: Pick<StoredFile, 'storage_key'>): string {
  return path.join(filesDir(ctx), file.storage_key);
}

export interface StoreOptions {
  originalName: string;
  mime: string;
  createdBy: number | null;
  /** Largest accepted size in bytes; larger input is refused with 413 and nothing is kept. */
  maxBytes: number;
}

/** Stores bytes (a Buffer or a stream) and records them. Returns the stored file. */
export async function storeFile(ctx: AppContext, input: Buffer | Readable, opts: StoreOptions): Promise<StoredFile> {
  const key = `${new Date().toISOString().slice(0, 7)}/${randomBytes(16).toString('hex')}`;
  const target = path.join(filesDir(ctx), key);
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.part`;
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > opts.maxBytes) return done(new AppError(413, 'payload_too_large', 'error.payload_too_large'));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = createWriteStream(tmp, { mode: 0o640 });
  try {
    await pipeline(Buffer.isBuffer(input) ? Readable.from([input]) : input, meter, out);
    renameSync(tmp, target);
  } catch (err) {
    // The write stream may still be opening the file when the pipeline fails: wait until it is
    // closed, or the partial file would appear after it was removed.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    rmSync(tmp, { force: true });
    throw err;
  }
  try {
    return await ctx.repos.files.insert({
      sha256: hash.digest('hex'),
      size,
      mime: opts.mime,
      original_name: opts.originalName.slice(0, 200),
      storage_key: key,
      created_at: ctx.clock().toISOString(),
      created_by: opts.createdBy,
    });
  } catch (err) {
    rmSync(target, { force: true });
    throw err;
  }
}

export async function findFile(ctx: AppContext, id: number): Promise<{ row: StoredFile; path: string; size: number } | null> {
  const row = await ctx.repos.files.findById(id);
  if (!row) return null;
  const p = pathOf(ctx, row);
  try {
    return { row, path: p, size: statSync(p).size };
  } catch {
    return null;
  }
}

/**
 * Reads a kept upload (an import's dry-run file) named by id + SHA-256. Only its uploader may use it:
 * another's, a missing or an unreadable file is not found (404); one whose bytes no longer match the
 * hash is refused with 409 `import_file_changed` and `changedKey`.
 */
export async function readKeptUpload(ctx: AppContext, userId: number | null, ref: { fileId: number; sha256: string }, changedKey: MessageKey): Promise<{ row: StoredFile; data: Buffer }> {
  const file = await findFile(ctx, ref.fileId);
  if (!file || file.row.created_by !== userId) throw errors.notFound();
  let data: Buffer;
  try {
    data = readFileSync(file.path);
  } catch {
    throw errors.notFound();
  }
  const actual = createHash('sha256').update(data).digest('hex');
  if (ref.sha256.toLowerCase() !== file.row.sha256 || actual !== file.row.sha256) throw new AppError(409, 'import_file_changed', changedKey);
  return { row: file.row, data };
}

export const readFileStream = (p: string, range?: { start: number; end: number }) => createReadStream(p, range);
