import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0003 from './migrations/0003_learning.js';
import * as m0004 from './migrations/0004_evaluation.js';
import * as m0005 from './migrations/0005_agencies.js';
import * as m0006 from './migrations/0006_monitoring.js';
import * as m0007 from './migrations/0007_live_sessions.js';
import * as m0008 from './migrations/0008_live_attendance.js';
import * as m0009 from './migrations/0009_certificates.js';
import * as m0010 from './migrations/0010_certificate_requirements.js';

/** Every migration, in order. One set for SQLite and PostgreSQL. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0003_learning': m0003,
  '0004_evaluation': m0004,
  '0005_agencies': m0005,
  '0006_monitoring': m0006,
  '0007_live_sessions': m0007,
  '0008_live_attendance': m0008,
  '0009_certificates': m0009,
  '0010_certificate_requirements': m0010,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableName: 'lentera_migrations', migrationLockTableName: 'lentera_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
