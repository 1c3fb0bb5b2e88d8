// The quiz attempts API (contract: docs/design-evaluation.md, issue 4 part 5): start or resume,
// read, autosave one answer, submit, review, and operators' grants of extra attempts or time.
// Nothing here tells right from wrong before an attempt is finished: questions go out through
// `publicQuestion` and the response schemas below (unknown keys are dropped on the way out).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../services/context.js';
import { ownEnrolment, zoneOfEnrolment } from '../../../services/learning.js';
import { attemptReview, getAttempt, grantQuizExtras, saveAnswer, startAttempt, submitAttempt, type AttemptResult, type AttemptView, type PublicQuestion } from '../../../services/quiz-attempts.js';
import { describeReason } from '../../../views/reasons.js';
import { principalActor, requireAuth } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { activityParams } from '../learning/schema.js';

const id = () => z.coerce.number().int().positive().max(2_147_483_647);
const attemptParams = z.object({ attemptId: id() });
const answerParams = z.object({ attemptId: id(), questionId: id() });

const answerSchema = z.union([
  z.object({ optionIds: z.array(z.number().int()).max(50).describe('Chosen option ids (single choice and true/false: one; multiple choice: any number; [] clears)') }),
  z.object({ text: z.string().max(500).describe('Short answer') }),
]);

const questionSchema = z.object({
  id: z.number().int(),
  type: z.enum(['single', 'multiple', 'true_false', 'short']),
  text: z.string().describe('Markdown'),
  imageUrl: z.string().optional().describe('The question\'s image, when it has one'),
  options: z.array(z.object({ id: z.number().int(), text: z.string() })).describe('In this attempt\'s order; [] for a short answer'),
});

const resultSchema = z.object({
  attemptId: z.number().int(),
  status: z.enum(['submitted', 'expired']),
  score: z.number().describe('Points earned'),
  maxScore: z.number(),
  percent: z.number().describe('0–100, two decimals'),
  passed: z.boolean(),
  finishedAt: z.string(),
  finishedBy: z.enum(['participant', 'deadline']),
});

const attemptSchema = z.object({
  attemptId: z.number().int(),
  enrolmentId: z.number().int(),
  activityId: z.number().int(),
  number: z.number().int().describe('1, 2, … per participant and quiz'),
  status: z.enum(['open', 'submitted', 'expired']),
  startedAt: z.string(),
  deadline: z.string().nullable().describe('ISO 8601 UTC, fixed at start (the server is the authority); null without a time limit or close'),
  questions: z.array(questionSchema),
  answers: z.record(z.string(), answerSchema).describe('Answers saved so far, by question id'),
});

const attemptWithResult = attemptSchema.extend({ result: resultSchema.nullable().describe('Once finished') });

const reviewItem = z.object({
  position: z.number().int(),
  question: questionSchema,
  points: z.number(),
  response: answerSchema.nullable().optional().describe('Review policy "responses"'),
  score: z.number().optional().describe('Review policy "correctness"'),
  outcome: z.enum(['correct', 'partial', 'incorrect']).optional().describe('Review policy "correctness"'),
  correctAnswer: z.union([z.object({ optionIds: z.array(z.number().int()) }), z.object({ acceptedAnswers: z.array(z.string()) })]).optional().describe('Review policy "correctAnswers"'),
  feedback: z.string().nullable().optional().describe('Review policy "feedback"'),
});

const reviewSchema = z.object({
  result: resultSchema,
  review: z.object({ responses: z.boolean(), correctness: z.boolean(), correctAnswers: z.boolean(), feedback: z.boolean() }),
  items: z.array(reviewItem),
});

const grantBody = z.object({
  extraAttempts: z.number().int().min(0).max(100).default(0),
  extraMinutes: z.number().int().min(0).max(1440).default(0),
  reason: z.string().trim().min(5).max(500),
});

const grantResponse = z.object({
  id: z.number().int(),
  enrolmentId: z.number().int(),
  activityId: z.number().int(),
  extraAttempts: z.number().int(),
  extraMinutes: z.number().int(),
  reason: z.string(),
  grantedBy: z.number().int().nullable(),
  createdAt: z.string(),
  totals: z.object({ extraAttempts: z.number().int(), extraMinutes: z.number().int() }).describe('Every grant of this participant and quiz, summed'),
  extraMinutesApplyTo: z.literal('attempts_started_after_grant').describe('An attempt already open keeps the deadline fixed at its start'),
});

export const questionImageUrl = (questionId: number) => `/media/questions/${questionId}/image`;

function apiQuestion(q: PublicQuestion) {
  return { id: q.id, type: q.type, text: q.text, ...(q.imageFileId !== null ? { imageUrl: questionImageUrl(q.id) } : {}), options: q.options.map((o) => ({ id: o.id, text: o.text })) };
}

function apiAttempt(a: AttemptView) {
  return {
    attemptId: a.attemptId,
    enrolmentId: a.enrolmentId,
    activityId: a.activityId,
    number: a.number,
    status: a.status,
    startedAt: a.startedAt,
    deadline: a.deadline,
    questions: a.questions.map(apiQuestion),
    answers: a.answers,
  };
}

const apiResult = (r: AttemptResult) => ({ ...r });
const ipOf = (req: FastifyRequest) => req.ip ?? null;

export async function attemptsApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quiz attempts'];

  r.post(
    '/api/v1/enrolments/:id/activities/:activityId/attempts',
    {
      schema: {
        tags,
        summary: 'Start an attempt at a quiz (201), or resume the open one (200, with the answers saved so far)',
        description:
          'Questions are drawn and shuffled per attempt; the deadline is fixed now (time limit + granted minutes, never after the quiz closes). No correctness is ever included. 409 codes: activity_locked (with the reason), closed, no_attempts_left, already_passed, quiz_misconfigured, enrolment_withdrawn.',
        params: activityParams,
        response: { 200: attemptSchema, 201: attemptSchema, 401: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      const enrolment = await ownEnrolment(ctx, a.userId, req.params.id);
      const zone = zoneOfEnrolment(enrolment);
      const res = await startAttempt(ctx, {
        userId: a.userId,
        enrolmentId: req.params.id,
        activityId: req.params.activityId,
        ip: ipOf(req),
        enrolment,
        describeLock: (reason) => describeReason(reason, req.t, req.locale, zone),
      });
      return reply.code(res.created ? 201 : 200).send(apiAttempt(res.attempt));
    },
  );

  r.get(
    '/api/v1/attempts/:attemptId',
    {
      schema: {
        tags,
        summary: 'My attempt: questions, answers saved so far, deadline, status and, once finished, the result (an open attempt past its deadline is finalised first)',
        params: attemptParams,
        response: { 200: attemptWithResult, 401: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const view = await getAttempt(ctx, { userId: a.userId, attemptId: req.params.attemptId, ip: ipOf(req) });
      return { ...apiAttempt(view), result: view.result ? apiResult(view.result) : null };
    },
  );

  r.put(
    '/api/v1/attempts/:attemptId/answers/:questionId',
    {
      schema: {
        tags,
        summary: 'Save one answer (autosave; idempotent): {"optionIds":[…]} or {"text":"…"}',
        description: 'An answer exactly at the deadline is in time. 409 deadline_passed after the deadline (the attempt is then finalised with the answers saved so far); 409 attempt_closed after submit; 400 validation_failed for an answer of the wrong shape or an option not in the question.',
        params: answerParams,
        body: answerSchema,
        response: { 200: z.object({ questionId: z.number().int(), savedAt: z.string() }), 400: errorResponse, 401: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const res = await saveAnswer(ctx, { userId: a.userId, attemptId: req.params.attemptId, questionId: req.params.questionId, answer: req.body, ip: ipOf(req) });
      return { questionId: res.questionId, savedAt: res.answeredAt };
    },
  );

  r.post(
    '/api/v1/attempts/:attemptId/submit',
    {
      schema: {
        tags,
        summary: 'Submit the attempt and get its result (points); submitting again, or after it was finalised at its deadline, returns the same result',
        params: attemptParams,
        response: { 200: resultSchema, 401: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      return apiResult(await submitAttempt(ctx, { userId: a.userId, attemptId: req.params.attemptId, ip: ipOf(req) }));
    },
  );

  r.get(
    '/api/v1/attempts/:attemptId/review',
    {
      schema: {
        tags,
        summary: 'The review of a finished attempt, as far as the quiz\'s review policy allows (409 attempt_open before it is finished)',
        params: attemptParams,
        response: { 200: reviewSchema, 401: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const res = await attemptReview(ctx, { userId: a.userId, attemptId: req.params.attemptId, ip: ipOf(req) });
      return { result: apiResult(res.result), review: res.review, items: res.items.map((i) => ({ ...i, question: apiQuestion(i.question) })) };
    },
  );

  r.post(
    '/api/v1/enrolments/:id/activities/:activityId/grants',
    {
      schema: {
        tags,
        summary: 'Grant one participant extra attempts and/or extra minutes for a quiz, with a reason (audited); extra minutes apply to attempts started after the grant',
        description: 'Platform admins; agency admins and unit operators for participants in their unit subtrees; facilitators for their cohorts. Outside that scope: 404.',
        params: activityParams,
        body: grantBody,
        response: { 201: grantResponse, 400: errorResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const actor = await principalActor(ctx, req);
      const body = req.body; // read by the service after its scope check
      const res = await grantQuizExtras(ctx, actor, {
        enrolmentId: req.params.id,
        activityId: req.params.activityId,
        get extraAttempts() { return body.extraAttempts; },
        get extraMinutes() { return body.extraMinutes; },
        get reason() { return body.reason; },
      });
      const g = res.grant;
      return reply.code(201).send({
        id: g.id,
        enrolmentId: g.enrolment_id,
        activityId: g.activity_id,
        extraAttempts: g.extra_attempts,
        extraMinutes: g.extra_minutes,
        reason: g.reason,
        grantedBy: g.granted_by,
        createdAt: g.created_at,
        totals: res.totals,
        extraMinutesApplyTo: 'attempts_started_after_grant' as const,
      });
    },
  );
}
