// Sign-in, sessions, API tokens, password change and reset.
import { normalizeEmployeeNumber } from '../domain/nip.js';
import { checkPassword, type PasswordProblem } from '../domain/password-policy.js';
import type { Principal } from '../domain/authorization.js';
import { errors, AppError } from '../http/errors.js';
import { translate, type Locale } from '../i18n/index.js';
import { formatDateTime, type IndonesianZone } from '../domain/time.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { dummyPasswordHash, hashPassword, randomToken, sha256, verifyPassword } from './crypto.js';
import type { UserWithUnit } from '../db/repositories/users.js';
import { zoneOfUser } from './users.js';
import { activationCodeMatches } from './activation.js';

/** Session activity is written at most this often (a read on every request, a write every few minutes). */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
export const API_TOKEN_PREFIX = 'lnt_';
/** The longest sign-in identifier (an email address may have 320 characters). Longer input is refused before any lookup or throttle row. */
export const MAX_IDENTIFIER_LENGTH = 320;
/** No identifier contains these (and PostgreSQL text cannot hold NUL): refused before any query. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export interface ResolvedAuth {
  userId: number;
  mustChangePassword: boolean;
  locale: Locale | null;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: number;
  /** The user as loaded with the session (saves a query per request). */
  user?: UserWithUnit;
}

/** How a sign-in identifier is looked up: an NIP (18 digits once separators go), an email, or a login name. */
export function classifyIdentifier(raw: string): { by: 'nip' | 'email' | 'login'; value: string } {
  const trimmed = raw.trim();
  const digits = normalizeEmployeeNumber(trimmed);
  if (/^\d{18}$/.test(digits)) return { by: 'nip', value: digits };
  if (trimmed.includes('@')) return { by: 'email', value: trimmed.toLowerCase() };
  return { by: 'login', value: trimmed.toLowerCase() };
}

async function findUserByIdentifier(ctx: AppContext, raw: string): Promise<UserWithUnit | undefined> {
  if (raw.length > MAX_IDENTIFIER_LENGTH + 64 || CONTROL_CHARACTERS.test(raw)) return undefined;
  const id = classifyIdentifier(raw);
  if (id.by === 'nip') return (await ctx.repos.users.findByNip(id.value)) ?? ctx.repos.users.findByLogin(id.value);
  if (id.by === 'email') return ctx.repos.users.findByEmail(id.value);
  return ctx.repos.users.findByLogin(id.value);
}

/**
 * Throttle keys. A known account is counted under its id, whichever identifier names it (NIP, email or
 * login name), so spelling it differently does not multiply the attempts; an unknown identifier is
 * counted under its normalized form, with the same limits (the throttle does not reveal which exists).
 */
function throttleKeys(identifier: string, ip: string, user: Pick<UserWithUnit, 'id'> | undefined) {
  const id = user ? `u:${user.id}` : `n:${classifyIdentifier(identifier).value}`;
  return { account: `acct:${id}`, accountAddress: `acct-ip:${id}|${ip}`, address: `ip:${ip}` };
}

function throttleLimits(ctx: AppContext) {
  const c = ctx.config;
  return {
    windowMs: c.LOGIN_THROTTLE_WINDOW_SECONDS * 1000,
    limits: {
      account: c.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      accountAddress: c.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS,
      address: c.LOGIN_MAX_FAILURES_PER_ADDRESS,
    },
  };
}

export class ThrottledError extends AppError {}

function throttled(ctx: AppContext, until: Date, locale: Locale, zone: IndonesianZone): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - ctx.clock().getTime()) / 1000));
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const time = formatDateTime(until, zone, locale).split(', ').pop()!;
  return errors.rateLimited(seconds, 'login.throttled', { minutes, time });
}

export interface LoginInput {
  identifier: string;
  password: string;
  ip: string;
  userAgent: string | null;
  locale: Locale;
}

/** Checks the credentials (with throttling) and opens a session. Returns the raw session token for the cookie. */
export async function login(ctx: AppContext, input: LoginInput): Promise<{ user: UserWithUnit; token: string; mustChangePassword: boolean }> {
  if (input.identifier.trim().length > MAX_IDENTIFIER_LENGTH) throw errors.validation({ login: [{ key: 'error.field.tooLong' }] });
  if (CONTROL_CHARACTERS.test(input.identifier)) throw errors.validation({ login: [{ key: 'error.field.invalid' }] });
  const now = ctx.clock();
  const user = input.identifier.trim() ? await findUserByIdentifier(ctx, input.identifier) : undefined;
  const keys = throttleKeys(input.identifier, input.ip, user);
  const { windowMs, limits } = throttleLimits(ctx);
  const rows = await ctx.repos.throttles.find(Object.values(keys));
  const blockedUntil = rows
    .map((r) => (r.blocked_until ? new Date(r.blocked_until) : null))
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (blockedUntil) throw throttled(ctx, blockedUntil, input.locale, user ? zoneOfUser(user) : 'WIB');

  let ok = user?.password_hash ? await verifyPassword(user.password_hash, input.password) : (await verifyPassword(await dummyPasswordHash(), input.password), false);
  // Bulk-provisioned participants (and re-issued codes) sign in once with their activation code in the
  // password field: the code is used up, any old password dropped, and a new password must be chosen.
  let activated = false;
  if (!ok && user?.activation_code_hash && user.status === 'active' && activationCodeMatches(ctx.config.activationKey, user.activation_code_hash, input.password)) {
    ok = activated = await ctx.repos.provisioning.consumeActivationCode(user.id, user.activation_code_hash, now.toISOString());
  }

  if (!user || !ok) {
    const nowIso = now.toISOString();
    const windowStartedBefore = new Date(now.getTime() - windowMs).toISOString();
    const blockUntil = (start: string) => new Date(new Date(start).getTime() + windowMs).toISOString();
    await ctx.repos.throttles.recordFailure(keys.account, nowIso, windowStartedBefore, limits.account, blockUntil);
    await ctx.repos.throttles.recordFailure(keys.accountAddress, nowIso, windowStartedBefore, limits.accountAddress, blockUntil);
    await ctx.repos.throttles.recordFailure(keys.address, nowIso, windowStartedBefore, limits.address, blockUntil);
    if (user) await audit(ctx, { userId: null, ip: input.ip, userAgent: input.userAgent }, 'auth.login_failed', { type: 'user', id: user.id });
    throw errors.invalidCredentials();
  }
  if (user.status !== 'active') throw errors.forbidden('login.disabled');

  await ctx.repos.throttles.clear([keys.accountAddress]);
  if (activated) await audit(ctx, { userId: user.id, ip: input.ip, userAgent: input.userAgent }, 'auth.activation_code_used', { type: 'user', id: user.id });
  const token = await openSession(ctx, user.id, input.ip, input.userAgent);
  await ctx.repos.users.update(user.id, { last_login_at: now.toISOString() });
  // Day 1 of a participant's personal clock is the first sign-in after enrolment.
  await ctx.repos.learning.markFirstSignIn(user.id, now.toISOString());
  return { user: activated ? { ...user, activation_code_hash: null, password_hash: null, must_change_password: 1 } : user, token, mustChangePassword: activated || user.must_change_password === 1 };
}

export async function openSession(ctx: AppContext, userId: number, ip: string | null, userAgent: string | null): Promise<string> {
  const now = ctx.clock();
  const token = randomToken(32);
  await ctx.repos.sessions.create({
    id: sha256(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3600_000).toISOString(),
    ip,
    user_agent: userAgent ? userAgent.slice(0, 300) : null,
  });
  return token;
}

/** Resolves a session cookie to its user; slides the expiry, writing at most every few minutes. */
export async function resolveSession(ctx: AppContext, token: string): Promise<ResolvedAuth | null> {
  if (!token || token.length > 128) return null;
  const now = ctx.clock();
  const id = sha256(token);
  const row = await ctx.repos.sessions.findLive(id, now.toISOString());
  if (!row || row.status !== 'active') return null;
  if (now.getTime() - new Date(row.session_last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await ctx.repos.sessions.touch(id, now.toISOString(), new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3600_000).toISOString());
  }
  const { session_id: _s, session_last_seen_at: _l, ...user } = row;
  return { userId: row.id, mustChangePassword: row.must_change_password === 1, locale: (row.locale as Locale | null) ?? null, via: 'session', sessionId: id, user };
}

export async function resolveApiToken(ctx: AppContext, token: string): Promise<ResolvedAuth | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 128) return null;
  const now = ctx.clock();
  const row = await ctx.repos.apiTokens.findLiveByHash(sha256(token), now.toISOString());
  if (!row || row.status !== 'active') return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > TOUCH_INTERVAL_MS) {
    await ctx.repos.apiTokens.markUsed(row.token_id, now.toISOString());
  }
  return { userId: row.user_id, mustChangePassword: row.must_change_password === 1, locale: (row.locale as Locale | null) ?? null, via: 'token', tokenId: row.token_id };
}

export async function loadPrincipal(ctx: AppContext, userId: number): Promise<Principal> {
  const roles = await ctx.repos.users.rolesWithUnits(userId);
  return {
    userId,
    roles: roles.map((r) => ({ id: r.id, role: r.role, unitId: r.unit_id, unitPath: r.unit_path, unitCode: r.unit_code, unitName: r.unit_name, cohortId: r.cohort_id })),
  };
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.repos.sessions.delete(sessionId);
}

/** Ends every session of the user except (optionally) the current one. */
export async function signOutEverywhere(ctx: AppContext, actor: Actor & { userId: number }, keepSessionId?: string): Promise<number> {
  const n = await ctx.repos.sessions.deleteAllOfUser(actor.userId, keepSessionId);
  await audit(ctx, actor, 'auth.sign_out_everywhere', { type: 'user', id: actor.userId }, { sessionsEnded: n });
  return n;
}

function passwordProblems(problems: PasswordProblem[]) {
  return problems.map((p) => ({ key: `password.problem.${p}` as const }));
}

/** Validates a new password against the policy for this user; throws validation_failed on the `field`. */
export function assertPasswordAcceptable(user: Pick<UserWithUnit, 'nip' | 'login' | 'email'>, password: string, field = 'newPassword'): void {
  const res = checkPassword(password, { nip: user.nip, login: user.login, email: user.email });
  if (!res.ok) throw errors.validation({ [field]: passwordProblems(res.reasons) });
}

export async function setPassword(ctx: AppContext, userId: number, password: string): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.repos.users.update(userId, { password_hash: await hashPassword(password), must_change_password: 0, password_changed_at: now, updated_at: now });
}

/** The signed-in user changes its own password; other sessions end. */
export async function changePassword(ctx: AppContext, actor: Actor & { userId: number }, input: { currentPassword: string; newPassword: string; keepSessionId?: string }): Promise<void> {
  const user = await ctx.repos.users.findById(actor.userId);
  if (!user) throw errors.unauthenticated();
  // An account activated with a one-time code has no password yet: its session is the proof.
  const activatedWithoutPassword = user.password_hash === null && user.must_change_password === 1 && user.activation_code_hash === null;
  if (!activatedWithoutPassword && (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword)))) {
    throw errors.validation({ currentPassword: [{ key: 'password.currentWrong' }] }, 'password.currentWrong');
  }
  if (input.currentPassword === input.newPassword) throw errors.validation({ newPassword: [{ key: 'password.problem.common' }] });
  assertPasswordAcceptable(user, input.newPassword);
  await setPassword(ctx, user.id, input.newPassword);
  await ctx.repos.sessions.deleteAllOfUser(user.id, input.keepSessionId);
  await ctx.repos.passwordResets.invalidateForUser(user.id, ctx.clock().toISOString());
  await audit(ctx, actor, 'auth.password_changed', { type: 'user', id: user.id });
}

/** Reset links mailed per account per throttle window at most. */
export const MAX_RESET_MAILS_PER_WINDOW = 3;

/** Sends a one-time reset link when the account exists and has an email. Says nothing about which. */
export async function requestPasswordReset(ctx: AppContext, input: { identifier: string; ip: string | null; locale: Locale }): Promise<void> {
  const user = input.identifier.trim() ? await findUserByIdentifier(ctx, input.identifier) : undefined;
  if (!user || !user.email || user.status !== 'active') return;
  const now = ctx.clock();
  // A mailbox is not flooded: a few links per account per throttle window, then silence (still 202).
  const key = `reset:u:${user.id}`;
  const windowMs = ctx.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000;
  const [row] = await ctx.repos.throttles.find([key]);
  if (row?.blocked_until && new Date(row.blocked_until).getTime() > now.getTime()) return;
  await ctx.repos.throttles.recordFailure(key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString(), MAX_RESET_MAILS_PER_WINDOW, (start) =>
    new Date(new Date(start).getTime() + windowMs).toISOString(),
  );
  const token = randomToken(32);
  const minutes = ctx.config.PASSWORD_RESET_TTL_MINUTES;
  await ctx.repos.passwordResets.insert({
    user_id: user.id,
    token_hash: sha256(token),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
    ip: input.ip,
  });
  const locale = (user.locale as Locale | null) ?? input.locale;
  const url = `${ctx.config.publicUrl}/password/reset?token=${encodeURIComponent(token)}`;
  await audit(ctx, { userId: null, ip: input.ip }, 'auth.password_reset_requested', { type: 'user', id: user.id });
  // Not awaited: how long the mail server takes must not tell whether the account exists.
  ctx.mailer
    .send({ to: user.email, subject: translate(locale, 'reset.email.subject'), text: translate(locale, 'reset.email.body', { name: user.name, minutes, url }) })
    .catch((err: unknown) => ctx.log.error({ err, userId: user.id }, 'password reset email could not be sent'));
}

export async function isResetTokenLive(ctx: AppContext, token: string): Promise<boolean> {
  if (!token || token.length > 128) return false;
  return !!(await ctx.repos.passwordResets.findLive(sha256(token), ctx.clock().toISOString()));
}

/** Sets a new password with a live reset token (used once); ends every session of the user. */
export async function confirmPasswordReset(ctx: AppContext, input: { token: string; newPassword: string; ip: string | null; userAgent?: string | null }): Promise<void> {
  const now = ctx.clock().toISOString();
  const live = input.token && input.token.length <= 128 ? await ctx.repos.passwordResets.findLive(sha256(input.token), now) : undefined;
  if (!live) throw errors.validation({ token: [{ key: 'reset.invalid' }] }, 'reset.invalid');
  const user = await ctx.repos.users.findById(live.user_id);
  if (!user) throw errors.validation({ token: [{ key: 'reset.invalid' }] }, 'reset.invalid');
  assertPasswordAcceptable(user, input.newPassword);
  const userId = await ctx.repos.passwordResets.consume(sha256(input.token), now);
  if (userId !== user.id) throw errors.validation({ token: [{ key: 'reset.invalid' }] }, 'reset.invalid');
  await setPassword(ctx, user.id, input.newPassword);
  await ctx.repos.sessions.deleteAllOfUser(user.id);
  // Any other link still in a mailbox must not set the password again.
  await ctx.repos.passwordResets.invalidateForUser(user.id, now);
  // The holder of the emailed link acts as the account owner.
  await audit(ctx, { userId: user.id, ip: input.ip, userAgent: input.userAgent ?? null }, 'auth.password_reset', { type: 'user', id: user.id });
}
