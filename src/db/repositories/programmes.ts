import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function programmesRepository(db: Kysely<Database>) {
  return {
    findByCode: (code: string) => db.selectFrom('programmes').selectAll().where('code', '=', code).executeTakeFirst(),
    async insert(p: { code: string; title: string; description: string | null; jp: number; organiser_unit_id: number | null; provider: string | null; status: 'draft' | 'published'; now: string }): Promise<number> {
      const { now, ...rest } = p;
      const row = await db.insertInto('programmes').values({ ...rest, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    findCohort: (programmeId: number, code: string) =>
      db.selectFrom('cohorts').selectAll().where('programme_id', '=', programmeId).where('code', '=', code).executeTakeFirst(),
    firstCohort: () => db.selectFrom('cohorts').selectAll().orderBy('id').limit(1).executeTakeFirst(),
    async insertCohort(c: { programme_id: number; code: string; title: string; starts_on: string | null; ends_on: string | null; gelombang: number | null; angkatan: number | null; now: string }): Promise<number> {
      const { now, ...rest } = c;
      const row = await db.insertInto('cohorts').values({ ...rest, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async enrol(e: { cohort_id: number; user_id: number; ndh: number | null; now: string }): Promise<void> {
      await db
        .insertInto('enrolments')
        .values((eb) => ({ cohort_id: e.cohort_id, programme_id: eb.selectFrom('cohorts').select('programme_id').where('id', '=', e.cohort_id), user_id: e.user_id, ndh: e.ndh, status: 'active', enrolled_at: e.now }))
        // Already in this cohort, or already enrolled in the programme (orientation is taken once).
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    enrolmentsOfUser: (userId: number) =>
      db
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select([
          'enrolments.id',
          'enrolments.status',
          'enrolments.ndh',
          'cohorts.id as cohort_id',
          'cohorts.title as cohort_title',
          'cohorts.gelombang',
          'cohorts.angkatan',
          'programmes.id as programme_id',
          'programmes.title as programme_title',
          'programmes.jp',
        ])
        .where('enrolments.user_id', '=', userId)
        .orderBy('enrolments.id')
        .execute(),

    /** The programmes (all, or these) with their organiser unit's path: what the programme scope is decided on. */
    organisers(ids?: number[]): Promise<{ id: number; organiser_path: string | null }[]> {
      if (ids && ids.length === 0) return Promise.resolve([]);
      let q = db.selectFrom('programmes as p').leftJoin('org_units as ou', 'ou.id', 'p.organiser_unit_id').select(['p.id', 'ou.path as organiser_path']);
      if (ids) q = q.where('p.id', 'in', ids);
      return q.orderBy('p.id').execute();
    },

    /**
     * Of these programmes, those with an active participant from one of these unit subtrees (paths) or
     * with a cohort among `cohortIds`: the programme scope's question to the data.
     */
    async reachedBy(programmeIds: number[], by: { unitPaths: string[]; cohortIds: number[] }): Promise<number[]> {
      if (programmeIds.length === 0 || (by.unitPaths.length === 0 && by.cohortIds.length === 0)) return [];
      const rows = await db
        .selectFrom('programmes as p')
        .select('p.id')
        .where('p.id', 'in', programmeIds)
        .where((eb) =>
          eb.or([
            ...(by.cohortIds.length ? [eb.exists(eb.selectFrom('cohorts as c').select(sql`1`.as('one')).whereRef('c.programme_id', '=', 'p.id').where('c.id', 'in', by.cohortIds))] : []),
            ...(by.unitPaths.length
              ? [
                  eb.exists(
                    eb
                      .selectFrom('enrolments as e')
                      .innerJoin('cohorts as ec', 'ec.id', 'e.cohort_id')
                      .innerJoin('users as u', 'u.id', 'e.user_id')
                      .innerJoin('org_units as ou', 'ou.id', 'u.unit_id')
                      .select(sql`1`.as('one'))
                      .whereRef('ec.programme_id', '=', 'p.id')
                      .where('e.status', '=', 'active')
                      .where((e2) => e2.or(by.unitPaths.map((path) => e2('ou.path', 'like', `${path}%`)))),
                  ),
                ]
              : []),
          ]),
        )
        .execute();
      return rows.map((r) => Number(r.id));
    },
  };
}
export type ProgrammesRepository = ReturnType<typeof programmesRepository>;
