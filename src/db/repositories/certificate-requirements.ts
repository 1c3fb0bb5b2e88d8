// Certificate requirements: the participant's certificate photo, identity confirmations per enrolment,
// and the learning-hours (JP) record.
import { sql, type Kysely } from 'kysely';
import type { Database, IdentityConfirmation, LearningHoursRow, ParticipantPhoto } from '../schema.js';

export interface UnitHoursRow {
  user_id: number;
  name: string;
  nip: string | null;
  employment_type: 'PNS' | 'PPPK' | null;
  unit_code: string;
  unit_name: string;
  total_jp: number;
  limited_jp: number;
  programmes: number;
}

export function certificateRequirementsRepository(db: Kysely<Database>) {
  return {
    photo: (userId: number) => db.selectFrom('participant_photos').selectAll().where('user_id', '=', userId).executeTakeFirst() as Promise<ParticipantPhoto | undefined>,

    /** Sets the user's photo; returns the file id it replaced (null when there was none). */
    async setPhoto(p: { userId: number; fileId: number; width: number; height: number; sourceFormat: string; now: string }): Promise<number | null> {
      return db.transaction().execute(async (trx) => {
        const previous = await trx.selectFrom('participant_photos').select('file_id').where('user_id', '=', p.userId).executeTakeFirst();
        const values = { file_id: p.fileId, width: p.width, height: p.height, source_format: p.sourceFormat, uploaded_at: p.now };
        await trx
          .insertInto('participant_photos')
          .values({ user_id: p.userId, ...values })
          .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
          .execute();
        return previous?.file_id ?? null;
      });
    },

    /** Removes a replaced photo's file record unless a photo still uses it; true when removed. */
    async deleteUnusedPhotoFile(fileId: number): Promise<boolean> {
      const res = await db
        .deleteFrom('files')
        .where('id', '=', fileId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('participant_photos').select('user_id').where('file_id', '=', fileId))))
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    /** Users among `userIds` with a photo. */
    async usersWithPhoto(userIds: number[]): Promise<Set<number>> {
      if (userIds.length === 0) return new Set();
      const rows = await db.selectFrom('participant_photos').select('user_id').where('user_id', 'in', userIds).execute();
      return new Set(rows.map((r) => r.user_id));
    },

    confirmation: (enrolmentId: number) =>
      db.selectFrom('identity_confirmations').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst() as Promise<IdentityConfirmation | undefined>,

    async setConfirmation(c: { enrolmentId: number; userId: number; name: string; nip: string | null; unit: string | null; now: string }): Promise<void> {
      const values = { name: c.name, nip: c.nip, unit: c.unit, confirmed_at: c.now, user_id: c.userId };
      await db
        .insertInto('identity_confirmations')
        .values({ enrolment_id: c.enrolmentId, ...values })
        .onConflict((oc) => oc.column('enrolment_id').doUpdateSet(values))
        .execute();
    },

    /** Pending correction requests of the user for the given fields. */
    async pendingCorrections(userId: number, fields: readonly string[]): Promise<number> {
      const row = await db
        .selectFrom('profile_corrections')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('status', '=', 'pending')
        .where('field', 'in', [...fields])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    programme: (id: number) => db.selectFrom('programmes').select(['id', 'code', 'title', 'jp']).where('id', '=', id).executeTakeFirst(),

    /** Records one enrolment's JP once; false when it was recorded before. */
    async insertHours(h: { userId: number; year: number; programmeId: number; enrolmentId: number; jp: number; countsTowardLimit: boolean; completedOn: string; source: string; now: string }): Promise<boolean> {
      const res = await db
        .insertInto('learning_hours')
        .values({ user_id: h.userId, year: h.year, programme_id: h.programmeId, enrolment_id: h.enrolmentId, jp: h.jp, counts_toward_limit: h.countsTowardLimit ? 1 : 0, completed_on: h.completedOn, source: h.source, created_at: h.now })
        .onConflict((oc) => oc.column('enrolment_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return !!res;
    },

    hoursOfEnrolment: (enrolmentId: number) => db.selectFrom('learning_hours').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst() as Promise<LearningHoursRow | undefined>,

    /** The user's records with the programme titles, newest first. */
    hoursOfUser: (userId: number) =>
      db
        .selectFrom('learning_hours')
        .innerJoin('programmes', 'programmes.id', 'learning_hours.programme_id')
        .selectAll('learning_hours')
        .select(['programmes.title as programme_title', 'programmes.code as programme_code'])
        .where('learning_hours.user_id', '=', userId)
        .orderBy('learning_hours.completed_on', 'desc')
        .orderBy('learning_hours.id', 'desc')
        .execute(),

    /**
     * Employees (users with a NIP / NI PPPK) of a unit subtree with their JP of one year, by user id
     * after `afterUserId` (keyset pages for lists and streamed exports).
     */
    async unitHours(opts: { unitPath: string; year: number; afterUserId: number; limit: number }): Promise<UnitHoursRow[]> {
      const rows = await db
        .selectFrom('users')
        .innerJoin('org_units', 'org_units.id', 'users.unit_id')
        .leftJoin('learning_hours', (j) => j.onRef('learning_hours.user_id', '=', 'users.id').on('learning_hours.year', '=', opts.year))
        .select([
          'users.id as user_id',
          'users.name',
          'users.nip',
          'users.employment_type',
          'org_units.code as unit_code',
          'org_units.name as unit_name',
          sql<number>`coalesce(sum(learning_hours.jp), 0)`.as('total_jp'),
          sql<number>`coalesce(sum(case when learning_hours.counts_toward_limit = 1 then learning_hours.jp else 0 end), 0)`.as('limited_jp'),
          sql<number>`count(learning_hours.id)`.as('programmes'),
        ])
        .where('org_units.path', 'like', `${opts.unitPath}%`)
        .where('users.nip', 'is not', null)
        .where('users.id', '>', opts.afterUserId)
        .groupBy(['users.id', 'users.name', 'users.nip', 'users.employment_type', 'org_units.code', 'org_units.name'])
        .orderBy('users.id')
        .limit(opts.limit)
        .execute();
      return rows.map((r) => ({ ...r, total_jp: Number(r.total_jp), limited_jp: Number(r.limited_jp), programmes: Number(r.programmes) }));
    },
  };
}
