import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function passwordResetsRepository(db: Kysely<Database>) {
  return {
    async insert(r: { user_id: number; token_hash: string; created_at: string; expires_at: string; ip: string | null }): Promise<void> {
      await db.insertInto('password_reset_tokens').values(r).execute();
    },
    /** Marks the token used if it is live; returns its user. One use only, also under concurrency. */
    async consume(hash: string, now: string): Promise<number | null> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('password_reset_tokens')
          .select(['id', 'user_id'])
          .where('token_hash', '=', hash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (!row) return null;
        const res = await trx.updateTable('password_reset_tokens').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
        return Number(res.numUpdatedRows) === 1 ? row.user_id : null;
      });
    },
    findLive: (hash: string, now: string) =>
      db.selectFrom('password_reset_tokens').select(['id', 'user_id']).where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst(),
    async invalidateForUser(userId: number, now: string): Promise<void> {
      await db.updateTable('password_reset_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    },
  };
}
export type PasswordResetsRepository = ReturnType<typeof passwordResetsRepository>;
