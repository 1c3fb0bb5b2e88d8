// The attempt engine: starting (drawing and shuffling per attempt, the deadline fixed at start),
// autosaving answers, submitting, finalising at the deadline (on any read, on a late answer and by the
// job `quiz.finalise-expired`), the review allowed by the quiz's policy, the participant's overview of a
// quiz, and operators' grants of extra attempts or time. Scoring happens only here; what leaves this
// module before an attempt is finished is `publicQuestion` (no key, no feedback).
// Contract: docs/design-evaluation.md.
import { randomInt } from 'node:crypto';
import type { AttemptQuestion, QuizAttempt, QuizGrant } from '../db/schema.js';
import type { FinishedRow, ProgressWrite, ScoredAttempt } from '../db/repositories/attempts.js';
import type { EnrolmentContext } from '../db/repositories/learning.js';
import {
  answerFraction,
  attemptDeadline,
  attemptsAllowed,
  drawQuestions,
  endOfClockDay,
  isPass,
  isPastDeadline,
  publicQuestion,
  quizGrade,
  quizProgress,
  scoreAttempt,
  startRefusal,
  validateAnswer,
  type Answer,
  type DrawnQuestion,
  type FinishedAttempt,
  type QuizProgressData,
} from '../domain/quiz.js';
import type { LockReason } from '../domain/progression.js';
import type { Principal } from '../domain/authorization.js';
import { quizConfig, type QuizConfig } from '../activities/quiz/config.js';
import { applyQuizEvent, evaluationOf, finishedEventId, remedialEventId } from '../activities/quiz/progress.js';
import type { EarlierActivity, ProgressData, ProgressEventInput } from '../activities/types.js';
import { AppError, errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { earlierActivity, enrolmentSummaryAfter, findActivity, loadEnrolmentView, lockedError, ownEnrolment, type EnrolmentView } from './learning.js';
import { activeBank } from './question-bank.js';
import { inReviewScope } from './submissions.js';
import { certificateInputChanged } from './certificate-eligibility.js';

export type PublicQuestion = ReturnType<typeof publicQuestion>;

export interface AttemptResult {
  attemptId: number;
  status: 'submitted' | 'expired';
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
  finishedAt: string;
  finishedBy: 'participant' | 'deadline';
}

export interface AttemptView {
  attemptId: number;
  enrolmentId: number;
  activityId: number;
  number: number;
  status: QuizAttempt['status'];
  startedAt: string;
  /** ISO 8601 UTC; null without a time limit or close. */
  deadline: string | null;
  /** In this attempt's order, options in this attempt's order; no key, no feedback. */
  questions: PublicQuestion[];
  /** Answers saved so far, by question id. */
  answers: Record<string, Answer>;
  /** The result once the attempt is finished (null while open). */
  result: AttemptResult | null;
}

export type QuizRefusal = 'enrolment_withdrawn' | 'activity_locked' | 'closed' | 'no_attempts_left' | 'already_passed' | 'quiz_misconfigured';

export interface ReviewItem {
  position: number;
  question: PublicQuestion;
  points: number;
  /** The participant's answer (review.responses). */
  response?: Answer | null;
  /** Points earned and the outcome (review.correctness). */
  score?: number;
  outcome?: 'correct' | 'partial' | 'incorrect';
  /** The right answer (review.correctAnswers): the correct option ids, or the accepted short answers. */
  correctAnswer?: { optionIds: number[] } | { acceptedAnswers: string[] };
  /** The question's explanation (review.feedback). */
  feedback?: string | null;
}

export interface AttemptSummary {
  attemptId: number;
  number: number;
  status: QuizAttempt['status'];
  startedAt: string;
  deadline: string | null;
  finishedAt: string | null;
  finishedBy: QuizAttempt['finished_by'];
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  passed: boolean | null;
}

export interface QuizOverview {
  enrolmentId: number;
  activityId: number;
  title: string;
  config: QuizConfig;
  /** Questions an attempt gets (what the bank can give for the draw rules). */
  questionCount: number;
  /** Minutes (configured + granted); null without a time limit. */
  timeLimitMinutes: number | null;
  extraAttempts: number;
  extraMinutes: number;
  attemptsUsed: number;
  /** Null = unlimited. */
  attemptsAllowed: number | null;
  /** When the quiz closes for this participant: the configured close or the end of the closing day on their clock, the earlier. */
  closesAt: string | null;
  attempts: AttemptSummary[];
  openAttemptId: number | null;
  /** The grade under the quiz's grading policy. */
  grade: FinishedAttempt | null;
  passed: boolean;
  passedByRemedial: boolean;
  /** Why a new attempt cannot start now (null: it can, or an attempt is open to resume). */
  refusal: QuizRefusal | null;
  lockReason: LockReason | null;
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const FALLBACK_CONFIG: QuizConfig = quizConfig.parse({ draw: [{ category: '-' }] });

// ---------------------------------------------------------------------------------------------
// Errors.

const conflict = (code: QuizRefusal | 'deadline_passed' | 'attempt_closed' | 'attempt_open', details?: Record<string, unknown>) =>
  new AppError(409, code, `error.${code}` as 'error.closed', { details });

function closedError(reason: string | null): AppError {
  return reason ? new AppError(409, 'closed', 'error.closed_reason', { params: { reason }, details: { reason } }) : conflict('closed');
}

// ---------------------------------------------------------------------------------------------
// Shapes.

export function resultOf(a: QuizAttempt): AttemptResult | null {
  if (a.status === 'open' || a.finished_at === null) return null;
  return {
    attemptId: a.id,
    status: a.status,
    score: Number(a.score ?? 0),
    maxScore: Number(a.max_score ?? 0),
    percent: Number(a.percent ?? 0),
    passed: a.passed === 1,
    finishedAt: a.finished_at,
    finishedBy: a.finished_by ?? (a.status === 'expired' ? 'deadline' : 'participant'),
  };
}

function summaryOf(a: QuizAttempt): AttemptSummary {
  return {
    attemptId: a.id,
    number: a.number,
    status: a.status,
    startedAt: a.started_at,
    deadline: a.deadline,
    finishedAt: a.finished_at,
    finishedBy: a.finished_by,
    score: a.score === null ? null : Number(a.score),
    maxScore: a.max_score === null ? null : Number(a.max_score),
    percent: a.percent === null ? null : Number(a.percent),
    passed: a.passed === null ? null : a.passed === 1,
  };
}

function viewOf(a: QuizAttempt, questions: PublicQuestion[], answers: Record<string, Answer>): AttemptView {
  return {
    attemptId: a.id,
    enrolmentId: a.enrolment_id,
    activityId: a.activity_id,
    number: a.number,
    status: a.status,
    startedAt: a.started_at,
    deadline: a.deadline,
    questions,
    answers,
    result: resultOf(a),
  };
}

function viewFromRows(a: QuizAttempt, rows: AttemptQuestion[]): AttemptView {
  const questions: PublicQuestion[] = [];
  const answers: Record<string, Answer> = {};
  for (const r of rows) {
    questions.push(publicQuestion(parseJson<DrawnQuestion>(r.snapshot, emptyQuestion(r.question_id))));
    if (r.answer !== null) answers[String(r.question_id)] = parseJson<Answer>(r.answer, { optionIds: [] });
  }
  return viewOf(a, questions, answers);
}

const emptyQuestion = (id: number): DrawnQuestion => ({ id, category: '', type: 'single', text: '', imageFileId: null, options: [], acceptedAnswers: [], points: 0, partialCredit: false, feedback: null });

// ---------------------------------------------------------------------------------------------
// The quiz of an enrolment.

interface QuizOfView {
  view: EnrolmentView;
  activity: EnrolmentView['activities'][number];
  outline: ReturnType<typeof findActivity>['outline'];
  config: QuizConfig | null;
}

function quizOf(view: EnrolmentView, activityId: number): QuizOfView {
  const { activity, outline } = findActivity(view, activityId);
  if (activity.row.kind !== 'quiz') throw errors.notFound();
  return { view, activity, outline, config: activity.parsedConfig ? (activity.parsedConfig.value as QuizConfig) : null };
}

/** The activities before `activityId` in the programme, as the kinds' lock rules see them. */
function earlierOf(view: EnrolmentView, activityId: number): EarlierActivity[] {
  const out: EarlierActivity[] = [];
  for (const a of view.activities) {
    if (a.row.id === activityId) break;
    out.push(earlierActivity(a, view.progress.get(a.row.id)));
  }
  return out;
}

/** The instant the quiz closes for this participant: the configured close and the end of the activity's (or its stage's) last day on their clock, the earlier. */
function closingInstant(q: QuizOfView): Date | null {
  const candidates: Date[] = [];
  if (q.config?.closesAt) candidates.push(new Date(q.config.closesAt));
  const day1 = q.view.clock.day1;
  if (day1) {
    const stage = q.view.stages.find((s) => s.id === q.activity.row.stage_id);
    for (const day of [q.activity.row.closes_after_day, stage?.closes_after_day]) {
      if (day) candidates.push(endOfClockDay(day1, day, q.view.zone));
    }
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
}

const finishedOf = (attempts: readonly QuizAttempt[]): FinishedAttempt[] =>
  attempts.filter((a) => a.status !== 'open').map((a) => ({ number: a.number, percent: Number(a.percent ?? 0), passed: a.passed === 1 }));

function progressDataOf(view: EnrolmentView, activityId: number): Partial<QuizProgressData> {
  return parseJson<Partial<QuizProgressData>>(view.progress.get(activityId)?.data, {});
}

/** Why a new attempt may not start now, or null. Order: withdrawn, closed, locked, attempts/passed, no questions (the caller). */
function refusalOf(
  q: QuizOfView,
  attempts: readonly QuizAttempt[],
  grants: { extraAttempts: number },
  now: Date,
): { refusal: Exclude<QuizRefusal, 'quiz_misconfigured'> | null; lockReason: LockReason | null; allowed: number | null; used: number; passed: boolean } {
  const config = q.config ?? FALLBACK_CONFIG;
  const finished = finishedOf(attempts);
  const previous = progressDataOf(q.view, q.activity.row.id);
  const passed = quizProgress(config.purpose, finished, config.grading, previous).passed;
  const allowed = attemptsAllowed(config.purpose, config.attempts, grants.extraAttempts);
  const base = { allowed, used: finished.length, passed, lockReason: null };
  if (q.view.enrolment.status !== 'active') return { ...base, refusal: 'enrolment_withdrawn' };
  if (config.closesAt && now.getTime() > new Date(config.closesAt).getTime()) return { ...base, refusal: 'closed' };
  if (q.outline.state === 'locked' && q.outline.reason) {
    const code = q.outline.reason.code;
    return { ...base, refusal: code === 'closed_after_day' || code === 'window_ended' ? 'closed' : 'activity_locked', lockReason: q.outline.reason };
  }
  const refusal = startRefusal({ purpose: config.purpose, finished: finished.length, allowed, passed });
  return { ...base, refusal };
}

// ---------------------------------------------------------------------------------------------
// Finishing an attempt (participant's submit, the deadline on a read or a late answer, the job).

function applyWith(config: QuizConfig, event: ProgressEventInput, now: string) {
  return (previous: { state: 'in_progress' | 'completed'; percent: number; data: string; completed_at: string | null } | undefined) => {
    const prevData = previous ? parseJson<ProgressData>(previous.data, {}) : {};
    const result = applyQuizEvent(prevData, event, config);
    const completed = previous?.state === 'completed' || result.completed;
    return {
      state: completed ? ('completed' as const) : ('in_progress' as const),
      percent: completed ? 100 : Math.max(previous?.percent ?? 0, Math.min(100, result.percent)),
      data: JSON.stringify(result.data),
      completedAt: previous?.completed_at ?? (completed ? now : null),
    };
  };
}

/**
 * Finishes an open attempt (idempotent): scores the answers saved so far, stores the result and, in
 * the same transaction, records the quiz's progress (`attempt_finished` with every finished attempt)
 * and, for a passed remedial, `passed_by_remedial` on the final evaluation it stands in for.
 */
async function finaliseAttempt(ctx: AppContext, attempt: QuizAttempt, by: 'participant' | 'deadline', ip: string | null): Promise<{ finalised: boolean; attempt: QuizAttempt }> {
  const enrolment = await ctx.repos.learning.enrolment(attempt.enrolment_id);
  const view = enrolment ? await loadEnrolmentView(ctx, enrolment) : null;
  let config: QuizConfig | null = null;
  const loaded = view?.activities.find((a) => a.row.id === attempt.activity_id);
  if (loaded?.parsedConfig) config = loaded.parsedConfig.value as QuizConfig;
  else {
    const row = await ctx.repos.learning.activity(attempt.activity_id);
    const parsed = quizConfig.safeParse(parseJson(row?.config, {}));
    config = parsed.success ? parsed.data : FALLBACK_CONFIG;
  }
  const cfg = config;
  const now = ctx.clock().toISOString();

  const score = (items: { questionId: number; snapshot: string; answer: string | null }[]): ScoredAttempt => {
    const scored = scoreAttempt(items.map((i) => ({ question: parseJson<DrawnQuestion>(i.snapshot, emptyQuestion(i.questionId)), answer: parseJson<Answer | null>(i.answer, null) })));
    return {
      perQuestion: items.map((i, k) => ({ questionId: i.questionId, score: scored.perQuestion[k]! })),
      score: scored.score,
      maxScore: scored.maxScore,
      percent: scored.percent,
      passed: isPass(scored.percent, cfg.passMark),
    };
  };

  const progress = (finished: FinishedRow[], done: QuizAttempt): ProgressWrite[] => {
    const event = { eventId: finishedEventId(done.id), type: 'attempt_finished', finished };
    const writes: ProgressWrite[] = [{ event: { activityId: done.activity_id, eventId: event.eventId, type: event.type, payload: JSON.stringify(event) }, apply: applyWith(cfg, event, now) }];
    if (cfg.purpose === 'remedial' && done.passed === 1 && view) {
      const evaluation = evaluationOf(cfg, earlierOf(view, done.activity_id));
      const evalConfig = evaluation ? quizConfig.safeParse(evaluation.config) : null;
      if (evaluation && evalConfig?.success) {
        const remedial = { eventId: remedialEventId(done.id), type: 'passed_by_remedial', remedialActivityId: done.activity_id, attemptNumber: done.number, percent: Number(done.percent ?? 0) };
        writes.push({ event: { activityId: evaluation.id, eventId: remedial.eventId, type: remedial.type, payload: JSON.stringify(remedial) }, apply: applyWith(evalConfig.data, remedial, now) });
      }
    }
    return writes;
  };

  let completedNow = false;
  const res = await ctx.repos.attempts.finalise({
    attemptId: attempt.id,
    now,
    ip,
    by,
    score,
    progress,
    ...(view ? { summary: (rows) => {
      const summary = enrolmentSummaryAfter(view, rows, now);
      completedNow = !!summary.completedAt && !view.enrolment.completed_at;
      return summary;
    } } : {}),
  });
  // The enrolment completed just now, or the final evaluation passed (directly or by remedial): the certificate may be due (never throws).
  if (res.finalised && (completedNow || (res.attempt.passed === 1 && (cfg.purpose === 'final' || cfg.purpose === 'remedial')))) await certificateInputChanged(ctx, attempt.enrolment_id);
  return res;
}

/** Finalises the attempt when it is open past its deadline; returns the attempt as it is now. */
async function settle(ctx: AppContext, attempt: QuizAttempt, ip: string | null): Promise<QuizAttempt> {
  if (attempt.status === 'open' && isPastDeadline(attempt.deadline, ctx.clock())) return (await finaliseAttempt(ctx, attempt, 'deadline', ip)).attempt;
  return attempt;
}

/** The participant's own attempt, or 404. */
async function ownAttempt(ctx: AppContext, userId: number, attemptId: number): Promise<QuizAttempt> {
  const a = await ctx.repos.attempts.attempt(attemptId);
  if (!a || a.user_id !== userId) throw errors.notFound();
  return a;
}

// ---------------------------------------------------------------------------------------------
// Participant.

/**
 * Starts an attempt (201 in the API) or returns the open one (200). One write transaction: the
 * attempt, all its drawn questions in one insert, and the start event. Two starts racing give one
 * attempt (the unique indexes decide; the loser returns the winner's attempt).
 */
export async function startAttempt(
  ctx: AppContext,
  input: { userId: number; enrolmentId: number; activityId: number; ip: string | null; describeLock: (r: LockReason) => string; enrolment?: EnrolmentContext },
): Promise<{ created: boolean; attempt: AttemptView }> {
  const enrolment =
    input.enrolment && input.enrolment.id === input.enrolmentId && input.enrolment.user_id === input.userId ? input.enrolment : await ownEnrolment(ctx, input.userId, input.enrolmentId);
  if (enrolment.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  let view = await loadEnrolmentView(ctx, enrolment);
  let q = quizOf(view, input.activityId);
  let { attempts, grants } = await ctx.repos.attempts.startState(enrolment.id, input.activityId);

  const open = attempts.find((a) => a.status === 'open');
  if (open) {
    const settled = await settle(ctx, open, input.ip);
    if (settled.status === 'open') {
      await ctx.repos.attempts.insertEvent({ attemptId: open.id, type: 'resume', at: ctx.clock().toISOString(), ip: input.ip });
      return { created: false, attempt: viewFromRows(settled, await ctx.repos.attempts.questionsOf(open.id)) };
    }
    // Finalised at its deadline just now: its progress changed the outline.
    view = await loadEnrolmentView(ctx, enrolment);
    q = quizOf(view, input.activityId);
    attempts = attempts.map((a) => (a.id === settled.id ? settled : a));
  }

  const now = ctx.clock();
  const check = refusalOf(q, attempts, grants, now);
  if (check.refusal === 'enrolment_withdrawn') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  if (check.refusal === 'closed') throw closedError(check.lockReason ? input.describeLock(check.lockReason) : null);
  if (check.refusal === 'activity_locked') throw lockedError(check.lockReason!, input.describeLock(check.lockReason!));
  if (check.refusal) throw conflict(check.refusal, { attemptsUsed: check.used, attemptsAllowed: check.allowed });
  if (!q.config) throw conflict('quiz_misconfigured');
  const config = q.config;

  const bank = await activeBank(ctx, enrolment.programme_id);
  const seed = randomInt(0, 2 ** 31);
  const drawn = drawQuestions(bank, config.draw, seed, { shuffleQuestions: config.shuffleQuestions, shuffleOptions: config.shuffleOptions }).questions;
  if (drawn.length === 0) throw conflict('quiz_misconfigured');

  const deadline = attemptDeadline({ startedAt: now, timeLimitMinutes: config.timeLimitMinutes, extraMinutes: grants.extraMinutes, closesAt: closingInstant(q) });
  const startedAt = now.toISOString();
  const number = attempts.reduce((m, a) => Math.max(m, a.number), 0) + 1;
  const row = await ctx.repos.attempts.insertAttempt({
    enrolmentId: enrolment.id,
    activityId: input.activityId,
    userId: input.userId,
    number,
    seed,
    startedAt,
    deadline: deadline ? deadline.toISOString() : null,
    questions: drawn.map((d, i) => ({ questionId: d.id, position: i + 1, snapshot: JSON.stringify(d) })),
    ip: input.ip,
  });
  if (row) return { created: true, attempt: viewOf(row, drawn.map(publicQuestion), {}) };

  // Another start won the race: resume its attempt.
  const winner = (await ctx.repos.attempts.attemptsOf(enrolment.id, input.activityId)).find((a) => a.status === 'open');
  if (!winner) throw errors.conflict();
  await ctx.repos.attempts.insertEvent({ attemptId: winner.id, type: 'resume', at: ctx.clock().toISOString(), ip: input.ip });
  return { created: false, attempt: viewFromRows(winner, await ctx.repos.attempts.questionsOf(winner.id)) };
}

/** The participant's attempt with its questions and answers so far; finalised first when it is open past its deadline. */
export async function getAttempt(ctx: AppContext, input: { userId: number; attemptId: number; ip?: string | null }): Promise<AttemptView> {
  const attempt = await settle(ctx, await ownAttempt(ctx, input.userId, input.attemptId), input.ip ?? null);
  return viewFromRows(attempt, await ctx.repos.attempts.questionsOf(attempt.id));
}

function validationOf(questionId: number, reason: string): AppError {
  return errors.validation({ [`answers.${questionId}`]: [{ key: reason === 'too_long' ? 'error.field.tooLong' : 'error.field.invalid' }] });
}

/**
 * Saves one answer (idempotent: the same answer again changes nothing but its time). Refused: after
 * the attempt finished (409 attempt_closed), after its deadline (409 deadline_passed; the attempt is
 * finalised with the answers saved so far), an answer of the wrong shape (400 validation_failed).
 * One short transaction; ownership is checked on the attempt row (no enrolment view is loaded).
 */
export async function saveAnswer(ctx: AppContext, input: { userId: number; attemptId: number; questionId: number; answer: unknown; ip: string | null }): Promise<{ questionId: number; answeredAt: string }> {
  const res = await saveAll(ctx, { userId: input.userId, attemptId: input.attemptId, ip: input.ip, items: [{ questionId: input.questionId, answer: input.answer }], unknownQuestion: 'not_found' });
  return { questionId: input.questionId, answeredAt: res.answeredAt };
}

/** Saves several answers at once (the no-JavaScript page's submit), all or nothing, with the same rules as saveAnswer. */
export async function saveAnswers(ctx: AppContext, input: { userId: number; attemptId: number; answers: { questionId: number; answer: unknown }[]; ip: string | null }): Promise<{ saved: number; answeredAt: string }> {
  const res = await saveAll(ctx, { userId: input.userId, attemptId: input.attemptId, ip: input.ip, items: input.answers, unknownQuestion: 'invalid' });
  return { saved: res.saved, answeredAt: res.answeredAt };
}

async function saveAll(
  ctx: AppContext,
  input: { userId: number; attemptId: number; ip: string | null; items: { questionId: number; answer: unknown }[]; unknownQuestion: 'not_found' | 'invalid' },
): Promise<{ answeredAt: string; saved: number }> {
  const now = ctx.clock();
  const answeredAt = now.toISOString();
  let deadline: string | null = null;
  let saved = 0;
  const outcome = await ctx.repos.attempts.saveAnswers({
    attemptId: input.attemptId,
    questionIds: [...new Set(input.items.map((i) => i.questionId))],
    now: answeredAt,
    ip: input.ip,
    prepare: (attempt, snapshots) => {
      if (attempt.user_id !== input.userId) throw errors.notFound();
      // Someone else's question ids are not revealed; a question not in the attempt is 404 for the API, a bad field for a form.
      const missing = input.items.find((i) => !snapshots.has(i.questionId));
      if (missing) throw input.unknownQuestion === 'not_found' ? errors.notFound() : validationOf(missing.questionId, 'wrong_kind');
      if (attempt.status !== 'open') return { refuse: 'closed' };
      deadline = attempt.deadline;
      if (isPastDeadline(attempt.deadline, now)) return { refuse: 'late' };
      const answers = new Map<number, string>();
      for (const item of input.items) {
        const v = validateAnswer(parseJson<DrawnQuestion>(snapshots.get(item.questionId), emptyQuestion(item.questionId)), item.answer);
        if (!v.ok) throw validationOf(item.questionId, v.reason);
        answers.set(item.questionId, JSON.stringify(v.answer));
      }
      saved = answers.size;
      return { answers: [...answers].map(([questionId, answer]) => ({ questionId, answer })) };
    },
  });
  if (outcome === 'missing') throw errors.notFound();
  if (outcome === 'closed') throw conflict('attempt_closed');
  if (outcome === 'late') {
    const attempt = await ctx.repos.attempts.attempt(input.attemptId);
    if (attempt) await finaliseAttempt(ctx, attempt, 'deadline', input.ip);
    throw conflict('deadline_passed', { deadline });
  }
  return { answeredAt, saved };
}

/**
 * Submits the attempt and returns its result. Idempotent: a finished attempt (submitted, or
 * finalised at its deadline) returns the result it has; a submit after the deadline finalises the
 * attempt as expired with the answers saved in time.
 */
export async function submitAttempt(ctx: AppContext, input: { userId: number; attemptId: number; ip: string | null }): Promise<AttemptResult> {
  const attempt = await ownAttempt(ctx, input.userId, input.attemptId);
  if (attempt.status !== 'open') return resultOf(attempt)!;
  const by = isPastDeadline(attempt.deadline, ctx.clock()) ? 'deadline' : 'participant';
  const done = await finaliseAttempt(ctx, attempt, by, input.ip);
  return resultOf(done.attempt)!;
}

async function configOfActivity(ctx: AppContext, activityId: number): Promise<QuizConfig> {
  const row = await ctx.repos.learning.activity(activityId);
  const parsed = quizConfig.safeParse(parseJson(row?.config, {}));
  return parsed.success ? parsed.data : FALLBACK_CONFIG;
}

/** What the participant may see of a finished attempt, as the quiz's review policy allows (409 attempt_open before it is finished). */
export async function attemptReview(ctx: AppContext, input: { userId: number; attemptId: number; ip?: string | null }): Promise<{ result: AttemptResult; review: QuizConfig['review']; items: ReviewItem[] }> {
  const attempt = await settle(ctx, await ownAttempt(ctx, input.userId, input.attemptId), input.ip ?? null);
  const result = resultOf(attempt);
  if (!result) throw conflict('attempt_open');
  const [config, rows] = await Promise.all([configOfActivity(ctx, attempt.activity_id), ctx.repos.attempts.questionsOf(attempt.id)]);
  const review = config.review;
  const items = rows.map((r, i): ReviewItem => {
    const q = parseJson<DrawnQuestion>(r.snapshot, emptyQuestion(r.question_id));
    const answer = parseJson<Answer | null>(r.answer, null);
    const item: ReviewItem = { position: i + 1, question: publicQuestion(q), points: q.points };
    if (review.responses) item.response = answer;
    if (review.correctness) {
      const fraction = answerFraction(q, answer);
      item.score = r.score === null ? Math.round(q.points * fraction * 10_000) / 10_000 : Number(r.score);
      item.outcome = fraction >= 1 ? 'correct' : fraction > 0 ? 'partial' : 'incorrect';
    }
    if (review.correctAnswers) item.correctAnswer = q.type === 'short' ? { acceptedAnswers: q.acceptedAnswers.slice() } : { optionIds: q.options.filter((o) => o.correct).map((o) => o.id) };
    if (review.feedback) item.feedback = q.feedback;
    return item;
  });
  return { result, review, items };
}

/** What the quiz's page shows the participant: rules, attempts used and allowed, past results, and whether Start is possible. */
export async function quizOverview(ctx: AppContext, input: { userId: number; enrolmentId: number; activityId: number; ip?: string | null }): Promise<QuizOverview> {
  const enrolment = await ownEnrolment(ctx, input.userId, input.enrolmentId);
  let view = await loadEnrolmentView(ctx, enrolment);
  let q = quizOf(view, input.activityId);
  let { attempts, grants } = await ctx.repos.attempts.startState(enrolment.id, input.activityId);
  const open = attempts.find((a) => a.status === 'open');
  if (open) {
    const settled = await settle(ctx, open, input.ip ?? null);
    if (settled.status !== 'open') {
      view = await loadEnrolmentView(ctx, enrolment);
      q = quizOf(view, input.activityId);
      attempts = attempts.map((a) => (a.id === settled.id ? settled : a));
    }
  }
  const config = q.config ?? FALLBACK_CONFIG;
  const bank = await activeBank(ctx, enrolment.programme_id);
  const questionCount = q.config ? drawQuestions(bank, config.draw, 0, { shuffleQuestions: false, shuffleOptions: false }).questions.length : 0;
  const check = refusalOf(q, attempts, grants, ctx.clock());
  const stillOpen = attempts.find((a) => a.status === 'open') ?? null;
  let refusal: QuizRefusal | null = check.refusal;
  if (!refusal && (!q.config || questionCount === 0)) refusal = 'quiz_misconfigured';
  if (stillOpen) refusal = null;
  const data = progressDataOf(view, input.activityId);
  const grade = quizProgress(config.purpose, finishedOf(attempts), config.grading, data);
  const closes = closingInstant(q);
  return {
    enrolmentId: enrolment.id,
    activityId: input.activityId,
    title: q.activity.row.title,
    config,
    questionCount,
    timeLimitMinutes: config.timeLimitMinutes === null ? null : config.timeLimitMinutes + grants.extraMinutes,
    extraAttempts: grants.extraAttempts,
    extraMinutes: grants.extraMinutes,
    attemptsUsed: check.used,
    attemptsAllowed: check.allowed,
    closesAt: closes ? closes.toISOString() : null,
    attempts: attempts.map(summaryOf),
    openAttemptId: stillOpen?.id ?? null,
    grade: quizGrade(finishedOf(attempts), config.grading),
    passed: grade.passed,
    passedByRemedial: grade.passedByRemedial === true,
    refusal,
    lockReason: check.lockReason,
  };
}

/** Finalises open attempts whose deadline has passed (participants who never came back). Returns how many it finalised. */
export async function finaliseExpiredAttempts(ctx: AppContext, input: { limit: number }): Promise<number> {
  const rows = await ctx.repos.attempts.expiredOpen(ctx.clock().toISOString(), input.limit);
  let n = 0;
  for (const row of rows) {
    const res = await finaliseAttempt(ctx, row, 'deadline', null);
    if (res.finalised) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Operators.

export interface GrantResult {
  grant: QuizGrant;
  /** All grants of this participant and quiz, summed. */
  totals: { extraAttempts: number; extraMinutes: number };
}

/**
 * Grants one participant extra attempts and/or extra minutes for one quiz, with a reason (audited).
 * Extra minutes lengthen attempts started after the grant (an open attempt keeps the deadline fixed
 * at its start). Platform admins; agency admins and unit operators for participants in their unit
 * subtrees; facilitators for their cohorts. Anyone else: 404.
 */
export async function grantQuizExtras(
  ctx: AppContext,
  actor: Actor & { userId: number; principal: Principal },
  input: { enrolmentId: number; activityId: number; extraAttempts: number; extraMinutes: number; reason: string },
): Promise<GrantResult> {
  const enrolment = await ctx.repos.learning.enrolment(input.enrolmentId);
  if (!enrolment || !inReviewScope(actor.principal, { unit_path: enrolment.unit_path, cohort_id: enrolment.cohort_id })) throw errors.notFound();
  const activity = await ctx.repos.learning.activity(input.activityId);
  if (!activity || activity.programme_id !== enrolment.programme_id) throw errors.notFound();
  if (activity.kind !== 'quiz') throw errors.validation({ activityId: [{ key: 'quiz.grant.error.notQuiz' }] }, 'quiz.grant.error.notQuiz');
  const reason = input.reason.trim();
  const extraAttempts = Math.trunc(input.extraAttempts);
  const extraMinutes = Math.trunc(input.extraMinutes);
  if (reason.length < 5 || reason.length > 500 || reason.includes('\u0000')) throw errors.validation({ reason: [{ key: 'quiz.grant.error.reason' }] }, 'quiz.grant.error.reason');
  if (!(extraAttempts >= 0 && extraAttempts <= 100 && extraMinutes >= 0 && extraMinutes <= 1440) || extraAttempts + extraMinutes === 0) {
    throw errors.validation({ extraAttempts: [{ key: 'quiz.grant.error.nothing' }], extraMinutes: [{ key: 'quiz.grant.error.nothing' }] }, 'quiz.grant.error.nothing');
  }
  const grant = await ctx.repos.attempts.insertGrant({ enrolmentId: enrolment.id, activityId: activity.id, extraAttempts, extraMinutes, reason, grantedBy: actor.userId, now: ctx.clock().toISOString() });
  await audit(ctx, actor, 'quiz.grant', { type: 'quiz_grant', id: grant.id }, { enrolmentId: enrolment.id, activityId: activity.id, participantUserId: enrolment.user_id, extraAttempts, extraMinutes, reason });
  const totals = await ctx.repos.attempts.grantTotals(enrolment.id, activity.id);
  return { grant, totals };
}
