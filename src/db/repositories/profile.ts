// Participant self-service: profile correction requests and the operators' queue.
import type { Kysely, Selectable } from 'kysely';
import type { Database, ProfileCorrectionTable } from '../schema.js';

export type ProfileCorrection = Selectable<ProfileCorrectionTable>;
export type CorrectionWithUser = ProfileCorrection & {
  user_name: string;
  user_login: string;
  user_nip: string | null;
  unit_code: string | null;
  unit_name: string | null;
  unit_path: string | null;
};

export function profileRepository(db: Kysely<Database>) {
  const withUser = () =>
    db
      .selectFrom('profile_corrections')
      .innerJoin('users', 'users.id', 'profile_corrections.user_id')
      .leftJoin('org_units', 'org_units.id', 'users.unit_id')
      .selectAll('profile_corrections')
      .select(['users.name as user_name', 'users.login as user_login', 'users.nip as user_nip', 'org_units.code as unit_code', 'org_units.name as unit_name', 'org_units.path as unit_path']);

  return {
    async insertCorrection(c: { userId: number; field: string; currentValue: string | null; requestedValue: string; note: string | null; now: string }): Promise<number> {
      const row = await db
        .insertInto('profile_corrections')
        .values({ user_id: c.userId, field: c.field, current_value: c.currentValue, requested_value: c.requestedValue, note: c.note, status: 'pending', created_at: c.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    correction: (id: number) => withUser().where('profile_corrections.id', '=', id).executeTakeFirst() as Promise<CorrectionWithUser | undefined>,

    /** The user's requests, newest first. */
    correctionsOfUser: (userId: number, limit = 100) =>
      db.selectFrom('profile_corrections').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute(),

    pendingCountOfUser: async (userId: number, field?: string): Promise<number> => {
      let q = db.selectFrom('profile_corrections').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('status', '=', 'pending');
      if (field) q = q.where('field', '=', field);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    /** Requests of users whose unit lies in one of the subtrees, oldest first after the cursor. */
    async listInScope(opts: { unitPaths: string[] | 'all'; status: 'pending' | 'approved' | 'rejected'; afterId?: number; limit: number; excludeUserId?: number }): Promise<CorrectionWithUser[]> {
      let q = withUser().where('profile_corrections.status', '=', opts.status);
      if (opts.excludeUserId !== undefined) q = q.where('profile_corrections.user_id', '!=', opts.excludeUserId);
      if (opts.unitPaths !== 'all') {
        const paths = opts.unitPaths;
        if (paths.length === 0) return [];
        q = q.where((eb) => eb.or(paths.map((p) => eb('org_units.path', 'like', `${p}%`))));
      }
      if (opts.afterId !== undefined) q = q.where('profile_corrections.id', '>', opts.afterId);
      return (await q.orderBy('profile_corrections.id').limit(opts.limit).execute()) as CorrectionWithUser[];
    },

    /** Records the decision on a pending request; false when it was decided already. */
    async decide(id: number, d: { status: 'approved' | 'rejected'; decidedBy: number | null; at: string; note: string | null }): Promise<boolean> {
      const res = await db
        .updateTable('profile_corrections')
        .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.at, decision_note: d.note })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    /** Puts a request back in the queue (its approval could not be applied). */
    async reopen(id: number): Promise<void> {
      await db.updateTable('profile_corrections').set({ status: 'pending', decided_by: null, decided_at: null, decision_note: null }).where('id', '=', id).execute();
    },
  };
}
export type ProfileRepository = ReturnType<typeof profileRepository>;
