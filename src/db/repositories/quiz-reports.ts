// Evaluation reports (issue 4): results per quiz and cohort, item analysis, pre/post gain. Every
// figure is aggregated in SQL over the participants in the caller's scope (one query per figure,
// never one per participant): each participant's finished attempts are joined through the index on
// (enrolment, activity, number) and grouped (count, best percent, any pass); the last finished
// attempt's percent is one more probe of that index.
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';

/** 'all' (platform admin) or the unit subtrees (paths) and cohorts (facilitator) the caller reviews. */
export type ReportScope = 'all' | { unitPaths: string[]; cohortIds: number[] };

/** Who is counted: active enrolments of the programme's cohorts, in scope, optionally one cohort and one unit subtree. */
export interface PopulationFilter {
  programmeId: number;
  scope: ReportScope;
  cohortId?: number;
  /** Participants of the unit with this path and below. */
  unitPath?: string;
}

export type GradingPolicy = 'highest' | 'last';
export type ParticipantStatus = 'passed' | 'failed' | 'not_attempted';
export const RESULT_SORTS = ['name', 'nip', 'unit', 'cohort', 'attempts', 'grade', 'passed', 'last'] as const;
export type ResultSort = (typeof RESULT_SORTS)[number];

/** A quiz as the reports see it: which grade counts and whether completion means "passed". */
export interface ReportQuiz {
  activityId: number;
  grading: GradingPolicy;
  /** Final evaluation: a completed activity counts as passed (passed through its remedial). */
  completionIsPass: boolean;
}

export interface ResultRow {
  enrolment_id: number;
  user_id: number;
  name: string;
  nip: string | null;
  unit_name: string | null;
  unit_code: string | null;
  cohort_id: number;
  cohort_title: string;
  attempts: number;
  grade: number | null;
  passed: number;
  /** Passed without a passing attempt of its own (final evaluation passed through the remedial). */
  by_completion: number;
  in_progress: number;
  last_at: string | null;
}

export interface ResultSummary {
  participants: number;
  attempted: number;
  passed: number;
  failed: number;
  notAttempted: number;
  meanPercent: number | null;
  medianPercent: number | null;
  /** Rows matching the status filter (the table's length). */
  matching: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const r2 = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100);

export function quizReportsRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  /** Active enrolments of the programme in scope (e, c, u, ou joined). */
  const population = (f: PopulationFilter) => {
    let q = db
      .selectFrom('enrolments as e')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
      .where('c.programme_id', '=', f.programmeId)
      .where('e.status', '=', 'active');
    if (f.scope !== 'all') {
      const { unitPaths, cohortIds } = f.scope;
      if (unitPaths.length === 0 && cohortIds.length === 0) q = q.where(sql<boolean>`1 = 0`);
      else q = q.where((eb) => eb.or([...unitPaths.map((p) => eb('ou.path', 'like', `${p}%`)), ...(cohortIds.length ? [eb('e.cohort_id', 'in', cohortIds)] : [])]));
    }
    if (f.cohortId !== undefined) q = q.where('e.cohort_id', '=', f.cohortId);
    if (f.unitPath !== undefined) q = q.where('ou.path', 'like', `${f.unitPath}%`);
    return q;
  };

  /**
   * The grade of the quiz `activity` (an SQL reference) under a policy, inside a query grouped per
   * enrolment with its finished attempts joined as `qa`: the highest percent, or the percent of the
   * last finished attempt (one probe of the (enrolment, activity, number) index).
   */
  const lastPercent = (activity: RawBuilder<unknown> | number) =>
    sql<number | null>`(select ql.percent from quiz_attempts ql where ql.enrolment_id = e.id and ql.activity_id = ${activity} and ql.status <> 'open' order by ql.number desc limit 1)`;
  const gradeExpr = (grading: GradingPolicy, activity: RawBuilder<unknown> | number) => (grading === 'last' ? lastPercent(activity) : sql<number | null>`max(qa.percent)`);

  /**
   * One row per participant in scope with the quiz's grade under its policy. The finished attempts
   * are joined per enrolment (index on enrolment, activity, number) and grouped, so the plan stays a
   * walk over the participants whatever the planner's estimates.
   */
  const resultRows = (f: PopulationFilter, quiz: ReportQuiz) =>
    population(f)
      .leftJoin('quiz_attempts as qa', (j) => j.onRef('qa.enrolment_id', '=', 'e.id').on('qa.activity_id', '=', quiz.activityId).on('qa.status', '!=', 'open'))
      .leftJoin('quiz_attempts as qo', (j) => j.onRef('qo.enrolment_id', '=', 'e.id').on('qo.activity_id', '=', quiz.activityId).on('qo.status', '=', 'open'))
      .leftJoin('activity_progress as ap', (j) => j.onRef('ap.enrolment_id', '=', 'e.id').on('ap.activity_id', '=', quiz.activityId))
      .select([
        'e.id as enrolment_id',
        'u.id as user_id',
        'u.name as name',
        'u.nip as nip',
        'ou.name as unit_name',
        'ou.code as unit_code',
        'c.id as cohort_id',
        'c.title as cohort_title',
        sql<string | null>`max(qa.finished_at)`.as('last_at'),
        sql<number>`count(qa.id)`.as('attempts'),
        gradeExpr(quiz.grading, quiz.activityId).as('grade'),
        sql<number>`case when coalesce(max(qa.passed), 0) = 1 or ${completedExpr(quiz)} then 1 else 0 end`.as('passed'),
        sql<number>`case when coalesce(max(qa.passed), 0) = 1 then 0 when ${completedExpr(quiz)} then 1 else 0 end`.as('by_completion'),
        sql<number>`case when qo.id is null then 0 else 1 end`.as('in_progress'),
      ])
      .groupBy(['e.id', 'u.id', 'u.name', 'u.nip', 'ou.name', 'ou.code', 'c.id', 'c.title', 'qo.id', 'ap.state']);

  function completedExpr(quiz: Pick<ReportQuiz, 'completionIsPass'>): RawBuilder<boolean> {
    return quiz.completionIsPass ? sql<boolean>`ap.state = 'completed'` : sql<boolean>`1 = 0`;
  }

  const statusWhere = (status: ParticipantStatus | 'attempted' | undefined): RawBuilder<boolean> => {
    switch (status) {
      case 'passed':
        return sql<boolean>`r.passed = 1`;
      case 'failed':
        return sql<boolean>`r.passed = 0 and r.attempts > 0`;
      case 'not_attempted':
        return sql<boolean>`r.passed = 0 and r.attempts = 0`;
      case 'attempted':
        return sql<boolean>`r.attempts > 0`;
      default:
        return sql<boolean>`1 = 1`;
    }
  };

  const SORT_COLUMNS: Record<ResultSort, string> = { name: 'r.name', nip: 'r.nip', unit: 'r.unit_name', cohort: 'r.cohort_title', attempts: 'r.attempts', grade: 'r.grade', passed: 'r.passed', last: 'r.last_at' };

  return {
    /** The programme (id, title) or undefined. */
    programme: (id: number) => db.selectFrom('programmes').select(['id', 'code', 'title']).where('id', '=', id).executeTakeFirst(),

    cohortsOf: (programmeId: number) => db.selectFrom('cohorts').select(['id', 'code', 'title']).where('programme_id', '=', programmeId).orderBy('id').execute(),

    /** The quiz activities of a programme in outline order (stage position, then activity position). */
    quizzesOf: (programmeId: number) =>
      db
        .selectFrom('activities as a')
        .innerJoin('stages as s', 's.id', 'a.stage_id')
        .select(['a.id', 'a.title', 'a.config', 'a.published', 'a.programme_id', 's.title as stage_title'])
        .where('a.programme_id', '=', programmeId)
        .where('a.kind', '=', 'quiz')
        .orderBy('s.position')
        .orderBy('s.id')
        .orderBy('a.position')
        .orderBy('a.id')
        .execute(),

    /** A quiz activity with its programme (undefined for anything else). */
    quiz: (activityId: number) =>
      db
        .selectFrom('activities as a')
        .innerJoin('programmes as p', 'p.id', 'a.programme_id')
        .select(['a.id', 'a.title', 'a.config', 'a.programme_id', 'p.title as programme_title'])
        .where('a.id', '=', activityId)
        .where('a.kind', '=', 'quiz')
        .executeTakeFirst(),

    /** Distinct units (id, path) of the participants in scope: the unit filter's choices and the gain's grouping. */
    async populationUnits(f: PopulationFilter): Promise<{ id: number; path: string }[]> {
      const rows = await population(f).select(['ou.id as id', 'ou.path as path']).where('ou.id', 'is not', null).distinct().execute();
      return rows.map((r) => ({ id: Number(r.id), path: r.path! }));
    },

    /** Summary of one quiz over the participants in scope (status filter only counts `matching`). */
    async resultSummary(f: PopulationFilter, quiz: ReportQuiz, status?: ParticipantStatus | 'attempted'): Promise<ResultSummary> {
      const base = db.with('r', () => resultRows(f, quiz));
      const totals = await base
        .selectFrom('r')
        .select([
          sql<number>`count(*)`.as('participants'),
          sql<number>`sum(case when r.attempts > 0 then 1 else 0 end)`.as('attempted'),
          sql<number>`sum(r.passed)`.as('passed'),
          sql<number>`sum(case when r.passed = 0 and r.attempts > 0 then 1 else 0 end)`.as('failed'),
          sql<number>`sum(case when r.passed = 0 and r.attempts = 0 then 1 else 0 end)`.as('not_attempted'),
          sql<number | null>`avg(r.grade)`.as('mean'),
          sql<number>`sum(case when ${statusWhere(status)} then 1 else 0 end)`.as('matching'),
        ])
        .executeTakeFirstOrThrow();
      const median = await base
        .with('m', (qc) => qc.selectFrom('r').select(['r.grade', sql<number>`row_number() over (order by r.grade)`.as('rn'), sql<number>`count(*) over ()`.as('cnt')]).where('r.grade', 'is not', null))
        .selectFrom('m')
        .select(sql<number | null>`avg(m.grade)`.as('median'))
        .where(sql<boolean>`m.rn in ((m.cnt + 1) / 2, (m.cnt + 2) / 2)`)
        .executeTakeFirst();
      const participants = num(totals.participants);
      const attempted = num(totals.attempted);
      const passed = num(totals.passed);
      return {
        participants,
        attempted,
        passed,
        failed: num(totals.failed),
        notAttempted: num(totals.not_attempted),
        meanPercent: r2(numOrNull(totals.mean)),
        medianPercent: r2(numOrNull(median?.median)),
        matching: num(totals.matching),
      };
    },

    /** The participants' rows of one quiz, sorted (nulls last) and paged by offset; no limit = every row (exports). */
    async resultPage(f: PopulationFilter, quiz: ReportQuiz, opts: { status?: ParticipantStatus | 'attempted'; sort: ResultSort; dir: 'asc' | 'desc'; offset: number; limit?: number }): Promise<ResultRow[]> {
      const col = sql.ref(SORT_COLUMNS[opts.sort]);
      let q = db
        .with('r', () => resultRows(f, quiz))
        .selectFrom('r')
        .selectAll('r')
        .where(statusWhere(opts.status))
        .orderBy(sql`case when ${col} is null then 1 else 0 end`)
        .orderBy(col, opts.dir)
        .orderBy('r.name')
        .orderBy('r.enrolment_id');
      if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset);
      const rows = await q.execute();
      return rows.map((r) => ({
        ...r,
        enrolment_id: Number(r.enrolment_id),
        user_id: Number(r.user_id),
        cohort_id: Number(r.cohort_id),
        attempts: num(r.attempts),
        grade: numOrNull(r.grade),
        passed: num(r.passed),
        by_completion: num(r.by_completion),
        in_progress: num(r.in_progress),
      }));
    },

    /** Per quiz and cohort: participants in scope, attempted, passed, mean grade (one grouped query for the whole programme). */
    async overview(f: PopulationFilter, quizzes: ReportQuiz[]): Promise<{ activity_id: number; cohort_id: number; participants: number; attempted: number; passed: number; mean: number | null }[]> {
      if (quizzes.length === 0) return [];
      const ids = quizzes.map((q) => q.activityId);
      const lastIds = quizzes.filter((q) => q.grading === 'last').map((q) => q.activityId);
      const completionIds = quizzes.filter((q) => q.completionIsPass).map((q) => q.activityId);
      const inList = (list: number[]) => (list.length ? sql`a.id in (${sql.join(list)})` : sql`1 = 0`);
      // Per quiz and participant (grouped), then per quiz and cohort.
      const perParticipant = population(f)
        .innerJoin('activities as a', (j) => j.on('a.id', 'in', ids))
        .leftJoin('quiz_attempts as qa', (j) => j.onRef('qa.enrolment_id', '=', 'e.id').onRef('qa.activity_id', '=', 'a.id').on('qa.status', '!=', 'open'))
        .leftJoin('activity_progress as ap', (j) => j.onRef('ap.enrolment_id', '=', 'e.id').onRef('ap.activity_id', '=', 'a.id'))
        .select([
          'a.id as activity_id',
          'e.cohort_id as cohort_id',
          sql<number>`count(qa.id)`.as('attempts'),
          sql<number>`case when coalesce(max(qa.passed), 0) = 1 or (${inList(completionIds)} and ap.state = 'completed') then 1 else 0 end`.as('passed'),
          sql<number | null>`case when ${inList(lastIds)} then ${lastPercent(sql.ref('a.id'))} else max(qa.percent) end`.as('grade'),
        ])
        .groupBy(['a.id', 'e.id', 'e.cohort_id', 'ap.state']);
      const rows = await db
        .selectFrom(perParticipant.as('pp'))
        .select([
          'pp.activity_id',
          'pp.cohort_id',
          sql<number>`count(*)`.as('participants'),
          sql<number>`sum(case when pp.attempts > 0 then 1 else 0 end)`.as('attempted'),
          sql<number>`sum(pp.passed)`.as('passed'),
          sql<number | null>`avg(pp.grade)`.as('mean'),
        ])
        .groupBy(['pp.activity_id', 'pp.cohort_id'])
        .execute();
      return rows.map((r) => ({ activity_id: Number(r.activity_id), cohort_id: Number(r.cohort_id), participants: num(r.participants), attempted: num(r.attempted), passed: num(r.passed), mean: r2(numOrNull(r.mean)) }));
    },

    /** Each participant in scope with a finished attempt of the quiz: the grade under its policy and the unit path. */
    async grades(f: PopulationFilter, quiz: Pick<ReportQuiz, 'activityId' | 'grading'>): Promise<{ enrolment_id: number; unit_path: string | null; grade: number }[]> {
      const rows = await population(f)
        .innerJoin('quiz_attempts as qa', (j) => j.onRef('qa.enrolment_id', '=', 'e.id').on('qa.activity_id', '=', quiz.activityId).on('qa.status', '!=', 'open'))
        .select(['e.id as enrolment_id', 'ou.path as unit_path', gradeExpr(quiz.grading, quiz.activityId).as('grade')])
        .groupBy(['e.id', 'ou.path'])
        .execute();
      return rows.map((r) => ({ enrolment_id: Number(r.enrolment_id), unit_path: r.unit_path, grade: num(r.grade) }));
    },

    /**
     * Every answered question of the quiz's finished attempts in scope: the attempt's percent and the
     * share of the snapshot's points it earned (for the item analysis).
     */
    async itemRows(f: PopulationFilter, activityId: number): Promise<{ attempt_id: number; question_id: number; attempt_percent: number; fraction: number }[]> {
      const points = isPostgres ? sql<number>`cast(cast(aq.snapshot as json)->>'points' as double precision)` : sql<number>`json_extract(aq.snapshot, '$.points')`;
      const rows = await population(f)
        .innerJoin('quiz_attempts as qa', (j) => j.onRef('qa.enrolment_id', '=', 'e.id').on('qa.activity_id', '=', activityId).on('qa.status', '!=', 'open'))
        .innerJoin('attempt_questions as aq', 'aq.attempt_id', 'qa.id')
        .select(['aq.attempt_id', 'aq.question_id', 'qa.percent', 'aq.score', points.as('points')])
        .execute();
      return rows.map((r) => {
        const p = num(r.points);
        return { attempt_id: Number(r.attempt_id), question_id: Number(r.question_id), attempt_percent: num(r.percent), fraction: p > 0 ? Math.min(1, Math.max(0, num(r.score) / p)) : 0 };
      });
    },

    /** Code, current text, type and category of questions (bank rows are never deleted). */
    questionsMeta: (ids: number[]) =>
      ids.length === 0
        ? Promise.resolve([] as { id: number; code: string; text: string; type: string; category: string }[])
        : db
            .selectFrom('questions as q')
            .innerJoin('question_categories as qc', 'qc.id', 'q.category_id')
            .select(['q.id', 'q.code', 'q.text', 'q.type', 'qc.name as category'])
            .where('q.id', 'in', ids)
            .execute(),
  };
}
