// Staged-learning scenarios: the programme outline API under closed-loop load (autocannon, rotating
// over many participants), a stream of progress events from many participants (undici, bounded
// concurrency, unique event ids plus re-sent duplicates, checked against the database), and the
// weight of the participant programme page on a first and a repeat visit.
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import autocannon from 'autocannon';
import { Pool, request } from 'undici';
import { Recorder, summarize, type LatencySummary } from '../lib/stats.js';
import { loginPool, signIn } from './signin.js';

const JSON_HEADERS = { accept: 'application/json', 'user-agent': 'lentera-bench' } as const;

export interface Participant {
  nip: string;
  cookie: string;
  enrolmentId: number;
}

/**
 * Signs the given participants in through the API (`concurrency` at a time) and reads each one's
 * enrolment id from GET /api/v1/me/enrolments (the first enrolment: the demo cohort). Throws on any failure.
 */
export async function signInParticipants(url: string, nips: readonly string[], password: string, concurrency = 16): Promise<Participant[]> {
  const pool = loginPool(url);
  const out: Participant[] = new Array(nips.length);
  let next = 0;
  try {
    const worker = async () => {
      while (next < nips.length) {
        const i = next++;
        const nip = nips[i]!;
        const res = await signIn(pool, nip, password);
        if (res.status !== 200 || !res.cookie) throw new Error(`sign-in of ${nip} answered ${res.status}`);
        const list = await pool.request({ method: 'GET', path: '/api/v1/me/enrolments', headers: { ...JSON_HEADERS, cookie: res.cookie } });
        const body = (await list.body.json()) as { items?: { id: number }[] };
        const enrolmentId = body.items?.[0]?.id;
        if (list.statusCode !== 200 || typeof enrolmentId !== 'number') throw new Error(`GET /api/v1/me/enrolments for ${nip} answered ${list.statusCode} without an enrolment`);
        out[i] = { nip, cookie: res.cookie, enrolmentId };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, nips.length) }, worker));
  } finally {
    await pool.close();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. Programme outline

export interface OutlineActivity {
  id: number;
  kind: string;
  title: string;
  state: string;
}

export interface OutlineStage {
  id: number;
  title: string;
  state: string;
  activities: OutlineActivity[];
}

/** One GET of the outline (must answer 200 with stages). */
export async function fetchOutline(url: string, p: Participant): Promise<{ stages: OutlineStage[]; bytes: number }> {
  const res = await request(`${url}/api/v1/enrolments/${p.enrolmentId}/outline`, { headers: { ...JSON_HEADERS, cookie: p.cookie } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET /api/v1/enrolments/${p.enrolmentId}/outline answered ${res.statusCode}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { stages: OutlineStage[] };
  if (!Array.isArray(body.stages) || body.stages.length === 0) throw new Error('the outline has no stages: was the demo content loaded (`lentera demo`)?');
  return { stages: body.stages, bytes: Buffer.byteLength(text) };
}

export interface ClosedLoopResult {
  requestsPerSecond: number;
  latency: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
  durationS: number;
}

/**
 * GET /api/v1/enrolments/{id}/outline with `connections` keep-alive connections; every request
 * takes the next participant (cookie and enrolment id) round-robin, so the load is spread over all of them.
 */
export async function outlineLoad(
  url: string,
  participants: readonly Participant[],
  opts: { connections: number; durationS: number; warmupS: number; beforeMeasure?: () => void },
): Promise<ClosedLoopResult> {
  let cursor = 0;
  const run = async (durationS: number, collect: number[] | null) => {
    const instance = autocannon({
      url,
      connections: opts.connections,
      duration: durationS,
      timeout: 10,
      headers: { accept: 'application/json', 'accept-encoding': 'gzip, br', 'accept-language': 'id' },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            const p = participants[cursor++ % participants.length]!;
            return { ...req, path: `/api/v1/enrolments/${p.enrolmentId}/outline`, headers: { ...req.headers, cookie: p.cookie } };
          },
        },
      ],
    });
    if (collect) instance.on('response', (_c, _status, _bytes, ms) => collect.push(ms));
    return await instance;
  };
  if (opts.warmupS > 0) await run(opts.warmupS, null);
  opts.beforeMeasure?.();
  const latencies: number[] = [];
  const res = await run(opts.durationS, latencies);
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

// ---------------------------------------------------------------------------------------------
// 2. Progress events

/** The open activities of the first stage that take `opened` (page, document) or video events. */
export function firstStageTargets(stages: readonly OutlineStage[]): OutlineActivity[] {
  const first = stages[0]!;
  const targets = first.activities.filter((a) => a.state !== 'locked' && (a.kind === 'page' || a.kind === 'document' || a.kind === 'video'));
  if (!targets.some((a) => a.kind === 'video')) throw new Error(`stage "${first.title}" has no open video activity`);
  return targets;
}

interface EventBody {
  eventId: string;
  type: 'opened' | 'watched' | 'position';
  from?: number;
  to?: number;
  at?: number;
}

/**
 * What one participant's client sends while working through the stage, in order: `opened` for
 * every page and the document; for the video `opened`, then 10-second `watched` intervals each
 * followed by a `position` (as the player's heartbeat does). Repeated (with fresh event ids) for
 * as long as the run lasts: re-reading and re-watching, as participants do.
 */
function eventScript(activities: readonly OutlineActivity[], videoSeconds: number): { activityId: number; body: Omit<EventBody, 'eventId'> }[] {
  const script: { activityId: number; body: Omit<EventBody, 'eventId'> }[] = [];
  for (const a of activities) {
    script.push({ activityId: a.id, body: { type: 'opened' } });
    if (a.kind === 'video') {
      for (let from = 0; from < videoSeconds; from += 10) {
        const to = Math.min(videoSeconds, from + 10);
        script.push({ activityId: a.id, body: { type: 'watched', from, to } });
        script.push({ activityId: a.id, body: { type: 'position', at: to } });
      }
    }
  }
  return script;
}

export interface ProgressRun {
  /** Latencies and outcomes of every POST in the measured window (new events and re-sent ones). */
  recorder: Recorder;
  wallMs: number;
  /** New events (first sends) answered 200 in the measured window. */
  newAcked: number;
  /** All new events answered 200, warm-up included (what the database must hold). */
  totalNewAcked: number;
  /** New events answered 200 but with duplicate: true (an event id collision: must be 0). */
  newMarkedDuplicate: number;
  resent: number;
  resentAcked: number;
  /** Re-sent events the server answered with duplicate: true (must equal resentAcked). */
  resentMarkedDuplicate: number;
  errors: number;
  /** "200×…, 409×…" over the whole run. */
  outcomes: string;
  errorSample: string | null;
  script: number;
}

/**
 * Posts progress events from `participants` to the activities of the first stage, keeping
 * `concurrency` requests in flight for `durationMs` (after `warmupMs`, whose events count for the
 * database check but not for rate and latency). Participant k of n sends every n-th event, so one
 * participant's events arrive in order. Every `duplicateEvery`-th request re-sends an event that was
 * already acknowledged (same event id and body).
 */
export async function progressEventsLoad(
  url: string,
  participants: readonly Participant[],
  activities: readonly OutlineActivity[],
  opts: { concurrency: number; durationMs: number; warmupMs: number; videoSeconds: number; duplicateEvery?: number; beforeMeasure?: () => void },
): Promise<ProgressRun> {
  const script = eventScript(activities, opts.videoSeconds);
  const tag = Date.now().toString(36);
  const pool = new Pool(url, { connections: opts.concurrency, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const duplicateEvery = opts.duplicateEvery ?? 20;
  const acked: { p: Participant; activityId: number; body: string }[] = [];
  const statuses = new Map<string, number>();
  let k = 0; // next new event
  let dispatched = 0;
  let measuring = false;
  let stopAt = 0;
  let recorder = new Recorder();
  const res: Omit<ProgressRun, 'recorder' | 'wallMs' | 'outcomes' | 'script'> = {
    newAcked: 0,
    totalNewAcked: 0,
    newMarkedDuplicate: 0,
    resent: 0,
    resentAcked: 0,
    resentMarkedDuplicate: 0,
    errors: 0,
    errorSample: null,
  };

  const post = async (p: Participant, activityId: number, body: string): Promise<{ status: number | string; duplicate: boolean | null }> => {
    try {
      const r = await pool.request({
        method: 'POST',
        path: `/api/v1/enrolments/${p.enrolmentId}/activities/${activityId}/progress`,
        headers: { ...JSON_HEADERS, 'content-type': 'application/json', cookie: p.cookie },
        body,
      });
      const text = await r.body.text();
      if (r.statusCode !== 200) {
        res.errorSample ??= `${r.statusCode} ${text.slice(0, 200)}`;
        return { status: r.statusCode, duplicate: null };
      }
      return { status: 200, duplicate: (JSON.parse(text) as { duplicate?: boolean }).duplicate === true };
    } catch (err) {
      res.errorSample ??= String((err as Error).message ?? err);
      return { status: (err as { code?: string }).code ?? 'error', duplicate: null };
    }
  };

  const worker = async () => {
    while (performance.now() < stopAt) {
      const resend = acked.length > 0 && ++dispatched % duplicateEvery === 0;
      let p: Participant;
      let activityId: number;
      let body: string;
      if (resend) {
        const prev = acked[Math.floor(Math.random() * acked.length)]!;
        ({ p, activityId, body } = prev);
      } else {
        const n = k++;
        p = participants[n % participants.length]!;
        const step = script[Math.floor(n / participants.length) % script.length]!;
        activityId = step.activityId;
        body = JSON.stringify({ eventId: `bench-${tag}-${p.enrolmentId}-${n}`, ...step.body });
      }
      const inWindow = measuring;
      const start = performance.now();
      const out = await post(p, activityId, body);
      const end = performance.now();
      statuses.set(String(out.status), (statuses.get(String(out.status)) ?? 0) + 1);
      if (out.status !== 200) res.errors++;
      if (inWindow) recorder.record(start, end, out.status, out.status === 200);
      if (resend) {
        res.resent++;
        if (out.status === 200) res.resentAcked++;
        if (out.duplicate === true) res.resentMarkedDuplicate++;
      } else if (out.status === 200) {
        res.totalNewAcked++;
        if (inWindow) res.newAcked++;
        if (out.duplicate === true) res.newMarkedDuplicate++;
        acked.push({ p, activityId, body });
      }
    }
  };

  try {
    if (opts.warmupMs > 0) {
      stopAt = performance.now() + opts.warmupMs;
      await Promise.all(Array.from({ length: opts.concurrency }, worker));
    }
    opts.beforeMeasure?.();
    recorder = new Recorder();
    measuring = true;
    const t0 = performance.now();
    stopAt = t0 + opts.durationMs;
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    const wallMs = performance.now() - t0;
    return { ...res, recorder, wallMs, outcomes: [...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(', '), script: script.length };
  } finally {
    await pool.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Page weight

export interface Transfer {
  path: string;
  status: number;
  encoding: string | null;
  cacheControl: string | null;
  bodyBytes: number;
  headerBytes: number;
}

export interface PageWeight {
  html: Transfer;
  assets: Transfer[];
  firstVisitBytes: number;
  repeatVisitBytes: number;
  /** Assets not served with an immutable cache lifetime (a repeat visit would fetch them again). */
  notImmutable: string[];
}

function decode(body: Buffer, encoding: string | null): string {
  if (encoding === 'br') return brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(body).toString('utf8');
  if (encoding === 'deflate') return inflateSync(body).toString('utf8');
  return body.toString('utf8');
}

/** One GET as a browser would send it; counts the bytes on the wire (compressed body + status line and headers). */
async function transfer(url: string, path: string, headers: Record<string, string>): Promise<{ t: Transfer; text: string }> {
  const res = await request(`${url}${path}`, { headers: { 'accept-encoding': 'gzip, br', 'accept-language': 'id', 'user-agent': 'lentera-bench', ...headers } });
  const body = Buffer.from(await res.body.arrayBuffer());
  let headerBytes = `HTTP/1.1 ${res.statusCode} OK\r\n`.length + 2;
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) headerBytes += Buffer.byteLength(`${name}: ${v ?? ''}\r\n`);
  }
  const encoding = (res.headers['content-encoding'] as string | undefined) ?? null;
  const cacheControl = (res.headers['cache-control'] as string | undefined) ?? null;
  const isText = /text|javascript|json|svg|css/.test(String(res.headers['content-type'] ?? ''));
  return { t: { path, status: res.statusCode, encoding, cacheControl, bodyBytes: body.length, headerBytes }, text: isText ? decode(body, encoding) : '' };
}

/** /static resources a document links (href/src attributes) or a stylesheet references (url(...)). */
function staticLinks(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:href|src)\s*=\s*["'](\/static\/[^"'#]+)["']/g)) found.add(m[1]!.replace(/&amp;/g, '&'));
  for (const m of text.matchAll(/url\(\s*["']?(\/static\/[^"')]+)["']?\s*\)/g)) found.add(m[1]!);
  return [...found];
}

/**
 * The participant programme page /learn/{id}: first visit = the HTML plus every /static resource it
 * links (and those its stylesheets reference); repeat visit = the HTML only (assets are cached as immutable).
 */
export async function programmePageWeight(url: string, p: Participant): Promise<PageWeight> {
  const pagePath = `/learn/${p.enrolmentId}`;
  const page = await transfer(url, pagePath, { cookie: p.cookie, accept: 'text/html' });
  if (page.t.status !== 200) throw new Error(`GET ${pagePath} answered ${page.t.status}`);
  const assets: Transfer[] = [];
  const queue = staticLinks(page.text);
  const seen = new Set(queue);
  while (queue.length) {
    const path = queue.shift()!;
    const a = await transfer(url, path, { accept: '*/*' });
    if (a.t.status !== 200) throw new Error(`GET ${path} answered ${a.t.status}`);
    assets.push(a.t);
    for (const more of staticLinks(a.text)) {
      if (seen.has(more)) continue;
      seen.add(more);
      queue.push(more);
    }
  }
  // The repeat visit: a second fetch of the HTML (it is personal and `no-cache`, so it is transferred again).
  const again = await transfer(url, pagePath, { cookie: p.cookie, accept: 'text/html' });
  const bytes = (t: Transfer) => t.bodyBytes + t.headerBytes;
  return {
    html: page.t,
    assets,
    firstVisitBytes: bytes(page.t) + assets.reduce((s, a) => s + bytes(a), 0),
    repeatVisitBytes: bytes(again.t),
    notImmutable: assets.filter((a) => !/immutable/.test(a.cacheControl ?? '') || !/max-age=\d{6,}/.test(a.cacheControl ?? '')).map((a) => a.path),
  };
}
