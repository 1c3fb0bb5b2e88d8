// `npm run bench`: seeds fresh SQLite and PostgreSQL databases with the production CLI, runs the
// production server as a child process and measures sign-in storms, the sustained sign-in rate, the
// signed-in home page, the programme outline API, progress events (checked against the database), the quiz-start storm (checked against the database),
// the weight of the participant programme page, memory and start-up time. Writes BENCHMARKS.md and
// prints a summary.
//
// BENCH_QUICK=1 shortens every phase (for working on the benchmark itself; not for published numbers).
// BENCH_PG_URL overrides the PostgreSQL server (default postgres://postgres@127.0.0.1/postgres).
// BENCH_ONLY=sqlite|postgres runs one database.
// `--only quiz` (or BENCH_SCENARIO=quiz) runs only the quiz-start storm (issue 4) and replaces just its
// part of BENCHMARKS.md; BENCH_QUIZ=0 leaves the quiz storm out of a full run. Its own knobs
// (BENCH_QUIZ_PARTICIPANTS=200 for development, think time, sockets …) are in bench/scenarios/quiz.ts.
// `--only agencies` (or BENCH_SCENARIO=agencies) runs only the agencies scenario (issue 5: XLSX import,
// monitoring dashboards over a 100,000-participant cohort, streamed CSV export) on its own fresh
// databases and replaces just its part of BENCHMARKS.md; BENCH_AGENCIES=0 leaves it out of a full run.
// Its knobs (BENCH_AGENCIES_PARTICIPANTS=2000 BENCH_AGENCIES_IMPORT_ROWS=1000 for development …) are
// in bench/scenarios/agencies.ts.
// `--only live` (or BENCH_SCENARIO=live) runs only the live-session scenario (issue 6: 3,400 participants
// opening the session page and clicking Join within 5 s, then the Zoom report import) on its own fresh
// databases and replaces just its part of BENCHMARKS.md; BENCH_LIVE=0 leaves it out of a full run. Its
// knobs (BENCH_LIVE_PARTICIPANTS=200 for development …) are in bench/scenarios/live.ts.
// `--only certificates` (or BENCH_SCENARIO=certificates) runs only the certificates scenario (issue 7: a
// batch of 3,400 signed PDF certificates for one cohort, checked in the database and with pdfsig, then the
// public verification page under load) on its own fresh databases and replaces just its part of
// BENCHMARKS.md; BENCH_CERTIFICATES=0 leaves it out of a full run. Its knobs (BENCH_CERT_PARTICIPANTS=150
// for development …) are in bench/scenarios/certificates.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { countRows, freshPostgres, freshSqlite, removeSqlite } from './lib/databases.js';
import { machineInfo, passIf, renderMarkdown, renderSection, renderText, spliceBlock, type Block, type MachineInfo, type Row, type Section } from './lib/markdown.js';
import { applyNice, argon2VerifyMs, benchNice, cpuMeter, loadAverage } from './lib/proc.js';
import { RssSampler, fmtMiB } from './lib/rss.js';
import { ROOT, benchServerEnv, runCli, startServer } from './lib/server.js';
import { fmtMs, fmtS, summarize } from './lib/stats.js';
import { checkHomePage, homePageLoad } from './scenarios/home.js';
import { fetchOutline, firstStageTargets, outlineLoad, programmePageWeight, progressEventsLoad, signInParticipants } from './scenarios/learning.js';
import { BERAKHLAK_VIDEO_SECONDS } from '../src/services/demo-content.js';
import { findSustainedRate, loginPool, seededNips, signIn, signInStorm, type RateStep } from './scenarios/signin.js';
import type { Participant } from './scenarios/learning.js';
import { QUIZ_PARTICIPANTS, quizPlan, quizStorm, setupQuizProgramme, signInQuizParticipants, verifyQuizStorm, type QuizPlan } from './scenarios/quiz.js';
import {
  ACTIVITY_COUNT,
  AGENCIES_IMPORT_ROWS,
  AGENCIES_PARTICIPANTS,
  STAGES,
  agenciesPlan,
  buildMonitoringDataset,
  csrfOf,
  dryRunOnly,
  expectedCounts,
  exportRun,
  importRun,
  importWorkbook,
  isPublishedSize,
  repeatedGet,
  sessionOf,
  timedGet,
  verifyImport,
  type AgenciesPlan,
  type ExportRun,
  type ImportRun,
} from './scenarios/agencies.js';
import { LIVE_PARTICIPANTS, isPublishedLiveSize, liveDescription, livePlan, liveScenario, type LivePlan } from './scenarios/live.js';
import { CERT_PARTICIPANTS, certificatesDescription, certificatesPlan, certificatesScenario, isPublishedCertSize, type CertificatesPlan } from './scenarios/certificates.js';
import { NTT_REGENCIES } from '../src/domain/regions.js';
import { MONITORING_STATUSES, type StatusCounts } from '../src/domain/monitoring.js';
import { DEMO } from '../src/services/demo.js';

const QUICK = process.env.BENCH_QUICK === '1';
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1/postgres';
const ONLY = process.env.BENCH_ONLY;
const SCENARIOS = ['quiz', 'agencies', 'live', 'certificates'] as const;
/** `--only quiz` / `--only=quiz` on the command line (npm run bench -- --only quiz), or BENCH_SCENARIO. */
function onlyScenario(): (typeof SCENARIOS)[number] | null {
  const argv = process.argv.slice(2);
  let value: string | undefined = process.env.BENCH_SCENARIO || undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--only') value = argv[++i];
    else if (a.startsWith('--only=')) value = a.slice('--only='.length);
    else throw new Error(`unknown argument ${a} (expected --only ${SCENARIOS.join('|')})`);
  }
  if (value === undefined) return null;
  if (!(SCENARIOS as readonly string[]).includes(value)) throw new Error(`--only ${value}: expected one of ${SCENARIOS.join(', ')}`);
  return value as (typeof SCENARIOS)[number];
}
const ONLY_SCENARIO = onlyScenario();
const RUN_QUIZ = ONLY_SCENARIO === 'quiz' || process.env.BENCH_QUIZ !== '0';
const RUN_AGENCIES = ONLY_SCENARIO === 'agencies' || process.env.BENCH_AGENCIES !== '0';
const RUN_LIVE = ONLY_SCENARIO === 'live' || process.env.BENCH_LIVE !== '0';
const RUN_CERTIFICATES = ONLY_SCENARIO === 'certificates' || process.env.BENCH_CERTIFICATES !== '0';
const PASSWORD = 'Orientasi-Bench-2025!';

const PLAN = {
  participants: 3400,
  bigSeed: QUICK ? 20_000 : 100_000,
  stormSeconds: QUICK ? 15 : 120,
  stepSeconds: QUICK ? 4 : 10,
  rates: [30, 45, 60, 80, 100, 130, 160, 200, 250],
  homeConnections: 10,
  homeSeconds: QUICK ? 5 : 15,
  homeWarmupSeconds: QUICK ? 1 : 3,
  outlineParticipants: 200,
  outlineConnections: 10,
  outlineSeconds: QUICK ? 5 : 15,
  outlineWarmupSeconds: QUICK ? 1 : 3,
  progressParticipants: 400,
  progressConcurrency: 64,
  progressSeconds: QUICK ? 5 : 15,
  progressWarmupSeconds: QUICK ? 1 : 2,
  /** Every 20th request re-sends an acknowledged event (5 %). */
  progressDuplicateEvery: 20,
};

const TARGET = {
  seed100kMs: 60_000,
  stormP95Ms: 1000,
  sustainedRate: 40,
  homeRps: 1500,
  homeP99Ms: 50,
  rssBytes: 250 * 1024 * 1024,
  startupMs: 10_000,
  outlineRps: 1000,
  outlineP99Ms: 50,
  progressEventsPerS: 2000,
  firstVisitBytes: 60_000,
  repeatVisitBytes: 15_000,
  quizStartP95Ms: 1000,
  quizAutosaveP95Ms: 200,
  quizSubmitP95Ms: 500,
};

const fmtKB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

function stepLine(s: RateStep): string {
  const sum = s.result.recorder.summary();
  return `${s.rate}/s: ${s.offered} sign-ins, achieved ${s.result.recorder.achievedRate.toFixed(1)}/s, p50 ${fmtMs(sum.p50)}, p95 ${fmtMs(sum.p95)}, p99 ${fmtMs(sum.p99)}, errors ${s.result.recorder.errors}${s.held ? '' : ' ← did not hold'}`;
}

const titleOf = (kind: 'sqlite' | 'postgres') => (kind === 'sqlite' ? 'SQLite (embedded default)' : 'PostgreSQL 15');

/** A fresh database of the kind, or why there is none. */
async function freshDatabase(kind: 'sqlite' | 'postgres', name = 'bench'): Promise<{ url: string } | { skipped: string }> {
  if (kind === 'sqlite') return { url: freshSqlite(`${name}-sqlite`).url };
  const pg = await freshPostgres(PG_ADMIN_URL, `lentera_${name.replace(/-/g, '_')}`);
  if ('unreachable' in pg) {
    log(`PostgreSQL unreachable at ${PG_ADMIN_URL}: ${pg.unreachable} — skipped`);
    return { skipped: `⚠️ Skipped: the PostgreSQL server at \`${PG_ADMIN_URL}\` was unreachable (${pg.unreachable}).` };
  }
  return { url: pg.url };
}

/** The machine check row: one Argon2id verify, serial, and the load average. */
async function machineCheckRow(kind: string, what: string): Promise<Row> {
  const calib = await argon2VerifyMs();
  const loadBefore = loadAverage();
  log(`${kind}: load average ${loadBefore}; one Argon2id verify takes ${fmtMs(calib)} here (≈ 12 ms on an idle machine)`);
  return { metric: `Machine check before ${what}: Argon2id verify (median of 9, serial)`, measured: fmtMs(calib), note: `load average ${loadBefore}`, target: '≈ 12 ms when idle', status: 'info' };
}

async function benchDatabase(kind: 'sqlite' | 'postgres', notes: string[], quizSections: Section[]): Promise<Section> {
  const title = titleOf(kind);
  const rows: Row[] = [];

  // 0. How busy is the machine? (Other work on a shared machine slows everything below.)
  rows.push(await machineCheckRow(kind, 'this section'));

  // 1. A fresh database.
  const fresh = await freshDatabase(kind);
  if ('skipped' in fresh) {
    if (RUN_QUIZ) quizSections.push({ title, remark: fresh.skipped, rows: [] });
    return { title, remark: fresh.skipped, rows: [] };
  }
  const databaseUrl = fresh.url;
  log(`${kind}: fresh database ${databaseUrl}`);

  // 2. The demo programme (stages, pages, PDF, video, upload), then seeding with the production CLI.
  const demo = await runCli(['demo', '--password', PASSWORD], benchServerEnv(databaseUrl, 0));
  log(`${kind}: demo content: ${fmtS(demo.ms)} — ${demo.stdout}`);
  const seed = await runCli(['seed', '--participants', String(PLAN.participants), '--password', PASSWORD], benchServerEnv(databaseUrl, 0));
  log(`${kind}: seed ${PLAN.participants}: ${fmtS(seed.ms)} — ${seed.stdout}`);
  rows.push({ metric: `Seed ${PLAN.participants.toLocaleString('en')} participants (\`lentera seed\`, whole command)`, measured: fmtS(seed.ms), status: 'info' });
  if (kind === 'sqlite') {
    const big = freshSqlite('bench-sqlite-100k');
    const res = await runCli(['seed', '--participants', String(PLAN.bigSeed), '--password', PASSWORD], benchServerEnv(big.url, 0));
    log(`${kind}: seed ${PLAN.bigSeed}: ${fmtS(res.ms)} — ${res.stdout}`);
    rows.push({ metric: `Seed ${PLAN.bigSeed.toLocaleString('en')} participants into a fresh file`, measured: fmtS(res.ms), target: '< 60 s', status: passIf(res.ms < TARGET.seed100kMs) });
    removeSqlite(big.file);
  }

  // 3. The production server.
  const server = await startServer({ databaseUrl });
  log(`${kind}: server pid ${server.pid} on ${server.url}, /healthz after ${fmtMs(server.startupMs)}`);
  const rss = new RssSampler(server.pid).start();
  try {
    // 4a. Sign-in storm: every seeded participant once, spread over the window.
    const nips = seededNips(PLAN.participants);
    log(`${kind}: sign-in storm, ${nips.length} participants over ${PLAN.stormSeconds} s…`);
    const stormCpu = cpuMeter(server.pid);
    const storm = await signInStorm(server.url, nips, PASSWORD, PLAN.stormSeconds * 1000);
    const stormCpuMs = stormCpu.ms();
    const s = storm.recorder.summary();
    log(`${kind}: storm done: ${storm.recorder.outcomes()}, p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, p99 ${fmtMs(s.p99)}, ${storm.recorder.achievedRate.toFixed(1)}/s`);
    const stormName = `Sign-in storm (${nips.length.toLocaleString('en')} distinct participants over ${PLAN.stormSeconds} s)`;
    rows.push(
      { metric: `${stormName}: sign-ins completed`, measured: `${storm.recorder.count}`, target: `${nips.length}`, status: passIf(storm.recorder.count === nips.length) },
      { metric: `${stormName}: errors (non-200)`, measured: `${storm.recorder.errors}`, note: storm.recorder.errors ? storm.recorder.outcomes() : undefined, target: '0', status: passIf(storm.recorder.errors === 0) },
      { metric: `${stormName}: latency p50`, measured: fmtMs(s.p50), status: 'info' },
      { metric: `${stormName}: latency p95`, measured: fmtMs(s.p95), target: '< 1 s', status: passIf(s.p95 < TARGET.stormP95Ms) },
      { metric: `${stormName}: latency p99`, measured: fmtMs(s.p99), note: `max ${fmtMs(s.max)}`, status: 'info' },
      { metric: `${stormName}: achieved rate`, measured: `${storm.recorder.achievedRate.toFixed(1)} sign-ins/s`, status: 'info' },
      { metric: `${stormName}: server CPU per sign-in (all threads)`, measured: fmtMs(stormCpuMs / storm.recorder.count), note: `load average after: ${loadAverage()}`, status: 'info' },
    );

    // 4a'. Highest sustained sign-in rate.
    log(`${kind}: stepping the sign-in rate up (${PLAN.stepSeconds} s steps)…`);
    const steps = await findSustainedRate(server.url, nips, PASSWORD, {
      rates: PLAN.rates,
      stepMs: PLAN.stepSeconds * 1000,
      p95LimitMs: TARGET.stormP95Ms,
      onStep: (st) => log(`${kind}:   ${stepLine(st)}`),
    });
    const held = steps.filter((st) => st.held);
    const best = held[held.length - 1];
    const firstFail = steps.find((st) => !st.held);
    const bestRate = best?.rate ?? 0;
    rows.push({
      metric: `Highest sustained sign-in rate (${PLAN.stepSeconds} s steps: p95 < 1 s, 0 errors)`,
      measured: `${bestRate} sign-ins/s`,
      note: best
        ? `achieved ${best.result.recorder.achievedRate.toFixed(1)}/s, p95 ${fmtMs(best.result.recorder.summary().p95)}; ${firstFail ? `${firstFail.rate}/s: p95 ${fmtMs(firstFail.result.recorder.summary().p95)}, ${firstFail.result.recorder.errors} errors` : `highest step tried`}`
        : undefined,
      target: '≥ 40/s',
      status: passIf(bestRate >= TARGET.sustainedRate),
    });
    notes.push(`${title}, sign-in rate steps: ${steps.map((st) => stepLine(st)).join('; ')}.`);

    // 4b. The signed-in home page.
    const pool = loginPool(server.url);
    const one = await signIn(pool, nips[0]!, PASSWORD);
    await pool.close();
    if (one.status !== 200 || !one.cookie) throw new Error(`sign-in for the home page run failed: ${one.status}`);
    const page = await checkHomePage(server.url, one.cookie);
    if (page.status !== 200) throw new Error(`GET / with the session cookie answered ${page.status}, expected 200`);
    log(`${kind}: GET / (${page.bytes} bytes of HTML, content-encoding ${page.encoding ?? 'none'}), ${PLAN.homeConnections} connections, ${PLAN.homeSeconds} s after ${PLAN.homeWarmupSeconds} s warm-up…`);
    let homeCpu = cpuMeter(server.pid);
    const home = await homePageLoad(server.url, one.cookie, {
      connections: PLAN.homeConnections,
      durationS: PLAN.homeSeconds,
      warmupS: PLAN.homeWarmupSeconds,
      beforeMeasure: () => (homeCpu = cpuMeter(server.pid)),
    });
    const homeCpuMs = homeCpu.ms();
    log(`${kind}: GET / ${home.requestsPerSecond.toFixed(0)} req/s, p50 ${fmtMs(home.latency.p50)}, p95 ${fmtMs(home.latency.p95)}, p99 ${fmtMs(home.latency.p99)}, non-2xx ${home.non2xx}, errors ${home.errors}`);
    const homeName = `Home page GET / signed in (${PLAN.homeConnections} connections, ${PLAN.homeSeconds} s)`;
    const sqliteTargets = kind === 'sqlite';
    rows.push(
      {
        metric: `${homeName}: requests/s`,
        measured: `${home.requestsPerSecond.toFixed(0)}`,
        note: `${home.total.toLocaleString('en')} requests`,
        target: sqliteTargets ? '≥ 1,500' : undefined,
        status: sqliteTargets ? passIf(home.requestsPerSecond >= TARGET.homeRps) : 'info',
      },
      { metric: `${homeName}: server CPU per request (all threads)`, measured: fmtMs(homeCpuMs / Math.max(1, home.total)), note: `load average after: ${loadAverage()}`, status: 'info' },
      { metric: `${homeName}: latency p50`, measured: fmtMs(home.latency.p50), status: 'info' },
      { metric: `${homeName}: latency p95`, measured: fmtMs(home.latency.p95), status: 'info' },
      {
        metric: `${homeName}: latency p99`,
        measured: fmtMs(home.latency.p99),
        target: sqliteTargets ? '< 50 ms' : undefined,
        status: sqliteTargets ? passIf(home.latency.p99 < TARGET.homeP99Ms) : 'info',
      },
      { metric: `${homeName}: non-2xx / errors`, measured: `${home.non2xx} / ${home.errors + home.timeouts}`, target: '0', status: passIf(home.non2xx === 0 && home.errors === 0 && home.timeouts === 0) },
    );

    // 4c–4e. Staged learning: participants signed in through the API (their enrolments from /api/v1/me/enrolments).
    const learners = Math.max(PLAN.outlineParticipants, PLAN.progressParticipants);
    const signInStart = performance.now();
    const participants = await signInParticipants(server.url, nips.slice(0, learners), PASSWORD);
    log(`${kind}: ${participants.length} participants signed in for the learning scenarios in ${fmtS(performance.now() - signInStart)}`);
    rows.push(...(await learningScenarios(kind, server, databaseUrl, participants, notes, title)));
  } finally {
    const peak = rss.stop();
    await server.stop();
    log(`${kind}: server stopped; peak RSS ${fmtMiB(peak)}`);
    rows.push(
      { metric: 'Server peak RSS (VmRSS, sampled every 200 ms through all runs)', measured: fmtMiB(peak), target: '< 250 MB', status: passIf(peak > 0 && peak < TARGET.rssBytes) },
      { metric: 'Start-up: spawn `node dist/cli.js serve` → /healthz 200', measured: fmtS(server.startupMs), target: '< 10 s', status: passIf(server.startupMs < TARGET.startupMs) },
    );
  }

  // 5. The quiz-start storm, on a fresh server process over the same database (its own section).
  if (RUN_QUIZ) {
    const plan = quizPlan();
    if (plan.participants > PLAN.participants) await runCli(['seed', '--participants', String(plan.participants), '--password', PASSWORD], benchServerEnv(databaseUrl, 0));
    quizSections.push(await quizSection(kind, databaseUrl, plan));
  }
  return { title, rows };
}

/** `--only quiz`: a fresh database with just the seeded participants, then the quiz-start storm. */
async function benchQuizOnly(kind: 'sqlite' | 'postgres'): Promise<Section> {
  const plan = quizPlan();
  // Its own database names, so that a lone quiz run never drops the database of a full run.
  const fresh = await freshDatabase(kind, 'bench-quiz');
  if ('skipped' in fresh) return { title: titleOf(kind), remark: fresh.skipped, rows: [] };
  log(`${kind}: fresh database ${fresh.url}`);
  const seed = await runCli(['seed', '--participants', String(plan.participants), '--password', PASSWORD], benchServerEnv(fresh.url, 0));
  log(`${kind}: seed ${plan.participants}: ${fmtS(seed.ms)} — ${seed.stdout}`);
  return await quizSection(kind, fresh.url, plan);
}

/**
 * The quiz-start storm on `databaseUrl` (seeded participants present, no server running on it): the
 * evaluation programme built in-process, a fresh server, every participant signed in through the API,
 * the storm, then the database checked. Failures become a remark of the section, not a crash.
 */
async function quizSection(kind: 'sqlite' | 'postgres', databaseUrl: string, plan: QuizPlan): Promise<Section> {
  const title = titleOf(kind);
  const rows: Row[] = [];
  const sqliteTargets = kind === 'sqlite';
  const n = plan.participants;
  const started = performance.now();
  try {
    rows.push(await machineCheckRow(kind, 'the quiz storm'));
    const nips = seededNips(n);
    const setup = await setupQuizProgramme(databaseUrl, nips, plan);
    const bankSize = setup.bank.size;
    const categories = new Set([...setup.bank.values()].map((q) => q.category)).size;
    log(`${kind}: quiz setup: programme ${setup.programmeId}, final evaluation activity ${setup.activityId} (${plan.questions} of ${bankSize} questions in ${categories} categories, ${plan.timeLimitMinutes} min), ${setup.enrolments.size} enrolments in ${fmtS(setup.ms)}`);
    rows.push({
      metric: `Setup (not measured): programme with one stage, ${bankSize}-question bank in ${categories} categories, final evaluation (${plan.questions} drawn, ${plan.timeLimitMinutes} min, 1 attempt, pass mark ${plan.passMark} %), ${n.toLocaleString('en')} enrolments`,
      measured: fmtS(setup.ms),
      note: 'built in the bench process with the platform repositories on the database before the server starts',
      status: 'info',
    });

    // BENCH_QUIZ_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (for finding hot spots).
    const profDir = process.env.BENCH_QUIZ_CPU_PROF;
    const server = await startServer({ databaseUrl, ...(profDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profDir)}`] } : {}) });
    const rss = new RssSampler(server.pid).start();
    log(`${kind}: quiz server pid ${server.pid} on ${server.url}, /healthz after ${fmtMs(server.startupMs)}`);
    let storm: Awaited<ReturnType<typeof quizStorm>>;
    let signInMs: number;
    let serverCpuMs: number;
    let peak: number;
    try {
      const t = performance.now();
      const participants = await signInQuizParticipants(server.url, nips, PASSWORD, setup.enrolments, plan.signInConcurrency);
      signInMs = performance.now() - t;
      log(`${kind}: ${participants.length} participants signed in in ${fmtS(signInMs)}; quiz storm: Start within ${fmtS(plan.startWindowMs)}, think ${plan.thinkMinMs}–${plan.thinkMaxMs} ms per question, ${plan.connections} sockets…`);
      const cpu = cpuMeter(server.pid);
      storm = await quizStorm(server.url, participants, setup, plan, (line) => log(`${kind}:   ${line}`));
      serverCpuMs = cpu.ms();
    } finally {
      peak = rss.stop();
      await server.stop();
    }
    const st = storm.start.summary();
    const au = storm.autosave.summary();
    const su = storm.submit.summary();
    const re = storm.resume.summary();
    log(`${kind}: storm done in ${fmtS(storm.stormMs)}: start p50 ${fmtMs(st.p50)} p95 ${fmtMs(st.p95)} p99 ${fmtMs(st.p99)} max ${fmtMs(st.max)}; autosave p50 ${fmtMs(au.p50)} p95 ${fmtMs(au.p95)} p99 ${fmtMs(au.p99)} max ${fmtMs(au.max)} (peak ${storm.peakAutosavePerS}/s); submit p50 ${fmtMs(su.p50)} p95 ${fmtMs(su.p95)} p99 ${fmtMs(su.p99)} max ${fmtMs(su.max)}; errors ${storm.errors}${storm.errorSamples.length ? ` — ${storm.errorSamples[0]}` : ''}`);

    if (process.env.BENCH_QUIZ_STARTS_ONLY === '1') {
      log(`${kind}: BENCH_QUIZ_STARTS_ONLY=1: only the starts were measured; nothing is checked or written`);
      process.exit(0);
    }
    const v = await verifyQuizStorm(databaseUrl, setup.activityId, storm);
    log(`${kind}: database check: attempts ${v.attempts}/${v.participants}, submitted+scored ${v.submittedScored}, answers stored as acknowledged ${v.storedAsAcked}/${v.ackedAnswers} (lost ${v.lost}), question rows scored ${v.questionRowsScored}/${v.questionRows}, rescore mismatches ${v.rescoreMismatches}, total mismatches ${v.totalMismatches}, key mismatches ${v.keyMismatches}, events ${JSON.stringify(v.events)} vs acknowledged ${JSON.stringify(v.expectedEvents)}, progress events ${v.progressEvents}${v.lostSample.length ? `; lost e.g. ${v.lostSample[0]}` : ''}`);

    const totalRequests = storm.start.count + storm.autosave.count + storm.submit.count + storm.resume.count;
    const started201 = storm.ledgers.filter((l) => l.attemptId !== null).length - storm.startNot201;
    const submitted = storm.ledgers.filter((l) => l.submit).length;
    const changed = storm.ledgers.reduce((s, l) => s + l.changed, 0);
    const latencyRows = (name: string, sum: ReturnType<typeof storm.start.summary>, limitMs: number, limitText: string): Row[] => [
      { metric: `${name}: latency p50`, measured: fmtMs(sum.p50), status: 'info' },
      {
        metric: `${name}: latency p95`,
        measured: fmtMs(sum.p95),
        target: sqliteTargets ? limitText : undefined,
        note: sqliteTargets ? undefined : `recorded; the target ${limitText} applies to SQLite`,
        status: sqliteTargets ? passIf(sum.p95 < limitMs) : 'info',
      },
      { metric: `${name}: latency p99`, measured: fmtMs(sum.p99), note: `max ${fmtMs(sum.max)}`, status: 'info' },
    ];
    const startName = `Quiz Start POST /api/v1/enrolments/{id}/activities/{id}/attempts (${n.toLocaleString('en')} participants within ${fmtS(plan.startWindowMs)})`;
    const autosaveName = 'Autosave PUT /api/v1/attempts/{id}/answers/{questionId}';
    const submitName = 'Submit POST /api/v1/attempts/{id}/submit';
    const eventsOk = ['start', 'answer', 'submit'].every((t) => (v.events[t] ?? 0) === (v.expectedEvents[t] ?? 0));
    rows.push(
      { metric: `Setup: ${n.toLocaleString('en')} participants signed in through POST /api/v1/auth/login (${plan.signInConcurrency} at a time)`, measured: fmtS(signInMs), note: 'real sessions, one Argon2id verify each, then each opens the programme (GET …/outline) as the quiz page does before Start; not part of the storm', status: 'info' },
      { metric: `${startName}: new attempts (201)`, measured: `${started201}`, note: storm.startNot201 ? `${storm.startNot201} answered 200 (already open) on the first press` : undefined, target: `${n}`, status: passIf(started201 === n) },
      ...latencyRows(startName, st, TARGET.quizStartP95Ms, '< 1 s'),
      { metric: `${autosaveName}: answers acknowledged (200)`, measured: storm.autosave.count - storm.autosave.errors + '', note: `${n.toLocaleString('en')} × ${plan.questions} first answers + ${changed.toLocaleString('en')} changed once in the review pass; peak ${storm.peakAutosavePerS}/s, mean ${storm.meanAutosavePerS.toFixed(0)}/s`, status: 'info' },
      ...latencyRows(autosaveName, au, TARGET.quizAutosaveP95Ms, '< 200 ms'),
      { metric: `${submitName}: attempts submitted (200)`, measured: `${submitted}`, target: `${n}`, status: passIf(submitted === n) },
      ...latencyRows(submitName, su, TARGET.quizSubmitP95Ms, '< 500 ms'),
      {
        metric: 'Reload midway (Start again → 200 with the answers so far)',
        measured: `${storm.resume.count} reloads, p95 ${fmtMs(re.p95)}`,
        note: `${storm.resumeMismatches} echoed answers differing from those acknowledged`,
        target: 'answers echoed',
        status: passIf(storm.resumeMismatches === 0),
      },
      {
        metric: 'Errors: any non-2xx or network error, every request of the storm',
        measured: `${storm.errors}`,
        note: `${totalRequests.toLocaleString('en')} requests: ${[...storm.outcomes].map(([k, c]) => `${k}×${c}`).join(', ')}${storm.errorSamples.length ? `; first: ${storm.errorSamples[0]}` : ''}`,
        target: '0',
        status: passIf(storm.errors === 0),
      },
      { metric: 'Database: attempts of the evaluation = participants', measured: `${v.attempts} / ${v.participants}`, target: 'equal', status: passIf(v.attempts === v.participants) },
      { metric: 'Database: attempts submitted by the participant and scored (score, max score, percent, passed set)', measured: `${v.submittedScored} / ${v.attempts}`, target: 'all', status: passIf(v.submittedScored === v.participants) },
      {
        metric: 'Database: acknowledged answers stored as last sent (lost answers)',
        measured: `${v.storedAsAcked.toLocaleString('en')} / ${v.ackedAnswers.toLocaleString('en')} (lost ${v.lost})`,
        note: `${v.unexpectedAnswers} stored answers never acknowledged${v.lostSample.length ? `; e.g. ${v.lostSample[0]}` : ''}`,
        target: 'all (0 lost)',
        status: passIf(v.lost === 0 && v.storedAsAcked === v.ackedAnswers && v.ackedAnswers > 0),
      },
      {
        metric: 'Database: per-question scores present, and equal to the scoring rules re-applied to the stored snapshot and answer',
        measured: `${v.questionRowsScored.toLocaleString('en')} / ${v.questionRows.toLocaleString('en')} scored, ${v.rescoreMismatches} differ`,
        target: `${(n * plan.questions).toLocaleString('en')} scored, 0 differ`,
        status: passIf(v.questionRows === n * plan.questions && v.questionRowsScored === v.questionRows && v.rescoreMismatches === 0),
      },
      {
        metric: "Database: attempt score = sum of its question scores = submit response = the benchmark's own answer key",
        measured: `${v.totalMismatches + v.keyMismatches + storm.scoreMismatches} differ`,
        note: `${v.totalMismatches} sum/response, ${v.keyMismatches + storm.scoreMismatches} key`,
        target: '0',
        status: passIf(v.totalMismatches === 0 && v.keyMismatches === 0 && storm.scoreMismatches === 0),
      },
      {
        metric: 'Start responses: no answer key or feedback; questions as drawn (20, 5 per category, stable on reload)',
        measured: `${storm.keyLeaks} with a key, ${storm.drawMismatches} not as drawn`,
        target: '0 / 0',
        status: passIf(storm.keyLeaks === 0 && storm.drawMismatches === 0),
      },
      {
        metric: 'Database: attempt_events start / answer / submit (every acknowledged request recorded with time and address)',
        measured: ['start', 'answer', 'submit', 'resume'].map((t) => `${t} ${v.events[t] ?? 0}`).join(', '),
        note: `acknowledged: ${['start', 'answer', 'submit', 'resume'].map((t) => `${t} ${v.expectedEvents[t] ?? 0}`).join(', ')}`,
        target: 'equal',
        status: passIf(eventsOk),
      },
      { metric: 'Database: progress event `quiz-finished-<attemptId>` per submitted attempt', measured: `${v.progressEvents} / ${v.attempts}`, target: 'all', status: passIf(v.progressEvents === v.participants) },
      { metric: 'Server CPU per storm request (all threads)', measured: fmtMs(serverCpuMs / Math.max(1, totalRequests)), note: `${fmtS(serverCpuMs)} CPU over ${fmtS(storm.stormMs)}; load average after: ${loadAverage()}`, status: 'info' },
      {
        metric: 'Benchmark client (same machine): event-loop delay p99 / max, largest Start dispatch lag, CPU',
        measured: `${fmtMs(storm.clientLoopDelay.p99)} / ${fmtMs(storm.clientLoopDelay.max)}`,
        note: `dispatch lag ${fmtMs(storm.maxStartLagMs)}; client CPU ${fmtS(storm.clientCpuMs)} (kernel ${fmtS(storm.clientSysMs)})`,
        status: 'info',
      },
      { metric: 'Server peak RSS during the quiz phase (sign-ins and storm; VmRSS every 200 ms)', measured: fmtMiB(peak), target: '< 250 MB', status: passIf(peak > 0 && peak < TARGET.rssBytes) },
      { metric: 'Duration: first Start → last submit answered', measured: fmtS(storm.stormMs), note: `whole quiz phase with setup, sign-ins and checks: ${fmtS(performance.now() - started)}`, status: 'info' },
    );
    return { title, rows };
  } catch (err) {
    log(`${kind}: quiz storm FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
    return { title, remark: `❌ The quiz storm failed: ${(err as Error).message.split('\n')[0]}`, rows };
  }
}

/**
 * A scenario's part of BENCHMARKS.md (replaceable on its own by `--only <id>`): the heading, when and
 * how it was measured (with a warning when the run was not the published one), the description, the
 * tables of each database, and how to run it alone.
 */
function scenarioBlock(p: { id: string; title: string; machine: MachineInfo; loneRun: boolean; notPublished: string; description: string[]; sections: Section[]; commands: string[]; afterword: string }): Block {
  const lines = [
    `## ${p.title}`,
    '',
    `Measured ${p.machine.date} (commit ${p.machine.commit}, ${p.machine.cpus} cores, Node ${p.machine.node}) by \`${p.loneRun ? `npm run bench -- --only ${p.id}` : 'npm run bench'}\`${QUICK ? ' — QUICK mode' : ''}${p.notPublished}.`,
    '',
    ...p.description,
    '',
  ];
  for (const sec of p.sections) lines.push(...renderSection(sec, 3));
  lines.push('Run this part alone (the rest of BENCHMARKS.md is kept):', '', '```sh', ...p.commands, '```', '', p.afterword, '');
  return { id: p.id, markdown: lines.join('\n') };
}

/** The quiz storm's part of BENCHMARKS.md (replaceable on its own by `--only quiz`). */
function quizBlock(sections: Section[], machine: MachineInfo, plan: QuizPlan, loneRun: boolean): Block {
  return scenarioBlock({
    id: 'quiz',
    title: 'Quiz-start storm (issue 4)',
    machine,
    loneRun,
    notPublished: `${plan.participants !== QUIZ_PARTICIPANTS ? ` — ⚠️ ${plan.participants} participants instead of ${QUIZ_PARTICIPANTS.toLocaleString('en')}: not the published scenario` : ''}${plan.thinkMinMs !== 3000 || plan.thinkMaxMs !== 9000 || plan.startWindowMs !== 5000 ? ' — ⚠️ think time or start window changed from the published scenario' : ''}`,
    description: [
      `- Scenario: ${plan.participants.toLocaleString('en')} signed-in participants press Start on the same final evaluation, each at a random moment (uniform) of the same ${fmtS(plan.startWindowMs)}. Each answers the ${plan.questions} questions in the order given, thinking ${plan.thinkMinMs / 1000}–${plan.thinkMaxMs / 1000} s (uniform) before each answer, which is autosaved at once (PUT, one at a time per participant, as the page's autosave does). This is faster than people really answer (a 30-minute evaluation of 20 questions gives 90 s each; on the phone most take 20–60 s), so the autosave rate is several times that of a real cohort. About ${Math.round(plan.changeShare * 100)} % of answers are changed once in a review pass after the last question (${plan.reviewMinMs / 1000}–${plan.reviewMaxMs / 1000} s before each change), ${Math.round(plan.reloadShare * 100)} % of participants reload the page once midway (Start again must answer 200 with their answers so far), then ${plan.reviewMinMs / 1000}–${plan.reviewMaxMs / 1000} s on the confirmation and Submit. Each participant answers right with a personal probability of 45–95 % (short answers typed in mixed case and with stray spaces); multiple-choice near misses exercise partial credit.`,
      `- Setup (not measured): a programme with one stage holding the final evaluation (purpose \`final\`, ${plan.questions} questions drawn ${plan.perCategory} from each of 4 categories of a 48-question bank written for the benchmark — single choice, multiple choice with and without partial credit, true/false, short answer —, questions and options shuffled per attempt, ${plan.timeLimitMinutes}-minute limit, 1 attempt, pass mark ${plan.passMark} %), built with the platform repositories in the bench process before the server starts; participants created by \`lentera seed\` and enrolled in its cohort. Every participant signs in through \`POST /api/v1/auth/login\` (${plan.signInConcurrency} at a time; real sessions) and then opens the programme (\`GET /api/v1/enrolments/{id}/outline\`, as the quiz page does before Start is pressed: the personal clock and the monitoring status of the enrolment are set then), not timed with the storm.`,
      `- Client: one undici Pool of ${plan.connections} keep-alive sockets shared by all participants (real phones each hold their own connection; a few hundred sockets is the compromise that keeps the client on the same 2 cores cheap while never making requests queue behind one another for long — a request waiting for a free socket counts in its latency). The sockets are opened before the storm with one \`GET /healthz\` each, not timed: the participants are on the quiz page when they press Start, so their connections are open; in an earlier run with cold sockets, about 180 of the first requests waited some 5 s for their TCP connections to be accepted while the server was busy, which measured connection set-up rather than Start. Requests carry the session cookie, \`Content-Type: application/json\`, \`Origin\`/\`Sec-Fetch-Site: same-origin\` and \`Accept-Encoding: gzip, br\` like the browser. Latency runs from dispatch to the last byte of the body. An error is any status other than 201/200 on Start (200 on reload), 200 on autosave and submit, or any network error; there are no retries.`,
      '- Checked afterwards in the database itself (SQLite opened read-only, PostgreSQL through pg): one attempt per participant, submitted and scored; every acknowledged answer stored as last sent; every question row scored, each score equal to the platform\'s scoring rules re-applied to the stored snapshot and answer; each attempt\'s score equal to the sum of its questions, to what submit answered and to the benchmark\'s own key; `attempt_events` equal to the acknowledged requests; a progress event per finished attempt.',
    ],
    sections,
    commands: [
      'npm run bench -- --only quiz                                     # both databases, 3,400 participants (~5 min each); BENCH_ONLY=sqlite|postgres: one',
      'BENCH_ONLY=sqlite BENCH_QUIZ_PARTICIPANTS=200 npm run bench -- --only quiz   # small, for development',
      '# knobs: BENCH_QUIZ_START_WINDOW_MS=5000 BENCH_QUIZ_THINK_MS=3000-9000 BENCH_QUIZ_CONNECTIONS=256',
      '#        BENCH_QUIZ_CHANGE_SHARE=0.1 BENCH_QUIZ_RELOAD_SHARE=0.03 BENCH_QUIZ_SEED=1; BENCH_QUIZ=0 leaves it out of a full run;',
      '#        BENCH_QUIZ_CPU_PROF=.bench/prof writes a CPU profile of the server; BENCH_WRITE=1 writes this file from a smaller run',
    ],
    afterword:
      'A lone run uses its own databases (`.bench/bench-quiz-sqlite.db`, PostgreSQL `lentera_bench_quiz`) and rewrites this whole part, both tables (with `BENCH_ONLY`, only the database it ran). In a full `npm run bench` the storm runs last in each database section, on a fresh server process over the database seeded for the other scenarios.',
  });
}

/** The programme outline API, progress events and the programme page's weight (rows for the section). */
async function learningScenarios(kind: 'sqlite' | 'postgres', server: { url: string; pid: number }, databaseUrl: string, participants: Participant[], notes: string[], title: string): Promise<Row[]> {
  const rows: Row[] = [];
  const outlineUsers = participants.slice(0, PLAN.outlineParticipants);
  const progressUsers = participants.slice(0, PLAN.progressParticipants);

  // Programme outline.
  const sample = await fetchOutline(server.url, outlineUsers[0]!);
  const activityCount = sample.stages.reduce((n, s) => n + s.activities.length, 0);
  log(`${kind}: GET /api/v1/enrolments/{id}/outline (${sample.stages.length} stages, ${activityCount} activities, ${sample.bytes} bytes of JSON) over ${outlineUsers.length} participants, ${PLAN.outlineConnections} connections, ${PLAN.outlineSeconds} s after ${PLAN.outlineWarmupSeconds} s warm-up…`);
  let outlineCpu = cpuMeter(server.pid);
  const outline = await outlineLoad(server.url, outlineUsers, {
    connections: PLAN.outlineConnections,
    durationS: PLAN.outlineSeconds,
    warmupS: PLAN.outlineWarmupSeconds,
    beforeMeasure: () => (outlineCpu = cpuMeter(server.pid)),
  });
  const outlineCpuMs = outlineCpu.ms();
  log(`${kind}: outline ${outline.requestsPerSecond.toFixed(0)} req/s, p50 ${fmtMs(outline.latency.p50)}, p95 ${fmtMs(outline.latency.p95)}, p99 ${fmtMs(outline.latency.p99)}, non-2xx ${outline.non2xx}, errors ${outline.errors}`);
  const outlineName = `Programme outline GET /api/v1/enrolments/{id}/outline (${outlineUsers.length} participants round-robin, ${PLAN.outlineConnections} connections, ${PLAN.outlineSeconds} s)`;
  rows.push(
    { metric: `${outlineName}: requests/s`, measured: `${outline.requestsPerSecond.toFixed(0)}`, note: `${outline.total.toLocaleString('en')} requests`, target: '≥ 1,000', status: passIf(outline.requestsPerSecond >= TARGET.outlineRps) },
    { metric: `${outlineName}: server CPU per request (all threads)`, measured: fmtMs(outlineCpuMs / Math.max(1, outline.total)), note: `load average after: ${loadAverage()}`, status: 'info' },
    { metric: `${outlineName}: latency p50`, measured: fmtMs(outline.latency.p50), status: 'info' },
    { metric: `${outlineName}: latency p95`, measured: fmtMs(outline.latency.p95), status: 'info' },
    { metric: `${outlineName}: latency p99`, measured: fmtMs(outline.latency.p99), target: '< 50 ms', status: passIf(outline.latency.p99 < TARGET.outlineP99Ms) },
    { metric: `${outlineName}: non-2xx / errors`, measured: `${outline.non2xx} / ${outline.errors + outline.timeouts}`, target: '0', status: passIf(outline.non2xx === 0 && outline.errors === 0 && outline.timeouts === 0) },
  );

  // Progress events.
  const targets = firstStageTargets(sample.stages);
  const storedBefore = await countRows(databaseUrl, 'progress_events');
  log(`${kind}: progress events from ${progressUsers.length} participants to ${targets.length} activities of "${sample.stages[0]!.title}" (${targets.map((a) => a.kind).join(', ')}), ${PLAN.progressConcurrency} in flight, ${PLAN.progressSeconds} s after ${PLAN.progressWarmupSeconds} s warm-up…`);
  let progressCpu = cpuMeter(server.pid);
  const progress = await progressEventsLoad(server.url, progressUsers, targets, {
    concurrency: PLAN.progressConcurrency,
    durationMs: PLAN.progressSeconds * 1000,
    warmupMs: PLAN.progressWarmupSeconds * 1000,
    videoSeconds: BERAKHLAK_VIDEO_SECONDS,
    duplicateEvery: PLAN.progressDuplicateEvery,
    beforeMeasure: () => (progressCpu = cpuMeter(server.pid)),
  });
  const progressCpuMs = progressCpu.ms();
  const stored = (await countRows(databaseUrl, 'progress_events')) - storedBefore;
  const ps = progress.recorder.summary();
  const eventsPerS = progress.newAcked / (progress.wallMs / 1000);
  const requestsPerS = (progress.recorder.count - progress.recorder.errors) / (progress.wallMs / 1000);
  log(`${kind}: progress ${eventsPerS.toFixed(0)} new events/s (${requestsPerS.toFixed(0)} acknowledged POSTs/s with re-sends), p50 ${fmtMs(ps.p50)}, p95 ${fmtMs(ps.p95)}, p99 ${fmtMs(ps.p99)}, outcomes ${progress.outcomes}; acknowledged ${progress.totalNewAcked}, stored ${stored}; re-sent ${progress.resent}, answered duplicate ${progress.resentMarkedDuplicate}${progress.errorSample ? `; first error: ${progress.errorSample}` : ''}`);
  const progressName = `Progress events POST …/activities/{id}/progress (${progressUsers.length} participants, ${PLAN.progressConcurrency} in flight, ${PLAN.progressSeconds} s)`;
  const zeroLost = stored === progress.totalNewAcked && progress.newMarkedDuplicate === 0;
  const duplicatesOnce = progress.resent > 0 && progress.resentAcked === progress.resent && progress.resentMarkedDuplicate === progress.resent && stored === progress.totalNewAcked;
  rows.push(
    {
      metric: `${progressName}: new events acknowledged per second`,
      measured: `${eventsPerS.toFixed(0)}/s`,
      note: `${progress.newAcked.toLocaleString('en')} new events; ${requestsPerS.toFixed(0)} acknowledged POSTs/s including re-sends`,
      target: '≥ 2,000/s',
      status: passIf(eventsPerS >= TARGET.progressEventsPerS),
    },
    { metric: `${progressName}: server CPU per request (all threads)`, measured: fmtMs(progressCpuMs / Math.max(1, progress.recorder.count)), note: `load average after: ${loadAverage()}`, status: 'info' },
    { metric: `${progressName}: latency p50`, measured: fmtMs(ps.p50), status: 'info' },
    { metric: `${progressName}: latency p95`, measured: fmtMs(ps.p95), status: 'info' },
    { metric: `${progressName}: latency p99`, measured: fmtMs(ps.p99), note: `max ${fmtMs(ps.max)}`, status: 'info' },
    { metric: `${progressName}: errors (non-200)`, measured: `${progress.errors}`, note: progress.errors ? `${progress.outcomes}; first: ${progress.errorSample ?? ''}` : undefined, target: '0', status: passIf(progress.errors === 0) },
    {
      metric: `${progressName}: acknowledged (200) vs rows stored in progress_events`,
      measured: `${progress.totalNewAcked.toLocaleString('en')} / ${stored.toLocaleString('en')}`,
      note: `warm-up included; counted in the database directly${progress.newMarkedDuplicate ? `; ${progress.newMarkedDuplicate} new events answered duplicate` : ''}`,
      target: 'equal (0 lost)',
      status: passIf(zeroLost),
    },
    {
      metric: `${progressName}: re-sent events (every ${PLAN.progressDuplicateEvery}th request) answered duplicate, stored once`,
      measured: `${progress.resentMarkedDuplicate.toLocaleString('en')} of ${progress.resent.toLocaleString('en')}`,
      target: 'all, none stored twice',
      status: passIf(duplicatesOnce),
    },
  );
  notes.push(
    `${title}, progress events: each participant's client sends, in order and repeated with fresh event ids, ${progress.script} events over the open activities of the first stage (\`opened\` for ${targets.length - 1} pages/document and the video, \`watched\` 10-s intervals each followed by a \`position\`); all outcomes: ${progress.outcomes}.`,
  );

  // Programme page weight.
  const weight = await programmePageWeight(server.url, outlineUsers[0]!);
  const assetList = weight.assets.map((a) => `${a.path.replace(/\?.*$/, '')} ${a.bodyBytes} B ${a.encoding ?? 'identity'}`).join(', ');
  log(`${kind}: /learn/{id}: HTML ${weight.html.bodyBytes} B (${weight.html.encoding ?? 'identity'}) + headers ${weight.html.headerBytes} B; assets: ${assetList}; first visit ${weight.firstVisitBytes} B, repeat ${weight.repeatVisitBytes} B`);
  const pageName = 'Participant programme page /learn/{id} (`accept-encoding: gzip, br`; bytes received: compressed bodies + response headers)';
  rows.push(
    {
      metric: `${pageName}: first visit (HTML + ${weight.assets.length} linked /static resources)`,
      measured: fmtKB(weight.firstVisitBytes),
      note: `HTML ${weight.html.bodyBytes.toLocaleString('en')} B ${weight.html.encoding ?? 'identity'}; ${assetList}; headers ${(weight.html.headerBytes + weight.assets.reduce((n, a) => n + a.headerBytes, 0)).toLocaleString('en')} B`,
      target: '≤ 60 KB',
      status: passIf(weight.firstVisitBytes <= TARGET.firstVisitBytes),
    },
    {
      metric: `${pageName}: repeat visit (HTML only, assets cached)`,
      measured: fmtKB(weight.repeatVisitBytes),
      note: weight.notImmutable.length ? `not cached as immutable: ${weight.notImmutable.join(', ')}` : 'every asset served `immutable`',
      target: '≤ 15 KB',
      status: passIf(weight.repeatVisitBytes <= TARGET.repeatVisitBytes && weight.notImmutable.length === 0),
    },
  );
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineInfo();
  if (benchNice() !== 0 && !applyNice()) log(`could not set priority ${benchNice()} (BENCH_NICE): running at normal priority`);
  log(`machine: ${machine.cpus} cores, ${machine.memory}, Node ${machine.node}, commit ${machine.commit}${QUICK ? ' (QUICK mode)' : ''}`);
  const notes: string[] = [];
  const sections: Section[] = [];
  const quizSections: Section[] = [];
  if (ONLY_SCENARIO === 'quiz') {
    await quizOnly(machine, started);
    return;
  }
  if (ONLY_SCENARIO === 'agencies') {
    await agenciesOnly(machine, started);
    return;
  }
  if (ONLY_SCENARIO === 'live') {
    await liveOnly(machine, started);
    return;
  }
  if (ONLY_SCENARIO === 'certificates') {
    await certificatesOnly(machine, started);
    return;
  }
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (ONLY && ONLY !== kind) continue;
    try {
      sections.push(await benchDatabase(kind, notes, quizSections));
    } catch (err) {
      log(`${kind}: FAILED: ${(err as Error).stack ?? String(err)}`);
      sections.push({ title: kind, remark: `❌ The benchmark failed: ${(err as Error).message.split('\n')[0]}`, rows: [] });
      process.exitCode = 1;
    }
  }
  const agencySections: Section[] = [];
  if (RUN_AGENCIES) {
    const plan = agenciesPlan();
    agencySections.push(...(await eachDatabase((kind) => agenciesSection(kind, plan))));
  }
  const liveSections: Section[] = [];
  if (RUN_LIVE) {
    const plan = livePlan();
    liveSections.push(...(await eachDatabase((kind) => liveSection(kind, plan))));
  }
  const certSections: Section[] = [];
  if (RUN_CERTIFICATES) {
    const plan = certificatesPlan();
    certSections.push(...(await eachDatabase((kind) => certificatesSection(kind, plan))));
  }
  const totalS = (performance.now() - started) / 1000;
  notes.unshift(
    'Load runs on the same machine as the server (the client competes for the 2 cores); every request comes from 127.0.0.1, so the server runs with `RATE_LIMIT_PER_MINUTE=0` and generous `LOGIN_*` failure limits.',
    'Sign-ins are open-loop (arrivals scheduled in advance, uniform with jitter; latency measured from dispatch to the full response) through an undici 6 Pool; each sign-in verifies an Argon2id hash (m=19 MiB, t=2, p=1) on the libuv thread pool.',
    'The home page is closed-loop (autocannon 9, keep-alive, `accept-encoding: gzip, br` like a browser); percentiles are computed from every recorded response time.',
    `The learning scenarios run after the home page on the same server: ${PLAN.progressParticipants} seeded participants sign in through the API and take their enrolment ids from \`GET /api/v1/me/enrolments\` (the demo programme loaded with \`lentera demo\` before \`lentera seed\`). The outline is closed-loop (autocannon, every request the next of ${PLAN.outlineParticipants} participants' cookie and enrolment). Progress events are closed-loop with ${PLAN.progressConcurrency} requests in flight (undici Pool); the rate counts new events answered 200 in the measured window, latency covers every POST; \`progress_events\` is counted in the database itself (SQLite opened read-only, PostgreSQL through pg) before and after. Page weight counts bytes received (compressed bodies + response headers; 1 KB = 1,000 bytes).`,
    `Whole run: ${totalS.toFixed(0)} s.`,
  );
  if (benchNice() !== 0) notes.unshift(`The benchmark client, the CLI and the server ran at scheduling priority ${benchNice()} (\`BENCH_NICE\`) because other work shared the machine; PostgreSQL's own processes ran at normal priority.`);
  if (QUICK) notes.unshift('⚠️ QUICK mode (BENCH_QUICK=1): shortened phases — these are not publishable numbers.');
  const howToRun = [
    '```sh',
    'npm run bench                 # builds dist/ when needed, then runs bench/run.ts (~8–10 minutes)',
    'BENCH_ONLY=sqlite npm run bench   # one database only (sqlite | postgres)',
    'BENCH_QUICK=1 npm run bench   # shortened phases while working on the benchmark',
    'BENCH_NICE=-10 npm run bench  # raise the priority of the benchmark\'s processes on a shared machine (needs root)',
    'npm run bench -- --only quiz  # only the quiz-start storm (replaces its part of this file); BENCH_QUIZ=0 leaves it out',
    'npm run bench -- --only agencies  # only the agencies scenario (replaces its part of this file); BENCH_AGENCIES=0 leaves it out',
    'npm run bench -- --only live  # only the live-session scenario (replaces its part of this file); BENCH_LIVE=0 leaves it out',
    'npm run bench -- --only certificates  # only the certificates scenario (replaces its part of this file); BENCH_CERTIFICATES=0 leaves it out',
    '```',
    '',
    'PostgreSQL is expected at `postgres://postgres@127.0.0.1/postgres` (override with `BENCH_PG_URL`); the benchmark drops and',
    'recreates the database `lentera_bench` there. SQLite files go to `.bench/` (gitignored). This file is rewritten on every run.',
  ].join('\n');
  const md = renderMarkdown({
    title: 'Lentera benchmarks',
    machine,
    intro: 'Measured by `npm run bench` against the production build (`node dist/cli.js serve`, `NODE_ENV=production`) on freshly seeded databases.',
    sections,
    blocks: [...(RUN_QUIZ ? [quizBlock(quizSections, machine, quizPlan(), false)] : []), ...(RUN_AGENCIES ? [agenciesBlock(agencySections, machine, agenciesPlan(), false)] : []), ...(RUN_LIVE ? [liveBlock(liveSections, machine, livePlan(), false)] : []), ...(RUN_CERTIFICATES ? [certificatesBlock(certSections, machine, certificatesPlan(), false)] : [])],
    howToRun,
    notes,
  });
  writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
  console.log('\n' + renderText([...sections, ...quizSections.map((q) => ({ ...q, title: `Quiz-start storm: ${q.title}` })), ...agencySections.map((a) => ({ ...a, title: `Agencies: ${a.title}` })), ...liveSections.map((l) => ({ ...l, title: `Live session: ${l.title}` })), ...certSections.map((c) => ({ ...c, title: `Certificates: ${c.title}` }))]));
  log(`wrote BENCHMARKS.md (${totalS.toFixed(0)} s in all)`);
  if ([...sections, ...agencySections, ...liveSections, ...certSections].some((s) => s.rows.some((r) => r.status === 'fail'))) log('some targets were missed (see ❌ in BENCHMARKS.md)');
}

/** `--only quiz`: the storm on fresh databases; only the quiz part of BENCHMARKS.md is replaced. */
async function quizOnly(machine: MachineInfo, started: number): Promise<void> {
  const plan = quizPlan();
  const quizSections: Section[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (ONLY && ONLY !== kind) continue;
    try {
      quizSections.push(await benchQuizOnly(kind));
    } catch (err) {
      log(`${kind}: FAILED: ${(err as Error).stack ?? String(err)}`);
      quizSections.push({ title: titleOf(kind), remark: `❌ The benchmark failed: ${(err as Error).message.split('\n')[0]}`, rows: [] });
      process.exitCode = 1;
    }
  }
  console.log('\n' + renderText(quizSections.map((q) => ({ ...q, title: `Quiz-start storm: ${q.title}` }))));
  // Development runs (fewer participants, QUICK) do not replace published numbers unless asked to.
  if ((plan.participants !== QUIZ_PARTICIPANTS || QUICK) && process.env.BENCH_WRITE !== '1') {
    log(`BENCHMARKS.md left as it was (${plan.participants} participants${QUICK ? ', QUICK' : ''}: a development run; BENCH_WRITE=1 writes it anyway)`);
    return;
  }
  writeLonePart(quizBlock(quizSections, machine, plan, true), machine, 'quiz', quizSections, started);
}

// ---------------------------------------------------------------------------------------------
// Agencies and operators (issue 5): XLSX import, monitoring dashboards, streamed CSV export.

const AGENCY_TARGET = { importMs: 15_000, nationalMs: 1000, unitMs: 200, exportMs: 10_000, exportGrowthBytes: 100 * 1024 * 1024 };
const fmtMB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmtN = (n: number): string => n.toLocaleString('en');
const countsText = (c: StatusCounts): string => MONITORING_STATUSES.map((st) => `${st} ${fmtN(c[st])}`).join(', ');
const sameCounts = (a: StatusCounts, b: StatusCounts): boolean => MONITORING_STATUSES.every((st) => a[st] === b[st]);

interface SummaryBody {
  items: { unit: { code: string; name: string } | null; participants: number }[];
  total: { participants: number; counts: StatusCounts; completionRate: number | null };
}

/**
 * The agencies scenario on a fresh database of `kind`: the demo organisation (`lentera demo`), the
 * monitored cohort built in-process, then a fresh server for the dashboards, the export and the
 * imports. Failures become a remark of the section, not a crash.
 */
async function agenciesSection(kind: 'sqlite' | 'postgres', plan: AgenciesPlan): Promise<Section> {
  const title = titleOf(kind);
  const rows: Row[] = [];
  const started = performance.now();
  try {
    rows.push(await machineCheckRow(kind, 'the agencies scenario'));
    const fresh = await freshDatabase(kind, 'bench-agencies');
    if ('skipped' in fresh) return { title, remark: fresh.skipped, rows: [] };
    const databaseUrl = fresh.url;
    log(`${kind}: agencies: fresh database ${databaseUrl}`);
    const demo = await runCli(['demo', '--password', PASSWORD], benchServerEnv(databaseUrl, 0));
    log(`${kind}: agencies: demo organisation and accounts in ${fmtS(demo.ms)}`);

    // 1. The monitored cohort, built in this process before the server starts.
    const ds = await buildMonitoringDataset(databaseUrl, plan, PASSWORD, (line) => log(`${kind}: ${line}`));
    log(`${kind}: agencies: dataset built in ${fmtS(ds.ms.total)}`);
    rows.push({
      metric: `Setup (not a target): ${fmtN(ds.participants)} participants (+ ${fmtN(ds.withdrawn)} withdrawn) enrolled in a programme of ${ACTIVITY_COUNT} activities in ${STAGES.length} stages, with ${fmtN(ds.progressRows)} activity_progress rows`,
      measured: fmtS(ds.ms.total),
      note: `programme, cohort and operator ${fmtS(ds.ms.structure)}; users with their role ${fmtS(ds.ms.users)}; enrolments with the monitoring columns ${fmtS(ds.ms.enrolments)}; activity_progress ${fmtS(ds.ms.progress)} (INSERT … SELECT per 10,000 enrolments${kind === 'postgres' ? ', then ANALYZE' : ''})${ds.skipFkTriggers ? '; enrolments and activity_progress loaded without the foreign-key triggers (session_replication_role = replica, as pg_restore does), their references then checked in one query' : ''}; built in the bench process with the platform repositories and Kysely before the server starts`,
      status: 'info',
    });

    const server = await startServer({ databaseUrl });
    const rss = new RssSampler(server.pid).start();
    log(`${kind}: agencies server pid ${server.pid} on ${server.url}, /healthz after ${fmtMs(server.startupMs)}`);
    let peak = 0;
    try {
      const admin = await sessionOf(server.url, DEMO.admin.login, PASSWORD);
      const operator = await sessionOf(server.url, ds.operator.login, PASSWORD);
      const ntt = await sessionOf(server.url, DEMO.operator.login, PASSWORD);
      const cohort = ds.cohortId;
      const opts = { warmups: plan.warmups, repeats: plan.repeats };
      const loadBefore = loadAverage();
      const cpu = cpuMeter(server.pid);

      // 2. Dashboards.
      const national = await repeatedGet(server.url, `/admin/monitoring?cohortId=${cohort}`, admin, opts);
      log(`${kind}: national dashboard: p50 ${fmtMs(national.latency.p50)}, max ${fmtMs(national.latency.max)} (${national.last.bytes} B ${national.last.encoding ?? 'identity'})`);
      const provinces = await repeatedGet(server.url, `/admin/monitoring?cohortId=${cohort}&unit=${DEMO.setjen.code}`, admin, opts);
      log(`${kind}: national dashboard by province: p50 ${fmtMs(provinces.latency.p50)}, max ${fmtMs(provinces.latency.max)}`);
      const summary = await repeatedGet(server.url, `/api/v1/cohorts/${cohort}/summary`, admin, { ...opts, accept: 'application/json' });
      const summaryBody = JSON.parse(summary.last.text) as SummaryBody;
      log(`${kind}: HR summary: p50 ${fmtMs(summary.latency.p50)}, max ${fmtMs(summary.latency.max)}; total ${summaryBody.total.participants}`);
      const unit = await repeatedGet(server.url, `/admin/monitoring?cohortId=${cohort}`, operator, opts);
      log(`${kind}: unit operator dashboard (${ds.operator.unitName}): p50 ${fmtMs(unit.latency.p50)}, max ${fmtMs(unit.latency.max)}`);
      const behind = await repeatedGet(server.url, `/admin/monitoring/behind?cohortId=${cohort}`, operator, opts);
      log(`${kind}: unit operator "who is behind": p50 ${fmtMs(behind.latency.p50)}, max ${fmtMs(behind.latency.max)}`);
      const unitSummary = await timedGet(server.url, `/api/v1/cohorts/${cohort}/summary`, operator, 'application/json');
      if (unitSummary.status !== 200) throw new Error(`the operator's summary answered ${unitSummary.status}: ${unitSummary.text.slice(0, 300)}`);
      const unitBody = JSON.parse(unitSummary.text) as SummaryBody;
      const now = new Date();
      const expected = expectedCounts(ds, now);
      const expectedUnit = expectedCounts(ds, now, ds.operator.unitCode);
      const unitParticipants = ds.perUnitCode.get(ds.operator.unitCode) ?? 0;
      const dashboardCpuMs = cpu.ms();
      const dashboardRequests = 5 * (plan.warmups + plan.repeats) + 1;

      const latencyRow = (metric: string, r: typeof national, limitMs: number, limitText: string): Row => ({
        metric,
        measured: `p50 ${fmtMs(r.latency.p50)}, max ${fmtMs(r.latency.max)}`,
        note: `${plan.repeats} requests after ${plan.warmups} warm-up, one at a time; ${fmtN(r.last.bytes)} B ${r.last.encoding ?? 'identity'}`,
        target: `${limitText} (max)`,
        status: passIf(r.latency.max < limitMs),
      });
      rows.push(
        latencyRow(`National dashboard page GET /admin/monitoring?cohortId=… (platform admin, the whole cohort of ${fmtN(ds.participants)})`, national, AGENCY_TARGET.nationalMs, '< 1 s'),
        latencyRow(`National dashboard by province GET /admin/monitoring?cohortId=…&unit=${DEMO.setjen.code} (platform admin: ${PROVINCES_COUNT} provincial offices + Setjen)`, provinces, AGENCY_TARGET.nationalMs, '< 1 s'),
        latencyRow('HR API GET /api/v1/cohorts/{id}/summary (platform admin, the whole cohort)', summary, AGENCY_TARGET.nationalMs, '< 1 s'),
        latencyRow(`Unit operator's dashboard page GET /admin/monitoring?cohortId=… (operator of ${ds.operator.unitName}: ${fmtN(unitParticipants)} participants)`, unit, AGENCY_TARGET.unitMs, '< 200 ms'),
        {
          metric: `Unit operator's "who is behind" page GET /admin/monitoring/behind?cohortId=… (${ds.operator.unitName})`,
          measured: `p50 ${fmtMs(behind.latency.p50)}, max ${fmtMs(behind.latency.max)}`,
          note: `${fmtN(expectedUnit.behind)} behind; first page of 50`,
          status: 'info',
        },
        {
          metric: 'Dashboard numbers: HR summary totals (admin) = the dataset\'s statuses today in each zone',
          measured: countsText(summaryBody.total.counts),
          note: sameCounts(summaryBody.total.counts, expected) ? `participants ${fmtN(summaryBody.total.participants)}` : `expected ${countsText(expected)}`,
          target: 'equal',
          status: passIf(summaryBody.total.participants === ds.participants && sameCounts(summaryBody.total.counts, expected)),
        },
        {
          metric: `Scope: the operator's HR summary counts only ${ds.operator.unitName}`,
          measured: `${fmtN(unitBody.total.participants)} participants`,
          note: sameCounts(unitBody.total.counts, expectedUnit) ? countsText(unitBody.total.counts) : `expected ${countsText(expectedUnit)}, got ${countsText(unitBody.total.counts)}`,
          target: fmtN(unitParticipants),
          status: passIf(unitBody.total.participants === unitParticipants && sameCounts(unitBody.total.counts, expectedUnit)),
        },
        { metric: 'Server CPU per dashboard request (all threads, the requests above)', measured: fmtMs(dashboardCpuMs / dashboardRequests), note: `load average before: ${loadBefore}; after: ${loadAverage()}`, status: 'info' },
      );

      // 3. The streamed CSV export of every participant of the cohort.
      const exportPath = `/admin/monitoring/participants/export?cohortId=${cohort}&format=csv`;
      const exports: ExportRun[] = [];
      if (plan.warmups > 0) {
        const w = await exportRun(server.url, exportPath, admin, server.pid);
        log(`${kind}: export warm-up (not counted): ${w.status}, ${fmtS(w.ms)}, RSS ${fmtMB(w.rssBeforeBytes)} → peak ${fmtMB(w.rssPeakBytes)}`);
      }
      for (let i = 0; i < plan.exportRuns; i++) {
        const e = await exportRun(server.url, exportPath, admin, server.pid);
        log(`${kind}: export ${i + 1}: ${e.status}, ${fmtS(e.ms)} (first byte ${fmtMs(e.ttfbMs)}), ${fmtN(e.lines)} lines, ${fmtMB(e.bytes)} (${fmtMB(e.wireBytes)} ${e.encoding ?? 'identity'} on the wire), RSS ${fmtMB(e.rssBeforeBytes)} → peak ${fmtMB(e.rssPeakBytes)}`);
        if (e.status !== 200) throw new Error(`GET ${exportPath} answered ${e.status}`);
        exports.push(e);
      }
      const exportTimes = summarize(exports.map((e) => e.ms));
      const growth = Math.max(...exports.map((e) => e.rssPeakBytes - e.rssBeforeBytes));
      const lastExport = exports[exports.length - 1]!;
      const exportName = `Export of the cohort's participants to CSV GET /admin/monitoring/participants/export?format=csv (platform admin, ${fmtN(ds.participants)} rows)`;
      rows.push(
        { metric: `${exportName}: time to the last byte`, measured: `p50 ${fmtS(exportTimes.p50)}, max ${fmtS(exportTimes.max)}`, note: `${exports.length} downloads after ${plan.warmups > 0 ? 'one' : 'no'} warm-up; load average after: ${loadAverage()}; first byte after ${fmtMs(summarize(exports.map((e) => e.ttfbMs)).p50)} (p50); ${fmtMB(lastExport.bytes)} of CSV, ${fmtMB(lastExport.wireBytes)} ${lastExport.encoding ?? 'identity'} on the wire (\`accept-encoding: gzip, deflate, br\`)`, target: '< 10 s (max)', status: passIf(exportTimes.max < AGENCY_TARGET.exportMs) },
        { metric: `${exportName}: server memory growth (peak RSS during − RSS before, VmRSS every 50 ms)`, measured: fmtMB(growth), note: exports.map((e) => `${fmtMB(e.rssBeforeBytes)} → ${fmtMB(e.rssPeakBytes)}`).join('; '), target: '< 100 MB', status: passIf(growth < AGENCY_TARGET.exportGrowthBytes) },
        { metric: `${exportName}: rows (lines after the header), UTF-8 BOM`, measured: `${fmtN(lastExport.lines - 1)}${lastExport.bom ? ', BOM' : ', no BOM'}`, note: `header: ${lastExport.header.slice(0, 120)}`, target: fmtN(ds.participants), status: passIf(exports.every((e) => e.lines - 1 === ds.participants && e.bom)) },
      );

      // 4. Imports by the NTT operator into the demo cohort, each a new file of new people.
      const regencyCodes = NTT_REGENCIES.map((r) => r.code);
      const csrf = await csrfOf(server.url, '/admin/participants/import', ntt);
      const runs: ImportRun[] = [];
      if (plan.warmups > 0) {
        // A small import first (not counted), so the measured runs find the code paths warm.
        const w = await importRun(server.url, ntt, csrf, await importWorkbook(4_000_000, 100, regencyCodes, 50_000, plan.seed), ds.demoCohort.id);
        log(`${kind}: import warm-up of 100 rows (not counted): ${fmtS(w.totalMs)}`);
      }
      let firstFile: Awaited<ReturnType<typeof importWorkbook>> | null = null;
      const verified = { users: 0, enrolled: 0, codes: 0, participants: 0 };
      for (let r = 0; r < plan.importRuns; r++) {
        const file = await importWorkbook(5_000_000 + r * plan.importRows, plan.importRows, regencyCodes, 2 + r * plan.importRows, plan.seed);
        firstFile ??= file;
        const run = await importRun(server.url, ntt, csrf, file, ds.demoCohort.id);
        const v = await verifyImport(databaseUrl, file.nips, ds.demoCohort.id);
        for (const k of Object.keys(verified) as (keyof typeof verified)[]) verified[k] += v[k];
        log(`${kind}: import ${r + 1}: ${fmtN(file.rows)} rows (${fmtN(file.bytes)} B XLSX written in ${fmtMs(file.ms)}): dry run ${fmtS(run.dryRunMs)}, apply request ${fmtS(run.applyRequestMs)}, job queued ${fmtMs(run.queueMs)} + ran ${fmtS(run.workMs)}; dry run + apply ${fmtS(run.totalMs)}; database: ${v.users} users, ${v.enrolled} enrolled, ${v.codes} activation codes`);
        runs.push(run);
      }
      const again = await dryRunOnly(server.url, ntt, csrf, firstFile!, ds.demoCohort.id);
      log(`${kind}: re-upload of the first file (dry run, ${fmtS(again.ms)}): ${JSON.stringify(again.report.totals)}`);
      const total = summarize(runs.map((r) => r.totalMs));
      const med = (xs: number[]) => summarize(xs).p50;
      const expectedImported = plan.importRows * plan.importRuns;
      const importName = `Import of a ${fmtN(plan.importRows)}-row XLSX (${fmtN(Math.round(firstFile!.bytes / 1000))} KB) by the NTT operator: dry run + apply as a \`participants.import\` job until it succeeded`;
      rows.push(
        { metric: `${importName}`, measured: `p50 ${fmtS(total.p50)}, max ${fmtS(total.max)}`, note: `${runs.length} runs after ${plan.warmups > 0 ? 'a 100-row warm-up import' : 'no warm-up'}, each a new file of new people: ${runs.map((r) => fmtS(r.totalMs)).join(', ')}; load average after: ${loadAverage()}`, target: '< 15 s (max)', status: passIf(total.max < AGENCY_TARGET.importMs) },
        {
          metric: `${importName}: the parts (p50)`,
          measured: `dry run ${fmtS(med(runs.map((r) => r.dryRunMs)))} + apply ${fmtS(med(runs.map((r) => r.applyMs)))}`,
          note: `apply = POST ?apply=1 (checks the file again, keeps it, queues the job) ${fmtS(med(runs.map((r) => r.applyRequestMs)))}, job waiting for the worker's poll ${fmtMs(med(runs.map((r) => r.queueMs)))}, job running ${fmtS(med(runs.map((r) => r.workMs)))} (server timestamps); GET /api/v1/jobs/{id} polled every 100 ms`,
          status: 'info',
        },
        {
          metric: 'Import: in the database, users / enrolled in the demo cohort / with an activation code (keyed hash) / with the participant role',
          measured: `${fmtN(verified.users)} / ${fmtN(verified.enrolled)} / ${fmtN(verified.codes)} / ${fmtN(verified.participants)}`,
          note: `job results: ${runs.map((r) => `${fmtN(r.job.result?.codes ?? 0)} codes`).join(', ')}`,
          target: `${fmtN(expectedImported)} each`,
          status: passIf(verified.users === expectedImported && verified.enrolled === expectedImported && verified.codes === expectedImported && verified.participants === expectedImported && runs.every((r) => r.job.result?.codes === plan.importRows)),
        },
        {
          metric: 'Import: the first file uploaded again (dry run) changes nothing',
          measured: `new ${again.report.totals.new}, updated ${again.report.totals.updated}, unchanged ${fmtN(again.report.totals.unchanged)}, enrolled ${again.report.totals.enrolled}`,
          note: `${fmtS(again.ms)}`,
          target: `unchanged ${fmtN(plan.importRows)}`,
          status: passIf(again.report.valid && again.report.totals.new === 0 && again.report.totals.updated === 0 && again.report.totals.enrolled === 0 && again.report.totals.unchanged === plan.importRows),
        },
      );
    } finally {
      peak = rss.stop();
      await server.stop();
    }
    rows.push(
      { metric: 'Server peak RSS during the agencies scenario (VmRSS every 200 ms)', measured: fmtMiB(peak), status: 'info' },
      { metric: 'Duration of the whole agencies section (setup, measurements, checks)', measured: fmtS(performance.now() - started), note: `load average after: ${loadAverage()}`, status: 'info' },
    );
    return { title, rows };
  } catch (err) {
    log(`${kind}: agencies FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
    return { title, remark: `❌ The agencies scenario failed: ${(err as Error).message.split('\n')[0]}`, rows };
  }
}

const PROVINCES_COUNT = 38;

/** The agencies scenario's part of BENCHMARKS.md (replaceable on its own by `--only agencies`). */
function agenciesBlock(sections: Section[], machine: MachineInfo, plan: AgenciesPlan, loneRun: boolean): Block {
  const sizeFlag = isPublishedSize(plan) ? '' : ` — ⚠️ ${fmtN(plan.participants)} participants and ${fmtN(plan.importRows)}-row imports instead of ${fmtN(AGENCIES_PARTICIPANTS)} and ${fmtN(AGENCIES_IMPORT_ROWS)}: not the published scenario`;
  return scenarioBlock({
    id: 'agencies',
    title: 'Agencies: import, monitoring dashboards and export (issue 5)',
    machine,
    loneRun,
    notPublished: sizeFlag,
    description: [
      `- Dataset (setup, its time in the tables): on a fresh database with the demo organisation (\`lentera demo\`: KPU → Setjen → 38 provincial offices → NTT's 22 regency offices), built in the bench process with the platform's repositories and Kysely before the server starts: a programme of ${ACTIVITY_COUNT} activities in ${STAGES.length} sequential stages of 6 (target days ${STAGES.map((st) => st.targetDay).join(', ')}; 29 pages and the final evaluation), a cohort whose start-by date was 6 days ago with a 30-day window, and ${fmtN(plan.participants)} synthetic participants (deterministic Indonesian names and NI PPPK, \`src/domain/synthetic.ts\`) spread over the units as \`lentera seed\` does (Setjen 60 : each province 12 : each NTT regency 4), each with the participant role and an enrolment, plus ${(plan.withdrawnShare * 100).toFixed(1)} % withdrawn enrolments on top (never counted). The monitoring columns follow the day clock: 6 % never signed in (day 1 = the start-by date), the others started 0–12 days before it; 4 % failed the final evaluation (29 activities done), 24 % passed and 6 % certified (30 done), the rest in progress — 60 % of them with the first incomplete stage due today or later, 40 % behind (its target day passed in their zone) — with \`progress\`, \`due_on\`, \`zone\` (from the unit's province: WIB/WITA/WIT), first sign-in and last activity set accordingly. \`activity_progress\` holds a row for every activity each participant completed (and the failed final evaluation), generated by the database (one INSERT … SELECT per 10,000 enrolments; the count is in the tables) — participants who never signed in or are early in the programme have few or none, as in a real cohort mid-way; \`progress_events\` are not generated (no dashboard reads them).`,
      `- Dashboards: measured one request at a time through the production server, each ${plan.repeats} times after ${plan.warmups} warm-up${plan.warmups === 1 ? '' : 's'} (p50 and max; the target applies to the max), as a browser asks (session cookie, \`accept-encoding: gzip, deflate, br\`), time from dispatch to the last byte: the platform admin's national page (rows = the agencies), the same drilled to Setjen (rows = the 38 provincial offices + Setjen's own), the HR summary API for the whole cohort, the operator of one regency (${plan.operatorUnitCode}) on the dashboard page and the "who is behind" page. The status counts the server reports are compared with the dataset (today's local date in each zone), and the regency operator's summary must count exactly that regency's participants.`,
      `- Export: the participants table of the whole cohort as CSV (\`/admin/monitoring/participants/export?format=csv\`, streamed in keyset batches), downloaded ${plan.exportRuns} times after one warm-up download by the platform admin with \`accept-encoding: gzip, deflate, br\` (the server answers brotli: its first compressed bytes leave only once the compressor's window fills, so the first byte comes late although the CSV is streamed — without compression it arrives within tens of ms), counting lines as they arrive (never holding the file); the server's VmRSS is read before each download (after 0.5 s idle) and every 50 ms during it; the growth is the largest peak − before.`,
      `- Import: the NTT provincial operator (\`operator.ntt\`, scope NTT and its regencies) uploads an XLSX written with exceljs in the template's layout (NIP/NIK/phone/unit code as text): ${fmtN(plan.importRows)} new participants in NTT's 22 regency offices with Indonesian names (some with degrees), NI PPPK, email (92 %), phone in the forms people type (0812…, +62 812-…, 62812…, some empty), NIK (85 %, stored encrypted), PPPK, gelombang/angkatan of the demo cohort and NDH — through \`POST /api/v1/participants/import\` (multipart, session cookie + CSRF token from the import page): the dry run, then \`?apply=1\` (202 with a \`participants.import\` job), then \`GET /api/v1/jobs/{id}\` every 100 ms until it succeeded; the time counts from sending the dry run to seeing the job succeeded (the job worker polls the queue every second, so up to 1 s of waiting is included). After a 100-row warm-up import, ${plan.importRuns} runs, each a new file of new people into the demo cohort (so the later runs meet a fuller database); then the users, their enrolments, activation codes and participant roles are counted in the database itself, and the first file is uploaded again as a dry run, which must change nothing.`,
      '- The client runs on the same machine as the server and the database (2 cores shared); each table starts with the load average and an Argon2id calibration, and the dashboard row gives the load average before and after.',
    ],
    sections,
    commands: [
      'npm run bench -- --only agencies                  # both databases, the published sizes; BENCH_ONLY=sqlite|postgres: one',
      'BENCH_ONLY=sqlite BENCH_AGENCIES_PARTICIPANTS=2000 BENCH_AGENCIES_IMPORT_ROWS=1000 npm run bench -- --only agencies   # small, for development',
      '# knobs: BENCH_AGENCIES_IMPORT_RUNS=3 BENCH_AGENCIES_REPEATS=5 BENCH_AGENCIES_WARMUPS=2 BENCH_AGENCIES_EXPORT_RUNS=3',
      '#        BENCH_AGENCIES_OPERATOR_UNIT=5310 BENCH_AGENCIES_SEED=1; BENCH_AGENCIES=0 leaves it out of a full run;',
      '#        BENCH_WRITE=1 writes this part from a smaller run',
    ],
    afterword:
      'A lone run uses its own databases (`.bench/bench-agencies-sqlite.db`, PostgreSQL `lentera_bench_agencies`) and rewrites this whole part (with `BENCH_ONLY`, only the database it ran). A full `npm run bench` runs it after the other sections, on the same databases of its own.',
  });
}

/** `--only agencies`: the scenario on fresh databases; only its part of BENCHMARKS.md is replaced. */
async function agenciesOnly(machine: MachineInfo, started: number): Promise<void> {
  const plan = agenciesPlan();
  log(`agencies: ${fmtN(plan.participants)} participants, ${plan.importRuns} imports of ${fmtN(plan.importRows)} rows, ${plan.repeats} measured requests per dashboard, ${plan.exportRuns} exports`);
  const sections = await eachDatabase((kind) => agenciesSection(kind, plan));
  console.log('\n' + renderText(sections.map((a) => ({ ...a, title: `Agencies: ${a.title}` }))));
  if ((!isPublishedSize(plan) || QUICK) && process.env.BENCH_WRITE !== '1') {
    log(`BENCHMARKS.md left as it was (${fmtN(plan.participants)} participants, ${fmtN(plan.importRows)}-row imports${QUICK ? ', QUICK' : ''}: a development run; BENCH_WRITE=1 writes it anyway)`);
    return;
  }
  writeLonePart(agenciesBlock(sections, machine, plan, true), machine, 'agencies', sections, started);
}

/** Runs a scenario on each database that BENCH_ONLY allows, one after the other. */
async function eachDatabase(run: (kind: 'sqlite' | 'postgres') => Promise<Section>): Promise<Section[]> {
  const out: Section[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) if (!ONLY || ONLY === kind) out.push(await run(kind));
  return out;
}

/** Writes one scenario's part of BENCHMARKS.md after a lone `--only` run (the rest of the file is kept). */
function writeLonePart(block: Block, machine: MachineInfo, label: string, sections: Section[], started: number): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const md = existsSync(file)
    ? spliceBlock(readFileSync(file, 'utf8'), block)
    : renderMarkdown({ title: 'Lentera benchmarks', machine, intro: 'Measured by `npm run bench` against the production build (`node dist/cli.js serve`, `NODE_ENV=production`) on freshly seeded databases.', sections: [], blocks: [block], howToRun: '```sh\nnpm run bench\n```' });
  writeFileSync(file, md);
  log(`wrote the ${label} part of BENCHMARKS.md (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  if (sections.some((sec) => sec.rows.some((r) => r.status === 'fail'))) log('some targets were missed (see ❌ in BENCHMARKS.md)');
}

/**
 * A scenario on a fresh database of its own with `participants` seeded by `lentera seed`, after the
 * machine check; a failure becomes the section's remark (and the exit code).
 */
async function seededSection(kind: 'sqlite' | 'postgres', what: string, dbName: string, participants: number, run: (url: string, rows: Row[]) => Promise<void>): Promise<Section> {
  const title = titleOf(kind);
  const rows: Row[] = [];
  try {
    rows.push(await machineCheckRow(kind, `the ${what} scenario`));
    const fresh = await freshDatabase(kind, dbName);
    if ('skipped' in fresh) return { title, remark: fresh.skipped, rows: [] };
    log(`${kind}: fresh database ${fresh.url}`);
    const seed = await runCli(['seed', '--participants', String(participants), '--password', PASSWORD], benchServerEnv(fresh.url, 0));
    log(`${kind}: seed ${participants}: ${fmtS(seed.ms)} — ${seed.stdout}`);
    await run(fresh.url, rows);
    return { title, rows };
  } catch (err) {
    log(`${kind}: ${what} scenario FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
    return { title, remark: `❌ The ${what} scenario failed: ${(err as Error).message.split('\n')[0]}`, rows };
  }
}

// ---------------------------------------------------------------------------------------------
// Live sessions (issue 6): the join storm and the Zoom report import (bench/scenarios/live.ts).

/** The live-session scenario on a fresh database of its own; failures become a remark of the section. */
async function liveSection(kind: 'sqlite' | 'postgres', plan: LivePlan): Promise<Section> {
  return seededSection(kind, 'live-session', 'bench-live', plan.participants, (url, rows) => liveScenario(kind, url, plan, rows, { password: PASSWORD, log }));
}

/** The live-session scenario's part of BENCHMARKS.md (replaceable on its own by `--only live`). */
function liveBlock(sections: Section[], machine: MachineInfo, plan: LivePlan, loneRun: boolean): Block {
  const sizeFlag = isPublishedLiveSize(plan) ? '' : ` — ⚠️ ${fmtN(plan.participants)} participants${plan.windowMs !== 5000 ? `, a ${fmtS(plan.windowMs)} window` : ''}${plan.thinkMaxMs > 0 ? ', time on the page before Join' : ''} instead of ${fmtN(LIVE_PARTICIPANTS)} within 5 s: not the published scenario`;
  return scenarioBlock({
    id: 'live',
    title: 'Live session: join storm and Zoom report import (issue 6)',
    machine,
    loneRun,
    notPublished: sizeFlag,
    description: liveDescription(plan),
    sections,
    commands: [
      'npm run bench -- --only live                                     # both databases, 3,400 participants; BENCH_ONLY=sqlite|postgres: one',
      'BENCH_ONLY=sqlite BENCH_LIVE_PARTICIPANTS=200 npm run bench -- --only live   # small, for development',
      '# knobs: BENCH_LIVE_WINDOW_MS=5000 BENCH_LIVE_THINK_MS=0-0 BENCH_LIVE_CONNECTIONS=256 BENCH_LIVE_SEED=1; BENCH_LIVE_CPU_PROF=.bench/prof writes a CPU profile of the server;',
      '#        BENCH_LIVE=0 leaves it out of a full run; BENCH_WRITE=1 writes this part from a smaller run',
    ],
    afterword:
      'A lone run uses its own databases (`.bench/bench-live-sqlite.db`, PostgreSQL `lentera_bench_live`) and rewrites this whole part (with `BENCH_ONLY`, only the database it ran). A full `npm run bench` runs it last, on fresh databases of its own.',
  });
}

/** `--only live`: the scenario on fresh databases; only its part of BENCHMARKS.md is replaced. */
async function liveOnly(machine: MachineInfo, started: number): Promise<void> {
  const plan = livePlan();
  log(`live: ${fmtN(plan.participants)} participants within ${fmtS(plan.windowMs)}, then the Zoom report import`);
  const sections = await eachDatabase((kind) => liveSection(kind, plan));
  console.log('\n' + renderText(sections.map((l) => ({ ...l, title: `Live session: ${l.title}` }))));
  // Development runs (fewer participants, QUICK) do not replace published numbers unless asked to.
  if ((!isPublishedLiveSize(plan) || QUICK) && process.env.BENCH_WRITE !== '1') {
    log(`BENCHMARKS.md left as it was (${fmtN(plan.participants)} participants${QUICK ? ', QUICK' : ''}: a development run; BENCH_WRITE=1 writes it anyway)`);
    return;
  }
  writeLonePart(liveBlock(sections, machine, plan, true), machine, 'live-session', sections, started);
}

// ---------------------------------------------------------------------------------------------
// Certificates (issue 7): the batch of signed PDF certificates and the verification page (bench/scenarios/certificates.ts).

/** The certificates scenario on a fresh database of its own; failures become a remark of the section. */
async function certificatesSection(kind: 'sqlite' | 'postgres', plan: CertificatesPlan): Promise<Section> {
  return seededSection(kind, 'certificates', 'bench-certificates', plan.participants, (url, rows) => certificatesScenario(kind, url, plan, rows, { password: PASSWORD, log }));
}

/** The certificates scenario's part of BENCHMARKS.md (replaceable on its own by `--only certificates`). */
function certificatesBlock(sections: Section[], machine: MachineInfo, plan: CertificatesPlan, loneRun: boolean): Block {
  const sizeFlag = isPublishedCertSize(plan) ? '' : ` — ⚠️ ${fmtN(plan.participants)} participants${plan.verifySeconds !== 15 || plan.verifyWarmupSeconds !== 3 ? `, ${plan.verifySeconds} s of verification load after ${plan.verifyWarmupSeconds} s` : ''} instead of ${fmtN(CERT_PARTICIPANTS)} and 15 s after 3 s: not the published scenario`;
  return scenarioBlock({
    id: 'certificates',
    title: 'Certificates: batch issue of signed PDFs and the verification page (issue 7)',
    machine,
    loneRun,
    notPublished: sizeFlag,
    description: certificatesDescription(plan),
    sections,
    commands: [
      'npm run bench -- --only certificates                                      # both databases, 3,400 participants; BENCH_ONLY=sqlite|postgres: one',
      'BENCH_ONLY=sqlite BENCH_CERT_PARTICIPANTS=150 npm run bench -- --only certificates   # small, for development',
      '# knobs: BENCH_CERT_VERIFY_CONNECTIONS=10 BENCH_CERT_VERIFY_SECONDS=15 BENCH_CERT_VERIFY_WARMUP_SECONDS=3 BENCH_CERT_PDFSIG=5',
      '#        BENCH_CERT_SEED=1; BENCH_CERTIFICATES=0 leaves it out of a full run; BENCH_WRITE=1 writes this part from a smaller run',
    ],
    afterword:
      'A lone run uses its own databases (`.bench/bench-certificates-sqlite.db`, PostgreSQL `lentera_bench_certificates`) and files (`.bench/bench-certificates-<kind>-files/`, emptied at the start of each run) and rewrites this whole part (with `BENCH_ONLY`, only the database it ran). A full `npm run bench` runs it last, on fresh databases of its own.',
  });
}

/** `--only certificates`: the scenario on fresh databases; only its part of BENCHMARKS.md is replaced. */
async function certificatesOnly(machine: MachineInfo, started: number): Promise<void> {
  const plan = certificatesPlan();
  log(`certificates: ${fmtN(plan.participants)} participants, one batch, then ${plan.verifySeconds} s of verification load`);
  const sections = await eachDatabase((kind) => certificatesSection(kind, plan));
  console.log('\n' + renderText(sections.map((c) => ({ ...c, title: `Certificates: ${c.title}` }))));
  // Development runs (fewer participants, QUICK) do not replace published numbers unless asked to.
  if ((!isPublishedCertSize(plan) || QUICK) && process.env.BENCH_WRITE !== '1') {
    log(`BENCHMARKS.md left as it was (${fmtN(plan.participants)} participants${QUICK ? ', QUICK' : ''}: a development run; BENCH_WRITE=1 writes it anyway)`);
    return;
  }
  writeLonePart(certificatesBlock(sections, machine, plan, true), machine, 'certificates', sections, started);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
