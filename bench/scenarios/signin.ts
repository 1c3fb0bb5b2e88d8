// Sign-in scenarios: a storm of distinct participants over a fixed window, and a stepped search for
// the highest sustained sign-in rate.
import { Pool } from 'undici';
import { syntheticParticipant } from '../../src/domain/synthetic.js';
import { runOpenLoop, uniformArrivals, type OpenLoopResult } from '../lib/load.js';

export function loginPool(url: string): Pool {
  return new Pool(url, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
}

/** The NIPs of the first `count` seeded participants (the seed command's order). */
export function seededNips(count: number): string[] {
  return Array.from({ length: count }, (_, i) => syntheticParticipant(i).nip);
}

/** POST /api/v1/auth/login with JSON; returns the status and the session cookie when one was set. */
export async function signIn(pool: Pool, login: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const res = await pool.request({
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'lentera-bench' },
    body: JSON.stringify({ login, password }),
  });
  await res.body.dump();
  const setCookie = res.headers['set-cookie'];
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = cookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith('lentera_session='));
  return { status: res.statusCode, cookie: session ?? null };
}

/** `count` sign-ins by the given NIPs (in order), arriving uniformly with jitter over `durationMs`. */
export async function signInStorm(url: string, nips: readonly string[], password: string, durationMs: number): Promise<OpenLoopResult> {
  const pool = loginPool(url);
  try {
    const arrivals = uniformArrivals(nips.length, durationMs);
    return await runOpenLoop(arrivals, async (i) => (await signIn(pool, nips[i]!, password)).status);
  } finally {
    await pool.close();
  }
}

export interface RateStep {
  rate: number;
  offered: number;
  result: OpenLoopResult;
  held: boolean;
}

/**
 * Steps the arrival rate up (each step `stepMs` long, users re-used round-robin) until a step has
 * p95 above `p95LimitMs` or any error. Returns every step run; the last held step is the answer.
 */
export async function findSustainedRate(
  url: string,
  nips: readonly string[],
  password: string,
  opts: { rates: number[]; stepMs: number; p95LimitMs: number; pauseMs?: number; onStep?: (s: RateStep) => void },
): Promise<RateStep[]> {
  const steps: RateStep[] = [];
  let cursor = 0;
  for (const rate of opts.rates) {
    const count = Math.round((rate * opts.stepMs) / 1000);
    const batch = Array.from({ length: count }, () => nips[cursor++ % nips.length]!);
    const pool = loginPool(url);
    let result: OpenLoopResult;
    try {
      result = await runOpenLoop(uniformArrivals(count, opts.stepMs), async (i) => (await signIn(pool, batch[i]!, password)).status);
    } finally {
      await pool.close();
    }
    const held = result.recorder.errors === 0 && result.recorder.summary().p95 < opts.p95LimitMs;
    const step = { rate, offered: count, result, held };
    steps.push(step);
    opts.onStep?.(step);
    if (!held) break;
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 1500));
  }
  return steps;
}
