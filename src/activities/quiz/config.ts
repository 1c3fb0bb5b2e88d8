// The quiz activity's configuration (validated on authoring, import and use).
import { z } from 'zod';

export const QUIZ_PURPOSES = ['pre_test', 'post_test', 'final', 'remedial'] as const;

export const drawRuleSchema = z.object({
  /** A category of the programme's question bank, by name. */
  category: z.string().trim().min(1).max(120),
  /** How many questions to draw at random; null = every active question of the category. */
  count: z.number().int().min(1).max(200).nullable().default(null),
});

export const reviewPolicySchema = z.object({
  /** The participant's own answers. */
  responses: z.boolean().default(true),
  /** Whether each answer was right. */
  correctness: z.boolean().default(true),
  /** The right answers. */
  correctAnswers: z.boolean().default(false),
  /** The explanation written with the question. */
  feedback: z.boolean().default(false),
});

export const quizConfig = z.object({
  purpose: z.enum(QUIZ_PURPOSES).default('post_test'),
  instructions: z.string().max(50_000).default(''),
  draw: z.array(drawRuleSchema).min(1).max(50),
  shuffleQuestions: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
  /** Minutes; null = no time limit. */
  timeLimitMinutes: z.number().int().min(1).max(24 * 60).nullable().default(null),
  /** Attempts allowed; null = unlimited. A remedial quiz is always unlimited. */
  attempts: z.number().int().min(1).max(100).nullable().default(1),
  /** Percent needed to pass (0–100). */
  passMark: z.number().min(0).max(100).default(70),
  grading: z.enum(['highest', 'last']).default('highest'),
  review: reviewPolicySchema.default({ responses: true, correctness: true, correctAnswers: false, feedback: false }),
  /** Absolute close (ISO 8601 instant); the opening date and the day-clock window are the activity's own fields. */
  closesAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Remedial: the final evaluation it stands in for (null = the programme's final evaluation before it). */
  evaluationActivityId: z.number().int().positive().nullable().default(null),
  /** Questions per page in the no-JavaScript form. */
  questionsPerPage: z.number().int().min(1).max(50).default(5),
});
export type QuizConfig = z.infer<typeof quizConfig>;
