import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, parseDatabaseUrl } from './database.js';
import { migrateToLatest } from './migrate.js';
import { preparedQuery, type Disjoint } from './prepared.js';
import { freshDatabaseUrl, testDatabases } from '../../test/support/platform.js';

const findUnit = preparedQuery((db, a: { code: string; depth: number }) =>
  db.selectFrom('org_units').select(['id', 'code', 'name']).where('code', '=', a.code).where('depth', '>=', a.depth).where('kind', '!=', 'unit').orderBy('id').limit(1),
);
const insertUnit = preparedQuery((db, a: { code: string; name: string; now: string }) =>
  db.insertInto('org_units').values({ parent_id: null, agency_id: null, path: '/', depth: 0, code: a.code, name: a.name, kind: 'agency', region_code: null, created_at: a.now, updated_at: a.now }).returning('id'),
);
const renameUnit = preparedQuery((db, a: { id: number; name: string }) => db.updateTable('org_units').set({ name: a.name }).where('id', '=', a.id));
const countWith = preparedQuery((db, a: { prefix: string }) => sql<{ n: number }>`select count(*) as n from org_units where code like ${a.prefix} || '%'`);

for (const kind of testDatabases()) {
  describe(`preparedQuery (${kind})`, () => {
    test('runs selects, inserts with returning, updates and raw SQL with the values of each call, also in a transaction', async () => {
      const { url, drop } = await freshDatabaseUrl(kind);
      const db = openDatabase(parseDatabaseUrl(url));
      try {
        await migrateToLatest(db);
        const now = '2026-11-29T00:00:00.000Z';
        const a = await insertUnit.takeFirst(db.kysely, { code: 'KPU-NTT', name: 'KPU Provinsi NTT', now });
        const b = await insertUnit.takeFirst(db.kysely, { code: 'KPU-KPG', name: 'KPU Kota Kupang', now });
        assert.ok(a && b && a.id !== b.id);
        assert.deepEqual(await findUnit.takeFirst(db.kysely, { code: 'KPU-KPG', depth: 0 }), { id: b.id, code: 'KPU-KPG', name: 'KPU Kota Kupang' });
        assert.equal(await findUnit.takeFirst(db.kysely, { code: 'KPU-KPG', depth: 1 }), undefined, 'the second value of the same query is bound too');
        assert.equal((await findUnit.execute(db.kysely, { code: 'nope', depth: 0 })).length, 0);
        const res = await renameUnit.run(db.kysely, { id: a.id, name: "KPU Nusa Tenggara Timur (O'Neil)" });
        assert.equal(Number(res.numAffectedRows), 1);
        assert.equal((await findUnit.takeFirst(db.kysely, { code: 'KPU-NTT', depth: 0 }))?.name, "KPU Nusa Tenggara Timur (O'Neil)", 'values are bound, not spliced into the SQL');
        assert.equal(Number((await countWith.takeFirst(db.kysely, { prefix: 'KPU-' }))?.n), 2);
        // In a transaction (the same compiled SQL), rolled back.
        await assert.rejects(
          db.kysely.transaction().execute(async (trx) => {
            await renameUnit.run(trx, { id: b.id, name: 'tidak jadi' });
            assert.equal((await findUnit.takeFirst(trx, { code: 'KPU-KPG', depth: 0 }))?.name, 'tidak jadi');
            throw new Error('rollback');
          }),
          /rollback/,
        );
        assert.equal((await findUnit.takeFirst(db.kysely, { code: 'KPU-KPG', depth: 0 }))?.name, 'KPU Kota Kupang');
        if (kind === 'postgres') {
          // On PostgreSQL the connection runs it as a named prepared statement (parsed and planned once).
          await db.kysely.transaction().execute(async (trx) => {
            await findUnit.takeFirst(trx, { code: 'KPU-NTT', depth: 0 });
            const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements where name like 'lentera_%'`.execute(trx);
            const c = findUnit.compile(trx, { code: 'KPU-NTT', depth: 0 });
            assert.ok(rows.some((r) => r.statement === c.sql), `prepared on this connection: ${JSON.stringify(rows)}`);
          });
        }
        // A column added while the statement is cached (a newer instance migrating during a rolling
        // deploy) does not break it: its columns are listed, never *.
        await sql`alter table org_units add column added_later text`.execute(db.kysely);
        assert.equal((await findUnit.takeFirst(db.kysely, { code: 'KPU-NTT', depth: 0 }))?.code, 'KPU-NTT');
        // The constants of the query stay in it; the SQL is the one Kysely compiles.
        const c = findUnit.compile(db.kysely, { code: 'X', depth: 3 });
        const direct = db.kysely.selectFrom('org_units').select(['id', 'code', 'name']).where('code', '=', 'X').where('depth', '>=', 3).where('kind', '!=', 'unit').orderBy('id').limit(1).compile();
        assert.equal(c.sql, direct.sql);
        assert.deepEqual(c.parameters, direct.parameters);
      } finally {
        await db.close();
        await drop();
      }
    });
  });
}

describe('preparedQuery misuse', () => {
  test('an argument used in JavaScript instead of as a value, or a missing argument, is an error, not wrong SQL', async () => {
    const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
    try {
      await migrateToLatest(db);
      const wrong = preparedQuery((q, a: { depth: number }) => q.selectFrom('org_units').select('id').where('depth', '=', a.depth ? 1 : 0));
      await assert.rejects(wrong.execute(db.kysely, { depth: 2 }), /argument "depth" was read but is not a parameter/);
      await assert.rejects(findUnit.execute(db.kysely, { code: 'x' } as unknown as { code: string; depth: number }), /argument "depth" is missing/);
      const star = preparedQuery((q, a: { id: number }) => q.selectFrom('org_units').selectAll().where('id', '=', a.id));
      await assert.rejects(star.execute(db.kysely, { id: 1 }), /list the columns \(tableColumns\), not \*/);
      const qualifiedStar = preparedQuery((q, a: { id: number }) => q.selectFrom('users').innerJoin('org_units', 'org_units.id', 'users.unit_id').selectAll('users').select('org_units.code').where('users.id', '=', a.id));
      await assert.rejects(qualifiedStar.execute(db.kysely, { id: 1 }), /not \*/);
      const counted = preparedQuery((q, a: { depth: number }) => q.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).where('depth', '=', a.depth));
      assert.equal(Number((await counted.takeFirst(db.kysely, { depth: 0 }))?.n), 0, 'count(*) is no select *');
    } finally {
      await db.close();
    }
  });
});

test('Disjoint: two queries of one statement may not share an argument name (a type error)', () => {
  const ok: Disjoint<{ state: 'completed'; percent: number }, { enrolmentState: string; id: number }> = { state: 'completed', percent: 100, enrolmentState: 'passed', id: 1 };
  assert.equal(ok.enrolmentState, 'passed');
  // @ts-expect-error -- 'state' is an argument of both queries
  const clash: Disjoint<{ state: 'completed' }, { state: string }> = { state: 'completed' };
  assert.ok(clash);
});
