// The one interface every activity kind implements (page, document, video, upload, quiz, live session…),
// the way Moodle's activity modules plug in. A kind is a folder src/activities/<kind>/ exporting an
// ActivityKind; src/activities/registry.ts lists them. Pure parts (config schema, applying progress
// events, the completion rule, the kind's own lock) are separated from rendering.
import type { z } from 'zod';
import type { Child } from 'hono/jsx';
import type { LockReason } from '../domain/progression.js';
import type { ViewContext } from '../views/context.js';
import type { AppContext } from '../services/context.js';

/** A progress event as received (already validated against the kind's event schema). */
export interface ProgressEventInput {
  eventId: string;
  type: string;
  [key: string]: unknown;
}

/** What the kind keeps per enrolment and activity (stored as JSON in activity_progress.data). */
export type ProgressData = Record<string, unknown>;

export interface ProgressResult {
  data: ProgressData;
  /** 0–100 */
  percent: number;
  completed: boolean;
}

/** What a kind may look at to decide its own lock (e.g. the Jurnal needs all material opened first). */
export interface KindLockInput<C> {
  config: C;
  /** The activities before this one in the programme, in order, with whether each was opened / completed. */
  earlier: EarlierActivity[];
}

export interface EarlierActivity {
  id: number;
  kind: string;
  title: string;
  opened: boolean;
  completed: boolean;
  /** The activity's configuration as validated by its kind (null when invalid or unknown). */
  config: unknown;
  /** The kind's stored progress data for this participant ({} before any progress); parsed on first call. */
  data(): ProgressData;
}

export interface ActivityViewProps<C> {
  v: ViewContext;
  activity: { id: number; title: string; kind: string; required: boolean };
  enrolmentId: number;
  config: C;
  progress: { state: 'locked' | 'available' | 'in_progress' | 'completed'; percent: number; data: ProgressData };
  /** Extra data a kind's service loaded for its view (e.g. submissions of the upload kind). */
  extra?: unknown;
}

export interface ActivityKind<C = unknown> {
  /** The kind's name as stored in activities.kind, e.g. 'page'. */
  readonly kind: string;
  /** Validates the activity's configuration (authoring, import). */
  readonly configSchema: z.ZodType<C>;
  /** The event types this kind accepts, with their body schemas (documented in the OpenAPI document). */
  readonly eventSchema: z.ZodType<ProgressEventInput>;
  /** True for reading/watching material (what the Jurnal waits for). */
  readonly isMaterial: boolean;
  /** Applies one event to the stored progress (pure). Completion is decided here, by the kind's rule. */
  applyEvent(previous: ProgressData, event: ProgressEventInput, config: C): ProgressResult;
  /**
   * Optional (pure): whether an activity of this kind counts as required, given the author's choice
   * (e.g. a pre-test never blocks anything, so it never counts as required).
   */
  effectiveRequired?(config: C, authored: boolean): boolean;
  /**
   * Optional (pure): whether the participant's result in this activity counts as failed for
   * monitoring (a failed final evaluation with its remedial pending).
   */
  failed?(config: C, data: ProgressData): boolean;
  /** The kind's own lock, if any (pure). */
  kindLock?(input: KindLockInput<C>): LockReason | null;
  /** The participant's view of the activity. */
  view(props: ActivityViewProps<C>): Child;
  /**
   * Optional: loads what the view needs besides config and progress (e.g. the Jurnal's versions); the
   * participant page calls it and passes the result to `view` as `extra`. `query` is the page's query string;
   * `config` the activity's parsed config and `programmeId` its programme (the page has both already).
   */
  loadViewExtra?(ctx: AppContext, input: { userId: number; enrolmentId: number; activityId: number; programmeId: number; config: C; query: Record<string, unknown> }): Promise<unknown>;
  /** Authoring: the form fields for this kind's configuration, and reading them back from a form post. */
  authoringFields(props: { v: ViewContext; config: C | null }): Child;
  parseAuthoringForm(body: Record<string, unknown>): unknown;
}

export function defineKind<C>(kind: ActivityKind<C>): ActivityKind<C> {
  return kind;
}
