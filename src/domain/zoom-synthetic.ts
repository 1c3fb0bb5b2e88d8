// A seeded, realistic Zoom participant report ("with meeting summary" layout, 12-hour clock) for the
// demo fixture, other suites' tests and the import benchmark. Pure: returns the CSV text.
//
// Realism: people join around the start and leave around the end, with disconnections (several
// join/leave segments) and now and then two devices at once (overlapping segments); some are signed
// in (email shown), some renamed themselves "NIP - Name" as asked, others show their name in another
// case or with a device suffix; strangers (device names, operators) match nobody. Rows are ordered by
// join time, as Zoom does.
import { stringify } from 'csv-stringify/sync';
import { formatEmployeeNumber } from './nip.js';
import { seededRandom } from './random.js';
import { ZONE_UTC_OFFSET_MINUTES, type IndonesianZone } from './time.js';

export interface SyntheticZoomOptions {
  seed: number;
  meetingId: string;
  topic: string;
  startAt: Date;
  endAt: Date;
  zone: IndonesianZone;
  members: { name: string; email: string | null; nip: string | null }[];
  /** Join/leave segments per member, inclusive range; default [1, 3]. */
  segmentsPerPerson?: [number, number];
  /** Share of members with an email who appear signed in (email shown); default 0.6. */
  shareWithEmail?: number;
  /** Share of members with an NIP who renamed themselves "NIP - Name"; default 0.3. */
  shareRenamedWithNip?: number;
  /** People in the meeting who are not members (device names, operators); default 0. */
  strangers?: number;
  /** Prefix a UTF-8 BOM (as Zoom's export does); default true. */
  bom?: boolean;
  /** Host email in the summary block; default 'penyelenggara@lentera.test'. */
  hostEmail?: string;
}

/** How one member (or stranger) appears in the report: for tests that check the matching. */
export interface SyntheticZoomPerson {
  /** Index into `members`, null for a stranger. */
  member: number | null;
  displayName: string;
  email: string | null;
  renamedWithNip: boolean;
  segments: number;
}

const STRANGER_NAMES = ['iPhone', 'Galaxy A12', 'Redmi Note 9', 'OPPO A57', 'Operator Kab. Kupang', 'Ruang Rapat BKD', 'Admin KPU', 'vivo 1906', 'Laptop Kantor', 'Zoom user'];

const PLACES = ['Kupang', 'Ende', 'Atambua', 'Maumere', 'Waingapu', 'Kefamenanu', 'Soe', 'Larantuka', 'Bajawa', 'Ruteng'];

/** Distinct even after name normalisation (which drops numbers): "iPhone", …, "iPhone Kupang", … */
function strangerName(i: number): string {
  const base = STRANGER_NAMES[i % STRANGER_NAMES.length]!;
  const round = Math.floor(i / STRANGER_NAMES.length);
  if (round === 0) return base;
  const places: string[] = [];
  for (let r = round; r > 0; r = Math.floor((r - 1) / PLACES.length)) places.unshift(PLACES[(r - 1) % PLACES.length]!);
  return `${base} ${places.join(' ')}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "11/28/2026 08:05:09 AM" in the zone's wall clock. */
function zoomTime(instant: number, zone: IndonesianZone): string {
  const d = new Date(instant + ZONE_UTC_OFFSET_MINUTES[zone] * 60_000);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()} ${pad2(h12)}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export function syntheticZoomReport(o: SyntheticZoomOptions): { csv: string; rows: number; people: SyntheticZoomPerson[] } {
  const rnd = seededRandom(o.seed);
  const between = (a: number, b: number): number => a + rnd() * (b - a);
  const int = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
  const [segMin, segMax] = o.segmentsPerPerson ?? [1, 3];
  const shareWithEmail = o.shareWithEmail ?? 0.6;
  const shareRenamed = o.shareRenamedWithNip ?? 0.3;
  const start = o.startAt.getTime();
  const end = o.endAt.getTime();
  const length = Math.max(60_000, end - start);
  const MIN = 60_000;

  const people: SyntheticZoomPerson[] = [];
  const rows: { at: number; cells: string[] }[] = [];

  const emit = (person: SyntheticZoomPerson): void => {
    const n = person.segments;
    // The person's span: joins up to 15 minutes early or 20 late, leaves up to 30 early or 10 late.
    const first = start + between(-15, 20) * MIN;
    const last = Math.max(first + 5 * MIN, end + between(-30, 10) * MIN);
    // n - 1 cut points with short disconnections; sometimes the next device joins before the last left.
    const cuts = Array.from({ length: n - 1 }, () => between(first + MIN, last - MIN)).sort((a, b) => a - b);
    let segStart = first;
    for (let i = 0; i < n; i++) {
      const cut = i < n - 1 ? cuts[i]! : last;
      const segEnd = Math.max(segStart + 30_000, cut);
      const joinAt = Math.round(segStart / 1000) * 1000;
      const leaveAt = Math.round(segEnd / 1000) * 1000;
      rows.push({
        at: joinAt,
        cells: [person.displayName, person.email ?? '', zoomTime(joinAt, o.zone), zoomTime(leaveAt, o.zone), String(Math.max(1, Math.ceil((leaveAt - joinAt) / MIN))), person.email ? 'No' : 'Yes', 'Y', 'No'],
      });
      const overlap = rnd() < 0.1;
      segStart = overlap ? Math.max(segStart + 30_000, segEnd - between(1, 5) * MIN) : segEnd + between(0.5, 10) * MIN;
      if (segStart >= last) segStart = Math.max(segEnd - MIN, first);
    }
  };

  o.members.forEach((m, index) => {
    const withEmail = m.email !== null && rnd() < shareWithEmail;
    const renamed = m.nip !== null && rnd() < shareRenamed;
    let displayName: string;
    if (renamed) {
      const nip = rnd() < 0.7 ? m.nip!.replace(/\D/g, '') : formatEmployeeNumber(m.nip!);
      displayName = `${nip} - ${m.name}`;
    } else {
      const v = rnd();
      displayName = v < 0.15 ? m.name.toUpperCase() : v < 0.25 ? `${m.name} (HP)` : m.name;
    }
    const person: SyntheticZoomPerson = { member: index, displayName, email: withEmail ? m.email : null, renamedWithNip: renamed, segments: int(segMin, segMax) };
    people.push(person);
    emit(person);
  });
  for (let i = 0; i < (o.strangers ?? 0); i++) {
    const person: SyntheticZoomPerson = { member: null, displayName: strangerName(i), email: null, renamedWithNip: false, segments: int(1, 2) };
    people.push(person);
    emit(person);
  }

  rows.sort((a, b) => a.at - b.at); // stable: equal join times keep their order
  const summary = stringify(
    [
      ['Meeting ID', 'Topic', 'Start Time', 'End Time', 'User Email', 'Duration (Minutes)', 'Participants', ''],
      [o.meetingId, o.topic, zoomTime(start, o.zone), zoomTime(end, o.zone), o.hostEmail ?? 'penyelenggara@lentera.test', String(Math.round(length / MIN)), String(people.length), ''],
    ],
    { record_delimiter: '\r\n' },
  );
  const table = stringify(
    [['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)', 'Guest', 'Recording Consent', 'In Waiting Room'], ...rows.map((r) => r.cells)],
    { record_delimiter: '\r\n' },
  );
  const csv = (o.bom === false ? '' : '\uFEFF') + summary + '\r\n' + table;
  return { csv, rows: rows.length, people };
}
