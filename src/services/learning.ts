// Staged self-paced learning: a participant's enrolments, the outline with locks and reasons, and
// progress events recorded exactly once.
import { computeOutline, type ActivityDef, type ActivityProgress, type LockReason, type Outline, type StageDef } from '../domain/progression.js';
import { dayClock, daysLeft, type DayClock } from '../domain/day-clock.js';
import { localDate, type IndonesianZone } from '../domain/time.js';
import { zoneForRegionCode } from '../domain/regions.js';
import type { Activity, ActivityProgressRow, EnrolmentState, Stage } from '../db/schema.js';
import type { EnrolmentContext, EnrolmentSummary } from '../db/repositories/learning.js';
import { activityKind } from '../activities/registry.js';
import type { EarlierActivity, ProgressData } from '../activities/types.js';
import { AppError, errors } from '../http/errors.js';
import type { AppContext } from './context.js';
import { certificateInputChanged } from './certificate-eligibility.js';

export interface LoadedActivity {
  row: Activity;
  config: unknown;
  /** The config as validated by the kind's schema (null when the kind is unknown or the config invalid). */
  parsedConfig: { value: unknown } | null;
  prerequisiteIds: number[];
}

export interface EnrolmentView extends ProgrammeStructure {
  enrolment: EnrolmentContext;
  zone: IndonesianZone;
  clock: DayClock;
  stages: Stage[];
  activities: LoadedActivity[];
  progress: Map<number, ActivityProgressRow>;
  outline: Outline;
  /**
   * The summary computed for monitoring when it differs from the stored one and the caller asked to
   * write it later (loadEnrolmentView's `deferSummary`): a progress event about to be recorded in the
   * same request writes it in its own transaction anyway. `writePendingSummary` writes it otherwise.
   */
  pendingSummary?: EnrolmentSummary;
}

export const zoneOfEnrolment = (e: Pick<EnrolmentContext, 'unit_region_code'>): IndonesianZone => (e.unit_region_code && zoneForRegionCode(e.unit_region_code)) || 'WIB';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The enrolment of this participant, or 404 (someone else's enrolment does not exist for them). */
export async function ownEnrolment(ctx: AppContext, userId: number, enrolmentId: number): Promise<EnrolmentContext> {
  const e = await ctx.repos.learning.enrolment(enrolmentId);
  if (!e || e.user_id !== userId) throw errors.notFound();
  return e;
}

function clockOf(e: EnrolmentContext, zone: IndonesianZone, now: Date): DayClock {
  return dayClock({ zone, firstSignInAt: e.first_signin_at, startBy: e.start_by, windowDays: e.window_days, extensionDays: e.extension_days }, now);
}

/**
 * A programme's published structure (stages, activities with parsed configs) changes only when an
 * author edits it, but is read on every participant request: it is kept in memory for a few seconds
 * and dropped at once when this instance's authoring changes it (other instances see a change
 * within STRUCTURE_TTL_MS).
 */
export const STRUCTURE_TTL_MS = 5_000;
export interface ProgrammeStructure {
  stages: Stage[];
  activities: LoadedActivity[];
}
const structureCache = new WeakMap<AppContext['repos'], Map<number, { at: number; value: Promise<ProgrammeStructure> }>>();

export function programmeStructureChanged(ctx: Pick<AppContext, 'repos'>): void {
  structureCache.get(ctx.repos)?.clear();
}

export function programmeStructure(ctx: Pick<AppContext, 'repos'>, programmeId: number): Promise<ProgrammeStructure> {
  let perCtx = structureCache.get(ctx.repos);
  if (!perCtx) structureCache.set(ctx.repos, (perCtx = new Map()));
  const nowMs = Date.now();
  const hit = perCtx.get(programmeId);
  if (hit && nowMs - hit.at < STRUCTURE_TTL_MS) return hit.value;
  const value = (async () => {
    const [stages, rows] = await Promise.all([
      ctx.repos.learning.stagesOf(programmeId, { publishedOnly: true }),
      ctx.repos.learning.activitiesOf(programmeId, { publishedOnly: true }),
    ]);
    const stageOrder = new Map(stages.map((s, i) => [s.id, i]));
    const activities: LoadedActivity[] = rows
      .filter((a) => stageOrder.has(a.stage_id))
      .sort((a, b) => stageOrder.get(a.stage_id)! - stageOrder.get(b.stage_id)! || a.position - b.position || a.id - b.id)
      .map((row) => {
        const raw = parseJson(row.config, {});
        const parsed = activityKind(row.kind)?.configSchema.safeParse(raw);
        return { row, config: raw, parsedConfig: parsed?.success ? { value: parsed.data } : null, prerequisiteIds: parseJson<number[]>(row.prerequisite_ids, []) };
      });
    return { stages, activities };
  })();
  value.catch(() => perCtx!.delete(programmeId));
  perCtx.set(programmeId, { at: nowMs, value });
  return value;
}

/** Loads everything needed to show or change one enrolment and computes its outline. */
export async function loadEnrolmentView(ctx: AppContext, enrolment: EnrolmentContext, opts: { deferSummary?: boolean } = {}): Promise<EnrolmentView> {
  const now = ctx.clock();
  if (!enrolment.first_signin_at && enrolment.status === 'active') {
    // The participant is signed in and looking at the programme: the personal clock starts now.
    await ctx.repos.learning.markFirstSignIn(enrolment.user_id, now.toISOString());
    enrolment = { ...enrolment, first_signin_at: now.toISOString() };
  }
  const [{ stages, activities }, progressRows] = await Promise.all([programmeStructure(ctx, enrolment.programme_id), ctx.repos.learning.progressOf(enrolment.id)]);
  const zone = zoneOfEnrolment(enrolment);
  const clock = clockOf(enrolment, zone, now);
  const progress = new Map(progressRows.map((p) => [p.activity_id, p]));
  const outline = outlineOf({ stages, activities }, progress, clock, zone, now);
  const view: EnrolmentView = { enrolment, zone, clock, stages, activities, progress, outline };
  if (enrolment.status === 'active') {
    // Keep the monitoring columns true (the clock started, a target day came into view, a structure change).
    const s = summaryOf(view, outline, progress, now.toISOString());
    if (s.progress !== enrolment.progress || s.completedAt !== enrolment.completed_at || s.state !== enrolment.state || s.dueOn !== enrolment.due_on || s.zone !== enrolment.zone) {
      if (opts.deferSummary) view.pendingSummary = s;
      else await ctx.repos.learning.setEnrolmentSummary(enrolment.id, s);
      view.enrolment = { ...enrolment, progress: s.progress, completed_at: s.completedAt, state: s.state, due_on: s.dueOn, zone: s.zone };
    }
  }
  return view;
}

/** Writes the summary a view loaded with `deferSummary` left pending (when it still is). */
export async function writePendingSummary(ctx: AppContext, view: EnrolmentView): Promise<void> {
  if (!view.pendingSummary) return;
  await ctx.repos.learning.setEnrolmentSummary(view.enrolment.id, view.pendingSummary);
  view.pendingSummary = undefined;
}

/** What a kind's lock may know of an earlier activity (its progress data parsed on first use). */
export function earlierActivity(a: LoadedActivity, p: (Pick<ActivityProgressRow, 'state'> & { data?: string }) | undefined): EarlierActivity {
  const raw = p?.data;
  let parsed: ProgressData | undefined;
  return {
    id: a.row.id,
    kind: a.row.kind,
    title: a.row.title,
    opened: !!p,
    completed: p?.state === 'completed',
    config: a.parsedConfig?.value ?? null,
    data: () => (parsed ??= raw ? parseJson<ProgressData>(raw, {}) : {}),
  };
}

/** The outline for given progress rows (pure): used for the view, and again after an event without reloading. */
function outlineOf(structure: ProgrammeStructure, progress: ReadonlyMap<number, Pick<ActivityProgressRow, 'state' | 'percent'> & { data?: string }>, clock: DayClock, zone: IndonesianZone, now: Date): Outline {
  const earlier: EarlierActivity[] = [];
  const defs: ActivityDef[] = [];
  for (const a of structure.activities) {
    const kind = activityKind(a.row.kind);
    const kindLock = kind?.kindLock && a.parsedConfig ? kind.kindLock({ config: a.parsedConfig.value, earlier: [...earlier] }) : null;
    defs.push({
      id: a.row.id,
      stageId: a.row.stage_id,
      title: a.row.title,
      required: kind?.effectiveRequired && a.parsedConfig ? kind.effectiveRequired(a.parsedConfig.value, a.row.required === 1) : a.row.required === 1,
      prerequisiteIds: a.prerequisiteIds,
      opensAt: a.row.opens_at,
      opensOnDay: a.row.opens_on_day,
      closesAfterDay: a.row.closes_after_day,
      kindLock,
    });
    earlier.push(earlierActivity(a, progress.get(a.row.id)));
  }
  const stageDefs: StageDef[] = structure.stages.map((s) => ({
    id: s.id,
    title: s.title,
    sequential: s.sequential === 1,
    opensAt: s.opens_at,
    opensOnDay: s.opens_on_day,
    closesAfterDay: s.closes_after_day,
    targetDay: s.target_day,
  }));
  const windowEndedOn = clock.windowEndsOn && localDate(now, zone) > clock.windowEndsOn ? clock.windowEndsOn : null;
  const progressMap = new Map<number, ActivityProgress>([...progress].map(([id, p]) => [id, { state: p.state, percent: p.percent }]));
  return computeOutline({ stages: stageDefs, activities: defs, progress: progressMap, clock: { today: clock.today, dateOfDay: clock.dateOfDay, windowEndedOn }, now });
}

/**
 * The enrolment's summary for monitoring (pure): progress, completion, the status apart from "behind"
 * (never_signed_in, in_progress, failed = a final evaluation failed with its remedial pending, passed
 * = the programme complete, certified is kept once set) and the local date by which the first
 * incomplete stage with a target day should be complete.
 */
function summaryOf(view: Pick<EnrolmentView, 'enrolment' | 'activities' | 'clock' | 'zone'>, outline: Outline, progress: ReadonlyMap<number, Pick<ActivityProgressRow, 'data'>>, now: string): EnrolmentSummary {
  const e = view.enrolment;
  const completedAt = outline.status === 'completed' ? (e.completed_at ?? now) : null;
  const failed = () =>
    view.activities.some((a) => {
      const kind = activityKind(a.row.kind);
      const p = progress.get(a.row.id);
      return !!(kind?.failed && p && a.parsedConfig && kind.failed(a.parsedConfig.value, parseJson<ProgressData>(p.data, {})));
    });
  const state: EnrolmentState = e.state === 'certified' ? 'certified' : completedAt ? 'passed' : !e.first_signin_at ? 'never_signed_in' : failed() ? 'failed' : 'in_progress';
  const due = outline.stages.find((s) => !s.complete && s.targetDay !== null);
  return { progress: outline.progress, completedAt, state, dueOn: due ? view.clock.dateOfDay(due.targetDay!) : null, zone: view.zone };
}

/** The enrolment's summary for the given progress rows (pure: computed inside the event's transaction). */
export function enrolmentSummaryAfter(view: EnrolmentView, rows: ActivityProgressRow[], now: string): EnrolmentSummary {
  const progress = new Map(rows.map((r) => [r.activity_id, r]));
  const outline = outlineOf(view, progress, view.clock, view.zone, new Date(now));
  return summaryOf(view, outline, progress, now);
}

export function enrolmentStatus(e: EnrolmentContext, outline: Outline): 'not_started' | 'in_progress' | 'completed' | 'withdrawn' {
  if (e.status === 'withdrawn') return 'withdrawn';
  return outline.status;
}

export async function myEnrolments(ctx: AppContext, userId: number) {
  const list = await ctx.repos.learning.enrolmentsOfUser(userId);
  const now = ctx.clock();
  const out = [];
  for (const e of list) {
    const view = await loadEnrolmentView(ctx, e);
    out.push({ view, status: enrolmentStatus(view.enrolment, view.outline), daysLeft: daysLeft(view.clock, now, view.zone) });
  }
  return out;
}

/** Finds the activity in the enrolment's outline, or 404. */
export function findActivity(view: EnrolmentView, activityId: number) {
  const index = view.activities.findIndex((a) => a.row.id === activityId);
  if (index < 0) throw errors.notFound();
  const outline = view.outline.stages.flatMap((s) => s.activities).find((a) => a.id === activityId)!;
  return { activity: view.activities[index]!, outline, previous: view.activities[index - 1] ?? null, next: view.activities[index + 1] ?? null };
}

export class ActivityLockedError extends AppError {}

export function lockedError(reason: LockReason, message: string): AppError {
  return new AppError(409, 'activity_locked', 'error.activity_locked', { params: { reason: message }, details: { reason: message, reasonCode: reason.code } });
}

/**
 * Records one progress event for a participant's activity. Idempotent by the client's event id;
 * completion is never taken back. Returns the activity's state and percent and the enrolment's progress.
 */
export async function recordProgress(
  ctx: AppContext,
  // `view`: the enrolment's view the caller loaded earlier in the same request (not loaded again);
  // the answer's `view` is then that view after the event (none for a duplicate).
  input: { userId: number; enrolmentId: number; activityId: number; event: unknown; describeLock: (r: LockReason) => string; enrolment?: EnrolmentContext; view?: EnrolmentView },
): Promise<{ state: 'in_progress' | 'completed'; progress: number; enrolmentProgress: number; duplicate: boolean; view?: EnrolmentView }> {
  const given = input.view && input.view.enrolment.id === input.enrolmentId && input.view.enrolment.user_id === input.userId ? input.view : undefined;
  const enrolment =
    given?.enrolment ?? (input.enrolment && input.enrolment.id === input.enrolmentId && input.enrolment.user_id === input.userId ? input.enrolment : await ownEnrolment(ctx, input.userId, input.enrolmentId));
  if (enrolment.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  const view = given ?? (await loadEnrolmentView(ctx, enrolment));
  const { activity, outline } = findActivity(view, input.activityId);
  const kind = activityKind(activity.row.kind);
  if (!kind) throw errors.notFound();
  const parsedEvent = kind.eventSchema.safeParse(input.event);
  if (!parsedEvent.success) {
    const fields: Record<string, { key: 'error.field.invalid' }[]> = {};
    for (const issue of parsedEvent.error.issues) fields[issue.path.join('.') || 'body'] = [{ key: 'error.field.invalid' }];
    throw errors.validation(fields);
  }
  if (outline.state === 'locked') throw lockedError(outline.reason!, input.describeLock(outline.reason!));
  const config = activity.parsedConfig ? { success: true as const, data: activity.parsedConfig.value } : kind.configSchema.safeParse(activity.config);
  if (!config.success) throw errors.conflict('activity_misconfigured');
  const event = parsedEvent.data;
  const now = ctx.clock().toISOString();
  const after: { summary?: EnrolmentSummary; rows?: ActivityProgressRow[] } = {};

  const res = await ctx.repos.learning.recordEvent(
    { enrolmentId: enrolment.id, activityId: activity.row.id, eventId: event.eventId, type: event.type, payload: JSON.stringify(event), now },
    (previous) => {
      const prevData = previous ? parseJson<ProgressData>(previous.data, {}) : {};
      const result = kind.applyEvent(prevData, event, config.data);
      const completed = previous?.state === 'completed' || result.completed;
      return {
        state: completed ? 'completed' : 'in_progress',
        percent: completed ? 100 : Math.max(previous?.percent ?? 0, Math.min(100, result.percent)),
        data: JSON.stringify(result.data),
        completedAt: previous?.completed_at ?? (completed ? now : null),
      };
    },
    (rows) => {
      after.rows = rows;
      return (after.summary = enrolmentSummaryAfter(view, rows, now));
    },
  );

  const enrolmentProgress = after.summary?.progress ?? view.outline.progress;
  // The enrolment just became complete: the certificate may now be due (never throws).
  if (!res.duplicate && after.summary?.completedAt && !view.enrolment.completed_at) await certificateInputChanged(ctx, enrolment.id);
  let viewAfter: EnrolmentView | undefined;
  if (given && !res.duplicate && after.rows && after.summary) {
    const progress = new Map(after.rows.map((r) => [r.activity_id, r]));
    const s = after.summary;
    // The event's transaction stored the summary: nothing is pending any more.
    viewAfter = { ...view, pendingSummary: undefined, enrolment: { ...view.enrolment, progress: s.progress, completed_at: s.completedAt, state: s.state, due_on: s.dueOn, zone: s.zone }, progress, outline: outlineOf(view, progress, view.clock, view.zone, new Date(now)) };
  }
  return {
    state: res.row?.state ?? 'in_progress',
    progress: Math.round(res.row?.percent ?? 0),
    enrolmentProgress,
    duplicate: res.duplicate,
    ...(viewAfter ? { view: viewAfter } : {}),
  };
}
