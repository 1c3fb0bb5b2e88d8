/**
 * Indonesian civil-servant employee numbers: NIP (PNS) and NI PPPK. Both are 18 digits.
 *
 *   NIP (PNS):  YYYYMMDD (birth) + YYYYMM (TMT CPNS)      + G + SSS   e.g. 19870412 201001 1 003
 *   NI PPPK:    YYYYMMDD (birth) + YYYY (appointment) + TT + G + SSS   e.g. 19950107 2022 21 2 016
 *
 * Digits 13–14 (1-based) tell the two apart: a month 01–12 → PNS; 21..99 → PPPK
 * (21 observed for full-time, 24 for part-time). G: 1 male, 2 female. SSS: 001–999.
 */

export type NipKind = 'PNS' | 'PPPK';
export type Gender = 'male' | 'female';

export const NIP_INVALID_REASONS = [
  'not_18_digits',
  'invalid_birth_date',
  'implausible_birth_year',
  'invalid_appointment',
  'implausible_appointment_year',
  'invalid_gender_digit',
  'invalid_sequence',
] as const;

/** Machine code; the UI translates it via the i18n key `nip.invalid.<reason>`. */
export type NipInvalidReason = (typeof NIP_INVALID_REASONS)[number];

export interface EmployeeNumber {
  /** 18 digits, separators removed. */
  normalized: string;
  kind: NipKind;
  /** YYYY-MM-DD */
  birthDate: string;
  /** PNS: year + month of TMT CPNS; PPPK: year only (month null). */
  appointment: { year: number; month: number | null };
  gender: Gender;
  sequence: number;
}

export type ParseEmployeeNumberResult =
  | { ok: true; value: EmployeeNumber }
  | { ok: false; reason: NipInvalidReason };

export interface ParseEmployeeNumberOptions {
  /** Year used for plausibility checks; defaults to the current UTC year at call time. */
  referenceYear?: number;
}

export const MIN_BIRTH_YEAR = 1940;
export const MIN_AGE_AT_APPOINTMENT = 15;
export const MIN_APPOINTMENT_YEAR = 1970;

/** Separators users type or paste: whitespace (incl. NBSP), dots, hyphens and dashes. */
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212]/g;

/** Removes separators (spaces, dots, dashes). Does not validate. */
export function normalizeEmployeeNumber(input: string): string {
  return input.replace(SEPARATORS, '');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Kind implied by digits 13–14, or null when they are neither a month nor ≥ 21. */
function kindOfCode(code: number): NipKind | null {
  if (code >= 1 && code <= 12) return 'PNS';
  if (code >= 21 && code <= 99) return 'PPPK';
  return null;
}

export function parseEmployeeNumber(
  input: string,
  opts: ParseEmployeeNumberOptions = {},
): ParseEmployeeNumberResult {
  const referenceYear = opts.referenceYear ?? new Date().getUTCFullYear();
  const fail = (reason: NipInvalidReason): ParseEmployeeNumberResult => ({ ok: false, reason });

  if (typeof input !== 'string') return fail('not_18_digits');
  const normalized = normalizeEmployeeNumber(input);
  if (!/^[0-9]{18}$/.test(normalized)) return fail('not_18_digits');

  const num = (from: number, to: number): number => Number(normalized.slice(from, to));

  // Birth date: digits 1–8.
  const by = num(0, 4);
  const bm = num(4, 6);
  const bd = num(6, 8);
  if (bm < 1 || bm > 12 || bd < 1 || bd > daysIn(by, bm)) return fail('invalid_birth_date');
  if (by < MIN_BIRTH_YEAR || by > referenceYear - MIN_AGE_AT_APPOINTMENT) return fail('implausible_birth_year');

  // Appointment: digits 9–12 year, 13–14 month (PNS) or type code (PPPK).
  const ay = num(8, 12);
  const code = num(12, 14);
  const kind = kindOfCode(code);
  if (kind === null) return fail('invalid_appointment');
  if (ay < MIN_APPOINTMENT_YEAR || ay > referenceYear + 1 || ay < by + MIN_AGE_AT_APPOINTMENT) {
    return fail('implausible_appointment_year');
  }

  // Gender: digit 15.
  const g = normalized[14];
  if (g !== '1' && g !== '2') return fail('invalid_gender_digit');

  // Sequence: digits 16–18.
  const sequence = num(15, 18);
  if (sequence < 1) return fail('invalid_sequence');

  return {
    ok: true,
    value: {
      normalized,
      kind,
      birthDate: `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${normalized.slice(6, 8)}`,
      appointment: { year: ay, month: kind === 'PNS' ? code : null },
      gender: g === '1' ? 'male' : 'female',
      sequence,
    },
  };
}

export function isValidEmployeeNumber(input: string, opts?: ParseEmployeeNumberOptions): boolean {
  return parseEmployeeNumber(input, opts).ok;
}

/**
 * Groups an employee number for display:
 *   PNS  "19870412 201001 1 003"
 *   PPPK "19950107 2022 21 2 016"
 * Separators in the input are ignored. Input that is not 18 digits is returned trimmed
 * and otherwise unchanged (display never throws).
 */
export function formatEmployeeNumber(normalized: string): string {
  const n = normalizeEmployeeNumber(normalized);
  if (!/^[0-9]{18}$/.test(n)) return normalized.trim();
  const code = Number(n.slice(12, 14));
  if (code >= 21) {
    return `${n.slice(0, 8)} ${n.slice(8, 12)} ${n.slice(12, 14)} ${n[14]} ${n.slice(15)}`;
  }
  return `${n.slice(0, 8)} ${n.slice(8, 14)} ${n[14]} ${n.slice(15)}`;
}

export const MASK_CHAR = '•';

/**
 * Masks an employee number for display to others: the first four and last three digits
 * stay visible, the rest become '•' ("1995•••••••••••016"). Separators are removed first.
 * Values of 7 characters or fewer are masked entirely.
 */
export function maskEmployeeNumber(nip: string): string {
  const chars = [...normalizeEmployeeNumber(nip)];
  if (chars.length <= 7) return MASK_CHAR.repeat(chars.length);
  return chars.slice(0, 4).join('') + MASK_CHAR.repeat(chars.length - 7) + chars.slice(-3).join('');
}
