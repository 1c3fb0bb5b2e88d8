// The signed-in home page (GET /) under closed-loop load with autocannon.
import autocannon from 'autocannon';
import { summarize, type LatencySummary } from '../lib/stats.js';

export interface HomeResult {
  requestsPerSecond: number;
  latency: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
  durationS: number;
}

async function run(url: string, cookie: string, connections: number, durationS: number, collect: number[] | null) {
  const instance = autocannon({
    url: `${url}/`,
    connections,
    duration: durationS,
    timeout: 10,
    headers: { cookie, accept: 'text/html', 'accept-encoding': 'gzip, br', 'accept-language': 'id' },
  });
  if (collect) instance.on('response', (_c, _status, _bytes, ms) => collect.push(ms));
  return await instance;
}

/** Warms up for `warmupS`, then measures for `durationS` with `connections` keep-alive connections. */
export async function homePageLoad(url: string, cookie: string, opts: { connections: number; durationS: number; warmupS: number; beforeMeasure?: () => void }): Promise<HomeResult> {
  if (opts.warmupS > 0) await run(url, cookie, opts.connections, opts.warmupS, null);
  opts.beforeMeasure?.();
  const latencies: number[] = [];
  const res = await run(url, cookie, opts.connections, opts.durationS, latencies);
  return {
    requestsPerSecond: res.requests.average,
    latency: summarize(latencies),
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    total: res.requests.total,
    durationS: res.duration,
  };
}

/** One GET / with the cookie: the page must answer 200 (not a redirect to /login). */
export async function checkHomePage(url: string, cookie: string): Promise<{ status: number; bytes: number; encoding: string | null }> {
  const res = await fetch(`${url}/`, { headers: { cookie, accept: 'text/html', 'accept-encoding': 'gzip, br' }, redirect: 'manual' });
  const body = await res.arrayBuffer();
  return { status: res.status, bytes: body.byteLength, encoding: res.headers.get('content-encoding') };
}
