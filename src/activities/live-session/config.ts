// The live session kind's pure parts: its configuration, its progress data and how events change it.
// Two sources of events:
//  - the participant's browser, through the progress API: only `opened` and the recording's played
//    ranges (`watched`, `position`, as the video kind: only distinct seconds actually played count);
//  - the server (src/services/live-sessions.ts applyLiveFacts): `live_joined` (a click on Join through
//    the platform), `live_attendance` (minutes from the Zoom report, SET not added) and `live_manual`
//    (a facilitator's mark with its reason). These types are not in the event schema the progress API
//    validates against, so a participant cannot send them.
// Completion follows the session's rule (liveCompletion in src/domain/live-session.ts).
import { z } from 'zod';
import type { ProgressData, ProgressEventInput, ProgressResult } from '../types.js';
import { mergeIntervals, normaliseInterval, watchedPercent, watchedSeconds, type Interval } from '../../domain/watched.js';
import { liveCompletion, type LiveCompletionRule, type LiveFacts, type LiveTiming } from '../../domain/live-session.js';
import { MAX_INTERVALS } from '../video/index.js';

export const LIVE_PROVIDERS = ['zoom_meeting', 'zoom_webinar', 'livestream', 'other'] as const;
export const SPEAKER_ROLES = ['narasumber', 'moderator', 'host'] as const;
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  });
const isoInstant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(s) && !Number.isNaN(Date.parse(s)));

export const liveCompletionConfig = z.object({
  /** Attended at least this many minutes (from the Zoom report), or null. */
  minMinutes: z.number().int().min(1).max(24 * 60).nullable().default(null),
  /** A click on Join through the platform completes. */
  joinCounts: z.boolean().default(false),
  /** Watching this share of the recording (percent, 1–100) completes, or null (not allowed). */
  recordingShare: z.number().min(1).max(100).nullable().default(null),
});

export const liveSessionConfig = z
  .object({
    agenda: z.string().max(50_000).default(''),
    /** UTC instants, ISO 8601 with Z. */
    startAt: isoInstant,
    endAt: isoInstant,
    /** The zone the author entered the times in (only for showing the authoring form again). */
    authoringZone: z.enum(['WIB', 'WITA', 'WIT']).default('WIB'),
    provider: z.enum(LIVE_PROVIDERS),
    joinUrl: httpUrl,
    passcode: z.string().trim().max(100).nullable().default(null),
    revealMinutesBefore: z.number().int().min(0).max(7 * 24 * 60).default(30),
    capacity: z.number().int().min(1).max(1_000_000).nullable().default(null),
    livestreamUrl: httpUrl.nullable().default(null),
    /** The recording as a stored MP4 (tracked like the video kind) … */
    recordingFileId: z.number().int().positive().nullable().default(null),
    recordingDurationSeconds: z.number().positive().max(24 * 3600).nullable().default(null),
    /** … or a link elsewhere (not tracked). */
    recordingUrl: httpUrl.nullable().default(null),
    completion: liveCompletionConfig.default({ minMinutes: 60, joinCounts: false, recordingShare: null }),
    /** The speakers in order (ids of the reusable speakers list). */
    speakers: z.array(z.object({ speakerId: z.number().int().positive(), role: z.enum(SPEAKER_ROLES).default('narasumber') })).max(20).default([]),
  })
  .refine((c) => Date.parse(c.endAt) > Date.parse(c.startAt), { path: ['endAt'] })
  .refine((c) => Date.parse(c.endAt) - Date.parse(c.startAt) <= 24 * 3600_000, { path: ['endAt'] })
  .refine((c) => c.recordingFileId === null || c.recordingDurationSeconds !== null, { path: ['recordingDurationSeconds'] });
export type LiveSessionConfig = z.infer<typeof liveSessionConfig>;

export const timingOf = (c: Pick<LiveSessionConfig, 'startAt' | 'endAt' | 'revealMinutesBefore'>): LiveTiming => ({
  startAt: new Date(c.startAt),
  endAt: new Date(c.endAt),
  revealMinutesBefore: c.revealMinutesBefore,
});

/** The recording can be tracked (a stored MP4 of known length). */
export const trackedRecording = (c: LiveSessionConfig): boolean => c.recordingFileId !== null && c.recordingDurationSeconds !== null;

export const ruleOf = (c: LiveSessionConfig): LiveCompletionRule => ({
  minMinutes: c.completion.minMinutes,
  joinCounts: c.completion.joinCounts,
  // Recording completion only where a tracked recording exists (the config says percent, the rule 0..1).
  recordingShare: trackedRecording(c) && c.completion.recordingShare !== null ? c.completion.recordingShare / 100 : null,
});

// Server facts are stored under ids starting with 'srv:' (services/live-sessions.ts): a client cannot take them first.
const eventId = z.string().min(8).max(64).refine((s) => !s.startsWith('srv:'));
const seconds = z.number().finite().min(0).max(10 * 24 * 3600);
/** What the participant's browser may send: opening the page and the recording's played ranges. */
export const liveSessionEvent = z.discriminatedUnion('type', [
  z.object({ eventId, type: z.literal('opened') }),
  z.object({ eventId, type: z.literal('watched'), from: seconds, to: seconds }),
  z.object({ eventId, type: z.literal('position'), at: seconds }),
]);

/** Event types only the server applies (never accepted from the progress API). */
export const SERVER_EVENT_TYPES = ['live_joined', 'live_attendance', 'live_manual'] as const;

export type CompletedBy = 'attendance' | 'join' | 'recording' | 'manual' | null;

export interface LiveProgressData {
  opened: true;
  /** The first click on Join through the platform (ISO), or null. */
  joinedAt: string | null;
  /** Minutes attended according to the latest Zoom report import. */
  attendedMinutes: number;
  manual: { mark: 'present' | 'absent'; reason: string } | null;
  /** The recording: merged intervals of media time played, resume point, distinct seconds. */
  intervals: Interval[];
  position: number;
  watchedSeconds: number;
  completed: boolean;
  completedBy: CompletedBy;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Reads stored progress defensively. */
export function readLiveProgress(data: ProgressData): LiveProgressData {
  const raw = Array.isArray(data.intervals) ? data.intervals : [];
  const intervals: Interval[] = [];
  for (const x of raw) if (Array.isArray(x) && x.length === 2 && finite(x[0]) && finite(x[1]) && x[1] > x[0]) intervals.push([x[0], x[1]]);
  const merged = mergeIntervals(intervals);
  const m = data.manual as { mark?: unknown; reason?: unknown } | null | undefined;
  const by = data.completedBy;
  return {
    opened: true,
    joinedAt: typeof data.joinedAt === 'string' ? data.joinedAt : null,
    attendedMinutes: finite(data.attendedMinutes) && data.attendedMinutes >= 0 ? data.attendedMinutes : 0,
    manual: m && (m.mark === 'present' || m.mark === 'absent') ? { mark: m.mark, reason: typeof m.reason === 'string' ? m.reason : '' } : null,
    intervals: merged,
    position: finite(data.position) && data.position >= 0 ? data.position : 0,
    watchedSeconds: watchedSeconds(merged),
    completed: data.completed === true,
    completedBy: by === 'attendance' || by === 'join' || by === 'recording' || by === 'manual' ? by : null,
  };
}

export function recordingPercent(c: LiveSessionConfig, p: Pick<LiveProgressData, 'intervals'>): number {
  return trackedRecording(c) ? watchedPercent(p.intervals, c.recordingDurationSeconds!) : 0;
}

export const factsOf = (c: LiveSessionConfig, p: LiveProgressData): LiveFacts => ({
  attendedMinutes: p.attendedMinutes,
  joinedViaPlatform: p.joinedAt !== null,
  recordingShare: recordingPercent(c, p) / 100,
  manual: p.manual?.mark ?? null,
});

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Applies one event (client or server). Completion is what the rule says of the facts as they are
 * now (a manual "absent" only means the mark itself does not complete; a corrected, lower attendance
 * can take a completion back when applied by applyLiveFacts); the progress API
 * path (recordProgress) additionally never takes back a completion, which is right for the
 * recording events it carries (they only ever add).
 */
export function applyLiveEvent(previous: ProgressData, event: ProgressEventInput, config: LiveSessionConfig): ProgressResult {
  const p = readLiveProgress(previous);
  let { intervals, position, joinedAt, attendedMinutes, manual } = p;
  const duration = config.recordingDurationSeconds ?? 0;
  switch (event.type) {
    case 'watched': {
      if (!trackedRecording(config)) break;
      const iv = normaliseInterval(Number(event.from), Number(event.to), duration);
      if (iv) {
        const merged = mergeIntervals([...intervals, iv]);
        if (merged.length <= MAX_INTERVALS) intervals = merged;
      }
      break;
    }
    case 'position': {
      const at = Number(event.at);
      if (trackedRecording(config) && Number.isFinite(at)) position = round1(Math.max(0, Math.min(at, duration)));
      break;
    }
    case 'live_joined': {
      const at = typeof event.at === 'string' && !Number.isNaN(Date.parse(event.at)) ? new Date(event.at).toISOString() : null;
      if (at && (joinedAt === null || at < joinedAt)) joinedAt = at;
      break;
    }
    case 'live_attendance': {
      const minutes = Number(event.minutes);
      if (Number.isFinite(minutes) && minutes >= 0) attendedMinutes = Math.min(Math.round(minutes * 10) / 10, 24 * 60);
      break;
    }
    case 'live_manual': {
      const mark = event.mark;
      manual = mark === 'present' || mark === 'absent' ? { mark, reason: typeof event.reason === 'string' ? event.reason.slice(0, 500) : '' } : null;
      break;
    }
    default:
      break;
  }
  const next: LiveProgressData = { opened: true, joinedAt, attendedMinutes, manual, intervals, position, watchedSeconds: round1(watchedSeconds(intervals)), completed: false, completedBy: null };
  const verdict = liveCompletion(ruleOf(config), factsOf(config, next));
  next.completed = verdict.completed;
  next.completedBy = verdict.completed ? verdict.by : null;
  return { data: next as unknown as ProgressData, percent: next.completed ? 100 : partialPercent(config, next), completed: next.completed };
}

/** Progress short of completion: the best of the ways toward it, below 100. */
function partialPercent(c: LiveSessionConfig, p: LiveProgressData): number {
  const rule = ruleOf(c);
  const shares: number[] = [0];
  if (rule.minMinutes !== null) shares.push((p.attendedMinutes * 100) / rule.minMinutes);
  if (rule.recordingShare !== null) shares.push(recordingPercent(c, p) / rule.recordingShare);
  return Math.min(99, Math.floor(Math.max(...shares) * 10) / 10);
}
