import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function apiTokensRepository(db: Kysely<Database>) {
  return {
    async insert(t: { user_id: number; name: string; token_hash: string; token_prefix: string; created_at: string; created_by: number | null; expires_at: string | null }): Promise<number> {
      const row = await db.insertInto('api_tokens').values(t).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    findLiveByHash: (hash: string, now: string) =>
      db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select(['api_tokens.id as token_id', 'api_tokens.user_id', 'api_tokens.last_used_at', 'users.status', 'users.must_change_password', 'users.locale'])
        .where('api_tokens.token_hash', '=', hash)
        .where('api_tokens.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
        .executeTakeFirst(),
    async markUsed(id: number, now: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    list: (opts: { userId?: number; beforeId?: number; limit?: number }) => {
      let q = db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select([
          'api_tokens.id',
          'api_tokens.name',
          'api_tokens.token_prefix',
          'api_tokens.created_at',
          'api_tokens.last_used_at',
          'api_tokens.expires_at',
          'api_tokens.revoked_at',
          'api_tokens.user_id',
          'users.login as user_login',
        ]);
      if (opts.userId !== undefined) q = q.where('api_tokens.user_id', '=', opts.userId);
      if (opts.beforeId !== undefined) q = q.where('api_tokens.id', '<', opts.beforeId);
      if (opts.limit !== undefined) q = q.limit(opts.limit);
      return q.orderBy('api_tokens.id', 'desc').execute();
    },
    findById: (id: number) => db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst(),
    async revoke(id: number, now: string): Promise<boolean> {
      const res = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
  };
}
export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;
