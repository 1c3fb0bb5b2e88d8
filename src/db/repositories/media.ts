// What serving an activity's media needs to know: the activity (with its stage's publication) and
// whether a user may see the programme's material as a participant.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface MediaActivity {
  id: number;
  programme_id: number;
  kind: string;
  config: string;
  published: number;
  stage_published: number;
  /** Path of the programme's organiser unit (who authors it). */
  organiser_path: string | null;
}

export function mediaRepository(db: Kysely<Database>) {
  return {
    activity: (id: number) =>
      db
        .selectFrom('activities')
        .innerJoin('stages', 'stages.id', 'activities.stage_id')
        .innerJoin('programmes', 'programmes.id', 'activities.programme_id')
        .leftJoin('org_units', 'org_units.id', 'programmes.organiser_unit_id')
        .select(['activities.id', 'activities.programme_id', 'activities.kind', 'activities.config', 'activities.published', 'stages.published as stage_published', 'org_units.path as organiser_path'])
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
  };
}
export type MediaRepository = ReturnType<typeof mediaRepository>;
