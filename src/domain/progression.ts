// Progression rules (pure): which stages and activities are open for one enrolment, and why not.
// Stages are sequential by default (stage N+1 opens when every required activity of stage N is
// complete); stages and activities may open on a fixed date or on day d of the personal clock and
// close after day e; activities may require others first; an activity kind may add its own
// condition (e.g. the Jurnal upload opens after all material was opened; remedial after a fail).
// Completion, once reached, is never taken back.

export type ItemState = 'locked' | 'available' | 'in_progress' | 'completed';

/** Why something is locked: a code the interface translates (`reason.<code>`), with parameters. */
export type LockReason =
  | { code: 'after_stage'; stage: string }
  | { code: 'after_activity'; activity: string }
  | { code: 'opens_at'; at: string }
  | { code: 'opens_on_day'; day: number; date: string }
  | { code: 'clock_not_started' }
  | { code: 'closed_after_day'; day: number; date: string }
  | { code: 'window_ended'; date: string }
  | { code: 'kind'; key: string; params?: Record<string, string | number> };

export interface Window {
  opensAt?: string | null;
  opensOnDay?: number | null;
  closesAfterDay?: number | null;
}

export interface StageDef extends Window {
  id: number;
  title: string;
  /** Requires every required activity of the previous stage (default true). */
  sequential?: boolean;
  /** The day by which the stage should be complete: used to tell who is behind. */
  targetDay?: number | null;
}

export interface ActivityDef extends Window {
  id: number;
  stageId: number;
  title: string;
  required: boolean;
  prerequisiteIds?: number[];
  /** A kind-specific lock computed by the activity kind (null when the kind has nothing against it). */
  kindLock?: LockReason | null;
}

export interface ActivityProgress {
  state: 'in_progress' | 'completed';
  percent: number;
}

export interface ClockView {
  /** Today's day number, or null before the clock starts. */
  today: number | null;
  dateOfDay(d: number): string | null;
  /** The last date of the personal window when it has ended, else null. */
  windowEndedOn: string | null;
}

export interface ActivityOutline {
  id: number;
  title: string;
  required: boolean;
  state: ItemState;
  reason: LockReason | null;
  percent: number;
}

export interface StageOutline {
  id: number;
  title: string;
  state: ItemState;
  reason: LockReason | null;
  complete: boolean;
  behind: boolean;
  targetDay: number | null;
  activities: ActivityOutline[];
}

export interface Outline {
  stages: StageOutline[];
  /** Share of required activities completed, 0–100 (floored). */
  progress: number;
  status: 'not_started' | 'in_progress' | 'completed';
  /**
   * The next thing to do ("Lanjutkan"): the first open activity not yet completed — an optional one
   * only while neither it nor anything after it has been started.
   */
  nextActivityId: number | null;
  /** True when a stage's target day has passed without it being complete. */
  behind: boolean;
}

function windowLock(w: Window, clock: ClockView, now: Date): LockReason | null {
  if (w.opensAt && now.getTime() < new Date(w.opensAt).getTime()) return { code: 'opens_at', at: w.opensAt };
  if (w.opensOnDay && w.opensOnDay > 1) {
    if (clock.today === null) return { code: 'clock_not_started' };
    if (clock.today < w.opensOnDay) return { code: 'opens_on_day', day: w.opensOnDay, date: clock.dateOfDay(w.opensOnDay)! };
  }
  if (w.closesAfterDay && clock.today !== null && clock.today > w.closesAfterDay) {
    return { code: 'closed_after_day', day: w.closesAfterDay, date: clock.dateOfDay(w.closesAfterDay)! };
  }
  return null;
}

/**
 * The outline of one enrolment. `stages` and `activities` must be given in their order.
 * `progress` maps activity id to what the participant has done.
 */
export function computeOutline(input: {
  stages: StageDef[];
  activities: ActivityDef[];
  progress: ReadonlyMap<number, ActivityProgress>;
  clock: ClockView;
  now: Date;
}): Outline {
  const { progress, clock, now } = input;
  const byStage = new Map<number, ActivityDef[]>();
  for (const a of input.activities) {
    const list = byStage.get(a.stageId);
    if (list) list.push(a);
    else byStage.set(a.stageId, [a]);
  }
  const titleOf = new Map(input.activities.map((a) => [a.id, a.title]));
  const isComplete = (id: number) => progress.get(id)?.state === 'completed';

  const stages: StageOutline[] = [];
  let previous: StageOutline | null = null;
  let requiredTotal = 0;
  let requiredDone = 0;
  let anyProgress = false;
  let nextActivityId: number | null = null;
  // An optional activity is "next" only until the participant has touched it or anything after it
  // (a skipped pre-test must not keep the Lanjutkan button pointing backwards).
  const order = new Map(input.activities.map((a, i) => [a.id, i]));
  let lastTouched = -1;
  for (const [id] of progress) lastTouched = Math.max(lastTouched, order.get(id) ?? -1);

  for (const s of input.stages) {
    let stageLock: LockReason | null = null;
    if (previous && !previous.complete && s.sequential !== false) stageLock = { code: 'after_stage', stage: previous.title };
    stageLock ??= windowLock(s, clock, now);
    if (!stageLock && clock.windowEndedOn) stageLock = { code: 'window_ended', date: clock.windowEndedOn };

    const activities: ActivityOutline[] = [];
    for (const a of byStage.get(s.id) ?? []) {
      const p = progress.get(a.id);
      if (p) anyProgress = true;
      if (a.required) {
        requiredTotal++;
        if (p?.state === 'completed') requiredDone++;
      }
      if (p?.state === 'completed') {
        activities.push({ id: a.id, title: a.title, required: a.required, state: 'completed', reason: null, percent: 100 });
        continue;
      }
      let lock = stageLock ?? windowLock(a, clock, now);
      if (!lock) {
        const missing = (a.prerequisiteIds ?? []).find((id) => !isComplete(id));
        if (missing !== undefined) lock = { code: 'after_activity', activity: titleOf.get(missing) ?? String(missing) };
      }
      lock ??= a.kindLock ?? null;
      const state: ItemState = lock ? 'locked' : p ? 'in_progress' : 'available';
      const skippedOptional = !a.required && (p !== undefined || (order.get(a.id) ?? 0) < lastTouched);
      if (!lock && nextActivityId === null && !skippedOptional) nextActivityId = a.id;
      activities.push({ id: a.id, title: a.title, required: a.required, state, reason: lock, percent: Math.max(0, Math.min(99, Math.floor(p?.percent ?? 0))) });
    }

    const required = activities.filter((a) => a.required);
    const complete = required.length > 0 ? required.every((a) => a.state === 'completed') : activities.every((a) => a.state === 'completed');
    const started = activities.some((a) => a.state === 'completed' || a.state === 'in_progress');
    const state: ItemState = complete ? 'completed' : stageLock ? 'locked' : started ? 'in_progress' : 'available';
    const targetDay = s.targetDay ?? null;
    const behind = !complete && targetDay !== null && clock.today !== null && clock.today > targetDay;
    const outline: StageOutline = { id: s.id, title: s.title, state, reason: complete ? null : stageLock, complete, behind, targetDay, activities };
    stages.push(outline);
    previous = outline;
  }

  const progressPct = requiredTotal === 0 ? 0 : Math.floor((requiredDone * 100) / requiredTotal);
  const status = requiredTotal > 0 && requiredDone === requiredTotal ? 'completed' : anyProgress ? 'in_progress' : 'not_started';
  return { stages, progress: progressPct, status, nextActivityId, behind: stages.some((s) => s.behind) };
}
