// Wires configuration, database, services and HTTP into a running platform.
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createContext, systemClock, type AppContext, type Clock } from './services/context.js';
import { createMailer } from './services/mailer.js';
import { buildApp } from './http/app.js';
import { closeCertificateRenderer } from './services/certificates/render-pool.js';

export interface Platform {
  ctx: AppContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>) {
  return pino({ level: config.LOG_LEVEL });
}

/** Opens the database (migrating it), builds the context and the HTTP app. Does not listen. */
export async function createPlatform(config: Config, opts: { clock?: Clock; db?: Db; log?: ReturnType<typeof pino> } = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config);
  const db = opts.db ?? openDatabase(config.database, { poolSize: config.DATABASE_POOL_SIZE, namedStatements: config.DATABASE_NAMED_STATEMENTS });
  await migrateToLatest(db);
  const ctx = createContext({ config, db, clock: opts.clock ?? systemClock, log, mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, log }) });
  const app = await buildApp(ctx);
  return {
    ctx,
    app,
    async close() {
      await ctx.jobs.stop();
      await app.close();
      await closeCertificateRenderer(config);
      if (!opts.db) await db.close();
    },
  };
}
