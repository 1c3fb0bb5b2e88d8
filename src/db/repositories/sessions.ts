import type { Kysely } from 'kysely';
import type { Database, Session } from '../schema.js';
import { preparedQuery } from '../prepared.js';
import { USER_COLUMNS } from './users.js';

const findLiveQuery = preparedQuery((db, a: { id: string; now: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('org_units', 'org_units.id', 'users.unit_id')
    .select(USER_COLUMNS)
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at as session_last_seen_at',
      'org_units.code as unit_code',
      'org_units.name as unit_name',
      'org_units.region_code as unit_region_code',
      'org_units.path as unit_path',
    ])
    .where('sessions.id', '=', a.id)
    .where('sessions.expires_at', '>', a.now),
);

export function sessionsRepository(db: Kysely<Database>) {
  return {
    async create(s: Session): Promise<void> {
      await db.insertInto('sessions').values(s).execute();
    },
    /** The live session with its user and unit: one query on every signed-in request. */
    findLive: (id: string, now: string) => findLiveQuery.takeFirst(db, { id, now }),
    async touch(id: string, lastSeen: string, expiresAt: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: lastSeen, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteAllOfUser(userId: number, exceptId?: string): Promise<number> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      const res = await q.executeTakeFirst();
      return Number(res.numDeletedRows);
    },
    listOfUser: (userId: number, now: string) =>
      db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('last_seen_at', 'desc').execute(),
    async deleteExpired(now: string): Promise<number> {
      const res = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}
export type SessionsRepository = ReturnType<typeof sessionsRepository>;
