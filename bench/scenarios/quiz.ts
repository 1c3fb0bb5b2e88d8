import { writeFileSync } from 'node:fs';
// The quiz-start storm (issue 4): N signed-in participants press Start on the same 20-question final
// evaluation within the same few seconds, answer every question with an autosave per answer at
// human-like jittered intervals (a few answers changed once in a review pass, a few participants
// reloading the page midway), then submit. Afterwards everything the server acknowledged is checked
// in the database itself: attempts, answers (the last value sent), per-question scores (re-computed
// with the platform's scoring rules from the stored snapshot), totals, the audit trail of attempt
// events and the progress each finished attempt records.
//
// Setup (not measured): a programme with one stage holding the final evaluation (20 questions drawn
// 5 + 5 + 5 + 5 from four categories of a 48-question bank, 30-minute limit, one attempt), built in
// this process with the platform's own repositories (as `lentera seed` and the test fixtures do) on
// the database before the server starts, the seeded participants enrolled in its cohort; then every
// participant signs in through POST /api/v1/auth/login (real sessions, Argon2id verify each).
//
// Knobs (environment): BENCH_QUIZ_PARTICIPANTS (3400), BENCH_QUIZ_START_WINDOW_MS (5000),
// BENCH_QUIZ_THINK_MS ("3000-9000": think time before each answer, uniform), BENCH_QUIZ_CONNECTIONS
// (256 sockets), BENCH_QUIZ_CHANGE_SHARE (0.1 of the answers changed once), BENCH_QUIZ_RELOAD_SHARE
// (0.03 of the participants reload midway), BENCH_QUIZ_SEED (1).
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Pool } from 'undici';
import { loadConfig } from '../../src/config.js';
import { createPlatform } from '../../src/server.js';
import { quizConfig, type QuizConfig } from '../../src/activities/quiz/config.js';
import { scoreQuestion, seededRandom, type Answer, type BankQuestion, type DrawnQuestion, type QuestionOption, type QuestionType } from '../../src/domain/quiz.js';
import { enrolSeededParticipants } from '../lib/cohort.js';
import { queryRows } from '../lib/databases.js';
import { envNumber, envRange } from '../lib/env.js';
import { benchServerEnv } from '../lib/server.js';
import { Recorder } from '../lib/stats.js';
import { loginPool, signIn } from './signin.js';

// ---------------------------------------------------------------------------------------------
// Plan

export interface QuizPlan {
  participants: number;
  startWindowMs: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  /** Think time before changing an answer in the review pass, and before confirming the submit. */
  reviewMinMs: number;
  reviewMaxMs: number;
  connections: number;
  /** Share of answers changed once, in a review pass after the last question. */
  changeShare: number;
  /** Share of participants who reload the page once midway (Start again → 200 with their answers). */
  reloadShare: number;
  seed: number;
  /** Sign-ins in flight during the setup. */
  signInConcurrency: number;
  questions: number;
  perCategory: number;
  timeLimitMinutes: number;
  passMark: number;
}


/** The published scenario's size (BENCHMARKS.md flags runs of another size). */
export const QUIZ_PARTICIPANTS = 3400;

export function quizPlan(): QuizPlan {
  // BENCH_QUICK=1 (working on the benchmark): fewer participants answering faster, unless set explicitly.
  const quick = process.env.BENCH_QUICK === '1';
  const [thinkMinMs, thinkMaxMs] = envRange('BENCH_QUIZ_THINK_MS', quick ? [1000, 3000] : [3000, 9000]);
  return {
    participants: envNumber('BENCH_QUIZ_PARTICIPANTS', quick ? 400 : QUIZ_PARTICIPANTS, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000),
    startWindowMs: envNumber('BENCH_QUIZ_START_WINDOW_MS', 5000, (n) => n >= 0),
    thinkMinMs,
    thinkMaxMs,
    reviewMinMs: 2000,
    reviewMaxMs: 5000,
    connections: envNumber('BENCH_QUIZ_CONNECTIONS', 256, (n) => Number.isInteger(n) && n >= 1),
    changeShare: envNumber('BENCH_QUIZ_CHANGE_SHARE', 0.1, (n) => n >= 0 && n <= 1),
    reloadShare: envNumber('BENCH_QUIZ_RELOAD_SHARE', 0.03, (n) => n >= 0 && n <= 1),
    seed: envNumber('BENCH_QUIZ_SEED', 1, (n) => Number.isInteger(n)),
    signInConcurrency: 16,
    questions: 20,
    perCategory: 5,
    timeLimitMinutes: 30,
    passMark: 70,
  };
}

// ---------------------------------------------------------------------------------------------
// The question bank (synthetic, written for the benchmark): 4 categories × 12 questions = 48.
// Per category: 6 single choice (4 options), 2 multiple choice worth 2 points (one with partial
// credit), 2 true/false, 2 short answers.

export interface BankSpec {
  code: string;
  category: string;
  type: QuestionType;
  text: string;
  options: { text: string; correct: boolean }[];
  acceptedAnswers: string[];
  points: number;
  partialCredit: boolean;
}

const CATEGORIES: { name: string; topic: string; short: { text: string; accepted: string[] }[] }[] = [
  {
    name: 'Wawasan Kebangsaan',
    topic: 'wawasan kebangsaan dan empat konsensus dasar berbangsa',
    short: [
      { text: 'Dasar negara Republik Indonesia adalah …', accepted: ['Pancasila'] },
      { text: 'Semboyan yang tertulis pada pita lambang negara Garuda Pancasila adalah …', accepted: ['Bhinneka Tunggal Ika'] },
    ],
  },
  {
    name: 'Nilai Dasar ASN BerAKHLAK',
    topic: 'nilai dasar ASN BerAKHLAK dalam pelayanan sehari-hari',
    short: [
      { text: 'Huruf "A" yang pertama dalam akronim BerAKHLAK adalah singkatan dari nilai …', accepted: ['Akuntabel'] },
      { text: 'Nilai BerAKHLAK yang berarti terus berinovasi dan antusias menghadapi perubahan adalah …', accepted: ['Adaptif'] },
    ],
  },
  {
    name: 'Kedudukan dan Peran PPPK',
    topic: 'kedudukan, hak, dan kewajiban PPPK sebagai bagian dari ASN',
    short: [
      { text: 'Aparatur Sipil Negara terdiri atas Pegawai Negeri Sipil dan … (singkatan)', accepted: ['PPPK', 'Pegawai Pemerintah dengan Perjanjian Kerja'] },
      { text: 'Dokumen yang mengikat seorang PPPK dengan instansinya untuk jangka waktu tertentu disebut perjanjian …', accepted: ['kerja', 'perjanjian kerja'] },
    ],
  },
  {
    name: 'Kelembagaan dan Tahapan Pemilu',
    topic: 'kelembagaan penyelenggara pemilu dan tahapan pemilihan umum',
    short: [
      { text: 'Lembaga penyelenggara pemilu yang bersifat nasional, tetap, dan mandiri disingkat …', accepted: ['KPU', 'Komisi Pemilihan Umum'] },
      { text: 'Lembaga yang mengawasi penyelenggaraan pemilu disingkat …', accepted: ['Bawaslu', 'Badan Pengawas Pemilihan Umum'] },
    ],
  },
];

const SITUATIONS = [
  'menerima keluhan warga yang datanya tidak ditemukan dalam daftar',
  'diminta menyelesaikan laporan mendesak sebelum batas waktu',
  'menemukan rekan kerja yang keliru mencatat hasil rapat',
  'bertugas di kantor yang melayani warga dari berbagai suku dan agama',
  'harus memakai aplikasi baru yang belum pernah dipelajari',
  'diminta atasan membantu unit lain yang kekurangan tenaga',
  'menerima tawaran hadiah dari pihak yang sedang dilayani',
  'menghadapi perbedaan pendapat dalam tim tentang cara kerja',
];

export function bankSpecs(): BankSpec[] {
  const out: BankSpec[] = [];
  CATEGORIES.forEach((cat, c) => {
    const prefix = ['WK', 'ND', 'KP', 'PM'][c]!;
    let n = 0;
    const code = () => `${prefix}-${String(++n).padStart(2, '0')}`;
    for (let i = 0; i < 6; i++) {
      const situation = SITUATIONS[(i + c * 3) % SITUATIONS.length]!;
      const right = (i + c) % 4;
      out.push({
        code: code(),
        category: cat.name,
        type: 'single',
        text: `Seorang pegawai PPPK ${situation}. Berdasarkan pemahaman tentang ${cat.topic}, tindakan manakah yang **paling tepat** dilakukan? (kasus ${i + 1})`,
        options: [0, 1, 2, 3].map((k) => ({
          text: k === right ? `Menanganinya sesuai ketentuan, mencatat langkah yang diambil, dan melapor kepada atasan langsung (pilihan ${k + 1})` : `Menunda penanganan sampai ada perintah tertulis atau menyerahkannya kepada pihak lain tanpa penjelasan (pilihan ${k + 1})`,
          correct: k === right,
        })),
        acceptedAnswers: [],
        points: 1,
        partialCredit: false,
      });
    }
    for (let i = 0; i < 2; i++) {
      out.push({
        code: code(),
        category: cat.name,
        type: 'multiple',
        text: `Pilih **semua** pernyataan yang sejalan dengan ${cat.topic} (bagian ${i + 1}).`,
        options: [0, 1, 2, 3, 4].map((k) => ({
          text: k % 2 === i % 2 ? `Pernyataan ${k + 1}: mengutamakan kepentingan publik dan bekerja secara terbuka serta dapat dipertanggungjawabkan` : `Pernyataan ${k + 1}: mendahulukan kepentingan pribadi atau kelompok di atas aturan yang berlaku`,
          correct: k % 2 === i % 2,
        })),
        acceptedAnswers: [],
        points: 2,
        partialCredit: i === 0,
      });
    }
    for (let i = 0; i < 2; i++) {
      const right = (i + c) % 2 === 0;
      out.push({
        code: code(),
        category: cat.name,
        type: 'true_false',
        text: right
          ? `Benar atau salah: pemahaman tentang ${cat.topic} menjadi dasar sikap seorang ASN dalam melayani masyarakat tanpa membeda-bedakan (pernyataan ${i + 1}).`
          : `Benar atau salah: ${cat.topic} hanya berlaku bagi pejabat struktural, tidak bagi PPPK (pernyataan ${i + 1}).`,
        options: [
          { text: 'Benar', correct: right },
          { text: 'Salah', correct: !right },
        ],
        acceptedAnswers: [],
        points: 1,
        partialCredit: false,
      });
    }
    for (const s of cat.short) {
      out.push({ code: code(), category: cat.name, type: 'short', text: s.text, options: [], acceptedAnswers: s.accepted, points: 1, partialCredit: false });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Setup

export interface QuizParticipant {
  nip: string;
  cookie: string;
  enrolmentId: number;
}

export interface QuizSetup {
  programmeId: number;
  cohortId: number;
  activityId: number;
  config: QuizConfig;
  /** Question id → the bank question (with its key), as the benchmark's answer sheet. */
  bank: Map<number, BankQuestion>;
  /** NIP → enrolment id in the benchmark cohort. */
  enrolments: Map<string, number>;
  ms: number;
}

const BENCH_PROGRAMME_CODE = 'BENCH-EVAL';

/**
 * Builds the evaluation programme on the database (the server is not running yet) with the
 * platform's repositories, and enrols the seeded participants given by NIP in its cohort.
 */
export async function setupQuizProgramme(databaseUrl: string, nips: readonly string[], plan: QuizPlan): Promise<QuizSetup> {
  const started = performance.now();
  const config = loadConfig(benchServerEnv(databaseUrl, 0, { LOG_LEVEL: 'silent', JOB_WORKERS: '0' }));
  const platform = await createPlatform(config);
  const { ctx } = platform;
  try {
    if (await ctx.repos.programmes.findByCode(BENCH_PROGRAMME_CODE)) throw new Error(`programme ${BENCH_PROGRAMME_CODE} already exists: the quiz storm needs a fresh database`);
    const now = ctx.clock().toISOString();
    const programmeId = await ctx.repos.programmes.insert({ code: BENCH_PROGRAMME_CODE, title: 'Evaluasi Akhir Orientasi PPPK (benchmark)', description: null, jp: 2, organiser_unit_id: null, provider: 'LAN RI', status: 'published', now });
    const cohortId = await ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: `${BENCH_PROGRAMME_CODE}-1`, title: 'Angkatan benchmark', starts_on: null, ends_on: null, gelombang: 1, angkatan: 1, now });

    // The bank.
    const bank = new Map<number, BankQuestion>();
    const categoryIds = new Map<string, number>();
    for (const spec of bankSpecs()) {
      let categoryId = categoryIds.get(spec.category);
      if (categoryId === undefined) categoryIds.set(spec.category, (categoryId = await ctx.repos.questions.ensureCategory(programmeId, spec.category, now)));
      const options: QuestionOption[] = spec.options.map((o, i) => ({ id: i + 1, text: o.text, correct: o.correct }));
      const id = await ctx.repos.questions.insertQuestion({
        programmeId,
        categoryId,
        code: spec.code,
        type: spec.type,
        text: spec.text,
        options,
        acceptedAnswers: spec.acceptedAnswers,
        points: spec.points,
        partialCredit: spec.partialCredit,
        feedback: null,
        tags: ['benchmark'],
        now,
      });
      bank.set(id, { id, category: spec.category, type: spec.type, text: spec.text, imageFileId: null, options, acceptedAnswers: spec.acceptedAnswers, points: spec.points, partialCredit: spec.partialCredit, feedback: null });
    }

    // One stage holding the final evaluation (the configuration as the platform validates it).
    const quiz = quizConfig.parse({
      purpose: 'final',
      instructions: 'Evaluasi akhir: 20 soal, 30 menit, satu kali kesempatan.',
      draw: [...categoryIds.keys()].map((category) => ({ category, count: plan.perCategory })),
      timeLimitMinutes: plan.timeLimitMinutes,
      attempts: 1,
      passMark: plan.passMark,
    });
    const drawn = quiz.draw.reduce((n, r) => n + (r.count ?? 0), 0);
    if (drawn !== plan.questions) throw new Error(`the draw rules give ${drawn} questions, expected ${plan.questions}`);
    const stageId = await ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Evaluasi Akhir', sequential: true, now });
    const activityId = await ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stageId, position: 1, kind: 'quiz', title: 'Evaluasi Akhir', required: true, config: quiz, now });

    // Enrol the participants (one transaction; the users were created by `lentera seed`).
    const enrolled = await enrolSeededParticipants(ctx.db.kysely, cohortId, nips, now);
    const enrolments = new Map(enrolled.map((m) => [m.nip, m.enrolmentId] as const));
    return { programmeId, cohortId, activityId, config: quiz, bank, enrolments, ms: performance.now() - started };
  } finally {
    await platform.close();
  }
}

/** Signs every participant in through POST /api/v1/auth/login (`concurrency` at a time). Throws on any failure. */
export async function signInQuizParticipants(url: string, nips: readonly string[], password: string, enrolments: Map<string, number>, concurrency: number): Promise<QuizParticipant[]> {
  const pool = loginPool(url);
  const out: QuizParticipant[] = new Array(nips.length);
  let next = 0;
  try {
    const worker = async () => {
      while (next < nips.length) {
        const i = next++;
        const nip = nips[i]!;
        const res = await signIn(pool, nip, password);
        if (res.status !== 200 || !res.cookie) throw new Error(`sign-in of ${nip} answered ${res.status}`);
        const enrolmentId = enrolments.get(nip)!;
        // The participant opens the programme (as the quiz page does before Start is pressed): the
        // personal clock and the monitoring status of the enrolment are set then, not during the storm.
        const outline = await pool.request({ method: 'GET', path: `/api/v1/enrolments/${enrolmentId}/outline`, headers: { accept: 'application/json', cookie: res.cookie } });
        await outline.body.arrayBuffer();
        if (outline.statusCode !== 200) throw new Error(`GET outline of ${nip} answered ${outline.statusCode}`);
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
// The storm

interface PublicQuestion {
  id: number;
  type: QuestionType;
  text: string;
  options: { id: number; text: string }[];
}

interface AttemptBody {
  attemptId: number | string;
  deadline: string | null;
  questions: PublicQuestion[];
  answers: Record<string, Answer>;
}

interface SubmitBody {
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
}

/** What one participant's client sent and what the server acknowledged. */
export interface Ledger {
  nip: string;
  enrolmentId: number;
  attemptId: number | string | null;
  questionIds: number[];
  /** Question id → the last answer the server acknowledged (200). */
  acked: Map<number, Answer>;
  /** Question id → answers sent after the last acknowledged one without an answer (network error): the database may hold any of them. */
  uncertain: Map<number, Answer[]>;
  ackedPuts: number;
  changed: number;
  reloaded: boolean;
  submit: SubmitBody | null;
  /** Points the bench's own key gives the last acknowledged answers. */
  expectedScore: number;
  done: boolean;
}

export interface QuizStormResult {
  start: Recorder;
  autosave: Recorder;
  submit: Recorder;
  resume: Recorder;
  ledgers: Ledger[];
  /** Every request's outcome ("201×3400, 200×…"). */
  outcomes: Map<string, number>;
  errors: number;
  errorSamples: string[];
  /** Start answered 200 (an attempt already open) instead of 201 on the first press. */
  startNot201: number;
  /** Start responses containing an answer key or feedback (must be 0). */
  keyLeaks: number;
  /** Start responses whose questions do not match the draw (count, per category, known ids). */
  drawMismatches: number;
  /** Reloads whose echoed answers differ from what was acknowledged before. */
  resumeMismatches: number;
  /** Submit responses whose score differs from the bench's own key (the last acknowledged answers). */
  scoreMismatches: number;
  /** Largest delay between a scheduled Start and its dispatch (client-side lag). */
  maxStartLagMs: number;
  /** First Start dispatched → last submit answered. */
  stormMs: number;
  /** Highest number of autosaves answered within one second, and the mean over the answering phase. */
  peakAutosavePerS: number;
  meanAutosavePerS: number;
  /** Event-loop delay of the benchmark client (ms): high values mean the client, not the server, was slow. */
  clientLoopDelay: { p99: number; max: number };
  clientCpuMs: number;
  /** Of which in the kernel (loopback TCP is largely charged to the sending process). */
  clientSysMs: number;
}

const JSON_HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, br', 'accept-language': 'id', 'user-agent': 'lentera-bench (quiz storm)' } as const;

function decodeBody(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

const sameAnswer = (a: Answer | null | undefined, b: Answer | null | undefined): boolean => {
  if (!a || !b) return !a && !b;
  if ('text' in a || 'text' in b) return 'text' in a && 'text' in b && a.text === b.text;
  const x = [...new Set(a.optionIds)].sort((p, q) => p - q);
  const y = [...new Set(b.optionIds)].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** An answer to `q` that earns full points (`right`) or not; `avoid` is a previous answer to differ from. */
function chooseAnswer(q: BankQuestion, right: boolean, rnd: () => number, avoid?: Answer): Answer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  if (q.type === 'short') {
    if (right) {
      const a = pick(q.acceptedAnswers);
      // People type in every case, with stray spaces: the server normalises.
      const variants = [a, a.toLowerCase(), a.toUpperCase(), ` ${a}  `];
      const text = pick(variants.filter((v) => !avoid || !('text' in avoid) || v !== avoid.text));
      return { text: text ?? a };
    }
    const wrong = ['tidak tahu', 'UUD 1945', 'Sekretariat Jenderal', 'NKRI'].filter((v) => !q.acceptedAnswers.some((x) => x.toLowerCase() === v.toLowerCase()));
    return { text: pick(wrong.filter((v) => !avoid || !('text' in avoid) || v !== avoid.text)) ?? 'tidak tahu' };
  }
  const correct = q.options.filter((o) => o.correct).map((o) => o.id);
  const wrong = q.options.filter((o) => !o.correct).map((o) => o.id);
  if (q.type === 'single' || q.type === 'true_false') {
    if (right) return { optionIds: [correct[0]!] };
    const choices = wrong.filter((id) => !avoid || !('optionIds' in avoid) || avoid.optionIds[0] !== id);
    return { optionIds: [pick(choices.length ? choices : wrong)] };
  }
  // multiple: all the right boxes, or a near miss (one right box missed, or one wrong box ticked too).
  if (right) return { optionIds: correct.slice() };
  for (let tries = 0; tries < 5; tries++) {
    const ids = rnd() < 0.5 ? correct.filter((_, i) => i !== Math.floor(rnd() * correct.length)) : [...correct, pick(wrong)];
    const a = { optionIds: ids.sort((x, y) => x - y) };
    if (!avoid || !sameAnswer(a, avoid)) return a;
  }
  return { optionIds: [pick(wrong)] };
}

/**
 * Runs the storm: participant i presses Start at a random moment of the window, answers the questions
 * in the order given (think time, then PUT), reloads once midway when chosen, changes some answers in
 * a review pass, waits a moment on the confirmation and submits. Every request goes through one undici
 * Pool of `connections` keep-alive sockets; latency is measured from dispatch to the last byte.
 */
export async function quizStorm(url: string, participants: readonly QuizParticipant[], setup: Pick<QuizSetup, 'activityId' | 'bank' | 'config'>, plan: QuizPlan, onProgress?: (line: string) => void): Promise<QuizStormResult> {
  const pool = new Pool(url, { connections: plan.connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const origin = new URL(url).origin;
  const start = new Recorder();
  const autosave = new Recorder();
  const submit = new Recorder();
  const resume = new Recorder();
  const outcomes = new Map<string, number>();
  const errorSamples: string[] = [];
  let errors = 0;
  const res = { startNot201: 0, keyLeaks: 0, drawMismatches: 0, resumeMismatches: 0, scoreMismatches: 0 };
  const autosaveSeconds = new Map<number, number>();
  let maxStartLagMs = 0;
  const perCategory = new Map(setup.config.draw.map((r) => [r.category, r.count ?? 0]));

  const traceLines: string[] = [];
  if (process.env.BENCH_QUIZ_TRACE) process.once('exit', () => writeFileSync(process.env.BENCH_QUIZ_TRACE!, traceLines.join('\n')));
  const send = async (rec: Recorder, method: 'POST' | 'PUT', path: string, p: QuizParticipant, body: unknown, okStatuses: readonly number[]): Promise<{ status: number; text: string } | null> => {
    const t0 = performance.now();
    let outcome: number | string;
    let text = '';
    try {
      const r = await pool.request({
        method,
        path,
        headers: { ...JSON_HEADERS, 'content-type': 'application/json', cookie: p.cookie, origin, 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify(body),
      });
      const raw = Buffer.from(await r.body.arrayBuffer());
      text = decodeBody(raw, r.headers['content-encoding'] as string | undefined);
      outcome = r.statusCode;
    } catch (err) {
      outcome = (err as { code?: string }).code ?? 'error';
      text = String((err as Error).message ?? err);
    }
    const t1 = performance.now();
    const ok = typeof outcome === 'number' && okStatuses.includes(outcome);
    rec.record(t0, t1, outcome, ok);
    if (process.env.BENCH_QUIZ_TRACE) traceLines.push(`${method} ${Math.round(t0)} ${Math.round(t1 - t0)}`);
    outcomes.set(String(outcome), (outcomes.get(String(outcome)) ?? 0) + 1);
    if (rec === autosave && ok) {
      const s = Math.floor(t1 / 1000);
      autosaveSeconds.set(s, (autosaveSeconds.get(s) ?? 0) + 1);
    }
    if (!ok) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${method} ${path} → ${outcome}: ${text.slice(0, 200)}`);
      return typeof outcome === 'number' ? { status: outcome, text } : null;
    }
    return { status: outcome as number, text };
  };

  const checkAttemptBody = (text: string, ledger: Ledger): AttemptBody | null => {
    if (/"(correct|acceptedAnswers|accepted_answers|feedback)"\s*:/.test(text)) res.keyLeaks++;
    let body: AttemptBody;
    try {
      body = JSON.parse(text) as AttemptBody;
    } catch {
      res.drawMismatches++;
      return null;
    }
    const qs = Array.isArray(body.questions) ? body.questions : [];
    const counts = new Map<string, number>();
    let unknown = 0;
    for (const q of qs) {
      const b = setup.bank.get(q.id);
      if (!b) unknown++;
      else counts.set(b.category, (counts.get(b.category) ?? 0) + 1);
    }
    const drawOk = qs.length === plan.questions && unknown === 0 && new Set(qs.map((q) => q.id)).size === qs.length && [...perCategory].every(([c, n]) => counts.get(c) === n);
    if (!drawOk) res.drawMismatches++;
    if (ledger.questionIds.length && ledger.questionIds.join(',') !== qs.map((q) => q.id).join(',')) res.drawMismatches++;
    return body;
  };

  const participant = async (p: QuizParticipant, i: number, ledger: Ledger, due: number, t0: number) => {
    const rnd = seededRandom(plan.seed * 1_000_003 + i * 7919 + 1);
    const think = () => plan.thinkMinMs + rnd() * (plan.thinkMaxMs - plan.thinkMinMs);
    const review = () => plan.reviewMinMs + rnd() * (plan.reviewMaxMs - plan.reviewMinMs);
    const ability = 0.45 + rnd() * 0.5; // chance of answering a question right
    const reloadAt = rnd() < plan.reloadShare ? 1 + Math.floor(rnd() * (plan.questions - 2)) : -1;
    const startPath = `/api/v1/enrolments/${p.enrolmentId}/activities/${setup.activityId}/attempts`;

    await sleep(Math.max(0, t0 + due - performance.now()));
    maxStartLagMs = Math.max(maxStartLagMs, performance.now() - (t0 + due));
    const started = await send(start, 'POST', startPath, p, {}, [200, 201]);
    if (!started) return;
    if (started.status !== 201) res.startNot201++;
    const body = checkAttemptBody(started.text, ledger);
    if (!body) return;
    ledger.attemptId = body.attemptId;
    ledger.questionIds = body.questions.map((q) => q.id);
    // BENCH_QUIZ_STARTS_ONLY=1 (working on the start path): only the synchronised Start is measured.
    if (process.env.BENCH_QUIZ_STARTS_ONLY === '1') return;

    const put = async (qid: number, answer: Answer): Promise<boolean> => {
      const r = await send(autosave, 'PUT', `/api/v1/attempts/${ledger.attemptId}/answers/${qid}`, p, answer, [200]);
      if (r && r.status === 200) {
        ledger.acked.set(qid, answer);
        ledger.uncertain.delete(qid);
        ledger.ackedPuts++;
        return true;
      }
      if (!r) ledger.uncertain.set(qid, [...(ledger.uncertain.get(qid) ?? []), answer]);
      return false;
    };

    for (const [k, q] of body.questions.entries()) {
      if (k === reloadAt) {
        // The page is reloaded (or the phone switched networks): Start again resumes the open attempt.
        await sleep(1000 + rnd() * 2000);
        ledger.reloaded = true;
        const again = await send(resume, 'POST', startPath, p, {}, [200]);
        if (again) {
          const echoed = checkAttemptBody(again.text, ledger);
          const answers = echoed?.answers ?? {};
          const same = Object.keys(answers).length === ledger.acked.size && [...ledger.acked].every(([qid, a]) => sameAnswer(answers[String(qid)], a));
          if (!same) res.resumeMismatches++;
        }
      }
      await sleep(think());
      const bq = setup.bank.get(q.id);
      if (!bq) continue;
      await put(q.id, chooseAnswer(bq, rnd() < ability, rnd));
    }

    // Review pass: a few answers are changed once (second thoughts), then the confirmation.
    for (const q of body.questions) {
      if (rnd() >= plan.changeShare) continue;
      const bq = setup.bank.get(q.id);
      const prev = ledger.acked.get(q.id);
      if (!bq || !prev) continue;
      await sleep(review());
      const wasRight = scoreQuestion(bq, prev) === bq.points;
      if (await put(q.id, chooseAnswer(bq, !wasRight, rnd, prev))) ledger.changed++;
    }
    await sleep(review());

    const done = await send(submit, 'POST', `/api/v1/attempts/${ledger.attemptId}/submit`, p, {}, [200]);
    if (!done) return;
    ledger.submit = JSON.parse(done.text) as SubmitBody;
    ledger.expectedScore = [...ledger.acked].reduce((s, [qid, a]) => s + scoreQuestion(setup.bank.get(qid)!, a), 0);
    if (Math.abs(ledger.submit.score - ledger.expectedScore) > 1e-3 && ledger.uncertain.size === 0) res.scoreMismatches++;
    ledger.done = true;
  };

  const ledgers: Ledger[] = participants.map((p) => ({ nip: p.nip, enrolmentId: p.enrolmentId, attemptId: null, questionIds: [], acked: new Map(), uncertain: new Map(), ackedPuts: 0, changed: 0, reloaded: false, submit: null, expectedScore: 0, done: false }));
  const schedule = seededRandom(plan.seed * 31 + 7);
  const dues = participants.map(() => schedule() * plan.startWindowMs);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const ticker = onProgress
    ? setInterval(() => {
        const done = ledgers.filter((l) => l.done).length;
        onProgress(`starts ${start.count}, autosaves ${autosave.count}, submits ${submit.count} (${done} done), errors ${errors}`);
      }, 15_000)
    : null;
  ticker?.unref();
  // The participants are on the quiz's page when they press Start: their connections are open. Open
  // the pool's sockets first (not measured), so the storm measures Start, not TCP connection set-up.
  await Promise.all(Array.from({ length: plan.connections }, async () => {
    const r = await pool.request({ method: 'GET', path: '/healthz', headers: JSON_HEADERS });
    await r.body.arrayBuffer();
  }));
  const t0 = performance.now();
  try {
    await Promise.all(participants.map((p, i) => participant(p, i, ledgers[i]!, dues[i]!, t0).catch((err: unknown) => {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`client error for ${p.nip}: ${String((err as Error)?.stack ?? err).slice(0, 300)}`);
    })));
  } finally {
    if (ticker) clearInterval(ticker);
    loop.disable();
    await pool.close();
  }
  const cpu = process.cpuUsage(cpu0);
  const stormMs = Math.max(submit.lastEnd, autosave.lastEnd, start.lastEnd) - start.firstStart;
  const perSecond = [...autosaveSeconds.values()];
  const answeringSpan = (autosave.lastEnd - autosave.firstStart) / 1000;
  return {
    start,
    autosave,
    submit,
    resume,
    ledgers,
    outcomes,
    errors,
    errorSamples,
    ...res,
    maxStartLagMs,
    stormMs,
    peakAutosavePerS: perSecond.length ? Math.max(...perSecond) : 0,
    meanAutosavePerS: answeringSpan > 0 ? autosave.count / answeringSpan : 0,
    clientLoopDelay: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    clientSysMs: cpu.system / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Verification in the database (read directly, not through the server)

export interface QuizVerification {
  participants: number;
  attempts: number;
  /** Attempts submitted by the participant, with score, max score, percent and passed set. */
  submittedScored: number;
  /** Acknowledged answers (the last value per question) and how many the database holds unchanged. */
  ackedAnswers: number;
  storedAsAcked: number;
  /** Acknowledged answers missing or different in the database. */
  lost: number;
  lostSample: string[];
  /** Stored answers nobody acknowledged (must be 0 without network errors). */
  unexpectedAnswers: number;
  /** attempt_questions rows of the storm's attempts, and those with a score. */
  questionRows: number;
  questionRowsScored: number;
  /** Question scores that differ from the platform's rules re-applied to the stored snapshot and answer. */
  rescoreMismatches: number;
  /** Attempts whose total is not the sum of their question scores, or not what the submit answered. */
  totalMismatches: number;
  /** Attempt totals that differ from the bench's own key applied to the last acknowledged answers. */
  keyMismatches: number;
  /** attempt_events by type, and what the client had acknowledged. */
  events: Record<string, number>;
  expectedEvents: Record<string, number>;
  /** Finished attempts whose progress event (quiz-finished-<attemptId>) exists. */
  progressEvents: number;
  ms: number;
}

function parseAnswer(text: unknown): Answer | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    return JSON.parse(text) as Answer;
  } catch {
    return null;
  }
}

export async function verifyQuizStorm(databaseUrl: string, activityId: number, storm: QuizStormResult): Promise<QuizVerification> {
  const started = performance.now();
  const attempts = await queryRows<{ id: number; enrolment_id: number; status: string; finished_by: string | null; score: number | null; max_score: number | null; percent: number | null; passed: number | boolean | null }>(
    databaseUrl,
    'select id, enrolment_id, status, finished_by, score, max_score, percent, passed from quiz_attempts where activity_id = ?',
    [activityId],
  );
  const questions = await queryRows<{ attempt_id: number; question_id: number; snapshot: string; answer: string | null; score: number | null }>(
    databaseUrl,
    'select aq.attempt_id, aq.question_id, aq.snapshot, aq.answer, aq.score from attempt_questions aq join quiz_attempts qa on qa.id = aq.attempt_id where qa.activity_id = ?',
    [activityId],
  );
  const events = await queryRows<{ type: string; n: number | string }>(
    databaseUrl,
    'select ae.type, count(*) as n from attempt_events ae join quiz_attempts qa on qa.id = ae.attempt_id where qa.activity_id = ? group by ae.type',
    [activityId],
  );
  const progress = await queryRows<{ event_id: string }>(databaseUrl, "select event_id from progress_events where activity_id = ? and event_id like 'quiz-finished-%'", [activityId]);

  const v: QuizVerification = {
    participants: storm.ledgers.length,
    attempts: attempts.length,
    submittedScored: 0,
    ackedAnswers: 0,
    storedAsAcked: 0,
    lost: 0,
    lostSample: [],
    unexpectedAnswers: 0,
    questionRows: questions.length,
    questionRowsScored: 0,
    rescoreMismatches: 0,
    totalMismatches: 0,
    keyMismatches: 0,
    events: Object.fromEntries(events.map((e) => [e.type, Number(e.n)])),
    expectedEvents: {
      start: storm.ledgers.filter((l) => l.attemptId !== null).length,
      resume: storm.resume.count - storm.resume.errors,
      answer: storm.ledgers.reduce((n, l) => n + l.ackedPuts, 0),
      submit: storm.ledgers.filter((l) => l.submit).length,
    },
    progressEvents: 0,
    ms: 0,
  };
  const byAttempt = new Map<number, typeof questions>();
  for (const q of questions) {
    const list = byAttempt.get(Number(q.attempt_id));
    if (list) list.push(q);
    else byAttempt.set(Number(q.attempt_id), [q]);
  }
  const attemptById = new Map(attempts.map((a) => [Number(a.id), a]));
  const finishedIds = new Set(progress.map((r) => r.event_id));
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3;

  for (const a of attempts) {
    if (a.status === 'submitted' && a.finished_by === 'participant' && a.score !== null && a.max_score !== null && a.percent !== null && a.passed !== null) v.submittedScored++;
    if (finishedIds.has(`quiz-finished-${a.id}`)) v.progressEvents++;
    const rows = byAttempt.get(Number(a.id)) ?? [];
    let sum = 0;
    for (const r of rows) {
      if (r.score === null) continue;
      v.questionRowsScored++;
      sum += Number(r.score);
      const snap = JSON.parse(r.snapshot) as DrawnQuestion;
      if (!close(Number(r.score), scoreQuestion(snap, parseAnswer(r.answer)))) v.rescoreMismatches++;
    }
    if (a.score === null || !close(sum, Number(a.score))) v.totalMismatches++;
  }

  for (const l of storm.ledgers) {
    if (l.attemptId === null) continue;
    const attempt = attemptById.get(Number(l.attemptId));
    const rows = new Map((byAttempt.get(Number(l.attemptId)) ?? []).map((r) => [Number(r.question_id), r]));
    for (const [qid, answer] of l.acked) {
      v.ackedAnswers++;
      const stored = parseAnswer(rows.get(qid)?.answer);
      if (sameAnswer(stored, answer)) v.storedAsAcked++;
      else if (!(l.uncertain.get(qid) ?? []).some((u) => sameAnswer(stored, u))) {
        v.lost++;
        if (v.lostSample.length < 3) v.lostSample.push(`attempt ${l.attemptId} question ${qid}: sent ${JSON.stringify(answer)}, stored ${rows.get(qid)?.answer ?? 'nothing'}`);
      }
    }
    for (const [qid, r] of rows) if (r.answer !== null && !l.acked.has(qid) && !l.uncertain.has(qid)) v.unexpectedAnswers++;
    if (l.submit && attempt && (attempt.score === null || !close(Number(attempt.score), l.submit.score))) v.totalMismatches++;
    if (l.submit && l.uncertain.size === 0 && attempt && (attempt.score === null || !close(Number(attempt.score), l.expectedScore))) v.keyMismatches++;
  }
  v.ms = performance.now() - started;
  return v;
}
