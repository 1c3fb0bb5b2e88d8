// Attendance of live sessions (issue 6, part 3): the facilitator uploads the participant report that
// Zoom exports; its rows are grouped per person and matched to the programme's participants (email,
// then an NIP written in the display name, then the normalised name); the join/leave segments of every
// matched enrolment are stored; the people left unmatched or ambiguous wait for manual matching (or
// are dismissed: a speaker, a guest). Manual marks (present / absent) need a reason and are audited.
//
// Minutes: an enrolment's attended minutes are `attendedMinutes` of the UNION of its segments over every
// report of the session (a second report of the same meeting, or of a restarted meeting, never counts
// twice), clipped to the session window widened by WINDOW_BEFORE_MINUTES before the start and
// WINDOW_AFTER_MINUTES after the end. The segments themselves are stored as reported (the evidence);
// only the count is clipped. Changed totals are sent as progress through `applyLiveFacts` with the event
// id `attendance-<importId>-<enrolmentId>-<minutes>`: a new total is a new event, a repeated one is not.
// Totals only grow (segments are only ever added), so an event id never has to be reused.
//
// Who: platform admins, admins of the programme's organiser agency and facilitators of one of its
// cohorts upload, resolve and mark; other administrators whose participants take part (unit operators,
// agency admins of other agencies) only see the list, limited to their units. Participants: 403. A
// session outside the caller's programme scope: 404.
import { createHash, randomUUID } from 'node:crypto';
import type { AttendanceRow, AttendanceScope, AttendanceStatus, ImportRow, NewPerson, NewSegment, PersonRow } from '../db/repositories/live-attendance.js';
import type { AttendanceSource } from '../db/schema.js';
import { adminScope, isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { attendedMinutes, matchAttendance, mergeSegments, type CohortMember, type ReportPerson, type Segment } from '../domain/attendance.js';
import { normalizeEmployeeNumber } from '../domain/nip.js';
import { zoneForRegionCode } from '../domain/regions.js';
import { INDONESIAN_ZONES, type IndonesianZone } from '../domain/time.js';
import { parseZoomReport, type ZoomReportError } from '../domain/zoom-report.js';
import { AppError, errors } from '../http/errors.js';
import { audit } from './audit.js';
import { authorsProgramme } from './authoring.js';
import type { Actor, AppContext } from './context.js';
import { applyLiveFacts } from './live-sessions.js';
import { assertProgrammeInScope } from './programme-scope.js';
import { assertReviewer } from './submissions.js';

export { ATTENDANCE_STATUSES, type AttendanceRow, type AttendanceStatus } from '../db/repositories/live-attendance.js';

/** Largest report accepted (a 10,000-row report is about 1 MB). */
export const ATTENDANCE_MAX_BYTES = 10 * 1024 * 1024;
/** Minutes before the scheduled start that still count (participants let in early). */
export const WINDOW_BEFORE_MINUTES = 15;
/** Minutes after the scheduled end that still count (sessions overrun). */
export const WINDOW_AFTER_MINUTES = 60;
/** Parse errors kept with an import (the count is kept whole). */
const ERRORS_KEPT = 500;
const SOURCE_RANK: Record<AttendanceSource, number> = { email: 0, nip: 1, name: 2, manual: 3 };

export type ManualMark = 'present' | 'absent' | 'clear';
export const MANUAL_MARKS: readonly ManualMark[] = ['present', 'absent', 'clear'];

export interface LiveSessionRef {
  id: number;
  title: string;
  programme: { id: number; code: string; title: string };
  startAt: string | null;
  endAt: string | null;
  /** The default zone of an uploaded report: the zone the session's times were entered in, else the organiser unit's, else WIB. */
  defaultZone: IndonesianZone;
}

export interface AttendanceAccess {
  session: LiveSessionRef;
  /** May upload reports, resolve people and mark attendance. */
  manage: boolean;
  /** Whose participants the caller sees. */
  scope: AttendanceScope;
  /** The counting window (scheduled times widened), when the session has them. */
  window: Segment | undefined;
}

export interface ImportSummary {
  id: number;
  fileName: string;
  zone: IndonesianZone;
  meetingId: string | null;
  topic: string | null;
  meetingStartAt: string | null;
  meetingEndAt: string | null;
  rows: number;
  people: number;
  matched: number;
  unmatched: number;
  ambiguous: number;
  pending: number;
  errorCount: number;
  errors: ZoomReportError[];
  uploadedBy: number | null;
  createdAt: string;
}

export interface PendingPerson {
  id: number;
  importId: number;
  kind: 'unmatched' | 'ambiguous';
  status: 'pending' | 'matched' | 'dismissed';
  displayNames: string[];
  email: string | null;
  lines: number[];
  minutes: number;
  /** Candidates the caller may see (ambiguous people). */
  candidates: MemberChoice[];
  enrolmentId: number | null;
  note: string | null;
}

export interface MemberChoice {
  enrolmentId: number;
  name: string;
  nip: string | null;
  email: string | null;
  unit: string | null;
  cohort: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const instant = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The session's counting window: scheduled start − 15 min to scheduled end + 60 min (none without both). */
export function countingWindow(startAt: Date | null, endAt: Date | null): Segment | undefined {
  if (!startAt || !endAt || endAt.getTime() <= startAt.getTime()) return undefined;
  return { start: new Date(startAt.getTime() - WINDOW_BEFORE_MINUTES * 60_000), end: new Date(endAt.getTime() + WINDOW_AFTER_MINUTES * 60_000) };
}

const segmentsJson = (segments: Segment[]) => JSON.stringify(segments.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })));
const segmentsOfJson = (text: string): Segment[] =>
  parseJson<{ start: string; end: string }[]>(text, [])
    .map((s) => ({ start: new Date(s.start), end: new Date(s.end) }))
    .filter((s) => !Number.isNaN(s.start.getTime()) && !Number.isNaN(s.end.getTime()));

function toSummary(row: ImportRow & { pending?: number }): ImportSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    zone: row.zone,
    meetingId: row.meeting_id,
    topic: row.topic,
    meetingStartAt: row.meeting_start_at,
    meetingEndAt: row.meeting_end_at,
    rows: Number(row.rows),
    people: Number(row.people),
    matched: Number(row.matched),
    unmatched: Number(row.unmatched),
    ambiguous: Number(row.ambiguous),
    pending: Number(row.pending ?? 0),
    errorCount: Number(row.error_count),
    errors: parseJson<ZoomReportError[]>(row.errors, []),
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

const toChoice = (m: { enrolment_id: number; name: string; nip: string | null; email?: string | null; unit_name: string | null; cohort_title: string }): MemberChoice => ({
  enrolmentId: m.enrolment_id,
  name: m.name,
  nip: m.nip,
  email: m.email ?? null,
  unit: m.unit_name,
  cohort: m.cohort_title,
});

// ---------------------------------------------------------------------------------------------
// Access.

/**
 * The live session and what the caller may do with its attendance: 403 for those who review nothing
 * (participants), 404 when it is not a live session or lies outside the caller's programme scope.
 */
export async function attendanceAccess(ctx: AppContext, principal: Principal, activityId: number): Promise<AttendanceAccess> {
  assertReviewer(principal);
  const row = await ctx.repos.liveAttendance.session(activityId);
  if (!row || row.kind !== 'live_session') throw errors.notFound();
  await assertProgrammeInScope(ctx, principal, row.programme_id);
  const organiser = isPlatformAdmin(principal) || authorsProgramme(principal, row.organiser_path);
  const facilitated = principal.roles.filter((r) => r.role === 'facilitator' && r.cohortId !== null).map((r) => r.cohortId!);
  const cohortIds = facilitated.length ? (await ctx.repos.liveAttendance.cohortIdsOf(row.programme_id)).filter((id) => facilitated.includes(id)) : [];
  const units = adminScope(principal);
  const scope: AttendanceScope = organiser ? 'all' : { unitPaths: units === 'all' ? [] : units, cohortIds };
  const config = parseJson<Record<string, unknown>>(row.config, {});
  const startAt = instant(config.startAt);
  const endAt = instant(config.endAt);
  return {
    session: {
      id: row.id,
      title: row.title,
      programme: { id: row.programme_id, code: row.programme_code, title: row.programme_title },
      startAt: startAt?.toISOString() ?? null,
      endAt: endAt?.toISOString() ?? null,
      // The zone the session's times were entered in (the organiser's), else the organiser unit's, else WIB.
      defaultZone: (INDONESIAN_ZONES as readonly unknown[]).includes(config.authoringZone) ? (config.authoringZone as IndonesianZone) : (row.organiser_region_code && zoneForRegionCode(row.organiser_region_code)) || 'WIB',
    },
    manage: organiser || cohortIds.length > 0,
    scope,
    window: countingWindow(startAt, endAt),
  };
}

/** The access of a caller who may change the session's attendance (403 for those who only see it). */
export async function managerAccess(ctx: AppContext, principal: Principal, activityId: number): Promise<AttendanceAccess> {
  const access = await attendanceAccess(ctx, principal, activityId);
  if (!access.manage) throw errors.forbidden('live.attendance.error.readOnly');
  return access;
}

// ---------------------------------------------------------------------------------------------
// Totals → progress.

/**
 * Recomputes the minutes of these enrolments from all their segments, stores the changed totals and
 * sends the changed minutes as 'attendance' facts. Returns what applyLiveFacts reported.
 */
async function recompute(ctx: AppContext, access: AttendanceAccess, enrolmentIds: number[], importId: number): Promise<{ changed: number; completed: number }> {
  const ids = [...new Set(enrolmentIds)];
  if (ids.length === 0) return { changed: 0, completed: 0 };
  const activityId = access.session.id;
  const R = ctx.repos.liveAttendance;
  const [segments, previous] = await Promise.all([R.segmentsOf(activityId, ids), R.totalsOf(activityId, ids)]);
  const byEnrolment = new Map<number, { segments: Segment[]; source: AttendanceSource }>();
  for (const s of segments) {
    let e = byEnrolment.get(s.enrolment_id);
    if (!e) byEnrolment.set(s.enrolment_id, (e = { segments: [], source: s.source }));
    e.segments.push({ start: new Date(s.start_at), end: new Date(s.end_at) });
    if (SOURCE_RANK[s.source] < SOURCE_RANK[e.source]) e.source = s.source;
  }
  const before = new Map(previous.map((p) => [p.enrolment_id, p]));
  const upserts: { enrolment_id: number; minutes: number; source: AttendanceSource }[] = [];
  const facts: { enrolmentId: number; eventId: string; fact: { type: 'attendance'; minutes: number } }[] = [];
  for (const [enrolmentId, e] of byEnrolment) {
    const minutes = attendedMinutes(mergeSegments(e.segments), access.window);
    const prev = before.get(enrolmentId);
    if (prev && prev.minutes === minutes && prev.source === e.source) continue;
    upserts.push({ enrolment_id: enrolmentId, minutes, source: e.source });
    if (!prev ? minutes > 0 : prev.minutes !== minutes) facts.push({ enrolmentId, eventId: `attendance-${importId}-${enrolmentId}-${minutes}`, fact: { type: 'attendance', minutes } });
  }
  // Progress first, then the totals: should applying fail, the totals stay as they were and the next
  // recomputation of these enrolments sends the minutes again.
  const res = facts.length ? await applyLiveFacts(ctx, activityId, facts) : { completed: 0 };
  await R.upsertTotals(activityId, upserts, ctx.clock().toISOString());
  return { changed: facts.length, completed: res.completed };
}

// ---------------------------------------------------------------------------------------------
// Import.

async function cohortMembers(ctx: AppContext, programmeId: number): Promise<CohortMember[]> {
  const [members, nips] = await Promise.all([ctx.repos.liveAttendance.members(programmeId), ctx.repos.liveAttendance.memberNips(programmeId)]);
  const nipsOf = new Map<number, Set<string>>();
  for (const n of nips) {
    let set = nipsOf.get(n.user_id);
    if (!set) nipsOf.set(n.user_id, (set = new Set()));
    set.add(n.nip);
  }
  return members.map((m) => {
    const set = new Set(nipsOf.get(m.user_id) ?? []);
    if (m.nip) set.add(m.nip);
    return { enrolmentId: m.enrolment_id, userId: m.user_id, name: m.name, email: m.email, nips: [...set] };
  });
}

export interface ImportResult {
  import: ImportSummary;
  /** True when the same file had been imported before for this session (nothing was changed). */
  duplicate: boolean;
  /** Enrolments whose minutes changed, and how many of them completed the session with it. */
  changed: number;
  completed: number;
}

/**
 * Imports a Zoom participant report for the session. The same file again answers the earlier import
 * (`duplicate`). 413 over ATTENDANCE_MAX_BYTES; 422 `not_a_zoom_report` for a file that is not one.
 */
export async function importReport(ctx: AppContext, actor: Actor & { principal: Principal }, activityId: number, file: { data: Buffer; filename: string; zone?: IndonesianZone | null }): Promise<ImportResult> {
  const access = await managerAccess(ctx, actor.principal, activityId);
  if (file.data.length > ATTENDANCE_MAX_BYTES) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
  const sha256 = createHash('sha256').update(file.data).digest('hex');
  const R = ctx.repos.liveAttendance;
  const existing = await R.findImport(activityId, sha256);
  if (existing) return { import: toSummary((await R.imports(activityId)).find((i) => i.id === existing.id) ?? existing), duplicate: true, changed: 0, completed: 0 };

  const zone = file.zone ?? access.session.defaultZone;
  const parsed = parseZoomReport(file.data, { zone });
  const notZoom = parsed.errors.some((e) => e.code === 'not_a_zoom_report') || (parsed.rows.length === 0 && parsed.errors.some((e) => e.code === 'missing_column'));
  if (notZoom) throw new AppError(422, 'not_a_zoom_report', 'live.attendance.error.notZoom', { details: { errors: parsed.errors.slice(0, 20) } });
  if (parsed.rows.length === 0) throw new AppError(422, 'empty_report', 'live.attendance.error.empty', { details: { errors: parsed.errors.slice(0, ERRORS_KEPT) } });

  const members = await cohortMembers(ctx, access.session.programme.id);
  const memberIds = new Set(members.map((m) => m.enrolmentId));
  const match = matchAttendance(parsed.rows, members);
  // People resolved by hand in an earlier report of the session are resolved alike when their key is
  // an identity (an email, an NIP in the display name). Keys of bare display names ("iPhone",
  // "Galaxy A12") are shared by different people: those stay pending for a person to decide.
  const left: { person: ReportPerson; kind: 'unmatched' | 'ambiguous'; candidates: number[] }[] = [
    ...match.unmatched.map((person) => ({ person, kind: 'unmatched' as const, candidates: [] })),
    ...match.ambiguous.map((person) => ({ person, kind: 'ambiguous' as const, candidates: person.candidates })),
  ];
  const identified = left.map((l) => l.person.key).filter((k) => !k.startsWith('name:'));
  const earlier = identified.length ? await R.resolutionsByKey(activityId, identified) : new Map<string, { status: 'matched' | 'dismissed'; enrolment_id: number | null }>();
  const now = ctx.clock().toISOString();
  const segments: NewSegment[] = [];
  for (const m of match.matched) for (const s of m.segments) segments.push({ enrolment_id: m.enrolmentId, start_at: s.start.toISOString(), end_at: s.end.toISOString(), source: m.source });
  const touched = match.matched.map((m) => m.enrolmentId);
  const people: NewPerson[] = left.map(({ person, kind, candidates }) => {
    const prior = earlier.get(person.key);
    const enrolmentId = prior?.status === 'matched' && prior.enrolment_id !== null && memberIds.has(prior.enrolment_id) ? prior.enrolment_id : null;
    if (enrolmentId !== null) {
      for (const s of person.segments) segments.push({ enrolment_id: enrolmentId, start_at: s.start.toISOString(), end_at: s.end.toISOString(), source: 'manual' });
      touched.push(enrolmentId);
    }
    const status = enrolmentId !== null ? 'matched' : prior?.status === 'dismissed' ? 'dismissed' : 'pending';
    return {
      person_key: person.key.slice(0, 500),
      display_names: JSON.stringify(person.displayNames.slice(0, 20)),
      email: person.email,
      lines: JSON.stringify(person.lines.slice(0, 200)),
      segments: segmentsJson(person.segments),
      minutes: attendedMinutes(person.segments, access.window),
      kind,
      candidates: JSON.stringify(candidates),
      status,
      enrolment_id: enrolmentId,
      resolved_by: null,
      resolved_at: status === 'pending' ? null : now,
      note: status === 'pending' ? null : 'live.attendance.resolvedEarlier',
    };
  });

  const importId = await R.storeImport(
    {
      activity_id: activityId,
      sha256,
      file_name: (file.filename || 'zoom.csv').slice(0, 200),
      zone,
      meeting_id: parsed.meta.meetingId ?? null,
      topic: parsed.meta.topic?.slice(0, 300) ?? null,
      meeting_start_at: parsed.meta.startAt?.toISOString() ?? null,
      meeting_end_at: parsed.meta.endAt?.toISOString() ?? null,
      rows: parsed.rows.length,
      people: match.matched.length + match.unmatched.length + match.ambiguous.length,
      matched: match.matched.length,
      unmatched: match.unmatched.length,
      ambiguous: match.ambiguous.length,
      error_count: parsed.errors.length,
      errors: JSON.stringify(parsed.errors.slice(0, ERRORS_KEPT)),
      uploaded_by: actor.userId,
      created_at: now,
    },
    segments,
    people,
  );
  if (importId === null) {
    // The same file was stored by a concurrent upload.
    const row = (await R.findImport(activityId, sha256))!;
    return { import: toSummary(row), duplicate: true, changed: 0, completed: 0 };
  }
  const res = await recompute(ctx, access, touched, importId);
  await audit(ctx, actor, 'live.attendance.import', { type: 'activity', id: activityId }, { importId, sha256, rows: parsed.rows.length, matched: match.matched.length, unmatched: match.unmatched.length, ambiguous: match.ambiguous.length, errors: parsed.errors.length });
  const row = (await R.imports(activityId)).find((i) => i.id === importId)!;
  return { import: toSummary(row), duplicate: false, ...res };
}

// ---------------------------------------------------------------------------------------------
// Imports and the people left for manual matching.

/** The imports of the session with their counts (managers). */
export async function listImports(ctx: AppContext, principal: Principal, activityId: number): Promise<ImportSummary[]> {
  await managerAccess(ctx, principal, activityId);
  return (await ctx.repos.liveAttendance.imports(activityId)).map(toSummary);
}

async function toPending(ctx: AppContext, access: AttendanceAccess, rows: PersonRow[]): Promise<PendingPerson[]> {
  const candidateIds = [...new Set(rows.flatMap((r) => parseJson<number[]>(r.candidates, [])))];
  const visible = new Map((await ctx.repos.liveAttendance.membersByIds(access.session.programme.id, access.scope, candidateIds)).map((m) => [m.enrolment_id, toChoice(m)]));
  return rows.map((r) => ({
    id: r.id,
    importId: r.import_id,
    kind: r.kind,
    status: r.status,
    displayNames: parseJson<string[]>(r.display_names, []),
    email: r.email,
    lines: parseJson<number[]>(r.lines, []),
    minutes: Number(r.minutes),
    // Candidates outside the caller's scope are not shown (a facilitator sees those of their cohorts).
    candidates: parseJson<number[]>(r.candidates, []).flatMap((id) => (visible.has(id) ? [visible.get(id)!] : [])),
    enrolmentId: r.enrolment_id,
    note: r.note,
  }));
}

/** One import with its parse errors and its people left for manual matching (managers). */
export async function getImport(ctx: AppContext, principal: Principal, activityId: number, importId: number): Promise<{ access: AttendanceAccess; import: ImportSummary; people: PendingPerson[] }> {
  const access = await managerAccess(ctx, principal, activityId);
  const row = (await ctx.repos.liveAttendance.imports(activityId)).find((i) => i.id === importId);
  if (!row) throw errors.notFound();
  const people = await toPending(ctx, access, await ctx.repos.liveAttendance.people(activityId, { importId }));
  return { access, import: toSummary(row), people };
}

/** The people of every import of the session still waiting for manual matching (managers). */
export async function pendingPeople(ctx: AppContext, principal: Principal, activityId: number): Promise<PendingPerson[]> {
  const access = await managerAccess(ctx, principal, activityId);
  return toPending(ctx, access, await ctx.repos.liveAttendance.people(activityId, { status: 'pending' }));
}

/** One person of a report (managers), with the candidates the caller may pick from. */
export async function getPerson(ctx: AppContext, principal: Principal, activityId: number, personId: number): Promise<{ access: AttendanceAccess; person: PendingPerson }> {
  const access = await managerAccess(ctx, principal, activityId);
  const row = await ctx.repos.liveAttendance.person(activityId, personId);
  if (!row) throw errors.notFound();
  return { access, person: (await toPending(ctx, access, [row]))[0]! };
}

/** Members of the session's programme within the caller's scope by NIP (digits, a prefix) or name (a part), for manual matching. */
export async function searchMembers(ctx: AppContext, principal: Principal, activityId: number, query: string): Promise<MemberChoice[]> {
  const access = await managerAccess(ctx, principal, activityId);
  const text = query.trim().slice(0, 100);
  if (text.length < 2) return [];
  const digits = /^[\d\s.\-]+$/.test(text) ? normalizeEmployeeNumber(text) : null;
  if (digits !== null && digits.length < 4) return [];
  const rows = await ctx.repos.liveAttendance.searchMembers(access.session.programme.id, access.scope, { digits, text: digits ? '' : text }, 20);
  return rows.map(toChoice);
}

export type Resolution = { action: 'match'; enrolmentId: number; note?: string | null } | { action: 'dismiss'; note?: string | null };

/**
 * Resolves a person left by a report: matched to a participant of the programme within the caller's
 * scope (404 otherwise; an ambiguous person may be matched to a candidate or anyone else found), or
 * dismissed (a speaker, a guest). 409 when it was resolved already. Audited; minutes sent as progress.
 */
export async function resolvePerson(ctx: AppContext, actor: Actor & { principal: Principal }, activityId: number, personId: number, r: Resolution): Promise<{ person: PendingPerson; changed: number; completed: number }> {
  const access = await managerAccess(ctx, actor.principal, activityId);
  const R = ctx.repos.liveAttendance;
  const row = await R.person(activityId, personId);
  if (!row) throw errors.notFound();
  if (row.status !== 'pending') throw errors.conflict('already_resolved', 'live.attendance.error.resolved');
  const note = r.note?.trim().slice(0, 500) || null;
  const now = ctx.clock().toISOString();
  let enrolmentId: number | null = null;
  let segments: NewSegment[] = [];
  if (r.action === 'match') {
    const member = await R.member(access.session.programme.id, access.scope, r.enrolmentId);
    if (!member) throw errors.notFound();
    enrolmentId = member.enrolment_id;
    segments = segmentsOfJson(row.segments).map((s) => ({ enrolment_id: member.enrolment_id, start_at: s.start.toISOString(), end_at: s.end.toISOString(), source: 'manual' as const }));
  }
  const ok = await R.resolvePerson({ id: row.id, activityId, importId: row.import_id, status: r.action === 'match' ? 'matched' : 'dismissed', enrolmentId, by: actor.userId, at: now, note, segments });
  if (!ok) throw errors.conflict('already_resolved', 'live.attendance.error.resolved');
  const res = enrolmentId !== null ? await recompute(ctx, access, [enrolmentId], row.import_id) : { changed: 0, completed: 0 };
  await audit(ctx, actor, r.action === 'match' ? 'live.attendance.match' : 'live.attendance.dismiss', { type: 'activity', id: activityId }, { personId: row.id, importId: row.import_id, enrolmentId, displayNames: parseJson<string[]>(row.display_names, []), note });
  const after = (await R.person(activityId, personId))!;
  return { person: (await toPending(ctx, access, [after]))[0]!, ...res };
}

// ---------------------------------------------------------------------------------------------
// Manual marks.

/**
 * Marks one participant present or absent, or clears the mark, with a reason (required, audited).
 * The enrolment must be an active participant of the programme within the caller's scope (404).
 */
export async function markAttendance(ctx: AppContext, actor: Actor & { principal: Principal }, activityId: number, m: { enrolmentId: number; mark: ManualMark; reason: string }): Promise<{ completed: number }> {
  const access = await managerAccess(ctx, actor.principal, activityId);
  const reason = m.reason.trim().slice(0, 500);
  const fields: Record<string, { key: 'live.attendance.error.reason' | 'error.field.invalid' }[]> = {};
  if (reason.length < 3) fields.reason = [{ key: 'live.attendance.error.reason' }];
  if (!MANUAL_MARKS.includes(m.mark)) fields.mark = [{ key: 'error.field.invalid' }];
  if (Object.keys(fields).length) throw errors.validation(fields);
  const R = ctx.repos.liveAttendance;
  const member = await R.member(access.session.programme.id, access.scope, m.enrolmentId);
  if (!member) throw errors.notFound();
  const previous = await R.mark(activityId, member.enrolment_id);
  const now = ctx.clock().toISOString();
  if (m.mark === 'clear') await R.clearMark(activityId, member.enrolment_id);
  else await R.setMark({ activityId, enrolmentId: member.enrolment_id, mark: m.mark, reason, by: actor.userId, at: now });
  await audit(ctx, actor, 'live.attendance.mark', { type: 'enrolment', id: member.enrolment_id }, { activityId, mark: m.mark, reason, previous: previous?.mark ?? null });
  const res = await applyLiveFacts(ctx, activityId, [{ enrolmentId: member.enrolment_id, eventId: `manual-${activityId}-${member.enrolment_id}-${randomUUID()}`, fact: { type: 'manual', mark: m.mark === 'clear' ? null : m.mark, reason } }]);
  return { completed: res.completed };
}

// ---------------------------------------------------------------------------------------------
// The attendance list.

export interface AttendanceListFilters {
  unitId?: number;
  status?: AttendanceStatus;
  offset?: number;
  limit?: number;
}

export interface AttendanceList {
  access: AttendanceAccess;
  unit: { id: number; code: string; name: string } | null;
  summary: { participants: number; attended: number; completed: number; marked: number; joined: number; matching: number; pending: number };
  items: AttendanceRow[];
  nextCursor: number | null;
}

/** The attendance list of the session within the caller's scope, filtered by unit and status, one page (or all rows without `limit`). */
export async function attendanceList(ctx: AppContext, principal: Principal, activityId: number, f: AttendanceListFilters = {}): Promise<AttendanceList> {
  const access = await attendanceAccess(ctx, principal, activityId);
  let unit: AttendanceList['unit'] = null;
  let unitPath: string | undefined;
  if (f.unitId !== undefined) {
    const u = await ctx.repos.units.findById(f.unitId);
    if (!u) throw errors.notFound();
    // Administrators filter within their subtrees; facilitators may narrow their cohorts by any unit.
    if (access.scope !== 'all' && access.scope.cohortIds.length === 0 && !access.scope.unitPaths.some((root) => u.path.startsWith(root))) throw errors.notFound();
    unit = { id: u.id, code: u.code, name: u.name };
    unitPath = u.path;
  }
  const filter = { activityId, programmeId: access.session.programme.id, scope: access.scope, unitPath, status: f.status };
  const R = ctx.repos.liveAttendance;
  const limit = f.limit;
  const offset = f.offset ?? 0;
  const [summary, rows, pending] = await Promise.all([
    R.summary(filter),
    R.list(filter, limit === undefined ? undefined : { offset, limit: limit + 1 }),
    access.manage ? R.pendingCount(activityId) : Promise.resolve(0),
  ]);
  const items = limit === undefined ? rows : rows.slice(0, limit);
  return { access, unit, summary: { ...summary, pending }, items, nextCursor: limit !== undefined && rows.length > limit ? offset + limit : null };
}

/** Units offered by the list's unit filter: those of the participants in scope and their ancestors within the caller's subtrees. */
export async function unitChoices(ctx: AppContext, access: AttendanceAccess): Promise<{ id: number; name: string; level: number }[]> {
  const rows = await ctx.repos.liveAttendance.populationUnits(access.session.programme.id, access.scope);
  const ids = new Set<number>();
  for (const r of rows) {
    if (!r.path) continue;
    const segs = r.path.split('/').filter(Boolean);
    for (let i = 0; i < segs.length; i++) {
      const ancestor = `/${segs.slice(0, i + 1).join('/')}/`;
      if (access.scope === 'all' || access.scope.cohortIds.length > 0 || access.scope.unitPaths.some((root) => ancestor.startsWith(root))) ids.add(Number(segs[i]));
    }
  }
  const units = (await ctx.repos.units.findManyByIds([...ids])).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const depth = (p: string) => p.split('/').filter(Boolean).length;
  const min = units.reduce((m, u) => Math.min(m, depth(u.path)), Number.POSITIVE_INFINITY);
  return units.map((u) => ({ id: u.id, name: u.name, level: depth(u.path) - min }));
}
