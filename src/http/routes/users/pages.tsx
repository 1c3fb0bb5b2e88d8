import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as users from '../../../services/users.js';
import { unitsInScope } from '../../../services/org.js';
import { loadPrincipal } from '../../../services/auth.js';
import { grantableRoles, type Principal } from '../../../domain/authorization.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import { ROLES, type Role } from '../../../db/schema.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import type { MessageKey } from '../../../i18n/index.js';
import { InitialPasswordPage, NewUserPage, UserDetailPage, UserListPage, type NewUserValues, type UnitOption } from '../../../views/pages/admin/users.js';
import { adminPageActor, html, positiveInt, queryString } from './access.js';
import { findByRecordedNip } from '../../../services/account-care.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;
const NOTICES = new Set<MessageKey>(['admin.users.grant.done', 'admin.users.revoke.done']);

const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return NOTICES.has(key) ? req.t(key) : null;
};
const isRole = (v: string): v is Role => (ROLES as readonly string[]).includes(v);
const nipText = (nip: string | null) => (nip ? formatEmployeeNumber(nip) : null);

async function unitOptions(ctx: AppContext, principal: Principal): Promise<UnitOption[]> {
  const units = await unitsInScope(ctx, principal);
  const top = units.length ? Math.min(...units.map((u) => u.depth)) : 0;
  return units.map((u) => ({ code: u.code, name: u.name, depth: u.depth - top }));
}

function userIdParam(req: FastifyRequest, name = 'id'): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null) throw errors.notFound();
  return id;
}

export async function usersPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/users', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const q = queryString(req, 'q');
    const unit = queryString(req, 'unit', 64);
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = cursorText ? (positiveInt(cursorText) ?? undefined) : undefined;
    const [res, units, v] = await Promise.all([
      users.listVisibleUsers(ctx, actor.principal, { q: q || undefined, unit: unit || undefined, cursor, limit: PAGE_SIZE }),
      unitOptions(ctx, actor.principal),
      viewContext(ctx, req),
    ]);
    const roles = await users.rolesOfUsers(ctx, res.items.map((u) => u.id));
    const rows = res.items.map((u) => ({
      id: u.id,
      name: u.name,
      login: u.login,
      nip: nipText(u.nip),
      unit: u.unit_name,
      status: u.status,
      roles: (roles.get(u.id) ?? []).map((r) => ({ role: r.role, unit: r.unit?.name ?? null })),
    }));
    // Someone searched by a former NIP / NI PPPK (changed after an agency change): found through the history.
    const formerNips = (await findByRecordedNip(ctx, actor.principal, q))
      .filter((f) => f.record.nip !== f.user.nip)
      .map((f) => ({ id: f.user.id, name: f.user.name, nip: formatEmployeeNumber(f.record.nip), current: nipText(f.user.nip) }));
    return html(reply, renderPage(UserListPage({ v, rows, q, unit, units, nextCursor: res.nextCursor, paged: cursor !== undefined, notice: noticeOf(req), formerNips })));
  });

  app.get('/admin/users/new', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const [v, units] = await Promise.all([viewContext(ctx, req), unitOptions(ctx, actor.principal)]);
    const unitCode = queryString(req, 'unit', 64);
    return html(reply, renderPage(NewUserPage({ v, units, roles: grantableRoles(actor.principal), values: { unitCode, role: 'participant' } })));
  });

  app.post('/admin/users/new', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const values: NewUserValues = {
      nip: formString(req, 'nip', 64),
      login: formString(req, 'login', 64),
      name: formString(req, 'name', 200),
      email: formString(req, 'email', 320),
      phone: formString(req, 'phone', 32),
      position: formString(req, 'position', 200),
      employmentType: formString(req, 'employmentType', 8),
      unitCode: formString(req, 'unitCode', 64),
      role: formString(req, 'role', 32),
    };
    const fieldErrors: Record<string, string[]> = {};
    if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) fieldErrors.email = [req.t('error.field.email')];
    if (values.employmentType && values.employmentType !== 'PNS' && values.employmentType !== 'PPPK') fieldErrors.employmentType = [req.t('error.field.invalid')];
    if (values.role && !isRole(values.role)) fieldErrors.role = [req.t('error.field.invalid')];
    const render = async (errs: Record<string, string[]>, error: string | null, status: number) => {
      const [v, units] = await Promise.all([viewContext(ctx, req), unitOptions(ctx, actor.principal)]);
      return html(reply, renderPage(NewUserPage({ v, units, roles: grantableRoles(actor.principal), values, errors: errs, error })), status);
    };
    if (Object.keys(fieldErrors).length) return render(fieldErrors, req.t('error.validation_failed'), 400);
    try {
      const res = await users.provisionUser(ctx, actor, {
        nip: values.nip || null,
        login: values.login || null,
        name: values.name ?? '',
        email: values.email || null,
        phone: values.phone || null,
        position: values.position || null,
        employmentType: (values.employmentType || null) as 'PNS' | 'PPPK' | null,
        unitCode: values.unitCode ?? '',
        role: (values.role || undefined) as Role | undefined,
      });
      const v = await viewContext(ctx, req);
      const u = res.user;
      return html(reply, renderPage(InitialPasswordPage({ v, title: req.t('admin.users.create.done'), user: { id: u.id, name: u.name, login: u.login, nip: nipText(u.nip) }, password: res.initialPassword })), 201);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      return render(fieldMessages(req, err), req.t(err.messageKey, err.options.params), err.status);
    }
  });

  const renderDetail = async (req: FastifyRequest, actor: { principal: Principal }, id: number, extra: { errors?: Record<string, string[]>; error?: string | null; grant?: { role?: string; unitCode?: string } } = {}) => {
    const [{ user, roles }, v, units] = await Promise.all([users.getUserDetail(ctx, actor.principal, id), viewContext(ctx, req), unitOptions(ctx, actor.principal)]);
    const [target, enrolments] = await Promise.all([loadPrincipal(ctx, user.id), ctx.repos.learning.enrolmentsOfUser(user.id)]);
    const grantable = grantableRoles(actor.principal);
    const api = users.toApiUser(user);
    return UserDetailPage({
      v,
      units,
      notice: noticeOf(req),
      ...extra,
      data: {
        id: user.id,
        name: user.name,
        login: user.login,
        nip: nipText(user.nip),
        email: user.email,
        phone: user.phone,
        position: user.position,
        employmentType: user.employment_type,
        unit: user.unit_name,
        status: user.status,
        mustChangePassword: api.mustChangePassword,
        createdAt: user.created_at,
        lastLoginAt: user.last_login_at,
        roles: roles.map((r) => ({
          id: r.id,
          role: r.role,
          unit: r.unit?.name ?? null,
          revocable: grantable.includes(r.role) && !(r.role === 'platform_admin' && user.id === actor.principal.userId),
        })),
        grantable,
        enrolments: enrolments.map((e) => ({ id: e.id, programme: e.programme_title, cohort: e.cohort_title, progress: e.progress, status: e.status })),
        canResetPassword: user.id !== actor.principal.userId && users.canManageUser(actor.principal, target),
      },
    });
  };

  app.get('/admin/users/:id', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    return html(reply, renderPage(await renderDetail(req, actor, userIdParam(req))));
  });

  app.post('/admin/users/:id/roles', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = userIdParam(req);
    const role = formString(req, 'role', 32);
    const unitCode = formString(req, 'unitCode', 64);
    try {
      if (!isRole(role)) throw errors.validation({ role: [{ key: 'error.field.invalid' }] });
      await users.grantRole(ctx, actor, id, { role, unitCode: unitCode || null });
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 403)) throw err;
      return html(reply, renderPage(await renderDetail(req, actor, id, { errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params), grant: { role, unitCode } })), err.status);
    }
    return seeOther(reply, `/admin/users/${id}?notice=admin.users.grant.done`);
  });

  app.post('/admin/users/:id/roles/:assignmentId/revoke', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = userIdParam(req);
    const assignmentId = userIdParam(req, 'assignmentId');
    try {
      await users.revokeRole(ctx, actor, id, assignmentId);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 403 && err.status !== 409)) throw err;
      return html(reply, renderPage(await renderDetail(req, actor, id, { error: req.t(err.messageKey, err.options.params) })), err.status);
    }
    return seeOther(reply, `/admin/users/${id}?notice=admin.users.revoke.done`);
  });

  app.post('/admin/users/:id/password-reset', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const id = userIdParam(req);
    try {
      const res = await users.resetUserPassword(ctx, actor, id);
      const v = await viewContext(ctx, req);
      const u = res.user;
      return html(reply, renderPage(InitialPasswordPage({ v, title: req.t('admin.users.reset.done'), user: { id: u.id, name: u.name, login: u.login, nip: nipText(u.nip) }, password: res.initialPassword })));
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 403 && err.status !== 409)) throw err;
      return html(reply, renderPage(await renderDetail(req, actor, id, { error: req.t(err.messageKey, err.options.params) })), err.status);
    }
  });
}
