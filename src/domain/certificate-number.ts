// Certificate numbers and verification (pure): the configurable number pattern, the masked NIP shown
// on the public verification page, and the shape of verification codes.

/** The pattern of a new programme's certificates, e.g. "12/ORIENT-PPPK/KPU/2026". */
export const DEFAULT_NUMBER_PATTERN = '{seq}/ORIENT-PPPK/{agency}/{year}';
export const MAX_PATTERN_LENGTH = 120;
export const MAX_SEQ_WIDTH = 10;

/** What the placeholders of a pattern are filled with. */
export interface NumberParts {
  /** 1, 2, 3, … per agency and year, without gaps. */
  seq: number;
  /** The participant's agency code. */
  agency: string;
  year: number;
  /** The programme's code. */
  programme: string;
  /** The cohort's code. */
  cohort: string;
}

const PLACEHOLDER = /\{([a-z]+)(?::(\d+))?\}/g;
const KNOWN = new Set(['seq', 'agency', 'year', 'programme', 'cohort']);

export type PatternProblem = 'empty' | 'too_long' | 'no_seq' | 'unknown_placeholder' | 'bad_width' | 'stray_brace';

/**
 * Checks a number pattern: {seq} must appear (it makes numbers unique within an agency and year),
 * only known placeholders, a width only on {seq} (1–10), no stray braces. Null when it is fine.
 */
export function patternProblem(pattern: string): PatternProblem | null {
  if (pattern.trim() === '') return 'empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return 'too_long';
  let seq = false;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    const [, name, width] = m;
    if (!KNOWN.has(name!)) return 'unknown_placeholder';
    if (width !== undefined) {
      const w = Number(width);
      if (name !== 'seq' || w < 1 || w > MAX_SEQ_WIDTH) return 'bad_width';
    }
    if (name === 'seq') seq = true;
  }
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ''))) return 'stray_brace';
  if (!seq) return 'no_seq';
  return null;
}

/** Fills a (valid) pattern. {seq:4} pads with zeros to 4 digits; longer numbers are never cut. */
export function formatCertificateNumber(pattern: string, parts: NumberParts): string {
  return pattern.replace(PLACEHOLDER, (whole, name: string, width: string | undefined) => {
    switch (name) {
      case 'seq':
        return String(parts.seq).padStart(width ? Number(width) : 0, '0');
      case 'agency':
        return parts.agency;
      case 'year':
        return String(parts.year);
      case 'programme':
        return parts.programme;
      case 'cohort':
        return parts.cohort;
      default:
        return whole;
    }
  });
}

/**
 * The NIP as the public verification page shows it: the first four and the last three digits, every
 * other character replaced by `*` so the length stays ("1990***********001"). Short values are fully
 * masked; null stays null.
 */
export function maskNip(nip: string | null | undefined): string | null {
  if (!nip) return null;
  const s = nip.replace(/\s+/g, '');
  if (s.length <= 7) return '*'.repeat(s.length);
  return s.slice(0, 4) + '*'.repeat(s.length - 7) + s.slice(-3);
}

/** RFC 4648 base32 alphabet: URL-safe, no look-alike lower/upper case issues once upper-cased. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 20 base32 characters = 100 random bits. */
export const VERIFICATION_CODE_LENGTH = 20;

/** A verification code from random bytes (at least 13 bytes for the 20 characters). */
export function verificationCodeFrom(bytes: Uint8Array): string {
  if (bytes.length * 8 < VERIFICATION_CODE_LENGTH * 5) throw new RangeError('not enough random bytes for a verification code');
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < VERIFICATION_CODE_LENGTH) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Whether text can be a verification code (checked before any query; case-insensitive). */
const CODE_RE = new RegExp(`^[A-Za-z2-7]{${VERIFICATION_CODE_LENGTH}}$`);
export const isVerificationCode = (text: string): boolean => CODE_RE.test(text);

/** The calendar year of a local date (YYYY-MM-DD). */
export const yearOf = (localDate: string): number => Number(localDate.slice(0, 4));
