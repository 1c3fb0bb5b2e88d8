import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { addTestUser, createQuizProgramme, DEFAULT_QUESTIONS, type QuizProgramme } from '../../../../test/support/quiz.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import { createApiToken } from '../../../services/api-tokens.js';
import { questionBankChanged } from '../../../services/question-bank.js';

const REVIEW_ALL = { responses: true, correctness: true, correctAnswers: true, feedback: true };

/** Secrets that must never reach the browser before submission: the keys' words, accepted answers and feedback. */
const SECRETS = ['correct', 'acceptedAnswers', 'feedback', ...DEFAULT_QUESTIONS.flatMap((q) => [...(q.acceptedAnswers ?? []), ...(q.feedback ? [q.feedback] : [])])];
function assertNoLeak(body: string) {
  for (const s of SECRETS) assert.ok(!body.toLowerCase().includes(s.toLowerCase()), `the response must not contain "${s}"`);
}

for (const kind of testDatabases()) {
  describe(`quiz attempts API [${kind}]`, () => {
    let p: TestPlatform;
    let q: QuizProgramme;
    let a: TestClient; // the demo participant (KPU Kota Kupang, NTT)
    let b: TestClient; // a participant in Jawa Timur, seen from 10.1.2.3
    let operator: TestClient; // operator.ntt
    let facilitator: TestClient;
    let aEnrolment: number;
    let bEnrolment: number;
    const startUrl = (e: number, activity: number) => `/api/v1/enrolments/${e}/activities/${activity}/attempts`;
    const answerUrl = (attempt: number, question: number) => `/api/v1/attempts/${attempt}/answers/${question}`;
    const put = (c: TestClient, attempt: number, question: number, body: unknown) => c.sendJson('PUT', answerUrl(attempt, question), body);

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z'); // 09:00 WITA
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      const participant = (await p.ctx.repos.users.findByNip(DEMO.participant.nip))!;
      const jatim = await addTestUser(p, { login: '199202022024212002', nip: '199202022024212002', name: 'Siti Rahayu', unitCode: '35', password: DEMO_PASSWORD });
      q = await createQuizProgramme(p, {
        code: 'UJI-API',
        participantIds: [participant.id, jatim],
        quizzes: [
          { key: 'pre', config: { purpose: 'pre_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }], shuffleQuestions: false, shuffleOptions: false, attempts: 1, review: REVIEW_ALL } },
          { key: 'post', config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }], timeLimitMinutes: 30, attempts: 2, grading: 'last', review: { responses: true, correctness: false, correctAnswers: false, feedback: false } } },
          { key: 'final', config: { purpose: 'final', draw: [{ category: 'Wawasan Kebangsaan', count: 4 }, { category: 'Nilai Dasar ASN', count: 2 }], timeLimitMinutes: 60, attempts: 1 }, closesAfterDay: 15 },
          { key: 'remedial', required: false, config: { purpose: 'remedial', draw: [{ category: 'Nilai Dasar ASN', count: null }] }, opensOnDay: 16, closesAfterDay: 30 },
          { key: 'practice', required: false, config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }], attempts: null } },
          { key: 'closed', required: false, config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }], closesAt: '2025-11-01T00:00:00+07:00' } },
          { key: 'empty', required: false, config: { purpose: 'post_test', draw: [{ category: 'Tidak Ada', count: 3 }] } },
        ],
      });
      [aEnrolment, bEnrolment] = q.enrolmentIds as [number, number];
      // The 'Nilai Dasar ASN' questions have an image.
      const image = await p.ctx.repos.files.insert({ sha256: 'a'.repeat(64), size: 10, mime: 'image/png', original_name: 'gambar.png', storage_key: 'aa/gambar', created_at: p.clock.fn().toISOString(), created_by: null });
      await p.ctx.db.kysely.updateTable('questions').set({ image_file_id: image.id }).where('programme_id', '=', q.programmeId).where('code', 'like', 'ND-%').execute();
      questionBankChanged(p.ctx);
      await addTestUser(p, { login: 'fasilitator.uji', role: 'facilitator', cohortId: q.cohortId, password: DEMO_PASSWORD });
      a = new TestClient(p);
      await a.login(DEMO.participant.nip, DEMO_PASSWORD);
      b = new TestClient(p, {}, { remoteAddress: '10.1.2.3' });
      await b.login('199202022024212002', DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login(DEMO.operator.login, DEMO_PASSWORD);
      facilitator = new TestClient(p);
      await facilitator.login('fasilitator.uji', DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('start: 201 with questions and no correctness anywhere; again: 200 with the same attempt and the answers so far', async () => {
      const res = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(res.status, 201, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['activityId', 'answers', 'attemptId', 'deadline', 'enrolmentId', 'number', 'questions', 'startedAt', 'status']);
      assert.equal(body.status, 'open');
      assert.equal(body.number, 1);
      assert.equal(body.deadline, '2025-11-10T01:30:00.000Z', '30 minutes from the start');
      assert.deepEqual(body.answers, {});
      assert.equal(body.questions.length, 8);
      for (const question of body.questions) {
        assert.deepEqual(Object.keys(question).sort(), ['id', 'options', 'text', 'type']);
        for (const o of question.options) assert.deepEqual(Object.keys(o).sort(), ['id', 'text']);
        if (question.type === 'true_false') assert.deepEqual(question.options.map((o: { id: number }) => o.id).sort(), [1, 2]);
        if (question.type === 'short') assert.deepEqual(question.options, []);
      }
      assertNoLeak(res.body);

      const single = body.questions.find((x: { type: string }) => x.type === 'single');
      assert.equal((await put(a, body.attemptId, single.id, q.answer(single.id, 'right'))).status, 200);
      const again = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(again.status, 200);
      assert.equal(again.json().attemptId, body.attemptId);
      assert.deepEqual(again.json().questions, body.questions, 'the same questions in the same order');
      assert.deepEqual(again.json().answers, { [single.id]: q.answer(single.id, 'right') });
      assertNoLeak(again.body);

      const got = await a.getJson(`/api/v1/attempts/${body.attemptId}`);
      assert.equal(got.status, 200);
      assert.equal(got.json().status, 'open');
      assert.equal(got.json().result, null);
      assert.equal(got.json().startedAt, '2025-11-10T01:00:00.000Z');
      assertNoLeak(got.body);
      const review = await a.getJson(`/api/v1/attempts/${body.attemptId}/review`);
      assert.equal(review.status, 409);
      assert.equal(review.json().error.code, 'attempt_open');
    });

    test('answers: 200 and idempotent; wrong shape or option 400; a question not in the attempt or someone else\'s attempt 404', async () => {
      const { attemptId, questions } = (await a.postJson(startUrl(aEnrolment, q.activities.post!))).json();
      const byType = (t: string) => questions.find((x: { type: string }) => x.type === t);
      const multiple = byType('multiple');
      const first = await put(a, attemptId, multiple.id, { optionIds: [4, 2, 2] });
      assert.equal(first.status, 200, first.body);
      assert.equal(first.json().questionId, multiple.id);
      assert.equal(first.json().savedAt, '2025-11-10T01:00:00.000Z');
      assert.equal((await put(a, attemptId, multiple.id, { optionIds: [4, 2, 2] })).status, 200);
      assert.deepEqual((await a.getJson(`/api/v1/attempts/${attemptId}`)).json().answers[multiple.id], { optionIds: [2, 4] }, 'sorted, once each (worth nothing in either multiple-choice question)');

      const bad = async (question: number, body: unknown) => {
        const res = await put(a, attemptId, question, body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(res.json().error.code, 'validation_failed');
      };
      await bad(byType('single').id, { text: 'Pancasila' });
      await bad(byType('single').id, { optionIds: [1, 2] });
      await bad(byType('single').id, { optionIds: [99] });
      await bad(byType('short').id, { optionIds: [1] });
      await bad(byType('short').id, { text: 'x'.repeat(501) });
      await bad(byType('true_false').id, { optionIds: ['1'] });
      await bad(byType('true_false').id, {});
      for (const body of ['null', '[]', '"x"', '{"optionIds":{}}', '{"optionIds":[1e300]}', '{"text":null}', `{"text":"${'y'.repeat(20_000)}"}`]) {
        const res = await a.request({ method: 'PUT', url: answerUrl(attemptId, byType('short').id), headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: body });
        assert.equal(res.status, 400, body.slice(0, 40));
      }
      const odd = { text: 'Ku\u0000pang \ud800 ✓' };
      assert.equal((await put(a, attemptId, byType('short').id, odd)).status, 200, 'any text is stored as given');
      assert.deepEqual((await a.getJson(`/api/v1/attempts/${attemptId}`)).json().answers[byType('short').id], odd);
      assert.equal((await put(a, attemptId, byType('short').id, { text: '' })).status, 200);
      const notInAttempt = q.questions['ND-01']!;
      assert.equal((await put(a, attemptId, notInAttempt, { optionIds: [1] })).status, 404);
      assert.equal((await put(b, attemptId, multiple.id, { optionIds: [1] })).status, 404, "someone else's attempt");
      assert.equal((await b.getJson(`/api/v1/attempts/${attemptId}`)).status, 404);
      assert.equal((await b.postJson(`/api/v1/attempts/${attemptId}/submit`)).status, 404);
      assert.equal((await a.postJson(startUrl(bEnrolment, q.activities.post!))).status, 404, "someone else's enrolment");
    });

    test('time limit: an answer exactly at the deadline is saved, 1 ms later 409 deadline_passed and the attempt is expired with the answers so far; submit then returns the same result', async () => {
      const { attemptId, deadline, questions } = (await a.postJson(startUrl(aEnrolment, q.activities.post!))).json();
      const right = questions.filter((x: { type: string }) => x.type === 'true_false');
      assert.equal(right.length, 2);
      p.clock.set(deadline);
      const onTime = await put(a, attemptId, right[0].id, q.answer(right[0].id, 'right'));
      assert.equal(onTime.status, 200, 'exactly at the deadline is in time');
      p.clock.advance(1);
      const late = await put(a, attemptId, right[1].id, q.answer(right[1].id, 'right'));
      assert.equal(late.status, 409);
      assert.equal(late.json().error.code, 'deadline_passed');

      const got = (await a.getJson(`/api/v1/attempts/${attemptId}`)).json();
      assert.equal(got.status, 'expired');
      const maxScore = q.maxScore(questions.map((x: { id: number }) => x.id));
      // The single choice answered right in the first test and the true/false at the deadline.
      assert.deepEqual({ ...got.result, finishedAt: undefined }, { attemptId, status: 'expired', score: 2, maxScore, percent: Math.round((2 * 10_000) / maxScore) / 100, passed: false, finishedAt: undefined, finishedBy: 'deadline' });
      assert.equal(got.result.finishedAt, new Date(new Date(deadline).getTime() + 1).toISOString());
      assert.equal(got.answers[right[1].id], undefined, 'the late answer was not saved');

      p.clock.advance(60_000);
      const submit = await a.postJson(`/api/v1/attempts/${attemptId}/submit`);
      assert.equal(submit.status, 200);
      assert.deepEqual(submit.json(), got.result);
      const after = await put(a, attemptId, right[1].id, q.answer(right[1].id, 'right'));
      assert.equal(after.status, 409);
      assert.equal(after.json().error.code, 'attempt_closed');
    });

    test('submit twice gives the same result; attempts exhausted → no_attempts_left; a grant allows another', async () => {
      const started = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(started.status, 201);
      const { attemptId, number, questions } = started.json();
      assert.equal(number, 2);
      for (const x of questions) assert.equal((await put(a, attemptId, x.id, q.answer(x.id, 'right'))).status, 200);
      const first = await a.postJson(`/api/v1/attempts/${attemptId}/submit`);
      assert.equal(first.status, 200);
      const r = first.json();
      assert.equal(r.status, 'submitted');
      assert.equal(r.finishedBy, 'participant');
      assert.equal(r.score, r.maxScore);
      assert.equal(r.percent, 100);
      assert.equal(r.passed, true);
      p.clock.advance(5000);
      const second = await a.postJson(`/api/v1/attempts/${attemptId}/submit`);
      assert.deepEqual(second.json(), r, 'the same result');
      const review = (await a.getJson(`/api/v1/attempts/${attemptId}/review`)).json();
      assert.deepEqual(review.review, { responses: true, correctness: false, correctAnswers: false, feedback: false });
      for (const item of review.items) {
        assert.ok('response' in item);
        assert.ok(!('score' in item) && !('outcome' in item) && !('correctAnswer' in item) && !('feedback' in item), 'the review policy hides correctness');
      }

      const refused = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(refused.status, 409);
      assert.equal(refused.json().error.code, 'no_attempts_left');

      const grant = await operator.postJson(`/api/v1/enrolments/${aEnrolment}/activities/${q.activities.post}/grants`, { extraAttempts: 1, reason: 'Gangguan listrik di kantor' });
      assert.equal(grant.status, 201, grant.body);
      assert.equal(grant.json().extraAttempts, 1);
      assert.equal(grant.json().extraMinutes, 0);
      assert.deepEqual(grant.json().totals, { extraAttempts: 1, extraMinutes: 0 });
      assert.equal(grant.json().extraMinutesApplyTo, 'attempts_started_after_grant');
      const third = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(third.status, 201);
      assert.equal(third.json().number, 3);
      assert.equal(third.json().deadline, new Date(p.clock.now.getTime() + 30 * 60_000).toISOString());

      // Shuffled per attempt: attempt 3 differs from attempt 2 in question order or option order.
      const shape = (qs: { id: number; options: { id: number }[] }[]) => JSON.stringify(qs.map((x) => [x.id, x.options.map((o) => o.id)]));
      assert.notEqual(shape(third.json().questions), shape(questions));
      assert.deepEqual(third.json().questions.map((x: { id: number }) => x.id).sort(), questions.map((x: { id: number }) => x.id).sort(), 'the same questions');

      // Extra minutes: not for the attempt already open (its deadline is fixed), for the next one.
      const minutes = await operator.postJson(`/api/v1/enrolments/${aEnrolment}/activities/${q.activities.post}/grants`, { extraAttempts: 1, extraMinutes: 15, reason: 'Peserta disabilitas netra' });
      assert.equal(minutes.status, 201);
      assert.deepEqual(minutes.json().totals, { extraAttempts: 2, extraMinutes: 15 });
      assert.equal((await a.getJson(`/api/v1/attempts/${third.json().attemptId}`)).json().deadline, third.json().deadline);
      await a.postJson(`/api/v1/attempts/${third.json().attemptId}/submit`);
      const fourth = await a.postJson(startUrl(aEnrolment, q.activities.post!));
      assert.equal(fourth.status, 201);
      assert.equal(fourth.json().deadline, new Date(p.clock.now.getTime() + 45 * 60_000).toISOString());
      await a.postJson(`/api/v1/attempts/${fourth.json().attemptId}/submit`);

      // Grading "last": the quiz's progress shows the last attempt's percent.
      const progress = await p.ctx.repos.learning.progressOne(aEnrolment, q.activities.post!);
      const data = JSON.parse(progress!.data);
      assert.equal(data.attempts, 4);
      assert.equal(data.gradePercent, 0, 'the last attempt (nothing answered)');
      assert.equal(data.passed, true, 'a pass is never taken back');
      assert.equal(progress!.state, 'completed');
    });

    test('grants: validated, audited, 404 outside the scope (operator of another province, a participant), facilitators of the cohort allowed', async () => {
      const url = (e: number) => `/api/v1/enrolments/${e}/activities/${q.activities.final}/grants`;
      const short = await operator.postJson(url(aEnrolment), { extraAttempts: 1, reason: 'abc' });
      assert.equal(short.status, 400);
      assert.equal(short.json().error.code, 'validation_failed');
      const nothing = await operator.postJson(url(aEnrolment), { reason: 'Tanpa tambahan apa pun' });
      assert.equal(nothing.status, 400);
      assert.equal((await operator.postJson(url(aEnrolment), { extraAttempts: -1, reason: 'Negatif tidak boleh' })).status, 400);
      assert.equal((await operator.postJson(url(bEnrolment), { extraAttempts: 1, reason: 'Di luar wilayah saya' })).status, 404, 'Jawa Timur is outside NTT');
      assert.equal((await a.postJson(url(aEnrolment), { extraAttempts: 1, reason: 'Saya mau menambah sendiri' })).status, 404, 'a participant grants nothing');
      assert.equal((await operator.postJson(`/api/v1/enrolments/${aEnrolment}/activities/999999/grants`, { extraAttempts: 1, reason: 'Kegiatan tidak ada' })).status, 404);
      const byFacilitator = await facilitator.postJson(url(bEnrolment), { extraMinutes: 20, reason: 'Koneksi terputus saat ujian' });
      assert.equal(byFacilitator.status, 201, byFacilitator.body);
      const entries = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'quiz.grant').orderBy('id').execute();
      const last = entries[entries.length - 1]!;
      assert.equal(last.target_id, String(byFacilitator.json().id));
      const details = JSON.parse(last.details!);
      assert.equal(details.reason, 'Koneksi terputus saat ujian');
      assert.equal(details.extraMinutes, 20);
      assert.equal(details.enrolmentId, bEnrolment);
    });

    test('scoring of all four types through the API, and the review as the policy allows', async () => {
      const res = await a.postJson(startUrl(aEnrolment, q.activities.pre!));
      assert.equal(res.status, 201);
      const { attemptId, questions } = res.json();
      assert.deepEqual(questions.map((x: { id: number }) => x.id), ['WK-01', 'WK-02', 'WK-03', 'WK-04', 'WK-05', 'WK-06', 'WK-07', 'WK-08'].map((c) => q.questions[c]), 'not shuffled: the bank order');
      const answers: Record<string, unknown> = {
        'WK-01': { optionIds: [1] }, // single, right: 1
        'WK-02': { optionIds: [1] }, // single, wrong: 0
        'WK-03': { optionIds: [1] }, // multiple with partial credit, one of two right: 0.5
        'WK-04': { optionIds: [1, 2, 4] }, // multiple without partial credit, all right: 1
        'WK-05': { optionIds: [1] }, // true/false, right (Benar): 1
        'WK-06': { optionIds: [1] }, // true/false, wrong: 0
        'WK-07': { text: '  komisi   PEMILIHAN umum. ' }, // short, normalised: 1
        'WK-08': { text: 'Jakarta' }, // short, wrong: 0
      };
      for (const [code, body] of Object.entries(answers)) assert.equal((await put(a, attemptId, q.questions[code]!, body)).status, 200, code);
      const result = (await a.postJson(`/api/v1/attempts/${attemptId}/submit`)).json();
      assert.equal(result.score, 4.5);
      assert.equal(result.maxScore, 8);
      assert.equal(result.percent, 56.25);
      assert.equal(result.passed, false);

      const review = await a.getJson(`/api/v1/attempts/${attemptId}/review`);
      assert.equal(review.status, 200);
      const items = review.json().items as { question: { id: number }; score: number; outcome: string; correctAnswer: unknown; feedback: string | null; response: unknown }[];
      const item = (code: string) => items.find((i) => i.question.id === q.questions[code])!;
      assert.equal(item('WK-03').score, 0.5);
      assert.equal(item('WK-03').outcome, 'partial');
      assert.deepEqual(item('WK-03').correctAnswer, { optionIds: [1, 3] });
      assert.equal(item('WK-02').outcome, 'incorrect');
      assert.equal(item('WK-07').outcome, 'correct');
      assert.deepEqual(item('WK-07').correctAnswer, { acceptedAnswers: ['KPU', 'Komisi Pemilihan Umum'] });
      assert.equal(item('WK-05').feedback, '28 Oktober 1928.');
      assert.deepEqual(item('WK-08').response, { text: 'Jakarta' });

      // A pre-test never blocks: not required in the outline.
      const outline = (await a.getJson(`/api/v1/enrolments/${aEnrolment}/outline`)).json();
      const pre = outline.stages[0].activities.find((x: { id: number }) => x.id === q.activities.pre);
      assert.equal(pre.required, false);
      assert.equal(pre.state, 'completed', 'a pre-test is complete once an attempt is finished, passed or not');
      const again = await a.postJson(startUrl(aEnrolment, q.activities.pre!));
      assert.equal(again.json().error.code, 'no_attempts_left');
    });

    test('a submit while autosaves are in flight: every acknowledged answer is stored and scored, every other one is refused with attempt_closed', async () => {
      for (let round = 0; round < 3; round++) {
        const { attemptId, questions } = (await b.postJson(startUrl(bEnrolment, q.activities.practice!))).json();
        const ids: number[] = questions.map((x: { id: number }) => x.id);
        // Four writers, each with its own questions, answer them in turn (right, wrong, right, …) until refused.
        const writers = 4;
        const lastAcknowledged = new Map<number, 'right' | 'wrong'>();
        let acknowledged = 0;
        let submitted: Promise<Awaited<ReturnType<TestClient['postJson']>>> | null = null;
        const refusals: string[] = [];
        const writer = async (w: number) => {
          const mine = ids.filter((_, i) => i % writers === w);
          for (let k = 0; k < 500; k++) {
            const id = mine[k % mine.length]!;
            const how = Math.floor(k / mine.length) % 2 === 0 ? 'right' : 'wrong';
            const res = await put(b, attemptId, id, q.answer(id, how));
            if (res.status !== 200) {
              refusals.push(`${res.status} ${res.json().error.code}`);
              return;
            }
            lastAcknowledged.set(id, how);
            // Submit once the writers are busy (a few answers acknowledged), in the middle of their stream.
            if (++acknowledged === 6 + round * 5) submitted = b.postJson(`/api/v1/attempts/${attemptId}/submit`);
          }
          assert.fail('the writer was never refused');
        };
        await Promise.all([0, 1, 2, 3].map(writer));
        const submit = await submitted!;
        assert.equal(submit.status, 200);
        assert.deepEqual(refusals, Array(writers).fill('409 attempt_closed'), 'every answer after the submit is refused');
        const expected = [...lastAcknowledged].filter(([, how]) => how === 'right').reduce((sum, [id]) => sum + q.keys.get(id)!.points, 0);
        assert.equal(submit.json().score, expected, `round ${round}: the last acknowledged answer of each question is scored`);
        const stored = await p.ctx.repos.attempts.questionsOf(attemptId);
        for (const r of stored) {
          const how = lastAcknowledged.get(r.question_id);
          assert.deepEqual(r.answer === null ? null : JSON.parse(r.answer), how ? q.answer(r.question_id, how) : null);
          assert.equal(r.score, how === 'right' ? q.keys.get(r.question_id)!.points : 0);
        }
      }
    });

    test('two concurrent starts give one attempt', async () => {
      const results = await Promise.all([0, 1, 2, 3].map(() => b.postJson(startUrl(bEnrolment, q.activities.final!))));
      const created = results.filter((r) => r.status === 201);
      assert.equal(created.length, 1, results.map((r) => `${r.status} ${r.body.slice(0, 80)}`).join('\n'));
      for (const r of results) {
        assert.ok(r.status === 200 || r.status === 201);
        assert.equal(r.json().attemptId, created[0]!.json().attemptId);
      }
      const rows = await p.ctx.repos.attempts.attemptsOf(bEnrolment, q.activities.final!);
      assert.equal(rows.length, 1);
      assert.equal(created[0]!.json().questions.length, 6, '4 + 2 drawn from two categories');
      const withImage = created[0]!.json().questions.filter((x: { imageUrl?: string }) => x.imageUrl);
      assert.equal(withImage.length, 2, 'the two questions of the category with images');
      for (const x of withImage) assert.equal(x.imageUrl, `/media/questions/${x.id}/image`);
      assertNoLeak(created[0]!.body);
    });

    test('every start, answer and submit is recorded with time and address', async () => {
      const attempt = (await p.ctx.repos.attempts.attemptsOf(bEnrolment, q.activities.final!))[0]!;
      const question = (await p.ctx.repos.attempts.questionsOf(attempt.id))[0]!;
      assert.equal((await put(b, attempt.id, question.question_id, q.answer(question.question_id, 'wrong'))).status, 200);
      assert.equal((await b.postJson(`/api/v1/attempts/${attempt.id}/submit`)).status, 200);
      const events = await p.ctx.repos.attempts.eventsOf(attempt.id);
      assert.deepEqual(events.map((e) => e.type), ['start', 'resume', 'resume', 'resume', 'answer', 'submit']);
      for (const e of events) {
        assert.equal(e.ip, '10.1.2.3');
        assert.equal(e.at, p.clock.now.toISOString());
      }
      assert.equal(events[4]!.question_id, question.question_id);
    });

    test('refusals: locked with the reason, closed, misconfigured', async () => {
      const remedial = await a.postJson(startUrl(aEnrolment, q.activities.remedial!));
      assert.equal(remedial.status, 409);
      assert.equal(remedial.json().error.code, 'activity_locked');
      assert.match(remedial.json().error.message, /hari ke-16/);
      const closed = await a.postJson(startUrl(aEnrolment, q.activities.closed!));
      assert.equal(closed.status, 409);
      assert.equal(closed.json().error.code, 'closed');
      const empty = await a.postJson(startUrl(aEnrolment, q.activities.empty!));
      assert.equal(empty.status, 409);
      assert.equal(empty.json().error.code, 'quiz_misconfigured');
      assert.equal((await a.postJson(startUrl(aEnrolment, 999999))).status, 404);
    });

    test('a Bearer token works without cookies; a cookie call must send JSON', async () => {
      const admin = (await p.ctx.repos.users.findByLogin('admin'))!;
      const participant = (await p.ctx.repos.users.findByNip(DEMO.participant.nip))!;
      const { token } = await createApiToken(p.ctx, { userId: admin.id, ip: '127.0.0.1', principal: await loadPrincipal(p.ctx, admin.id) }, { name: 'uji kuis', userId: participant.id });
      const c = new TestClient(p);
      const started = await c.request({ method: 'POST', url: startUrl(aEnrolment, q.activities.practice!), headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      assert.equal(started.status, 201, started.body);
      const { attemptId, questions } = started.json();
      const saved = await c.sendJson('PUT', answerUrl(attemptId, questions[0].id), q.answer(questions[0].id, 'right'), { authorization: `Bearer ${token}` });
      assert.equal(saved.status, 200);
      const notJson = await a.request({ method: 'POST', url: `/api/v1/attempts/${attemptId}/submit`, headers: { 'content-type': 'text/plain', accept: 'application/json' }, payload: '' });
      assert.equal(notJson.status, 415);
      const submitted = await c.request({ method: 'POST', url: `/api/v1/attempts/${attemptId}/submit`, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      assert.equal(submitted.status, 200);
      assert.equal(submitted.json().score, q.keys.get(questions[0].id)!.points);
    });
  });
}
