// Monitoring (issue 5, part 5) and the HR API (part 7): for one cohort and the caller's scope, the
// participants counted by one exclusive status (never_signed_in, in_progress, behind, failed,
// passed, certified), per direct sub-unit of a chosen unit, with drill-down to the participants and
// to one participant's full progress, and the "who is behind" list with a WhatsApp reminder.
//
// Scope. Participants are refused (403). Platform admins see every participant. A facilitator sees
// every participant of the cohorts assigned to it; any other cohort is not found (404). An agency
// admin or unit operator sees only the participants inside its unit subtrees, in any cohort it may
// know of: a cohort of a programme organised inside its agency (even while none of its own people
// is enrolled: it sees zeros, e.g. before the import), or a cohort where at least one participant of
// its subtrees is enrolled; any other cohort is not found (404). A unit filter outside the scope,
// and a participant outside it, are not found (404).
import type { OrgUnit } from '../db/schema.js';
import type { MonitorPopulation, ParticipantRow, ParticipantSort, UnitRestriction } from '../db/repositories/monitoring.js';

/** 'all' participants of the cohort, or those of these unit subtrees (paths). */
type MonitorScope = 'all' | { unitPaths: string[] };
import type { Principal } from '../domain/authorization.js';
import { dayOne, daysBetween } from '../domain/day-clock.js';
import { addCounts, completionRate, daysBehind, emptyCounts, exclusiveStatus, MONITORING_STATUSES, todayByZone, totalOf, whatsAppLink, type MonitoringStatus, type StatusCounts, type TodayByZone } from '../domain/monitoring.js';
import { translate } from '../i18n/index.js';
import { errors } from '../http/errors.js';
import type { AppContext } from './context.js';
import { loadEnrolmentView, zoneOfEnrolment, type EnrolmentView } from './learning.js';
import { assertReviewer, reviewScope } from './submissions.js';

export { PARTICIPANT_SORTS, type ParticipantSort } from '../db/repositories/monitoring.js';
export const UNIT_SORTS = ['name', 'participants', 'rate', ...MONITORING_STATUSES] as const;
export type UnitSort = (typeof UNIT_SORTS)[number];

const segments = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

export interface CohortRef {
  id: number;
  code: string;
  title: string;
  gelombang: number | null;
  angkatan: number | null;
  programmeId: number;
  programmeTitle: string;
}

export interface MonitorFilters {
  cohortId?: number;
  /** A unit code: that unit and every unit below (every unit with the code the caller may see). */
  unit?: string;
  status?: MonitoringStatus;
  gelombang?: number;
  angkatan?: number;
}

interface Resolved {
  cohort: CohortRef;
  population: MonitorPopulation;
  /** The units of the unit filter (inside the scope), or null. */
  units: OrgUnit[] | null;
  /** The units whose direct sub-units make the table's rows (null: the top of the tree). */
  anchors: OrgUnit[] | null;
  today: TodayByZone;
}

const cohortRef = (c: { id: number; code: string; title: string; gelombang: number | null; angkatan: number | null; programme_id: number; programme_title: string }): CohortRef => ({
  id: Number(c.id),
  code: c.code,
  title: c.title,
  gelombang: c.gelombang,
  angkatan: c.angkatan,
  programmeId: Number(c.programme_id),
  programmeTitle: c.programme_title,
});

/** Drops paths that lie inside another path of the list. */
function outermost(paths: string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
}

// ---------------------------------------------------------------------------------------------
// Access.

/** The cohorts the caller may monitor, newest first (optionally one gelombang / angkatan). */
export async function visibleCohorts(ctx: AppContext, principal: Principal, f: { gelombang?: number; angkatan?: number } = {}): Promise<CohortRef[]> {
  assertReviewer(principal);
  const rs = reviewScope(principal);
  if (rs === 'all') return (await ctx.repos.monitoring.cohorts(f)).map(cohortRef);
  const paths = outermost(rs.unitPaths);
  const agencyIds = [...new Set(paths.map((p) => segments(p)[0]!))];
  return (await ctx.repos.monitoring.cohorts({ ...f, ids: rs.cohortIds, agencyIds, unitPaths: paths })).map(cohortRef);
}

/** The cohort and the caller's scope within it; 404 when the caller may not know of the cohort. */
async function cohortAccess(ctx: AppContext, principal: Principal, cohortId: number): Promise<{ cohort: CohortRef; scope: MonitorScope; roots: string[] | null }> {
  assertReviewer(principal);
  const row = await ctx.repos.monitoring.cohort(cohortId);
  if (!row) throw errors.notFound();
  const rs = reviewScope(principal);
  if (rs === 'all' || rs.cohortIds.includes(cohortId)) return { cohort: cohortRef(row), scope: 'all', roots: null };
  const paths = outermost(rs.unitPaths);
  if (paths.length === 0) throw errors.notFound();
  const agencyIds = paths.map((p) => segments(p)[0]!);
  const organisedHere = row.organiser_agency_id !== null && agencyIds.includes(Number(row.organiser_agency_id));
  if (!organisedHere && !(await ctx.repos.monitoring.cohortHasParticipantIn(cohortId, paths))) throw errors.notFound();
  return { cohort: cohortRef(row), scope: { unitPaths: paths }, roots: paths };
}

async function resolve(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters): Promise<Resolved> {
  const { cohort, scope, roots } = await cohortAccess(ctx, principal, cohortId);
  const today = todayByZone(ctx.clock());
  let units: OrgUnit[] | null = null;
  if (f.unit !== undefined && f.unit !== '') {
    const all = await ctx.repos.units.findAllByCode(f.unit);
    units = scope === 'all' ? all : all.filter((u) => scope.unitPaths.some((root) => u.path.startsWith(root)));
    if (units.length === 0) throw errors.notFound();
  }
  let anchors: OrgUnit[] | null = units;
  if (!anchors && roots) {
    const byPath = new Set(roots);
    const rs = reviewScope(principal);
    const ids = rs === 'all' ? [] : principal.roles.filter((r) => r.unitPath && byPath.has(r.unitPath) && r.unitId !== null).map((r) => r.unitId!);
    anchors = await ctx.repos.units.findManyByIds([...new Set(ids)]);
  }
  return {
    cohort,
    units,
    anchors,
    today,
    population: { cohortId, units: await restriction(ctx, units ? outermost(units.map((u) => u.path)) : scope === 'all' ? null : scope.unitPaths), status: f.status, today },
  };
}

/** Above this many units, the subtrees are matched by path in SQL instead of by a list of unit ids. */
const MAX_UNIT_IDS = 5000;

/** The units of these subtrees as ids (small trees: the queries then start from the units' users). */
async function restriction(ctx: AppContext, paths: string[] | null): Promise<UnitRestriction> {
  if (paths === null) return 'all';
  const ids = new Set<number>();
  for (const p of paths) {
    for (const u of await ctx.repos.units.subtree(p)) ids.add(u.id);
    if (ids.size > MAX_UNIT_IDS) return { paths };
  }
  return { ids: [...ids] };
}

/** The cohort to show: the one asked for, else the newest visible one matching gelombang / angkatan (null when there is none). */
export async function chooseCohort(ctx: AppContext, principal: Principal, f: MonitorFilters): Promise<{ cohortId: number | null; cohorts: CohortRef[] }> {
  const cohorts = await visibleCohorts(ctx, principal, { gelombang: f.gelombang, angkatan: f.angkatan });
  if (f.cohortId !== undefined) return { cohortId: f.cohortId, cohorts };
  return { cohortId: cohorts[0]?.id ?? null, cohorts };
}

// ---------------------------------------------------------------------------------------------
// The dashboard: counts per direct sub-unit.

export interface UnitRow {
  /** The sub-unit (null: participants without a unit). */
  unitId: number | null;
  code: string | null;
  name: string | null;
  /** Participants of the anchor unit itself (not of a sub-unit). */
  direct: boolean;
  participants: number;
  counts: StatusCounts;
  /** passed + certified over participants, in percent (one decimal). */
  rate: number | null;
}

export interface Dashboard {
  cohort: CohortRef;
  /** The unit filter's units (null: the whole scope). */
  units: { id: number; code: string; name: string }[] | null;
  /** The units whose sub-units are the rows (null: the top of the tree). */
  anchors: { id: number; code: string; name: string }[] | null;
  rows: UnitRow[];
  total: { participants: number; counts: StatusCounts; rate: number | null };
}

const unitRef = (u: OrgUnit) => ({ id: u.id, code: u.code, name: u.name });

export async function dashboard(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters, sort: { by: UnitSort; dir: 'asc' | 'desc' } = { by: 'name', dir: 'asc' }): Promise<Dashboard> {
  const r = await resolve(ctx, principal, cohortId, f);
  const counted = await ctx.repos.monitoring.unitCounts(r.population);
  const pathOf = new Map((await ctx.repos.units.findManyByIds(counted.map((c) => c.unit_id).filter((id): id is number => id !== null))).map((u) => [u.id, u.path]));
  const anchors = r.anchors ? [...r.anchors].sort((a, b) => b.path.length - a.path.length) : null;
  // Fold the units into the direct sub-units of the anchors.
  const groups = new Map<string, { unitId: number | null; direct: boolean; counts: StatusCounts }>();
  for (const row of counted) {
    let key = 'none';
    let unitId: number | null = null;
    let direct = false;
    const unitPath = row.unit_id === null ? undefined : pathOf.get(row.unit_id);
    if (unitPath) {
      const segs = segments(unitPath);
      if (anchors) {
        const anchor = anchors.find((a) => unitPath.startsWith(a.path));
        if (anchor) {
          const depth = segments(anchor.path).length;
          direct = segs.length === depth;
          unitId = direct ? anchor.id : segs[depth]!;
        } else unitId = segs[0] ?? null; // cannot happen: the population lies inside the anchors
      } else unitId = segs[0] ?? null;
      key = `${direct ? 'd' : 'u'}${unitId}`;
    }
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { unitId, direct, counts: emptyCounts() }));
    const c: StatusCounts = { never_signed_in: row.never_signed_in, in_progress: row.in_progress, behind: row.behind, failed: row.failed, passed: row.passed, certified: row.certified };
    addCounts(g.counts, c);
  }
  // Every direct sub-unit of the anchor(s) is listed, with zeros where nobody is counted.
  if (anchors) {
    for (const a of anchors) {
      for (const child of await ctx.repos.units.children(a.id)) {
        const key = `u${child.id}`;
        if (!groups.has(key)) groups.set(key, { unitId: child.id, direct: false, counts: emptyCounts() });
      }
    }
  }
  const names = new Map((await ctx.repos.units.findManyByIds([...new Set([...groups.values()].map((g) => g.unitId).filter((id): id is number => id !== null))])).map((u) => [u.id, u]));
  const rows: UnitRow[] = [...groups.values()].map((g) => {
    const u = g.unitId === null ? undefined : names.get(g.unitId);
    return { unitId: g.unitId, code: u?.code ?? null, name: u?.name ?? null, direct: g.direct, participants: totalOf(g.counts), counts: g.counts, rate: completionRate(g.counts) };
  });
  sortUnitRows(rows, sort.by, sort.dir);
  const total = rows.reduce((acc, row) => addCounts(acc, row.counts), emptyCounts());
  return {
    cohort: r.cohort,
    units: r.units ? r.units.map(unitRef) : null,
    anchors: r.anchors ? r.anchors.map(unitRef) : null,
    rows,
    total: { participants: totalOf(total), counts: total, rate: completionRate(total) },
  };
}

/** Sorts the unit rows in place: by name, participants, completion rate or one status count (ties by name). */
export function sortUnitRows(rows: UnitRow[], by: UnitSort, dir: 'asc' | 'desc'): UnitRow[] {
  const sign = dir === 'desc' ? -1 : 1;
  const value = (row: UnitRow): number | string | null => (by === 'name' ? (row.name ?? '') : by === 'participants' ? row.participants : by === 'rate' ? row.rate : row.counts[by]);
  const byName = (a: UnitRow, b: UnitRow) => (a.direct === b.direct ? 0 : a.direct ? -1 : 1) || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'id') || (a.unitId ?? 0) - (b.unitId ?? 0);
  return rows.sort((a, b) => {
    if (by === 'name') return sign * byName(a, b);
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * ((x as number) - (y as number)) || byName(a, b);
  });
}

// ---------------------------------------------------------------------------------------------
// Participants.

export interface ParticipantItem {
  enrolmentId: number;
  userId: number;
  login: string;
  nip: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  unit: { code: string; name: string } | null;
  status: MonitoringStatus;
  progress: number;
  dueOn: string | null;
  lastActivityAt: string | null;
}

const toItem = (r: ParticipantRow): ParticipantItem => ({
  enrolmentId: r.enrolment_id,
  userId: r.user_id,
  login: r.login,
  nip: r.nip,
  name: r.name,
  email: r.email,
  phone: r.phone,
  unit: r.unit_code !== null && r.unit_name !== null ? { code: r.unit_code, name: r.unit_name } : null,
  status: r.status,
  progress: r.progress,
  dueOn: r.due_on,
  lastActivityAt: r.last_activity_at,
});

export interface ParticipantList {
  cohort: CohortRef;
  units: { id: number; code: string; name: string }[] | null;
  total: number;
  items: ParticipantItem[];
  nextOffset: number | null;
}

/** One page of the participants (sorted, by offset) for the pages. */
export async function participantList(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters, o: { sort: ParticipantSort; dir: 'asc' | 'desc'; offset: number; limit: number }): Promise<ParticipantList> {
  const r = await resolve(ctx, principal, cohortId, f);
  const [total, rows] = await Promise.all([ctx.repos.monitoring.count(r.population), ctx.repos.monitoring.participantPage(r.population, { ...o, limit: o.limit + 1 })]);
  const more = rows.length > o.limit;
  const items = (more ? rows.slice(0, o.limit) : rows).map(toItem);
  return { cohort: r.cohort, units: r.units ? r.units.map(unitRef) : null, total, items, nextOffset: more ? o.offset + items.length : null };
}

/** A keyset page by participant (user) id: the HR API. */
export async function participantsPage(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters, o: { cursor?: number; limit: number }): Promise<{ items: ParticipantItem[]; nextCursor: number | null }> {
  const r = await resolve(ctx, principal, cohortId, f);
  const rows = await ctx.repos.monitoring.participantsAfter(r.population, o.cursor ?? 0, o.limit + 1);
  const more = rows.length > o.limit;
  const items = (more ? rows.slice(0, o.limit) : rows).map(toItem);
  return { items, nextCursor: more ? items[items.length - 1]!.userId : null };
}

const EXPORT_BATCH = 1000;

/**
 * Every participant matching the filters, in id order, fetched in keyset batches (the export
 * streams them: never the whole list in memory). Scope is checked before the first row.
 */
export async function participantStream(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters): Promise<{ cohort: CohortRef; rows: AsyncIterable<ParticipantItem> }> {
  const r = await resolve(ctx, principal, cohortId, f);
  async function* rows() {
    let after = 0;
    for (;;) {
      const batch = await ctx.repos.monitoring.participantsAfter(r.population, after, EXPORT_BATCH);
      for (const row of batch) yield toItem(row);
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1]!.user_id;
    }
  }
  return { cohort: r.cohort, rows: rows() };
}

// ---------------------------------------------------------------------------------------------
// Who is behind.

export interface BehindItem extends ParticipantItem {
  stage: string | null;
  daysBehind: number;
  whatsApp: string | null;
}

export interface BehindList {
  cohort: CohortRef;
  units: { id: number; code: string; name: string }[] | null;
  total: number;
  items: BehindItem[];
  nextOffset: number | null;
}

/** The Indonesian reminder prefilled in the WhatsApp link (participants read Indonesian, whatever the operator's language). */
export function reminderMessage(name: string, programme: string, stage: string | null, days: number): string {
  return stage
    ? translate('id', 'monitor.whatsapp.reminderStage', { name, programme, stage, days })
    : translate('id', 'monitor.whatsapp.reminder', { name, programme, days });
}

async function behindEnricher(ctx: AppContext, cohort: CohortRef, today: TodayByZone) {
  const [stages, startBy] = await Promise.all([ctx.repos.monitoring.stagesWithTarget(cohort.programmeId), ctx.repos.monitoring.cohortStartBy(cohort.id)]);
  const now = ctx.clock();
  return (r: ParticipantRow): BehindItem => {
    const zone = r.zone ?? 'WIB';
    // The stage whose target day fell on the due date, on the participant's own clock.
    let stage: string | null = null;
    const day1 = dayOne({ zone, firstSignInAt: r.first_signin_at, startBy }, now);
    if (day1 && r.due_on) {
      try {
        const day = daysBetween(day1, r.due_on) + 1;
        stage = stages.find((s) => s.target_day === day)?.title ?? null;
      } catch {
        stage = null;
      }
    }
    const days = daysBehind(r.due_on, r.zone, today);
    return { ...toItem(r), stage, daysBehind: days, whatsApp: whatsAppLink(r.phone, reminderMessage(r.name, cohort.programmeTitle, stage, days)) };
  };
}

/** One page of who is behind, longest behind first. */
export async function behindList(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters, o: { offset: number; limit: number }): Promise<BehindList> {
  const r = await resolve(ctx, principal, cohortId, { ...f, status: 'behind' });
  const [total, rows, enrich] = await Promise.all([
    ctx.repos.monitoring.count(r.population),
    ctx.repos.monitoring.participantPage(r.population, { sort: 'due', dir: 'asc', offset: o.offset, limit: o.limit + 1 }),
    behindEnricher(ctx, r.cohort, r.today),
  ]);
  const more = rows.length > o.limit;
  const items = (more ? rows.slice(0, o.limit) : rows).map(enrich);
  return { cohort: r.cohort, units: r.units ? r.units.map(unitRef) : null, total, items, nextOffset: more ? o.offset + items.length : null };
}

/** Everyone behind, in id order, in keyset batches (for the streamed exports). */
export async function behindStream(ctx: AppContext, principal: Principal, cohortId: number, f: MonitorFilters): Promise<{ cohort: CohortRef; rows: AsyncIterable<BehindItem> }> {
  const r = await resolve(ctx, principal, cohortId, { ...f, status: 'behind' });
  const enrich = await behindEnricher(ctx, r.cohort, r.today);
  async function* rows() {
    let after = 0;
    for (;;) {
      const batch = await ctx.repos.monitoring.participantsAfter(r.population, after, EXPORT_BATCH);
      for (const row of batch) yield enrich(row);
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1]!.user_id;
    }
  }
  return { cohort: r.cohort, rows: rows() };
}

// ---------------------------------------------------------------------------------------------
// One participant's full progress (read-only).

export interface ParticipantProgress {
  view: EnrolmentView;
  status: MonitoringStatus;
  user: { id: number; login: string; nip: string | null; name: string; email: string | null; phone: string | null; unit: { code: string; name: string } | null };
  cohort: CohortRef;
  daysBehind: number;
  whatsApp: string | null;
}

export async function participantProgress(ctx: AppContext, principal: Principal, enrolmentId: number): Promise<ParticipantProgress> {
  assertReviewer(principal);
  const e = await ctx.repos.learning.enrolment(enrolmentId);
  if (!e || e.status !== 'active') throw errors.notFound();
  const rs = reviewScope(principal);
  const inScope = rs === 'all' || rs.cohortIds.includes(e.cohort_id) || (!!e.unit_path && rs.unitPaths.some((root) => e.unit_path!.startsWith(root)));
  if (!inScope) throw errors.notFound();
  const [user, cohortRow] = await Promise.all([ctx.repos.users.findById(e.user_id), ctx.repos.monitoring.cohort(e.cohort_id)]);
  if (!user || !cohortRow) throw errors.notFound();
  // Read-only: loaded as if withdrawn, so looking neither starts the participant's clock nor writes anything.
  const view = await loadEnrolmentView(ctx, { ...e, status: 'withdrawn' });
  const today = todayByZone(ctx.clock());
  const status = exclusiveStatus({ state: e.state, due_on: e.due_on, zone: e.zone ?? zoneOfEnrolment(e) }, today);
  const cohort = cohortRef(cohortRow);
  const days = status === 'behind' ? daysBehind(e.due_on, e.zone, today) : 0;
  const behindStage = status === 'behind' ? (view.outline.stages.find((s) => !s.complete && s.targetDay !== null)?.title ?? null) : null;
  return {
    view,
    status,
    user: { id: user.id, login: user.login, nip: user.nip, name: user.name, email: user.email, phone: user.phone, unit: user.unit_code && user.unit_name ? { code: user.unit_code, name: user.unit_name } : null },
    cohort,
    daysBehind: days,
    whatsApp: status === 'behind' ? whatsAppLink(user.phone, reminderMessage(user.name, cohort.programmeTitle, behindStage, days)) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// HR API summary.

export interface Summary {
  cohort: CohortRef;
  unit: { code: string; name: string } | null;
  items: { unit: { code: string; name: string } | null; direct: boolean; participants: number; counts: StatusCounts; completionRate: number | null }[];
  total: { participants: number; counts: StatusCounts; completionRate: number | null };
}

export async function summary(ctx: AppContext, principal: Principal, cohortId: number, f: { unit?: string }): Promise<Summary> {
  const d = await dashboard(ctx, principal, cohortId, { unit: f.unit });
  return {
    cohort: d.cohort,
    unit: d.units?.[0] ? { code: d.units[0].code, name: d.units[0].name } : null,
    items: d.rows.map((r) => ({ unit: r.code !== null && r.name !== null ? { code: r.code, name: r.name } : null, direct: r.direct, participants: r.participants, counts: r.counts, completionRate: r.rate })),
    total: { participants: d.total.participants, counts: d.total.counts, completionRate: d.total.rate },
  };
}
