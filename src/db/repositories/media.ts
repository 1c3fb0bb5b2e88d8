// What serving an activity's media needs to know: the activity (with its stage's publication) and
// whether a user may see the programme's material as a participant or a facilitator.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface MediaActivity {
  id: number;
  programme_id: number;
  kind: string;
  config: string;
  published: number;
  stage_published: number;
}

export function mediaRepository(db: Kysely<Database>) {
  return {
    activity: (id: number) =>
      db
        .selectFrom('activities')
        .innerJoin('stages', 'stages.id', 'activities.stage_id')
        .select(['activities.id', 'activities.programme_id', 'activities.kind', 'activities.config', 'activities.published', 'stages.published as stage_published'])
        .where('activities.id', '=', id)
        .executeTakeFirst() as Promise<MediaActivity | undefined>,

    /** True when the user has an active enrolment in a cohort of the programme. */
    async isEnrolledInProgramme(userId: number, programmeId: number): Promise<boolean> {
      const row = await db
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .select('enrolments.id')
        .where('enrolments.user_id', '=', userId)
        .where('cohorts.programme_id', '=', programmeId)
        .where('enrolments.status', '=', 'active')
        .limit(1)
        .executeTakeFirst();
      return !!row;
    },

    /** True when the user facilitates the programme: a facilitator role for one of its cohorts, or for every cohort. */
    async facilitatesProgramme(userId: number, programmeId: number): Promise<boolean> {
      const row = await db
        .selectFrom('role_assignments')
        .select('role_assignments.id')
        .where('role_assignments.user_id', '=', userId)
        .where('role_assignments.role', '=', 'facilitator')
        .where((eb) =>
          eb.or([
            eb('role_assignments.cohort_id', 'is', null),
            eb('role_assignments.cohort_id', 'in', eb.selectFrom('cohorts').select('cohorts.id').where('cohorts.programme_id', '=', programmeId)),
          ]),
        )
        .limit(1)
        .executeTakeFirst();
      return !!row;
    },
  };
}
export type MediaRepository = ReturnType<typeof mediaRepository>;
