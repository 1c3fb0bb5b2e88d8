// The quiz kind's pure progress and lock rules (no rendering): shared by the kind (index.tsx) and the
// attempts service, which records the system events.
import { z } from 'zod';
import { quizCompleted, quizProgress, type FinishedAttempt, type QuizProgressData } from '../../domain/quiz.js';
import type { LockReason } from '../../domain/progression.js';
import type { EarlierActivity, ProgressData, ProgressEventInput, ProgressResult } from '../types.js';
import { quizConfig, type QuizConfig } from './config.js';

/** Clients may only say the quiz was opened; results are recorded by the attempts service. */
export const quizClientEvent = z.object({
  eventId: z.string().min(8).max(64),
  type: z.enum(['opened']),
});

/** The event id of an attempt's result (deterministic: recorded once even when finishing is retried). */
export const finishedEventId = (attemptId: number) => `quiz-finished-${attemptId}`;
export const remedialEventId = (attemptId: number) => `quiz-remedial-${attemptId}`;

export function applyQuizEvent(previous: ProgressData, event: ProgressEventInput, config: QuizConfig): ProgressResult {
  const prev = previous as Partial<QuizProgressData>;
  let data: QuizProgressData;
  if (event.type === 'attempt_finished' && Array.isArray(event.finished)) {
    data = quizProgress(config.purpose, event.finished as FinishedAttempt[], config.grading, prev);
  } else if (event.type === 'passed_by_remedial') {
    data = { purpose: config.purpose, attempts: prev.attempts ?? 0, gradePercent: prev.gradePercent ?? null, passed: true, failed: false, passedByRemedial: true };
  } else {
    data = { purpose: config.purpose, attempts: prev.attempts ?? 0, gradePercent: prev.gradePercent ?? null, passed: prev.passed === true, failed: prev.failed === true, ...(prev.passedByRemedial ? { passedByRemedial: true } : {}) };
  }
  const completed = quizCompleted(config.purpose, data);
  return { data: { ...data }, percent: completed ? 100 : data.attempts > 0 ? 50 : 0, completed };
}

/** The final evaluation a remedial quiz stands in for: the configured one, else the nearest earlier final evaluation. */
export function evaluationOf(config: QuizConfig, earlier: readonly EarlierActivity[]): EarlierActivity | null {
  if (config.evaluationActivityId !== null) return earlier.find((e) => e.id === config.evaluationActivityId) ?? null;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const e = earlier[i]!;
    if (e.kind !== 'quiz') continue;
    const c = quizConfig.safeParse(e.config);
    if (c.success && c.data.purpose === 'final') return e;
  }
  return null;
}

/**
 * Remedial opens only for those who failed the final evaluation (the day window is the activity's own).
 * Without a final evaluation to stand in for (none before it, or the configured one is not an earlier
 * activity) nobody can have failed it, so the remedial stays locked rather than open to everyone.
 */
export function remedialLock(config: QuizConfig, earlier: readonly EarlierActivity[]): LockReason | null {
  if (config.purpose !== 'remedial') return null;
  const evaluation = evaluationOf(config, earlier);
  if (!evaluation) return { code: 'kind', key: 'quiz.lock.remedialNoEvaluation' };
  const data = evaluation.data() as Partial<QuizProgressData>;
  if (data.passed === true || evaluation.completed) return { code: 'kind', key: 'quiz.lock.remedialNotNeeded' };
  if (data.failed !== true) return { code: 'kind', key: 'quiz.lock.remedialAfterFail', params: { evaluation: evaluation.title } };
  return null;
}
