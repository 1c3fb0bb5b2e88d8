import { test } from 'node:test';
import assert from 'node:assert/strict';
import ical from 'node-ical';
import { sessionsToIcs, type CalendarSession } from './calendar.js';

const SESSIONS: CalendarSession[] = [
  {
    uid: 'live-41@lentera',
    title: 'Pembukaan Orientasi PPPK: Pola Pikir, Platform; dan "Budaya Kerja"',
    description: 'Narasumber: Dr. Sébastião Ximenes, M.Si (LAN RI)\nTopik: panduan platform; pola pikir ASN, BerAKHLAK.\n\nTautan bergabung ada di halaman sesi — dibuka 30 menit sebelum mulai. '.repeat(3),
    startAt: new Date('2026-11-28T00:00:00Z'), // 08.00 WITA
    endAt: new Date('2026-11-28T03:00:00Z'),
    url: 'https://lentera.example/live/41',
    location: 'Zoom (tautan di halaman sesi)',
    updatedAt: new Date('2026-11-20T10:15:30Z'),
  },
  {
    uid: 'live-42@lentera',
    title: 'Kerangka Kompetensi PPPK',
    description: 'Baris satu\r\nBaris dua; koma, titik koma; garis miring \\ selesai',
    startAt: new Date('2026-11-28T04:00:00Z'),
    endAt: new Date('2026-11-28T05:30:00Z'),
    url: 'https://lentera.example/live/42?tab=ringkasan&x=1',
    updatedAt: new Date('2026-11-21T00:00:00Z'),
  },
  {
    uid: 'live-43@lentera',
    title: 'Pengarahan Teknis (dibatalkan)',
    description: '',
    startAt: new Date('2026-11-29T01:00:00Z'),
    endAt: new Date('2026-11-29T02:00:00Z'),
    url: 'https://lentera.example/live/43',
    location: null,
    updatedAt: new Date('2026-11-22T08:00:00Z'),
    cancelled: true,
  },
];

function events(text: string) {
  const parsed = ical.sync.parseICS(text);
  return Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
}

const textOf = (v: unknown): string => (typeof v === 'string' ? v : ((v as { val?: string } | undefined)?.val ?? ''));

test('round trip: UTC instants, UIDs, escaped text with diacritics, commas, semicolons and newlines', () => {
  const text = sessionsToIcs({ name: 'Sesi Langsung — Orientasi PPPK', sessions: SESSIONS, ttlMinutes: 60 });
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /\r\nMETHOD:PUBLISH\r\n/);
  assert.match(text, /\r\nDTSTART:20261128T000000Z\r\n/);
  assert.match(text, /\r\nX-PUBLISHED-TTL:PT1H\r\n/);
  // Folded to lines of at most 75 octets.
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);

  const evs = events(text);
  assert.deepEqual(evs.map((e) => e.uid), SESSIONS.map((s) => s.uid));
  for (const [i, s] of SESSIONS.entries()) {
    const e = evs[i]!;
    assert.equal(e.start.toISOString(), s.startAt.toISOString(), s.uid);
    assert.equal(e.end?.toISOString(), s.endAt.toISOString(), s.uid);
    assert.equal(textOf(e.summary), s.title, s.uid);
    assert.equal(textOf(e.description), s.description.replace(/\r\n/g, '\n'), s.uid);
    assert.equal(textOf(e.url), s.url, s.uid);
    assert.equal(textOf(e.location), s.location ?? '', s.uid);
    assert.equal(e.dtstamp?.toISOString(), s.updatedAt.toISOString(), s.uid);
    assert.equal(e.status, s.cancelled ? 'CANCELLED' : 'CONFIRMED', s.uid);
  }
  // A later update has a higher SEQUENCE, so clients replace their copy.
  const later = sessionsToIcs({ name: 'x', sessions: [{ ...SESSIONS[0]!, updatedAt: new Date('2026-11-25T00:00:00Z') }] });
  assert.ok(Number(events(later)[0]!.sequence) > Number(evs[0]!.sequence));
});

test('deterministic output: the same sessions give the same bytes', () => {
  assert.equal(sessionsToIcs({ name: 'a', sessions: SESSIONS }), sessionsToIcs({ name: 'a', sessions: SESSIONS }));
});

test('the calendar name is escaped as TEXT', () => {
  const text = sessionsToIcs({ name: 'Sesi; Lentera, PPPK\\NTT\nbaru', sessions: [] });
  assert.match(text, /\r\nNAME:Sesi\\; Lentera\\, PPPK\\\\NTT\\nbaru\r\n/);
  assert.match(text, /\r\nX-WR-CALNAME:Sesi\\; Lentera\\, PPPK\\\\NTT\\nbaru\r\n/);
});

test('an empty calendar is valid and has no events', () => {
  const text = sessionsToIcs({ name: 'Kalender kosong', sessions: [] });
  assert.match(text, /BEGIN:VCALENDAR[\s\S]*END:VCALENDAR/);
  assert.doesNotMatch(text, /VEVENT/);
  assert.deepEqual(events(text), []);
});
