// The participant's personal day clock (pure). Day 1 is the local calendar date of the first
// sign-in after enrolment, or the cohort's "start by" date for those who have not signed in by
// then. Each day begins at local midnight in the participant's zone (WIB, WITA, WIT).
import { addDays, localDate, parseLocalDate, type IndonesianZone } from './time.js';

export interface DayClockInput {
  zone: IndonesianZone;
  /** The first successful sign-in after enrolment (ISO instant), if any. */
  firstSignInAt: string | null;
  /** The cohort's "start by" local date: the clock starts then for those who have not signed in. */
  startBy: string | null;
  /** The personal window length in days (e.g. 30); null for no window. */
  windowDays: number | null;
  /** Extra days granted by an operator (audited elsewhere). */
  extensionDays: number;
}

export interface DayClock {
  /** Local date of day 1, or null while the clock has not started. */
  day1: string | null;
  /** The day number today (1-based), or null before the clock starts. */
  today: number | null;
  /** Last local date of the window (inclusive), or null. */
  windowEndsOn: string | null;
  /** Local date of day `d`; null before the clock starts. */
  dateOfDay(d: number): string | null;
}

/** Whole days from local date a to local date b (b − a). */
export function daysBetween(a: string, b: string): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  if (!pa || !pb) throw new RangeError(`daysBetween: invalid dates ${a}, ${b}`);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

export function dayOne(input: Pick<DayClockInput, 'zone' | 'firstSignInAt' | 'startBy'>, now: Date): string | null {
  const today = localDate(now, input.zone);
  if (input.firstSignInAt) {
    const first = localDate(new Date(input.firstSignInAt), input.zone);
    if (!input.startBy || first <= input.startBy) return first;
  }
  if (input.startBy && today >= input.startBy) return input.startBy;
  return null;
}

export function dayClock(input: DayClockInput, now: Date): DayClock {
  const day1 = dayOne(input, now);
  const today = day1 ? daysBetween(day1, localDate(now, input.zone)) + 1 : null;
  const windowEndsOn = day1 && input.windowDays ? addDays(day1, input.windowDays - 1 + input.extensionDays) : null;
  return {
    day1,
    today,
    windowEndsOn,
    dateOfDay: (d) => (day1 ? addDays(day1, d - 1) : null),
  };
}

/** Days left in the window including today (0 once it has ended); null without a window or clock. */
export function daysLeft(clock: DayClock, now: Date, zone: IndonesianZone): number | null {
  if (!clock.windowEndsOn) return null;
  return Math.max(0, daysBetween(localDate(now, zone), clock.windowEndsOn) + 1);
}
