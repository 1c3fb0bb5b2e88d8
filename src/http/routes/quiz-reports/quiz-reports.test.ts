// Evaluation reports against a small cohort computed by hand: six participants in three units
// (Kota Kupang and Sumba Barat under KPU Provinsi NTT, and KPU Provinsi Bali), two cohorts, a
// pre-test, a post-test graded "highest" and a final evaluation graded "last" with fails and passes.
//
//            unit         cohort  pre   post (attempts)   final attempts (q1..q4 points 1,2,1,1 → %)
//   Ani      5371 Kupang  1       40    90                #1 [1,2,1,1] 100 pass
//   Budi     5371 Kupang  1       20    60, 40 → 60       #1 [0,0,1,0] 20 fail, #2 [1,2,1,0] 80 pass   → last 80
//   Citra    5301 Sumba   1       60    100               #1 [0,0,1,1] 40 fail
//   Dedi     5301 Sumba   1       40    –                 #1 [1,2,0,0] 60 fail, #2 (expired) [0,0,1,1] 40 → last 40 (highest would be 60)
//   Eka      51 Bali      1       20    50                #1 [1,2,1,0] 80 pass
//   Fajar    5371 Kupang  2       0     –                 open attempt only (not attempted)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { createQuizProgramme, addTestUser, DEFAULT_QUESTIONS, type QuizProgramme } from '../../../../test/support/quiz.js';
import { loadDemo } from '../../../services/demo.js';
import type { DrawnQuestion } from '../../../domain/quiz.js';

const FINAL_CODES = ['ND-01', 'ND-02', 'ND-03', 'ND-04'];

for (const kind of testDatabases()) {
  describe(`evaluation reports [${kind}]`, () => {
    let p: TestPlatform;
    let q: QuizProgramme;
    let cohort2 = 0;
    const users: Record<string, number> = {};
    const enrol: Record<string, number> = {};
    const unitIds: Record<string, number> = {};
    let admin: TestClient;
    let operator: TestClient;
    let participant: TestClient;
    let facilitator: TestClient;

    async function insertAttempt(who: string, activityId: number, a: { number: number; percent: number; passed: boolean; at: string; status?: 'submitted' | 'expired' | 'open'; scores?: number[]; enrolmentId?: number }) {
      const db = p.ctx.db.kysely;
      const open = a.status === 'open';
      const row = await db
        .insertInto('quiz_attempts')
        .values({
          enrolment_id: a.enrolmentId ?? enrol[who]!,
          activity_id: activityId,
          user_id: users[who]!,
          number: a.number,
          status: a.status ?? 'submitted',
          seed: 7,
          started_at: a.at,
          deadline: null,
          finished_at: open ? null : a.at,
          finished_by: open ? null : a.status === 'expired' ? 'deadline' : 'participant',
          score: open ? null : a.percent,
          max_score: open ? null : 100,
          percent: open ? null : a.percent,
          passed: open ? null : a.passed ? 1 : 0,
          updated_at: a.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (a.scores) {
        for (const [i, code] of FINAL_CODES.entries()) {
          const spec = DEFAULT_QUESTIONS.find((s) => s.code === code)!;
          const snapshot: DrawnQuestion = {
            id: q.questions[code]!,
            category: spec.category,
            type: spec.type,
            text: spec.text,
            imageFileId: null,
            options: (spec.options ?? []).map((o, j) => ({ id: j + 1, text: o.text, correct: o.correct })),
            acceptedAnswers: [],
            points: spec.points ?? 1,
            partialCredit: false,
            feedback: null,
          };
          await db.insertInto('attempt_questions').values({ attempt_id: row.id, question_id: snapshot.id, position: i + 1, snapshot: JSON.stringify(snapshot), answer: null, answered_at: null, score: open ? null : a.scores[i]! }).execute();
        }
      }
    }

    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      const people: [string, string, string][] = [
        ['ani', 'Ani', '5371'],
        ['budi', 'Budi', '5371'],
        ['citra', 'Citra', '5301'],
        ['dedi', 'Dedi', '5301'],
        ['eka', 'Eka', '51'],
        ['fajar', 'Fajar', '5371'],
      ];
      for (const [i, [login, name, unit]] of people.entries()) {
        users[login] = await addTestUser(p, { login: `lap.${login}`, name, nip: `19900101202421100${i + 2}`, unitCode: unit, password: DEMO_PASSWORD });
      }
      for (const code of ['53', '5371', '5301', '51']) unitIds[code] = (await p.ctx.repos.units.findAllByCode(code))[0]!.id;
      q = await createQuizProgramme(p, {
        code: 'UJI-LAPORAN',
        participantIds: ['ani', 'budi', 'citra', 'dedi', 'eka'].map((l) => users[l]!),
        quizzes: [
          { key: 'pre', title: 'Pre-test', config: { purpose: 'pre_test', grading: 'highest', attempts: 1, passMark: 70 } },
          { key: 'post', title: 'Post-test', config: { purpose: 'post_test', grading: 'highest', attempts: 2, passMark: 70 } },
          { key: 'final', title: 'Evaluasi Akhir', config: { purpose: 'final', grading: 'last', attempts: 2, passMark: 70, draw: [{ category: 'Nilai Dasar ASN', count: null }] } },
        ],
      });
      const now = p.clock.fn().toISOString();
      cohort2 = await p.ctx.repos.programmes.insertCohort({ programme_id: q.programmeId, code: 'UJI-LAPORAN-2', title: 'Angkatan Dua', starts_on: null, ends_on: null, gelombang: 1, angkatan: 2, now });
      await p.ctx.repos.programmes.enrol({ cohort_id: cohort2, user_id: users.fajar!, ndh: 1, now });
      for (const [i, login] of ['ani', 'budi', 'citra', 'dedi', 'eka'].entries()) enrol[login] = q.enrolmentIds[i]!;
      enrol.fajar = (await p.ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort2).executeTakeFirstOrThrow()).id;

      const { pre, post, final } = q.activities as Record<string, number>;
      const day = (d: number, h = 2) => `2026-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
      for (const [who, pct] of [['ani', 40], ['budi', 20], ['citra', 60], ['dedi', 40], ['eka', 20], ['fajar', 0]] as const) await insertAttempt(who, pre!, { number: 1, percent: pct, passed: false, at: day(1) });
      await insertAttempt('ani', post!, { number: 1, percent: 90, passed: true, at: day(10) });
      await insertAttempt('budi', post!, { number: 1, percent: 60, passed: false, at: day(10) });
      await insertAttempt('budi', post!, { number: 2, percent: 40, passed: false, at: day(11) });
      await insertAttempt('citra', post!, { number: 1, percent: 100, passed: true, at: day(10) });
      await insertAttempt('eka', post!, { number: 1, percent: 50, passed: false, at: day(10) });
      await insertAttempt('ani', final!, { number: 1, percent: 100, passed: true, at: day(15), scores: [1, 2, 1, 1] });
      await insertAttempt('budi', final!, { number: 1, percent: 20, passed: false, at: day(14), scores: [0, 0, 1, 0] });
      await insertAttempt('budi', final!, { number: 2, percent: 80, passed: true, at: day(15, 3), scores: [1, 2, 1, 0] });
      await insertAttempt('citra', final!, { number: 1, percent: 40, passed: false, at: day(15), scores: [0, 0, 1, 1] });
      await insertAttempt('dedi', final!, { number: 1, percent: 60, passed: false, at: day(14), scores: [1, 2, 0, 0] });
      await insertAttempt('dedi', final!, { number: 2, percent: 40, passed: false, at: day(15, 4), status: 'expired', scores: [0, 0, 1, 1] });
      await insertAttempt('eka', final!, { number: 1, percent: 80, passed: true, at: day(15), scores: [1, 2, 1, 0] });
      await insertAttempt('fajar', final!, { number: 1, percent: 0, passed: false, at: day(15), status: 'open', scores: [0, 0, 0, 0] });

      admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login('operator.ntt', DEMO_PASSWORD);
      participant = new TestClient(p);
      await participant.login('lap.ani', DEMO_PASSWORD);
      await addTestUser(p, { login: 'lap.fasil', name: 'Fasilitator Dua', role: 'facilitator', cohortId: cohort2, password: DEMO_PASSWORD });
      facilitator = new TestClient(p);
      await facilitator.login('lap.fasil', DEMO_PASSWORD);
    });
    after(() => p.dispose());

    const results = (c: TestClient, query = '') => c.getJson(`/api/v1/activities/${q.activities.final}/results${query}`);

    test('results of the final evaluation (grading "last"): summary and rows computed by hand', async () => {
      const res = await results(admin);
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.summary, { participants: 6, attempted: 5, passed: 3, failed: 2, notAttempted: 1, meanPercent: 68, medianPercent: 80, matching: 6 });
      assert.equal(body.quiz.grading, 'last');
      const byName = Object.fromEntries(body.items.map((i: any) => [i.participant.name, i]));
      assert.deepEqual(
        body.items.map((i: any) => [i.participant.name, i.attempts, i.gradePercent, i.status]),
        [['Ani', 1, 100, 'passed'], ['Budi', 2, 80, 'passed'], ['Citra', 1, 40, 'failed'], ['Dedi', 2, 40, 'failed'], ['Eka', 1, 80, 'passed'], ['Fajar', 0, null, 'not_attempted']],
      );
      assert.equal(byName.Fajar.inProgress, true);
      assert.equal(byName.Fajar.cohort.id, cohort2);
      assert.equal(byName.Dedi.lastAttemptAt, '2026-11-15T04:00:00.000Z');
      assert.equal(byName.Ani.participant.unitCode, '5371');
    });

    test('grading "highest" on the post-test takes the best attempt; status filter, sorting and paging', async () => {
      const res = await admin.getJson(`/api/v1/activities/${q.activities.post}/results?sort=grade&dir=desc`);
      const body = res.json();
      assert.deepEqual(body.summary, { participants: 6, attempted: 4, passed: 2, failed: 2, notAttempted: 2, meanPercent: 75, medianPercent: 75, matching: 6 });
      assert.deepEqual(body.items.map((i: any) => [i.participant.name, i.gradePercent]), [['Citra', 100], ['Ani', 90], ['Budi', 60], ['Eka', 50], ['Dedi', null], ['Fajar', null]]);

      const failed = (await results(admin, '?status=failed')).json();
      assert.deepEqual(failed.items.map((i: any) => i.participant.name), ['Citra', 'Dedi']);
      assert.equal(failed.summary.matching, 2);
      assert.equal(failed.summary.participants, 6, 'the summary covers everyone in scope');

      const sorted = (await results(admin, '?sort=grade&dir=desc&limit=4')).json();
      assert.deepEqual(sorted.items.map((i: any) => i.participant.name), ['Ani', 'Budi', 'Eka', 'Citra']);
      assert.equal(sorted.nextCursor, 4);
      const rest = (await results(admin, `?sort=grade&dir=desc&limit=4&cursor=${sorted.nextCursor}`)).json();
      assert.deepEqual(rest.items.map((i: any) => i.participant.name), ['Dedi', 'Fajar'], 'empty grades last');
      assert.equal(rest.nextCursor, null);
      const byLast = (await results(admin, '?sort=last&dir=desc&limit=2')).json();
      assert.deepEqual(byLast.items.map((i: any) => i.participant.name), ['Dedi', 'Budi']);
    });

    test('unit and cohort filters', async () => {
      const kupang = (await results(admin, `?unitId=${unitIds['5371']}`)).json();
      assert.deepEqual(kupang.summary, { participants: 3, attempted: 2, passed: 2, failed: 0, notAttempted: 1, meanPercent: 90, medianPercent: 90, matching: 3 });
      assert.equal(kupang.unit.code, '5371');
      const ntt = (await results(admin, `?unitId=${unitIds['53']}`)).json();
      assert.equal(ntt.summary.participants, 5, 'a unit includes its subtree');
      const c2 = (await results(admin, `?cohortId=${cohort2}`)).json();
      assert.deepEqual(c2.items.map((i: any) => i.participant.name), ['Fajar']);
      assert.equal(c2.cohort.title, 'Angkatan Dua');
      assert.equal((await results(admin, '?cohortId=999999')).status, 404);
      assert.equal((await results(admin, '?unitId=999999')).status, 404);
    });

    test('an operator of a province sees only its units; another unit is not found; participants are refused', async () => {
      const body = (await results(operator)).json();
      assert.deepEqual(body.summary, { participants: 5, attempted: 4, passed: 2, failed: 2, notAttempted: 1, meanPercent: 65, medianPercent: 60, matching: 5 });
      assert.ok(!body.items.some((i: any) => i.participant.name === 'Eka'));
      assert.equal((await results(operator, `?unitId=${unitIds['51']}`)).status, 404);
      assert.equal((await operator.getJson(`/api/v1/activities/${q.activities.final}/item-analysis?unitId=${unitIds['51']}`)).status, 404);
      assert.equal((await operator.getJson(`/api/v1/programmes/${q.programmeId}/evaluation-gain?unitId=${unitIds['51']}`)).status, 404);
      assert.equal((await operator.get(`/admin/activities/${q.activities.final}/results?unitId=${unitIds['51']}`)).status, 404);
      const sumba = (await results(operator, `?unitId=${unitIds['5301']}`)).json();
      assert.deepEqual(sumba.items.map((i: any) => i.participant.name), ['Citra', 'Dedi']);

      assert.equal((await results(participant)).status, 403);
      assert.equal((await participant.get(`/admin/activities/${q.activities.final}/results`)).status, 403);
      assert.equal((await participant.getJson(`/api/v1/programmes/${q.programmeId}/evaluation`)).status, 403);
      assert.equal((await new TestClient(p).getJson(`/api/v1/activities/${q.activities.final}/results`)).status, 401);
      assert.equal((await admin.getJson(`/api/v1/activities/${q.activities.pre! + 100000}/results`)).status, 404);
    });

    test('a facilitator sees only its cohort', async () => {
      const body = (await results(facilitator)).json();
      assert.deepEqual(body.items.map((i: any) => i.participant.name), ['Fajar']);
      assert.equal((await results(facilitator, `?cohortId=${q.cohortId}`)).status, 404);
      assert.equal((await results(facilitator, `?unitId=${unitIds['5371']}`)).status, 200, 'the unit of its own participant');
      assert.equal((await results(facilitator, `?unitId=${unitIds['51']}`)).status, 404);
    });

    test('programme overview: counts per quiz and cohort', async () => {
      const res = await admin.getJson(`/api/v1/programmes/${q.programmeId}/evaluation`);
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.quizzes.map((x: any) => [x.title, x.purpose]), [['Pre-test', 'pre_test'], ['Post-test', 'post_test'], ['Evaluasi Akhir', 'final']]);
      const final = body.quizzes[2];
      assert.deepEqual(final.cohorts.map((c: any) => [c.cohortId, c.participants, c.attempted, c.passed, c.meanPercent]), [[q.cohortId, 5, 5, 3, 68], [cohort2, 1, 0, 0, null]]);
      const post = body.quizzes[1];
      assert.deepEqual(post.cohorts[0], { cohortId: q.cohortId, cohortTitle: 'Angkatan UJI-LAPORAN', participants: 5, attempted: 4, passed: 2, meanPercent: 75 });
      const opBody = (await operator.getJson(`/api/v1/programmes/${q.programmeId}/evaluation`)).json();
      assert.deepEqual(opBody.quizzes[2].cohorts.map((c: any) => [c.participants, c.attempted, c.passed]), [[4, 4, 2], [1, 0, 0]]);
      const page = await admin.get(`/admin/programmes/${q.programmeId}/evaluation`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Evaluasi Akhir/);
      assert.ok(page.body.includes(`/admin/activities/${q.activities.final}/item-analysis`));
    });

    test('item analysis: facility and discrimination per question, flags', async () => {
      const res = await admin.getJson(`/api/v1/activities/${q.activities.final}/item-analysis`);
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.equal(body.attempts, 7, 'the open attempt is left out');
      const byCode = Object.fromEntries(body.items.map((i: any) => [i.code, i]));
      assert.deepEqual(Object.keys(byCode).sort(), FINAL_CODES);
      assert.deepEqual([byCode['ND-01'].n, byCode['ND-01'].facility, byCode['ND-01'].discrimination, byCode['ND-01'].flags], [7, 0.5714, 1, []]);
      assert.deepEqual([byCode['ND-02'].facility, byCode['ND-02'].discrimination], [0.5714, 1], 'fraction = score / snapshot points (2)');
      assert.deepEqual([byCode['ND-03'].facility, byCode['ND-03'].discrimination, byCode['ND-03'].flags], [0.8571, 0, ['low_discrimination']]);
      assert.deepEqual([byCode['ND-04'].facility, byCode['ND-04'].discrimination, byCode['ND-04'].flags], [0.4286, 0, ['low_discrimination']]);
      assert.equal(byCode['ND-02'].category, 'Nilai Dasar ASN');
      assert.equal(byCode['ND-02'].type, 'single');
      assert.match(byCode['ND-02'].excerpt, /Adaptif/);

      const kupang = (await admin.getJson(`/api/v1/activities/${q.activities.final}/item-analysis?unitId=${unitIds['5371']}`)).json();
      assert.equal(kupang.attempts, 3);
      const k1 = kupang.items.find((i: any) => i.code === 'ND-01');
      assert.deepEqual([k1.n, k1.facility, k1.discrimination], [3, 0.6667, null]);
      const op = (await operator.getJson(`/api/v1/activities/${q.activities.final}/item-analysis`)).json();
      assert.equal(op.attempts, 6);

      const page = await admin.get(`/admin/activities/${q.activities.final}/item-analysis`);
      assert.equal(page.status, 200);
      assert.match(page.body, /daya beda rendah/);
    });

    test('pre/post gain per unit (one level below the common unit)', async () => {
      const res = await admin.getJson(`/api/v1/programmes/${q.programmeId}/evaluation-gain`);
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.equal(body.pre.title, 'Pre-test');
      assert.equal(body.post.purpose, 'post_test');
      assert.equal(body.anchor.code, 'SETJEN');
      assert.deepEqual(body.items.map((g: any) => [g.unitCode, g.n, g.pre, g.post, g.gain, g.drillable]), [['51', 1, 20, 50, 30, false], ['53', 3, 40, 83.33, 43.33, true]].sort((a, b) => (unitIds[a[0] as string]! - unitIds[b[0] as string]!)));
      assert.deepEqual(body.total, { n: 4, pre: 35, post: 75, gain: 40 });

      const op = (await operator.getJson(`/api/v1/programmes/${q.programmeId}/evaluation-gain`)).json();
      assert.equal(op.anchor.code, '53');
      assert.deepEqual(op.items.map((g: any) => [g.unitCode, g.n, g.pre, g.post, g.gain]).sort(), [['5301', 1, 60, 100, 40], ['5371', 2, 30, 75, 45]]);
      assert.deepEqual(op.total, { n: 3, pre: 40, post: 83.33, gain: 43.33 });

      const drill = (await admin.getJson(`/api/v1/programmes/${q.programmeId}/evaluation-gain?unitId=${unitIds['53']}`)).json();
      assert.deepEqual(drill.items.map((g: any) => [g.unitCode, g.n]).sort(), [['5301', 1], ['5371', 2]]);
      const page = await admin.get(`/admin/programmes/${q.programmeId}/gain`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(`unitId=${unitIds['53']}`), 'the province links to its regencies');
    });

    test('results page shows the same numbers in the viewer’s zone', async () => {
      const page = await admin.get(`/admin/activities/${q.activities.final}/results?sort=grade&dir=desc`);
      assert.equal(page.status, 200);
      assert.match(page.body, /data-summary="participants">6</);
      assert.match(page.body, /data-summary="median">80</);
      assert.match(page.body, /data-summary="mean">68</);
      assert.ok(page.body.indexOf('Ani') < page.body.indexOf('Citra'));
      // Dedi's last attempt 2026-11-15 04:00 UTC; the admin has no unit: WIB (UTC+7) 11.00.
      assert.match(page.body, /15 Nov 2026, 11\.00 WIB/);
      const op = await operator.get(`/admin/activities/${q.activities.final}/results?unitId=${unitIds['5301']}`);
      assert.equal(op.status, 200);
      assert.match(op.body, /data-summary="participants">2</);
      // The operator's unit is in NTT (WITA, UTC+8): Citra's attempt at 02:00 UTC shows as 10.00 WITA.
      assert.match(op.body, /15 Nov 2026, 10\.00 WITA/);
      assert.ok(op.body.includes('KPU Kota Kupang') || op.body.includes('Kupang'), 'the unit select offers the regencies in scope');
      assert.ok(!op.body.includes('>Eka<'));
    });

    test('XLSX exports parse back to the API numbers; CSV too', async () => {
      const get = (url: string) => p.app.inject({ method: 'GET', url, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const api = (await results(admin)).json();

      const x = await get(`/admin/activities/${q.activities.final}/results/export?format=xlsx`);
      assert.equal(x.statusCode, 200, x.body.slice(0, 300));
      assert.match(String(x.headers['content-type']), /spreadsheetml/);
      assert.match(String(x.headers['content-disposition']), /^attachment; filename="hasil-evaluasi-akhir-\d+-2026-11-28\.xlsx"/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const [summary, rows] = [wb.worksheets[0]!, wb.worksheets[1]!];
      const facts = new Map<string, unknown>();
      summary.eachRow((r, i) => i > 1 && facts.set(String(r.getCell(1).value), r.getCell(2).value));
      assert.equal(facts.get('Peserta'), api.summary.participants);
      assert.equal(facts.get('Lulus'), api.summary.passed);
      assert.equal(facts.get('Tidak lulus'), api.summary.failed);
      assert.equal(facts.get('Belum mengerjakan'), api.summary.notAttempted);
      assert.equal(facts.get('Rata-rata nilai (%)'), api.summary.meanPercent);
      assert.equal(facts.get('Median nilai (%)'), api.summary.medianPercent);
      const sheetRows: unknown[][] = [];
      rows.eachRow((r, i) => i > 1 && sheetRows.push([r.getCell(1).value, r.getCell(5).value, r.getCell(6).value ?? null, r.getCell(7).value]));
      assert.deepEqual(sheetRows, api.items.map((i: any) => [i.participant.name, i.attempts, i.gradePercent, { passed: 'Lulus', failed: 'Tidak lulus', not_attempted: 'Belum mengerjakan' }[i.status as string]]));
      assert.equal(rows.getRow(1).getCell(8).value, 'Percobaan terakhir (WIB)');

      const items = (await admin.getJson(`/api/v1/activities/${q.activities.final}/item-analysis`)).json();
      const xi = await get(`/admin/activities/${q.activities.final}/item-analysis/export`);
      assert.equal(xi.statusCode, 200);
      const wbi = new ExcelJS.Workbook();
      await wbi.xlsx.load(xi.rawPayload as unknown as ArrayBuffer);
      const itemRows: unknown[][] = [];
      wbi.worksheets[0]!.eachRow((r, i) => i > 1 && itemRows.push([r.getCell(1).value, r.getCell(5).value, r.getCell(6).value, r.getCell(7).value ?? null]));
      assert.deepEqual(itemRows, items.items.map((i: any) => [i.code, i.n, i.facility, i.discrimination]));

      const gain = (await operator.getJson(`/api/v1/programmes/${q.programmeId}/evaluation-gain`)).json();
      const xg = await p.app.inject({ method: 'GET', url: `/admin/programmes/${q.programmeId}/gain/export?format=xlsx`, headers: { cookie: [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(xg.statusCode, 200);
      const wbg = new ExcelJS.Workbook();
      await wbg.xlsx.load(xg.rawPayload as unknown as ArrayBuffer);
      const gainRows: unknown[][] = [];
      wbg.worksheets[0]!.eachRow((r, i) => i > 1 && gainRows.push([r.getCell(2).value, r.getCell(3).value, r.getCell(4).value, r.getCell(5).value, r.getCell(6).value]));
      assert.deepEqual(gainRows, [...gain.items.map((g: any) => [g.unitCode, g.n, g.pre, g.post, g.gain]), [null, gain.total.n, gain.total.pre, gain.total.post, gain.total.gain]].map((r) => r.map((v: unknown) => (v === '' ? null : v))));

      const csv = await get(`/admin/activities/${q.activities.final}/results/export?format=csv&status=passed`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body.replace(/^\ufeff/, '').trim().split(/\r?\n/);
      assert.equal(lines.length, 4, 'header + three who passed');
      assert.match(lines[1]!, /^Ani,/);
      assert.equal((await get(`/admin/activities/${q.activities.final}/results/export?format=pdf`)).statusCode, 400);
    });

    test('a final evaluation passed through its remedial counts as passed; without a post-test the gain compares the final', async () => {
      const db = p.ctx.db.kysely;
      const at = '2026-11-20T02:00:00.000Z';
      const data = { purpose: 'final', attempts: 1, gradePercent: 40, passed: true, failed: false, passedByRemedial: true };
      await db.insertInto('activity_progress').values({ enrolment_id: enrol.citra!, activity_id: q.activities.final!, state: 'completed', percent: 100, data: JSON.stringify(data), completed_at: at, updated_at: at }).execute();
      try {
        const body = (await results(admin)).json();
        assert.deepEqual([body.summary.passed, body.summary.failed], [4, 1]);
        const citra = body.items.find((i: any) => i.participant.name === 'Citra');
        assert.deepEqual([citra.status, citra.passed, citra.passedByRemedial, citra.gradePercent], ['passed', true, true, 40]);
        const ani = body.items.find((i: any) => i.participant.name === 'Ani');
        assert.equal(ani.passedByRemedial, false);
      } finally {
        await db.deleteFrom('activity_progress').where('enrolment_id', '=', enrol.citra!).where('activity_id', '=', q.activities.final!).execute();
      }

      const q2 = await createQuizProgramme(p, {
        code: 'UJI-LAPORAN-B',
        participantIds: [users.ani!, users.eka!],
        quizzes: [
          { key: 'pre', title: 'Pre-test B', config: { purpose: 'pre_test', passMark: 70 } },
          { key: 'final', title: 'Evaluasi B', config: { purpose: 'final', grading: 'highest', attempts: 2, passMark: 70 } },
        ],
      });
      const [ea, ee] = q2.enrolmentIds as [number, number];
      await insertAttempt('ani', q2.activities.pre!, { number: 1, percent: 30, passed: false, at, enrolmentId: ea });
      await insertAttempt('eka', q2.activities.pre!, { number: 1, percent: 50, passed: false, at, enrolmentId: ee });
      await insertAttempt('ani', q2.activities.final!, { number: 1, percent: 80, passed: true, at, enrolmentId: ea });
      await insertAttempt('eka', q2.activities.final!, { number: 1, percent: 60, passed: false, at, enrolmentId: ee });
      await insertAttempt('eka', q2.activities.final!, { number: 2, percent: 70, passed: true, at, enrolmentId: ee });
      const gain = (await admin.getJson(`/api/v1/programmes/${q2.programmeId}/evaluation-gain`)).json();
      assert.deepEqual(gain.post, { id: q2.activities.final, title: 'Evaluasi B', purpose: 'final' });
      assert.deepEqual(gain.total, { n: 2, pre: 40, post: 75, gain: 35 });

      const page = await admin.get(`/admin/programmes/${q2.programmeId}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(`href="/admin/programmes/${q2.programmeId}/evaluation"`), 'the programme page links to its evaluation reports');
    });
  });
}
