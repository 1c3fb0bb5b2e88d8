import type { Kysely } from 'kysely';
import type { Database, NewUser } from '../schema.js';

const CHUNK = 400;

/** Bulk writes for synthetic data and large provisioning: chunked multi-row inserts inside one transaction. */
export function bulkRepository(db: Kysely<Database>) {
  return {
    /**
     * Inserts the users that do not exist yet (by login), gives each the participant role and, when
     * a cohort is given, enrols them with consecutive attendance numbers. Returns how many were new.
     */
    async insertParticipants(users: NewUser[], opts: { cohortId: number | null; now: string }): Promise<number> {
      return db.transaction().execute(async (trx) => {
        let created = 0;
        let ndh =
          opts.cohortId === null
            ? 0
            : Number((await trx.selectFrom('enrolments').select((eb) => eb.fn.max('ndh').as('m')).where('cohort_id', '=', opts.cohortId).executeTakeFirst())?.m ?? 0);
        for (let i = 0; i < users.length; i += CHUNK) {
          const chunk = users.slice(i, i + CHUNK);
          const inserted = await trx
            .insertInto('users')
            .values(chunk)
            .onConflict((oc) => oc.column('login').doNothing())
            .returning('id')
            .execute();
          if (!inserted.length) continue;
          created += inserted.length;
          await trx
            .insertInto('role_assignments')
            .values(inserted.map((r) => ({ user_id: r.id, role: 'participant' as const, unit_id: null, cohort_id: null, created_at: opts.now, created_by: null })))
            .execute();
          if (opts.cohortId !== null) {
            const cohortId = opts.cohortId;
            const { programme_id: programmeId } = await trx.selectFrom('cohorts').select('programme_id').where('id', '=', cohortId).executeTakeFirstOrThrow();
            await trx
              .insertInto('enrolments')
              .values(inserted.map((r) => ({ cohort_id: cohortId, programme_id: programmeId, user_id: r.id, ndh: ++ndh, status: 'active' as const, enrolled_at: opts.now })))
              .onConflict((oc) => oc.doNothing())
              .execute();
          }
        }
        return created;
      });
    },
  };
}
export type BulkRepository = ReturnType<typeof bulkRepository>;
