// An operator extends one participant's personal window, with a reason (audited): API and page.
// The same page grants one participant extra attempts or minutes for one quiz (grantQuizExtras, audited).
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { enrolmentWindow, extendWindow, MAX_EXTENSION_DAYS } from '../../../services/enrolments.js';
import { AppError } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { EnrolmentWindowPage } from '../../../views/pages/admin/enrolment.js';
import { errorResponse } from '../auth/schema.js';
import { adminActor, adminPageActor, html, positiveInt } from '../users/access.js';
import { errors } from '../../errors.js';
import { grantQuizExtras } from '../../../services/quiz-attempts.js';
import { orderActivities } from '../../../services/authoring.js';
import { QuizGrantsSection, type QuizGrantsData } from '../../../activities/quiz/views.js';
import type { ViewContext } from '../../../views/context.js';

const windowResponse = z.object({
  enrolmentId: z.number().int(),
  day: z.number().int().nullable(),
  windowEndsOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  extensionDays: z.number().int(),
});

type Window = Awaited<ReturnType<typeof enrolmentWindow>>;
const toApi = (w: Window) => ({ enrolmentId: w.enrolment.id, day: w.day, windowEndsOn: w.windowEndsOn, daysLeft: w.daysLeft, extensionDays: w.enrolment.extension_days });

export async function enrolmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

  r.post(
    '/api/v1/enrolments/:id/window-extensions',
    {
      schema: {
        tags: ['learning'],
        summary: "Extend one participant's personal window by some days, with a reason (operators within their scope; audited)",
        params,
        body: z.object({ days: z.number().int().min(1).max(MAX_EXTENSION_DAYS), reason: z.string().trim().min(1).max(500) }),
        response: { 200: windowResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return toApi(await extendWindow(ctx, actor, req.params.id, req.body));
    },
  );

  const idOf = (req: FastifyRequest) => {
    const id = positiveInt((req.params as Record<string, unknown>).id);
    if (id === null) throw errors.notFound();
    return id;
  };
  /** The quizzes of the enrolment's programme (in programme order) with the grants made so far. */
  const quizGrants = async (w: Window): Promise<QuizGrantsData> => {
    const programmeId = w.enrolment.programme_id;
    const [stages, activities] = await Promise.all([ctx.repos.authoring.stagesOf(programmeId), ctx.repos.authoring.activitiesOf(programmeId)]);
    const quizzes = orderActivities(stages, activities).filter((a) => a.kind === 'quiz');
    const perQuiz = await Promise.all(quizzes.map((q) => ctx.repos.attempts.grantsOf(w.enrolment.id, q.id)));
    const byIds = [...new Set(perQuiz.flat().map((g) => g.granted_by).filter((id): id is number => id !== null))];
    const names = new Map((await Promise.all(byIds.map((id) => ctx.repos.users.findById(id)))).filter((u) => !!u).map((u) => [u!.id, u!.name]));
    return {
      enrolmentId: w.enrolment.id,
      quizzes: quizzes.map((q, i) => ({
        id: q.id,
        title: q.title,
        extraAttempts: perQuiz[i]!.reduce((s, g) => s + g.extra_attempts, 0),
        extraMinutes: perQuiz[i]!.reduce((s, g) => s + g.extra_minutes, 0),
      })),
      grants: quizzes
        .flatMap((q, i) =>
          perQuiz[i]!.map((g) => ({ id: g.id, activityTitle: q.title, extraAttempts: g.extra_attempts, extraMinutes: g.extra_minutes, reason: g.reason, grantedBy: g.granted_by === null ? null : (names.get(g.granted_by) ?? null), createdAt: g.created_at })),
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id),
    };
  };
  type GrantForm = { values?: { activityId?: string; extraAttempts?: string; extraMinutes?: string; reason?: string }; errors?: Record<string, string[]>; error?: string | null };
  const render = async (
    req: FastifyRequest,
    w: Window,
    extra: { values?: { days?: string; reason?: string }; errors?: Record<string, string[]>; notice?: string | null } = {},
    grantForm: GrantForm = {},
  ) => {
    const v = await viewContext(ctx, req);
    return renderWindow(v, w, extra, QuizGrantsSection({ v, d: await quizGrants(w), ...grantForm }));
  };
  const renderWindow = (v: ViewContext, w: Window, extra: { values?: { days?: string; reason?: string }; errors?: Record<string, string[]>; notice?: string | null }, children?: Child) =>
    renderPage(
      EnrolmentWindowPage({
        v,
        ...extra,
        children,
        data: {
          id: w.enrolment.id,
          userId: w.enrolment.user_id,
          participant: w.enrolment.user_name,
          programme: w.enrolment.programme_title,
          cohort: w.enrolment.cohort_title,
          day: w.day,
          windowEndsOn: w.windowEndsOn,
          daysLeft: w.daysLeft,
          extensionDays: w.enrolment.extension_days,
          progress: w.progress,
          zone: w.zone,
        },
      }),
    );

  app.get('/admin/enrolments/:id', { schema: { hide: true } }, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const w = await enrolmentWindow(ctx, actor.principal, idOf(req));
    const q = (req.query as Record<string, unknown>).notice;
    const notice = q === 'extended' ? req.t('enrolment.extend.done') : q === 'granted' ? req.t('quiz.grant.done') : null;
    return html(reply, await render(req, w, { notice }));
  });

  app.post('/admin/enrolments/:id/extend', { schema: { hide: true } }, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = idOf(req);
    const values = { days: formString(req, 'days', 10), reason: formString(req, 'reason', 500) };
    try {
      await extendWindow(ctx, actor, id, { days: /^\d{1,3}$/.test(values.days) ? Number(values.days) : Number.NaN, reason: values.reason });
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      return html(reply, await render(req, await enrolmentWindow(ctx, actor.principal, id), { values, errors: fieldMessages(req, err) }), 400);
    }
    return seeOther(reply, `/admin/enrolments/${id}?notice=extended`);
  });

  app.post('/admin/enrolments/:id/quiz-grants', { schema: { hide: true } }, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = idOf(req);
    const w = await enrolmentWindow(ctx, actor.principal, id);
    const values = { activityId: formString(req, 'activityId', 12), extraAttempts: formString(req, 'extraAttempts', 10).trim(), extraMinutes: formString(req, 'extraMinutes', 10).trim(), reason: formString(req, 'reason', 500) };
    const count = (s: string) => (s === '' ? 0 : /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN);
    const activityId = positiveInt(values.activityId);
    try {
      if (activityId === null) throw errors.validation({ activityId: [{ key: 'error.field.required' }] });
      await grantQuizExtras(ctx, actor, { enrolmentId: id, activityId, extraAttempts: count(values.extraAttempts), extraMinutes: count(values.extraMinutes), reason: values.reason });
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 404)) throw err;
      // 404: a quiz outside this programme (or a stale form): shown on the page like any other mistake.
      const problem = err.status === 404 ? { activityId: [req.t('error.field.invalid')] } : fieldMessages(req, err);
      return html(reply, await render(req, w, {}, { values, errors: problem, error: req.t(err.status === 404 ? 'error.validation_failed' : err.messageKey, err.options.params) }), 400);
    }
    return seeOther(reply, `/admin/enrolments/${id}?notice=granted#quiz-grants`);
  });
}
