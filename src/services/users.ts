// Accounts: representation, provisioning by an operator, scoped listing, role grants.
import { normalizeEmployeeNumber, parseEmployeeNumber } from '../domain/nip.js';
import { checkPassword } from '../domain/password-policy.js';
import { adminScope, canAdministerUnit, grantableRoles, isPlatformAdmin, type Principal, type PrincipalRole } from '../domain/authorization.js';
import { zoneForRegionCode, type IndonesianZone } from '../domain/regions.js';
import type { Role } from '../db/schema.js';
import type { UserWithUnit } from '../db/repositories/users.js';
import { errors, type FieldProblem } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { hashPassword, randomToken } from './crypto.js';
import { loadPrincipal } from './auth.js';
import { assertAdministrator, findVisibleUnit } from './org.js';

export interface ApiUser {
  id: number;
  login: string;
  nip: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  employmentType: 'PNS' | 'PPPK' | null;
  position: string | null;
  unit: { code: string; name: string } | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  timeZone: IndonesianZone;
  createdAt: string;
  lastLoginAt: string | null;
}

/** A user's time zone follows its unit's region (NTT is WITA); Jakarta time when unknown. */
export function zoneOfUser(user: Pick<UserWithUnit, 'unit_region_code'>): IndonesianZone {
  return (user.unit_region_code && zoneForRegionCode(user.unit_region_code)) || 'WIB';
}

export function toApiUser(u: UserWithUnit): ApiUser {
  return {
    id: u.id,
    login: u.login,
    nip: u.nip,
    name: u.name,
    email: u.email,
    phone: u.phone,
    employmentType: u.employment_type,
    position: u.position,
    unit: u.unit_code ? { code: u.unit_code, name: u.unit_name ?? '' } : null,
    status: u.status,
    mustChangePassword: u.must_change_password === 1,
    timeZone: zoneOfUser(u),
    createdAt: u.created_at,
    lastLoginAt: u.last_login_at,
  };
}

export interface ProvisionInput {
  nip?: string | null;
  login?: string | null;
  name: string;
  email?: string | null;
  phone?: string | null;
  employmentType?: 'PNS' | 'PPPK' | null;
  position?: string | null;
  unitCode: string;
  role?: Role;
  password?: string | null;
}

/**
 * An operator (or admin) creates an account inside its scope. The account must change its
 * password at first sign-in. Without a password given, a random initial one is generated and
 * returned once.
 */
export async function provisionUser(ctx: AppContext, actor: Actor & { principal: Principal }, input: ProvisionInput): Promise<{ user: UserWithUnit; initialPassword: string }> {
  assertAdministrator(actor.principal);
  const fields: Record<string, FieldProblem[]> = {};
  if (!input.name?.trim()) fields.name = [{ key: 'error.field.required' }];
  let nip: string | null = null;
  let kind: 'PNS' | 'PPPK' | null = input.employmentType ?? null;
  if (input.nip) {
    const parsed = parseEmployeeNumber(input.nip, { referenceYear: ctx.clock().getUTCFullYear() });
    if (!parsed.ok) fields.nip = [{ key: `nip.invalid.${parsed.reason}` }];
    else {
      nip = parsed.value.normalized;
      kind = kind ?? parsed.value.kind;
    }
  }
  const login = (input.login?.trim().toLowerCase() || nip || '').trim();
  if (!login) fields.login = [{ key: 'error.field.required' }];
  else if (!/^[a-z0-9._-]{3,64}$/.test(login)) fields.login = [{ key: 'error.field.invalid' }];
  const unit = input.unitCode ? await findVisibleUnit(ctx, actor.principal, input.unitCode).catch(() => undefined) : undefined;
  if (!unit) fields.unitCode = [{ key: input.unitCode ? 'error.not_found' : 'error.field.required' }];
  const role = input.role ?? 'participant';
  if (!grantableRoles(actor.principal).includes(role)) fields.role = [{ key: 'error.forbidden' }];
  const email = input.email?.trim().toLowerCase() || null;
  if (input.password) {
    const res = checkPassword(input.password, { nip, login, email });
    if (!res.ok) fields.password = res.reasons.map((r) => ({ key: `password.problem.${r}` as const }));
  }
  if (Object.keys(fields).length) throw errors.validation(fields);

  if ((await ctx.repos.users.findByLogin(login)) || (nip && (await ctx.repos.users.findByNip(nip)))) {
    throw errors.conflict('user_exists', 'error.conflict');
  }
  if (email && (await ctx.repos.users.findByEmail(email))) throw errors.validation({ email: [{ key: 'error.conflict' }] });

  const initialPassword = input.password || generateInitialPassword();
  const now = ctx.clock().toISOString();
  const id = await ctx.repos.users
    .insert({
    login,
    nip,
    name: input.name.trim(),
    email,
    phone: input.phone?.trim() || null,
    employment_type: kind,
    position: input.position?.trim() || null,
    unit_id: unit!.id,
    password_hash: await hashPassword(initialPassword),
    must_change_password: 1,
    locale: null,
    status: 'active',
    created_at: now,
    updated_at: now,
    password_changed_at: null,
    last_login_at: null,
    })
    .catch(async (err: unknown) => {
      // Lost a race with a concurrent provisioning of the same person: a conflict, not a 500.
      if ((await ctx.repos.users.findByLogin(login)) || (nip && (await ctx.repos.users.findByNip(nip)))) throw errors.conflict('user_exists', 'error.conflict');
      if (email && (await ctx.repos.users.findByEmail(email))) throw errors.validation({ email: [{ key: 'error.conflict' }] });
      throw err;
    });
  await ctx.repos.users.addRole({ user_id: id, role, unit_id: role === 'participant' || role === 'platform_admin' ? null : unit!.id, cohort_id: null, created_at: now, created_by: actor.userId });
  await audit(ctx, actor, 'user.created', { type: 'user', id }, { login, unit: unit!.code, role });
  return { user: (await ctx.repos.users.findById(id))!, initialPassword };
}

/** A readable random initial password (about 60 bits), handed over once by the operator. */
export function generateInitialPassword(): string {
  return randomToken(12).replace(/[-_]/g, 'x').slice(0, 14);
}

/** A user visible to the principal: itself, or one whose unit lies in its scope; otherwise not found (never forbidden). */
export async function getVisibleUser(ctx: AppContext, principal: Principal, id: number): Promise<UserWithUnit> {
  const user = await ctx.repos.users.findById(id);
  if (!user) throw errors.notFound();
  if (user.id === principal.userId) return user;
  if (!canAdministerUnit(principal, user.unit_path)) throw errors.notFound();
  return user;
}

/**
 * Users in the principal's scope, oldest id first after the cursor. `q` matches login, NIP (separators
 * ignored), name or email; `unit` (a unit code inside the scope, else 404) narrows to that unit and below.
 */
export async function listVisibleUsers(ctx: AppContext, principal: Principal, opts: { cursor?: number; limit: number; q?: string; unit?: string }) {
  assertAdministrator(principal);
  const scope = adminScope(principal);
  const within = opts.unit ? (await findVisibleUnit(ctx, principal, opts.unit)).path : undefined;
  let q = opts.q?.trim() || undefined;
  if (q && /^[\d\s.\-]+$/.test(q)) q = normalizeEmployeeNumber(q) || q;
  const rows = await ctx.repos.users.listInScope({ unitPaths: scope, afterId: opts.cursor, limit: opts.limit + 1, q, withinPath: within });
  const items = rows.slice(0, opts.limit);
  return { items, nextCursor: rows.length > opts.limit ? items[items.length - 1]!.id : null };
}

export type UserRoleView = { id: number; role: Role; unit: { code: string; name: string } | null; unitPath: string | null; cohortId: number | null };

export function roleView(r: PrincipalRole): UserRoleView {
  return { id: r.id, role: r.role, unit: r.unitCode ? { code: r.unitCode, name: r.unitName ?? '' } : null, unitPath: r.unitPath, cohortId: r.cohortId };
}

/** A user in the administrator's scope with its role assignments (404 outside the scope). */
export async function getUserDetail(ctx: AppContext, principal: Principal, id: number): Promise<{ user: UserWithUnit; roles: UserRoleView[] }> {
  assertAdministrator(principal);
  const user = await getVisibleUser(ctx, principal, id);
  const target = await loadPrincipal(ctx, user.id);
  return { user, roles: target.roles.map(roleView) };
}

/** Role assignments of a page of users, by user id. */
export async function rolesOfUsers(ctx: AppContext, userIds: number[]): Promise<Map<number, UserRoleView[]>> {
  const rows = await ctx.repos.users.rolesOfUsers(userIds);
  const out = new Map<number, UserRoleView[]>();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, role: r.role, unit: r.unit_code ? { code: r.unit_code, name: r.unit_name ?? '' } : null, unitPath: r.unit_path, cohortId: r.cohort_id });
    out.set(r.user_id, list);
  }
  return out;
}

/**
 * Whether the administrator outranks every role the target holds: a unit operator may act on
 * participants and facilitators, an agency admin also on operators inside its scope, a platform
 * admin on anyone. Keeps an operator from taking over a peer's or a superior's account.
 */
export function canManageUser(actor: Principal, target: Principal): boolean {
  if (isPlatformAdmin(actor)) return true;
  if (actor.userId === target.userId) return false;
  const grantable = grantableRoles(actor);
  return target.roles.every((r) => grantable.includes(r.role) && (r.unitPath === null || canAdministerUnit(actor, r.unitPath)));
}

/**
 * An administrator resets the password of a user in its scope: a new random initial password (returned
 * once), a forced change at the next sign-in, every session and reset link of the user ended.
 */
export async function resetUserPassword(ctx: AppContext, actor: Actor & { principal: Principal }, userId: number): Promise<{ user: UserWithUnit; initialPassword: string }> {
  assertAdministrator(actor.principal);
  const user = await getVisibleUser(ctx, actor.principal, userId);
  if (user.id === actor.principal.userId) throw errors.conflict('own_password', 'admin.users.resetOwn');
  if (!canManageUser(actor.principal, await loadPrincipal(ctx, user.id))) throw errors.forbidden();
  const initialPassword = generateInitialPassword();
  const now = ctx.clock().toISOString();
  await ctx.repos.users.update(user.id, { password_hash: await hashPassword(initialPassword), must_change_password: 1, updated_at: now });
  const sessionsEnded = await ctx.repos.sessions.deleteAllOfUser(user.id);
  await ctx.repos.passwordResets.invalidateForUser(user.id, now);
  await audit(ctx, actor, 'user.password_reset_by_admin', { type: 'user', id: user.id }, { sessionsEnded });
  return { user: (await ctx.repos.users.findById(user.id))!, initialPassword };
}

export async function grantRole(ctx: AppContext, actor: Actor & { principal: Principal }, userId: number, input: { role: Role; unitCode?: string | null }) {
  assertAdministrator(actor.principal);
  const user = await getVisibleUser(ctx, actor.principal, userId);
  if (!grantableRoles(actor.principal).includes(input.role)) throw errors.forbidden();
  let unitId: number | null = null;
  if (input.role === 'agency_admin' || input.role === 'unit_operator') {
    const unit = input.unitCode ? await findVisibleUnit(ctx, actor.principal, input.unitCode).catch(() => undefined) : undefined;
    if (!unit) throw errors.validation({ unitCode: [{ key: input.unitCode ? 'error.not_found' : 'error.field.required' }] });
    unitId = unit.id;
  } else if (input.role === 'platform_admin' && !isPlatformAdmin(actor.principal)) {
    throw errors.forbidden();
  }
  const id = await ctx.repos.users.addRole({ user_id: user.id, role: input.role, unit_id: unitId, cohort_id: null, created_at: ctx.clock().toISOString(), created_by: actor.userId });
  await audit(ctx, actor, 'user.role_granted', { type: 'user', id: user.id }, { role: input.role, unitCode: unitId === null ? null : (input.unitCode ?? null), assignmentId: id });
  const roles = (await loadPrincipal(ctx, user.id)).roles;
  return { assignment: roleView(roles.find((r) => r.id === id)!), roles: roles.map(roleView) };
}

export async function revokeRole(ctx: AppContext, actor: Actor & { principal: Principal }, userId: number, assignmentId: number) {
  assertAdministrator(actor.principal);
  const user = await getVisibleUser(ctx, actor.principal, userId);
  const roles = await loadPrincipal(ctx, user.id);
  const target = roles.roles.find((r) => r.id === assignmentId);
  if (!target) throw errors.notFound();
  if (!grantableRoles(actor.principal).includes(target.role)) throw errors.forbidden();
  if (target.unitPath && !canAdministerUnit(actor.principal, target.unitPath)) throw errors.forbidden();
  if (user.id === actor.userId && target.role === 'platform_admin') throw errors.conflict('cannot_revoke_own_admin', 'admin.users.revokeOwnAdmin');
  await ctx.repos.users.removeRole(user.id, assignmentId);
  await audit(ctx, actor, 'user.role_revoked', { type: 'user', id: user.id }, { role: target.role, assignmentId });
}

/** Creates a platform admin from the command line (`lentera user:create-admin`). */
export async function createPlatformAdmin(ctx: AppContext, input: { login: string; name: string; email?: string | null; password: string; mustChangePassword: boolean }) {
  const login = input.login.trim().toLowerCase();
  const res = checkPassword(input.password, { login, email: input.email ?? null });
  if (!res.ok) throw new Error(`password rejected: ${res.reasons.join(', ')}`);
  const existing = await ctx.repos.users.findByLogin(login);
  const now = ctx.clock().toISOString();
  const passwordHash = await hashPassword(input.password);
  let id: number;
  if (existing) {
    id = existing.id;
    await ctx.repos.users.update(id, { password_hash: passwordHash, must_change_password: input.mustChangePassword ? 1 : 0, updated_at: now, status: 'active' });
  } else {
    id = await ctx.repos.users.insert({
      login, nip: null, name: input.name, email: input.email?.toLowerCase() ?? null, phone: null, employment_type: null, position: null, unit_id: null,
      password_hash: passwordHash, must_change_password: input.mustChangePassword ? 1 : 0, locale: null, status: 'active', created_at: now, updated_at: now,
      password_changed_at: now, last_login_at: null,
    });
  }
  await ctx.repos.users.addRole({ user_id: id, role: 'platform_admin', unit_id: null, cohort_id: null, created_at: now, created_by: null });
  await audit(ctx, { userId: null, ip: 'cli' }, existing ? 'user.admin_reset_by_cli' : 'user.admin_created_by_cli', { type: 'user', id });
  return id;
}
