// An operator extends one participant's personal window, with a reason (audited): API and page.
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
  const render = async (req: FastifyRequest, w: Window, extra: { values?: { days?: string; reason?: string }; errors?: Record<string, string[]>; notice?: string | null } = {}) =>
    renderPage(
      EnrolmentWindowPage({
        v: await viewContext(ctx, req),
        ...extra,
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
    const notice = (req.query as Record<string, unknown>).notice === 'extended' ? req.t('enrolment.extend.done') : null;
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
}
