import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './database.js';

describe('SQLite connection queue', () => {
  test('a burst of queries and transactions is served one at a time, first come first served', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lentera-db-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'queue.db') });
    try {
      await sql`create table counter (n integer not null)`.execute(db.kysely);
      await sql`insert into counter (n) values (0)`.execute(db.kysely);
      const served: number[] = [];
      const jobs = Array.from({ length: 300 }, (_, i) =>
        i % 3 === 0
          ? db.kysely.transaction().execute(async (trx) => {
              // Read-modify-write across an await: another query slipping in would lose an increment.
              const { rows } = await sql<{ n: number }>`select n from counter`.execute(trx);
              await new Promise((r) => setImmediate(r));
              await sql`update counter set n = ${rows[0]!.n + 1}`.execute(trx);
              served.push(i);
            })
          : sql`select ${i} as i`.execute(db.kysely).then(() => void served.push(i)),
      );
      await Promise.all(jobs);
      const { rows } = await sql<{ n: number }>`select n from counter`.execute(db.kysely);
      assert.equal(rows[0]!.n, 100, 'no transaction interleaved with another');
      assert.deepEqual(served, Array.from({ length: 300 }, (_, i) => i), 'served in arrival order');
      // A failing transaction hands the connection on too.
      await assert.rejects(db.kysely.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        throw new Error('boom');
      }), /boom/);
      const after = await Promise.all([sql`select 1 as one`.execute(db.kysely), sql`select 2 as two`.execute(db.kysely)]);
      assert.equal(after.length, 2);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite checkpoints in the background', () => {
  test('committed pages reach the database file without a checkpoint on the serving connection', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lentera-db-'));
    const file = path.join(dir, 'wal.db');
    const db = openDatabase({ kind: 'sqlite', file });
    try {
      const { rows: auto } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
      assert.equal(auto[0]!.wal_autocheckpoint, 40000, 'the serving connection only checkpoints as a safety net');
      await sql`create table blob_rows (id integer primary key, body text not null)`.execute(db.kysely);
      const before = statSync(file).size;
      // About 2 MB in 200 commits: with the automatic checkpoint off, only the worker copies them.
      for (let i = 0; i < 200; i++) await sql`insert into blob_rows (body) values (${'x'.repeat(10_000)})`.execute(db.kysely);
      let size = statSync(file).size;
      for (let i = 0; i < 100 && size < 2_000_000; i++) {
        await new Promise((r) => setTimeout(r, 100));
        size = statSync(file).size;
      }
      assert.ok(size >= 2_000_000, `the database file grew from ${before} to ${size} bytes by the background checkpoint`);
      const { rows } = await sql<{ n: number }>`select count(*) as n from blob_rows`.execute(db.kysely);
      assert.equal(rows[0]!.n, 200);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
