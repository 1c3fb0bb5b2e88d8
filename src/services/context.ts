import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import type { Mailer } from './mailer.js';
import { createJobQueue, type JobQueue } from '../jobs/index.js';

/** The clock is injected everywhere so tests can move time. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface AppContext {
  config: Config;
  db: Db;
  repos: Repositories;
  clock: Clock;
  mailer: Mailer;
  log: FastifyBaseLogger;
  /** Background jobs (src/jobs/): enqueue from services; workers run only where started (`serve`). */
  jobs: JobQueue;
}

export function createContext(parts: Omit<AppContext, 'repos' | 'jobs'>): AppContext {
  const ctx: Omit<AppContext, 'jobs'> & { jobs?: JobQueue } = { ...parts, repos: createRepositories(parts.db.kysely) };
  ctx.jobs = createJobQueue(ctx);
  return ctx as AppContext;
}

export const nowIso = (ctx: Pick<AppContext, 'clock'>): string => ctx.clock().toISOString();

/** Who did something, and from where: every audited change carries it. */
export interface Actor {
  userId: number | null;
  ip?: string | null;
  userAgent?: string | null;
}
