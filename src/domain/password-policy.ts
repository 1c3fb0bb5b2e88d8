/**
 * Password policy (NIST SP 800-63B style): length limits, no personal identifiers, not a
 * well-known password. Pure; returns machine codes the UI translates.
 */
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'contains_nip', 'contains_login', 'common'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** Lengths are counted in Unicode code points. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** Shortest digit run of the NIP that may not appear in the password (8 = the birth date). */
export const NIP_RUN_LENGTH = 8;
/** Login / e-mail local parts shorter than this are not checked. */
export const MIN_IDENTIFIER_LENGTH = 4;

export interface PasswordContext {
  nip?: string | null;
  login?: string | null;
  email?: string | null;
}

export type PasswordCheckResult = { ok: true } | { ok: false; reasons: PasswordProblem[] };

/** Separators ignored when looking for the NIP inside the password. */
const SEPARATORS = /[\s.\-_/\\,:\u2010-\u2015]/g;

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function containsNip(password: string, nip: string): boolean {
  const digits = nip.replace(/\D/g, '');
  if (digits.length < NIP_RUN_LENGTH) return false;
  const haystack = password.replace(SEPARATORS, '');
  const needles = new Set<string>();
  for (let i = 0; i + NIP_RUN_LENGTH <= digits.length; i++) needles.add(digits.slice(i, i + NIP_RUN_LENGTH));
  // The birth date is also commonly written day-first: DDMMYYYY.
  const birth = digits.slice(0, 8);
  needles.add(birth.slice(6, 8) + birth.slice(4, 6) + birth.slice(0, 4));
  for (const n of needles) if (haystack.includes(n)) return true;
  return false;
}

function containsIdentifier(password: string, ctx: PasswordContext): boolean {
  const lower = password.toLowerCase();
  const candidates: string[] = [];
  if (ctx.login) candidates.push(ctx.login.trim());
  if (ctx.email) {
    const email = ctx.email.trim();
    const at = email.lastIndexOf('@');
    candidates.push(at >= 0 ? email.slice(0, at) : email);
  }
  return candidates.some(
    (c) => codePointLength(c) >= MIN_IDENTIFIER_LENGTH && lower.includes(c.toLowerCase()),
  );
}

/** Trailing digits, punctuation, symbols and spaces ("Password123!" → "Password"). */
const TRAILING_NON_LETTERS = /[^\p{L}]+$/u;

export function isCommonPassword(password: string): boolean {
  const lower = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const base = lower.replace(TRAILING_NON_LETTERS, '');
  return base.length > 0 && base !== lower && COMMON_PASSWORDS.has(base);
}

export function checkPassword(password: string, ctx: PasswordContext = {}): PasswordCheckResult {
  const found = new Set<PasswordProblem>();
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) found.add('too_short');
  if (length > PASSWORD_MAX_LENGTH) found.add('too_long');
  if (ctx.nip && containsNip(password, ctx.nip)) found.add('contains_nip');
  if (containsIdentifier(password, ctx)) found.add('contains_login');
  if (isCommonPassword(password)) found.add('common');
  if (found.size === 0) return { ok: true };
  return { ok: false, reasons: PASSWORD_PROBLEMS.filter((p) => found.has(p)) };
}
