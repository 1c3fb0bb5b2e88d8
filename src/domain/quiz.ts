// Evaluation rules (pure): drawing questions per attempt from categories, seeded shuffling, scoring
// per question type, grading policies (highest / last), attempt availability and deadlines, the
// purposes of a quiz (pre-test, post-test, final evaluation, remedial) and the statistics of the
// reports (facility index, discrimination, pre/post gain). No I/O: the services feed these.
import { addDays, startOfLocalDay, type IndonesianZone } from './time.js';
import { seededRandom, shuffled } from './random.js';

export type QuestionType = 'single' | 'multiple' | 'true_false' | 'short';
export type QuizPurpose = 'pre_test' | 'post_test' | 'final' | 'remedial';
export type GradingPolicy = 'highest' | 'last';

export interface QuestionOption {
  id: number;
  text: string;
  correct: boolean;
}

/** A question of the bank as the drawing sees it (active questions only). */
export interface BankQuestion {
  id: number;
  category: string;
  type: QuestionType;
  /** Markdown. */
  text: string;
  imageFileId: number | null;
  options: QuestionOption[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
  feedback: string | null;
}

/** A question as drawn for one attempt (options in this attempt's order). Stored as the attempt's snapshot. */
export type DrawnQuestion = BankQuestion;

export interface DrawRule {
  category: string;
  /** How many to draw at random; null = every active question of the category. */
  count: number | null;
}

export type Answer = { optionIds: number[] } | { text: string };

// ---------------------------------------------------------------------------------------------
// Randomness: one seed per attempt, so an attempt's drawing can be reproduced and tested.

export { seededRandom, shuffled };

export interface DrawResult {
  questions: DrawnQuestion[];
  /** Categories with fewer active questions than the rule asks for (the attempt gets what there is). */
  shortfalls: { category: string; wanted: number; available: number }[];
}

/**
 * Draws an attempt's questions: for each rule, `count` at random from its category (each question at
 * most once even when two rules name the same category), then shuffles the questions and each
 * question's options when asked. Deterministic for a seed.
 */
export function drawQuestions(bank: readonly BankQuestion[], rules: readonly DrawRule[], seed: number, opts: { shuffleQuestions: boolean; shuffleOptions: boolean }): DrawResult {
  const random = seededRandom(seed);
  const used = new Set<number>();
  const picked: DrawnQuestion[] = [];
  const shortfalls: DrawResult['shortfalls'] = [];
  for (const rule of rules) {
    const pool = bank.filter((q) => q.category === rule.category && !used.has(q.id)).sort((a, b) => a.id - b.id);
    const wanted = rule.count ?? pool.length;
    if (pool.length < wanted) shortfalls.push({ category: rule.category, wanted, available: pool.length });
    const chosen = rule.count === null ? pool : shuffled(pool, random).slice(0, wanted);
    // Keep the bank's order inside a rule when questions are not shuffled.
    chosen.sort((a, b) => a.id - b.id);
    for (const q of chosen) used.add(q.id);
    picked.push(...chosen);
  }
  const ordered = opts.shuffleQuestions ? shuffled(picked, random) : picked;
  const questions = ordered.map((q) => ({
    ...q,
    options: opts.shuffleOptions && q.type !== 'true_false' ? shuffled(q.options, random) : q.options.slice(),
  }));
  return { questions, shortfalls };
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/** Short answers are compared after this: Unicode NFKC, lower case, trimmed, inner spaces collapsed, outer punctuation dropped. */
export function normaliseShortAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s"'“”‘’.,;:!?()\[\]-]+|[\s"'“”‘’.,;:!?()\[\]-]+$/g, '');
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The share of the points (0–1) an answer earns. */
export function answerFraction(q: DrawnQuestion, answer: Answer | null | undefined): number {
  if (!answer) return 0;
  if (q.type === 'short') {
    if (!('text' in answer) || typeof answer.text !== 'string') return 0;
    const given = normaliseShortAnswer(answer.text);
    if (!given) return 0;
    return q.acceptedAnswers.some((a) => normaliseShortAnswer(a) === given) ? 1 : 0;
  }
  if (!('optionIds' in answer) || !Array.isArray(answer.optionIds)) return 0;
  const known = new Set(q.options.map((o) => o.id));
  const selected = new Set(answer.optionIds.filter((id) => known.has(id)));
  const correct = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
  if (q.type === 'single' || q.type === 'true_false') {
    if (selected.size !== 1) return 0;
    const [only] = selected;
    return correct.has(only!) ? 1 : 0;
  }
  // multiple
  if (correct.size === 0) return selected.size === 0 ? 1 : 0;
  let right = 0;
  let wrong = 0;
  for (const id of selected) {
    if (correct.has(id)) right++;
    else wrong++;
  }
  if (!q.partialCredit) return right === correct.size && wrong === 0 ? 1 : 0;
  // Partial credit: each right option earns 1/|correct|, each wrong one takes as much back, never below 0
  // (ticking every box earns nothing more than leaving the wrong ones out).
  return Math.max(0, (right - wrong) / correct.size);
}

export function scoreQuestion(q: DrawnQuestion, answer: Answer | null | undefined): number {
  const fraction = answerFraction(q, answer);
  if (fraction >= 1) return q.points;
  // Rounded to four decimals, never above the question's points (points may carry more decimals).
  return Math.min(q.points, round4(q.points * fraction));
}

export interface AttemptScore {
  score: number;
  maxScore: number;
  /** 0–100, two decimals. */
  percent: number;
  perQuestion: number[];
}

export function scoreAttempt(items: readonly { question: DrawnQuestion; answer: Answer | null | undefined }[]): AttemptScore {
  const perQuestion = items.map((i) => scoreQuestion(i.question, i.answer));
  const score = round4(perQuestion.reduce((s, n) => s + n, 0));
  const maxScore = round4(items.reduce((s, i) => s + i.question.points, 0));
  // Scores carry four decimals: compute on integers so that a half rounds up exactly (5.6667 of 6 is
  // 94.445 %, which is 94.45 — plain floating point would give 94.44).
  const percent = maxScore > 0 ? Math.round((Math.round(score * 10_000) * 10_000) / Math.round(maxScore * 10_000)) / 100 : 0;
  return { score, maxScore, percent, perQuestion };
}

export const isPass = (percent: number, passMark: number): boolean => percent >= passMark;

/**
 * Checks an answer against the question's shape (not its correctness): the right kind of answer and
 * only the question's own option ids; one option for single choice and true/false. Returns the
 * answer as stored, or null with a reason key.
 */
export function validateAnswer(q: Pick<DrawnQuestion, 'type' | 'options'>, answer: unknown): { ok: true; answer: Answer } | { ok: false; reason: 'wrong_kind' | 'unknown_option' | 'one_option' | 'too_long' } {
  if (!answer || typeof answer !== 'object') return { ok: false, reason: 'wrong_kind' };
  const a = answer as Record<string, unknown>;
  if (q.type === 'short') {
    if (typeof a.text !== 'string') return { ok: false, reason: 'wrong_kind' };
    if (a.text.length > 500) return { ok: false, reason: 'too_long' };
    return { ok: true, answer: { text: a.text } };
  }
  if (!Array.isArray(a.optionIds) || !a.optionIds.every((id) => Number.isInteger(id))) return { ok: false, reason: 'wrong_kind' };
  const ids = [...new Set(a.optionIds as number[])];
  const known = new Set(q.options.map((o) => o.id));
  if (!ids.every((id) => known.has(id))) return { ok: false, reason: 'unknown_option' };
  if ((q.type === 'single' || q.type === 'true_false') && ids.length > 1) return { ok: false, reason: 'one_option' };
  return { ok: true, answer: { optionIds: ids.sort((x, y) => x - y) } };
}

/** A question as it may reach the browser before submission: no key, no feedback. */
export function publicQuestion(q: DrawnQuestion): { id: number; type: QuestionType; text: string; imageFileId: number | null; options: { id: number; text: string }[] } {
  return { id: q.id, type: q.type, text: q.text, imageFileId: q.imageFileId, options: q.type === 'short' ? [] : q.options.map((o) => ({ id: o.id, text: o.text })) };
}

// ---------------------------------------------------------------------------------------------
// Grading, attempts and deadlines.

export interface FinishedAttempt {
  number: number;
  percent: number;
  passed: boolean;
}

/** The quiz's result for the participant under a grading policy (null before any finished attempt). */
export function quizGrade(finished: readonly FinishedAttempt[], policy: GradingPolicy): FinishedAttempt | null {
  if (finished.length === 0) return null;
  if (policy === 'last') return finished.reduce((a, b) => (b.number > a.number ? b : a));
  return finished.reduce((a, b) => (b.percent > a.percent || (b.percent === a.percent && b.number < a.number) ? b : a));
}

/** Attempts allowed: the configured number plus granted extras; null = unlimited (always for remedial). */
export function attemptsAllowed(purpose: QuizPurpose, configured: number | null, extraAttempts: number): number | null {
  if (purpose === 'remedial' || configured === null) return null;
  return configured + Math.max(0, extraAttempts);
}

export type StartRefusal = 'no_attempts_left' | 'already_passed';

/** Whether a new attempt may start (window and lock checks are the caller's). */
export function startRefusal(input: { purpose: QuizPurpose; finished: number; allowed: number | null; passed: boolean }): StartRefusal | null {
  if (input.passed && (input.purpose === 'final' || input.purpose === 'remedial')) return 'already_passed';
  if (input.allowed !== null && input.finished >= input.allowed) return 'no_attempts_left';
  return null;
}

/** The instant a day-clock window closes: the end of the local day `day` (i.e. the next local midnight). */
export function endOfClockDay(day1: string, day: number, zone: IndonesianZone): Date {
  return startOfLocalDay(addDays(day1, day), zone);
}

/**
 * The attempt's deadline, fixed at start: start + time limit (+ granted minutes), but never later
 * than the quiz closes. Null when there is neither a time limit nor a close.
 */
export function attemptDeadline(input: { startedAt: Date; timeLimitMinutes: number | null; extraMinutes: number; closesAt: Date | null }): Date | null {
  const limit = input.timeLimitMinutes !== null ? new Date(input.startedAt.getTime() + (input.timeLimitMinutes + Math.max(0, input.extraMinutes)) * 60_000) : null;
  if (limit && input.closesAt) return limit.getTime() <= input.closesAt.getTime() ? limit : input.closesAt;
  return limit ?? input.closesAt;
}

/** An answer or a submit at `now` is late when now is after the deadline (exactly at the deadline is in time). */
export const isPastDeadline = (deadline: string | Date | null, now: Date): boolean => deadline !== null && now.getTime() > new Date(deadline).getTime();

/** What the quiz activity keeps in activity_progress.data. */
export interface QuizProgressData {
  purpose: QuizPurpose;
  /** Finished attempts. */
  attempts: number;
  gradePercent: number | null;
  passed: boolean;
  /** At least one finished attempt and not passed. */
  failed: boolean;
  /** Final evaluation: passed through its remedial. */
  passedByRemedial?: boolean;
}

/** Whether the quiz activity is complete: pre- and post-tests by finishing an attempt; final evaluation and remedial by passing. */
export function quizCompleted(purpose: QuizPurpose, data: Pick<QuizProgressData, 'attempts' | 'passed'>): boolean {
  if (purpose === 'pre_test' || purpose === 'post_test') return data.attempts > 0;
  return data.passed;
}

export function quizProgress(purpose: QuizPurpose, finished: readonly FinishedAttempt[], policy: GradingPolicy, previous?: Partial<QuizProgressData>): QuizProgressData {
  const grade = quizGrade(finished, policy);
  const passedByRemedial = previous?.passedByRemedial === true;
  // A pass is never taken back (grading "last" after a later, worse attempt keeps the completion), and
  // this holds from the attempts alone, whether or not the earlier progress is at hand.
  const passed = passedByRemedial || previous?.passed === true || finished.some((a) => a.passed);
  return {
    purpose,
    attempts: finished.length,
    gradePercent: grade?.percent ?? null,
    passed,
    failed: finished.length > 0 && !passed,
    ...(passedByRemedial ? { passedByRemedial: true } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Report statistics.

/**
 * Item analysis for one question over finished attempts: the facility index (mean share of the
 * points earned, 0–1) and the discrimination index (upper 27 % minus lower 27 % by total attempt
 * score, each group's mean fraction on this question; −1…1). Null where there are too few attempts.
 */
export function itemAnalysis(rows: readonly { attemptPercent: number; fraction: number }[]): { n: number; facility: number | null; discrimination: number | null } {
  const n = rows.length;
  if (n === 0) return { n, facility: null, discrimination: null };
  const facility = round4(rows.reduce((s, r) => s + r.fraction, 0) / n);
  if (n < 4) return { n, facility, discrimination: null };
  const sorted = rows.slice().sort((a, b) => a.attemptPercent - b.attemptPercent);
  const k = Math.max(1, Math.round(n * 0.27));
  const mean = (xs: readonly { fraction: number }[]) => xs.reduce((s, r) => s + r.fraction, 0) / xs.length;
  const discrimination = round4(mean(sorted.slice(n - k)) - mean(sorted.slice(0, k)));
  return { n, facility, discrimination };
}

/** Pre-test vs post-test for a group: mean of each over those who have both, and the mean gain. */
export function prePostGain(pairs: readonly { pre: number; post: number }[]): { n: number; pre: number | null; post: number | null; gain: number | null } {
  const n = pairs.length;
  if (n === 0) return { n, pre: null, post: null, gain: null };
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const pre = pairs.reduce((s, p) => s + p.pre, 0) / n;
  const post = pairs.reduce((s, p) => s + p.post, 0) / n;
  return { n, pre: r2(pre), post: r2(post), gain: r2(post - pre) };
}
