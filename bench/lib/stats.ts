// Latency statistics: exact percentiles over recorded samples (nearest-rank), plus a compact summary.

/** Nearest-rank percentile of an ascending-sorted array (p in 0..100). NaN when empty. */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    count: arr.length,
    min: arr.length ? arr[0]! : Number.NaN,
    mean: arr.length ? sum / arr.length : Number.NaN,
    p50: percentileSorted(arr, 50),
    p95: percentileSorted(arr, 95),
    p99: percentileSorted(arr, 99),
    max: arr.length ? arr[arr.length - 1]! : Number.NaN,
  };
}

/** Collects latencies (ms) and outcomes of a load run. */
export class Recorder {
  readonly latencies: number[] = [];
  readonly statuses = new Map<string, number>();
  errors = 0;
  firstStart = Number.POSITIVE_INFINITY;
  lastEnd = 0;

  record(startMs: number, endMs: number, outcome: number | string, ok: boolean): void {
    this.latencies.push(endMs - startMs);
    const key = String(outcome);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (!ok) this.errors++;
    if (startMs < this.firstStart) this.firstStart = startMs;
    if (endMs > this.lastEnd) this.lastEnd = endMs;
  }

  get count(): number {
    return this.latencies.length;
  }

  /** Completed requests per second between the first dispatch and the last completion. */
  get achievedRate(): number {
    const spanS = (this.lastEnd - this.firstStart) / 1000;
    return spanS > 0 ? this.count / spanS : Number.NaN;
  }

  summary(): LatencySummary {
    return summarize(this.latencies);
  }

  /** "200×3400, 500×2" style breakdown of outcomes. */
  outcomes(): string {
    return [...this.statuses.entries()].map(([k, n]) => `${k}×${n}`).join(', ');
  }
}

export const fmtMs = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ms' : 'n/a');
export const fmtS = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) + ' s' : 'n/a');
