// Jurnal submissions (the "upload" activity kind): versions per enrolment and activity, their review,
// and the reviewers' scoped list.
import { sql, type Kysely } from 'kysely';
import type { Database, Submission } from '../schema.js';

export type SubmissionStatus = Submission['status'];

/** A submission with the file it carries and whom it belongs to. */
export interface SubmissionDetail extends Submission {
  file_name: string;
  file_size: number;
  file_sha256: string;
  user_id: number;
  user_name: string;
  user_nip: string | null;
  unit_name: string | null;
  unit_path: string | null;
  unit_region_code: string | null;
  cohort_id: number;
  cohort_title: string;
  activity_title: string;
  activity_kind: string;
  reviewer_name: string | null;
  /** True when no later version exists for the same enrolment and activity. */
  latest: boolean;
}

export interface SubmissionScopeFilter {
  /** 'all' for a platform admin; else unit subtrees (paths) and cohorts (facilitators) the caller reviews. */
  scope: 'all' | { unitPaths: string[]; cohortIds: number[] };
}

export function submissionsRepository(db: Kysely<Database>) {
  const detailQuery = () =>
    db
      .selectFrom('submissions as s')
      .innerJoin('files as f', 'f.id', 's.file_id')
      .innerJoin('enrolments as e', 'e.id', 's.enrolment_id')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .innerJoin('activities as a', 'a.id', 's.activity_id')
      .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
      .leftJoin('users as r', 'r.id', 's.reviewed_by')
      .selectAll('s')
      .select([
        'f.original_name as file_name',
        'f.size as file_size',
        'f.sha256 as file_sha256',
        'u.id as user_id',
        'u.name as user_name',
        'u.nip as user_nip',
        'ou.name as unit_name',
        'ou.path as unit_path',
        'ou.region_code as unit_region_code',
        'c.id as cohort_id',
        'c.title as cohort_title',
        'a.title as activity_title',
        'a.kind as activity_kind',
        'r.name as reviewer_name',
        (eb) =>
          eb
            .not(
              eb.exists(
                eb
                  .selectFrom('submissions as s2')
                  .select('s2.id')
                  .whereRef('s2.enrolment_id', '=', 's.enrolment_id')
                  .whereRef('s2.activity_id', '=', 's.activity_id')
                  .whereRef('s2.version', '>', 's.version'),
              ),
            )
            .as('latest'),
      ]);

  const normalise = (row: Record<string, unknown> | undefined): SubmissionDetail | undefined =>
    row ? ({ ...row, latest: row.latest === true || row.latest === 1 || row.latest === '1', file_size: Number(row.file_size) } as SubmissionDetail) : undefined;

  return {
    findDetail: async (id: number) => normalise(await detailQuery().where('s.id', '=', id).executeTakeFirst()),

    /** Every version of one enrolment's activity, newest first. */
    versionsOf: async (enrolmentId: number, activityId: number) =>
      (await detailQuery().where('s.enrolment_id', '=', enrolmentId).where('s.activity_id', '=', activityId).orderBy('s.version', 'desc').execute()).map((r) => normalise(r)!),

    /**
     * Adds a new version unless the latest one is final (accepted) or is still 'submitted' with the same
     * bytes (a double post): then nothing is inserted and that one is returned. A concurrent insert of
     * the same version number answers 'race' (the caller tries again).
     */
    async insertVersion(v: { enrolmentId: number; activityId: number; fileId: number; sha256: string; now: string }): Promise<
      { outcome: 'created' | 'duplicate' | 'final'; submission: Submission } | { outcome: 'race' }
    > {
      return db.transaction().execute(async (trx) => {
        const latest = await trx
          .selectFrom('submissions as s')
          .innerJoin('files as f', 'f.id', 's.file_id')
          .selectAll('s')
          .select('f.sha256')
          .where('s.enrolment_id', '=', v.enrolmentId)
          .where('s.activity_id', '=', v.activityId)
          .orderBy('s.version', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (latest) {
          const { sha256, ...submission } = latest;
          if (submission.status === 'accepted') return { outcome: 'final' as const, submission };
          if (submission.status === 'submitted' && sha256 === v.sha256) return { outcome: 'duplicate' as const, submission };
        }
        const row = {
          enrolment_id: v.enrolmentId,
          activity_id: v.activityId,
          file_id: v.fileId,
          version: (latest?.version ?? 0) + 1,
          status: 'submitted' as const,
          comment: null,
          submitted_at: v.now,
          reviewed_at: null,
          reviewed_by: null,
        };
        const inserted = await trx
          .insertInto('submissions')
          .values(row)
          .onConflict((oc) => oc.columns(['enrolment_id', 'activity_id', 'version']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) return { outcome: 'race' as const };
        return { outcome: 'created' as const, submission: { ...row, id: inserted.id } };
      });
    },

    /** Records a review on a version that is still 'submitted' and the latest; false when it no longer is. */
    async review(r: { id: number; status: 'accepted' | 'returned'; comment: string | null; reviewerId: number; now: string }): Promise<boolean> {
      const res = await db
        .updateTable('submissions as s')
        .set({ status: r.status, comment: r.comment, reviewed_at: r.now, reviewed_by: r.reviewerId })
        .where('s.id', '=', r.id)
        .where('s.status', '=', 'submitted')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('submissions as s2')
                .select('s2.id')
                .whereRef('s2.enrolment_id', '=', 's.enrolment_id')
                .whereRef('s2.activity_id', '=', 's.activity_id')
                .whereRef('s2.version', '>', 's.version'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** The latest version of each enrolment's upload activity in the caller's scope, newest first (by id). */
    async listLatest(opts: SubmissionScopeFilter & { status?: SubmissionStatus; cohortId?: number; withinPaths?: string[]; beforeId?: number; limit: number }): Promise<SubmissionDetail[]> {
      let q = detailQuery().where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('submissions as s3')
              .select('s3.id')
              .whereRef('s3.enrolment_id', '=', 's.enrolment_id')
              .whereRef('s3.activity_id', '=', 's.activity_id')
              .whereRef('s3.version', '>', 's.version'),
          ),
        ),
      );
      if (opts.scope !== 'all') {
        const { unitPaths, cohortIds } = opts.scope;
        if (unitPaths.length === 0 && cohortIds.length === 0) return [];
        q = q.where((eb) => eb.or([...unitPaths.map((p) => eb('ou.path', 'like', `${p}%`)), ...(cohortIds.length ? [eb('e.cohort_id', 'in', cohortIds)] : [])]));
      }
      if (opts.withinPaths) {
        const paths = opts.withinPaths;
        if (paths.length === 0) return [];
        q = q.where((eb) => eb.or(paths.map((p) => eb('ou.path', 'like', `${p}%`))));
      }
      if (opts.status) q = q.where('s.status', '=', opts.status);
      if (opts.cohortId !== undefined) q = q.where('e.cohort_id', '=', opts.cohortId);
      if (opts.beforeId !== undefined) q = q.where('s.id', '<', opts.beforeId);
      const rows = await q.orderBy('s.id', 'desc').limit(opts.limit).execute();
      return rows.map((r) => normalise(r)!);
    },

    /** Cohorts to filter by (id, title), optionally only these. */
    /** Cohorts for the review filter: all, or those among `ids` or of the programmes `programmeIds`. */
    cohorts: (f?: { ids: number[]; programmeIds: number[] }) => {
      let q = db.selectFrom('cohorts').select(['id', 'title']).orderBy('id');
      if (f) {
        if (f.ids.length === 0 && f.programmeIds.length === 0) return Promise.resolve([] as { id: number; title: string }[]);
        q = q.where((eb) => eb.or([...(f.ids.length ? [eb('id', 'in', f.ids)] : []), ...(f.programmeIds.length ? [eb('programme_id', 'in', f.programmeIds)] : [])]));
      }
      return q.execute();
    },

    /** Removes a file row nobody refers to (a refused or duplicate upload). */
    async deleteUnreferencedFile(fileId: number): Promise<void> {
      await db
        .deleteFrom('files')
        .where('id', '=', fileId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('submissions').select('id').where('file_id', '=', fileId))))
        .execute();
    },

    async count(): Promise<number> {
      const r = await db.selectFrom('submissions').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
export type SubmissionsRepository = ReturnType<typeof submissionsRepository>;
