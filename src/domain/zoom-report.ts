// The participant report that Zoom exports (issue 6, part 3): recognising its layouts and reading its
// rows into UTC join/leave instants. Pure: no I/O, the caller hands in the uploaded bytes.
//
// Layouts handled:
// - the plain participant table: `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest[,Recording Consent,In Waiting Room]`
//   (and spellings such as `Name`, `Participant`, `Email`, `User Name (Original Name)`, `Time in Session (minutes)`);
// - "with meeting summary": a block `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants`
//   with one data row, a blank line, then the participant table;
// - webinar reports with several sections (host, panelists, attendees): every recognised participant header
//   starts a table, a one-cell line (a section title) ends it.
// Separators `,`, `;` (Excel re-saved in an Indonesian locale) or tab; quoted fields; UTF-8 BOM; CRLF.
// Zoom writes wall-clock times in the account's zone without an offset: the caller says which zone.
import { parse as parseCsv } from 'csv-parse/sync';
import { ZONE_UTC_OFFSET_MINUTES, daysInMonth, type IndonesianZone } from './time.js';

export interface ZoomParticipantRow {
  /** 1-based line in the file. */
  line: number;
  name: string;
  email: string | null;
  joinAt: Date;
  leaveAt: Date;
  durationMinutes: number | null;
  guest: boolean | null;
}

export interface ZoomReportMeta {
  meetingId?: string;
  topic?: string;
  startAt?: Date;
  endAt?: Date;
  participantsReported?: number;
}

export type ZoomRowErrorCode = 'missing_column' | 'bad_time' | 'leave_before_join' | 'empty_name' | 'not_a_zoom_report';

export interface ZoomReportError {
  line: number;
  code: ZoomRowErrorCode;
  detail?: string;
}

export interface ZoomReportParse {
  meta: ZoomReportMeta;
  rows: ZoomParticipantRow[];
  errors: ZoomReportError[];
}

type Column = 'name' | 'email' | 'join' | 'leave' | 'duration' | 'guest' | 'attended';

/** Header spellings, compared lower-case with everything but letters and digits removed. */
const PARTICIPANT_ALIASES: Record<Column, readonly string[]> = {
  name: ['nameoriginalname', 'name', 'participant', 'participantname', 'username', 'usernameoriginalname', 'displayname', 'nama', 'namanamaasli', 'namapeserta', 'peserta'],
  email: ['useremail', 'email', 'emailaddress', 'participantemail', 'emailpengguna', 'surel'],
  join: ['jointime', 'join', 'joined', 'waktubergabung', 'bergabung', 'waktumasuk'],
  leave: ['leavetime', 'leave', 'left', 'waktukeluar', 'keluar', 'waktumeninggalkan'],
  duration: ['durationminutes', 'duration', 'timeinsessionminutes', 'durasimenit', 'durasi'],
  guest: ['guest', 'tamu'],
  // Webinar reports list registrants who never came with Attended = No and "--" times.
  attended: ['attended', 'hadir'],
};
const COLUMNS = Object.keys(PARTICIPANT_ALIASES) as Column[];

type MetaColumn = 'meetingId' | 'topic' | 'startAt' | 'endAt' | 'participants';
const META_ALIASES: Record<MetaColumn, readonly string[]> = {
  meetingId: ['meetingid', 'webinarid', 'idrapat', 'idpertemuan'],
  topic: ['topic', 'topik'],
  startAt: ['starttime', 'actualstarttime', 'waktumulai'],
  endAt: ['endtime', 'waktuselesai'],
  participants: ['participants', 'uniqueviewers', 'peserta', 'jumlahpeserta'],
};

const squash = (s: string): string => s.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

function columnsOf(cells: string[], aliases: Record<string, readonly string[]>): Map<string, number> {
  const found = new Map<string, number>();
  cells.forEach((cell, i) => {
    const h = squash(cell);
    if (!h) return;
    for (const [col, names] of Object.entries(aliases)) {
      if (!found.has(col) && names.includes(h)) {
        found.set(col, i);
        break;
      }
    }
  });
  return found;
}

/**
 * A participant header has a name column and at least one of join, leave, duration (a name and an
 * email alone are any list of people, e.g. the participant sheet of provisioning).
 */
function participantHeader(cells: string[]): Map<Column, number> | null {
  const cols = columnsOf(cells, PARTICIPANT_ALIASES) as Map<Column, number>;
  if (!cols.has('name')) return null;
  if (!cols.has('join') && !cols.has('leave') && !cols.has('duration')) return null;
  return cols;
}

function metaHeader(cells: string[]): Map<MetaColumn, number> | null {
  const cols = columnsOf(cells, META_ALIASES) as Map<MetaColumn, number>;
  return cols.has('meetingId') || (cols.has('topic') && cols.has('startAt')) ? cols : null;
}

interface Rec {
  line: number;
  cells: string[];
}

/** Parses the text into records with their starting line; line endings are normalised first so counting is exact. */
function records(text: string, delimiter: string): Rec[] {
  const parsed = parseCsv(text, {
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    raw: true,
  }) as { record: string[]; raw: string }[];
  const out: Rec[] = [];
  let line = 1;
  for (const r of parsed) {
    out.push({ line, cells: r.record });
    let breaks = 0;
    for (let i = 0; i < r.raw.length; i++) if (r.raw.charCodeAt(i) === 10) breaks++;
    line += Math.max(1, breaks);
  }
  return out;
}

const isBlank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');

// ---------------------------------------------------------------------------------------------------
// Dates

type SlashOrder = 'mdy' | 'dmy';

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Time part: hh:mm[:ss] or hh.mm[.ss] (Indonesian Excel) with an optional AM/PM.
const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*([AaPp])\.?\s*[Mm]\.?)?`;
const SLASH_DATE = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+` + TIME + String.raw`)?$`);
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+` + TIME + String.raw`)?$`);
// "Nov 28, 2026 08:05:09 AM" (newer Zoom web exports) and "28 Nov 2026 08.05" (Indonesian).
const MONTH_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:[ ,]+` + TIME + String.raw`)?$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})(?:[ ,]+` + TIME + String.raw`)?$`);
const MONTH_NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, mei: 5, jun: 6, jul: 7, aug: 8, agu: 8, agt: 8, ags: 8, sep: 9, oct: 10, okt: 10, nov: 11, dec: 12, des: 12,
};
const monthOfName = (name: string): number => MONTH_NAMES[name.slice(0, 3).toLowerCase()] ?? 0;

function buildClock(year: number, month: number, day: number, h: string | undefined, mi: string | undefined, s: string | undefined, ampm: string | undefined): WallClock | null {
  let hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second };
}

function parseWallClock(raw: string, order: SlashOrder): WallClock | null {
  const v = raw.trim().replace(/\s+/g, ' ');
  let m = ISO_DATE.exec(v);
  if (m) return buildClock(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7]);
  m = MONTH_FIRST.exec(v);
  if (m) return buildClock(Number(m[3]), monthOfName(m[1]!), Number(m[2]), m[4], m[5], m[6], m[7]);
  m = DAY_FIRST.exec(v);
  if (m) return buildClock(Number(m[3]), monthOfName(m[2]!), Number(m[1]), m[4], m[5], m[6], m[7]);
  m = SLASH_DATE.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const [month, day] = order === 'mdy' ? [a, b] : [b, a];
    return buildClock(Number(m[3]), month, day, m[4], m[5], m[6], m[7]);
  }
  return null;
}

function toUtc(c: WallClock, zone: IndonesianZone): Date {
  const d = new Date(0);
  d.setUTCFullYear(c.year, c.month - 1, c.day);
  d.setUTCHours(c.hour, c.minute, c.second, 0);
  return new Date(d.getTime() - ZONE_UTC_OFFSET_MINUTES[zone] * 60_000);
}

/**
 * Day/month order of slash dates, decided once per file: Zoom writes MM/DD/YYYY; a file re-saved by
 * Excel in an Indonesian locale has DD/MM/YYYY. A first number above 12 proves DD/MM, a second above
 * 12 proves MM/DD; when nothing proves either, `;`-separated files (the Indonesian Excel signature)
 * are read DD/MM and everything else MM/DD.
 */
function slashOrder(values: string[], delimiter: string): SlashOrder {
  let dmy = false;
  let mdy = false;
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(v);
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[2]) > 12) mdy = true;
  }
  if (dmy && !mdy) return 'dmy';
  if (mdy && !dmy) return 'mdy';
  return delimiter === ';' ? 'dmy' : 'mdy';
}

// ---------------------------------------------------------------------------------------------------

const SECTION_TITLE = /\b(details|report|summary|information|attendees?|panelists?|hosts?)\b|:$/i;

interface Layout {
  delimiter: string;
  recs: Rec[];
}

/** Tries the separators in turn; the first with which a participant header is recognised wins. */
function layoutOf(text: string): Layout | null {
  for (const delimiter of [',', ';', '\t']) {
    let recs: Rec[];
    try {
      recs = records(text, delimiter);
    } catch {
      continue;
    }
    if (recs.some((r) => participantHeader(r.cells))) return { delimiter, recs };
  }
  return null;
}

function yesNo(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (['yes', 'y', 'ya', 'true', '1'].includes(v)) return true;
  if (['no', 'n', 'tidak', 'false', '0'].includes(v)) return false;
  return null;
}

function minutes(raw: string): number | null {
  const v = raw.trim().replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(v)) return null;
  return Number(v);
}

/** Zoom writes "--" or nothing for an absent email. */
function emailOf(raw: string): string | null {
  const v = raw.trim();
  return v && v !== '--' && v.includes('@') ? v : null;
}

/**
 * Bytes to text: UTF-8 (Zoom's export); UTF-16 with a BOM (Excel's "Unicode Text"); otherwise, when
 * the bytes are not valid UTF-8, Windows-1252 (Excel's "CSV" save on Windows, where "é" is one byte).
 */
function decode(input: Buffer | string): string {
  if (typeof input === 'string') return input;
  if (input.length >= 2 && input[0] === 0xff && input[1] === 0xfe) return new TextDecoder('utf-16le').decode(input);
  if (input.length >= 2 && input[0] === 0xfe && input[1] === 0xff) return new TextDecoder('utf-16be').decode(input);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return new TextDecoder('windows-1252').decode(input);
  }
}

/** Reads a Zoom participant report. Bad rows are reported with their line and do not stop the others. */
export function parseZoomReport(input: Buffer | string, opts: { zone: IndonesianZone }): ZoomReportParse {
  const text = decode(input).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const layout = layoutOf(text);
  const meta: ZoomReportMeta = {};
  if (!layout) return { meta, rows: [], errors: [{ line: 1, code: 'not_a_zoom_report' }] };
  const { recs, delimiter } = layout;

  // Pass 1: find the summary block and the participant tables; collect date strings for the day/month order.
  const dateValues: string[] = [];
  let metaCells: { cols: Map<MetaColumn, number>; cells: string[] } | null = null;
  const tables: { header: Rec; cols: Map<Column, number>; data: Rec[] }[] = [];
  let current: (typeof tables)[number] | null = null;
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i]!;
    if (isBlank(r.cells)) continue;
    const ph = participantHeader(r.cells);
    if (ph) {
      current = { header: r, cols: ph, data: [] };
      tables.push(current);
      continue;
    }
    if (!metaCells && !current) {
      const mh = metaHeader(r.cells);
      if (mh) {
        // The summary's values are on the next non-blank line.
        let j = i + 1;
        while (j < recs.length && isBlank(recs[j]!.cells)) j++;
        const values = recs[j];
        if (values && !participantHeader(values.cells)) {
          metaCells = { cols: mh, cells: values.cells };
          for (const k of ['startAt', 'endAt'] as const) {
            const idx = mh.get(k);
            if (idx !== undefined) dateValues.push(values.cells[idx] ?? '');
          }
          i = j;
        }
        continue;
      }
    }
    if (!current) continue;
    // A section title (webinar reports: "Attendee Details") is skipped: only the first cell filled, in a
    // table whose names are not in the first column or with a section word. A plain table's row with
    // only a name stays a data row (and is reported).
    const nonEmpty = r.cells.filter((c) => c.trim() !== '').length;
    const first = (r.cells[0] ?? '').trim();
    if (nonEmpty === 1 && first !== '' && (current.cols.get('name') !== 0 || SECTION_TITLE.test(first))) continue;
    current.data.push(r);
    for (const k of ['join', 'leave'] as const) {
      const idx = current.cols.get(k);
      if (idx !== undefined) dateValues.push(r.cells[idx] ?? '');
    }
  }

  const order = slashOrder(dateValues, delimiter);
  const errors: ZoomReportError[] = [];
  const rows: ZoomParticipantRow[] = [];

  if (metaCells) {
    const get = (k: MetaColumn): string | undefined => {
      const idx = metaCells!.cols.get(k);
      const v = idx === undefined ? undefined : metaCells!.cells[idx]?.trim();
      return v ? v : undefined;
    };
    const id = get('meetingId');
    if (id) meta.meetingId = id;
    const topic = get('topic');
    if (topic) meta.topic = topic;
    for (const k of ['startAt', 'endAt'] as const) {
      const v = get(k);
      const c = v ? parseWallClock(v, order) : null;
      if (c) meta[k] = toUtc(c, opts.zone);
    }
    const p = get('participants');
    if (p && /^\d+$/.test(p.replace(/[.,\s]/g, ''))) meta.participantsReported = Number(p.replace(/[.,\s]/g, ''));
  }

  for (const t of tables) {
    const missing = (['join', 'leave'] as const).filter((c) => !t.cols.has(c));
    if (missing.length) {
      for (const c of missing) errors.push({ line: t.header.line, code: 'missing_column', detail: c === 'join' ? 'Join Time' : 'Leave Time' });
      continue;
    }
    const cell = (r: Rec, c: Column): string => {
      const idx = t.cols.get(c);
      return idx === undefined ? '' : (r.cells[idx] ?? '');
    };
    for (const r of t.data) {
      if (t.cols.has('attended') && yesNo(cell(r, 'attended')) === false) continue;
      const name = cell(r, 'name').trim().replace(/\s+/g, ' ');
      if (!name) {
        errors.push({ line: r.line, code: 'empty_name' });
        continue;
      }
      const joinRaw = cell(r, 'join');
      const leaveRaw = cell(r, 'leave');
      const join = parseWallClock(joinRaw, order);
      const leave = parseWallClock(leaveRaw, order);
      if (!join || !leave) {
        errors.push({ line: r.line, code: 'bad_time', detail: (!join ? joinRaw : leaveRaw).trim().slice(0, 60) });
        continue;
      }
      const joinAt = toUtc(join, opts.zone);
      const leaveAt = toUtc(leave, opts.zone);
      if (leaveAt.getTime() < joinAt.getTime()) {
        errors.push({ line: r.line, code: 'leave_before_join' });
        continue;
      }
      rows.push({
        line: r.line,
        name,
        email: emailOf(cell(r, 'email')),
        joinAt,
        leaveAt,
        durationMinutes: minutes(cell(r, 'duration')),
        guest: t.cols.has('guest') ? yesNo(cell(r, 'guest')) : null,
      });
    }
  }
  return { meta, rows, errors };
}
