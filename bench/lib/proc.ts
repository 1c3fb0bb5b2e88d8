// Process and machine readings from /proc (Linux): CPU time of a process, load average, and a small
// calibration (Argon2id verify time) that shows whether the machine was busy with other work.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { hashPassword, verifyPassword } from '../../src/services/crypto.js';

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time a process has used so far, in ms (null when unreadable). */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
    const utime = Number(fields[14 - 3]);
    const stime = Number(fields[15 - 3]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Measures a process's CPU time across a phase: `const m = cpuMeter(pid); …; m.ms()`. */
export function cpuMeter(pid: number): { ms(): number } {
  const start = readCpuMs(pid) ?? Number.NaN;
  return { ms: () => (readCpuMs(pid) ?? Number.NaN) - start };
}

export const loadAverage = (): string => os.loadavg().map((v) => v.toFixed(2)).join(' / ');

/** Median time of one Argon2id verify (the platform's parameters) in this process: ~12 ms on an idle reference machine. */
export async function argon2VerifyMs(rounds = 9): Promise<number> {
  const hash = await hashPassword('Kalibrasi-Bench-2025!');
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await verifyPassword(hash, 'Kalibrasi-Bench-2025!');
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Scheduling priority for the benchmark's own processes (BENCH_NICE, e.g. -10; 0 = unchanged). On a
 * shared machine this keeps unrelated work from dominating the figures; the report states it.
 */
export const benchNice = (): number => {
  const v = Number(process.env.BENCH_NICE ?? 0);
  return Number.isInteger(v) && v >= -20 && v <= 19 ? v : 0;
};

/**
 * Applies benchNice() to every thread of a process (this one when pid is omitted): on Linux a
 * priority belongs to a thread, and the libuv pool (Argon2id) runs in its own threads.
 * Returns false when not permitted.
 */
export function applyNice(pid = process.pid): boolean {
  const nice = benchNice();
  if (nice === 0) return true;
  let tids: number[] = [pid];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    /* not Linux: the process only */
  }
  try {
    for (const tid of tids) os.setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
