// Account care by operators: sign-in throttles of one account, the NIP / NI PPPK history, moving a
// participant, enrolling (one enrolment per programme unless overridden), withdrawal and re-admission.
import type { Kysely } from 'kysely';
import type { Database, UserNipTable } from '../schema.js';
import type { Selectable } from 'kysely';

export type UserNip = Selectable<UserNipTable>;

/** The sign-in throttle keys of a known account (see throttleKeys in src/services/auth.ts). */
const accountKey = (userId: number) => `acct:u:${userId}`;
const accountAddressPrefix = (userId: number) => `acct-ip:u:${userId}|`;

export function accountCareRepository(db: Kysely<Database>) {
  const accountThrottles = (userId: number) =>
    db
      .selectFrom('login_throttles')
      .selectAll()
      .where((eb) => eb.or([eb('key', '=', accountKey(userId)), eb('key', 'like', `${accountAddressPrefix(userId)}%`)]));

  return {
    /** The account's throttle counters (per account, and per account and address). */
    accountThrottles: (userId: number) => accountThrottles(userId).execute(),

    /** Removes every throttle counter of the account; the per-address counters of others stay. */
    async clearAccountThrottles(userId: number): Promise<number> {
      const res = await db
        .deleteFrom('login_throttles')
        .where((eb) => eb.or([eb('key', '=', accountKey(userId)), eb('key', 'like', `${accountAddressPrefix(userId)}%`)]))
        .executeTakeFirst();
      return Number(res.numDeletedRows);
    },

    nipHistory: (userId: number) => db.selectFrom('user_nips').selectAll().where('user_id', '=', userId).orderBy('valid_from').orderBy('id').execute(),

    /** History rows holding this number (current or former), any user. */
    nipRecords: (nip: string) => db.selectFrom('user_nips').selectAll().where('nip', '=', nip).orderBy('id').execute(),

    /**
     * Gives the user a new number (and login) and records the change in user_nips in one transaction:
     * the open record of the old number is closed (or created, closed, when there was none) and an
     * open record of the new number added.
     */
    async changeNip(input: {
      userId: number;
      oldNip: string | null;
      since: string;
      newNip: string;
      login: string;
      employmentType: 'PNS' | 'PPPK' | null;
      reason: string;
      changedBy: number | null;
      now: string;
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (input.oldNip) {
          const open = await trx.selectFrom('user_nips').select('id').where('user_id', '=', input.userId).where('nip', '=', input.oldNip).where('valid_to', 'is', null).executeTakeFirst();
          if (open) await trx.updateTable('user_nips').set({ valid_to: input.now }).where('id', '=', open.id).execute();
          else await trx.insertInto('user_nips').values({ user_id: input.userId, nip: input.oldNip, valid_from: input.since, valid_to: input.now, reason: null, changed_by: null }).execute();
        }
        await trx.updateTable('user_nips').set({ valid_to: input.now }).where('user_id', '=', input.userId).where('valid_to', 'is', null).execute();
        await trx.insertInto('user_nips').values({ user_id: input.userId, nip: input.newNip, valid_from: input.now, valid_to: null, reason: input.reason, changed_by: input.changedBy }).execute();
        await trx.updateTable('users').set({ nip: input.newNip, login: input.login, employment_type: input.employmentType, updated_at: input.now }).where('id', '=', input.userId).execute();
      });
    },

    /** Moves the user to another unit; its enrolments follow the unit's time zone. */
    async moveUser(userId: number, unitId: number, zone: 'WIB' | 'WITA' | 'WIT', now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ unit_id: unitId, updated_at: now }).where('id', '=', userId).execute();
        await trx.updateTable('enrolments').set({ zone }).where('user_id', '=', userId).execute();
      });
    },

    /** Cohorts open for enrolment (programmes that are not archived), with their programme. */
    cohorts: () =>
      db
        .selectFrom('cohorts')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select(['cohorts.id', 'cohorts.code', 'cohorts.title', 'cohorts.gelombang', 'cohorts.angkatan', 'programmes.id as programme_id', 'programmes.title as programme_title'])
        .where('programmes.status', '!=', 'archived')
        .orderBy('programmes.title')
        .orderBy('cohorts.id')
        .execute(),

    cohort: (id: number) =>
      db
        .selectFrom('cohorts')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select(['cohorts.id', 'cohorts.title', 'programmes.id as programme_id', 'programmes.title as programme_title', 'programmes.status as programme_status'])
        .where('cohorts.id', '=', id)
        .executeTakeFirst(),

    /** The user's enrolments in a programme, whatever their status. */
    enrolmentsInProgramme: (userId: number, programmeId: number) =>
      db
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .select(['enrolments.id', 'enrolments.status', 'enrolments.cohort_id', 'enrolments.override_reason', 'cohorts.title as cohort_title'])
        .where('enrolments.user_id', '=', userId)
        .where('enrolments.programme_id', '=', programmeId)
        .orderBy('enrolments.id')
        .execute(),

    async insertEnrolment(e: { cohortId: number; programmeId: number; userId: number; overrideReason: string | null; now: string }): Promise<number> {
      const row = await db
        .insertInto('enrolments')
        .values({ cohort_id: e.cohortId, programme_id: e.programmeId, user_id: e.userId, ndh: null, status: 'active', enrolled_at: e.now, override_reason: e.overrideReason })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Withdraws an active enrolment; false when it was not active (any more). */
    async withdraw(enrolmentId: number, at: string, reason: string): Promise<boolean> {
      const res = await db.updateTable('enrolments').set({ status: 'withdrawn', withdrawn_at: at, withdrawn_reason: reason }).where('id', '=', enrolmentId).where('status', '=', 'active').executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    /** Re-admits a withdrawn enrolment (the withdrawal stays in the audit log); false when it was not withdrawn. */
    async readmit(enrolmentId: number): Promise<boolean> {
      const res = await db.updateTable('enrolments').set({ status: 'active', withdrawn_at: null, withdrawn_reason: null }).where('id', '=', enrolmentId).where('status', '=', 'withdrawn').executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    /** The user's enrolments with their programme, cohort and withdrawal/override details. */
    enrolmentsOfUser: (userId: number) =>
      db
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select([
          'enrolments.id',
          'enrolments.status',
          'enrolments.progress',
          'enrolments.state',
          'enrolments.enrolled_at',
          'enrolments.withdrawn_at',
          'enrolments.withdrawn_reason',
          'enrolments.override_reason',
          'cohorts.id as cohort_id',
          'cohorts.title as cohort_title',
          'programmes.id as programme_id',
          'programmes.title as programme_title',
        ])
        .where('enrolments.user_id', '=', userId)
        .orderBy('enrolments.id')
        .execute(),

    enrolmentStatus: (enrolmentId: number) =>
      db.selectFrom('enrolments').select(['id', 'status', 'withdrawn_at', 'withdrawn_reason', 'override_reason']).where('id', '=', enrolmentId).executeTakeFirst(),
  };
}
export type AccountCareRepository = ReturnType<typeof accountCareRepository>;
