// Samples a process's resident set size from /proc/<pid>/status (Linux), keeping the peak.
import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes, or null when it cannot be read (process gone, not Linux). */
export function readRss(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakBytes = 0;
  lastBytes = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = readRss(this.pid);
    if (rss === null) return;
    this.samples++;
    this.lastBytes = rss;
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Stops sampling (after one last sample) and returns the peak in bytes. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peakBytes;
  }
}

export const fmtMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
