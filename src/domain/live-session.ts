// Live session timing and completion rules (issue 6, parts 1, 2 and 4). Pure.

export type LiveProvider = 'zoom_meeting' | 'zoom_webinar' | 'livestream' | 'other';

export const LIVE_PROVIDERS: readonly LiveProvider[] = ['zoom_meeting', 'zoom_webinar', 'livestream', 'other'];

export interface LiveTiming {
  startAt: Date;
  endAt: Date;
  /** Minutes before the start at which the join link and passcode are shown (0 = at the start). */
  revealMinutesBefore: number;
}

/** 'scheduled': link not yet revealed; 'open': link revealed, not started; 'live'; 'ended'. */
export type LivePhase = 'scheduled' | 'open' | 'live' | 'ended';

/** The instant the join link is revealed. Negative reveal minutes count as 0 (never after the start). */
export function revealAt(t: LiveTiming): Date {
  const minutes = Number.isFinite(t.revealMinutesBefore) ? Math.max(0, t.revealMinutesBefore) : 0;
  return new Date(t.startAt.getTime() - minutes * 60_000);
}

/** Boundaries: 'open' at exactly revealAt, 'live' at exactly startAt, 'ended' at exactly endAt. */
export function livePhase(t: LiveTiming, now: Date): LivePhase {
  const n = now.getTime();
  if (n >= t.endAt.getTime()) return 'ended';
  if (n >= t.startAt.getTime()) return 'live';
  if (n >= revealAt(t).getTime()) return 'open';
  return 'scheduled';
}

export interface LiveCompletionRule {
  /** Attended at least this many minutes (from the Zoom report); null = attendance does not count. */
  minMinutes: number | null;
  /** Joining through the platform (`/live/{id}/join`) completes. */
  joinCounts: boolean;
  /** Share (0..1) of the recording to watch; null = the recording does not count. */
  recordingShare: number | null;
}

export interface LiveFacts {
  attendedMinutes: number;
  joinedViaPlatform: boolean;
  /** 0..1 */
  recordingShare: number;
  manual: 'present' | 'absent' | null;
}

export type LiveCompletedBy = 'attendance' | 'join' | 'recording' | 'manual';

/**
 * Whether a participant completed the session, and by which rule (checked in this order: manual
 * 'present', attendance, join, recording). A manual 'absent' does not block: it only means the manual
 * mark does not complete, the other rules still can.
 */
export function liveCompletion(rule: LiveCompletionRule, facts: LiveFacts): { completed: boolean; by: LiveCompletedBy | null } {
  if (facts.manual === 'present') return { completed: true, by: 'manual' };
  if (rule.minMinutes !== null && facts.attendedMinutes >= rule.minMinutes) return { completed: true, by: 'attendance' };
  if (rule.joinCounts && facts.joinedViaPlatform) return { completed: true, by: 'join' };
  // A tiny tolerance so that a share stored as 0.9 is met by 0.8999999999 from float arithmetic.
  if (rule.recordingShare !== null && facts.recordingShare + 1e-9 >= rule.recordingShare) return { completed: true, by: 'recording' };
  return { completed: false, by: null };
}

/** More participants enrolled than the capacity (null = unlimited). Equal is not exceeded. */
export function capacityExceeded(enrolled: number, capacity: number | null): boolean {
  return capacity !== null && enrolled > capacity;
}
