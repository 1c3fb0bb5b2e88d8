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
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { countRows, freshPostgres, freshSqlite, removeSqlite } from './lib/databases.js';
import { machineInfo, passIf, renderMarkdown, renderSection, renderText, spliceBlock, type Block, type MachineInfo, type Row, type Section } from './lib/markdown.js';
import { applyNice, argon2VerifyMs, benchNice, cpuMeter, loadAverage } from './lib/proc.js';
import { RssSampler, fmtMiB } from './lib/rss.js';
import { ROOT, benchServerEnv, runCli, startServer } from './lib/server.js';
import { fmtMs, fmtS } from './lib/stats.js';
import { checkHomePage, homePageLoad } from './scenarios/home.js';
import { fetchOutline, firstStageTargets, outlineLoad, programmePageWeight, progressEventsLoad, signInParticipants } from './scenarios/learning.js';
import { BERAKHLAK_VIDEO_SECONDS } from '../src/services/demo-content.js';
import { findSustainedRate, loginPool, seededNips, signIn, signInStorm, type RateStep } from './scenarios/signin.js';
import type { Participant } from './scenarios/learning.js';
import { QUIZ_PARTICIPANTS, quizPlan, quizStorm, setupQuizProgramme, signInQuizParticipants, verifyQuizStorm, type QuizPlan } from './scenarios/quiz.js';

const QUICK = process.env.BENCH_QUICK === '1';
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1/postgres';
const ONLY = process.env.BENCH_ONLY;
const SCENARIOS = ['quiz'] as const;
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
      { metric: `Setup: ${n.toLocaleString('en')} participants signed in through POST /api/v1/auth/login (${plan.signInConcurrency} at a time)`, measured: fmtS(signInMs), note: 'real sessions, one Argon2id verify each; not part of the storm', status: 'info' },
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

/** The quiz storm's part of BENCHMARKS.md (replaceable on its own by `--only quiz`). */
function quizBlock(sections: Section[], machine: MachineInfo, plan: QuizPlan, loneRun: boolean): Block {
  const lines = [
    '## Quiz-start storm (issue 4)',
    '',
    `Measured ${machine.date} (commit ${machine.commit}, ${machine.cpus} cores, Node ${machine.node}) by \`${loneRun ? 'npm run bench -- --only quiz' : 'npm run bench'}\`${QUICK ? ' — QUICK mode' : ''}${plan.participants !== QUIZ_PARTICIPANTS ? ` — ⚠️ ${plan.participants} participants instead of ${QUIZ_PARTICIPANTS.toLocaleString('en')}: not the published scenario` : ''}${plan.thinkMinMs !== 3000 || plan.thinkMaxMs !== 9000 || plan.startWindowMs !== 5000 ? ' — ⚠️ think time or start window changed from the published scenario' : ''}.`,
    '',
    `- Scenario: ${plan.participants.toLocaleString('en')} signed-in participants press Start on the same final evaluation, each at a random moment (uniform) of the same ${fmtS(plan.startWindowMs)}. Each answers the ${plan.questions} questions in the order given, thinking ${plan.thinkMinMs / 1000}–${plan.thinkMaxMs / 1000} s (uniform) before each answer, which is autosaved at once (PUT, one at a time per participant, as the page's autosave does). This is faster than people really answer (a 30-minute evaluation of 20 questions gives 90 s each; on the phone most take 20–60 s), so the autosave rate is several times that of a real cohort. About ${Math.round(plan.changeShare * 100)} % of answers are changed once in a review pass after the last question (${plan.reviewMinMs / 1000}–${plan.reviewMaxMs / 1000} s before each change), ${Math.round(plan.reloadShare * 100)} % of participants reload the page once midway (Start again must answer 200 with their answers so far), then ${plan.reviewMinMs / 1000}–${plan.reviewMaxMs / 1000} s on the confirmation and Submit. Each participant answers right with a personal probability of 45–95 % (short answers typed in mixed case and with stray spaces); multiple-choice near misses exercise partial credit.`,
    `- Setup (not measured): a programme with one stage holding the final evaluation (purpose \`final\`, ${plan.questions} questions drawn ${plan.perCategory} from each of 4 categories of a 48-question bank written for the benchmark — single choice, multiple choice with and without partial credit, true/false, short answer —, questions and options shuffled per attempt, ${plan.timeLimitMinutes}-minute limit, 1 attempt, pass mark ${plan.passMark} %), built with the platform repositories in the bench process before the server starts; participants created by \`lentera seed\` and enrolled in its cohort. Every participant signs in through \`POST /api/v1/auth/login\` (${plan.signInConcurrency} at a time; real sessions), not timed with the storm.`,
    `- Client: one undici Pool of ${plan.connections} keep-alive sockets shared by all participants (real phones each hold their own connection; a few hundred sockets is the compromise that keeps the client on the same 2 cores cheap while never making requests queue behind one another for long — a request waiting for a free socket counts in its latency). The sockets are opened before the storm with one `GET /healthz` each, not timed: the participants are on the quiz page when they press Start, so their connections are open; in an earlier run with cold sockets, about 180 of the first requests waited some 5 s for their TCP connections to be accepted while the server was busy, which measured connection set-up rather than Start. Requests carry the session cookie, \`Content-Type: application/json\`, \`Origin\`/\`Sec-Fetch-Site: same-origin\` and \`Accept-Encoding: gzip, br\` like the browser. Latency runs from dispatch to the last byte of the body. An error is any status other than 201/200 on Start (200 on reload), 200 on autosave and submit, or any network error; there are no retries.`,
    '- Checked afterwards in the database itself (SQLite opened read-only, PostgreSQL through pg): one attempt per participant, submitted and scored; every acknowledged answer stored as last sent; every question row scored, each score equal to the platform\'s scoring rules re-applied to the stored snapshot and answer; each attempt\'s score equal to the sum of its questions, to what submit answered and to the benchmark\'s own key; `attempt_events` equal to the acknowledged requests; a progress event per finished attempt.',
    '',
  ];
  for (const s of sections) lines.push(...renderSection(s, 3));
  lines.push(
    'Run this part alone (the rest of BENCHMARKS.md is kept):',
    '',
    '```sh',
    'npm run bench -- --only quiz                                     # both databases, 3,400 participants (~5 min each); BENCH_ONLY=sqlite|postgres: one',
    'BENCH_ONLY=sqlite BENCH_QUIZ_PARTICIPANTS=200 npm run bench -- --only quiz   # small, for development',
    '# knobs: BENCH_QUIZ_START_WINDOW_MS=5000 BENCH_QUIZ_THINK_MS=3000-9000 BENCH_QUIZ_CONNECTIONS=256',
    '#        BENCH_QUIZ_CHANGE_SHARE=0.1 BENCH_QUIZ_RELOAD_SHARE=0.03 BENCH_QUIZ_SEED=1; BENCH_QUIZ=0 leaves it out of a full run;',
    '#        BENCH_QUIZ_CPU_PROF=.bench/prof writes a CPU profile of the server; BENCH_WRITE=1 writes this file from a smaller run',
    '```',
    '',
    'A lone run uses its own databases (`.bench/bench-quiz-sqlite.db`, PostgreSQL `lentera_bench_quiz`) and rewrites this whole part, both tables (with `BENCH_ONLY`, only the database it ran). In a full `npm run bench` the storm runs last in each database section, on a fresh server process over the database seeded for the other scenarios.',
    '',
  );
  return { id: 'quiz', markdown: lines.join('\n') };
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
    blocks: RUN_QUIZ ? [quizBlock(quizSections, machine, quizPlan(), false)] : [],
    howToRun,
    notes,
  });
  writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
  console.log('\n' + renderText([...sections, ...quizSections.map((q) => ({ ...q, title: `Quiz-start storm: ${q.title}` }))]));
  log(`wrote BENCHMARKS.md (${totalS.toFixed(0)} s in all)`);
  if (sections.some((s) => s.rows.some((r) => r.status === 'fail'))) log('some targets were missed (see ❌ in BENCHMARKS.md)');
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
  const block = quizBlock(quizSections, machine, plan, true);
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const md = existsSync(file)
    ? spliceBlock(readFileSync(file, 'utf8'), block)
    : renderMarkdown({ title: 'Lentera benchmarks', machine, intro: 'Measured by `npm run bench` against the production build (`node dist/cli.js serve`, `NODE_ENV=production`) on freshly seeded databases.', sections: [], blocks: [block], howToRun: '```sh\nnpm run bench\n```' });
  writeFileSync(file, md);
  log(`wrote the quiz part of BENCHMARKS.md (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  if (quizSections.some((s) => s.rows.some((r) => r.status === 'fail'))) log('some targets were missed (see ❌ in BENCHMARKS.md)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
