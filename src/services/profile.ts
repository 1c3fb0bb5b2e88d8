// Participant self-service: the profile (unit, position, NIP / NI PPPK, contact, enrolments) and
// correction requests, which operators of the participant's scope approve (the change is applied
// through the same rules as account care, and audited) or reject with a note.
import { adminScope, type Principal } from '../domain/authorization.js';
import { parseEmployeeNumber } from '../domain/nip.js';
import type { ProfileCorrection, CorrectionWithUser } from '../db/repositories/profile.js';
import type { UserWithUnit } from '../db/repositories/users.js';
import { AppError, errors, type FieldProblem } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { careTarget, changeNip, MAX_REASON_LENGTH, moveUser, type CareActor } from './account-care.js';
import { assertAdministrator } from './org.js';
import { certificateInputsChangedForUser } from './certificate-eligibility.js';

export const CORRECTION_FIELDS = ['name', 'nip', 'unit', 'position', 'email', 'phone'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];
export const isCorrectionField = (v: string): v is CorrectionField => (CORRECTION_FIELDS as readonly string[]).includes(v);

export const MAX_VALUE_LENGTH = 200;
export const MAX_NOTE_LENGTH = 500;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 \-]{5,20}$/;

type Fields = Record<string, FieldProblem[]>;

/** The current value of a field, as the participant sees it. */
export function currentValueOf(user: UserWithUnit, field: CorrectionField): string | null {
  switch (field) {
    case 'name':
      return user.name;
    case 'nip':
      return user.nip;
    case 'unit':
      return user.unit_code ? `${user.unit_name ?? ''} (${user.unit_code})` : null;
    case 'position':
      return user.position;
    case 'email':
      return user.email;
    case 'phone':
      return user.phone;
  }
}

export async function myProfile(ctx: AppContext, userId: number) {
  const user = await ctx.repos.users.findById(userId);
  if (!user) throw errors.unauthenticated();
  const [enrolments, corrections] = await Promise.all([ctx.repos.accountCare.enrolmentsOfUser(user.id), ctx.repos.profile.correctionsOfUser(user.id)]);
  return { user, enrolments, corrections };
}

/** Normalises a requested value for its field; field problems under `requestedValue`. */
function checkValue(field: CorrectionField, raw: string, referenceYear: number, fields: Fields, name = 'requestedValue'): string {
  let value = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!value) {
    fields[name] = [{ key: 'error.field.required' }];
    return value;
  }
  if (value.length > (field === 'email' ? 320 : MAX_VALUE_LENGTH)) {
    fields[name] = [{ key: 'error.field.tooLong' }];
    return value;
  }
  if (field === 'nip') {
    const parsed = parseEmployeeNumber(value, { referenceYear });
    if (!parsed.ok) fields[name] = [{ key: `nip.invalid.${parsed.reason}` }];
    else value = parsed.value.normalized;
  } else if (field === 'email') {
    value = value.toLowerCase();
    if (!EMAIL.test(value)) fields[name] = [{ key: 'error.field.email' }];
  } else if (field === 'phone') {
    if (!PHONE.test(value)) fields[name] = [{ key: 'error.field.invalid' }];
  }
  return value;
}

/** A signed-in person asks for a correction of one field of its own profile; it waits for an operator. */
export async function requestCorrection(ctx: AppContext, actor: Actor & { userId: number }, input: { field: string; requestedValue: string; note?: string | null }): Promise<ProfileCorrection> {
  const user = await ctx.repos.users.findById(actor.userId);
  if (!user) throw errors.unauthenticated();
  const fields: Fields = {};
  if (!isCorrectionField(input.field)) {
    fields.field = [{ key: 'error.field.invalid' }];
    throw errors.validation(fields);
  }
  const field = input.field;
  const requested = checkValue(field, input.requestedValue, ctx.clock().getUTCFullYear(), fields);
  const current = currentValueOf(user, field);
  if (!fields.requestedValue && (requested === current || (field === 'unit' && requested === user.unit_code))) fields.requestedValue = [{ key: 'profile.correction.same' }];
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) fields.note = [{ key: 'error.field.tooLong' }];
  if (Object.keys(fields).length) throw errors.validation(fields);
  if ((await ctx.repos.profile.pendingCountOfUser(user.id, field)) > 0) throw errors.conflict('correction_pending', 'profile.correction.pending');
  const id = await ctx.repos.profile.insertCorrection({ userId: user.id, field, currentValue: current, requestedValue: requested, note, now: ctx.clock().toISOString() });
  await audit(ctx, actor, 'profile.correction_requested', { type: 'user', id: user.id }, { correctionId: id, field, currentValue: current, requestedValue: requested });
  return (await ctx.repos.profile.correction(id))!;
}

export async function myCorrections(ctx: AppContext, userId: number): Promise<ProfileCorrection[]> {
  return ctx.repos.profile.correctionsOfUser(userId);
}

/** Correction requests of people in the administrator's scope (its own excluded), oldest first. */
export async function listCorrections(ctx: AppContext, principal: Principal, opts: { status?: 'pending' | 'approved' | 'rejected'; cursor?: number; limit: number }) {
  assertAdministrator(principal);
  const rows = await ctx.repos.profile.listInScope({ unitPaths: adminScope(principal), status: opts.status ?? 'pending', afterId: opts.cursor, limit: opts.limit + 1, excludeUserId: principal.userId });
  const items = rows.slice(0, opts.limit);
  return { items, nextCursor: rows.length > opts.limit ? items[items.length - 1]!.id : null };
}

/** A request of someone in the administrator's scope (404 otherwise; 403 for its own or a superior's). */
export async function correctionInScope(ctx: AppContext, principal: Principal, id: number): Promise<CorrectionWithUser> {
  assertAdministrator(principal);
  const c = await ctx.repos.profile.correction(id);
  if (!c) throw errors.notFound();
  await careTarget(ctx, principal, c.user_id);
  return c;
}

/** Field problems of an applied change reported under the form's `value` field. */
function asValueProblem(err: unknown): never {
  if (err instanceof AppError && err.status === 400) {
    const problems = Object.entries(err.options.fields ?? {}).filter(([f]) => f !== 'reason').flatMap(([, ps]) => ps);
    throw errors.validation({ value: problems.length ? problems : [{ key: 'error.field.invalid' }] });
  }
  throw err;
}

/**
 * Approves a pending request: the value (the requested one, or the one the operator gives — for a
 * unit, a unit code in the operator's scope) is applied with the rules of account care, then the
 * decision is recorded. The request stays pending when the change cannot be applied.
 */
export async function approveCorrection(ctx: AppContext, actor: CareActor, id: number, input: { value?: string | null; note?: string | null }) {
  const c = await correctionInScope(ctx, actor.principal, id);
  if (c.status !== 'pending') throw errors.conflict('correction_decided', 'profile.correction.decided');
  const field = c.field as CorrectionField;
  const note = input.note?.trim().slice(0, MAX_NOTE_LENGTH) || null;
  const fields: Fields = {};
  const raw = input.value?.trim() || c.requested_value;
  const value = field === 'unit' ? raw : checkValue(field, raw, ctx.clock().getUTCFullYear(), fields, 'value');
  if (Object.keys(fields).length) throw errors.validation(fields);
  const user = (await ctx.repos.users.findById(c.user_id))!;
  const before = currentValueOf(user, field);

  const now = ctx.clock().toISOString();
  if (!(await ctx.repos.profile.decide(c.id, { status: 'approved', decidedBy: actor.userId, at: now, note }))) throw errors.conflict('correction_decided', 'profile.correction.decided');
  try {
    const reason = `profile correction #${c.id}${note ? `: ${note}` : ''}`.slice(0, MAX_REASON_LENGTH);
    if (field === 'nip') await changeNip(ctx, actor, user.id, { nip: value, reason }).catch(asValueProblem);
    else if (field === 'unit') await moveUser(ctx, actor, user.id, { unitCode: value, reason }).catch(asValueProblem);
    else if (field === 'email') {
      const other = await ctx.repos.users.findByEmail(value);
      if (other && other.id !== user.id) throw errors.validation({ value: [{ key: 'error.conflict' }] });
      await ctx.repos.users.update(user.id, { email: value, updated_at: now });
    } else await ctx.repos.users.update(user.id, { [field]: value, updated_at: now });
  } catch (err) {
    await ctx.repos.profile.reopen(c.id);
    throw err;
  }
  const after = currentValueOf((await ctx.repos.users.findById(user.id))!, field);
  await audit(ctx, actor, 'profile.correction_approved', { type: 'user', id: user.id }, { correctionId: c.id, field, before, after, note });
  return (await ctx.repos.profile.correction(c.id))!;
}

export async function rejectCorrection(ctx: AppContext, actor: CareActor, id: number, input: { note: string }) {
  const c = await correctionInScope(ctx, actor.principal, id);
  if (c.status !== 'pending') throw errors.conflict('correction_decided', 'profile.correction.decided');
  const note = (input.note ?? '').trim();
  if (!note) throw errors.validation({ note: [{ key: 'error.field.required' }] });
  if (note.length > MAX_NOTE_LENGTH) throw errors.validation({ note: [{ key: 'error.field.tooLong' }] });
  if (!(await ctx.repos.profile.decide(c.id, { status: 'rejected', decidedBy: actor.userId, at: ctx.clock().toISOString(), note }))) {
    throw errors.conflict('correction_decided', 'profile.correction.decided');
  }
  await audit(ctx, actor, 'profile.correction_rejected', { type: 'user', id: c.user_id }, { correctionId: c.id, field: c.field, requestedValue: c.requested_value, note });
  // A rejected correction no longer blocks the certificate (the earlier confirmation may count again; never throws).
  await certificateInputsChangedForUser(ctx, c.user_id);
  return (await ctx.repos.profile.correction(c.id))!;
}
