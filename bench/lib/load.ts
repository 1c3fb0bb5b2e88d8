// Open-loop load: requests start at scheduled times (not when earlier ones finish), so a slow server
// shows up as latency instead of silently lowering the offered rate.
import { performance } from 'node:perf_hooks';
import { Recorder } from './stats.js';

/**
 * Arrival offsets (ms from start) for `count` requests spread uniformly over `durationMs`, each
 * jittered within its own slot (so arrivals are neither lock-step nor bunched).
 */
export function uniformArrivals(count: number, durationMs: number, rnd: () => number = Math.random): number[] {
  const slot = durationMs / count;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(i * slot + rnd() * slot);
  return out;
}

export interface OpenLoopResult {
  recorder: Recorder;
  /** The largest delay between a scheduled start and the actual dispatch (client-side lag). */
  maxDispatchLagMs: number;
  wallMs: number;
}

/**
 * Dispatches `send(i)` at each arrival offset and records its latency and outcome.
 * `send` resolves with the HTTP status (ok when `isOk(status)`) and may throw (recorded as an error).
 */
export async function runOpenLoop(arrivals: readonly number[], send: (i: number) => Promise<number>, isOk: (status: number) => boolean = (s) => s === 200): Promise<OpenLoopResult> {
  const recorder = new Recorder();
  let maxLag = 0;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  const fire = async (i: number, due: number) => {
    const start = performance.now();
    maxLag = Math.max(maxLag, start - due);
    try {
      const status = await send(i);
      recorder.record(start, performance.now(), status, isOk(status));
    } catch (err) {
      recorder.record(start, performance.now(), (err as { code?: string }).code ?? 'error', false);
    }
  };
  // One timer walks the schedule (cheaper and more precise than thousands of timers).
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - t0;
      while (next < arrivals.length && arrivals[next]! <= now) {
        inflight.push(fire(next, t0 + arrivals[next]!));
        next++;
      }
      if (next >= arrivals.length) return resolve();
      setTimeout(tick, Math.max(0, Math.min(5, arrivals[next]! - now)));
    };
    tick();
  });
  await Promise.all(inflight);
  return { recorder, maxDispatchLagMs: maxLag, wallMs: performance.now() - t0 };
}
