// Attendance from a Zoom participant report (issue 6, part 3): grouping the rows of one person,
// matching people to the cohort and merging join/leave segments without double-counting. Pure.
//
// Matching order: email (case-insensitive) → an NIP / NI PPPK written in the display name
// ("NIP - Name", separators tolerated) → the normalised name within the cohort. Everything is
// looked up in Maps built once, so the cost is linear in rows + members.
import { normalizeEmployeeNumber, parseEmployeeNumber } from './nip.js';
import type { ZoomParticipantRow } from './zoom-report.js';

export interface Segment {
  start: Date;
  end: Date;
}

/** Sorted by start; overlapping or touching segments merged; segments that end before they start are dropped. */
export function mergeSegments(segments: Segment[]): Segment[] {
  const valid = segments
    .filter((s) => s.end.getTime() >= s.start.getTime())
    .map((s) => ({ start: s.start.getTime(), end: s.end.getTime() }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const s of valid) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out.map((s) => ({ start: new Date(s.start), end: new Date(s.end) }));
}

/** Minutes covered by the segments (merged; clipped to `window` when given): floor(total seconds / 60). */
export function attendedMinutes(segments: Segment[], window?: Segment): number {
  let ms = 0;
  const lo = window ? window.start.getTime() : -Infinity;
  const hi = window ? window.end.getTime() : Infinity;
  for (const s of mergeSegments(segments)) {
    const a = Math.max(s.start.getTime(), lo);
    const b = Math.min(s.end.getTime(), hi);
    if (b > a) ms += b - a;
  }
  return Math.floor(Math.floor(ms / 1000) / 60);
}

// ---------------------------------------------------------------------------------------------------
// Names

/**
 * Academic and religious titles dropped from names (compared without dots, lower-case). Written with
 * a dot ("S.Pd.", "Dr.") they are always titles; the longer ones are also recognised without dots.
 */
const TITLES = new Set([
  // prefixes
  'dr', 'drs', 'dra', 'drg', 'ir', 'prof', 'hj', 'h', 'ns', 'apt', 'drh',
  // bachelor's
  'spd', 'spdi', 'pd', 'sh', 'se', 'ssos', 'ssi', 'skom', 'st', 'sip', 'sap', 'sag', 'sak', 'sfarm', 'skep', 'sked', 'spsi', 'sgz', 'stp', 'sp', 'shut', 'ssn', 'sth', 'sikom', 'skm', 'sstp', 'sst', 'str', 'ssit', 'spt', 'ssy', 'shi', 'sei', 'spdsd', 'sm', 'sds', 'sn', 'sa', 'ssoc',
  // diploma
  'amd', 'amdkep', 'amdkeb', 'amdkom', 'amdak', 'amdgz', 'amdfarm', 'ama',
  // master's and doctorate
  'msi', 'mpd', 'mm', 'mh', 'mkes', 'mt', 'mkom', 'msc', 'ma', 'mak', 'mba', 'mag', 'map', 'mse', 'mei', 'mhum', 'mip', 'mpdi', 'mph', 'mtp', 'mars', 'mfarm', 'ms', 'phd', 'mkn', 'mthi',
]);
/** Titles that are recognised even without a dot (short ones like "sh", "se", "ma", "h" need the dot: they are also names or initials). */
const DOTLESS_TITLES = new Set(['dr', 'drs', 'dra', 'drg', 'ir', 'prof', 'hj', 'spd', 'spdi', 'ssos', 'skom', 'skep', 'amd', 'msi', 'mpd', 'mkes', 'mkom', 'msc', 'mba', 'phd', 'mhum', 'sked', 'sfarm', 'sag', 'sip', 'sap', 'mak', 'map', 'skm', 'sstp', 'amdkep', 'amdkeb']);

const DIGIT_RUN = /\d(?:[ .\u00a0\-]?\d)*/g;

/**
 * A name reduced for comparison: diacritics, case, punctuation and repeated spaces removed; anything in
 * parentheses or brackets (Zoom's "(Original Name)", a unit such as "(KPU Kab. Kupang)") removed;
 * everything after the first comma removed (Indonesian names carry titles after a comma:
 * "Maria Seran, S.Pd., M.Si."); academic titles ("Dr.", "S.H.", "M.Si") and numbers (an NIP written
 * in the display name) removed. "" when nothing is left.
 */
export function normalisePersonName(name: string): string {
  let s = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  s = s.replace(/\([^)]*\)?|\[[^\]]*\]?/g, ' ');
  const comma = s.indexOf(',');
  if (comma > 0 && s.slice(0, comma).trim()) s = s.slice(0, comma);
  // Numbers and the labels written before them ("NIP 1990…", "NI PPPK 1990…"; a lone "Ni" is a Balinese name).
  s = s.toLowerCase().replace(DIGIT_RUN, ' ').replace(/\b(?:nip|ni[\s.]*pppk|nipppk|nippk)\b\.?/g, ' ');
  const tokens: string[] = [];
  for (const raw of s.split(/[\s\-_/|:;]+/)) {
    if (!raw) continue;
    const bare = raw.replace(/['’`]/g, '').replace(/[^\p{L}\p{N}]+/gu, '');
    if (!bare) continue;
    if (TITLES.has(bare) && (raw.includes('.') || DOTLESS_TITLES.has(bare))) continue;
    // Other punctuation inside a token separates words ("Bria.Yohanes", "A.Ndoen").
    for (const part of raw.replace(/['’`]/g, '').split(/[^\p{L}\p{N}]+/u)) if (part) tokens.push(part);
  }
  return tokens.join(' ');
}

/** The first valid 18-digit NIP / NI PPPK written in a display name (spaces, dots, hyphens inside tolerated), normalised. */
export function nipInDisplayName(displayName: string): string | null {
  for (const m of displayName.matchAll(DIGIT_RUN)) {
    const digits = normalizeEmployeeNumber(m[0]);
    if (digits.length !== 18) continue;
    const parsed = parseEmployeeNumber(digits);
    if (parsed.ok) return parsed.value.normalized;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Grouping

export interface GroupOptions {
  /** Normalised names that must not attach email-less rows to an emailed person (shared by several members). */
  sharedNames?: ReadonlySet<string>;
  /** Internal: the name memo shared with matchAttendance. */
  names?: NameInfo;
}

export interface CohortMember {
  enrolmentId: number;
  userId: number;
  name: string;
  email: string | null;
  nips: string[];
}

export type MatchSource = 'email' | 'nip' | 'name';

export interface ReportPerson {
  /**
   * Stable key of the grouped rows: the lower-case email; for rows without email `'nip:'+nip` when the
   * display name carries a valid NIP, else `'name:'+normalised display name` (`'name:'+lower-case raw
   * name` when normalisation leaves nothing).
   */
  key: string;
  displayNames: string[];
  email: string | null;
  lines: number[];
  segments: Segment[];
}

export interface MatchedPerson extends ReportPerson {
  enrolmentId: number;
  source: MatchSource;
}

export interface AmbiguousPerson extends ReportPerson {
  /** enrolmentIds */
  candidates: number[];
}

export interface AttendanceMatch {
  matched: MatchedPerson[];
  unmatched: ReportPerson[];
  ambiguous: AmbiguousPerson[];
}

const normEmail = (e: string | null | undefined): string | null => {
  const v = e?.trim().toLowerCase();
  return v ? v : null;
};

/** Per-call memo of the name analysis: a report repeats each display name over several rows. */
class NameInfo {
  private readonly norm = new Map<string, string>();
  private readonly nips = new Map<string, string | null>();
  normalised(name: string): string {
    let v = this.norm.get(name);
    if (v === undefined) this.norm.set(name, (v = normalisePersonName(name)));
    return v;
  }
  nip(name: string): string | null {
    let v = this.nips.get(name);
    if (v === undefined) this.nips.set(name, (v = nipInDisplayName(name)));
    return v;
  }
  keyOfNameRow(name: string): string {
    const nip = this.nip(name);
    if (nip) return 'nip:' + nip;
    const n = this.normalised(name);
    return 'name:' + (n || name.trim().toLowerCase());
  }
}

/**
 * Groups the rows of one person. Rows with an email group by the lower-case email. Rows without one
 * group by the NIP in the display name, else by the normalised display name. Rule for a person seen
 * once signed in (with email) and once not (e.g. rejoining from a phone): email-less rows without an
 * NIP whose normalised name is the name of exactly ONE emailed person in the report join that person;
 * when several emailed people share the name the rows stay on their own (the matching may still bring
 * them together if they resolve to the same enrolment), and so do names listed in `opts.sharedNames`
 * (matchAttendance passes the names that several cohort members share: there the email-less rows may
 * well be another person). Output is ordered by first line; segments are merged.
 */
export function groupReportRows(rows: ZoomParticipantRow[], opts: GroupOptions = {}): ReportPerson[] {
  const info = opts.names ?? new NameInfo();
  interface Acc {
    key: string;
    names: Set<string>;
    email: string | null;
    lines: number[];
    segments: Segment[];
    first: number;
  }
  const groups = new Map<string, Acc>();
  const add = (key: string, email: string | null, r: ZoomParticipantRow): void => {
    let g = groups.get(key);
    if (!g) {
      g = { key, names: new Set(), email, lines: [], segments: [], first: r.line };
      groups.set(key, g);
    }
    g.names.add(r.name);
    g.lines.push(r.line);
    g.segments.push({ start: r.joinAt, end: r.leaveAt });
    if (!g.email && email) g.email = email;
    if (r.line < g.first) g.first = r.line;
  };

  // Normalised name → emailed group keys having it (for the with/without email rule); a first pass so
  // that the second can add the rows in file order.
  const emailedByName = new Map<string, Set<string>>();
  for (const r of rows) {
    const email = normEmail(r.email);
    const n = email ? info.normalised(r.name) : '';
    if (!n) continue;
    let set = emailedByName.get(n);
    if (!set) emailedByName.set(n, (set = new Set()));
    set.add(email!);
  }
  for (const r of rows) {
    const email = normEmail(r.email);
    if (email) {
      add(email, r.email!.trim(), r);
      continue;
    }
    const key = info.keyOfNameRow(r.name);
    if (key.startsWith('name:') && !opts.sharedNames?.has(key.slice(5))) {
      const owners = emailedByName.get(key.slice(5));
      if (owners && owners.size === 1) {
        add([...owners][0]!, null, r);
        continue;
      }
    }
    add(key, null, r);
  }
  return [...groups.values()]
    .sort((a, b) => a.first - b.first)
    .map((g) => ({ key: g.key, displayNames: [...g.names], email: g.email, lines: g.lines.sort((a, b) => a - b), segments: mergeSegments(g.segments) }));
}

// ---------------------------------------------------------------------------------------------------
// Matching

function pushTo<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}

const SOURCE_RANK: Record<MatchSource, number> = { email: 0, nip: 1, name: 2 };

/**
 * Matches the report's people to cohort members: by email, then by an NIP in a display name, then by
 * the normalised name. A step that finds several members makes the person ambiguous (no later step is
 * tried: the evidence is conflicting). Several report people resolving to the same enrolment become one
 * matched person (segments merged, so nothing is counted twice) whose source is the strongest of theirs.
 */
export function matchAttendance(rows: ZoomParticipantRow[], members: CohortMember[]): AttendanceMatch {
  const names = new NameInfo();
  const byEmail = new Map<string, number[]>();
  const byNip = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  for (const m of members) {
    const e = normEmail(m.email);
    if (e) pushTo(byEmail, e, m.enrolmentId);
    for (const nip of m.nips) {
      const n = normalizeEmployeeNumber(nip);
      if (n) pushTo(byNip, n, m.enrolmentId);
    }
    const name = normalisePersonName(m.name);
    if (name) pushTo(byName, name, m.enrolmentId);
  }

  const matchedBy = new Map<number, MatchedPerson>();
  const order: number[] = [];
  const unmatched: ReportPerson[] = [];
  const ambiguous: AmbiguousPerson[] = [];

  const resolve = (p: ReportPerson): { ids: number[]; source: MatchSource } | null => {
    const email = normEmail(p.email);
    const viaEmail = email ? byEmail.get(email) : undefined;
    if (viaEmail) return { ids: viaEmail, source: 'email' };
    const nipIds = new Set<number>();
    for (const dn of p.displayNames) {
      const nip = names.nip(dn);
      for (const id of (nip && byNip.get(nip)) || []) nipIds.add(id);
    }
    if (nipIds.size) return { ids: [...nipIds], source: 'nip' };
    const nameIds = new Set<number>();
    for (const dn of p.displayNames) {
      const n = names.normalised(dn);
      for (const id of (n && byName.get(n)) || []) nameIds.add(id);
    }
    if (nameIds.size) return { ids: [...nameIds], source: 'name' };
    return null;
  };

  const sharedNames = new Set<string>();
  for (const [name, ids] of byName) if (ids.length > 1) sharedNames.add(name);

  for (const p of groupReportRows(rows, { sharedNames, names })) {
    const r = resolve(p);
    if (!r) {
      unmatched.push(p);
      continue;
    }
    if (r.ids.length > 1) {
      ambiguous.push({ ...p, candidates: [...r.ids].sort((a, b) => a - b) });
      continue;
    }
    const enrolmentId = r.ids[0]!;
    const prev = matchedBy.get(enrolmentId);
    if (!prev) {
      matchedBy.set(enrolmentId, { ...p, enrolmentId, source: r.source });
      order.push(enrolmentId);
      continue;
    }
    // A second report person for the same enrolment: merge, keeping the strongest source's key.
    const stronger = SOURCE_RANK[r.source] < SOURCE_RANK[prev.source];
    matchedBy.set(enrolmentId, {
      key: stronger ? p.key : prev.key,
      displayNames: [...new Set([...prev.displayNames, ...p.displayNames])],
      email: prev.email ?? p.email,
      lines: [...prev.lines, ...p.lines].sort((a, b) => a - b),
      segments: mergeSegments([...prev.segments, ...p.segments]),
      enrolmentId,
      source: stronger ? r.source : prev.source,
    });
  }
  return { matched: order.map((id) => matchedBy.get(id)!), unmatched, ambiguous };
}
