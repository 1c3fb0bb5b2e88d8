// Evaluation reports, JSON: the same numbers as the pages and exports, scoped like the Jurnal review.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as reports from '../../../services/quiz-reports.js';
import { requirePrincipal } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { activityParams, evaluationResponse, filterQuery, gainResponse, itemAnalysisResponse, programmeParams, resultsQuery, resultsResponse, toApiQuiz } from './schema.js';

const SCOPE = 'Scope: platform admin all; agency admin / unit operator their unit subtree; facilitator their cohorts; participants 403; a cohort or unit outside the scope 404.';

export async function quizReportsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const errs = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

  r.get(
    '/api/v1/programmes/:id/evaluation',
    { schema: { tags, summary: 'The quizzes of a programme with participants, attempted, passed and mean grade per cohort', description: SCOPE, params: programmeParams, querystring: filterQuery, response: { 200: evaluationResponse, ...errs } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const res = await reports.evaluationOverview(ctx, principal, req.params.id, req.query);
      return { programme: res.programme, quizzes: res.quizzes.map((q) => ({ ...toApiQuiz(q), stage: q.stage, cohorts: q.cohorts })) };
    },
  );

  r.get(
    '/api/v1/activities/:activityId/results',
    {
      schema: {
        tags,
        summary: 'Results of a quiz: summary (participants, attempted, passed, failed, not attempted, mean and median grade) and one page of participants',
        description: `${SCOPE} The grade follows the quiz’s grading policy (highest or last finished attempt); a pass is never taken back. nextCursor is an offset.`,
        params: activityParams,
        querystring: resultsQuery,
        response: { 200: resultsResponse, ...errs },
      },
    },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const q = req.query;
      const res = await reports.quizResults(ctx, principal, req.params.activityId, { cohortId: q.cohortId, unitId: q.unitId, status: q.status, sort: q.sort, dir: q.dir, offset: q.cursor ?? 0, limit: q.limit });
      return {
        quiz: toApiQuiz(res.quiz),
        programme: res.programme,
        cohort: res.cohort,
        unit: res.unit,
        summary: res.summary,
        items: res.items.map((i) => ({
          enrolmentId: i.enrolmentId,
          participant: { id: i.userId, name: i.name, nip: i.nip, unit: i.unit, unitCode: i.unitCode },
          cohort: { id: i.cohortId, title: i.cohortTitle },
          attempts: i.attempts,
          gradePercent: i.gradePercent,
          passed: i.passed,
          status: i.status,
          passedByRemedial: i.passedByRemedial,
          inProgress: i.inProgress,
          lastAttemptAt: i.lastAttemptAt,
        })),
        nextCursor: res.nextCursor,
      };
    },
  );

  r.get(
    '/api/v1/activities/:activityId/item-analysis',
    {
      schema: {
        tags,
        summary: 'Item analysis of a quiz: per question n, facility index and discrimination index over finished attempts, with flags',
        description: `${SCOPE} Fraction per answer = score / points of the question as drawn.`,
        params: activityParams,
        querystring: filterQuery,
        response: { 200: itemAnalysisResponse, ...errs },
      },
    },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const res = await reports.itemAnalysisReport(ctx, principal, req.params.activityId, req.query);
      return { ...res, quiz: toApiQuiz(res.quiz) };
    },
  );

  r.get(
    '/api/v1/programmes/:id/evaluation-gain',
    {
      schema: {
        tags,
        summary: 'Pre-test vs post-test gain per unit: participants with both, mean pre, mean post, mean gain',
        description: `${SCOPE} Post = the post-test, or the final evaluation when the programme has none; grades per each quiz’s grading policy.`,
        params: programmeParams,
        querystring: filterQuery,
        response: { 200: gainResponse, ...errs },
      },
    },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const res = await reports.gainReport(ctx, principal, req.params.id, req.query);
      const { groups, ...rest } = res;
      return { ...rest, items: groups };
    },
  );
}
