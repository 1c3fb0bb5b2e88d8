import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { ActivityProgressRow, Database, EnrolmentState } from '../schema.js';
import { preparedQuery, tableColumns, type Disjoint } from '../prepared.js';

/** What an enrolment keeps about its progress (written with every change of progress). */
export interface EnrolmentSummary {
  progress: number;
  completedAt: string | null;
  state: EnrolmentState;
  dueOn: string | null;
  zone: 'WIB' | 'WITA' | 'WIT';
}


export interface EnrolmentContext {
  id: number;
  user_id: number;
  status: 'active' | 'withdrawn';
  ndh: number | null;
  first_signin_at: string | null;
  extension_days: number;
  progress: number;
  completed_at: string | null;
  state: EnrolmentState;
  due_on: string | null;
  zone: 'WIB' | 'WITA' | 'WIT' | null;
  cohort_id: number;
  cohort_title: string;
  start_by: string | null;
  window_days: number | null;
  starts_on: string | null;
  ends_on: string | null;
  programme_id: number;
  programme_title: string;
  jp: number;
  unit_region_code: string | null;
  unit_path: string | null;
  user_name: string;
}

export interface RecordedProgress {
  duplicate: boolean;
  row: ActivityProgressRow | undefined;
}

export interface ProgressEventWrite {
  enrolmentId: number;
  activityId: number;
  eventId: string;
  type: string;
  payload: string;
  now: string;
}
export type ProgressWriteResult = { state: 'in_progress' | 'completed'; percent: number; data: string; completedAt: string | null };

/**
 * Records one progress event exactly once (by its client id) and applies it to the stored
 * progress, inside a transaction the caller holds (`recordEvent` below opens one; the quiz attempts
 * repository calls this inside its own, so finishing an attempt and its progress commit together).
 * `apply` receives the previous row (if any) and returns the new state; it is not called for a
 * duplicate event. `enrolment` (optional) computes the enrolment's progress from all its progress
 * rows as they are after the change, written in the same transaction.
 */
export async function recordEventIn(
  trx: Kysely<Database>,
  isPostgres: boolean,
  e: ProgressEventWrite,
  apply: (previous: ActivityProgressRow | undefined) => ProgressWriteResult,
  enrolment?: (rows: ActivityProgressRow[]) => EnrolmentSummary | null,
): Promise<RecordedProgress> {
  // One participant's events are applied one at a time: on PostgreSQL by locking the
  // enrolment row (concurrent video intervals from two tabs merge instead of overwriting each
  // other, and the enrolment's progress is computed from committed rows); SQLite runs write
  // transactions one at a time anyway.
  if (isPostgres) await lockEnrolment.run(trx, { id: e.enrolmentId });
  const event = { enrolmentId: e.enrolmentId, activityId: e.activityId, eventId: e.eventId, type: e.type, payload: e.payload, now: e.now };
  // With `enrolment`, all the enrolment's rows are read once: the previous row is among them, and the
  // rows after the change are these with it replaced (one read instead of two).
  let inserted: boolean;
  let read: ActivityProgressRow[];
  if (isPostgres) {
    // Every statement is a round trip with the transaction (and a pooled connection) held: the event's
    // insert and the read go in one (a data-modifying WITH; the rows read are of another table).
    const rows = await (enrolment ? insertEventReadingAll : insertEventReadingOne).execute(trx, event);
    inserted = Number(rows[0]?.inserted ?? 0) > 0;
    read = rows.filter((r) => r.enrolment_id !== null).map(({ inserted: _, ...r }) => r);
  } else {
    inserted = (await insertEvent.takeFirst(trx, event)) !== undefined;
    read = enrolment ? await progressOfEnrolment.execute(trx, { enrolmentId: e.enrolmentId }) : await progressOfActivity.execute(trx, { enrolmentId: e.enrolmentId, activityId: e.activityId });
  }
  const all = enrolment ? read : null;
  const previous = read.find((r) => r.activity_id === e.activityId);
  if (!inserted) return { duplicate: true, row: previous };
  const next = apply(previous);
  const row: ActivityProgressRow = {
    enrolment_id: e.enrolmentId,
    activity_id: e.activityId,
    state: next.state,
    percent: next.percent,
    data: next.data,
    completed_at: next.completedAt,
    updated_at: e.now,
  };
  const summary = enrolment && all ? enrolment([...all.filter((r) => r.activity_id !== e.activityId), row]) : null;
  await writeProgress(trx, isPostgres, row, summary, e.now);
  return { duplicate: false, row };
}

// ------------------------------------------------------------------ the hot statements, compiled once

const lockEnrolment = preparedQuery((db, a: { id: number }) => db.selectFrom('enrolments').select('id').where('id', '=', a.id).forUpdate());

const insertEventQuery = (db: Kysely<Database>, a: { enrolmentId: number; activityId: number; eventId: string; type: string; payload: string; now: string }) =>
  db
    .insertInto('progress_events')
    .values({ enrolment_id: a.enrolmentId, activity_id: a.activityId, event_id: a.eventId, type: a.type, payload: a.payload, received_at: a.now })
    .onConflict((oc) => oc.columns(['enrolment_id', 'event_id']).doNothing())
    .returning('id');
/** A progress event, recorded once by its id (no row back for a duplicate). */
export const insertEvent = preparedQuery(insertEventQuery);
type EventArgs = Parameters<typeof insertEventQuery>[1];
/** PostgreSQL: the event's insert and the read of the enrolment's progress rows in one statement. */
export const insertEventReadingAll = preparedQuery((db, a: EventArgs) =>
  sql<ActivityProgressRow & { inserted: number }>`with ins as (${insertEventQuery(db, a)})
      select (select count(*) from ins)::integer as inserted, p.enrolment_id, p.activity_id, p.state, p.percent, p.data, p.completed_at, p.updated_at
      from (select 1) as one left join activity_progress p on p.enrolment_id = ${a.enrolmentId}`,
);
const insertEventReadingOne = preparedQuery((db, a: EventArgs) =>
  sql<ActivityProgressRow & { inserted: number }>`with ins as (${insertEventQuery(db, a)})
      select (select count(*) from ins)::integer as inserted, p.enrolment_id, p.activity_id, p.state, p.percent, p.data, p.completed_at, p.updated_at
      from (select 1) as one left join activity_progress p on p.enrolment_id = ${a.enrolmentId} and p.activity_id = ${a.activityId}`,
);
const PROGRESS_COLUMNS = tableColumns('activity_progress', { enrolment_id: true, activity_id: true, state: true, percent: true, data: true, completed_at: true, updated_at: true });
export const progressOfEnrolment = preparedQuery((db, a: { enrolmentId: number }) => db.selectFrom('activity_progress').select(PROGRESS_COLUMNS).where('enrolment_id', '=', a.enrolmentId));
const progressOfActivity = preparedQuery((db, a: { enrolmentId: number; activityId: number }) =>
  db.selectFrom('activity_progress').select(PROGRESS_COLUMNS).where('enrolment_id', '=', a.enrolmentId).where('activity_id', '=', a.activityId),
);

type ProgressArgs = ActivityProgressRow;
// Named apart from the progress row's columns (both go into one statement on PostgreSQL).
type SummaryArgs = { id: number; now: string; progress: number; completedAt: string | null; enrolmentState: EnrolmentState; dueOn: string | null; zone: string };
const upsertProgressQuery = (db: Kysely<Database>, a: ProgressArgs) =>
  db
    .insertInto('activity_progress')
    .values({ enrolment_id: a.enrolment_id, activity_id: a.activity_id, state: a.state, percent: a.percent, data: a.data, completed_at: a.completed_at, updated_at: a.updated_at })
    .onConflict((oc) => oc.columns(['enrolment_id', 'activity_id']).doUpdateSet({ state: a.state, percent: a.percent, data: a.data, completed_at: a.completed_at, updated_at: a.updated_at }));
const updateSummaryQuery = (db: Kysely<Database>, a: SummaryArgs) =>
  db.updateTable('enrolments').set({ last_activity_at: a.now, progress: a.progress, completed_at: a.completedAt, state: a.enrolmentState, due_on: a.dueOn, zone: a.zone as EnrolmentSummary['zone'] }).where('id', '=', a.id);
const touchEnrolmentQuery = (db: Kysely<Database>, a: { id: number; now: string }) => db.updateTable('enrolments').set({ last_activity_at: a.now }).where('id', '=', a.id);
const upsertProgress = preparedQuery(upsertProgressQuery);
const updateSummary = preparedQuery(updateSummaryQuery);
const touchEnrolment = preparedQuery(touchEnrolmentQuery);
// PostgreSQL: the progress row and the enrolment in one statement (a data-modifying WITH runs to completion).
const upsertProgressUpdatingSummary = preparedQuery((db, a: Disjoint<ProgressArgs, SummaryArgs>) => sql`with up as (${upsertProgressQuery(db, a)}) ${updateSummaryQuery(db, a)}`);
const upsertProgressTouching = preparedQuery((db, a: Disjoint<ProgressArgs, { id: number; now: string }>) => sql`with up as (${upsertProgressQuery(db, a)}) ${touchEnrolmentQuery(db, a)}`);

/**
 * Writes an activity's progress row and the enrolment's summary (or only its last activity when there
 * is no summary): two statements on SQLite, one on PostgreSQL.
 */
export async function writeProgress(trx: Kysely<Database>, isPostgres: boolean, row: ActivityProgressRow, summary: EnrolmentSummary | null, now: string): Promise<void> {
  const enrolment = summary ? { id: row.enrolment_id, now, progress: summary.progress, completedAt: summary.completedAt, enrolmentState: summary.state, dueOn: summary.dueOn, zone: summary.zone } : null;
  if (isPostgres) {
    if (enrolment) await upsertProgressUpdatingSummary.run(trx, { ...row, ...enrolment });
    else await upsertProgressTouching.run(trx, { ...row, id: row.enrolment_id, now });
  } else {
    await upsertProgress.run(trx, row);
    if (enrolment) await updateSummary.run(trx, enrolment);
    else await touchEnrolment.run(trx, { id: row.enrolment_id, now });
  }
}

/** An enrolment with its context by id; ForUpdate also locks its row (PostgreSQL). */
export const enrolmentById = preparedQuery((db, a: { id: number }) => enrolmentContextQuery(db).where('enrolments.id', '=', a.id));
export const enrolmentByIdForUpdate = preparedQuery((db, a: { id: number }) => enrolmentContextQuery(db).where('enrolments.id', '=', a.id).forUpdate('enrolments'));

/** Stores the summary only when it differs from the stored one (null-safe comparisons). */
const setSummaryIfChanged = preparedQuery((db, a: Omit<SummaryArgs, 'now'>) =>
  db
    .updateTable('enrolments')
    .set({ progress: a.progress, completed_at: a.completedAt, state: a.enrolmentState, due_on: a.dueOn, zone: a.zone as EnrolmentSummary['zone'] })
    .where('id', '=', a.id)
    .where(
      sql<boolean>`(progress is distinct from ${a.progress} or completed_at is distinct from ${a.completedAt} or state is distinct from ${a.enrolmentState} or due_on is distinct from ${a.dueOn} or zone is distinct from ${a.zone})`,
    ),
);

/** An enrolment with what its view and summary need (cohort, programme, the participant's unit). */
export function enrolmentContextQuery(db: Kysely<Database>) {
  return db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .innerJoin('users', 'users.id', 'enrolments.user_id')
    .leftJoin('org_units', 'org_units.id', 'users.unit_id')
    .select([
      'enrolments.id',
      'enrolments.user_id',
      'enrolments.status',
      'enrolments.ndh',
      'enrolments.first_signin_at',
      'enrolments.extension_days',
      'enrolments.progress',
      'enrolments.completed_at',
      'enrolments.state',
      'enrolments.due_on',
      'enrolments.zone',
      'cohorts.id as cohort_id',
      'cohorts.title as cohort_title',
      'cohorts.start_by',
      'cohorts.window_days',
      'cohorts.starts_on',
      'cohorts.ends_on',
      'programmes.id as programme_id',
      'programmes.title as programme_title',
      'programmes.jp',
      'org_units.region_code as unit_region_code',
      'org_units.path as unit_path',
      'users.name as user_name',
    ]);
}

export function learningRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const enrolmentQuery = () => enrolmentContextQuery(db);

  return {
    enrolment: (id: number) => enrolmentById.takeFirst(db, { id }) as Promise<EnrolmentContext | undefined>,
    enrolmentsOfUser: (userId: number) => enrolmentQuery().where('enrolments.user_id', '=', userId).orderBy('enrolments.id').execute() as Promise<EnrolmentContext[]>,

    stagesOf: (programmeId: number, opts: { publishedOnly: boolean }) => {
      let q = db.selectFrom('stages').selectAll().where('programme_id', '=', programmeId);
      if (opts.publishedOnly) q = q.where('published', '=', 1);
      return q.orderBy('position').orderBy('id').execute();
    },
    activitiesOf: (programmeId: number, opts: { publishedOnly: boolean }) => {
      let q = db.selectFrom('activities').selectAll().where('programme_id', '=', programmeId);
      if (opts.publishedOnly) q = q.where('published', '=', 1);
      return q.orderBy('stage_id').orderBy('position').orderBy('id').execute();
    },
    activity: (id: number) => db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst(),
    progressOf: (enrolmentId: number) => progressOfEnrolment.execute(db, { enrolmentId }),
    progressOne: (enrolmentId: number, activityId: number) =>
      db.selectFrom('activity_progress').selectAll().where('enrolment_id', '=', enrolmentId).where('activity_id', '=', activityId).executeTakeFirst(),

    /**
     * Records one progress event exactly once (by its client id) and applies it to the stored
     * progress in the same transaction. `apply` receives the previous row (if any) and returns the
     * new state; it is not called for a duplicate event. `enrolment` (optional) computes the
     * enrolment's progress from all its progress rows as they are after the change, written in
     * the same transaction.
     */
    async recordEvent(
      e: ProgressEventWrite,
      apply: (previous: ActivityProgressRow | undefined) => ProgressWriteResult,
      enrolment?: (rows: ActivityProgressRow[]) => EnrolmentSummary | null,
    ): Promise<RecordedProgress> {
      return db.transaction().execute((trx) => recordEventIn(trx, isPostgres, e, apply, enrolment));
    },

    /** Stores the enrolment's summary when it differs from what is stored (one conditional update). */
    async setEnrolmentSummary(enrolmentId: number, s: EnrolmentSummary): Promise<void> {
      await setSummaryIfChanged.run(db, { id: enrolmentId, progress: s.progress, completedAt: s.completedAt, enrolmentState: s.state, dueOn: s.dueOn, zone: s.zone });
    },

    /** Starts the personal clock of the user's active enrolments at its first sign-in (once). */
    async markFirstSignIn(userId: number, at: string): Promise<void> {
      await db
        .updateTable('enrolments')
        .set({ first_signin_at: at, state: sql<EnrolmentState>`case when state = 'never_signed_in' then 'in_progress' else state end` })
        .where('user_id', '=', userId)
        .where('first_signin_at', 'is', null)
        .where('status', '=', 'active')
        .execute();
    },

    async insertStage(s: { programme_id: number; position: number; title: string; description?: string | null; sequential?: boolean; opens_at?: string | null; opens_on_day?: number | null; closes_after_day?: number | null; target_day?: number | null; published?: boolean; now: string }): Promise<number> {
      const row = await db
        .insertInto('stages')
        .values({
          programme_id: s.programme_id,
          position: s.position,
          title: s.title,
          description: s.description ?? null,
          sequential: s.sequential === false ? 0 : 1,
          opens_at: s.opens_at ?? null,
          opens_on_day: s.opens_on_day ?? null,
          closes_after_day: s.closes_after_day ?? null,
          target_day: s.target_day ?? null,
          published: s.published === false ? 0 : 1,
          created_at: s.now,
          updated_at: s.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async insertActivity(a: { programme_id: number; stage_id: number; position: number; kind: string; title: string; required?: boolean; jp?: number | null; config: unknown; prerequisite_ids?: number[]; opens_at?: string | null; opens_on_day?: number | null; closes_after_day?: number | null; published?: boolean; now: string }): Promise<number> {
      const row = await db
        .insertInto('activities')
        .values({
          programme_id: a.programme_id,
          stage_id: a.stage_id,
          position: a.position,
          kind: a.kind,
          title: a.title,
          required: a.required === false ? 0 : 1,
          jp: a.jp ?? null,
          config: JSON.stringify(a.config),
          prerequisite_ids: JSON.stringify(a.prerequisite_ids ?? []),
          opens_at: a.opens_at ?? null,
          opens_on_day: a.opens_on_day ?? null,
          closes_after_day: a.closes_after_day ?? null,
          published: a.published === false ? 0 : 1,
          created_at: a.now,
          updated_at: a.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Adds days to an enrolment's personal window; returns the new total. */
    async addExtensionDays(enrolmentId: number, days: number): Promise<number> {
      await db.updateTable('enrolments').set((eb) => ({ extension_days: eb('extension_days', '+', days) })).where('id', '=', enrolmentId).execute();
      const row = await db.selectFrom('enrolments').select('extension_days').where('id', '=', enrolmentId).executeTakeFirstOrThrow();
      return row.extension_days;
    },

    async countEvents(): Promise<number> {
      const r = await db.selectFrom('progress_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
export type LearningRepository = ReturnType<typeof learningRepository>;
