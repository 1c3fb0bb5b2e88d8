// Learning hours (JP, jam pelajaran = 45 minutes) per employee and calendar year (pure), from the
// rules in shared/domain.md:
// - PNS: at least 20 JP of competency development a year — a year below that is flagged "short";
// - PPPK: at most 24 JP a year (PP 49/2018 art. 40), the orientation not counted — a year above is
//   flagged "exceeded", never blocked.
// Years are calendar years of completion in the participant's zone.
import { parseEmployeeNumber } from './nip.js';
import type { EmploymentType } from './employment.js';

export const PNS_MIN_JP = 20;
export const PPPK_MAX_JP = 24;

export type HoursFlag = 'pns_short' | 'pppk_exceeded';
export const HOURS_FLAGS: readonly HoursFlag[] = ['pns_short', 'pppk_exceeded'];

/**
 * Whether a programme is an orientation (of new PPPK / CPNS): its code or title says so
 * ("ORIENT-PPPK-2025", "Orientasi PPPK …"). An orientation never counts toward the PPPK cap.
 */
export function isOrientationProgramme(p: { code: string; title: string }): boolean {
  return /orient/i.test(p.code) || /\borienta(si|tion)\b/i.test(p.title);
}

/** The employment type: the stored one, else the kind of the employee number (NIP → PNS, NI PPPK → PPPK); null when unknown. */
export function employmentOf(u: { employment_type: EmploymentType | null; nip: string | null }, referenceYear?: number): EmploymentType | null {
  if (u.employment_type) return u.employment_type;
  if (!u.nip) return null;
  const parsed = parseEmployeeNumber(u.nip, referenceYear ? { referenceYear } : {});
  return parsed.ok ? parsed.value.kind : null;
}

/** The calendar year of a local date 'YYYY-MM-DD'. */
export const yearOfLocalDate = (localDate: string): number => Number(localDate.slice(0, 4));

export interface HoursRecord {
  year: number;
  jp: number;
  countsTowardLimit: boolean;
}

export interface YearTotal {
  year: number;
  /** Every JP of the year. */
  totalJp: number;
  /** The JP measured against the rule: PNS all of them; PPPK without the orientation. */
  countedJp: number;
  /** JP of the year not counted (the orientation, for PPPK). */
  excludedJp: number;
  programmes: number;
  flag: HoursFlag | null;
}

/** The flag of one year's counted JP for an employment type (null: within the rule, or the type unknown). */
export function flagOf(employment: EmploymentType | null, countedJp: number): HoursFlag | null {
  if (employment === 'PNS' && countedJp < PNS_MIN_JP) return 'pns_short';
  if (employment === 'PPPK' && countedJp > PPPK_MAX_JP) return 'pppk_exceeded';
  return null;
}

/**
 * Yearly totals, newest year first. `years` adds years without any record (e.g. the current year, so a
 * PNS without any JP yet shows as short).
 */
export function yearlyTotals(records: readonly HoursRecord[], employment: EmploymentType | null, years: readonly number[] = []): YearTotal[] {
  const byYear = new Map<number, { total: number; counted: number; n: number }>();
  for (const y of years) byYear.set(y, { total: 0, counted: 0, n: 0 });
  for (const r of records) {
    const t = byYear.get(r.year) ?? { total: 0, counted: 0, n: 0 };
    t.total += r.jp;
    t.n += 1;
    if (employment !== 'PPPK' || r.countsTowardLimit) t.counted += r.jp;
    byYear.set(r.year, t);
  }
  return [...byYear]
    .sort((a, b) => b[0] - a[0])
    .map(([year, t]) => ({ year, totalJp: t.total, countedJp: t.counted, excludedJp: t.total - t.counted, programmes: t.n, flag: flagOf(employment, t.counted) }));
}
