import { z } from 'zod';
import { QUIZ_PURPOSES } from '../../../activities/quiz/config.js';
import { RESULT_SORTS, STATUS_FILTERS, type QuizInfo } from '../../../services/quiz-reports.js';

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const programmeParams = z.object({ id });
export const activityParams = z.object({ activityId: id });

export const filterQuery = z.object({
  cohortId: id.optional().describe('Only this cohort of the programme (404 outside the caller’s scope)'),
  unitId: id.optional().describe('Only participants of this unit and the units below it (404 outside the caller’s scope)'),
});

export const resultsQuery = filterQuery.extend({
  status: z.enum(STATUS_FILTERS).optional().describe('passed, failed (attempted, not passed), not_attempted (no finished attempt), attempted'),
  sort: z.enum(RESULT_SORTS).default('name').describe('Sort column (empty values last)'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.coerce.number().int().min(0).max(100_000_000).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const apiQuiz = z.object({
  id: z.number().int(),
  title: z.string(),
  programmeId: z.number().int(),
  purpose: z.enum(QUIZ_PURPOSES),
  grading: z.enum(['highest', 'last']).describe('Which finished attempt counts: the highest or the last'),
  passMark: z.number(),
});
export const toApiQuiz = (q: QuizInfo) => ({ id: q.id, title: q.title, programmeId: q.programmeId, purpose: q.purpose, grading: q.grading, passMark: q.passMark });

const programme = z.object({ id: z.number().int(), code: z.string(), title: z.string() });
const ref = z.object({ id: z.number().int(), title: z.string() }).nullable();
const unitRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable();

export const evaluationResponse = z.object({
  programme,
  quizzes: z.array(
    apiQuiz.extend({
      stage: z.string(),
      cohorts: z.array(z.object({ cohortId: z.number().int(), cohortTitle: z.string(), participants: z.number().int(), attempted: z.number().int(), passed: z.number().int(), meanPercent: z.number().nullable() })),
    }),
  ),
});

export const resultsResponse = z.object({
  quiz: apiQuiz,
  programme,
  cohort: ref,
  unit: unitRef,
  summary: z.object({
    participants: z.number().int().describe('Active participants in scope (and filters)'),
    attempted: z.number().int().describe('With at least one finished attempt'),
    passed: z.number().int(),
    failed: z.number().int(),
    notAttempted: z.number().int(),
    meanPercent: z.number().nullable().describe('Mean grade (percent, grading policy) of those who attempted'),
    medianPercent: z.number().nullable(),
    matching: z.number().int().describe('Participants matching the status filter'),
  }),
  items: z.array(
    z.object({
      enrolmentId: z.number().int(),
      participant: z.object({ id: z.number().int(), name: z.string(), nip: z.string().nullable(), unit: z.string().nullable(), unitCode: z.string().nullable() }),
      cohort: z.object({ id: z.number().int(), title: z.string() }),
      attempts: z.number().int().describe('Finished attempts'),
      gradePercent: z.number().nullable().describe('Grade under the quiz’s grading policy; null without a finished attempt'),
      passed: z.boolean(),
      status: z.enum(['passed', 'failed', 'not_attempted']),
      passedByRemedial: z.boolean().describe('Final evaluation passed through its remedial'),
      inProgress: z.boolean().describe('An attempt is open'),
      lastAttemptAt: z.string().nullable().describe('When the last finished attempt ended (ISO 8601 UTC)'),
    }),
  ),
  nextCursor: z.number().int().nullable(),
});

export const itemAnalysisResponse = z.object({
  quiz: apiQuiz,
  programme,
  cohort: ref,
  unit: unitRef,
  attempts: z.number().int().describe('Finished attempts analysed'),
  items: z.array(
    z.object({
      questionId: z.number().int(),
      code: z.string(),
      excerpt: z.string(),
      category: z.string(),
      type: z.string(),
      n: z.number().int().describe('Finished attempts that drew the question'),
      facility: z.number().nullable().describe('Mean share of the points earned (0–1)'),
      discrimination: z.number().nullable().describe('Upper 27 % minus lower 27 % (by attempt score) mean share; null below 4 attempts'),
      flags: z.array(z.enum(['too_hard', 'too_easy', 'low_discrimination'])).describe('facility < 0.2, facility > 0.9, discrimination < 0.2'),
    }),
  ),
});

const stat = { n: z.number().int(), pre: z.number().nullable(), post: z.number().nullable(), gain: z.number().nullable() };
export const gainResponse = z.object({
  programme,
  cohort: ref,
  unit: unitRef,
  pre: z.object({ id: z.number().int(), title: z.string() }).nullable().describe('The pre-test'),
  post: z.object({ id: z.number().int(), title: z.string(), purpose: z.enum(QUIZ_PURPOSES) }).nullable().describe('The post-test, or the final evaluation when there is none'),
  anchor: unitRef.describe('Groups are the units one level below this one (the unit filter, else the deepest unit common to every counted participant)'),
  items: z.array(z.object({ unitId: z.number().int().nullable(), unitCode: z.string().nullable(), unitName: z.string().nullable(), direct: z.boolean().describe('Participants of the anchor unit itself'), drillable: z.boolean(), ...stat })),
  total: z.object(stat),
});
