// Public verification of a certificate by its code (no sign-in): one indexed lookup, the data the
// certificate printed (from its content snapshot) with the NIP masked, and its status. Only issued
// and revoked certificates are public; a certificate still in the pipeline is "not found".
// Requests are limited per client address (VERIFY_RATE_LIMIT_PER_MINUTE) by a small fixed-window
// counter kept in memory (per instance; the limit is about stopping code enumeration, not billing).
import { isVerificationCode, maskNip } from '../../domain/certificate-number.js';
import { errors } from '../../http/errors.js';
import type { AppContext } from '../context.js';
import type { CertificateContent } from './pdf.js';

/** What a certificate stores of its PDF once generated: the printed content without the photo bytes. */
export type ContentSnapshot = Omit<CertificateContent, 'photo'> & { hasPhoto: boolean };

export function parseSnapshot(text: string | null): ContentSnapshot | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as ContentSnapshot;
  } catch {
    return null;
  }
}

export interface VerifiedCertificate {
  status: 'valid' | 'revoked';
  number: string;
  holderName: string;
  /** First four and last three digits, the rest `*` (same length). */
  nipMasked: string | null;
  programme: string;
  cohort: string;
  unit: string | null;
  agency: string | null;
  /** Local date (YYYY-MM-DD) printed on the certificate. */
  issuedOn: string;
  issuedAt: string | null;
  jp: number;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** The certificate of a verification code, or 404 not_found (unknown, malformed, or not issued yet). */
export async function verifyCertificate(ctx: AppContext, code: string): Promise<VerifiedCertificate> {
  if (!isVerificationCode(code)) throw errors.notFound();
  const row = await ctx.repos.certificates.findByCode(code.toUpperCase());
  if (!row || (row.status !== 'issued' && row.status !== 'revoked')) throw errors.notFound();
  const snap = parseSnapshot(row.content);
  // Revoked before it was ever generated: nothing was printed, nothing to show.
  if (!snap) throw errors.notFound();
  return {
    status: row.status === 'issued' ? 'valid' : 'revoked',
    number: row.number ?? snap.number,
    holderName: snap.holderName,
    nipMasked: maskNip(snap.nip),
    programme: snap.programmeTitle,
    cohort: snap.cohortName,
    unit: snap.unitName || null,
    agency: snap.agencyName || null,
    issuedOn: snap.issuedOn,
    issuedAt: row.issued_at,
    jp: snap.jp,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
  };
}

/** Addresses tracked per minute; past it, new addresses share one budget (see VerifyRateLimiter). */
export const VERIFY_LIMITER_MAX_ADDRESSES = 50_000;
const OVERFLOW = '\u0000overflow';

/**
 * A fixed-window counter per address: `hit(address)` is false once the address used up its minute.
 * Memory is bounded: the map is emptied when the minute changes, and within a minute it holds at
 * most `maxAddresses` entries (a flood of distinct addresses, e.g. forged X-Forwarded-For behind
 * TRUST_PROXY, would otherwise grow it without limit); addresses beyond that share one counter.
 */
export class VerifyRateLimiter {
  private window = -1;
  private counts = new Map<string, number>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxAddresses = VERIFY_LIMITER_MAX_ADDRESSES,
  ) {}

  /** Addresses currently tracked (for tests and diagnostics). */
  get size(): number {
    return this.counts.size;
  }

  /** Whether the request may go ahead, and in how many seconds the window resets. */
  hit(address: string): { allowed: boolean; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const t = this.now();
    const window = Math.floor(t / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const key = this.counts.has(address) || this.counts.size < this.maxAddresses ? address : OVERFLOW;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return { allowed: n <= this.perMinute, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * 60_000 - t) / 1000)) };
  }
}
