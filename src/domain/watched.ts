// Honest video progress (pure): the browser reports intervals it actually played; the server keeps
// their union and counts only distinct seconds. Seeking ahead adds nothing; replaying adds nothing.

export type Interval = readonly [number, number];

/** The longest single report accepted: clients report every few seconds; longer claims are clipped. */
export const MAX_REPORTED_SPAN_SECONDS = 120;

/** Clips a reported interval to the media and to a plausible span; null when nothing is left. */
export function normaliseInterval(from: number, to: number, durationSeconds: number): Interval | null {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(durationSeconds) || durationSeconds <= 0) return null;
  const a = Math.max(0, Math.min(from, durationSeconds));
  let b = Math.max(0, Math.min(to, durationSeconds));
  if (b - a > MAX_REPORTED_SPAN_SECONDS) b = a + MAX_REPORTED_SPAN_SECONDS;
  return b > a ? [round(a), round(b)] : null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The union of intervals, sorted and merged (touching intervals join). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function watchedSeconds(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** Share watched, 0–100, of a media of the given duration. */
export function watchedPercent(intervals: readonly Interval[], durationSeconds: number): number {
  if (durationSeconds <= 0) return 0;
  return Math.min(100, (watchedSeconds(intervals) * 100) / durationSeconds);
}
