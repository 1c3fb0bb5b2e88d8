// The file store: uploaded bytes live on disk under FILES_DIR (content-addressed by a random key),
// their metadata in the `files` table. Writes go to a temporary file first and are renamed into
// place, so a crash never leaves a half-written file behind a database row.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import path from 'node:path';
import type { StoredFile } from '../db/schema.js';
import type { AppContext } from './context.js';
import { AppError } from '../http/errors.js';

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

export const readFileStream = (p: string, range?: { start: number; end: number }) => createReadStream(p, range);
