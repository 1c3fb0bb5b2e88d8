// Opens the database: better-sqlite3 (WAL) for the embedded default, pg for PostgreSQL.
import { Kysely, PostgresDialect, SqliteDialect, sql, CamelCasePlugin } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './schema.js';

void CamelCasePlugin; // snake_case columns are used as they are: one name from SQL to TypeScript.

export type DatabaseKind = 'sqlite' | 'postgres';
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Db {
  kind: DatabaseKind;
  kysely: Kysely<Database>;
  close(): Promise<void>;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: url.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`Unsupported database URL: ${url}`);
}

export function openDatabase(target: DatabaseTarget, opts: { poolSize?: number } = {}): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -16000');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { kind: 'sqlite', kysely, close: () => kysely.destroy() };
  }
  // Integers come back as numbers (ids and counts fit), not strings.
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10 });
  // An idle connection closed by the server (restart, failover, an administrator) must not crash the
  // process: the pool drops it and opens a new one on the next query.
  pool.on('error', (err) => console.warn(`[lentera] PostgreSQL connection lost while idle: ${err.message}`));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', kysely, close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every query anew, and compiling SQL was the largest cost of a
 * simple page (benchmark). better-sqlite3 statements are reusable, so keep the recently used ones.
 * A statement still iterating (a streamed query) is never handed out twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteDatabase.Statement {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached); // most recently used last
        return cached;
      }
      const stmt = sqlite.prepare(text);
      if (!cached && text.length <= 4000) {
        cache.set(text, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
