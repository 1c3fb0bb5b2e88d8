// Bulk provisioning (issue 5, part 3): the look-ups of an import's dry run, and its all-or-nothing
// write (chunked multi-row inserts in one transaction), plus the activation-code columns.
import type { Kysely } from 'kysely';
import type { Database, NewUser, OrgUnit, UserUpdate } from '../schema.js';

const CHUNK = 500;
/** Rows per multi-row insert (PostgreSQL allows 65,535 parameters; a user row has 20). */
const INSERT_CHUNK = 500;

const chunks = <T>(list: T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

export interface ExistingParticipant {
  id: number;
  login: string;
  nip: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  position: string | null;
  employment_type: 'PNS' | 'PPPK' | null;
  unit_id: number | null;
  unit_path: string | null;
  nik_encrypted: string | null;
}

export interface ProvisioningWrite {
  /** New accounts (login = NIP) with the enrolment's NDH and zone. */
  creates: { user: NewUser; ndh: number | null; zone: 'WIB' | 'WITA' | 'WIT' | null }[];
  updates: { id: number; patch: UserUpdate }[];
  /** Existing accounts to enrol in the cohort. */
  enrols: { userId: number; ndh: number | null; zone: 'WIB' | 'WITA' | 'WIT' | null }[];
  /** Enrolments in the cohort whose NDH changes. */
  ndh: { enrolmentId: number; ndh: number }[];
}

export function provisioningRepository(db: Kysely<Database>) {
  return {
    /** Accounts whose NIP or login is one of these numbers. */
    async usersByNips(nips: string[]): Promise<ExistingParticipant[]> {
      const out: ExistingParticipant[] = [];
      for (const part of chunks([...new Set(nips)])) {
        const rows = await db
          .selectFrom('users')
          .leftJoin('org_units', 'org_units.id', 'users.unit_id')
          .select(['users.id', 'users.login', 'users.nip', 'users.name', 'users.email', 'users.phone', 'users.position', 'users.employment_type', 'users.unit_id', 'org_units.path as unit_path', 'users.nik_encrypted'])
          .where((eb) => eb.or([eb('users.nip', 'in', part), eb('users.login', 'in', part)]))
          .execute();
        out.push(...rows);
      }
      return out;
    },

    /** Former NIPs (history) among these numbers, with the account that held them. */
    async historicNips(nips: string[]): Promise<{ nip: string; user_id: number }[]> {
      const out: { nip: string; user_id: number }[] = [];
      for (const part of chunks([...new Set(nips)])) out.push(...(await db.selectFrom('user_nips').select(['nip', 'user_id']).where('nip', 'in', part).execute()));
      return out;
    },

    async usersByEmails(emails: string[]): Promise<{ id: number; email: string }[]> {
      const out: { id: number; email: string }[] = [];
      for (const part of chunks([...new Set(emails)])) {
        const rows = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', part).execute();
        out.push(...rows.map((r) => ({ id: r.id, email: r.email! })));
      }
      return out;
    },

    async unitsByCodes(codes: string[]): Promise<OrgUnit[]> {
      const out: OrgUnit[] = [];
      for (const part of chunks([...new Set(codes)])) out.push(...(await db.selectFrom('org_units').selectAll().where('code', 'in', part).orderBy('id').execute()));
      return out;
    },

    findCohort: (id: number) =>
      db
        .selectFrom('cohorts')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select(['cohorts.id', 'cohorts.code', 'cohorts.title', 'cohorts.programme_id', 'cohorts.gelombang', 'cohorts.angkatan', 'programmes.title as programme_title', 'programmes.status as programme_status'])
        .where('cohorts.id', '=', id)
        .executeTakeFirst(),

    /** Cohorts of programmes that are not archived (all, or of these programmes), for the page's select. */
    listCohorts: (programmeIds: 'all' | number[] = 'all') => {
      if (programmeIds !== 'all' && programmeIds.length === 0) return Promise.resolve([]);
      let q = db
        .selectFrom('cohorts')
        .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
        .select(['cohorts.id', 'cohorts.code', 'cohorts.title', 'cohorts.programme_id', 'cohorts.gelombang', 'cohorts.angkatan', 'programmes.title as programme_title'])
        .where('programmes.status', '!=', 'archived');
      if (programmeIds !== 'all') q = q.where('cohorts.programme_id', 'in', programmeIds);
      return q.orderBy('cohorts.id', 'desc').limit(200).execute();
    },

    /** The enrolments of these users in the programme (any cohort, withdrawn included). */
    async enrolmentsInProgramme(userIds: number[], programmeId: number): Promise<{ id: number; user_id: number; cohort_id: number; ndh: number | null; override_reason: string | null }[]> {
      const out = [];
      for (const part of chunks([...new Set(userIds)])) {
        out.push(
          ...(await db
            .selectFrom('enrolments')
            .select(['id', 'user_id', 'cohort_id', 'ndh', 'override_reason'])
            .where('programme_id', '=', programmeId)
            .where('user_id', 'in', part)
            .execute()),
        );
      }
      return out;
    },

    async setActivationCode(userId: number, hash: string, now: string): Promise<void> {
      await db.updateTable('users').set({ activation_code_hash: hash, activation_code_issued_at: now, updated_at: now }).where('id', '=', userId).execute();
    },

    /**
     * Uses the code once: clears it (only when it is still the stored one: two sign-ins racing with the
     * same code cannot both win), drops any old password and requires a new one. True when this call used it.
     */
    async consumeActivationCode(userId: number, hash: string, now: string): Promise<boolean> {
      const res = await db
        .updateTable('users')
        .set({ activation_code_hash: null, password_hash: null, must_change_password: 1, updated_at: now })
        .where('id', '=', userId)
        .where('activation_code_hash', '=', hash)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /**
     * Writes an import in one transaction: chunked multi-row inserts of the new accounts, their
     * participant role and enrolment, then the updates. Any failure rolls everything back.
     * `onChunk` reports rows written so far (call it only where progress is written on another connection).
     */
    async applyImport(
      write: ProvisioningWrite,
      opts: { now: string; cohortId: number | null; programmeId: number | null; onChunk?: (done: number) => Promise<void>; beforeCommit?: () => Promise<void> },
    ): Promise<{ created: { id: number; login: string }[] }> {
      return db.transaction().execute(async (trx) => {
        const created: { id: number; login: string }[] = [];
        let done = 0;
        const enrolment = (userId: number, ndh: number | null, zone: 'WIB' | 'WITA' | 'WIT' | null) => ({
          cohort_id: opts.cohortId!,
          programme_id: opts.programmeId!,
          user_id: userId,
          ndh,
          status: 'active' as const,
          enrolled_at: opts.now,
          zone,
        });
        for (const part of chunks(write.creates, INSERT_CHUNK)) {
          const rows = await trx.insertInto('users').values(part.map((c) => c.user)).returning(['id', 'login']).execute();
          const byLogin = new Map(rows.map((r) => [r.login, r.id]));
          created.push(...rows);
          await trx
            .insertInto('role_assignments')
            .values(rows.map((r) => ({ user_id: r.id, role: 'participant' as const, unit_id: null, cohort_id: null, created_at: opts.now, created_by: null })))
            .execute();
          if (opts.cohortId !== null) {
            await trx
              .insertInto('enrolments')
              .values(part.map((c) => enrolment(byLogin.get(c.user.login)!, c.ndh, c.zone)))
              .execute();
          }
          done += part.length;
          await opts.onChunk?.(done);
        }
        for (const part of chunks(write.updates, INSERT_CHUNK)) {
          for (const u of part) await trx.updateTable('users').set(u.patch).where('id', '=', u.id).execute();
          done += part.length;
          await opts.onChunk?.(done);
        }
        if (opts.cohortId !== null) {
          for (const part of chunks(write.enrols, INSERT_CHUNK)) {
            await trx
              .insertInto('enrolments')
              .values(part.map((e) => enrolment(e.userId, e.ndh, e.zone)))
              .execute();
          }
          for (const n of write.ndh) await trx.updateTable('enrolments').set({ ndh: n.ndh }).where('id', '=', n.enrolmentId).execute();
        }
        await opts.beforeCommit?.();
        return { created };
      });
    },
  };
}
export type ProvisioningRepository = ReturnType<typeof provisioningRepository>;
