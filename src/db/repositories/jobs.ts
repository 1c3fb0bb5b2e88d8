// The background-job table: one queue on SQLite and PostgreSQL (see docs/design-jobs.md).
// Every state change that belongs to a running job is guarded by its lease: `locked_by` (the claiming
// instance) and `attempts` (which claim of that job), so a worker that lost its lease can neither
// renew it, report progress, nor complete the job.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database, Job } from '../schema.js';

export interface NewJob {
  type: string;
  payload: string;
  runAt: string;
  maxAttempts: number;
  uniqueKey: string | null;
  createdBy: number | null;
  now: string;
}

/** Identifies one claim of one job: the instance that holds the lease and the attempt it runs. */
export interface Lease {
  id: number;
  lockedBy: string;
  attempt: number;
}

const FINISHED = ['succeeded', 'failed', 'cancelled'] as const;

export function jobsRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const held = (lease: Lease) =>
    db
      .updateTable('jobs')
      .where('id', '=', lease.id)
      .where('locked_by', '=', lease.lockedBy)
      .where('attempts', '=', lease.attempt)
      .where('status', '=', 'running');
  const changed = (res: { numUpdatedRows: bigint }) => Number(res.numUpdatedRows) === 1;

  return {
    /** Inserts a job; with a unique key an existing job of that key is returned instead (created: false). */
    async insert(job: NewJob): Promise<{ id: number; created: boolean }> {
      const values = {
        type: job.type,
        payload: job.payload,
        status: 'queued' as const,
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts,
        progress_current: 0,
        unique_key: job.uniqueKey,
        created_by: job.createdBy,
        created_at: job.now,
      };
      if (job.uniqueKey === null) {
        const row = await db.insertInto('jobs').values(values).returning('id').executeTakeFirstOrThrow();
        return { id: row.id, created: true };
      }
      // ON CONFLICT DO NOTHING on both databases: concurrent enqueuers of one key never fail.
      for (;;) {
        const row = await db.insertInto('jobs').values(values).onConflict((oc) => oc.column('unique_key').doNothing()).returning('id').executeTakeFirst();
        if (row) return { id: row.id, created: true };
        const existing = await db.selectFrom('jobs').select('id').where('unique_key', '=', job.uniqueKey).executeTakeFirst();
        if (existing) return { id: existing.id, created: false };
        // The conflicting job was deleted in between (cleanup): try again.
      }
    },

    findById: (id: number) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Claims the oldest ready job of the given types: queued → running, leased to `lockedBy` until
     * `lockedUntil`, attempt counted. PostgreSQL: one statement with FOR UPDATE SKIP LOCKED, so
     * concurrent instances never wait for or collide on the same row. SQLite (writers are serialised
     * by the database): pick the candidate, then a compare-and-set update `where id = ? and
     * status = 'queued'`; when another connection won the row, try the next candidate.
     */
    async claimNext(opts: { types: string[]; lockedBy: string; now: string; lockedUntil: string }): Promise<Job | undefined> {
      if (opts.types.length === 0) return undefined;
      if (isPostgres) {
        const res = await sql<Job>`
          update jobs
             set status = 'running', locked_by = ${opts.lockedBy}, locked_until = ${opts.lockedUntil},
                 attempts = attempts + 1, started_at = coalesce(started_at, ${opts.now}),
                 progress_current = 0, progress_message = null
           where id = (select id from jobs
                        where status = 'queued' and run_at <= ${opts.now}
                          and type in (${sql.join(opts.types)})
                        order by run_at, id
                        limit 1
                        for update skip locked)
             and status = 'queued'
          returning *`.execute(db);
        return res.rows[0];
      }
      for (let tries = 0; tries < 10; tries++) {
        const candidate = await db
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'queued')
          .where('run_at', '<=', opts.now)
          .where('type', 'in', opts.types)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (!candidate) return undefined;
        const claimed = await db
          .updateTable('jobs')
          .set((eb) => ({
            status: 'running',
            locked_by: opts.lockedBy,
            locked_until: opts.lockedUntil,
            attempts: eb('attempts', '+', 1),
            started_at: eb.fn.coalesce('started_at', eb.val(opts.now)),
            progress_current: 0,
            progress_message: null,
          }))
          .where('id', '=', candidate.id)
          .where('status', '=', 'queued')
          .returningAll()
          .executeTakeFirst();
        if (claimed) return claimed;
      }
      return undefined;
    },

    /**
     * Jobs whose lease ran out (their instance died or hung): back to the queue when attempts remain,
     * otherwise failed. Each is one atomic statement, safe when several instances run it at once.
     */
    async reclaimExpired(now: string): Promise<{ requeued: number; failed: number }> {
      const failed = await db
        .updateTable('jobs')
        .set({ status: 'failed', error: 'lease expired: the worker stopped before finishing (no attempts left)', finished_at: now, locked_by: null, locked_until: null })
        .where('status', '=', 'running')
        .where('locked_until', '<', now)
        .whereRef('attempts', '>=', 'max_attempts')
        .executeTakeFirst();
      const requeued = await db
        .updateTable('jobs')
        .set({ status: 'queued', error: 'lease expired: the worker stopped before finishing', run_at: now, locked_by: null, locked_until: null })
        .where('status', '=', 'running')
        .where('locked_until', '<', now)
        .whereRef('attempts', '<', 'max_attempts')
        .executeTakeFirst();
      return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
    },

    /** Extends the lease; false when it was lost. */
    async renewLease(lease: Lease, lockedUntil: string): Promise<boolean> {
      return changed(await held(lease).set({ locked_until: lockedUntil }).executeTakeFirst());
    },

    /** Stores progress and extends the lease; false when the lease was lost. */
    async setProgress(lease: Lease, p: { current: number; total: number | null; message: string | null; lockedUntil: string }): Promise<boolean> {
      return changed(
        await held(lease).set({ progress_current: p.current, progress_total: p.total, progress_message: p.message, locked_until: p.lockedUntil }).executeTakeFirst(),
      );
    },

    /** Records success; only the lease holder can, and only once. */
    async complete(lease: Lease, result: string | null, now: string): Promise<boolean> {
      return changed(
        await held(lease).set({ status: 'succeeded', result, error: null, finished_at: now, locked_by: null, locked_until: null }).executeTakeFirst(),
      );
    },

    /** Records a failed attempt: queued again at `retryAt`, or failed for good when retryAt is null. */
    async fail(lease: Lease, error: string, now: string, retryAt: string | null): Promise<boolean> {
      const set =
        retryAt === null
          ? { status: 'failed' as const, error, finished_at: now, locked_by: null, locked_until: null }
          : { status: 'queued' as const, error, run_at: retryAt, locked_by: null, locked_until: null };
      return changed(await held(lease).set(set).executeTakeFirst());
    },

    /** Removes finished jobs (succeeded, failed, cancelled) that finished before the cutoff. */
    async deleteFinishedBefore(cutoff: string): Promise<number> {
      const res = await db.deleteFrom('jobs').where('status', 'in', FINISHED).where('finished_at', '<', cutoff).executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    countByType: async (type: string): Promise<number> => {
      const row = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', type).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type JobsRepository = ReturnType<typeof jobsRepository>;
