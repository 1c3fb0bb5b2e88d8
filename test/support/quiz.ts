// Test fixture for the evaluation work: a fresh programme (cohort + enrolments, via createTestProgramme)
// with a question bank of every question type whose answers are known, and stages with quiz
// activities (pre-test, post-test, final evaluation, remedial …) configured as the test asks.
// Generic on purpose: the attempt engine, the pages, the reports and the end-to-end tests share it.
//
//   const q = await createQuizProgramme(p, { code: 'UJI-KUIS', participantIds: [userId] });
//   q.activities.final              // activity id of the quiz with key 'final'
//   q.answer(questionId, 'right')   // {optionIds:[…]} or {text} that scores full points
//   q.answer(questionId, 'wrong')   // an answer that scores 0
import type { Answer, QuestionOption, QuestionType } from '../../src/domain/quiz.js';
import type { QuizConfig } from '../../src/activities/quiz/config.js';
import { questionBankChanged } from '../../src/services/question-bank.js';
import { programmeStructureChanged } from '../../src/services/learning.js';
import { hashPassword } from '../../src/services/crypto.js';
import type { Role } from '../../src/db/schema.js';
import type { TestPlatform } from './platform.js';
import { createTestProgramme } from './learning.js';

export interface QuestionSpec {
  code: string;
  category: string;
  type: QuestionType;
  text: string;
  /** Choice questions: options with their ids 1, 2, … in this order (true/false: Benar, Salah). */
  options?: { text: string; correct: boolean }[];
  acceptedAnswers?: string[];
  points?: number;
  partialCredit?: boolean;
  feedback?: string | null;
  tags?: string[];
  imageFileId?: number | null;
}

export interface StageSpec {
  title: string;
  /** Default true (the next stage opens when this one's required activities are complete). */
  sequential?: boolean;
  opensOnDay?: number | null;
  closesAfterDay?: number | null;
  targetDay?: number | null;
}

export interface QuizSpec {
  /** Name of the quiz in the returned `activities` map, e.g. 'pre', 'final', 'remedial'. */
  key: string;
  title?: string;
  /** Index into `stages` (default 0). */
  stage?: number;
  /** Quiz configuration (validated by quizConfig when used); `draw` defaults to every question of the default categories. */
  config?: Partial<QuizConfig> & Record<string, unknown>;
  required?: boolean;
  opensAt?: string | null;
  opensOnDay?: number | null;
  closesAfterDay?: number | null;
  prerequisiteKeys?: string[];
}

/** Material (page activities) placed before the quizzes of a stage. */
export interface PageSpec {
  key: string;
  title?: string;
  stage?: number;
  required?: boolean;
}

export const DEFAULT_CATEGORIES = ['Wawasan Kebangsaan', 'Nilai Dasar ASN'] as const;

/**
 * The default bank: 12 questions in two categories, every type, 1 point each except where noted.
 * Category 'Wawasan Kebangsaan': single ×2, multiple with partial credit (2 of 4 correct), multiple
 * without partial credit, true/false ×2 (Benar = id 1, Salah = id 2), short answer ×2.
 * Category 'Nilai Dasar ASN': 4 single choice (the second worth 2 points).
 */
export const DEFAULT_QUESTIONS: QuestionSpec[] = [
  { code: 'WK-01', category: 'Wawasan Kebangsaan', type: 'single', text: 'Dasar negara Indonesia adalah …', options: [{ text: 'Pancasila', correct: true }, { text: 'UUD 1945', correct: false }, { text: 'Bhinneka Tunggal Ika', correct: false }, { text: 'NKRI', correct: false }], feedback: 'Pancasila adalah dasar negara.' },
  { code: 'WK-02', category: 'Wawasan Kebangsaan', type: 'single', text: 'Semboyan negara Indonesia adalah …', options: [{ text: 'Tut Wuri Handayani', correct: false }, { text: 'Bhinneka Tunggal Ika', correct: true }, { text: 'Jalesveva Jayamahe', correct: false }], feedback: 'Berbeda-beda tetapi tetap satu.' },
  { code: 'WK-03', category: 'Wawasan Kebangsaan', type: 'multiple', partialCredit: true, text: 'Manakah yang termasuk empat konsensus dasar berbangsa?', options: [{ text: 'Pancasila', correct: true }, { text: 'Otonomi daerah', correct: false }, { text: 'NKRI', correct: true }, { text: 'Pemilu serentak', correct: false }], feedback: 'Pancasila, UUD 1945, NKRI, Bhinneka Tunggal Ika.' },
  { code: 'WK-04', category: 'Wawasan Kebangsaan', type: 'multiple', partialCredit: false, text: 'Pilih semua nilai BerAKHLAK berikut.', options: [{ text: 'Berorientasi Pelayanan', correct: true }, { text: 'Akuntabel', correct: true }, { text: 'Birokratis', correct: false }, { text: 'Kolaboratif', correct: true }], feedback: 'BerAKHLAK: Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.' },
  { code: 'WK-05', category: 'Wawasan Kebangsaan', type: 'true_false', text: 'Sumpah Pemuda diikrarkan pada tahun 1928.', options: [{ text: 'Benar', correct: true }, { text: 'Salah', correct: false }], feedback: '28 Oktober 1928.' },
  { code: 'WK-06', category: 'Wawasan Kebangsaan', type: 'true_false', text: 'PPPK bukan termasuk ASN.', options: [{ text: 'Benar', correct: false }, { text: 'Salah', correct: true }], feedback: 'ASN terdiri atas PNS dan PPPK.' },
  { code: 'WK-07', category: 'Wawasan Kebangsaan', type: 'short', text: 'Lembaga yang menyelenggarakan pemilu di Indonesia disingkat …', acceptedAnswers: ['KPU', 'Komisi Pemilihan Umum'], feedback: 'Komisi Pemilihan Umum.' },
  { code: 'WK-08', category: 'Wawasan Kebangsaan', type: 'short', text: 'Ibu kota Provinsi Nusa Tenggara Timur adalah …', acceptedAnswers: ['Kupang'], feedback: 'Kota Kupang.' },
  { code: 'ND-01', category: 'Nilai Dasar ASN', type: 'single', text: 'Nilai "Akuntabel" berarti …', options: [{ text: 'Bertanggung jawab atas kepercayaan', correct: true }, { text: 'Selalu cepat', correct: false }, { text: 'Tidak pernah salah', correct: false }] },
  { code: 'ND-02', category: 'Nilai Dasar ASN', type: 'single', points: 2, text: 'Nilai "Adaptif" berarti …', options: [{ text: 'Menolak perubahan', correct: false }, { text: 'Terus berinovasi dan antusias menghadapi perubahan', correct: true }, { text: 'Menunggu perintah', correct: false }] },
  { code: 'ND-03', category: 'Nilai Dasar ASN', type: 'single', text: 'Nilai "Harmonis" berarti …', options: [{ text: 'Saling peduli dan menghargai perbedaan', correct: true }, { text: 'Menyeragamkan pendapat', correct: false }, { text: 'Menghindari rapat', correct: false }] },
  { code: 'ND-04', category: 'Nilai Dasar ASN', type: 'single', text: 'Nilai "Loyal" berarti …', options: [{ text: 'Setia kepada atasan saja', correct: false }, { text: 'Berdedikasi dan mengutamakan kepentingan bangsa dan negara', correct: true }, { text: 'Tidak pernah cuti', correct: false }] },
];

export interface QuizKey {
  code: string;
  type: QuestionType;
  points: number;
  correctOptionIds: number[];
  wrongOptionIds: number[];
  acceptedAnswers: string[];
}

export interface QuizProgramme {
  programmeId: number;
  cohortId: number;
  enrolmentIds: number[];
  /** Category name → id. */
  categories: Record<string, number>;
  /** Question code → question id. */
  questions: Record<string, number>;
  /** Question id → its key (what scores and what does not). */
  keys: Map<number, QuizKey>;
  stageIds: number[];
  /** Quiz (and page) key → activity id. */
  activities: Record<string, number>;
  /** An answer to the question that scores full points ('right') or nothing ('wrong'). */
  answer(questionId: number, how: 'right' | 'wrong'): Answer;
  /** Total points of the given questions. */
  maxScore(questionIds: readonly number[]): number;
}

/**
 * Builds a programme with a cohort and the participants enrolled, the question bank and the quizzes.
 * Default layout (no `stages`/`quizzes` given): one non-sequential stage 'Evaluasi' with a post-test
 * 'post' drawing every question of 'Wawasan Kebangsaan', no time limit, 1 attempt, pass mark 70.
 */
export async function createQuizProgramme(
  p: Pick<TestPlatform, 'ctx' | 'clock'>,
  opts: {
    code: string;
    participantIds: number[];
    startBy?: string | null;
    windowDays?: number | null;
    questions?: QuestionSpec[];
    stages?: StageSpec[];
    pages?: PageSpec[];
    quizzes?: QuizSpec[];
  },
): Promise<QuizProgramme> {
  const now = p.clock.fn().toISOString();
  const { programmeId, cohortId, enrolmentIds } = await createTestProgramme(p, {
    code: opts.code,
    participantIds: opts.participantIds,
    ...(opts.startBy !== undefined ? { startBy: opts.startBy } : {}),
    ...(opts.windowDays !== undefined ? { windowDays: opts.windowDays } : {}),
  });
  const Q = p.ctx.repos.questions;
  const categories: Record<string, number> = {};
  const questions: Record<string, number> = {};
  const keys = new Map<number, QuizKey>();
  for (const spec of opts.questions ?? DEFAULT_QUESTIONS) {
    categories[spec.category] ??= await Q.ensureCategory(programmeId, spec.category, now);
    const options: QuestionOption[] = (spec.options ?? []).map((o, i) => ({ id: i + 1, text: o.text, correct: o.correct }));
    const id = await Q.insertQuestion({
      programmeId,
      categoryId: categories[spec.category]!,
      code: spec.code,
      type: spec.type,
      text: spec.text,
      imageFileId: spec.imageFileId ?? null,
      options,
      acceptedAnswers: spec.acceptedAnswers ?? [],
      points: spec.points ?? 1,
      partialCredit: spec.partialCredit ?? false,
      feedback: spec.feedback ?? null,
      tags: spec.tags ?? [],
      now,
    });
    questions[spec.code] = id;
    keys.set(id, {
      code: spec.code,
      type: spec.type,
      points: spec.points ?? 1,
      correctOptionIds: options.filter((o) => o.correct).map((o) => o.id),
      wrongOptionIds: options.filter((o) => !o.correct).map((o) => o.id),
      acceptedAnswers: spec.acceptedAnswers ?? [],
    });
  }
  questionBankChanged(p.ctx);

  const L = p.ctx.repos.learning;
  const stageSpecs = opts.stages ?? [{ title: 'Evaluasi', sequential: false }];
  const stageIds: number[] = [];
  for (const [i, s] of stageSpecs.entries()) {
    stageIds.push(
      await L.insertStage({
        programme_id: programmeId,
        position: i + 1,
        title: s.title,
        sequential: s.sequential ?? true,
        opens_on_day: s.opensOnDay ?? null,
        closes_after_day: s.closesAfterDay ?? null,
        target_day: s.targetDay ?? null,
        now,
      }),
    );
  }

  const activities: Record<string, number> = {};
  const positions = new Map<number, number>();
  const nextPosition = (stageId: number) => {
    const n = (positions.get(stageId) ?? 0) + 1;
    positions.set(stageId, n);
    return n;
  };
  for (const page of opts.pages ?? []) {
    const stageId = stageIds[page.stage ?? 0]!;
    activities[page.key] = await L.insertActivity({
      programme_id: programmeId,
      stage_id: stageId,
      position: nextPosition(stageId),
      kind: 'page',
      title: page.title ?? `Materi ${page.key}`,
      required: page.required ?? true,
      config: { markdown: `# ${page.title ?? page.key}`, completeOn: 'open' },
      now,
    });
  }
  const quizSpecs = opts.quizzes ?? [{ key: 'post', config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }] } }];
  for (const q of quizSpecs) {
    const stageId = stageIds[q.stage ?? 0]!;
    const config = { draw: [{ category: DEFAULT_CATEGORIES[0], count: null }], ...(q.config ?? {}) };
    activities[q.key] = await L.insertActivity({
      programme_id: programmeId,
      stage_id: stageId,
      position: nextPosition(stageId),
      kind: 'quiz',
      title: q.title ?? `Kuis ${q.key}`,
      required: q.required ?? true,
      config,
      prerequisite_ids: (q.prerequisiteKeys ?? []).map((k) => activities[k]!),
      opens_at: q.opensAt ?? null,
      opens_on_day: q.opensOnDay ?? null,
      closes_after_day: q.closesAfterDay ?? null,
      now,
    });
  }
  programmeStructureChanged(p.ctx);

  return {
    programmeId,
    cohortId,
    enrolmentIds,
    categories,
    questions,
    keys,
    stageIds,
    activities,
    answer(questionId, how) {
      const k = keys.get(questionId);
      if (!k) throw new Error(`question ${questionId} is not in this programme's bank`);
      if (k.type === 'short') return { text: how === 'right' ? k.acceptedAnswers[0]! : 'jawaban keliru sekali' };
      if (how === 'right') return { optionIds: k.correctOptionIds.slice() };
      return { optionIds: k.wrongOptionIds.slice(0, 1) };
    },
    maxScore: (ids) => ids.reduce((s, id) => s + (keys.get(id)?.points ?? 0), 0),
  };
}

/**
 * A user with one role (participant by default), password DEMO_PASSWORD-like `password`. Unit by code
 * (e.g. '5371' KPU Kota Kupang after loadDemo), role unit / cohort as the role needs.
 */
export async function addTestUser(
  p: Pick<TestPlatform, 'ctx' | 'clock'>,
  u: { login: string; name?: string; nip?: string | null; unitCode?: string | null; role?: Role; roleUnitCode?: string | null; cohortId?: number | null; password: string },
): Promise<number> {
  const now = p.clock.fn().toISOString();
  const unit = u.unitCode ? ((await p.ctx.repos.units.findAllByCode(u.unitCode))[0] ?? null) : null;
  const id = await p.ctx.repos.users.insert({
    login: u.login,
    nip: u.nip ?? null,
    name: u.name ?? `Pengguna ${u.login}`,
    email: `${u.login}@uji.lentera.id`,
    phone: null,
    employment_type: u.nip ? 'PPPK' : null,
    position: null,
    unit_id: unit?.id ?? null,
    password_hash: await hashPassword(u.password),
    must_change_password: 0,
    locale: null,
    status: 'active',
    created_at: now,
    updated_at: now,
    password_changed_at: now,
    last_login_at: null,
  });
  const roleUnit = u.roleUnitCode ? ((await p.ctx.repos.units.findAllByCode(u.roleUnitCode))[0] ?? null) : null;
  await p.ctx.repos.users.addRole({ user_id: id, role: u.role ?? 'participant', unit_id: roleUnit?.id ?? null, cohort_id: u.cohortId ?? null, created_at: now, created_by: null });
  return id;
}
