// Opens the database: better-sqlite3 (WAL) for the embedded default, pg for PostgreSQL.
import { Kysely, PostgresDialect, SqliteDialect, sql, CamelCasePlugin, type DatabaseConnection, type Driver, type TransactionSettings, type QueryCompiler } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from './schema.js';
import { preparedStatementName } from './prepared.js';

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

export function openDatabase(target: DatabaseTarget, opts: { poolSize?: number; namedStatements?: boolean } = {}): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('cache_size = -16000');
    const checkpointer = target.file === ':memory:' ? null : startBackgroundCheckpointer(sqlite, path.resolve(target.file));
    const kysely = new Kysely<Database>({ dialect: new FifoSqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      kind: 'sqlite',
      kysely,
      close: async () => {
        await checkpointer?.stop();
        await kysely.destroy();
      },
    };
  }
  // Integers come back as numbers (ids and counts fit), not strings.
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10 });
  // An idle connection closed by the server (restart, failover, an administrator) must not crash the
  // process: the pool drops it and opens a new one on the next query.
  pool.on('error', (err) => console.warn(`[lentera] PostgreSQL connection lost while idle: ${err.message}`));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: opts.namedStatements === false ? pool : withNamedStatements(pool) }) });
  return { kind: 'postgres', kysely, close: () => kysely.destroy() };
}

/**
 * The pool as Kysely sees it, with each client sending the SQL of prepared queries (src/db/prepared.ts)
 * as a named statement: parsed and planned once per connection, not on every run.
 * DATABASE_NAMED_STATEMENTS=false turns this off (PgBouncer in transaction mode before 1.21).
 */
function withNamedStatements(pool: pg.Pool) {
  const patched = new WeakSet<pg.PoolClient>();
  return {
    async connect(): Promise<pg.PoolClient> {
      const client = await pool.connect();
      if (!patched.has(client)) {
        patched.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        // Only Kysely's calls, query(sql, parameters), of a prepared query's SQL change; any other
        // call (a config object, a callback, a cursor) goes through untouched.
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          const name = args.length <= 2 && typeof args[0] === 'string' ? preparedStatementName(args[0]) : undefined;
          return name ? query({ name, text: args[0], values: args[1] }) : query(...args);
        };
      }
      return client;
    },
    end: () => pool.end(),
  };
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

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the threshold (1,000 pages), synchronously on the one thread that serves every request:
 * under the quiz storm those commits were the slowest part of the profile and pushed the p95 of
 * Start past a second. Here the main connection checkpoints only as a safety net (a WAL of 40,000
 * pages, should the worker die) and a worker thread with its own connection runs a PASSIVE
 * checkpoint every CHECKPOINT_INTERVAL_MS: it copies what no reader still needs and never waits for
 * or blocks readers and writers. SQLite restarts the WAL from its start once it is fully copied.
 */
const CHECKPOINT_INTERVAL_MS = 500;
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db = null;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch (err) {
  parentPort.postMessage({ error: String(err && err.message || err) });
}
const timer = db && setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or gone: the next round tries again */ }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    if (timer) clearInterval(timer);
    try { if (db) { db.pragma('wal_checkpoint(PASSIVE)'); db.close(); } } catch { /* closing anyway */ }
    parentPort.postMessage({ stopped: true });
  }
});
`;

function startBackgroundCheckpointer(sqlite: SqliteDatabase.Database, file: string): { stop(): Promise<void> } | null {
  let worker: Worker;
  try {
    worker = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS },
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
  } catch {
    return null; // no worker threads: SQLite's own automatic checkpoint stays on
  }
  sqlite.pragma('wal_autocheckpoint = 40000');
  worker.unref();
  const fallBack = () => {
    try {
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    } catch {
      /* closed meanwhile */
    }
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) fallBack();
  });
  worker.on('error', fallBack);
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timeout);
          void worker.terminate().then(() => resolve(), () => resolve());
        };
        const timeout = setTimeout(done, 2000);
        worker.on('message', (m: { stopped?: boolean }) => m.stopped && done());
        worker.on('exit', done);
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

/**
 * The one SQLite connection is handed out first come, first served. Kysely's own lock wakes every
 * waiting query each time the connection is released (each re-checks and waits again), so the cost
 * of a burst grows with the square of the queue: 6,000 quiz answers arriving together took 29 ms
 * each instead of 0.8 ms. This queue wakes exactly the next waiter; Kysely's lock then never waits.
 */
class FifoSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FifoDriver(super.createDriver());
  }
}

class FifoDriver implements Driver {
  #busy = false;
  readonly #waiting: (() => void)[] = [];
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#busy = true;
    try {
      return await this.inner.acquireConnection();
    } catch (err) {
      this.#handOver();
      throw err;
    }
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.#handOver();
    }
  }
  /** Gives the connection to the next waiter (it stays busy), or marks it free. */
  #handOver(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!(connection, name, compileQuery);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compileQuery);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compileQuery);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
