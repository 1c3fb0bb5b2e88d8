import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { pino } from 'pino';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../test/support/platform.js';
import { openDatabase } from '../db/database.js';
import { createPlatform } from '../server.js';
import { JobQueue, LeaseLostError } from './queue.js';
import { createJobQueue, MAINTENANCE_CLEANUP } from './index.js';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Yields to the event loop until the condition holds (the test's own timeout bounds it). */
async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 5));
}

for (const kind of testDatabases()) {
  describe(`job queue [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
    });
    after(() => p.dispose());
    const iso = () => p.clock.now.toISOString();

    test('enqueue + runOnce runs the handler once and stores the result', async () => {
      const q = new JobQueue(p.ctx);
      const runs: { attempt: number; payload: { n: number } }[] = [];
      q.register<{ n: number }>('test.double', async (job) => {
        runs.push({ attempt: job.attempt, payload: job.payload });
        return { doubled: job.payload.n * 2 };
      });
      const { id, created } = await q.enqueue('test.double', { n: 21 });
      assert.equal(created, true);
      const queued = await q.get(id);
      assert.equal(queued?.status, 'queued');
      assert.equal(queued?.attempts, 0);

      assert.deepEqual(await q.runOnce(), { id, type: 'test.double', outcome: 'succeeded' });
      assert.deepEqual(runs, [{ attempt: 1, payload: { n: 21 } }]);
      const job = await q.get(id);
      assert.equal(job?.status, 'succeeded');
      assert.deepEqual(job?.result, { doubled: 42 });
      assert.equal(job?.attempts, 1);
      assert.equal(job?.error, null);
      assert.equal(job?.startedAt, iso());
      assert.equal(job?.finishedAt, iso());
      assert.equal(job?.lockedBy, null);
      assert.equal(job?.progress.percent, 100);
      assert.equal(await q.runOnce(), null, 'nothing is left to run');
      assert.equal(runs.length, 1);
    });

    test('a unique key makes enqueue idempotent', async () => {
      const q = new JobQueue(p.ctx);
      const first = await q.enqueue('test.unique', { a: 1 }, { uniqueKey: 'certificates:cohort-7' });
      const again = await q.enqueue('test.unique', { a: 2 }, { uniqueKey: 'certificates:cohort-7' });
      const other = await q.enqueue('test.unique', { a: 3 }, { uniqueKey: 'certificates:cohort-8' });
      assert.equal(first.created, true);
      assert.deepEqual(again, { id: first.id, created: false });
      assert.equal(other.created, true);
      assert.notEqual(other.id, first.id);
      assert.deepEqual((await q.get(first.id))?.payload, { a: 1 });
      const [x, y] = await Promise.all([q.enqueue('test.unique', {}, { uniqueKey: 'race' }), q.enqueue('test.unique', {}, { uniqueKey: 'race' })]);
      assert.equal(x.id, y.id);
      assert.equal([x.created, y.created].filter(Boolean).length, 1);
    });

    test('a job waits for its runAt and this instance only claims types it handles', async () => {
      const q = new JobQueue(p.ctx);
      let ran = 0;
      q.register('test.later', async () => void ran++);
      await q.enqueue('test.not-mine', {});
      const { id } = await q.enqueue('test.later', {}, { runAt: new Date(p.clock.now.getTime() + HOUR) });
      assert.equal(await q.runOnce(), null);
      p.clock.advance(HOUR);
      assert.deepEqual(await q.runOnce(), { id, type: 'test.later', outcome: 'succeeded' });
      assert.equal(ran, 1);
      assert.equal((await q.get(id))?.result, null);
    });

    test('a failing handler is retried with exponential backoff, then marked failed', async () => {
      const q = new JobQueue(p.ctx, { retryBaseMs: 10_000 });
      const attempts: number[] = [];
      q.register('test.flaky', async (job) => {
        attempts.push(job.attempt);
        throw new Error(`server SMTP menolak (percobaan ${job.attempt})`);
      });
      const { id } = await q.enqueue('test.flaky', {}, { maxAttempts: 3 });

      assert.equal((await q.runOnce())?.outcome, 'retrying');
      let job = await q.get(id);
      assert.equal(job?.status, 'queued');
      assert.equal(job?.attempts, 1);
      assert.equal(job?.error, 'server SMTP menolak (percobaan 1)');
      assert.equal(job?.runAt, new Date(p.clock.now.getTime() + 10_000).toISOString());
      assert.equal(await q.runOnce(), null, 'not before the backoff');
      p.clock.advance(9_999);
      assert.equal(await q.runOnce(), null);
      p.clock.advance(1);
      assert.equal((await q.runOnce())?.outcome, 'retrying');
      job = await q.get(id);
      assert.equal(job?.attempts, 2);
      assert.equal(job?.runAt, new Date(p.clock.now.getTime() + 20_000).toISOString(), 'the delay doubles');
      p.clock.advance(20_000);
      assert.equal((await q.runOnce())?.outcome, 'failed');
      job = await q.get(id);
      assert.equal(job?.status, 'failed');
      assert.equal(job?.attempts, 3);
      assert.equal(job?.error, 'server SMTP menolak (percobaan 3)');
      assert.equal(job?.finishedAt, iso());
      p.clock.advance(DAY);
      assert.equal(await q.runOnce(), null, 'a failed job is not run again');
      assert.deepEqual(attempts, [1, 2, 3]);
    });

    test('crash recovery: after A\'s lease passed B runs the job, and A\'s late completion is refused', async () => {
      const a = new JobQueue(p.ctx, { instanceId: 'instance-A', leaseMs: 60_000 });
      const b = new JobQueue(p.ctx, { instanceId: 'instance-B', leaseMs: 60_000 });
      const claimedByA = deferred();
      const gate = deferred();
      let lateProgress: unknown;
      let signalA: AbortSignal | undefined;
      const ranB: number[] = [];
      a.register('test.crash', async (job) => {
        signalA = job.signal;
        claimedByA.resolve();
        await gate.promise; // "dies": hangs until the test lets it finish far too late
        try {
          await job.progress(1, 1);
        } catch (err) {
          lateProgress = err;
        }
        return 'from A';
      });
      b.register('test.crash', async (job) => {
        ranB.push(job.attempt);
        return 'from B';
      });
      const { id } = await a.enqueue('test.crash', {}, { maxAttempts: 3 });
      const runA = a.runOnce();
      await claimedByA.promise;
      let job = await a.get(id);
      assert.equal(job?.status, 'running');
      assert.equal(job?.lockedBy, 'instance-A');
      assert.equal(job?.lockedUntil, new Date(p.clock.now.getTime() + 60_000).toISOString());

      assert.equal(await b.runOnce(), null, 'B does not touch a job under a live lease');
      p.clock.advance(60_001);
      assert.deepEqual(await b.runOnce(), { id, type: 'test.crash', outcome: 'succeeded' });
      assert.deepEqual(ranB, [2], 'the reclaimed run counts as the second attempt');
      job = await b.get(id);
      assert.equal(job?.status, 'succeeded');
      assert.equal(job?.result, 'from B');
      const finishedAt = job?.finishedAt;

      p.clock.advance(1000);
      gate.resolve();
      assert.deepEqual(await runA, { id, type: 'test.crash', outcome: 'lease_lost' });
      assert.ok(lateProgress instanceof LeaseLostError, 'A cannot report progress on a job it lost');
      assert.equal(signalA?.aborted, true);
      job = await a.get(id);
      assert.equal(job?.status, 'succeeded');
      assert.equal(job?.result, 'from B', 'completion was recorded once, by the lease holder');
      assert.equal(job?.finishedAt, finishedAt);
      assert.equal(job?.attempts, 2);
    });

    test('an expired lease with no attempts left fails the job; the old holder cannot complete it', async () => {
      const q = new JobQueue(p.ctx);
      q.register('test.dead', async () => 'never');
      const { id } = await q.enqueue('test.dead', {}, { maxAttempts: 1 });
      const claimed = await p.ctx.repos.jobs.claimNext({ types: ['test.dead'], lockedBy: 'ghost', now: iso(), lockedUntil: new Date(p.clock.now.getTime() + 1000).toISOString() });
      assert.equal(claimed?.id, id);
      assert.equal(await q.runOnce(), null, 'leased to the ghost');
      p.clock.advance(1001);
      assert.equal(await q.runOnce(), null, 'reclaimed as failed, not run again');
      const job = await q.get(id);
      assert.equal(job?.status, 'failed');
      assert.match(job?.error ?? '', /lease expired/);
      assert.equal(job?.finishedAt, iso());
      assert.equal(await p.ctx.repos.jobs.complete({ id, lockedBy: 'ghost', attempt: 1 }, '"late"', iso()), false);
    });

    test('stop() waits for a running handler; past its timeout it aborts and the job is queued again', async () => {
      const q = new JobQueue(p.ctx);
      const started = deferred();
      const gate = deferred();
      q.register('test.slow', async () => {
        started.resolve();
        await gate.promise;
        return 'done';
      });
      const slow = await q.enqueue('test.slow', {});
      q.start({ workers: 1, pollMs: 5 });
      await started.promise;
      let stopped = false;
      const stopping = q.stop().then(() => (stopped = true));
      for (let i = 0; i < 20; i++) await tick();
      assert.equal(stopped, false, 'stop() waits while the handler runs');
      gate.resolve();
      await stopping;
      assert.equal((await q.get(slow.id))?.status, 'succeeded');

      const q2 = new JobQueue(p.ctx);
      const started2 = deferred();
      q2.register('test.stuck', (job) => {
        started2.resolve();
        return new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason)));
      });
      const stuck = await q2.enqueue('test.stuck', {}, { maxAttempts: 3 });
      q2.start({ workers: 1, pollMs: 5 });
      await started2.promise;
      await q2.stop({ timeoutMs: 10 });
      await until(() => q2.running === 0);
      const job = await q2.get(stuck.id);
      assert.equal(job?.status, 'queued', 'interrupted by the shutdown: queued again at once');
      assert.equal(job?.runAt, iso());
      assert.match(job?.error ?? '', /shut down/);
    });

    test('maintenance.cleanup removes expired sessions and jobs finished more than 30 days ago', async () => {
      const userId = await p.ctx.repos.users.insert({ login: 'cleanup.user', name: 'Pengguna Uji', must_change_password: 0, status: 'active', created_at: iso(), updated_at: iso() });
      const session = (id: string, expiresAt: string) => ({ id, user_id: userId, created_at: iso(), expires_at: expiresAt, last_seen_at: iso(), ip: null, user_agent: null });

      const q = new JobQueue(p.ctx);
      q.register('test.old', async () => 'old');
      const old = await q.enqueue('test.old', {});
      await q.runOnce();
      p.clock.advance(31 * DAY);
      const recent = await q.enqueue('test.old', {});
      await q.runOnce();
      const waiting = await q.enqueue('test.old', {}, { runAt: new Date(p.clock.now.getTime() + DAY) });
      await p.ctx.repos.sessions.create(session('expired-session', new Date(p.clock.now.getTime() - 1000).toISOString()));
      await p.ctx.repos.sessions.create(session('just-expired', iso()));
      await p.ctx.repos.sessions.create(session('live-session', new Date(p.clock.now.getTime() + 1).toISOString()));
      const twoDaysAgo = new Date(p.clock.now.getTime() - 2 * DAY).toISOString();
      await p.ctx.repos.throttles.recordFailure('acct:stale', twoDaysAgo, twoDaysAgo, 5, () => twoDaysAgo);
      await p.ctx.repos.throttles.recordFailure('acct:fresh', iso(), twoDaysAgo, 5, () => iso());

      const maintenance = createJobQueue(p.ctx);
      const { id } = await maintenance.enqueue(MAINTENANCE_CLEANUP, {});
      assert.equal((await maintenance.runOnce())?.outcome, 'succeeded');
      const result = (await maintenance.get(id))?.result as { sessionsDeleted: number; jobsDeleted: number };
      assert.ok(result.sessionsDeleted >= 2);
      assert.ok(result.jobsDeleted >= 1);
      const sessions = await p.ctx.db.kysely.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
      assert.deepEqual(sessions.map((s) => s.id), ['live-session']);
      const throttles = await p.ctx.repos.throttles.find(['acct:stale', 'acct:fresh']);
      assert.deepEqual(throttles.map((t) => t.key), ['acct:fresh'], 'stale sign-in counters are removed, current ones kept');
      assert.equal(await q.get(old.id), undefined, 'finished 31 days ago: removed');
      assert.equal((await q.get(recent.id))?.status, 'succeeded');
      assert.equal((await q.get(waiting.id))?.status, 'queued', 'unfinished jobs are never removed');
    });
  });

  describe(`job queue: two instances on one database [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
    });
    after(() => p.dispose());

    test('two platforms polling concurrently run each of 50 jobs exactly once; the hourly maintenance is scheduled once', { timeout: 60_000 }, async () => {
      // A second Db on the same SQLite file / PostgreSQL database: a second app instance.
      const db2 = openDatabase(p.config.database);
      const p2 = await createPlatform(p.config, { db: db2, clock: p.clock.fn, log: pino({ level: 'silent' }) });
      try {
        const runs = new Map<number, string[]>();
        const handler = (instance: string) => async (job: { payload: { i: number } }) => {
          runs.set(job.payload.i, [...(runs.get(job.payload.i) ?? []), instance]);
          await tick(); // let the other workers interleave
          return instance;
        };
        p.ctx.jobs.register('test.many', handler('one'));
        p2.ctx.jobs.register('test.many', handler('two'));
        const ids: number[] = [];
        for (let i = 0; i < 50; i++) ids.push((await p.ctx.jobs.enqueue('test.many', { i })).id);

        p.ctx.jobs.start({ workers: 3, pollMs: 5 });
        p2.ctx.jobs.start({ workers: 3, pollMs: 5 });
        const finished = () =>
          p.ctx.db.kysely
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('type', 'in', ['test.many', MAINTENANCE_CLEANUP])
            .where('status', '=', 'succeeded')
            .executeTakeFirstOrThrow();
        await until(async () => Number((await finished()).n) === 51);
        await Promise.all([p.ctx.jobs.stop(), p2.ctx.jobs.stop()]);

        const byInstance = [...runs.values()].flat();
        assert.ok(byInstance.includes('one') && byInstance.includes('two'), 'both instances took part');
        assert.equal(runs.size, 50);
        for (const [i, instances] of runs) assert.equal(instances.length, 1, `job ${i} ran ${instances.length} times`);
        const rows = await p.ctx.db.kysely.selectFrom('jobs').select(['id', 'status', 'result', 'attempts', 'payload']).where('type', '=', 'test.many').execute();
        assert.equal(rows.length, 50);
        for (const row of rows) {
          assert.equal(row.status, 'succeeded');
          assert.equal(row.attempts, 1);
          const { i } = JSON.parse(row.payload) as { i: number };
          assert.equal(JSON.parse(row.result ?? 'null'), runs.get(i)![0], 'the result comes from the instance that ran it');
        }
        assert.equal(await p.ctx.repos.jobs.countByType(MAINTENANCE_CLEANUP), 1, 'both instances scheduled the same hourly job');
      } finally {
        await p2.close();
        await db2.close();
      }
    });
  });
}
