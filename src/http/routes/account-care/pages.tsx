// Account care pages (/admin/users/:id/care and its forms, withdraw/re-admit an enrolment) and the
// operators' queue of profile corrections (/admin/corrections). Forms work without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as care from '../../../services/account-care.js';
import * as profile from '../../../services/profile.js';
import { unitsInScope } from '../../../services/org.js';
import type { Principal } from '../../../domain/authorization.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import type { MessageKey } from '../../../i18n/index.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import type { UnitOption } from '../../../views/pages/admin/users.js';
import { adminPageActor, html, positiveInt, queryString } from '../users/access.js';
import { ActivationCodePage, CARE_NOTICES, CarePage, CorrectionsPage, type CareForm } from './views.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;
type PageActor = NonNullable<Awaited<ReturnType<typeof adminPageActor>>>;

const nipText = (nip: string | null) => (nip ? formatEmployeeNumber(nip) : null);
const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return CARE_NOTICES.includes(key) ? req.t(key) : null;
};
function idOf(req: FastifyRequest, name = 'id'): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}
async function unitOptions(ctx: AppContext, principal: Principal): Promise<UnitOption[]> {
  const units = await unitsInScope(ctx, principal);
  const top = units.length ? Math.min(...units.map((u) => u.depth)) : 0;
  return units.map((u) => ({ code: u.code, name: u.name, depth: u.depth - top }));
}
/** Client mistakes re-render the page with the messages; anything else (404 outside the scope…) goes to the error page. */
const isFormError = (err: unknown): err is AppError => err instanceof AppError && [400, 403, 409].includes(err.status);

export async function accountCarePageRoutes(app: FastifyInstance, ctx: AppContext) {
  const renderCare = async (req: FastifyRequest, reply: FastifyReply, actor: PageActor, userId: number, extra: { error?: string | null; failed?: CareForm; status?: number } = {}) => {
    const [o, v, units] = await Promise.all([care.careOverview(ctx, actor.principal, userId), viewContext(ctx, req), unitOptions(ctx, actor.principal)]);
    const u = o.user;
    const page = CarePage({
      v,
      units,
      notice: noticeOf(req),
      error: extra.error,
      failed: extra.failed,
      data: {
        id: u.id,
        name: u.name,
        login: u.login,
        nip: nipText(u.nip),
        unit: u.unit_name,
        unitCode: u.unit_code,
        lock: o.lock,
        nips: o.nips.map((n) => ({ nip: formatEmployeeNumber(n.nip), validFrom: n.valid_from, validTo: n.valid_to, reason: n.reason })),
        enrolments: o.enrolments.map((e) => ({
          id: e.id,
          programme: e.programme_title,
          cohort: e.cohort_title,
          status: e.status,
          progress: e.progress,
          withdrawnAt: e.withdrawn_at,
          withdrawnReason: e.withdrawn_reason,
          overrideReason: e.override_reason,
        })),
        cohorts: o.cohorts.map((c) => ({ id: c.id, label: `${c.programme_title} — ${c.title}` })),
        mayOverride: o.mayOverride,
      },
    });
    return html(reply, renderPage(page), extra.status ?? 200);
  };

  /** Runs a care form: success → back to the care page with a notice; a client mistake → the page with the messages. */
  const careForm = (form: string, fields: string[], run: (ctx: AppContext, actor: PageActor, userId: number, values: Record<string, string>) => Promise<unknown>, notice: MessageKey) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const userId = idOf(req);
      const values = Object.fromEntries(fields.map((f) => [f, formString(req, f, 500)]));
      try {
        await run(ctx, actor, userId, values);
      } catch (err) {
        if (!isFormError(err)) throw err;
        return renderCare(req, reply, actor, userId, { error: req.t(err.messageKey, err.options.params), failed: { form, errors: fieldMessages(req, err), values }, status: err.status });
      }
      return seeOther(reply, `/admin/users/${userId}/care?notice=${notice}`);
    };

  app.get('/admin/users/:id/care', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return renderCare(req, reply, actor, idOf(req));
  });

  app.post('/admin/users/:id/care/unlock', hidden, careForm('unlock', ['reason'], (c, a, id, v) => care.unlockAccount(c, a, id, { reason: v.reason }), 'care.lock.done'));
  app.post('/admin/users/:id/care/move', hidden, careForm('move', ['unitCode', 'reason'], (c, a, id, v) => care.moveUser(c, a, id, { unitCode: v.unitCode!, reason: v.reason! }), 'care.move.done'));
  app.post('/admin/users/:id/care/nip', hidden, careForm('nip', ['nip', 'reason'], (c, a, id, v) => care.changeNip(c, a, id, { nip: v.nip!, reason: v.reason! }), 'care.nip.done'));
  app.post(
    '/admin/users/:id/care/enrol',
    hidden,
    careForm('enrol', ['cohortId', 'overrideReason'], (c, a, id, v) => care.enrolUser(c, a, id, { cohortId: positiveInt(v.cohortId) ?? 0, overrideReason: v.overrideReason || null }), 'care.enrol.done'),
  );

  app.post('/admin/users/:id/care/activation-code', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const userId = idOf(req);
    try {
      const slip = await care.reissueActivationCode(ctx, actor, userId);
      const v = await viewContext(ctx, req);
      return html(reply, renderPage(ActivationCodePage({ v, user: { id: userId, name: slip.name, nip: nipText(slip.nip) }, code: slip.code })));
    } catch (err) {
      if (!isFormError(err)) throw err;
      return renderCare(req, reply, actor, userId, { error: req.t(err.messageKey, err.options.params), status: err.status });
    }
  });

  for (const action of ['withdraw', 'readmit'] as const) {
    app.post(`/admin/enrolments/:id/${action}`, hidden, async (req, reply) => {
      const actor = await adminPageActor(ctx, req, reply);
      if (!actor) return reply;
      const id = idOf(req);
      const e = await ctx.repos.learning.enrolment(id);
      const values = { reason: formString(req, 'reason', 500) };
      try {
        if (action === 'withdraw') await care.withdrawEnrolment(ctx, actor, id, values);
        else await care.readmitEnrolment(ctx, actor, id, values);
      } catch (err) {
        if (!isFormError(err) || !e) throw err;
        return renderCare(req, reply, actor, e.user_id, { error: req.t(err.messageKey, err.options.params), failed: { form: `enrolment-${id}`, errors: fieldMessages(req, err), values }, status: err.status });
      }
      return seeOther(reply, `/admin/users/${e!.user_id}/care?notice=${action === 'withdraw' ? 'care.withdraw.done' : 'care.readmit.done'}`);
    });
  }

  // ---------------------------------------------------------------- corrections queue

  const renderQueue = async (req: FastifyRequest, reply: FastifyReply, actor: PageActor, extra: { error?: string | null; failed?: CareForm; status?: number } = {}) => {
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = cursorText ? (positiveInt(cursorText) ?? undefined) : undefined;
    const [res, v, units] = await Promise.all([profile.listCorrections(ctx, actor.principal, { cursor, limit: PAGE_SIZE }), viewContext(ctx, req), unitOptions(ctx, actor.principal)]);
    const fieldLabel = (f: string) => (profile.isCorrectionField(f) ? req.t(`field.${f}` as MessageKey) : f);
    const rows = res.items.map((c) => ({
      id: c.id,
      userId: c.user_id,
      name: c.user_name,
      nip: nipText(c.user_nip),
      unit: c.unit_name,
      field: c.field,
      fieldLabel: fieldLabel(c.field),
      current: c.field === 'nip' ? nipText(c.current_value) : c.current_value,
      requested: c.field === 'nip' ? formatEmployeeNumber(c.requested_value) : c.requested_value,
      note: c.note,
      createdAt: c.created_at,
    }));
    return html(reply, renderPage(CorrectionsPage({ v, rows, units, nextCursor: res.nextCursor, paged: cursor !== undefined, notice: noticeOf(req), ...extra })), extra.status ?? 200);
  };

  app.get('/admin/corrections', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return renderQueue(req, reply, actor);
  });

  app.post('/admin/corrections/:id/approve', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = idOf(req);
    const values = { value: formString(req, 'value', 320), note: formString(req, 'note', 500) };
    try {
      await profile.approveCorrection(ctx, actor, id, { value: values.value || null, note: values.note || null });
    } catch (err) {
      if (!isFormError(err)) throw err;
      return renderQueue(req, reply, actor, { error: req.t(err.messageKey, err.options.params), failed: { form: `correction-${id}`, errors: fieldMessages(req, err), values }, status: err.status });
    }
    return seeOther(reply, '/admin/corrections?notice=care.corrections.approved');
  });

  app.post('/admin/corrections/:id/reject', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = idOf(req);
    const note = formString(req, 'note', 500);
    try {
      await profile.rejectCorrection(ctx, actor, id, { note });
    } catch (err) {
      if (!isFormError(err)) throw err;
      return renderQueue(req, reply, actor, { error: req.t(err.messageKey, err.options.params), failed: { form: `correction-${id}`, errors: fieldMessages(req, err), values: { rejectNote: note } }, status: err.status });
    }
    return seeOther(reply, '/admin/corrections?notice=care.corrections.rejected');
  });
}
