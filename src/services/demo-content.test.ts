import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../test/support/platform.js';
import { loadDemo, DEMO } from './demo.js';
import { findFile } from './files.js';
import { activityKind } from '../activities/registry.js';
import {
  BERAKHLAK_VIDEO_SECONDS,
  DEMO_CONTENT_DIR,
  DEMO_EVALUATION,
  DEMO_JURNAL,
  DEMO_MEDIA,
  DEMO_PAGES,
  DEMO_STAGES,
  DEMO_WINDOW_DAYS,
  demoFinalConfig,
  demoPreTestConfig,
  demoRemedialConfig,
  ensureDemoProgrammeContent,
} from './demo-content.js';
import { DEMO_CATEGORIES, DEMO_QUESTIONS, ensureDemoQuestions } from './demo-questions.js';
import { DEMO_LIVE } from './demo-live.js';
import { quizConfig, type QuizConfig } from '../activities/quiz/config.js';
import { drawQuestions, type BankQuestion } from '../domain/quiz.js';
import { validateDraft } from '../domain/question-sheet.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const words = (s: string) => s.toLowerCase().match(/[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*/g) ?? [];

/** A rough language check: common Indonesian function words are frequent, English ones absent. */
function looksIndonesian(text: string): boolean {
  const w = words(text);
  const id = new Set(['yang', 'dan', 'di', 'untuk', 'dengan', 'dari', 'ini', 'dalam', 'atau', 'tidak', 'anda', 'pada', 'adalah']);
  const en = new Set(['the', 'and', 'of', 'is', 'with', 'for', 'this', 'that', 'you']);
  const idShare = w.filter((x) => id.has(x)).length / w.length;
  const enShare = w.filter((x) => en.has(x)).length / w.length;
  return idShare > 0.06 && enShare < 0.005;
}

describe('demo content files', () => {
  test('every page is well-formed Indonesian Markdown of 250–600 words with headings and lists', () => {
    for (const p of Object.values(DEMO_PAGES)) {
      const md = readFileSync(path.join(DEMO_CONTENT_DIR, p.file), 'utf8');
      const n = words(md).length;
      assert.ok(n >= 250 && n <= 600, `${p.file}: ${n} words`);
      assert.ok(looksIndonesian(md), `${p.file} reads as Indonesian`);
      assert.match(md, new RegExp(`^# ${p.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), `${p.file} starts with its title`);
      assert.ok((md.match(/^## /gm) ?? []).length >= 3, `${p.file} has sections`);
      assert.match(md, /^(- |\d+\. )/m, `${p.file} has a list`);
    }
  });

  test('the regulations are cited by name where the curriculum asks for them', () => {
    const read = (f: string) => readFileSync(path.join(DEMO_CONTENT_DIR, f), 'utf8');
    assert.match(read(DEMO_PAGES.pppk.file), /UU Nomor 20 Tahun 2023/);
    assert.match(read(DEMO_PAGES.pppk.file), /Peraturan Pemerintah Nomor 49 Tahun 2018/);
    assert.match(read(DEMO_PAGES.pppk.file), /24 jam pelajaran/);
    assert.match(read(DEMO_PAGES.organisasi.file), /Peraturan Presiden Nomor 105 Tahun 2018/);
    assert.match(read(DEMO_PAGES.organisasi.file), /PKPU\) Nomor 14 Tahun 2020/);
    for (const v of ['Berorientasi Pelayanan', 'Akuntabel', 'Kompeten', 'Harmonis', 'Loyal', 'Adaptif', 'Kolaboratif']) {
      assert.match(read(DEMO_PAGES.berakhlak.file), new RegExp(`^## ${v}$`, 'm'));
    }
    assert.match(read(DEMO_PAGES.berakhlak.file), /Bangga Melayani Bangsa/);
  });

  test('the media are small, of the right type, and the captions cover the video', () => {
    const size = (f: string) => statSync(path.join(DEMO_CONTENT_DIR, f)).size;
    const pdf = readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_MEDIA.modul.file));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length < 200 * 1024);
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    assert.ok(pages >= 3 && pages <= 5, `${pages} PDF pages`);
    for (const f of [DEMO_MEDIA.video.file, DEMO_MEDIA.videoLowData.file]) {
      assert.equal(readFileSync(path.join(DEMO_CONTENT_DIR, f)).subarray(4, 8).toString('latin1'), 'ftyp', `${f} is MP4`);
    }
    assert.ok(size(DEMO_MEDIA.video.file) + size(DEMO_MEDIA.videoLowData.file) < 2 * 1024 * 1024);
    assert.ok(size(DEMO_MEDIA.videoLowData.file) < size(DEMO_MEDIA.video.file));
    const vtt = readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_MEDIA.captions.file), 'utf8');
    assert.match(vtt, /^WEBVTT\n/);
    const ends = [...vtt.matchAll(/--> 00:00:(\d\d)\.000/g)].map((m) => Number(m[1]));
    assert.equal(Math.max(...ends), BERAKHLAK_VIDEO_SECONDS);
    assert.ok(looksIndonesian(readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_JURNAL.file), 'utf8')));
  });
});

/** The demo questions as the drawing sees them (ids by position). */
const demoBank = (): BankQuestion[] =>
  DEMO_QUESTIONS.map((q, i) => ({
    id: i + 1,
    category: q.category,
    type: q.type,
    text: q.text,
    imageFileId: null,
    options: q.options.map((o, j) => ({ id: j + 1, ...o })),
    acceptedAnswers: q.acceptedAnswers,
    points: q.points,
    partialCredit: q.partialCredit,
    feedback: q.feedback,
  }));

const drawCount = (c: QuizConfig) => c.draw.reduce((n, r) => n + (r.count ?? 0), 0);

describe('demo question bank', () => {
  test('at least 40 questions with unique codes, every type present, one category per agenda', () => {
    assert.ok(DEMO_QUESTIONS.length >= 40, `${DEMO_QUESTIONS.length} questions`);
    assert.equal(new Set(DEMO_QUESTIONS.map((q) => q.code)).size, DEMO_QUESTIONS.length, 'codes are unique');
    const types = new Set(DEMO_QUESTIONS.map((q) => q.type));
    assert.deepEqual([...types].sort(), ['multiple', 'short', 'single', 'true_false']);
    const single = DEMO_QUESTIONS.filter((q) => q.type === 'single').length;
    assert.ok(single > DEMO_QUESTIONS.length / 2, 'mostly single choice');
    const multiple = DEMO_QUESTIONS.filter((q) => q.type === 'multiple');
    assert.ok(multiple.some((q) => q.partialCredit) && multiple.some((q) => !q.partialCredit), 'partial credit on some multiple-choice questions');
    assert.deepEqual(new Set(DEMO_QUESTIONS.map((q) => q.category)), new Set(Object.values(DEMO_CATEGORIES)));
    for (const c of Object.values(DEMO_CATEGORIES)) {
      const prefix = DEMO_QUESTIONS.find((q) => q.category === c)!.code.split('-')[0];
      assert.ok(DEMO_QUESTIONS.filter((q) => q.category === c).every((q) => q.code.startsWith(`${prefix}-`)), `${c}: one code prefix`);
    }
  });

  test('every question is valid for its type, with feedback and tags, in Indonesian', () => {
    for (const q of DEMO_QUESTIONS) {
      const correct = q.options.filter((o) => o.correct).length;
      if (q.type === 'single') {
        assert.equal(q.options.length, 4, `${q.code}: four options`);
        assert.equal(correct, 1, `${q.code}: exactly one correct`);
      }
      if (q.type === 'true_false') {
        assert.deepEqual(q.options.map((o) => o.text), ['Benar', 'Salah'], `${q.code}: Benar / Salah`);
        assert.equal(correct, 1, `${q.code}: one of the two is correct`);
      }
      if (q.type === 'multiple') {
        assert.ok(correct >= 1 && correct < q.options.length, `${q.code}: at least one correct, at least one wrong`);
      }
      if (q.type === 'short') {
        assert.equal(q.options.length, 0, `${q.code}: no options`);
        assert.ok(q.acceptedAnswers.length >= 2, `${q.code}: several accepted answers`);
      } else {
        assert.equal(q.acceptedAnswers.length, 0, `${q.code}: no accepted answers`);
        assert.equal(new Set(q.options.map((o) => o.text)).size, q.options.length, `${q.code}: distinct options`);
      }
      assert.deepEqual(validateDraft({ ...q, options: [...q.options], acceptedAnswers: [...q.acceptedAnswers], tags: [...q.tags] }), [], `${q.code} passes the bank's own validation`);
      assert.ok(q.points > 0);
      assert.ok(q.feedback.length >= 20, `${q.code}: an explanation`);
      assert.ok(q.tags.length >= 1, `${q.code}: tags`);
    }
    assert.ok(looksIndonesian(DEMO_QUESTIONS.map((q) => `${q.text} ${q.feedback}`).join(' ')), 'the questions read as Indonesian');
    assert.ok(DEMO_QUESTIONS.some((q) => q.type === 'short' && q.acceptedAnswers.includes('BerAKHLAK')));
  });

  test('every draw rule of the demo quizzes can be satisfied by the bank', () => {
    const bank = demoBank();
    const configs: [string, QuizConfig, number][] = [
      ['pre-test', demoPreTestConfig(), DEMO_EVALUATION.preTest.questions],
      ['final', demoFinalConfig(), DEMO_EVALUATION.final.questions],
      ['remedial', demoRemedialConfig(1), DEMO_EVALUATION.remedial.questions],
    ];
    for (const [name, config, expected] of configs) {
      assert.ok(quizConfig.safeParse(config).success, `${name}: a valid quiz config`);
      assert.equal(drawCount(config), expected, `${name}: ${expected} questions`);
      assert.deepEqual(new Set(config.draw.map((r) => r.category)), new Set(Object.values(DEMO_CATEGORIES)), `${name}: drawn across every category`);
      for (let seed = 1; seed <= 20; seed++) {
        const drawn = drawQuestions(bank, config.draw, seed, { shuffleQuestions: config.shuffleQuestions, shuffleOptions: config.shuffleOptions });
        assert.deepEqual(drawn.shortfalls, [], `${name}: no shortfall`);
        assert.equal(drawn.questions.length, expected);
        assert.equal(new Set(drawn.questions.map((q) => q.id)).size, expected);
      }
    }
    // Every category has at least twice what the final evaluation draws from it, so attempts differ.
    for (const r of demoFinalConfig().draw) assert.ok(bank.filter((q) => q.category === r.category).length >= 2 * r.count!, `${r.category} is deep enough`);
  });
});

for (const kind of testDatabases()) {
  describe(`demo programme content [${kind}]`, () => {
    let p: TestPlatform;
    let filesDir: string;
    before(async () => {
      filesDir = mkdtempSync(path.join(tmpdir(), 'lentera-demo-files-'));
      p = await startTestPlatform(kind, { FILES_DIR: filesDir });
      p.clock.set('2025-11-10T01:00:00.000Z'); // 09:00 WITA in Kupang
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(async () => {
      await p.dispose();
      rmSync(filesDir, { recursive: true, force: true });
    });

    const programmeId = async () => (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!.id;

    test('loading the demo twice creates the structure once', async () => {
      p.clock.set('2025-11-12T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD);
      const id = await programmeId();
      const stages = await p.ctx.repos.learning.stagesOf(id, { publishedOnly: false });
      assert.deepEqual(stages.map((s) => [s.title, s.target_day]), [[DEMO_STAGES.lan, 5], [DEMO_STAGES.kpu, 10], [DEMO_STAGES.jurnal, 14], [DEMO_STAGES.evaluasi, 15]]);
      const activities = await p.ctx.repos.learning.activitiesOf(id, { publishedOnly: false });
      assert.deepEqual(
        activities.map((a) => [stages.findIndex((s) => s.id === a.stage_id) + 1, a.kind, a.title]),
        [
          [1, 'quiz', DEMO_EVALUATION.preTest.title],
          [1, 'page', 'Panduan Belajar Mandiri'],
          [1, 'page', 'Sikap Perilaku Bela Negara'],
          [1, 'page', 'Nilai-Nilai Dasar ASN: BerAKHLAK'],
          [1, 'page', 'Kedudukan dan Peran PPPK dalam Smart Governance'],
          [1, 'document', 'Modul BerAKHLAK (PDF)'],
          [1, 'video', 'Video: BerAKHLAK dalam 30 Detik'],
          [1, 'live_session', DEMO_LIVE.title],
          [2, 'page', 'Susunan Organisasi dan Tata Kerja KPU'],
          [2, 'page', 'Pengenalan Jabatan dan Manajemen Kinerja'],
          [2, 'page', 'Nilai, Etika dan Integritas Penyelenggara Pemilu'],
          [3, 'upload', 'Unggah Jurnal'],
          [4, 'quiz', DEMO_EVALUATION.final.title],
          [4, 'quiz', DEMO_EVALUATION.remedial.title],
        ],
      );
      assert.deepEqual((await p.ctx.repos.questions.codesOf(id)).sort(), DEMO_QUESTIONS.map((q) => q.code).sort(), 'the bank holds every demo question once');
      assert.equal((await p.ctx.repos.questions.categoriesOf(id)).length, Object.keys(DEMO_CATEGORIES).length);
      const cohort = await p.ctx.repos.programmes.findCohort(id, DEMO.cohort.code);
      assert.equal(cohort!.window_days, DEMO_WINDOW_DAYS);
      assert.equal(cohort!.start_by, '2025-11-24', 'two weeks after the first load, not moved by the second');
    });

    test('the configs have the agreed shapes (and pass the schema of every kind already registered)', async () => {
      const activities = await p.ctx.repos.learning.activitiesOf(await programmeId(), { publishedOnly: false });
      for (const a of activities) {
        const config = JSON.parse(a.config) as Record<string, unknown>;
        const k = activityKind(a.kind);
        if (k) assert.ok(k.configSchema.safeParse(config).success, `${a.kind} "${a.title}" config is valid`);
        if (a.kind === 'page') {
          assert.ok(words(String(config.markdown)).length >= 250, `${a.title} has real text`);
          assert.ok(looksIndonesian(String(config.markdown)));
          assert.equal(config.completeOn, a.title === 'Panduan Belajar Mandiri' ? 'open' : 'scroll_end');
        }
        if (a.kind === 'document') assert.deepEqual(Object.keys(config).sort(), ['completeOn', 'fileId']);
        if (a.kind === 'video') {
          assert.deepEqual(Object.keys(config).sort(), ['captionsFileId', 'completeAtPercent', 'durationSeconds', 'fileId', 'lowDataFileId']);
          assert.equal(config.durationSeconds, BERAKHLAK_VIDEO_SECONDS);
          assert.equal(config.completeAtPercent, 90);
        }
        if (a.kind === 'quiz') {
          const q = quizConfig.parse(config);
          if (q.purpose === 'pre_test') {
            assert.deepEqual([q.timeLimitMinutes, q.attempts, drawCount(q), a.required], [15, 1, 10, 0]);
            assert.equal(activityKind('quiz')!.effectiveRequired?.(q, true), false, 'a pre-test never blocks');
          } else if (q.purpose === 'final') {
            assert.deepEqual([q.timeLimitMinutes, q.attempts, drawCount(q), q.passMark, q.grading, a.required, a.closes_after_day], [30, 2, 20, 70, 'highest', 1, 15]);
            assert.deepEqual(q.review, { responses: true, correctness: true, correctAnswers: false, feedback: true });
          } else {
            assert.equal(q.purpose, 'remedial');
            const final = activities.find((x) => x.title === DEMO_EVALUATION.final.title)!;
            assert.deepEqual([q.timeLimitMinutes, q.attempts, drawCount(q), q.passMark, q.evaluationActivityId, a.required, a.opens_on_day, a.closes_after_day], [30, null, 20, 70, final.id, 0, 16, 30]);
          }
        }
        if (a.kind === 'upload') {
          assert.deepEqual(config, { instructions: readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_JURNAL.file), 'utf8'), maxBytes: 5_242_880, requireMaterialOpened: true });
        }
      }
    });

    test('the stored files are byte-identical to content/demo/ (sha256) and typed', async () => {
      const activities = await p.ctx.repos.learning.activitiesOf(await programmeId(), { publishedOnly: false });
      const config = (k: string) => JSON.parse(activities.find((a) => a.kind === k)!.config) as Record<string, number>;
      const expected: [number, { file: string; mime: string }][] = [
        [config('document').fileId!, DEMO_MEDIA.modul],
        [config('video').fileId!, DEMO_MEDIA.video],
        [config('video').lowDataFileId!, DEMO_MEDIA.videoLowData],
        [config('video').captionsFileId!, DEMO_MEDIA.captions],
      ];
      assert.equal(new Set(expected.map(([id]) => id)).size, 4);
      for (const [id, m] of expected) {
        const disk = readFileSync(path.join(DEMO_CONTENT_DIR, m.file));
        const stored = await findFile(p.ctx, id);
        assert.ok(stored, `file ${m.file} is stored`);
        assert.equal(stored.row.sha256, sha256(disk), m.file);
        assert.equal(stored.row.mime, m.mime);
        assert.equal(stored.row.original_name, m.file);
        assert.equal(sha256(readFileSync(stored.path)), sha256(disk));
      }
    });

    test('the participant outline shows the stages in order, Tahap 2 locked behind Tahap 1', async () => {
      const c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      const [e] = (await c.getJson('/api/v1/me/enrolments')).json().items;
      const res = await c.getJson(`/api/v1/enrolments/${e.id}/outline`);
      assert.equal(res.status, 200);
      const o = res.json();
      assert.deepEqual(o.stages.map((s: { title: string }) => s.title), [DEMO_STAGES.lan, DEMO_STAGES.kpu, DEMO_STAGES.jurnal, DEMO_STAGES.evaluasi]);
      assert.deepEqual(o.stages.map((s: { state: string }) => s.state), ['available', 'locked', 'locked', 'locked']);
      assert.equal(o.stages[1].reason, 'Terbuka setelah Tahap 1 — Agenda LAN selesai');
      assert.equal(o.stages[2].reason, 'Terbuka setelah Tahap 2 — Agenda Instansi KPU selesai');
      assert.equal(o.stages[3].reason, 'Terbuka setelah Tahap 3 — Jurnal selesai');
      assert.deepEqual(
        o.stages[0].activities.slice(0, 2).map((a: { title: string; required: boolean; state: string }) => [a.title, a.required, a.state]),
        [[DEMO_EVALUATION.preTest.title, false, 'available'], ['Panduan Belajar Mandiri', true, 'available']],
      );
      assert.equal(o.stages[0].activities.length, 8);
      const last = o.stages[0].activities.at(-1);
      assert.deepEqual([last.title, last.kind, last.required], [DEMO_LIVE.title, 'live_session', false], 'the optional opening session closes Tahap 1');
      assert.deepEqual(o.stages[3].activities.map((a: { title: string; required: boolean }) => [a.title, a.required]), [[DEMO_EVALUATION.final.title, true], [DEMO_EVALUATION.remedial.title, false]]);
    });

    test('the demo quizzes draw their full count from the stored bank', async () => {
      const id = await programmeId();
      const bank = await p.ctx.repos.questions.activeBank(id);
      assert.equal(bank.length, DEMO_QUESTIONS.length);
      const quizzes = (await p.ctx.repos.learning.activitiesOf(id, { publishedOnly: false })).filter((a) => a.kind === 'quiz');
      assert.equal(quizzes.length, 3);
      for (const a of quizzes) {
        const c = quizConfig.parse(JSON.parse(a.config));
        const drawn = drawQuestions(bank, c.draw, 42, { shuffleQuestions: true, shuffleOptions: true });
        assert.deepEqual(drawn.shortfalls, [], `${a.title}: no shortfall`);
        assert.equal(drawn.questions.length, drawCount(c));
      }
      assert.deepEqual(await ensureDemoQuestions(p.ctx, id), { inserted: 0, skipped: DEMO_QUESTIONS.length }, 'a second run inserts nothing');
    });

    /** A programme as the demo was loaded before the evaluation existed: the three old stages, no quiz. */
    async function oldDemoProgramme(code: string): Promise<number> {
      const now = p.ctx.clock().toISOString();
      const org = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      const id = await p.ctx.repos.programmes.insert({ code, title: 'Orientasi PPPK (lama)', description: null, jp: 45, organiser_unit_id: org.organiser_unit_id, provider: null, status: 'published', now });
      const L = p.ctx.repos.learning;
      const pages: [string, string[]][] = [
        [DEMO_STAGES.lan, ['Panduan Belajar Mandiri', 'Sikap Perilaku Bela Negara']],
        [DEMO_STAGES.kpu, ['Susunan Organisasi dan Tata Kerja KPU']],
        [DEMO_STAGES.jurnal, ['Unggah Jurnal']],
      ];
      for (const [i, [title, acts]] of pages.entries()) {
        const stageId = await L.insertStage({ programme_id: id, position: i + 1, title, target_day: 5 * (i + 1), now });
        for (const [j, t] of acts.entries()) await L.insertActivity({ programme_id: id, stage_id: stageId, position: j + 1, kind: 'page', title: t, config: { markdown: `# ${t}`, completeOn: 'open' }, now });
      }
      return id;
    }

    test('an old three-stage demo gets the bank, the pre-test and the evaluation added, once', async () => {
      const id = await oldDemoProgramme('ORIENTASI-LAMA');
      const first = await ensureDemoProgrammeContent(p.ctx, id);
      assert.equal(first.evaluationAdded, true);
      assert.equal(first.questionsInserted, DEMO_QUESTIONS.length);
      const second = await ensureDemoProgrammeContent(p.ctx, id);
      assert.deepEqual(second, { created: false, evaluationAdded: false, stageIds: [], activityIds: [], fileIds: [], questionsInserted: 0 });

      const stages = await p.ctx.repos.learning.stagesOf(id, { publishedOnly: false });
      assert.deepEqual(stages.map((s) => s.title), [DEMO_STAGES.lan, DEMO_STAGES.kpu, DEMO_STAGES.jurnal, DEMO_STAGES.evaluasi]);
      const activities = await p.ctx.repos.learning.activitiesOf(id, { publishedOnly: false });
      assert.deepEqual(
        activities.map((a) => [stages.findIndex((s) => s.id === a.stage_id) + 1, a.kind, a.title]),
        [
          [1, 'quiz', DEMO_EVALUATION.preTest.title],
          [1, 'page', 'Panduan Belajar Mandiri'],
          [1, 'page', 'Sikap Perilaku Bela Negara'],
          [1, 'live_session', DEMO_LIVE.title],
          [2, 'page', 'Susunan Organisasi dan Tata Kerja KPU'],
          [3, 'page', 'Unggah Jurnal'],
          [4, 'quiz', DEMO_EVALUATION.final.title],
          [4, 'quiz', DEMO_EVALUATION.remedial.title],
        ],
      );
      const final = activities.find((a) => a.title === DEMO_EVALUATION.final.title)!;
      const remedial = activities.find((a) => a.title === DEMO_EVALUATION.remedial.title)!;
      assert.equal(quizConfig.parse(JSON.parse(remedial.config)).evaluationActivityId, final.id);
      assert.equal((await p.ctx.repos.questions.codesOf(id)).length, DEMO_QUESTIONS.length);
    });

    test('a programme with stages that is not the old demo, or already has a quiz, is left alone', async () => {
      const now = p.ctx.clock().toISOString();
      const org = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      const other = await p.ctx.repos.programmes.insert({ code: 'LAIN-1', title: 'Pelatihan lain', description: null, jp: 10, organiser_unit_id: org.organiser_unit_id, provider: null, status: 'draft', now });
      await p.ctx.repos.learning.insertStage({ programme_id: other, position: 1, title: 'Modul 1', now });
      assert.equal((await ensureDemoProgrammeContent(p.ctx, other)).created, false);
      assert.deepEqual(await p.ctx.repos.questions.codesOf(other), []);

      const withQuiz = await oldDemoProgramme('ORIENTASI-KUIS');
      const lan = (await p.ctx.repos.learning.stagesOf(withQuiz, { publishedOnly: false }))[0]!;
      await p.ctx.repos.learning.insertActivity({ programme_id: withQuiz, stage_id: lan.id, position: 9, kind: 'quiz', title: 'Kuis sendiri', config: { ...demoPreTestConfig(), purpose: 'post_test' }, now });
      assert.equal((await ensureDemoProgrammeContent(p.ctx, withQuiz)).created, false);
      assert.equal((await p.ctx.repos.learning.stagesOf(withQuiz, { publishedOnly: false })).length, 3);
    });
  });
}
