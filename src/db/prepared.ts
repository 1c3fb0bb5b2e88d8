// Queries built and compiled once, run many times.
//
// Building a Kysely query (parsing references, freezing the operation tree) and compiling it to SQL
// cost more than SQLite needs to run a simple indexed query: in the join storm's CPU profile Kysely's
// JavaScript took a fifth of the server's time (bench/scenarios/live.ts). The few queries that run on
// every request (the session, the enrolment, progress) are therefore written once with named
// arguments; the first run on a database compiles them, later runs only put the values in place.
//
//   const findSession = preparedQuery((db, a: { id: string; now: string }) =>
//     db.selectFrom('sessions').selectAll().where('id', '=', a.id).where('expires_at', '>', a.now));
//   const row = await findSession.takeFirst(db, { id, now });
//
// `a.id` is a placeholder while building: use it only as a value Kysely binds (a where, set, values or
// limit value, or a value in `sql`), never in JavaScript (`a.n + 1`, `a.x ?? null`, `if (a.flag)`) and
// not as a list for `in` — the first compile checks that every argument read reached the SQL. Works in
// transactions (`trx`), on SQLite and on PostgreSQL (compiled once per dialect). Columns are listed
// (`tableColumns`), never `*`: PostgreSQL refuses to run a cached statement whose `*` gained a
// column ("cached plan must not change result type"), which a migration run by a newer instance
// during a rolling deploy would cause.
import type { Compilable, CompiledQuery, Kysely, QueryResult, RawBuilder } from 'kysely';
import type { Database } from './schema.js';

/**
 * The SQL texts of prepared queries (compiled for PostgreSQL) with a statement name each: the pg
 * connection sends them as named prepared statements (src/db/database.ts), so PostgreSQL parses and
 * plans each once per connection instead of on every run (planning a join of five tables costs more
 * than running it).
 */
const statementNames = new Map<string, string>();
export const preparedStatementName = (sqlText: string): string | undefined => statementNames.get(sqlText);

class Placeholder {
  constructor(readonly name: string) {}
}

interface Compiled {
  sql: string;
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
  /** Each parameter: a constant of the query, or the name of an argument. */
  slots: { constant: unknown; name: string | null }[];
}

type Executor = Kysely<Database>;

/**
 * The arguments of a statement made of two queries (a data-modifying WITH), whose argument names
 * share one namespace: the names must differ, or one query would silently get the other's value.
 * Overlapping names make the type an error message.
 */
export type Disjoint<A, B> = [keyof A & keyof B] extends [never] ? A & B : { 'argument names used by both queries': keyof A & keyof B };

/**
 * Every column of a table, qualified (`users.id`, …), for a prepared query's select: the object must
 * name each column of the table's type, so a column added to the schema is added here too.
 */
export function tableColumns<TB extends keyof Database & string>(table: TB, columns: { [K in keyof Database[TB] & string]-?: true }): `${TB}.${keyof Database[TB] & string}`[] {
  return Object.keys(columns).map((c) => `${table}.${c}`) as `${TB}.${keyof Database[TB] & string}`[];
}

const SELECTS_STAR = /(\bselect\s+|\breturning\s+|,\s*)("[^"]+"\.)?\*/i;

/**
 * The compiler a database (or a transaction on it) uses: compiled SQL is shared per dialect. (Kysely
 * plugins are not taken into account: the platform's Kysely instances use none.)
 */
const dialectOf = (db: Executor): object => (db as unknown as { getExecutor(): { adapter: object } }).getExecutor().adapter.constructor;

export interface PreparedQuery<A, R> {
  /** Every row. */
  execute(db: Executor, args: A): Promise<R[]>;
  /** The first row, or undefined. */
  takeFirst(db: Executor, args: A): Promise<R | undefined>;
  /** The whole result (numAffectedRows for updates and deletes without returning). */
  run(db: Executor, args: A): Promise<QueryResult<R>>;
  /** The SQL and parameters it would run (for tests). */
  compile(db: Executor, args: A): { sql: string; parameters: readonly unknown[] };
}

export function preparedQuery<A extends Record<string, unknown>, R>(build: (db: Executor, args: A) => Compilable<R> | RawBuilder<R>): PreparedQuery<A, R> {
  const byDialect = new Map<object, Compiled>();

  const compiledFor = (db: Executor): Compiled => {
    const dialect = dialectOf(db);
    let c = byDialect.get(dialect);
    if (c) return c;
    const read = new Set<string>();
    const args = new Proxy({} as A, {
      get(_, name) {
        if (typeof name !== 'string') return undefined;
        read.add(name);
        return new Placeholder(name);
      },
    });
    // Query builders compile with their own executor; `sql` needs the database to compile for.
    const q = (build(db, args) as { compile(db: Executor): CompiledQuery }).compile(db);
    if (SELECTS_STAR.test(q.sql)) throw new Error(`preparedQuery: list the columns (tableColumns), not * (also in returning): ${q.sql}`);
    const slots = q.parameters.map((p) => (p instanceof Placeholder ? { constant: undefined, name: p.name } : { constant: p, name: null }));
    for (const name of read) {
      if (!slots.some((s) => s.name === name)) throw new Error(`preparedQuery: argument "${name}" was read but is not a parameter of the SQL (used in JavaScript or as a list?): ${q.sql}`);
    }
    c = { sql: q.sql, query: q.query, queryId: q.queryId, slots };
    byDialect.set(dialect, c);
    if (!statementNames.has(c.sql)) statementNames.set(c.sql, `lentera_${statementNames.size + 1}`);
    return c;
  };

  const bind = (db: Executor, args: A): CompiledQuery<R> => {
    const c = compiledFor(db);
    const parameters = new Array<unknown>(c.slots.length);
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i]!;
      if (s.name === null) parameters[i] = s.constant;
      else {
        const v = args[s.name];
        if (v === undefined) throw new Error(`preparedQuery: argument "${s.name}" is missing`);
        parameters[i] = v;
      }
    }
    return { sql: c.sql, query: c.query, queryId: c.queryId, parameters } as CompiledQuery<R>;
  };

  return {
    run: (db, args) => db.executeQuery(bind(db, args)),
    execute: async (db, args) => (await db.executeQuery(bind(db, args))).rows,
    takeFirst: async (db, args) => (await db.executeQuery(bind(db, args))).rows[0],
    compile: (db, args) => {
      const q = bind(db, args);
      return { sql: q.sql, parameters: q.parameters };
    },
  };
}
