// iCalendar (.ics) for live sessions (issue 6, part 5): one file per session and the subscribable
// per-participant feed. Pure string building (no I/O); the routes decide who may see which sessions.
//
// - Times are written in UTC ("…Z"): valid in every client without shipping VTIMEZONE blocks, and
//   each client shows them in its own zone (WIB, WITA or WIT).
// - UIDs are stable (e.g. `live-<activityId>@lentera`) so a re-fetched feed updates events in place;
//   SEQUENCE follows `updatedAt`, so an edit or a cancellation wins over the copy a client holds.
// - The text never carries the meeting's join URL or passcode: `url` must be the platform's session
//   page, where the link is revealed to enrolled participants at the configured time.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface CalendarSession {
  uid: string;
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  /** The platform's session page (never the meeting's join URL). */
  url: string;
  location?: string | null;
  updatedAt: Date;
  cancelled?: boolean;
}

/** Seconds since 2020-01-01: a SEQUENCE that grows with every update and fits a 32-bit integer for a century. */
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1);
function sequenceOf(updatedAt: Date): number {
  return Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH) / 1000));
}

/**
 * ical-generator 10.2 escapes event text but writes the calendar NAME / X-WR-CALNAME raw; they are TEXT
 * values (RFC 5545 §3.3.11), so backslash, semicolon, comma and line breaks are escaped here.
 */
function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => '\\' + c).replace(/\r?\n|\r/g, '\\n');
}

export function sessionsToIcs(opts: { name: string; sessions: CalendarSession[]; ttlMinutes?: number }): string {
  const cal = ical({
    name: escapeText(opts.name),
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: 'Lentera', product: 'Lentera', language: 'ID' },
    ...(opts.ttlMinutes !== undefined ? { ttl: Math.max(1, Math.round(opts.ttlMinutes)) * 60 } : {}),
  });
  for (const s of opts.sessions) {
    cal.createEvent({
      id: s.uid,
      start: s.startAt,
      end: s.endAt,
      summary: s.title,
      description: s.description,
      url: s.url,
      location: s.location ?? null,
      // DTSTAMP from the data, not the clock: the same sessions give the same bytes (cacheable, testable).
      stamp: s.updatedAt,
      lastModified: s.updatedAt,
      sequence: sequenceOf(s.updatedAt),
      status: s.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
