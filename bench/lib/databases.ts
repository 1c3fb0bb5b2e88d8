// Fresh benchmark databases: a new SQLite file under .bench/, or a dropped-and-recreated PostgreSQL database.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ROOT } from './server.js';

export const BENCH_DIR = path.join(ROOT, '.bench');

/** A new, empty SQLite database path under .bench/ (removes leftovers of an earlier run). */
export function freshSqlite(name: string): { url: string; file: string } {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return { url: `sqlite:${file}`, file };
}

export function removeSqlite(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/**
 * Drops and recreates `database` on the server of `adminUrl` (a URL of an existing database, e.g. /postgres).
 * Returns the new database's URL, or `{ unreachable }` when the server cannot be reached.
 */
export async function freshPostgres(adminUrl: string, database: string): Promise<{ url: string } | { unreachable: string }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    return { unreachable: (err as Error).message || String(err) };
  }
  try {
    await client.query(`drop database if exists ${database} with (force)`);
    await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return { url: u.toString() };
}

/**
 * Rows in a table, read straight from the database (not through the server): SQLite opened
 * read-only with better-sqlite3, PostgreSQL with pg. `databaseUrl` is the server's DATABASE_URL.
 */
export async function countRows(databaseUrl: string, table: string): Promise<number> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`unsafe table name: ${table}`);
  if (databaseUrl.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare(`select count(*) as n from ${table}`).get() as { n: number };
      return Number(row.n);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Rows of a read-only query, straight from the database (not through the server), for checking a
 * scenario's results: SQLite opened read-only with better-sqlite3, PostgreSQL with pg. Parameters are
 * written `?` (turned into $1, $2, … for PostgreSQL; the query text must hold no other `?`).
 */
export async function queryRows<T extends Record<string, unknown>>(databaseUrl: string, text: string, params: readonly (string | number | null)[] = []): Promise<T[]> {
  if (databaseUrl.startsWith('sqlite:')) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(text).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  let n = 0;
  const pgText = text.replace(/\?/g, () => `$${++n}`);
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(pgText, params as unknown[])).rows as T[];
  } finally {
    await client.end();
  }
}
