// Quiz attempts: the attempt row, its drawn questions (snapshots + answers), the event trail and the
// per-participant grants. Every change is one short transaction; on PostgreSQL an answer takes a
// shared lock on the attempt row and finishing an attempt an exclusive one, so an answer that was
// acknowledged is always scored and an answer after the finish is refused.
import type { EnrolmentSummary } from './learning.js';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { ActivityProgressRow, AttemptQuestion, Database, QuizAttempt, QuizGrant } from '../schema.js';
import { recordEventIn, type ProgressEventWrite, type ProgressWriteResult } from './learning.js';

export type AttemptEventType = 'start' | 'resume' | 'answer' | 'submit' | 'expire';

export interface NewAttempt {
  enrolmentId: number;
  activityId: number;
  userId: number;
  number: number;
  seed: number;
  startedAt: string;
  deadline: string | null;
  questions: { questionId: number; position: number; snapshot: string }[];
  ip: string | null;
}

/** What an answer needs to know before it is written: the owner, the state and the deadline. */
export interface AnswerTarget {
  user_id: number;
  status: QuizAttempt['status'];
  deadline: string | null;
}

export type SaveOutcome = 'saved' | 'closed' | 'late' | 'missing';

export interface ScoredAttempt {
  perQuestion: { questionId: number; score: number }[];
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
}

/** A progress event written in the finishing transaction (on this quiz, or on the final evaluation a remedial stands in for). */
export interface ProgressWrite {
  event: Omit<ProgressEventWrite, 'now' | 'enrolmentId'>;
  apply: (previous: ActivityProgressRow | undefined) => ProgressWriteResult;
}

export interface FinishedRow {
  number: number;
  percent: number;
  passed: boolean;
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/i.test(e?.message ?? '');
};

export function attemptsRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  return {
    attempt: (id: number) => db.selectFrom('quiz_attempts').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Every attempt of one participant at one quiz, oldest first. */
    attemptsOf: (enrolmentId: number, activityId: number) =>
      db.selectFrom('quiz_attempts').selectAll().where('enrolment_id', '=', enrolmentId).where('activity_id', '=', activityId).orderBy('number').execute(),

    /** The attempt's questions in the attempt's order. */
    questionsOf: (attemptId: number) => db.selectFrom('attempt_questions').selectAll().where('attempt_id', '=', attemptId).orderBy('position').execute() as Promise<AttemptQuestion[]>,

    /** Every attempt of one participant at one quiz (oldest first) and the grants summed, in one query. */
    async startState(enrolmentId: number, activityId: number): Promise<{ attempts: QuizAttempt[]; grants: { extraAttempts: number; extraMinutes: number } }> {
      const rows = await sql<QuizAttempt & { one: number; grant_attempts: number | null; grant_minutes: number | null }>`
        select qa.*, x.one,
          (select coalesce(sum(g.extra_attempts), 0) from quiz_grants g where g.enrolment_id = ${enrolmentId} and g.activity_id = ${activityId}) as grant_attempts,
          (select coalesce(sum(g.extra_minutes), 0) from quiz_grants g where g.enrolment_id = ${enrolmentId} and g.activity_id = ${activityId}) as grant_minutes
        from (select 1 as one) x
        left join quiz_attempts qa on qa.enrolment_id = ${enrolmentId} and qa.activity_id = ${activityId}
        order by qa.number`.execute(db);
      const first = rows.rows[0];
      const attempts = rows.rows.filter((r) => r.id !== null && r.id !== undefined).map(({ one: _one, grant_attempts: _a, grant_minutes: _m, ...a }) => a as QuizAttempt);
      return { attempts, grants: { extraAttempts: Number(first?.grant_attempts ?? 0), extraMinutes: Number(first?.grant_minutes ?? 0) } };
    },

    /** Extra attempts and minutes granted to one participant for one quiz (summed). */
    async grantTotals(enrolmentId: number, activityId: number): Promise<{ extraAttempts: number; extraMinutes: number }> {
      const r = await db
        .selectFrom('quiz_grants')
        .select([sql<number>`coalesce(sum(extra_attempts), 0)`.as('a'), sql<number>`coalesce(sum(extra_minutes), 0)`.as('m')])
        .where('enrolment_id', '=', enrolmentId)
        .where('activity_id', '=', activityId)
        .executeTakeFirst();
      return { extraAttempts: Number(r?.a ?? 0), extraMinutes: Number(r?.m ?? 0) };
    },

    grantsOf: (enrolmentId: number, activityId: number) =>
      db.selectFrom('quiz_grants').selectAll().where('enrolment_id', '=', enrolmentId).where('activity_id', '=', activityId).orderBy('id').execute() as Promise<QuizGrant[]>,

    async insertGrant(g: { enrolmentId: number; activityId: number; extraAttempts: number; extraMinutes: number; reason: string; grantedBy: number | null; now: string }): Promise<QuizGrant> {
      return (await db
        .insertInto('quiz_grants')
        .values({ enrolment_id: g.enrolmentId, activity_id: g.activityId, extra_attempts: g.extraAttempts, extra_minutes: g.extraMinutes, reason: g.reason, granted_by: g.grantedBy, created_at: g.now })
        .returningAll()
        .executeTakeFirstOrThrow()) as QuizGrant;
    },

    /**
     * Creates an attempt with all its questions (one multi-row insert) and its start event, in one
     * transaction. Returns null when another start won the race (the attempt number or the
     * one-open-attempt index is taken): the caller then resumes the open attempt.
     */
    async insertAttempt(a: NewAttempt): Promise<QuizAttempt | null> {
      try {
        if (isPostgres && a.questions.length > 0) {
          // One statement, one round trip (a whole cohort presses Start in the same minute): the
          // attempt, its questions and its start event, atomic as any single statement.
          const rows = sql.join(a.questions.map((q) => sql`(${q.questionId}::integer, ${q.position}::integer, ${q.snapshot}::text)`));
          const { rows: created } = await sql<QuizAttempt>`
            with a as (
              insert into quiz_attempts (enrolment_id, activity_id, user_id, number, status, seed, started_at, deadline, updated_at)
              values (${a.enrolmentId}, ${a.activityId}, ${a.userId}, ${a.number}, 'open', ${a.seed}, ${a.startedAt}, ${a.deadline}, ${a.startedAt})
              returning *
            ), q as (
              insert into attempt_questions (attempt_id, question_id, position, snapshot)
              select a.id, v.question_id, v.position, v.snapshot from a cross join (values ${rows}) as v(question_id, position, snapshot)
            ), e as (
              insert into attempt_events (attempt_id, type, question_id, at, ip) select a.id, 'start', null, ${a.startedAt}::text, ${a.ip}::text from a
            )
            select * from a`.execute(db);
          return created[0] ?? null;
        }
        return await db.transaction().execute(async (trx) => {
          const row = (await trx
            .insertInto('quiz_attempts')
            .values({
              enrolment_id: a.enrolmentId,
              activity_id: a.activityId,
              user_id: a.userId,
              number: a.number,
              status: 'open',
              seed: a.seed,
              started_at: a.startedAt,
              deadline: a.deadline,
              finished_at: null,
              finished_by: null,
              score: null,
              max_score: null,
              percent: null,
              passed: null,
              updated_at: a.startedAt,
            })
            .returningAll()
            .executeTakeFirstOrThrow()) as QuizAttempt;
          if (a.questions.length > 0) {
            await trx
              .insertInto('attempt_questions')
              .values(a.questions.map((q) => ({ attempt_id: row.id, question_id: q.questionId, position: q.position, snapshot: q.snapshot, answer: null, answered_at: null, score: null })))
              .execute();
          }
          await trx.insertInto('attempt_events').values({ attempt_id: row.id, type: 'start', question_id: null, at: a.startedAt, ip: a.ip }).execute();
          return row;
        });
      } catch (err) {
        if (isUniqueViolation(err)) return null;
        throw err;
      }
    },

    async insertEvent(e: { attemptId: number; type: AttemptEventType; questionId?: number | null; at: string; ip: string | null }): Promise<void> {
      await db.insertInto('attempt_events').values({ attempt_id: e.attemptId, type: e.type, question_id: e.questionId ?? null, at: e.at, ip: e.ip }).execute();
    },

    eventsOf: (attemptId: number) => db.selectFrom('attempt_events').selectAll().where('attempt_id', '=', attemptId).orderBy('id').execute(),

    /**
     * Saves answers in one short transaction: the attempt row under a shared lock (PostgreSQL), the
     * snapshots of the questions answered, then `prepare` decides (pure: owner, state, deadline,
     * shape — it may throw, nothing is written then), then one update and the events.
     */
    async saveAnswers(input: {
      attemptId: number;
      questionIds: number[];
      now: string;
      ip: string | null;
      prepare: (attempt: AnswerTarget, snapshots: Map<number, string>) => { refuse: Exclude<SaveOutcome, 'saved'> } | { answers: { questionId: number; answer: string }[] };
    }): Promise<SaveOutcome> {
      return db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('quiz_attempts').select(['user_id', 'status', 'deadline']).where('id', '=', input.attemptId);
        if (isPostgres) q = q.forShare();
        const row = await q.executeTakeFirst();
        if (!row) return 'missing';
        const snapshots = new Map<number, string>();
        if (input.questionIds.length) {
          const rows = await trx.selectFrom('attempt_questions').select(['question_id', 'snapshot']).where('attempt_id', '=', input.attemptId).where('question_id', 'in', input.questionIds).execute();
          for (const r of rows) snapshots.set(r.question_id, r.snapshot);
        }
        const decided = input.prepare(row, snapshots);
        if ('refuse' in decided) return decided.refuse;
        const answers = decided.answers;
        if (answers.length === 0) return 'saved';
        if (answers.length === 1) {
          const a = answers[0]!;
          await trx.updateTable('attempt_questions').set({ answer: a.answer, answered_at: input.now }).where('attempt_id', '=', input.attemptId).where('question_id', '=', a.questionId).execute();
        } else {
          const cases = sql.join(answers.map((a) => sql`when ${a.questionId} then ${a.answer}`), sql` `);
          await trx
            .updateTable('attempt_questions')
            .set({ answer: sql<string>`case question_id ${cases} end`, answered_at: input.now })
            .where('attempt_id', '=', input.attemptId)
            .where('question_id', 'in', answers.map((a) => a.questionId))
            .execute();
        }
        await trx.insertInto('attempt_events').values(answers.map((a) => ({ attempt_id: input.attemptId, type: 'answer' as const, question_id: a.questionId, at: input.now, ip: input.ip }))).execute();
        return 'saved';
      });
    },

    /**
     * Finishes an open attempt in one transaction: an exclusive lock on the attempt row
     * (PostgreSQL: waits for answers in flight), the answers scored (`score`), every question's points
     * in one statement, the attempt's result, its event, and the progress events `progress` returns
     * for the finished attempts of this participant and quiz, with the enrolment's summary. When the
     * attempt was already finished (by the participant, the deadline or the job), nothing changes and
     * the stored attempt is returned with `finalised: false`.
     */
    async finalise(input: {
      attemptId: number;
      now: string;
      ip: string | null;
      by: 'participant' | 'deadline';
      score: (items: { questionId: number; snapshot: string; answer: string | null }[]) => ScoredAttempt;
      progress: (finished: FinishedRow[], attempt: QuizAttempt) => ProgressWrite[];
      summary?: (rows: ActivityProgressRow[]) => EnrolmentSummary | null;
    }): Promise<{ finalised: boolean; attempt: QuizAttempt }> {
      return db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('quiz_attempts').selectAll().where('id', '=', input.attemptId);
        if (isPostgres) q = q.forUpdate();
        const current = (await q.executeTakeFirstOrThrow()) as QuizAttempt;
        if (current.status !== 'open') return { finalised: false, attempt: current };

        const items = await trx.selectFrom('attempt_questions').select(['question_id', 'snapshot', 'answer']).where('attempt_id', '=', input.attemptId).orderBy('position').execute();
        const scored = input.score(items.map((i) => ({ questionId: i.question_id, snapshot: i.snapshot, answer: i.answer })));
        if (scored.perQuestion.length > 0) {
          const cases = sql.join(scored.perQuestion.map((s) => sql`when ${s.questionId} then cast(${s.score} as real)`), sql` `);
          await trx
            .updateTable('attempt_questions')
            .set({ score: sql<number>`case question_id ${cases} else cast(0 as real) end` })
            .where('attempt_id', '=', input.attemptId)
            .execute();
        }
        const status = input.by === 'participant' ? 'submitted' : 'expired';
        const attempt = (await trx
          .updateTable('quiz_attempts')
          .set({ status, finished_at: input.now, finished_by: input.by, score: scored.score, max_score: scored.maxScore, percent: scored.percent, passed: scored.passed ? 1 : 0, updated_at: input.now })
          .where('id', '=', input.attemptId)
          .returningAll()
          .executeTakeFirstOrThrow()) as QuizAttempt;
        await trx.insertInto('attempt_events').values({ attempt_id: input.attemptId, type: input.by === 'participant' ? 'submit' : 'expire', question_id: null, at: input.now, ip: input.ip }).execute();

        const finished = await trx
          .selectFrom('quiz_attempts')
          .select(['number', 'percent', 'passed'])
          .where('enrolment_id', '=', attempt.enrolment_id)
          .where('activity_id', '=', attempt.activity_id)
          .where('status', '!=', 'open')
          .orderBy('number')
          .execute();
        const writes = input.progress(
          finished.map((f) => ({ number: f.number, percent: Number(f.percent ?? 0), passed: f.passed === 1 })),
          attempt,
        );
        for (const w of writes) await recordEventIn(trx, isPostgres, { ...w.event, enrolmentId: attempt.enrolment_id, now: input.now }, w.apply, input.summary);
        return { finalised: true, attempt };
      });
    },

    /** Open attempts whose deadline has passed (the job finalises them), oldest deadline first. */
    expiredOpen: (now: string, limit: number) =>
      db.selectFrom('quiz_attempts').selectAll().where('status', '=', 'open').where('deadline', 'is not', null).where('deadline', '<', now).orderBy('deadline').limit(limit).execute() as Promise<QuizAttempt[]>,

    /** Counts for tests and benchmarks: answered questions and events of an attempt. */
    async countAnswered(attemptId: number): Promise<number> {
      const r = await db.selectFrom('attempt_questions').select(sql<number>`count(*)`.as('n')).where('attempt_id', '=', attemptId).where('answer', 'is not', null).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
export type AttemptsRepository = ReturnType<typeof attemptsRepository>;
