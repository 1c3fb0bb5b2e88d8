// Account care by operators, within their scope (outside it: 404): unlock a throttled account, move a
// participant to another unit, a new NIP / NI PPPK (history kept in user_nips), enrol into a cohort
// (one enrolment per programme unless a programme admin overrides it with a reason), withdraw from
// a cohort and re-admit. Every change is audited with its reason.
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { normalizeEmployeeNumber, parseEmployeeNumber } from '../domain/nip.js';
import type { UserWithUnit } from '../db/repositories/users.js';
import type { UserNip } from '../db/repositories/account-care.js';
import { errors, type FieldProblem } from '../http/errors.js';
import { audit } from './audit.js';
import { loadPrincipal } from './auth.js';
import { canAuthor, loadProgramme } from './authoring.js';
import type { Actor, AppContext } from './context.js';
import { inProgrammeScope, withinProgrammeScope } from './programme-scope.js';
import { enrolmentInScope } from './enrolments.js';
import { issueActivationCodes, type Slip } from './activation.js';
import { assertAdministrator, findVisibleUnit, zoneOfUnit } from './org.js';
import { canManageUser, getVisibleUser } from './users.js';

export type CareActor = Actor & { userId: number; principal: Principal };

/** Shortest reason accepted for an audited change. */
export const MIN_REASON_LENGTH = 5;
export const MAX_REASON_LENGTH = 500;

type Fields = Record<string, FieldProblem[]>;

function checkReason(fields: Fields, name: string, value: string | null | undefined): string {
  const reason = (value ?? '').trim();
  if (!reason) fields[name] = [{ key: 'error.field.required' }];
  else if (reason.length < MIN_REASON_LENGTH) fields[name] = [{ key: 'care.reasonTooShort' }];
  else if (reason.length > MAX_REASON_LENGTH) fields[name] = [{ key: 'error.field.tooLong' }];
  return reason;
}

/**
 * The account an administrator cares for: in its scope (else 404), and one it outranks (else 403:
 * an operator acts on participants and facilitators, never on a peer, a superior or itself).
 */
export async function careTarget(ctx: AppContext, principal: Principal, userId: number): Promise<UserWithUnit> {
  assertAdministrator(principal);
  const user = await getVisibleUser(ctx, principal, userId);
  if (!canManageUser(principal, await loadPrincipal(ctx, user.id))) throw errors.forbidden();
  return user;
}

// ---------------------------------------------------------------- throttled sign-in

export interface LockState {
  locked: boolean;
  blockedUntil: string | null;
  failures: number;
}

export async function lockState(ctx: AppContext, userId: number): Promise<LockState> {
  const now = ctx.clock().toISOString();
  const windowStart = new Date(ctx.clock().getTime() - ctx.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000).toISOString();
  const rows = await ctx.repos.accountCare.accountThrottles(userId);
  const blocked = rows.map((r) => r.blocked_until).filter((b): b is string => !!b && b > now).sort();
  const failures = Math.max(0, ...rows.filter((r) => r.window_started_at > windowStart).map((r) => r.failures));
  return { locked: blocked.length > 0, blockedUntil: blocked.at(-1) ?? null, failures };
}

/** Clears the account's sign-in throttle counters so it may sign in again at once (audited). */
export async function unlockAccount(ctx: AppContext, actor: CareActor, userId: number, input: { reason?: string | null } = {}) {
  const user = await careTarget(ctx, actor.principal, userId);
  const reason = input.reason?.trim().slice(0, MAX_REASON_LENGTH) || null;
  const before = await lockState(ctx, user.id);
  const cleared = await ctx.repos.accountCare.clearAccountThrottles(user.id);
  await audit(ctx, actor, 'user.unlocked', { type: 'user', id: user.id }, { cleared, wasLocked: before.locked, blockedUntil: before.blockedUntil, reason });
  return { cleared, wasLocked: before.locked };
}

// ---------------------------------------------------------------- activation code

/** A new activation code for an account the administrator cares for (the previous one stops working); shown once. */
export async function reissueActivationCode(ctx: AppContext, actor: CareActor, userId: number): Promise<Slip> {
  const user = await careTarget(ctx, actor.principal, userId);
  const [slip] = await issueActivationCodes(ctx, actor, [user.id]);
  return slip!;
}

// ---------------------------------------------------------------- moving to another unit

export async function moveUser(ctx: AppContext, actor: CareActor, userId: number, input: { unitCode: string; reason: string }) {
  const user = await careTarget(ctx, actor.principal, userId);
  const fields: Fields = {};
  const code = input.unitCode?.trim() ?? '';
  const unit = code ? await findVisibleUnit(ctx, actor.principal, code).catch(() => undefined) : undefined;
  if (!unit) fields.unitCode = [{ key: code ? 'error.not_found' : 'error.field.required' }];
  else if (unit.id === user.unit_id) fields.unitCode = [{ key: 'care.move.sameUnit' }];
  const reason = checkReason(fields, 'reason', input.reason);
  if (Object.keys(fields).length) throw errors.validation(fields);
  await ctx.repos.accountCare.moveUser(user.id, unit!.id, zoneOfUnit(unit!), ctx.clock().toISOString());
  await audit(ctx, actor, 'user.moved', { type: 'user', id: user.id }, {
    before: { unitCode: user.unit_code, unitName: user.unit_name },
    after: { unitCode: unit!.code, unitName: unit!.name },
    reason,
  });
  return (await ctx.repos.users.findById(user.id))!;
}

// ---------------------------------------------------------------- a new NIP / NI PPPK

/**
 * A new NIP / NI PPPK (e.g. after an agency change): same account, enrolments and history; the login
 * follows the number when it was the number. The old and new numbers are kept in user_nips, so the
 * old one stays findable. A number registered to someone else is refused without saying to whom.
 */
export async function changeNip(ctx: AppContext, actor: CareActor, userId: number, input: { nip: string; reason: string }) {
  const user = await careTarget(ctx, actor.principal, userId);
  const fields: Fields = {};
  const parsed = parseEmployeeNumber(input.nip ?? '', { referenceYear: ctx.clock().getUTCFullYear() });
  if (!input.nip?.trim()) fields.nip = [{ key: 'error.field.required' }];
  else if (!parsed.ok) fields.nip = [{ key: `nip.invalid.${parsed.reason}` }];
  else if (parsed.value.normalized === user.nip) fields.nip = [{ key: 'care.nip.same' }];
  const reason = checkReason(fields, 'reason', input.reason);
  if (Object.keys(fields).length || !parsed.ok) throw errors.validation(fields);
  const nip = parsed.value.normalized;
  const takenBySomeoneElse = async () => {
    const [byNip, byLogin, records] = await Promise.all([ctx.repos.users.findByNip(nip), ctx.repos.users.findByLogin(nip), ctx.repos.accountCare.nipRecords(nip)]);
    return (!!byNip && byNip.id !== user.id) || (!!byLogin && byLogin.id !== user.id) || records.some((r) => r.user_id !== user.id);
  };
  if (await takenBySomeoneElse()) throw errors.conflict('nip_taken', 'care.nip.taken');
  const login = user.nip && user.login === user.nip ? nip : user.login;
  const now = ctx.clock().toISOString();
  await ctx.repos.accountCare
    .changeNip({ userId: user.id, oldNip: user.nip, since: user.created_at, newNip: nip, login, employmentType: parsed.value.kind, reason, changedBy: actor.userId, now })
    .catch(async (err: unknown) => {
      // Lost a race with someone registering the same number: a conflict, not a 500.
      if (await takenBySomeoneElse()) throw errors.conflict('nip_taken', 'care.nip.taken');
      throw err;
    });
  await audit(ctx, actor, 'user.nip_changed', { type: 'user', id: user.id }, {
    before: { nip: user.nip, login: user.login, employmentType: user.employment_type },
    after: { nip, login, employmentType: parsed.value.kind },
    reason,
  });
  return (await ctx.repos.users.findById(user.id))!;
}

export async function nipHistory(ctx: AppContext, principal: Principal, userId: number): Promise<UserNip[]> {
  assertAdministrator(principal);
  const user = await getVisibleUser(ctx, principal, userId);
  return ctx.repos.accountCare.nipHistory(user.id);
}

/** Accounts in the administrator's scope that held (or hold) this number, with the record. */
export async function findByRecordedNip(ctx: AppContext, principal: Principal, q: string): Promise<{ user: UserWithUnit; record: UserNip }[]> {
  assertAdministrator(principal);
  const nip = normalizeEmployeeNumber(q.trim());
  if (!/^\d{18}$/.test(nip)) return [];
  const out: { user: UserWithUnit; record: UserNip }[] = [];
  for (const record of await ctx.repos.accountCare.nipRecords(nip)) {
    const user = await getVisibleUser(ctx, principal, record.user_id).catch(() => undefined);
    if (user && !out.some((o) => o.user.id === user.id)) out.push({ user, record });
  }
  return out;
}

// ---------------------------------------------------------------- enrolment: once per programme

/** May the principal override "one enrolment per programme" for this programme? (platform admin or its author) */
export async function isProgrammeAdmin(ctx: AppContext, principal: Principal, programmeId: number): Promise<boolean> {
  if (isPlatformAdmin(principal)) return true;
  if (!canAuthor(principal)) return false;
  return loadProgramme(ctx, principal, programmeId).then(
    () => true,
    () => false,
  );
}

export async function enrolUser(ctx: AppContext, actor: CareActor, userId: number, input: { cohortId: number; overrideReason?: string | null }) {
  const user = await careTarget(ctx, actor.principal, userId);
  const cohort = Number.isInteger(input.cohortId) && input.cohortId > 0 ? await ctx.repos.accountCare.cohort(input.cohortId) : undefined;
  if (!input.cohortId) throw errors.validation({ cohortId: [{ key: 'error.field.required' }] });
  // A cohort of a programme outside the caller's programme scope is not found, like an unknown one.
  if (!cohort || !(await inProgrammeScope(ctx, actor.principal, cohort.programme_id, { facilitation: false }))) throw errors.notFound();
  if (cohort.programme_status === 'archived') throw errors.validation({ cohortId: [{ key: 'error.not_found' }] });
  const existing = await ctx.repos.accountCare.enrolmentsInProgramme(user.id, cohort.programme_id);
  if (existing.some((e) => e.cohort_id === cohort.id)) {
    throw errors.conflict('already_in_cohort', 'care.enrol.alreadyInCohort', { name: user.name, cohort: cohort.title });
  }
  let overrideReason: string | null = null;
  if (existing.length) {
    const wanted = input.overrideReason?.trim() ?? '';
    if (!wanted) {
      throw errors.conflict('already_enrolled', 'care.enrol.alreadyEnrolled', { name: user.name, programme: cohort.programme_title, cohort: existing[0]!.cohort_title });
    }
    if (!(await isProgrammeAdmin(ctx, actor.principal, cohort.programme_id))) throw errors.forbidden('care.enrol.overrideForbidden');
    const fields: Fields = {};
    overrideReason = checkReason(fields, 'overrideReason', wanted);
    if (Object.keys(fields).length) throw errors.validation(fields);
  }
  const now = ctx.clock().toISOString();
  const id = await ctx.repos.accountCare
    .insertEnrolment({ cohortId: cohort.id, programmeId: cohort.programme_id, userId: user.id, overrideReason, now })
    .catch(async (err: unknown) => {
      // A concurrent enrolment of the same person won the unique index: refuse like above.
      const again = await ctx.repos.accountCare.enrolmentsInProgramme(user.id, cohort.programme_id);
      if (again.some((e) => e.cohort_id === cohort.id)) throw errors.conflict('already_in_cohort', 'care.enrol.alreadyInCohort', { name: user.name, cohort: cohort.title });
      if (again.length) throw errors.conflict('already_enrolled', 'care.enrol.alreadyEnrolled', { name: user.name, programme: cohort.programme_title, cohort: again[0]!.cohort_title });
      throw err;
    });
  await audit(ctx, actor, 'enrolment.created', { type: 'enrolment', id }, { userId: user.id, cohortId: cohort.id, programmeId: cohort.programme_id, overrideReason });
  return { id, userId: user.id, cohortId: cohort.id, programmeId: cohort.programme_id, overrideReason };
}

// ---------------------------------------------------------------- withdrawal and re-admission

async function enrolmentForCare(ctx: AppContext, actor: CareActor, enrolmentId: number) {
  assertAdministrator(actor.principal);
  const e = await enrolmentInScope(ctx, actor.principal, enrolmentId);
  await careTarget(ctx, actor.principal, e.user_id);
  return e;
}

export async function withdrawEnrolment(ctx: AppContext, actor: CareActor, enrolmentId: number, input: { reason: string }) {
  const e = await enrolmentForCare(ctx, actor, enrolmentId);
  const fields: Fields = {};
  const reason = checkReason(fields, 'reason', input.reason);
  if (Object.keys(fields).length) throw errors.validation(fields);
  const now = ctx.clock().toISOString();
  if (!(await ctx.repos.accountCare.withdraw(e.id, now, reason))) throw errors.conflict('already_withdrawn', 'care.withdraw.already');
  await audit(ctx, actor, 'enrolment.withdrawn', { type: 'enrolment', id: e.id }, { userId: e.user_id, cohortId: e.cohort_id, reason });
  return (await ctx.repos.accountCare.enrolmentStatus(e.id))!;
}

export async function readmitEnrolment(ctx: AppContext, actor: CareActor, enrolmentId: number, input: { reason: string }) {
  const e = await enrolmentForCare(ctx, actor, enrolmentId);
  const fields: Fields = {};
  const reason = checkReason(fields, 'reason', input.reason);
  if (Object.keys(fields).length) throw errors.validation(fields);
  const before = await ctx.repos.accountCare.enrolmentStatus(e.id);
  if (!(await ctx.repos.accountCare.readmit(e.id))) throw errors.conflict('not_withdrawn', 'care.readmit.notWithdrawn');
  await audit(ctx, actor, 'enrolment.readmitted', { type: 'enrolment', id: e.id }, { userId: e.user_id, cohortId: e.cohort_id, withdrawnAt: before?.withdrawn_at ?? null, withdrawnReason: before?.withdrawn_reason ?? null, reason });
  return (await ctx.repos.accountCare.enrolmentStatus(e.id))!;
}

// ---------------------------------------------------------------- the care page

export interface CareOverview {
  user: UserWithUnit;
  lock: LockState;
  nips: UserNip[];
  enrolments: Awaited<ReturnType<AppContext['repos']['accountCare']['enrolmentsOfUser']>>;
  cohorts: Awaited<ReturnType<AppContext['repos']['accountCare']['cohorts']>>;
  /** The caller may override "one enrolment per programme" for some programme. */
  mayOverride: boolean;
}

export async function careOverview(ctx: AppContext, principal: Principal, userId: number): Promise<CareOverview> {
  const user = await careTarget(ctx, principal, userId);
  const [lock, nips, enrolments, cohorts] = await Promise.all([
    lockState(ctx, user.id),
    ctx.repos.accountCare.nipHistory(user.id),
    ctx.repos.accountCare.enrolmentsOfUser(user.id),
    ctx.repos.accountCare.cohorts().then((rows) => withinProgrammeScope(ctx, principal, rows, { facilitation: false })),
  ]);
  return { user, lock, nips, enrolments, cohorts, mayOverride: isPlatformAdmin(principal) || canAuthor(principal) };
}
