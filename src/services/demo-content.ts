// Demo programme content: the Indonesian orientation material under content/demo/ (Markdown pages,
// a PDF module, a micro-learning video with a low-data copy and captions) turned into stages and
// activities of the demo programme, with its question bank (demo-questions.ts) and evaluation: a
// pre-test at the start of Tahap 1 and a last stage with the final evaluation and its remedial.
// Idempotent: a programme that already has stages is left alone, except that a demo programme loaded
// before the evaluation existed (the three old stages, no quiz) gets the evaluation added, once.
// The media were generated once (scripts/make-demo-media.sh, scripts/make-demo-pdf.ts) and are
// committed; nothing here needs ffmpeg or pdfkit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from './context.js';
import { storeFile } from './files.js';
import { PROJECT_ROOT } from '../http/assets.js';
import type { QuizConfig } from '../activities/quiz/config.js';
import { DEMO_DRAW, ensureDemoQuestions } from './demo-questions.js';
import { questionBankChanged } from './question-bank.js';
import { programmeStructureChanged } from './learning.js';
import { ensureDemoLiveSession } from './demo-live.js';

export const DEMO_CONTENT_DIR = path.join(PROJECT_ROOT, 'content', 'demo');

/** Duration of content/demo/micro-berakhlak.mp4 as reported by ffprobe (both renditions: 30.000000 s). */
export const BERAKHLAK_VIDEO_SECONDS = 30;
/** The personal window of the demo cohort, in days. */
export const DEMO_WINDOW_DAYS = 30;

export interface DemoPage {
  file: string;
  title: string;
  completeOn: 'open' | 'scroll_end';
}

export const DEMO_STAGES = {
  lan: 'Tahap 1 — Agenda LAN',
  kpu: 'Tahap 2 — Agenda Instansi KPU',
  jurnal: 'Tahap 3 — Jurnal',
  evaluasi: 'Tahap 4 — Evaluasi',
} as const;

export const DEMO_PAGES = {
  welcome: { file: '00-panduan-belajar-mandiri.md', title: 'Panduan Belajar Mandiri', completeOn: 'open' },
  belaNegara: { file: '01-sikap-perilaku-bela-negara.md', title: 'Sikap Perilaku Bela Negara', completeOn: 'scroll_end' },
  berakhlak: { file: '02-nilai-dasar-asn-berakhlak.md', title: 'Nilai-Nilai Dasar ASN: BerAKHLAK', completeOn: 'scroll_end' },
  pppk: { file: '03-kedudukan-peran-pppk-smart-governance.md', title: 'Kedudukan dan Peran PPPK dalam Smart Governance', completeOn: 'scroll_end' },
  organisasi: { file: '04-susunan-organisasi-tata-kerja-kpu.md', title: 'Susunan Organisasi dan Tata Kerja KPU', completeOn: 'scroll_end' },
  jabatan: { file: '05-pengenalan-jabatan-manajemen-kinerja.md', title: 'Pengenalan Jabatan dan Manajemen Kinerja', completeOn: 'scroll_end' },
  etika: { file: '06-nilai-etika-integritas-penyelenggara-pemilu.md', title: 'Nilai, Etika dan Integritas Penyelenggara Pemilu', completeOn: 'scroll_end' },
} as const satisfies Record<string, DemoPage>;

export const DEMO_MEDIA = {
  modul: { file: 'modul-berakhlak.pdf', mime: 'application/pdf', title: 'Modul BerAKHLAK (PDF)' },
  video: { file: 'micro-berakhlak.mp4', mime: 'video/mp4', title: 'Video: BerAKHLAK dalam 30 Detik' },
  videoLowData: { file: 'micro-berakhlak-hemat-data.mp4', mime: 'video/mp4' },
  captions: { file: 'micro-berakhlak.id.vtt', mime: 'text/vtt' },
} as const;

export const DEMO_JURNAL = { file: 'jurnal-petunjuk.md', title: 'Unggah Jurnal', maxBytes: 5 * 1024 * 1024 } as const;

/** The demo evaluation: day-clock windows of the final evaluation (closes after day 15) and the remedial (days 16–30). */
export const DEMO_EVALUATION = {
  stageDescription: 'Pre-test di awal, evaluasi akhir sampai hari ke-15, dan remedial pada hari ke-16 sampai ke-30 bagi yang belum lulus.',
  targetDay: 15,
  preTest: { title: 'Pre-test', questions: 10, timeLimitMinutes: 15, attempts: 1 },
  final: { title: 'Evaluasi Akhir', questions: 20, timeLimitMinutes: 30, attempts: 2, passMark: 70, closesAfterDay: 15 },
  remedial: { title: 'Remedial Evaluasi Akhir', questions: 20, timeLimitMinutes: 30, passMark: 70, opensOnDay: 16, closesAfterDay: 30 },
} as const;

const E = DEMO_EVALUATION;

export function demoPreTestConfig(): QuizConfig {
  return {
    purpose: 'pre_test',
    instructions: [
      'Pre-test ini mengukur pemahaman awal Anda sebelum mempelajari materi orientasi. Hasilnya **tidak memengaruhi kelulusan** dan tidak mengunci materi apa pun.',
      '',
      `- ${E.preTest.questions} soal dari semua agenda orientasi.`,
      `- Waktu ${E.preTest.timeLimitMinutes} menit sejak Anda menekan **Mulai**, satu kali kesempatan.`,
      '- Jawaban tersimpan otomatis. Bila koneksi terputus, buka kembali pre-test dan lanjutkan sebelum waktunya habis.',
    ].join('\n'),
    draw: DEMO_DRAW.preTest.map((r) => ({ ...r })),
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: E.preTest.timeLimitMinutes,
    attempts: E.preTest.attempts,
    passMark: 70,
    grading: 'highest',
    review: { responses: true, correctness: true, correctAnswers: false, feedback: false },
    closesAt: null,
    evaluationActivityId: null,
    questionsPerPage: 5,
  };
}

export function demoFinalConfig(): QuizConfig {
  return {
    purpose: 'final',
    instructions: [
      'Evaluasi akhir menguji pemahaman Anda atas seluruh agenda orientasi. Hasilnya *Lulus* atau *Tidak Lulus*.',
      '',
      `- ${E.final.questions} soal dari semua agenda; waktu ${E.final.timeLimitMinutes} menit sejak Anda menekan **Mulai**.`,
      `- ${E.final.attempts} kali kesempatan; nilai tertinggi yang dipakai. Nilai kelulusan **${E.final.passMark}**.`,
      `- Evaluasi ditutup pada akhir hari ke-${E.final.closesAfterDay} jadwal pribadi Anda.`,
      `- Bila belum lulus, remedial terbuka pada hari ke-${E.remedial.opensOnDay} sampai ke-${E.remedial.closesAfterDay}.`,
    ].join('\n'),
    draw: DEMO_DRAW.final.map((r) => ({ ...r })),
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: E.final.timeLimitMinutes,
    attempts: E.final.attempts,
    passMark: E.final.passMark,
    grading: 'highest',
    review: { responses: true, correctness: true, correctAnswers: false, feedback: true },
    closesAt: null,
    evaluationActivityId: null,
    questionsPerPage: 5,
  };
}

export function demoRemedialConfig(finalActivityId: number): QuizConfig {
  return {
    purpose: 'remedial',
    instructions: [
      'Remedial diperuntukkan bagi peserta yang belum lulus evaluasi akhir. Lulus remedial berarti lulus evaluasi.',
      '',
      `- Terbuka pada hari ke-${E.remedial.opensOnDay} sampai ke-${E.remedial.closesAfterDay} jadwal pribadi Anda.`,
      `- ${E.remedial.questions} soal dari semua agenda; waktu ${E.remedial.timeLimitMinutes} menit untuk setiap percobaan.`,
      `- Kesempatan tidak terbatas sampai lulus. Nilai kelulusan **${E.remedial.passMark}**.`,
    ].join('\n'),
    draw: DEMO_DRAW.final.map((r) => ({ ...r })),
    shuffleQuestions: true,
    shuffleOptions: true,
    timeLimitMinutes: E.remedial.timeLimitMinutes,
    attempts: null,
    passMark: E.remedial.passMark,
    grading: 'highest',
    review: { responses: true, correctness: true, correctAnswers: false, feedback: false },
    closesAt: null,
    evaluationActivityId: finalActivityId,
    questionsPerPage: 5,
  };
}

const readText = (file: string) => readFileSync(path.join(DEMO_CONTENT_DIR, file), 'utf8');

/** A local calendar date `days` after the instant (UTC date arithmetic is exact enough for a demo). */
function dateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DemoContentResult {
  /** Whether anything was created (the whole programme, or the evaluation added to an old demo). */
  created: boolean;
  /** The evaluation was added to a demo programme loaded before it existed. */
  evaluationAdded: boolean;
  stageIds: number[];
  activityIds: number[];
  fileIds: number[];
  questionsInserted: number;
}

type Learning = AppContext['repos']['learning'];

/**
 * The evaluation stage (its final evaluation and remedial) at `position`. Returns the ids created.
 * `insertActivity` / `insertStage` record what was created.
 */
async function addEvaluationStage(
  L: Learning,
  programmeId: number,
  position: number,
  iso: string,
  existingStageId: number | null,
  record: { stage: (id: number) => void; activity: (id: number) => void },
): Promise<void> {
  let stageId = existingStageId;
  if (stageId === null) {
    stageId = await L.insertStage({ programme_id: programmeId, position, title: DEMO_STAGES.evaluasi, description: E.stageDescription, target_day: E.targetDay, now: iso });
    record.stage(stageId);
  }
  const finalId = await L.insertActivity({
    programme_id: programmeId,
    stage_id: stageId,
    position: 1,
    kind: 'quiz',
    title: E.final.title,
    config: demoFinalConfig(),
    closes_after_day: E.final.closesAfterDay,
    now: iso,
  });
  record.activity(finalId);
  const remedialId = await L.insertActivity({
    programme_id: programmeId,
    stage_id: stageId,
    position: 2,
    kind: 'quiz',
    title: E.remedial.title,
    required: false,
    config: demoRemedialConfig(finalId),
    opens_on_day: E.remedial.opensOnDay,
    closes_after_day: E.remedial.closesAfterDay,
    now: iso,
  });
  record.activity(remedialId);
}

const insertPreTest = (L: Learning, programmeId: number, stageId: number, position: number, iso: string) =>
  L.insertActivity({ programme_id: programmeId, stage_id: stageId, position, kind: 'quiz', title: E.preTest.title, required: false, config: demoPreTestConfig(), now: iso });

/**
 * Creates the demo stages and activities of the programme (with its question bank and evaluation)
 * unless it already has stages, and gives the cohort (when given) a 30-day personal window with a
 * start-by date two weeks after loading, where the cohort has none yet. A demo programme that has
 * the old stages but no quiz (loaded before the evaluation existed) gets the question bank, the
 * pre-test and the evaluation stage added; a second run finds the quizzes and adds nothing.
 */
export async function ensureDemoProgrammeContent(ctx: AppContext, programmeId: number, opts: { cohortId?: number } = {}): Promise<DemoContentResult> {
  const now = ctx.clock();
  const iso = now.toISOString();
  if (opts.cohortId !== undefined) {
    await ctx.repos.demo.setCohortScheduleIfUnset(opts.cohortId, { start_by: dateAfter(now, 14), window_days: DEMO_WINDOW_DAYS, now: iso });
  }
  const L = ctx.repos.learning;
  const stageIds: number[] = [];
  const activityIds: number[] = [];
  const record = { stage: (id: number) => void stageIds.push(id), activity: (id: number) => void activityIds.push(id) };
  const existing = await L.stagesOf(programmeId, { publishedOnly: false });
  if (existing.length > 0) {
    const upgraded = await upgradeOldDemo(ctx, programmeId, existing, iso);
    // Issue 6: a demo loaded before live sessions existed gets the opening session, once.
    const live = await ensureDemoLiveSession(ctx, programmeId, { stageTitle: DEMO_STAGES.lan, finalTitle: E.final.title });
    if (live === null) return upgraded;
    programmeStructureChanged(ctx);
    return { ...upgraded, created: true, activityIds: [...upgraded.activityIds, live] };
  }

  // Files first: a failure leaves at most unreferenced files, never a half-built programme.
  const store = async (m: { file: string; mime: string }) => {
    const bytes = readFileSync(path.join(DEMO_CONTENT_DIR, m.file));
    return (await storeFile(ctx, bytes, { originalName: m.file, mime: m.mime, createdBy: null, maxBytes: bytes.length })).id;
  };
  const modulId = await store(DEMO_MEDIA.modul);
  const videoId = await store(DEMO_MEDIA.video);
  const lowDataId = await store(DEMO_MEDIA.videoLowData);
  const captionsId = await store(DEMO_MEDIA.captions);
  // The bank before the quizzes that draw from it.
  const questions = await ensureDemoQuestions(ctx, programmeId);

  const stage = async (position: number, title: string, description: string, targetDay: number) => {
    const id = await L.insertStage({ programme_id: programmeId, position, title, description, target_day: targetDay, now: iso });
    stageIds.push(id);
    return id;
  };
  const activity = async (stageId: number, position: number, kind: string, title: string, config: unknown) => {
    const id = await L.insertActivity({ programme_id: programmeId, stage_id: stageId, position, kind, title, config, now: iso });
    activityIds.push(id);
    return id;
  };
  const page = (stageId: number, position: number, p: DemoPage) =>
    activity(stageId, position, 'page', p.title, { markdown: readText(p.file), completeOn: p.completeOn });

  const s1 = await stage(1, DEMO_STAGES.lan, 'Agenda pembelajaran mandiri dari LAN RI: bela negara, nilai dasar ASN, dan kedudukan PPPK.', 5);
  activityIds.push(await insertPreTest(L, programmeId, s1, 1, iso));
  await page(s1, 2, DEMO_PAGES.welcome);
  await page(s1, 3, DEMO_PAGES.belaNegara);
  await page(s1, 4, DEMO_PAGES.berakhlak);
  await page(s1, 5, DEMO_PAGES.pppk);
  await activity(s1, 6, 'document', DEMO_MEDIA.modul.title, { fileId: modulId, completeOn: 'open' });
  await activity(s1, 7, 'video', DEMO_MEDIA.video.title, {
    fileId: videoId,
    lowDataFileId: lowDataId,
    captionsFileId: captionsId,
    durationSeconds: BERAKHLAK_VIDEO_SECONDS,
    completeAtPercent: 90,
  });

  const s2 = await stage(2, DEMO_STAGES.kpu, 'Agenda instansi: organisasi, jabatan, kinerja, serta nilai dan etika penyelenggara pemilu.', 10);
  await page(s2, 1, DEMO_PAGES.organisasi);
  await page(s2, 2, DEMO_PAGES.jabatan);
  await page(s2, 3, DEMO_PAGES.etika);

  const s3 = await stage(3, DEMO_STAGES.jurnal, 'Ringkasan pribadi seluruh agenda orientasi dalam satu berkas PDF.', 14);
  await activity(s3, 1, 'upload', DEMO_JURNAL.title, { instructions: readText(DEMO_JURNAL.file), maxBytes: DEMO_JURNAL.maxBytes, requireMaterialOpened: true });

  await addEvaluationStage(L, programmeId, 4, iso, null, record);
  const live = await ensureDemoLiveSession(ctx, programmeId, { stageTitle: DEMO_STAGES.lan, finalTitle: E.final.title });
  if (live !== null) activityIds.push(live);
  questionBankChanged(ctx);
  programmeStructureChanged(ctx);

  return { created: true, evaluationAdded: false, stageIds, activityIds, fileIds: [modulId, videoId, lowDataId, captionsId], questionsInserted: questions.inserted };
}

/**
 * A demo programme loaded before the evaluation existed: it has the stage "Tahap 1 — Agenda LAN" and
 * no quiz at all. Adds the question bank, the pre-test at the start of Tahap 1 and the evaluation
 * stage after the last stage. Anything else (a programme with a quiz, or not shaped like the demo) is
 * left alone. The evaluation stage is reused when a run was interrupted right after creating it.
 */
async function upgradeOldDemo(ctx: AppContext, programmeId: number, stages: { id: number; title: string; position: number }[], iso: string): Promise<DemoContentResult> {
  const untouched: DemoContentResult = { created: false, evaluationAdded: false, stageIds: [], activityIds: [], fileIds: [], questionsInserted: 0 };
  const L = ctx.repos.learning;
  const lan = stages.find((s) => s.title === DEMO_STAGES.lan);
  if (!lan) return untouched;
  const activities = await L.activitiesOf(programmeId, { publishedOnly: false });
  if (activities.some((a) => a.kind === 'quiz')) return untouched;

  const questions = await ensureDemoQuestions(ctx, programmeId);
  questionBankChanged(ctx);
  const stageIds: number[] = [];
  const activityIds: number[] = [];
  const evaluasi = stages.find((s) => s.title === DEMO_STAGES.evaluasi);
  const lastPosition = Math.max(...stages.map((s) => s.position));
  await addEvaluationStage(L, programmeId, lastPosition + 1, iso, evaluasi?.id ?? null, {
    stage: (id) => void stageIds.push(id),
    activity: (id) => void activityIds.push(id),
  });
  const firstPosition = Math.min(...activities.filter((a) => a.stage_id === lan.id).map((a) => a.position), 1);
  activityIds.push(await insertPreTest(L, programmeId, lan.id, firstPosition - 1, iso));
  programmeStructureChanged(ctx);
  return { created: true, evaluationAdded: true, stageIds, activityIds, fileIds: [], questionsInserted: questions.inserted };
}
