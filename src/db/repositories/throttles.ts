import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function throttlesRepository(db: Kysely<Database>) {
  return {
    find: (keys: string[]) => (keys.length ? db.selectFrom('login_throttles').selectAll().where('key', 'in', keys).execute() : Promise.resolve([])),
    /** Counts one failure on each key, starting a new window when the old one ended; blocks a key at its limit. */
    async recordFailure(key: string, now: string, windowStartedBefore: string, limit: number, blockUntil: (windowStart: string) => string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('login_throttles').selectAll().where('key', '=', key).executeTakeFirst();
        if (!row || row.window_started_at <= windowStartedBefore) {
          const failures = 1;
          const values = { key, failures, window_started_at: now, blocked_until: failures >= limit ? blockUntil(now) : null };
          await trx.insertInto('login_throttles').values(values).onConflict((oc) => oc.column('key').doUpdateSet(values)).execute();
        } else {
          const failures = row.failures + 1;
          await trx
            .updateTable('login_throttles')
            .set({ failures, blocked_until: failures >= limit ? blockUntil(row.window_started_at) : row.blocked_until })
            .where('key', '=', key)
            .execute();
        }
      });
    },
    /** Removes counters whose window started before `before` and that block nothing any more. */
    async deleteStale(before: string, now: string): Promise<number> {
      const res = await db
        .deleteFrom('login_throttles')
        .where('window_started_at', '<', before)
        .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },
    async clear(keys: string[]): Promise<void> {
      if (keys.length) await db.deleteFrom('login_throttles').where('key', 'in', keys).execute();
    },
  };
}
export type ThrottlesRepository = ReturnType<typeof throttlesRepository>;
