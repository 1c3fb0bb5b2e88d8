// The one background-job mechanism: a durable `jobs` table on SQLite and PostgreSQL, claimed with
// leases. Design and guarantees: docs/design-jobs.md.
//
//   queue.register('import.users', async (job) => { …; await job.progress(i, n); …; return { created } });
//   const { id } = await queue.enqueue('import.users', { file }, { createdBy: actor.userId });
//
// Handlers must be idempotent: when an instance dies mid-job the job runs again elsewhere after its
// lease ran out. The queue guarantees that no two instances run a job at the same time and that its
// completion is recorded once (only the current lease holder can record it).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Job, JobStatus } from '../db/schema.js';
import type { Lease } from '../db/repositories/jobs.js';
import type { AppContext } from '../services/context.js';

/** What a handler receives. */
export interface JobRun<T> {
  id: number;
  type: string;
  payload: T;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  maxAttempts: number;
  /**
   * Stores progress (and renews the lease). `total` and `message` keep their last value when omitted.
   * Rejects with LeaseLostError when this instance no longer holds the job: the handler should stop.
   * One write per call: report per batch (e.g. every 100 rows), not per row.
   */
  progress(current: number, total?: number | null, message?: string | null): Promise<void>;
  /** Aborted when the lease is lost or the instance shuts down past its grace period. */
  signal: AbortSignal;
}

export type JobHandler<T = unknown> = (job: JobRun<T>) => Promise<unknown>;

export interface EnqueueOptions {
  /** Makes enqueue idempotent: while a job with this key exists, enqueue returns it (created: false). */
  uniqueKey?: string;
  /** Not before this instant (default: now). */
  runAt?: Date | string;
  /** Runs (first run included) before the job is marked failed. Default 3. */
  maxAttempts?: number;
  /** The user the job belongs to: they (and platform admins) may follow it. */
  createdBy?: number | null;
}

export interface JobQueueOptions {
  /** Names this instance in `locked_by`; unique per queue object by default. */
  instanceId?: string;
  /** How long a claim stays valid without a heartbeat. Default 60 s. */
  leaseMs?: number;
  /** How often a running job renews its lease (real time). Default leaseMs / 3. */
  heartbeatMs?: number;
  /** Retry delay after the first failed run, doubled for each further one. Default 10 s. */
  retryBaseMs?: number;
  /** Upper bound of the retry delay. Default 1 h. */
  retryMaxMs?: number;
  /** How long stop() waits for running handlers. Default 30 s. */
  stopTimeoutMs?: number;
}

export interface JobProgress {
  current: number;
  total: number | null;
  message: string | null;
  /** 0–100 when the total is known (100 once succeeded), else null. */
  percent: number | null;
}

/** A job as callers see it: JSON decoded, names in camelCase. */
export interface JobInfo {
  id: number;
  type: string;
  status: JobStatus;
  payload: unknown;
  progress: JobProgress;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  result: unknown;
  error: string | null;
  createdBy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
}

/** How one run ended for this instance. `lease_lost`: another instance owns the job now; nothing was recorded. */
export type RunOutcome = 'succeeded' | 'retrying' | 'failed' | 'lease_lost';

export class LeaseLostError extends Error {
  constructor(readonly jobId: number) {
    super(`lease of job ${jobId} was lost: another instance runs it now`);
    this.name = 'LeaseLostError';
  }
}

export class ShutdownError extends Error {
  constructor() {
    super('stopped: the instance shut down before the job finished');
    this.name = 'ShutdownError';
  }
}

export type JobQueueContext = Pick<AppContext, 'repos' | 'clock' | 'log'>;

const MAX_ERROR_LENGTH = 2000;
const MAX_MESSAGE_LENGTH = 500;
const FINISHED: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export const isFinished = (status: JobStatus): boolean => FINISHED.includes(status);

export function progressOf(job: Pick<Job, 'status' | 'progress_current' | 'progress_total' | 'progress_message'>): JobProgress {
  const total = job.progress_total;
  let percent: number | null = null;
  if (job.status === 'succeeded') percent = 100;
  else if (total !== null && total > 0) percent = Math.max(0, Math.min(100, Math.floor((job.progress_current * 100) / total)));
  else if (total === 0) percent = 0;
  return { current: job.progress_current, total, message: job.progress_message, percent };
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export function toJobInfo(job: Job): JobInfo {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    payload: parseJson(job.payload),
    progress: progressOf(job),
    attempts: job.attempts,
    maxAttempts: job.max_attempts,
    runAt: job.run_at,
    result: parseJson(job.result),
    error: job.error,
    createdBy: job.created_by,
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    lockedBy: job.locked_by,
    lockedUntil: job.locked_until,
  };
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH - 1) + '…' : text;
}

const wholeNumber = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.min(2_147_483_647, Math.floor(n))) : 0);

interface ActiveRun {
  jobId: number;
  controller: AbortController;
  heartbeat: NodeJS.Timeout;
  done: Promise<unknown>;
}

export class JobQueue {
  readonly instanceId: string;
  private readonly handlers = new Map<string, JobHandler<any>>();
  private readonly hourly: { type: string; payload: unknown }[] = [];
  private readonly active = new Set<ActiveRun>();
  private loops: Promise<void>[] = [];
  private stopping = false;
  private wakers = new Set<() => void>();
  private lastWindow: string | null = null;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly stopTimeoutMs: number;

  constructor(
    private readonly ctx: JobQueueContext,
    opts: JobQueueOptions = {},
  ) {
    this.instanceId = opts.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(1000, Math.floor(this.leaseMs / 3));
    this.retryBaseMs = opts.retryBaseMs ?? 10_000;
    this.retryMaxMs = opts.retryMaxMs ?? 3_600_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
  }

  /** Registers the handler of a job type. This instance only claims types it has a handler for. */
  register<T>(type: string, handler: JobHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`job type ${type} is already registered`);
    this.handlers.set(type, handler as JobHandler<any>);
  }

  /** Enqueues a job once per hour window (unique key `type:YYYY-MM-DDTHH`) while workers run. */
  scheduleHourly(type: string, payload: unknown = {}): void {
    this.hourly.push({ type, payload });
  }

  async enqueue<T>(type: string, payload: T, opts: EnqueueOptions = {}): Promise<{ id: number; created: boolean }> {
    const maxAttempts = opts.maxAttempts ?? 3;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a whole number ≥ 1');
    const now = this.ctx.clock();
    const runAt = opts.runAt === undefined ? now : new Date(opts.runAt);
    if (Number.isNaN(runAt.getTime())) throw new RangeError('runAt is not a valid instant');
    const text = JSON.stringify(payload ?? null);
    return this.ctx.repos.jobs.insert({
      type,
      payload: text,
      runAt: runAt.toISOString(),
      maxAttempts,
      uniqueKey: opts.uniqueKey ?? null,
      createdBy: opts.createdBy ?? null,
      now: now.toISOString(),
    });
  }

  async get(id: number): Promise<JobInfo | undefined> {
    const job = await this.ctx.repos.jobs.findById(id);
    return job ? toJobInfo(job) : undefined;
  }

  /** Number of handlers this instance is running right now. */
  get running(): number {
    return this.active.size;
  }

  /**
   * Returns expired leases to the queue, then claims and runs at most one ready job (of a registered
   * type). Resolves when that run ended; null when nothing was ready (or the queue is stopping).
   */
  async runOnce(): Promise<{ id: number; type: string; outcome: RunOutcome } | null> {
    if (this.stopping) return null;
    const now = this.ctx.clock();
    const reclaimed = await this.ctx.repos.jobs.reclaimExpired(now.toISOString());
    if (reclaimed.requeued || reclaimed.failed) this.ctx.log.warn({ ...reclaimed, instance: this.instanceId }, 'jobs: reclaimed jobs whose lease expired');
    const job = await this.ctx.repos.jobs.claimNext({
      types: [...this.handlers.keys()],
      lockedBy: this.instanceId,
      now: now.toISOString(),
      lockedUntil: this.leaseUntil(),
    });
    if (!job) return null;
    const outcome = await this.track(job);
    return { id: job.id, type: job.type, outcome };
  }

  /** Starts `workers` polling loops (0: none). Each claims a job, runs it, and polls every pollMs when idle. */
  start(opts: { workers: number; pollMs?: number }): void {
    if (this.loops.length) throw new Error('the job queue is already started');
    const pollMs = opts.pollMs ?? 1000;
    this.stopping = false;
    for (let i = 0; i < opts.workers; i++) this.loops.push(this.loop(pollMs));
    if (opts.workers > 0) this.ctx.log.info({ workers: opts.workers, pollMs, instance: this.instanceId, types: [...this.handlers.keys()] }, 'jobs: workers started');
  }

  /**
   * Stops claiming, then waits for running handlers up to the timeout. Handlers still running after it
   * are aborted (their signal fires) and no longer renew their lease: if they never finish, another
   * instance takes the job over once the lease ran out.
   */
  async stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers) wake();
    const timeoutMs = opts.timeoutMs ?? this.stopTimeoutMs;
    const pending = Promise.allSettled([...this.loops, ...[...this.active].map((a) => a.done)]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      pending.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut && this.active.size) {
      this.ctx.log.warn({ jobs: [...this.active].map((a) => a.jobId), instance: this.instanceId }, 'jobs: handlers still running at shutdown were aborted');
      for (const a of this.active) {
        clearInterval(a.heartbeat);
        a.controller.abort(new ShutdownError());
      }
    }
    this.loops = [];
  }

  private leaseUntil(): string {
    return new Date(this.ctx.clock().getTime() + this.leaseMs).toISOString();
  }

  /** The delay before the next run after `attempt` failed runs: base · 2^(attempt−1), capped. */
  backoffMs(attempt: number): number {
    return Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  }

  private async loop(pollMs: number): Promise<void> {
    while (!this.stopping) {
      let ran = false;
      try {
        await this.scheduleRecurring();
        ran = (await this.runOnce()) !== null;
      } catch (err) {
        this.ctx.log.error({ err, instance: this.instanceId }, 'jobs: worker loop error');
      }
      if (!ran && !this.stopping) await this.sleep(pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Once per hour window and instance: enqueue the hourly jobs; the unique key makes every instance agree on one. */
  private async scheduleRecurring(): Promise<void> {
    const window = this.ctx.clock().toISOString().slice(0, 13);
    if (window === this.lastWindow || this.hourly.length === 0) return;
    const previous = this.lastWindow;
    this.lastWindow = window;
    try {
      for (const r of this.hourly) await this.enqueue(r.type, r.payload, { uniqueKey: `${r.type}:${window}`, maxAttempts: 3 });
    } catch (err) {
      this.lastWindow = previous;
      throw err;
    }
  }

  private track(job: Job): Promise<RunOutcome> {
    const controller = new AbortController();
    const lease: Lease = { id: job.id, lockedBy: this.instanceId, attempt: job.attempts };
    const heartbeat = setInterval(() => void this.heartbeat(lease, controller), this.heartbeatMs);
    heartbeat.unref();
    const entry: ActiveRun = { jobId: job.id, controller, heartbeat, done: Promise.resolve() };
    const done = this.execute(job, lease, controller).finally(() => {
      clearInterval(heartbeat);
      this.active.delete(entry);
    });
    entry.done = done;
    this.active.add(entry);
    return done;
  }

  private async heartbeat(lease: Lease, controller: AbortController): Promise<void> {
    if (controller.signal.aborted) return;
    try {
      if (!(await this.ctx.repos.jobs.renewLease(lease, this.leaseUntil()))) controller.abort(new LeaseLostError(lease.id));
    } catch (err) {
      this.ctx.log.warn({ err, jobId: lease.id }, 'jobs: lease renewal failed');
    }
  }

  private async execute(job: Job, lease: Lease, controller: AbortController): Promise<RunOutcome> {
    const handler = this.handlers.get(job.type)!;
    const log = { jobId: job.id, type: job.type, attempt: job.attempts, instance: this.instanceId };
    let total: number | null = job.progress_total;
    let message: string | null = null;
    const progress = async (current: number, t?: number | null, m?: string | null): Promise<void> => {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof LeaseLostError) throw reason;
      if (t !== undefined) total = t === null ? null : wholeNumber(t);
      if (m !== undefined) message = m === null ? null : m.slice(0, MAX_MESSAGE_LENGTH);
      const ok = await this.ctx.repos.jobs.setProgress(lease, { current: wholeNumber(current), total, message, lockedUntil: this.leaseUntil() });
      if (!ok) {
        const lost = new LeaseLostError(job.id);
        controller.abort(lost);
        throw lost;
      }
    };

    let resultText: string | null;
    try {
      const payload = JSON.parse(job.payload) as unknown;
      const result = await handler({ id: job.id, type: job.type, payload, attempt: job.attempts, maxAttempts: job.max_attempts, progress, signal: controller.signal });
      resultText = result === undefined ? null : JSON.stringify(result);
    } catch (err) {
      const exhausted = job.attempts >= job.max_attempts;
      const now = this.ctx.clock();
      // Interrupted by a shutdown: no backoff, another instance may pick it up at once.
      const delay = controller.signal.reason instanceof ShutdownError ? 0 : this.backoffMs(job.attempts);
      const retryAt = exhausted ? null : new Date(now.getTime() + delay).toISOString();
      const recorded = await this.ctx.repos.jobs.fail(lease, errorMessage(err), now.toISOString(), retryAt);
      if (!recorded) {
        this.ctx.log.warn(log, 'jobs: failure not recorded, the lease was lost');
        return 'lease_lost';
      }
      this.ctx.log[exhausted ? 'error' : 'warn']({ ...log, err, retryAt }, exhausted ? 'jobs: job failed' : 'jobs: job run failed, will retry');
      return exhausted ? 'failed' : 'retrying';
    }
    const recorded = await this.ctx.repos.jobs.complete(lease, resultText, this.ctx.clock().toISOString());
    if (!recorded) {
      this.ctx.log.warn(log, 'jobs: completion refused, the lease was lost (another instance owns the job)');
      return 'lease_lost';
    }
    this.ctx.log.info(log, 'jobs: job succeeded');
    return 'succeeded';
  }
}
