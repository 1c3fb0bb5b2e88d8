// The certificates scenario (issue 7): a cohort's signed PDF certificates issued in one batch, then
// the public verification page under load.
//
// 1. Setup (not measured): on a fresh database with participants from `lentera seed`, a programme
//    with one stage holding one required page activity is built in this process with the platform's
//    repositories and services before the server starts; the participants are enrolled in its cohort,
//    each opens the page once through the platform's own progress service (`recordProgress`: the page
//    completes on opening, which completes the programme), then gets a certificate photo (one
//    synthetic 900×1200 portrait JPEG framed by the platform's `preparePhoto`, stored once and shared
//    by every participant's photo row) and confirms name, NIP and unit as printed (the
//    confirmation stored with the values, as the profile page does). The photo and confirmation are
//    written after the progress so that nothing makes anyone eligible before the batch: no certificate
//    exists when the server starts (checked). The programme keeps every requirement of the default
//    settings on (activities, evaluation, Jurnal, confirmation, photo; it has no final evaluation and
//    no Jurnal, which the eligibility rules count as met). The development signing certificate
//    (PKCS#12) is generated before the server starts (the platform's ensureDevSigningCertificate).
// 2. Batch: a platform admin signs in, saves the certificate settings (signer, place, the number
//    pattern) through the API and starts the batch for the cohort (POST
//    /api/v1/programmes/{id}/certificates/batch); GET /api/v1/jobs/{id} is polled until the job ends.
//    Measured: from sending the request to the last certificate's `issued_at`, the server's peak RSS
//    and CPU. Checked in the database afterwards: every enrolment exactly one issued certificate,
//    numbers 1..N without gaps or duplicates per agency and year (and as the pattern formats them),
//    every stored PDF present with its size and SHA-256, the JP record; `pdfsig` on a few random PDFs.
// 3. Verification: a fresh server process with the per-address verification limit raised (all load
//    comes from 127.0.0.1); a few codes checked against the database, unknown codes 404; then
//    GET /verify/{code} closed-loop with autocannon over every issued code, and the JSON API once.
//
// Knobs (environment): BENCH_CERT_PARTICIPANTS (3400; 100–200 while developing),
// BENCH_CERT_VERIFY_CONNECTIONS (10), BENCH_CERT_VERIFY_SECONDS (15), BENCH_CERT_VERIFY_WARMUP_SECONDS (3),
// BENCH_CERT_PDFSIG (5 PDFs checked), BENCH_CERT_SEED (1).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { Pool, request } from 'undici';
import { loadConfig } from '../../src/config.js';
import { createPlatform } from '../../src/server.js';
import { createPlatformAdmin } from '../../src/services/users.js';
import { recordProgress } from '../../src/services/learning.js';
import { storeFile } from '../../src/services/files.js';
import { eligibilityOf, printedIdentityOf } from '../../src/services/certificate-eligibility.js';
import { preparePhoto } from '../../src/services/certificates/photo.js';
import { ensureDevSigningCertificate } from '../../src/services/certificates/signing.js';
import { DEFAULT_NUMBER_PATTERN, formatCertificateNumber, maskNip } from '../../src/domain/certificate-number.js';
import { seededRandom } from '../../src/domain/random.js';
import { enrolSeededParticipants } from '../lib/cohort.js';
import { BENCH_DIR, queryRows } from '../lib/databases.js';
import { envNumber } from '../lib/env.js';
import { passIf, type Row } from '../lib/markdown.js';
import { cpuMeter, loadAverage } from '../lib/proc.js';
import { RssSampler, fmtMiB } from '../lib/rss.js';
import { benchServerEnv, startServer, type RunningServer } from '../lib/server.js';
import { fmtMs, fmtS, summarize, type LatencySummary } from '../lib/stats.js';
import { loginPool, seededNips, signIn } from './signin.js';

const execFileP = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Plan

/** The published scenario's size (BENCHMARKS.md flags runs of another size). */
export const CERT_PARTICIPANTS = 3400;

export const CERT_TARGET = { batchMs: 180_000, rssBytes: 400 * 1024 * 1024, verifyRps: 1000 };

export interface CertificatesPlan {
  participants: number;
  verifyConnections: number;
  verifySeconds: number;
  verifyWarmupSeconds: number;
  pdfsigSamples: number;
  seed: number;
  /** Verifications per address per minute on the verification server (VERIFY_RATE_LIMIT_PER_MINUTE). */
  verifyRateLimit: number;
  /** The platform's default limit (checked on the batch server). */
  defaultVerifyRateLimit: number;
  pollMs: number;
  /** Setup: participants processed at once. */
  setupConcurrency: number;
}

export function certificatesPlan(): CertificatesPlan {
  const quick = process.env.BENCH_QUICK === '1';
  return {
    participants: envNumber('BENCH_CERT_PARTICIPANTS', quick ? 200 : CERT_PARTICIPANTS, (n) => Number.isInteger(n) && n >= 10 && n <= 100_000),
    verifyConnections: envNumber('BENCH_CERT_VERIFY_CONNECTIONS', 10, (n) => Number.isInteger(n) && n >= 1 && n <= 1000),
    verifySeconds: envNumber('BENCH_CERT_VERIFY_SECONDS', quick ? 5 : 15, (n) => n >= 1),
    verifyWarmupSeconds: envNumber('BENCH_CERT_VERIFY_WARMUP_SECONDS', quick ? 1 : 3, (n) => n >= 0),
    pdfsigSamples: envNumber('BENCH_CERT_PDFSIG', 5, (n) => Number.isInteger(n) && n >= 0),
    seed: envNumber('BENCH_CERT_SEED', 1, (n) => Number.isInteger(n)),
    verifyRateLimit: 10_000_000,
    defaultVerifyRateLimit: 120,
    pollMs: 250,
    setupConcurrency: 8,
  };
}

export const isPublishedCertSize = (p: CertificatesPlan): boolean => p.participants === CERT_PARTICIPANTS && p.verifySeconds === 15 && p.verifyWarmupSeconds === 3;

// ---------------------------------------------------------------------------------------------
// Setup

const BENCH_PROGRAMME_CODE = 'BENCH-CERT';
export const CERT_ADMIN_LOGIN = 'bench.cert.admin';
export const CERT_NUMBER_PATTERN = DEFAULT_NUMBER_PATTERN;
export const CERT_SIGNER = { name: 'Dr. Ratna Kusumawardani, M.Si.', position: 'Kepala Pusat Pengembangan Kompetensi ASN', place: 'Jakarta' };

/** Files and the signing certificate of one database kind (the server and the setup share them). */
export function certificateDirs(kind: string): { filesDir: string; signingDir: string } {
  return { filesDir: path.join(BENCH_DIR, `bench-certificates-${kind}-files`), signingDir: path.join(BENCH_DIR, 'cert-signing') };
}

const serverEnvOf = (dirs: { filesDir: string; signingDir: string }, extra: Record<string, string> = {}) => ({ FILES_DIR: dirs.filesDir, CERT_SIGNING_DIR: dirs.signingDir, ...extra });

/**
 * A synthetic pas foto: a 900×1200 portrait (red background as on Indonesian ID photos, head,
 * shoulders) with per-pixel noise so that it compresses like a photograph, as a JPEG of quality 90.
 */
async function portraitJpeg(seed: number): Promise<Buffer> {
  const w = 900;
  const h = 1200;
  const rnd = seededRandom(seed);
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c: [number, number, number] = [180 - (y * 60) / h, 28, 32];
      const fx = (x - 450) / 190;
      const fy = (y - 480) / 240;
      if (fx * fx + fy * fy <= 1) c = [198, 146, 104];
      else if (y > 680 && y < 860 && Math.abs(x - 450) < 70) c = [186, 134, 94];
      else if (y >= 820 && Math.abs(x - 450) < 330 - Math.max(0, 900 - y) * 0.8) c = [32, 44, 66];
      const fyHair = (y - 330) / 150;
      if (fx * fx + fyHair * fyHair <= 1 && y < 380) c = [28, 22, 20];
      const n = (rnd() - 0.5) * 24;
      const i = (y * w + x) * 3;
      px[i] = Math.max(0, Math.min(255, c[0] + n));
      px[i + 1] = Math.max(0, Math.min(255, c[1] + n));
      px[i + 2] = Math.max(0, Math.min(255, c[2] + n));
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

export interface CertMember {
  nip: string;
  name: string;
  userId: number;
  enrolmentId: number;
}

export interface CertSetup {
  programmeId: number;
  programmeCode: string;
  cohortId: number;
  cohortCode: string;
  activityId: number;
  members: CertMember[];
  photo: { sourceBytes: number; framedBytes: number; width: number; height: number };
  signingCreated: boolean;
  ms: { total: number; structure: number; progress: number; photoAndConfirmation: number };
}

/** Runs `fn` over `items` with at most `concurrency` at once; the first error stops the rest and is thrown. */
async function eachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed !== null) throw failed;
}

/**
 * Builds the programme on the database (the server is not running yet), enrols the seeded
 * participants given by NIP, completes the page for each through the platform's progress service,
 * stores the photo and the confirmations, and creates the platform admin.
 */
export async function setupCertificateProgramme(databaseUrl: string, nips: readonly string[], plan: CertificatesPlan, password: string, dirs: { filesDir: string; signingDir: string }): Promise<CertSetup> {
  const started = performance.now();
  const config = loadConfig(benchServerEnv(databaseUrl, 0, { LOG_LEVEL: 'silent', JOB_WORKERS: '0', ...serverEnvOf(dirs) }));
  const platform = await createPlatform(config);
  const { ctx } = platform;
  try {
    if (await ctx.repos.programmes.findByCode(BENCH_PROGRAMME_CODE)) throw new Error(`programme ${BENCH_PROGRAMME_CODE} already exists: the certificates scenario needs a fresh database`);
    const now = ctx.clock().toISOString();
    const programmeId = await ctx.repos.programmes.insert({ code: BENCH_PROGRAMME_CODE, title: 'Orientasi PPPK Komisi Pemilihan Umum (benchmark sertifikat)', description: null, jp: 40, organiser_unit_id: null, provider: 'LAN RI', status: 'published', now });
    const cohortCode = `${BENCH_PROGRAMME_CODE}-1`;
    const cohortId = await ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: cohortCode, title: 'Gelombang I Angkatan 1', starts_on: null, ends_on: null, gelombang: 1, angkatan: 1, now });
    const stageId = await ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Orientasi', sequential: true, now });
    const activityId = await ctx.repos.learning.insertActivity({
      programme_id: programmeId,
      stage_id: stageId,
      position: 1,
      kind: 'page',
      title: 'Ringkasan orientasi PPPK',
      required: true,
      config: { markdown: '# Ringkasan orientasi\n\nNilai dasar ASN BerAKHLAK, kedudukan dan peran PPPK, serta kelembagaan penyelenggara pemilu.', completeOn: 'open' },
      now,
    });

    // Enrol the participants (one transaction; the users were created by `lentera seed`).
    const db = ctx.db.kysely;
    const members: CertMember[] = await enrolSeededParticipants(db, cohortId, nips, now);
    await createPlatformAdmin(ctx, { login: CERT_ADMIN_LOGIN, name: 'Admin Sertifikat Benchmark', email: null, password, mustChangePassword: false });
    const tStructure = performance.now();

    // Everyone signs in once (the personal clock starts) and opens the page: the programme is complete.
    await eachLimited(members, plan.setupConcurrency, async (m) => {
      await ctx.repos.learning.markFirstSignIn(m.userId, ctx.clock().toISOString());
      const res = await recordProgress(ctx, { userId: m.userId, enrolmentId: m.enrolmentId, activityId, event: { eventId: `bench-cert-open-${m.enrolmentId}`, type: 'opened' }, describeLock: () => 'locked' });
      if (res.state !== 'completed') throw new Error(`the page did not complete for enrolment ${m.enrolmentId}: ${JSON.stringify(res)}`);
    });
    const tProgress = performance.now();

    // The photo (one framed JPEG, stored once) and the identity confirmation of each enrolment.
    const source = await portraitJpeg(plan.seed);
    const framed = await preparePhoto(source);
    const stored = await storeFile(ctx, framed.jpeg, { originalName: 'foto-sertifikat.jpg', mime: 'image/jpeg', createdBy: null, maxBytes: 2 * 1024 * 1024 });
    await eachLimited(members, plan.setupConcurrency, async (m) => {
      const t = ctx.clock().toISOString();
      await ctx.repos.certificateRequirements.setPhoto({ userId: m.userId, fileId: stored.id, width: framed.width, height: framed.height, sourceFormat: framed.sourceFormat, now: t });
      const user = await ctx.repos.users.findById(m.userId);
      if (!user) throw new Error(`user ${m.userId} is gone`);
      await ctx.repos.certificateRequirements.setConfirmation({ enrolmentId: m.enrolmentId, userId: m.userId, ...printedIdentityOf(user), now: t });
    });
    const tPhoto = performance.now();

    // Nothing issued yet, and the participants are eligible under the programme's (default) settings.
    const before = await db.selectFrom('certificates').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    if (Number(before.n) !== 0) throw new Error(`${before.n} certificates exist before the batch`);
    for (const m of [members[0]!, members[Math.floor(members.length / 2)]!, members[members.length - 1]!]) {
      const e = await eligibilityOf(ctx, m.enrolmentId);
      if (!e.eligible) throw new Error(`enrolment ${m.enrolmentId} is not eligible after the setup: missing ${e.missing.join(', ')}`);
    }
    const signing = await ensureDevSigningCertificate(dirs.signingDir);
    return {
      programmeId,
      programmeCode: BENCH_PROGRAMME_CODE,
      cohortId,
      cohortCode,
      activityId,
      members,
      photo: { sourceBytes: source.length, framedBytes: framed.jpeg.length, width: framed.width, height: framed.height },
      signingCreated: signing.created,
      ms: { total: performance.now() - started, structure: tStructure - started, progress: tProgress - tStructure, photoAndConfirmation: tPhoto - tProgress },
    };
  } finally {
    await platform.close();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

const UA = 'lentera-bench (certificates)';

async function adminSession(url: string, login: string, password: string): Promise<string> {
  const pool = loginPool(url);
  try {
    const res = await signIn(pool, login, password);
    if (res.status !== 200 || !res.cookie) throw new Error(`sign-in of ${login} answered ${res.status}`);
    return res.cookie;
  } finally {
    await pool.close();
  }
}

async function apiCall(url: string, cookie: string | null, method: 'GET' | 'PUT' | 'POST', p: string, body?: unknown): Promise<{ status: number; json: any; text: string; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': UA, 'accept-language': 'id' };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`${url}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, json, text, headers: res.headers };
}

interface ApiJob {
  id: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { current: number; total: number | null; percent: number | null };
  result: { total?: number; issued?: number; alreadyIssued?: number; notEligible?: number; busy?: number; failed?: number } | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

// ---------------------------------------------------------------------------------------------
// Database checks

export interface BatchCheck {
  statusCounts: Record<string, number>;
  issued: number;
  enrolmentsWithout: number;
  enrolmentsWithSeveral: number;
  sequences: { agency: string; year: number; n: number; distinct: number; lo: number; hi: number; lastSeq: number | null }[];
  numberMismatches: number;
  numberSample: string;
  distinctNumbers: number;
  pdfMissing: number;
  pdfBad: number;
  pdfBytes: number;
  pdfPaths: string[];
  learningHours: number;
  certifiedEnrolments: number;
  /** Content snapshots (what was printed) with the photo / with the verification URL of the certificate's own code. */
  withPhoto: number;
  withOwnUrl: number;
  firstIssuedAt: string | null;
  lastIssuedAt: string | null;
  codes: { code: string; name: string; nip: string | null; number: string }[];
}

const n = (v: unknown): number => Number(v ?? 0);

export async function verifyBatch(databaseUrl: string, setup: CertSetup, filesDir: string): Promise<BatchCheck> {
  const statusRows = await queryRows<{ status: string; n: unknown }>(databaseUrl, 'select status, count(*) as n from certificates where programme_id = ? group by status', [setup.programmeId]);
  const statusCounts = Object.fromEntries(statusRows.map((r) => [r.status, n(r.n)]));
  const [without] = await queryRows<{ n: unknown }>(
    databaseUrl,
    "select count(*) as n from enrolments e where e.cohort_id = ? and e.status = 'active' and not exists (select 1 from certificates c where c.enrolment_id = e.id and c.status = 'issued')",
    [setup.cohortId],
  );
  const [several] = await queryRows<{ n: unknown }>(databaseUrl, "select count(*) as n from (select enrolment_id from certificates where cohort_id = ? and status <> 'revoked' group by enrolment_id having count(*) > 1) x", [setup.cohortId]);
  const seqRows = await queryRows<{ agency_key: string; year: unknown; n: unknown; d: unknown; lo: unknown; hi: unknown; last_seq: unknown }>(
    databaseUrl,
    "select c.agency_key, c.year, count(*) as n, count(distinct c.seq) as d, min(c.seq) as lo, max(c.seq) as hi, (select s.last_seq from certificate_sequences s where s.agency_key = c.agency_key and s.year = c.year) as last_seq from certificates c where c.programme_id = ? and c.status = 'issued' group by c.agency_key, c.year order by c.agency_key, c.year",
    [setup.programmeId],
  );
  const certs = await queryRows<{ id: unknown; agency_key: string; year: unknown; seq: unknown; number: string | null; verification_code: string; content: string | null; pdf_file_id: unknown; storage_key: string | null; size: unknown; sha256: string | null; name: string; nip: string | null }>(
    databaseUrl,
    "select c.id, c.agency_key, c.year, c.seq, c.number, c.verification_code, c.content, c.pdf_file_id, f.storage_key, f.size, f.sha256, u.name, u.nip from certificates c join users u on u.id = c.user_id left join files f on f.id = c.pdf_file_id where c.cohort_id = ? and c.status = 'issued' order by c.id",
    [setup.cohortId],
  );
  let numberMismatches = 0;
  let numberSample = '';
  let pdfMissing = 0;
  let pdfBad = 0;
  let pdfBytes = 0;
  const pdfPaths: string[] = [];
  let withPhoto = 0;
  let withOwnUrl = 0;
  for (const c of certs) {
    try {
      const snap = JSON.parse(c.content ?? 'null') as { hasPhoto?: boolean; verifyUrl?: string } | null;
      if (snap?.hasPhoto === true) withPhoto++;
      if (typeof snap?.verifyUrl === 'string' && snap.verifyUrl.endsWith(`/verify/${c.verification_code}`)) withOwnUrl++;
    } catch {
      /* counted as neither */
    }
    const expected = formatCertificateNumber(CERT_NUMBER_PATTERN, { seq: n(c.seq), agency: c.agency_key, year: n(c.year), programme: setup.programmeCode, cohort: setup.cohortCode });
    if (c.number !== expected) {
      numberMismatches++;
      numberSample ||= `certificate ${c.id}: ${c.number} ≠ ${expected}`;
    }
    if (!c.storage_key) {
      pdfMissing++;
      continue;
    }
    const file = path.join(filesDir, c.storage_key);
    if (!existsSync(file)) {
      pdfMissing++;
      continue;
    }
    const bytes = readFileSync(file);
    pdfBytes += bytes.length;
    const ok = bytes.length === n(c.size) && createHash('sha256').update(bytes).digest('hex') === c.sha256 && bytes.subarray(0, 5).toString('latin1') === '%PDF-' && bytes.subarray(-1024).toString('latin1').includes('%%EOF');
    if (!ok) pdfBad++;
    pdfPaths.push(file);
  }
  const [hours] = await queryRows<{ n: unknown }>(databaseUrl, 'select count(*) as n from learning_hours h join enrolments e on e.id = h.enrolment_id where e.cohort_id = ?', [setup.cohortId]);
  const [certified] = await queryRows<{ n: unknown }>(databaseUrl, "select count(*) as n from enrolments where cohort_id = ? and state = 'certified'", [setup.cohortId]);
  const [times] = await queryRows<{ lo: string | null; hi: string | null }>(databaseUrl, "select min(issued_at) as lo, max(issued_at) as hi from certificates where cohort_id = ? and status = 'issued'", [setup.cohortId]);
  return {
    statusCounts,
    issued: statusCounts.issued ?? 0,
    enrolmentsWithout: n(without?.n),
    enrolmentsWithSeveral: n(several?.n),
    sequences: seqRows.map((r) => ({ agency: r.agency_key, year: n(r.year), n: n(r.n), distinct: n(r.d), lo: n(r.lo), hi: n(r.hi), lastSeq: r.last_seq === null ? null : n(r.last_seq) })),
    numberMismatches,
    numberSample,
    distinctNumbers: new Set(certs.map((c) => c.number)).size,
    pdfMissing,
    pdfBad,
    pdfBytes,
    pdfPaths,
    learningHours: n(hours?.n),
    certifiedEnrolments: n(certified?.n),
    withPhoto,
    withOwnUrl,
    firstIssuedAt: times?.lo ?? null,
    lastIssuedAt: times?.hi ?? null,
    codes: certs.map((c) => ({ code: c.verification_code, name: c.name, nip: c.nip, number: c.number ?? '' })),
  };
}

/** `pdfsig` (poppler-utils) on each file: the signature valid and covering the whole document. */
async function pdfsigCheck(files: readonly string[]): Promise<{ checked: number; valid: number; whole: number; sample: string; missingTool: string | null }> {
  let valid = 0;
  let whole = 0;
  let sample = '';
  for (const f of files) {
    let out: string;
    try {
      const r = await execFileP('pdfsig', [f], { encoding: 'utf8' });
      out = r.stdout + r.stderr;
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
      if (e.code === 'ENOENT') return { checked: 0, valid: 0, whole: 0, sample: '', missingTool: 'pdfsig not found (install poppler-utils)' };
      out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    const isValid = /Signature Validation: Signature is Valid/.test(out);
    const isWhole = /Total document signed/.test(out);
    if (isValid) valid++;
    if (isWhole) whole++;
    if (!sample || !isValid || !isWhole) {
      const cert = /Certificate Validation: (.+)/.exec(out)?.[1]?.trim();
      sample = `${path.basename(f)}: ${isValid ? 'Signature is Valid' : 'signature NOT valid'}, ${isWhole ? 'Total document signed' : 'NOT the whole document'}${cert ? `; certificate: ${cert}` : ''}`;
    }
  }
  return { checked: files.length, valid, whole, sample, missingTool: null };
}

// ---------------------------------------------------------------------------------------------
// Verification load

export interface VerifyLoad {
  requestsPerSecond: number;
  latency: LatencySummary;
  statuses: Map<number, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
  bytes: number;
  cpuMs: number;
}

/** GET `pathOf(code)` closed-loop with autocannon, every request the next code (round-robin over all). */
async function verifyLoad(url: string, codes: readonly string[], pathOf: (code: string) => string, accept: string, plan: CertificatesPlan, serverPid: number): Promise<VerifyLoad> {
  let cursor = 0;
  const run = async (durationS: number, collect: { latencies: number[]; statuses: Map<number, number> } | null) => {
    const instance = autocannon({
      url,
      connections: plan.verifyConnections,
      duration: durationS,
      timeout: 10,
      headers: { accept, 'accept-encoding': 'gzip, br', 'accept-language': 'id', 'user-agent': 'Mozilla/5.0 (Linux; Android 13) lentera-bench (verify)' },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathOf(codes[cursor++ % codes.length]!) }) }],
    });
    if (collect)
      instance.on('response', (_c, status, _bytes, ms) => {
        collect.latencies.push(ms);
        collect.statuses.set(status, (collect.statuses.get(status) ?? 0) + 1);
      });
    return await instance;
  };
  if (plan.verifyWarmupSeconds > 0) await run(plan.verifyWarmupSeconds, null);
  const collect = { latencies: [] as number[], statuses: new Map<number, number>() };
  const cpu = cpuMeter(serverPid);
  const res = await run(plan.verifySeconds, collect);
  return {
    requestsPerSecond: res.requests.average,
    latency: summarize(collect.latencies),
    statuses: collect.statuses,
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    total: res.requests.total,
    bytes: res.throughput.total,
    cpuMs: cpu.ms(),
  };
}

/** A well-formed code that no certificate has (same alphabet and length as the stored ones). */
function unknownCodeLike(code: string, taken: ReadonlySet<string>): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  for (let k = 0; ; k++) {
    const chars = code.split('');
    for (let i = 0; i < chars.length; i++) if (alphabet.includes(chars[i]!)) chars[i] = alphabet[(alphabet.indexOf(chars[i]!) + 7 + k) % alphabet.length]!;
    const c = chars.join('');
    if (!taken.has(c)) return c;
  }
}

// ---------------------------------------------------------------------------------------------
// The whole scenario on one database: rows for the report

const fmtN = (v: number): string => v.toLocaleString('en');
const latencyText = (s: LatencySummary) => `p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, p99 ${fmtMs(s.p99)}, max ${fmtMs(s.max)}`;
const statusText = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${fmtN(c)}`).join(', ');

/**
 * Runs setup, batch and verification on `databaseUrl` (seeded participants present, no server
 * running on it), pushing the report's rows into `rows` as it goes (a failure keeps what was measured).
 */
export async function certificatesScenario(kind: string, databaseUrl: string, plan: CertificatesPlan, rows: Row[], opts: { password: string; log: (msg: string) => void }): Promise<void> {
  const log = (msg: string) => opts.log(`${kind}: ${msg}`);
  const count = plan.participants;
  const started = performance.now();
  const dirs = certificateDirs(kind);
  rmSync(dirs.filesDir, { recursive: true, force: true });

  const setup = await setupCertificateProgramme(databaseUrl, seededNips(count), plan, opts.password, dirs);
  log(`certificates setup: programme ${setup.programmeId}, cohort ${setup.cohortId}, ${fmtN(setup.members.length)} participants completed and eligible in ${fmtS(setup.ms.total)} (structure and enrolments ${fmtS(setup.ms.structure)}, progress ${fmtS(setup.ms.progress)}, photo and confirmations ${fmtS(setup.ms.photoAndConfirmation)}); photo ${fmtN(setup.photo.sourceBytes)} B → framed ${setup.photo.width}×${setup.photo.height} ${fmtN(setup.photo.framedBytes)} B; development signing certificate ${setup.signingCreated ? 'generated' : 'reused'}`);
  rows.push({
    metric: `Setup (not measured): programme with one required page, ${fmtN(count)} enrolments, each page completed through the progress service, a photo (${setup.photo.width}×${setup.photo.height} JPEG, ${fmtN(setup.photo.framedBytes)} B, shared file) and the identity confirmed per participant`,
    measured: fmtS(setup.ms.total),
    note: `enrolments ${fmtS(setup.ms.structure)}, progress ${fmtS(setup.ms.progress)}, photo and confirmations ${fmtS(setup.ms.photoAndConfirmation)}; built in the bench process before the server starts; 0 certificates before the batch`,
    status: 'info',
  });

  // ---- 2. The batch, on the first server process.
  let server: RunningServer = await startServer({ databaseUrl, env: serverEnvOf(dirs) });
  log(`certificates server pid ${server.pid} on ${server.url}, /healthz after ${fmtMs(server.startupMs)}`);
  let check: BatchCheck;
  let batchPeak = 0;
  try {
    const cookie = await adminSession(server.url, CERT_ADMIN_LOGIN, opts.password);
    const settings = await apiCall(server.url, cookie, 'PUT', `/api/v1/programmes/${setup.programmeId}/certificate-settings`, {
      enabled: true,
      requirements: { activities: true, evaluation: true, jurnal: true, confirmation: true, photo: true },
      numberPattern: CERT_NUMBER_PATTERN,
      signerName: CERT_SIGNER.name,
      signerPosition: CERT_SIGNER.position,
      signerPlace: CERT_SIGNER.place,
      jp: null,
    });
    if (settings.status !== 200) throw new Error(`PUT certificate-settings answered ${settings.status}: ${settings.text.slice(0, 300)}`);

    await sleep(1000); // let the server settle after the sign-in (RSS baseline)
    const rssIdle = new RssSampler(server.pid);
    rssIdle.sample();
    const rss = new RssSampler(server.pid, 100).start();
    const cpu = cpuMeter(server.pid);
    const loadBefore = loadAverage();
    log(`batch: ${fmtN(count)} certificates, server RSS before ${fmtMiB(rssIdle.lastBytes)}; load average ${loadBefore}`);
    const t0 = Date.now();
    const p0 = performance.now();
    const start = await apiCall(server.url, cookie, 'POST', `/api/v1/programmes/${setup.programmeId}/certificates/batch`, { cohortId: setup.cohortId });
    const requestMs = performance.now() - p0;
    if (start.status !== 202 || !start.json?.jobId) throw new Error(`POST …/certificates/batch answered ${start.status}: ${start.text.slice(0, 300)}`);
    const jobId = Number(start.json.jobId);
    let job: ApiJob;
    let polls = 0;
    let lastLog = performance.now();
    // What the admin's progress bar would show: the distinct progress values seen while polling.
    const progressSeen = new Set<number>();
    for (;;) {
      const res = await apiCall(server.url, cookie, 'GET', `/api/v1/jobs/${jobId}`);
      polls++;
      if (res.status !== 200) throw new Error(`GET /api/v1/jobs/${jobId} answered ${res.status}: ${res.text.slice(0, 300)}`);
      job = res.json as ApiJob;
      if (job.status === 'running') progressSeen.add(job.progress.current);
      if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') break;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  batch job ${jobId} ${job.status}: ${job.progress.current}/${job.progress.total ?? '?'} after ${fmtS(performance.now() - p0)}, RSS ${fmtMiB(rss.lastBytes)}`);
      }
      if (performance.now() - p0 > 60 * 60_000) throw new Error(`job ${jobId} still ${job.status} after an hour`);
      await sleep(plan.pollMs);
    }
    const jobSeenMs = performance.now() - p0;
    const cpuMs = cpu.ms();
    batchPeak = rss.stop();
    log(`batch job ${jobId} ${job.status} seen after ${fmtS(jobSeenMs)} (${polls} polls): ${JSON.stringify(job.result)}${job.error ? ` — ${job.error}` : ''}; server CPU ${fmtS(cpuMs)}, peak RSS ${fmtMiB(batchPeak)}`);
    if (job.status !== 'succeeded') throw new Error(`batch job ${jobId} ${job.status}: ${job.error ?? ''}`);

    check = await verifyBatch(databaseUrl, setup, dirs.filesDir);
    const wallMs = check.lastIssuedAt ? Date.parse(check.lastIssuedAt) - t0 : Number.NaN;
    const firstMs = check.firstIssuedAt ? Date.parse(check.firstIssuedAt) - t0 : Number.NaN;
    const ts = (s: string | null) => (s ? Date.parse(s) : Number.NaN);
    const queueMs = ts(job.startedAt) - ts(job.createdAt);
    log(`database: ${JSON.stringify(check.statusCounts)}; enrolments without an issued certificate ${check.enrolmentsWithout}, with several ${check.enrolmentsWithSeveral}; sequences ${JSON.stringify(check.sequences)}; number mismatches ${check.numberMismatches}; PDFs missing ${check.pdfMissing}, bad ${check.pdfBad}, ${fmtN(check.pdfBytes)} B; JP records ${check.learningHours}, certified ${check.certifiedEnrolments}; request → first issued ${fmtS(firstMs)}, → last issued ${fmtS(wallMs)}`);

    const rnd = seededRandom(plan.seed);
    const picks = new Set<number>();
    while (picks.size < Math.min(plan.pdfsigSamples, check.pdfPaths.length)) picks.add(Math.floor(rnd() * check.pdfPaths.length));
    const sig = await pdfsigCheck([...picks].map((i) => check.pdfPaths[i]!));
    log(`pdfsig: ${sig.valid}/${sig.checked} valid, ${sig.whole}/${sig.checked} whole document${sig.missingTool ? ` — ${sig.missingTool}` : ''}; ${sig.sample}`);

    const r = job.result ?? {};
    const seqOk = check.sequences.length > 0 && check.sequences.every((s) => s.lo === 1 && s.hi === s.n && s.distinct === s.n && s.lastSeq === s.n) && check.sequences.reduce((a, s) => a + s.n, 0) === count;
    const batchName = `Batch POST /api/v1/programmes/{id}/certificates/batch for the cohort (${fmtN(count)} participants)`;
    rows.push(
      {
        metric: `${batchName}: request → last certificate issued (its \`issued_at\`)`,
        measured: fmtS(wallMs),
        note: `${(count / (wallMs / 1000)).toFixed(1)} certificates/s; request answered 202 in ${fmtMs(requestMs)}; job waited ${fmtMs(queueMs)} for the worker's poll; first certificate issued after ${fmtS(firstMs)}; job seen succeeded after ${fmtS(jobSeenMs)} (GET /api/v1/jobs/{id} every ${plan.pollMs} ms)`,
        target: '< 3 min',
        status: passIf(Number.isFinite(wallMs) && wallMs < CERT_TARGET.batchMs && check.issued === count),
      },
      { metric: `${batchName}: server peak RSS (VmRSS every 100 ms)`, measured: fmtMiB(batchPeak), note: `${fmtMiB(rssIdle.lastBytes)} before the batch`, target: '< 400 MB', status: passIf(batchPeak > 0 && batchPeak < CERT_TARGET.rssBytes) },
      { metric: `${batchName}: server CPU (all threads)`, measured: `${fmtMs(cpuMs / Math.max(1, count))} per certificate`, note: `${fmtS(cpuMs)} CPU over ${fmtS(wallMs)} = ${(cpuMs / wallMs).toFixed(2)} cores on average; load average before ${loadBefore}, after ${loadAverage()}`, status: 'info' },
      {
        metric: 'Batch job result (issued / already issued / not eligible / busy / failed)',
        measured: `${r.issued ?? '—'} / ${r.alreadyIssued ?? '—'} / ${r.notEligible ?? '—'} / ${r.busy ?? '—'} / ${r.failed ?? '—'}`,
        note: `total ${r.total ?? '—'}; progress at the end ${job.progress.current}/${job.progress.total ?? '?'}; ${progressSeen.size} distinct progress values seen while running (${polls} polls)`,
        target: `${fmtN(count)} / 0 / 0 / 0 / 0`,
        status: passIf(r.issued === count && !r.alreadyIssued && !r.notEligible && !r.busy && !r.failed && job.progress.current === count && job.progress.total === count),
      },
      {
        metric: "Database: the programme's certificates by status",
        measured: Object.entries(check.statusCounts).map(([s, c]) => `${s} ${fmtN(c)}`).join(', ') || 'none',
        target: `issued ${fmtN(count)}, nothing else`,
        status: passIf(check.issued === count && Object.keys(check.statusCounts).length === 1),
      },
      {
        metric: 'Database: enrolments of the cohort without an issued certificate / with more than one valid certificate',
        measured: `${check.enrolmentsWithout} / ${check.enrolmentsWithSeveral}`,
        target: '0 / 0',
        status: passIf(check.enrolmentsWithout === 0 && check.enrolmentsWithSeveral === 0),
      },
      {
        metric: 'Database: numbers per agency and year 1..N without gaps or duplicates (count, distinct, min, max, the sequence row)',
        measured: check.sequences.map((s) => `${s.agency}/${s.year}: ${fmtN(s.n)}, ${fmtN(s.distinct)} distinct, ${s.lo}..${s.hi}, last_seq ${s.lastSeq ?? '—'}`).join('; ') || 'none',
        target: `1..${fmtN(count)} in all`,
        status: passIf(seqOk),
      },
      {
        metric: `Database: number text as the pattern \`${CERT_NUMBER_PATTERN}\` formats it, all distinct`,
        measured: `${check.numberMismatches} differ, ${fmtN(check.distinctNumbers)} distinct`,
        note: check.numberSample || undefined,
        target: `0 differ, ${fmtN(count)} distinct`,
        status: passIf(check.numberMismatches === 0 && check.distinctNumbers === count),
      },
      {
        metric: 'Files: every issued certificate\'s signed PDF stored (file row, on disk, size and SHA-256 as recorded, %PDF- … %%EOF)',
        measured: `${fmtN(check.pdfPaths.length - check.pdfBad)} / ${fmtN(check.issued)}`,
        note: `${check.pdfMissing} missing, ${check.pdfBad} differ; ${fmtN(Math.round(check.pdfBytes / 1000))} KB in all, ${fmtN(Math.round(check.pdfBytes / Math.max(1, check.pdfPaths.length)))} B per PDF`,
        target: `${fmtN(count)} / ${fmtN(count)}`,
        status: passIf(check.pdfMissing === 0 && check.pdfBad === 0 && check.pdfPaths.length === count),
      },
      sig.missingTool
        ? { metric: `\`pdfsig\` on ${plan.pdfsigSamples} random PDFs`, measured: 'not run', note: sig.missingTool, target: 'all valid', status: 'fail' }
        : {
            metric: `\`pdfsig\` (poppler-utils) on ${sig.checked} random PDFs: "Signature is Valid" and "Total document signed"`,
            measured: `${sig.valid} / ${sig.whole} of ${sig.checked}`,
            note: `${sig.sample} (the development certificate is self-signed, so untrusted — expected)`,
            target: `${sig.checked} / ${sig.checked}`,
            status: passIf(sig.checked > 0 && sig.valid === sig.checked && sig.whole === sig.checked),
          },
      {
        metric: "Database: what each certificate printed (its content snapshot) includes the participant's photo / the QR's verification URL with its own code",
        measured: `${fmtN(check.withPhoto)} / ${fmtN(check.withOwnUrl)}`,
        target: `${fmtN(count)} / ${fmtN(count)}`,
        status: passIf(check.withPhoto === count && check.withOwnUrl === count),
      },
      {
        metric: 'Database: JP record (learning_hours) and enrolments marked certified',
        measured: `${fmtN(check.learningHours)} / ${fmtN(check.certifiedEnrolments)}`,
        target: `${fmtN(count)} / ${fmtN(count)}`,
        status: passIf(check.learningHours === count && check.certifiedEnrolments === count),
      },
    );

    // The platform's default verification limit is in force on this server: an address gets 429.
    const probe = check.codes[0]!.code;
    let firstLimited = 0;
    let retryAfter: unknown = null;
    for (let i = 1; i <= 2 * plan.defaultVerifyRateLimit + 1; i++) {
      const res = await apiCall(server.url, null, 'GET', `/api/v1/certificates/verify/${probe}`);
      if (res.status === 429) {
        firstLimited = i;
        retryAfter = res.headers['retry-after'];
        break;
      }
      if (res.status !== 200) throw new Error(`verification of ${probe} answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    log(`default verification limit: first 429 at request ${firstLimited || 'none'} (Retry-After ${String(retryAfter)})`);
    rows.push({
      metric: `Verification limit at its default (${plan.defaultVerifyRateLimit} per address per minute, batch server): consecutive verifications from one address until 429`,
      measured: firstLimited ? `429 at request ${firstLimited}` : `no 429 in ${2 * plan.defaultVerifyRateLimit + 1}`,
      note: firstLimited ? `Retry-After ${String(retryAfter)} s${firstLimited > plan.defaultVerifyRateLimit + 1 ? '; the minute turned over during the probe' : ''}` : undefined,
      target: `429 by request ${2 * plan.defaultVerifyRateLimit + 1}`,
      status: passIf(firstLimited > plan.defaultVerifyRateLimit && retryAfter !== undefined && retryAfter !== null),
    });
  } finally {
    await server.stop();
  }

  // ---- 3. Verification, on a second server process with the per-address limit raised.
  server = await startServer({ databaseUrl, env: serverEnvOf(dirs, { VERIFY_RATE_LIMIT_PER_MINUTE: String(plan.verifyRateLimit) }) });
  log(`verification server pid ${server.pid} (VERIFY_RATE_LIMIT_PER_MINUTE=${plan.verifyRateLimit}), /healthz after ${fmtMs(server.startupMs)}`);
  const rss = new RssSampler(server.pid).start();
  try {
    // A few codes checked against the database; unknown and malformed codes 404 on the page and the API.
    const rnd = seededRandom(plan.seed + 1);
    const codes = check.codes.map((c) => c.code);
    const taken = new Set(codes);
    let sampleBad = 0;
    let sampleNote = '';
    for (let k = 0; k < 5; k++) {
      const c = check.codes[Math.floor(rnd() * check.codes.length)]!;
      const api = await apiCall(server.url, null, 'GET', `/api/v1/certificates/verify/${c.code}`);
      const page = await request(`${server.url}/verify/${c.code}`, { headers: { accept: 'text/html', 'user-agent': UA } });
      const html = await page.body.text();
      const masked = maskNip(c.nip);
      const ok = api.status === 200 && api.json?.status === 'valid' && api.json?.holderName === c.name && api.json?.nipMasked === masked && api.json?.number === c.number && page.statusCode === 200 && html.includes('data-status="valid"') && html.includes(c.number) && (masked === null || html.includes(masked));
      if (!ok) {
        sampleBad++;
        sampleNote ||= `${c.code}: API ${api.status} ${api.text.slice(0, 160)}; page ${page.statusCode}`;
      }
    }
    const unknown = unknownCodeLike(codes[0]!, taken);
    const unknownApi = await apiCall(server.url, null, 'GET', `/api/v1/certificates/verify/${unknown}`);
    const unknownPage = await request(`${server.url}/verify/${unknown}`, { headers: { accept: 'text/html', 'user-agent': UA } });
    await unknownPage.body.dump();
    const malformed = await apiCall(server.url, null, 'GET', '/api/v1/certificates/verify/not-a-code');
    const unknownOk = unknownApi.status === 404 && unknownApi.json?.error?.code === 'not_found' && unknownPage.statusCode === 404 && malformed.status === 404;
    log(`verification samples: ${5 - sampleBad}/5 as in the database${sampleNote ? ` (${sampleNote})` : ''}; unknown code → API ${unknownApi.status}, page ${unknownPage.statusCode}; malformed → ${malformed.status}`);
    rows.push({
      metric: 'Verification answers: 5 random codes (page and API: valid, holder, masked NIP, number as in the database); an unknown and a malformed code 404 `not_found`',
      measured: `${5 - sampleBad} / 5 right; unknown ${unknownApi.status} / ${unknownPage.statusCode}, malformed ${malformed.status}`,
      note: sampleNote || undefined,
      target: '5 / 5; 404',
      status: passIf(sampleBad === 0 && unknownOk),
    });

    // Every issued code, in a shuffled order (different certificates one after another, as scans are).
    const order = [...codes];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    log(`GET /verify/{code} over ${fmtN(order.length)} codes, ${plan.verifyConnections} connections, ${plan.verifySeconds} s after ${plan.verifyWarmupSeconds} s warm-up…`);
    const rssBeforeLoad = rss.lastBytes;
    const page = await verifyLoad(server.url, order, (c) => `/verify/${c}`, 'text/html,application/xhtml+xml', plan, server.pid);
    // Peak per phase: the page's load, then the API's (the sampler's peak is reset in between).
    const pagePeak = rss.peakBytes;
    rss.peakBytes = 0;
    log(`verify page: ${page.requestsPerSecond.toFixed(0)} req/s, ${latencyText(page.latency)}, ${statusText(page.statuses)}, non-2xx ${page.non2xx}, errors ${page.errors + page.timeouts}`);
    log(`GET /api/v1/certificates/verify/{code}, same load…`);
    const api = await verifyLoad(server.url, order, (c) => `/api/v1/certificates/verify/${c}`, 'application/json', plan, server.pid);
    log(`verify API: ${api.requestsPerSecond.toFixed(0)} req/s, ${latencyText(api.latency)}, ${statusText(api.statuses)}, non-2xx ${api.non2xx}, errors ${api.errors + api.timeouts}`);
    const apiPeak = rss.stop();

    const pageName = `Verification page GET /verify/{code} (${fmtN(order.length)} real codes round-robin, ${plan.verifyConnections} connections, ${plan.verifySeconds} s after ${plan.verifyWarmupSeconds} s warm-up)`;
    const apiName = `Verification API GET /api/v1/certificates/verify/{code} (same load)`;
    rows.push(
      { metric: `${pageName}: requests/s`, measured: page.requestsPerSecond.toFixed(0), note: `${fmtN(page.total)} requests, ${fmtN(Math.round(page.bytes / Math.max(1, page.total)))} B each on the wire (\`accept-encoding: gzip, br\`)`, target: '≥ 1,000', status: passIf(page.requestsPerSecond >= CERT_TARGET.verifyRps) },
      { metric: `${pageName}: latency p50 / p95 / p99`, measured: `${fmtMs(page.latency.p50)} / ${fmtMs(page.latency.p95)} / ${fmtMs(page.latency.p99)}`, note: `max ${fmtMs(page.latency.max)}`, status: 'info' },
      { metric: `${pageName}: non-2xx / errors`, measured: `${page.non2xx} / ${page.errors + page.timeouts}`, note: statusText(page.statuses), target: '0', status: passIf(page.non2xx === 0 && page.errors === 0 && page.timeouts === 0 && page.total > 0) },
      { metric: `${pageName}: server CPU per request (all threads)`, measured: fmtMs(page.cpuMs / Math.max(1, page.total)), note: `load average after: ${loadAverage()}`, status: 'info' },
      {
        metric: `${apiName}: requests/s (recorded)`,
        measured: api.requestsPerSecond.toFixed(0),
        note: `p50 ${fmtMs(api.latency.p50)}, p95 ${fmtMs(api.latency.p95)}, p99 ${fmtMs(api.latency.p99)}; non-2xx ${api.non2xx}, errors ${api.errors + api.timeouts}; CPU ${fmtMs(api.cpuMs / Math.max(1, api.total))} per request`,
        status: 'info',
      },
      { metric: 'Verification server peak RSS (VmRSS every 200 ms) during the page load / during the API load', measured: `${fmtMiB(pagePeak)} / ${fmtMiB(apiPeak)}`, note: `${fmtMiB(rssBeforeLoad)} before the load`, status: 'info' },
    );
  } finally {
    rss.stop();
    await server.stop();
  }
  rows.push({ metric: 'Duration of the whole certificates section (setup, batch, checks, verification)', measured: fmtS(performance.now() - started), note: `load average after: ${loadAverage()}`, status: 'info' });
}

/** The scenario's description for BENCHMARKS.md. */
export function certificatesDescription(plan: CertificatesPlan): string[] {
  return [
    `- Setup (not measured): on a fresh database, \`lentera seed\` creates ${fmtN(plan.participants)} participants (units of the demo organisation: KPU's Setjen, provincial and regency offices); a programme with one stage holding one required page (40 JP on the programme) is built with the platform repositories in the bench process before the server starts, the participants enrolled in its cohort. Each participant signs in once (personal clock) and opens the page through the platform's progress service (\`recordProgress\`: the page completes on opening, and with it the programme), then gets a certificate photo — one synthetic 900×1200 portrait JPEG with photographic noise, framed to 300×400 by the platform's \`preparePhoto\` and stored once, every participant's photo row pointing at that file — and confirms the name, NIP and unit as printed (stored with those values, as the profile page does). The certificate settings keep every requirement on (activities, evaluation, Jurnal, confirmation, photo; the programme has no final evaluation and no Jurnal, which the rules count as met), so each PDF carries a photo like a real one. Photo and confirmation are written after the progress, so nobody became eligible earlier: no certificate exists when the server starts (checked), and eligibility is checked for three participants. The development signing certificate (PKCS#12, self-signed) is generated before the server starts if it does not exist yet (\`.bench/cert-signing\`); signed PDFs go to a files directory of the run.`,
    `- Batch: a platform admin signs in through the API, saves the settings (\`PUT /api/v1/programmes/{id}/certificate-settings\`: signer name, position and place, pattern \`${CERT_NUMBER_PATTERN}\`) and starts the batch for the cohort (\`POST /api/v1/programmes/{id}/certificates/batch\`, 202 with a job), then \`GET /api/v1/jobs/{id}\` every ${plan.pollMs} ms until the job ends. The server runs with its defaults (one job worker). Time: from sending the request to the last certificate's \`issued_at\` (same machine clock), so the wait for the worker's poll of the queue is included. The server's VmRSS is sampled every 100 ms during the batch, its CPU time read from /proc. Checked afterwards in the database itself (SQLite opened read-only, PostgreSQL through pg): only issued certificates, every enrolment of the cohort exactly one; per agency and year the sequence numbers 1..N with N distinct and the sequence row at N; each number's text as the pattern formats it, all distinct; each certificate's PDF file row, the file on disk with its recorded size and SHA-256, starting \`%PDF-\` and ending \`%%EOF\`; what each certificate printed (its stored content snapshot) with the photo and the QR code's verification URL of its own code; a JP record and the certified state per enrolment; the job's result. \`pdfsig\` (poppler-utils) runs on ${plan.pdfsigSamples} PDFs picked at random (seed ${plan.seed}): each must report "Signature is Valid" and "Total document signed" (the self-signed development certificate is reported untrusted, which is expected). Finally the default per-address verification limit (${plan.defaultVerifyRateLimit}/min) is probed on this server: consecutive verifications from one address until 429.`,
    `- Verification: a second server process over the same database with \`VERIFY_RATE_LIMIT_PER_MINUTE=${plan.verifyRateLimit}\` — raised because all load comes from 127.0.0.1, so the limiter still counts every request but never refuses (with its default of ${plan.defaultVerifyRateLimit} per address per minute the load would be answered 429). Five random codes are compared with the database (page and API: valid, holder, masked NIP, number) and an unknown and a malformed code must answer 404. Then \`GET /verify/{code}\` (the HTML page, \`accept-encoding: gzip, br\`, no cookie) closed-loop with autocannon, ${plan.verifyConnections} keep-alive connections, every request the next of all ${fmtN(plan.participants)} issued codes in a shuffled order, ${plan.verifySeconds} s measured after a ${plan.verifyWarmupSeconds} s warm-up; percentiles from every response time. The JSON API (\`GET /api/v1/certificates/verify/{code}\`) is measured once the same way (recorded, no target).`,
    '- The client runs on the same machine as the server and the database (2 cores shared); each table starts with the load average and an Argon2id calibration.',
  ];
}
