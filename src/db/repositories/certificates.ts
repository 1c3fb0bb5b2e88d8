// Certificates (issue 7): settings per programme, the certificate rows and their pipeline, the gapless
// number sequences per agency and year. Rules the database enforces: one valid (not revoked)
// certificate per enrolment (partial unique index) and one certificate per (agency, year, seq).
//
// Every pipeline step is guarded by the certificate's own lease (`locked_by`, `locked_until`): a
// worker only writes while it holds the row, so two workers or two app instances never both process
// the same certificate.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Certificate, CertificateSettingsRow, CertificateStatus, Database } from '../schema.js';

export type CertificateScope = 'all' | { unitPaths: string[]; cohortIds: number[] };

/** Everything the pipeline needs to print and number one enrolment's certificate. */
export interface CertificateSubject {
  enrolment_id: number;
  enrolment_status: 'active' | 'withdrawn';
  completed_at: string | null;
  first_signin_at: string | null;
  enrolled_at: string;
  user_id: number;
  holder_name: string;
  nip: string | null;
  email: string | null;
  locale: 'id' | 'en' | null;
  unit_name: string | null;
  unit_path: string | null;
  unit_region_code: string | null;
  agency_code: string | null;
  agency_name: string | null;
  programme_id: number;
  programme_code: string;
  programme_title: string;
  programme_jp: number;
  organiser_agency_code: string | null;
  cohort_id: number;
  cohort_code: string;
  cohort_title: string;
  starts_on: string | null;
  ends_on: string | null;
}

export interface CertificateListRow extends Certificate {
  holder_name: string;
  nip: string | null;
  unit_name: string | null;
  cohort_title: string;
}

export interface NewCertificate {
  enrolmentId: number;
  userId: number;
  programmeId: number;
  cohortId: number;
  agencyKey: string;
  verificationCode: string;
  replacesId: number | null;
  requestedBy: number | null;
  now: string;
}

const scopeFilter = (scope: CertificateScope) => (eb: any) => {
  if (scope === 'all') return sql<boolean>`1 = 1`;
  const { unitPaths, cohortIds } = scope;
  if (unitPaths.length === 0 && cohortIds.length === 0) return sql<boolean>`1 = 0`;
  return eb.or([...unitPaths.map((p) => eb('ou.path', 'like', `${p}%`)), ...(cohortIds.length ? [eb('c.cohort_id', 'in', cohortIds)] : [])]);
};

export function certificatesRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const changed = (res: { numUpdatedRows: bigint }) => Number(res.numUpdatedRows) === 1;

  return {
    // ------------------------------------------------------------------ settings

    async settings(programmeId: number): Promise<CertificateSettingsRow | undefined> {
      return db.selectFrom('certificate_settings').selectAll().where('programme_id', '=', programmeId).executeTakeFirst();
    },

    async saveSettings(row: CertificateSettingsRow): Promise<void> {
      const { programme_id, created_at, ...rest } = row;
      await db
        .insertInto('certificate_settings')
        .values(row)
        .onConflict((oc) => oc.column('programme_id').doUpdateSet({ ...rest }))
        .execute();
      void programme_id;
      void created_at;
    },

    /** The JP of the programme's required, published activities (0 when none carries JP). */
    async requiredActivitiesJp(programmeId: number): Promise<number> {
      const row = await db
        .selectFrom('activities')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('jp'), sql<number>`0`).as('jp'))
        .where('programme_id', '=', programmeId)
        .where('required', '=', 1)
        .where('published', '=', 1)
        .executeTakeFirst();
      return Number(row?.jp ?? 0);
    },

    async programme(id: number) {
      return db.selectFrom('programmes').select(['id', 'code', 'title', 'jp']).where('id', '=', id).executeTakeFirst();
    },

    async cohortsOf(programmeId: number) {
      return db.selectFrom('cohorts').select(['id', 'title']).where('programme_id', '=', programmeId).orderBy('id').execute();
    },

    async cohortOf(cohortId: number) {
      return db.selectFrom('cohorts').select(['id', 'programme_id', 'title']).where('id', '=', cohortId).executeTakeFirst();
    },

    // ------------------------------------------------------------------ subjects

    async subject(enrolmentId: number): Promise<CertificateSubject | undefined> {
      return db
        .selectFrom('enrolments as e')
        .innerJoin('users as u', 'u.id', 'e.user_id')
        .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
        .innerJoin('programmes as p', 'p.id', 'c.programme_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .leftJoin('org_units as ag', 'ag.id', 'ou.agency_id')
        .leftJoin('org_units as po', 'po.id', 'p.organiser_unit_id')
        .leftJoin('org_units as pa', 'pa.id', 'po.agency_id')
        .select([
          'e.id as enrolment_id',
          'e.status as enrolment_status',
          'e.completed_at',
          'e.first_signin_at',
          'e.enrolled_at',
          'u.id as user_id',
          'u.name as holder_name',
          'u.nip',
          'u.email',
          'u.locale',
          'ou.name as unit_name',
          'ou.path as unit_path',
          'ou.region_code as unit_region_code',
          'ag.code as agency_code',
          'ag.name as agency_name',
          'p.id as programme_id',
          'p.code as programme_code',
          'p.title as programme_title',
          'p.jp as programme_jp',
          'pa.code as organiser_agency_code',
          'c.id as cohort_id',
          'c.code as cohort_code',
          'c.title as cohort_title',
          'c.starts_on',
          'c.ends_on',
        ])
        .where('e.id', '=', enrolmentId)
        .executeTakeFirst() as Promise<CertificateSubject | undefined>;
    },

    /** Active enrolments of a programme (or one cohort) in the scope, in id order, after `afterId`. */
    async enrolmentIds(f: { programmeId: number; cohortId?: number | null; scope: CertificateScope; afterId: number; limit: number }): Promise<number[]> {
      let q = db
        .selectFrom('enrolments as c')
        .innerJoin('cohorts as co', 'co.id', 'c.cohort_id')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .select('c.id')
        .where('co.programme_id', '=', f.programmeId)
        .where('c.status', '=', 'active')
        .where('c.id', '>', f.afterId)
        .where(scopeFilter(f.scope));
      if (f.cohortId != null) q = q.where('c.cohort_id', '=', f.cohortId);
      return (await q.orderBy('c.id').limit(f.limit).execute()).map((r) => r.id);
    },

    async countEnrolments(f: { programmeId: number; cohortId?: number | null; scope: CertificateScope }): Promise<number> {
      let q = db
        .selectFrom('enrolments as c')
        .innerJoin('cohorts as co', 'co.id', 'c.cohort_id')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('co.programme_id', '=', f.programmeId)
        .where('c.status', '=', 'active')
        .where(scopeFilter(f.scope));
      if (f.cohortId != null) q = q.where('c.cohort_id', '=', f.cohortId);
      return Number((await q.executeTakeFirst())?.n ?? 0);
    },

    // ------------------------------------------------------------------ certificates

    async findById(id: number): Promise<Certificate | undefined> {
      return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The valid (not revoked) certificate of an enrolment. */
    async findValid(enrolmentId: number): Promise<Certificate | undefined> {
      return db.selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolmentId).where('status', '<>', 'revoked').executeTakeFirst();
    },

    async latestOfEnrolment(enrolmentId: number): Promise<Certificate | undefined> {
      return db.selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    },

    /** The public verification: one indexed lookup, only what the page shows. */
    async findByCode(code: string) {
      return db
        .selectFrom('certificates')
        .select(['id', 'status', 'number', 'content', 'issued_at', 'revoked_at', 'revoked_reason'])
        .where('verification_code', '=', code)
        .executeTakeFirst();
    },

    /** Certificates of a user (newest first). */
    async ofUser(userId: number): Promise<Certificate[]> {
      return db.selectFrom('certificates').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
    },

    /**
     * Inserts an `eligible` certificate unless the enrolment already has a valid one (the partial
     * unique index decides, on both databases). Returns the enrolment's valid certificate either way.
     */
    async insertEligible(c: NewCertificate): Promise<{ certificate: Certificate; created: boolean }> {
      const inserted = await db
        .insertInto('certificates')
        .values({
          enrolment_id: c.enrolmentId,
          user_id: c.userId,
          programme_id: c.programmeId,
          cohort_id: c.cohortId,
          status: 'eligible',
          agency_key: c.agencyKey,
          verification_code: c.verificationCode,
          replaces_id: c.replacesId,
          requested_by: c.requestedBy,
          attempts: 0,
          created_at: c.now,
          updated_at: c.now,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { certificate: inserted, created: true };
      const existing = await this.findValid(c.enrolmentId);
      if (!existing) throw new Error(`certificate of enrolment ${c.enrolmentId} neither inserted nor found`);
      return { certificate: existing, created: false };
    },

    /**
     * Takes the certificate's lease (compare-and-set): only when it is unfinished and nobody holds an
     * unexpired lease. Returns the row as claimed, or undefined when another worker has it.
     */
    async claim(id: number, lockedBy: string, now: string, lockedUntil: string): Promise<Certificate | undefined> {
      return db
        .updateTable('certificates')
        .set((eb) => ({ locked_by: lockedBy, locked_until: lockedUntil, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('status', 'in', ['eligible', 'generated', 'signed'])
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .returningAll()
        .executeTakeFirst();
    },

    /** Gives the lease back, recording the error of a failed run (null after a successful one). */
    async release(id: number, lockedBy: string, error: string | null, now: string): Promise<void> {
      await db
        .updateTable('certificates')
        .set({ locked_by: null, locked_until: null, last_error: error, updated_at: now })
        .where('id', '=', id)
        .where('locked_by', '=', lockedBy)
        .execute();
    },

    /**
     * Gives the certificate its number, once: in one transaction the agency's sequence for the year
     * is bumped (`UPDATE … RETURNING`: on PostgreSQL the row lock makes concurrent transactions take
     * turns; SQLite has one writer) and the number written to the certificate. Either both happen or
     * neither does, so a number is never lost (no gaps) and never given twice. A certificate that
     * already has its number keeps it.
     */
    async assignNumber(id: number, lockedBy: string, year: number, format: (seq: number) => string, now: string): Promise<Certificate | undefined> {
      return db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('certificates').selectAll().where('id', '=', id);
        if (isPostgres) q = q.forUpdate();
        const cert = await q.executeTakeFirst();
        if (!cert || cert.number !== null || cert.locked_by !== lockedBy) return cert;
        await trx
          .insertInto('certificate_sequences')
          .values({ agency_key: cert.agency_key, year, last_seq: 0 })
          .onConflict((oc) => oc.columns(['agency_key', 'year']).doNothing())
          .execute();
        const { last_seq } = await trx
          .updateTable('certificate_sequences')
          .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
          .where('agency_key', '=', cert.agency_key)
          .where('year', '=', year)
          .returning('last_seq')
          .executeTakeFirstOrThrow();
        return trx
          .updateTable('certificates')
          .set({ number: format(last_seq), year, seq: last_seq, updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    },

    /** A pipeline step: only by the lease holder, only from the expected status. */
    async advance(
      id: number,
      lockedBy: string,
      from: CertificateStatus,
      to: CertificateStatus,
      set: Partial<Pick<Certificate, 'content' | 'pdf_file_id' | 'signer_id' | 'issued_at'>>,
      now: string,
    ): Promise<boolean> {
      const res = await db
        .updateTable('certificates')
        .set({ ...set, status: to, updated_at: now })
        .where('id', '=', id)
        .where('locked_by', '=', lockedBy)
        .where('status', '=', from)
        .executeTakeFirst();
      return changed(res);
    },

    /** Marks the notice as sent; false when it was already marked (send at most once). */
    async markNotified(id: number, now: string): Promise<boolean> {
      return changed(await db.updateTable('certificates').set({ notified_at: now }).where('id', '=', id).where('notified_at', 'is', null).executeTakeFirst());
    },

    /** Revokes a certificate (keeping its number); false when it was already revoked. */
    async revoke(id: number, by: number | null, reason: string, now: string): Promise<boolean> {
      return changed(
        await db
          .updateTable('certificates')
          .set({ status: 'revoked', revoked_at: now, revoked_by: by, revoked_reason: reason, locked_by: null, locked_until: null, updated_at: now })
          .where('id', '=', id)
          .where('status', '<>', 'revoked')
          .executeTakeFirst(),
      );
    },

    /** The enrolment's monitoring state: certified once issued; back to passed when revoked. */
    async setEnrolmentCertified(enrolmentId: number, certified: boolean): Promise<void> {
      if (certified) {
        await db.updateTable('enrolments').set({ state: 'certified' }).where('id', '=', enrolmentId).execute();
      } else {
        await db
          .updateTable('enrolments')
          .set((eb) => ({ state: eb.case().when('completed_at', 'is not', null).then('passed').else('in_progress').end() as any }))
          .where('id', '=', enrolmentId)
          .where('state', '=', 'certified')
          .execute();
      }
    },

    // ------------------------------------------------------------------ lists

    async list(f: { programmeId: number; cohortId?: number | null; status?: CertificateStatus; scope: CertificateScope; offset: number; limit: number }): Promise<CertificateListRow[]> {
      let q = db
        .selectFrom('certificates as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .innerJoin('cohorts as co', 'co.id', 'c.cohort_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .selectAll('c')
        .select(['u.name as holder_name', 'u.nip', 'ou.name as unit_name', 'co.title as cohort_title'])
        .where('c.programme_id', '=', f.programmeId)
        .where(scopeFilter(f.scope));
      if (f.cohortId != null) q = q.where('c.cohort_id', '=', f.cohortId);
      if (f.status) q = q.where('c.status', '=', f.status);
      return (await q.orderBy('c.id', 'desc').offset(f.offset).limit(f.limit).execute()) as CertificateListRow[];
    },

    async countsByStatus(f: { programmeId: number; cohortId?: number | null; scope: CertificateScope }): Promise<Record<CertificateStatus, number>> {
      let q = db
        .selectFrom('certificates as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .select(['c.status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('c.programme_id', '=', f.programmeId)
        .where(scopeFilter(f.scope))
        .groupBy('c.status');
      if (f.cohortId != null) q = q.where('c.cohort_id', '=', f.cohortId);
      const out: Record<CertificateStatus, number> = { eligible: 0, generated: 0, signed: 0, issued: 0, revoked: 0 };
      for (const r of await q.execute()) out[r.status] = Number(r.n);
      return out;
    },

    /** The unit path and cohort of a certificate's holder (for the scope check). */
    async scopeOf(id: number): Promise<{ programme_id: number; cohort_id: number; unit_path: string | null; user_id: number } | undefined> {
      return db
        .selectFrom('certificates as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .select(['c.programme_id', 'c.cohort_id', 'ou.path as unit_path', 'c.user_id'])
        .where('c.id', '=', id)
        .executeTakeFirst();
    },
  };
}
