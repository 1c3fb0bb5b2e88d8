// What operators do to one participant's enrolment: extend the personal window (with a reason, audited).
import { canAdministerUnit, type Principal } from '../domain/authorization.js';
import { daysLeft } from '../domain/day-clock.js';
import { errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { loadEnrolmentView } from './learning.js';

export const MAX_EXTENSION_DAYS = 60;

/** An enrolment of a participant inside the administrator's scope; 404 otherwise (never 403). */
export async function enrolmentInScope(ctx: AppContext, principal: Principal, enrolmentId: number) {
  const e = await ctx.repos.learning.enrolment(enrolmentId);
  if (!e || !canAdministerUnit(principal, e.unit_path)) throw errors.notFound();
  return e;
}

export async function enrolmentWindow(ctx: AppContext, principal: Principal, enrolmentId: number) {
  const e = await enrolmentInScope(ctx, principal, enrolmentId);
  const view = await loadEnrolmentView(ctx, e);
  return {
    enrolment: view.enrolment,
    day: view.clock.today,
    day1: view.clock.day1,
    windowEndsOn: view.clock.windowEndsOn,
    daysLeft: daysLeft(view.clock, ctx.clock(), view.zone),
    progress: view.outline.progress,
    zone: view.zone,
  };
}

export async function extendWindow(ctx: AppContext, actor: Actor & { principal: Principal }, enrolmentId: number, input: { days: number; reason: string }) {
  await enrolmentInScope(ctx, actor.principal, enrolmentId); // 404 outside the scope, before the input is looked at
  const fields: Record<string, { key: 'error.field.invalid' | 'error.field.required' | 'enrolment.extend.reasonTooShort' }[]> = {};
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) fields.days = [{ key: 'error.field.invalid' }];
  const reason = input.reason.trim();
  if (reason.length < 5) fields.reason = [{ key: reason ? 'enrolment.extend.reasonTooShort' : 'error.field.required' }];
  const e = await enrolmentInScope(ctx, actor.principal, enrolmentId);
  if (Object.keys(fields).length) throw errors.validation(fields);
  if (e.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  const total = await ctx.repos.learning.addExtensionDays(e.id, input.days);
  await audit(ctx, actor, 'enrolment.window_extended', { type: 'enrolment', id: e.id }, { userId: e.user_id, days: input.days, totalExtensionDays: total, reason });
  return enrolmentWindow(ctx, actor.principal, e.id);
}
