/**
 * Time-zone display and local calendar dates for Indonesia's three zones.
 *
 * Pure: relies only on `Intl` (never on the machine's TZ). Indonesian zones have fixed
 * offsets and no daylight saving time: WIB = UTC+7, WITA = UTC+8, WIT = UTC+9.
 * Month names come from fixed tables so the output does not depend on the ICU version.
 */

export type IndonesianZone = 'WIB' | 'WITA' | 'WIT';
export type DisplayLocale = 'id' | 'en';

export const INDONESIAN_ZONES: readonly IndonesianZone[] = ['WIB', 'WITA', 'WIT'];

export const IANA_ZONE: Readonly<Record<IndonesianZone, string>> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

/** Fixed offset from UTC in minutes (no DST in Indonesia). */
export const ZONE_UTC_OFFSET_MINUTES: Readonly<Record<IndonesianZone, number>> = {
  WIB: 7 * 60,
  WITA: 8 * 60,
  WIT: 9 * 60,
};

const MONTHS_LONG: Readonly<Record<DisplayLocale, readonly string[]>> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const MONTHS_SHORT: Readonly<Record<DisplayLocale, readonly string[]>> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number; // 0..23
  minute: number;
}

const formatterCache = new Map<IndonesianZone, Intl.DateTimeFormat>();

function formatterFor(zone: IndonesianZone): Intl.DateTimeFormat {
  let f = formatterCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: IANA_ZONE[zone],
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
      era: 'short',
    });
    formatterCache.set(zone, f);
  }
  return f;
}

function toDate(instant: Date | string): Date {
  const d = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
  if (Number.isNaN(d.getTime())) {
    throw new RangeError(`Invalid instant: ${String(instant)}`);
  }
  return d;
}

function assertZone(zone: IndonesianZone): void {
  if (!Object.prototype.hasOwnProperty.call(IANA_ZONE, zone)) {
    throw new RangeError(`Unknown Indonesian time zone: ${String(zone)}`);
  }
}

/**
 * Local calendar parts in an Indonesian zone. WIB, WITA and WIT have fixed offsets (+7, +8, +9, no
 * daylight saving), so this is arithmetic, not Intl (which is slow on hot paths); a test checks it
 * agrees with Intl for the IANA zones.
 */
function localParts(instant: Date | string, zone: IndonesianZone): LocalParts {
  assertZone(zone);
  const d = toDate(instant);
  const shifted = new Date(d.getTime() + ZONE_UTC_OFFSET_MINUTES[zone] * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

/** The same parts computed by Intl for the IANA zone (used by the tests to check the arithmetic). */
export function localPartsViaIntl(instant: Date | string, zone: IndonesianZone): LocalParts {
  const parts = formatterFor(zone).formatToParts(toDate(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((x) => x.type === type)?.value);
  const era = parts.find((x) => x.type === 'era')?.value ?? 'AD';
  const rawYear = get('year');
  return { year: era === 'BC' || era === 'B' ? 1 - rawYear : rawYear, month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

export { localParts };

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => (n < 0 ? '-' + String(-n).padStart(4, '0') : String(n).padStart(4, '0'));

function assertLocale(locale: DisplayLocale): void {
  if (locale !== 'id' && locale !== 'en') throw new RangeError(`Unsupported locale: ${String(locale)}`);
}

/**
 * "28 Nov 2026, 10.25 WITA" (id: dot as time separator) or "28 Nov 2026, 10:25 WITA" (en).
 */
export function formatDateTime(instant: Date | string, zone: IndonesianZone, locale: DisplayLocale): string {
  assertLocale(locale);
  const p = localParts(instant, zone);
  const sep = locale === 'id' ? '.' : ':';
  const month = MONTHS_SHORT[locale][p.month - 1];
  return `${p.day} ${month} ${p.year}, ${pad2(p.hour)}${sep}${pad2(p.minute)} ${zone}`;
}

/** "28 November 2026" (id month names Januari … Desember; en January … December). */
export function formatDate(instant: Date | string, zone: IndonesianZone, locale: DisplayLocale): string {
  assertLocale(locale);
  const p = localParts(instant, zone);
  return `${p.day} ${MONTHS_LONG[locale][p.month - 1]} ${p.year}`;
}

/** The local calendar date ('YYYY-MM-DD') of an instant in the given zone. */
export function localDate(instant: Date, zone: IndonesianZone): string {
  const p = localParts(instant, zone);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict 'YYYY-MM-DD' that is a real calendar date; null otherwise. */
export function parseLocalDate(value: string): { year: number; month: number; day: number } | null {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isLocalDate(value: string): boolean {
  return parseLocalDate(value) !== null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function requireLocalDate(value: string): { year: number; month: number; day: number } {
  const p = parseLocalDate(value);
  if (!p) throw new RangeError(`Invalid local date (expected YYYY-MM-DD): ${String(value)}`);
  return p;
}

function utcMidnight(p: { year: number; month: number; day: number }): number {
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
}

/** The UTC instant of local midnight at the start of `localDate` in `zone`. */
export function startOfLocalDay(localDateValue: string, zone: IndonesianZone): Date {
  assertZone(zone);
  const p = requireLocalDate(localDateValue);
  return new Date(utcMidnight(p) - ZONE_UTC_OFFSET_MINUTES[zone] * 60_000);
}

/** Adds `n` (an integer, may be negative) calendar days to a 'YYYY-MM-DD' date. */
export function addDays(localDateValue: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  const p = requireLocalDate(localDateValue);
  const d = new Date(utcMidnight(p) + n * 86_400_000);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
