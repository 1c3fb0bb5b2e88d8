// The quiz without JavaScript: the activity view (rules, attempts, Start / Resume / why not), the
// attempt pages as plain forms (start → pages → confirm → submit → result with the review its policy
// allows), the answer key never on a page before the attempt is finished, the deadline enforced by the
// server, scope (someone else's attempt: 404), CSRF, and operators' grants on the enrolment page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { createQuizProgramme, addTestUser, DEFAULT_QUESTIONS, type QuizProgramme } from '../../../../test/support/quiz.js';
import { loadDemo } from '../../../services/demo.js';

const PASSWORD = 'Kuis-Tanpa-JS-2026';

/** Posts a form whose fields may repeat (checkboxes), with the CSRF token of the last page unless told otherwise. */
function postPairs(c: TestClient, url: string, pairs: [string, string][], opts: { csrf?: boolean } = {}) {
  const all: [string, string][] = opts.csrf === false ? pairs : [['_csrf', c.csrf], ...pairs];
  return c.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: new URLSearchParams(all).toString() });
}

const qidsOf = (html: string): number[] => {
  const m = /name="qids" value="([^"]*)"/.exec(html);
  assert.ok(m, 'the page lists its question ids');
  return m[1]!.split(',').filter(Boolean).map(Number);
};

/** The form fields answering the given questions (right / wrong / left out). */
function answerPairs(q: QuizProgramme, ids: number[], how: (id: number) => 'right' | 'wrong' | 'skip'): [string, string][] {
  const pairs: [string, string][] = [['qids', ids.join(',')]];
  for (const id of ids) {
    const h = how(id);
    if (h === 'skip') continue;
    const a = q.answer(id, h);
    if ('text' in a) pairs.push([`q_${id}`, a.text]);
    else for (const o of a.optionIds) pairs.push([`q_${id}`, String(o)]);
  }
  return pairs;
}

/** Nothing of the key on a page: no feedback, no accepted short answers, no correctness. */
function assertNoKey(html: string, what: string) {
  for (const spec of DEFAULT_QUESTIONS) {
    if (spec.feedback) assert.ok(!html.includes(spec.feedback), `${what}: feedback of ${spec.code} leaked`);
    if (spec.type === 'short') for (const a of spec.acceptedAnswers ?? []) assert.ok(!new RegExp(`\\b${a}\\b`).test(html.replace(/<[^>]+>/g, ' ')), `${what}: accepted answer "${a}" leaked`);
  }
  assert.ok(!/correct|jawaban benar|Jawaban yang diterima/i.test(html), `${what}: correctness leaked`);
}

const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');

for (const kind of testDatabases()) {
  describe(`quiz attempt pages without JavaScript [${kind}]`, () => {
    let p: TestPlatform;
    let q: QuizProgramme;
    let a: TestClient;
    let b: TestClient;
    let eA: number;
    let eJatim: number;
    let postAttempt = 0;
    let finalAttempt = 0;
    const activityUrl = (key: string) => `/learn/${eA}/activities/${q.activities[key]}`;

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2026-11-28T01:00:00.000Z'); // 09.00 WITA
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      const userA = await addTestUser(p, { login: 'peserta.kuis.a', name: 'Peserta Kuis A', unitCode: '5371', password: PASSWORD });
      const userB = await addTestUser(p, { login: 'peserta.kuis.b', name: 'Peserta Kuis B', unitCode: '5371', password: PASSWORD });
      const userJatim = await addTestUser(p, { login: 'peserta.kuis.jatim', unitCode: '35', password: PASSWORD });
      q = await createQuizProgramme(p, {
        code: 'UJI-KUIS-HAL',
        participantIds: [userA, userB, userJatim],
        quizzes: [
          {
            key: 'post',
            title: 'Post-test Wawasan',
            config: {
              purpose: 'post_test',
              draw: [{ category: 'Wawasan Kebangsaan', count: null }],
              shuffleQuestions: false,
              shuffleOptions: false,
              attempts: 2,
              questionsPerPage: 5,
              review: { responses: true, correctness: true, correctAnswers: false, feedback: false },
            },
          },
          {
            key: 'final',
            title: 'Evaluasi Akhir Nilai Dasar',
            config: {
              purpose: 'final',
              instructions: 'Kerjakan **sendiri**.',
              draw: [{ category: 'Nilai Dasar ASN', count: null }],
              shuffleQuestions: false,
              shuffleOptions: false,
              timeLimitMinutes: 10,
              attempts: 1,
              questionsPerPage: 2,
              review: { responses: true, correctness: true, correctAnswers: true, feedback: true },
            },
          },
          { key: 'closed', title: 'Kuis yang sudah tutup', required: false, config: { purpose: 'post_test', closesAt: '2026-11-20T00:00:00.000Z' } },
        ],
      });
      [eA, , eJatim] = q.enrolmentIds as [number, number, number];
      a = new TestClient(p);
      await a.login('peserta.kuis.a', PASSWORD);
      b = new TestClient(p);
      await b.login('peserta.kuis.b', PASSWORD);
    });
    after(() => p.dispose());

    test('the activity view before any attempt: instructions, rules and a Start form', async () => {
      const post = await a.get(activityUrl('post'));
      assert.equal(post.status, 200, post.body);
      assert.match(post.body, /Jumlah soal<\/dt><dd>8<\/dd>/);
      assert.match(post.body, /0 dari 2 dipakai/);
      assert.match(post.body, /Tanpa batas waktu/);
      assert.match(post.body, /Belum ada percobaan/);
      assert.match(post.body, new RegExp(`<form method="post" action="/learn/${eA}/activities/${q.activities.post}/attempts"`));
      assert.match(post.body, />Mulai<\/button>/);
      const final = await a.get(activityUrl('final'));
      assert.match(final.body, /<strong>sendiri<\/strong>/, 'instructions in Markdown');
      assert.match(final.body, /Evaluasi akhir/);
      assert.match(final.body, /10 menit/);
      assert.match(final.body, /0 dari 1 dipakai/);
      assert.match(final.body, /Nilai lulus<\/dt><dd>70 %/);
      assertNoKey(post.body, 'activity view');
      // Closed: the reason instead of Start (the close in the participant's zone), and a start is refused with it.
      const closed = await a.get(activityUrl('closed'));
      assert.match(closed.body, /Ditutup<\/dt><dd>20 Nov 2026, 08\.00 WITA/);
      assert.match(closed.body, /Kuis ini sudah ditutup\./);
      assert.doesNotMatch(closed.body, />Mulai<\/button>/);
      const refused = await postPairs(a, `${activityUrl('closed')}/attempts`, []);
      assert.equal(refused.status, 409);
      assert.match(refused.body, /Kuis ini sudah ditutup\./);
    });

    test('start → page 1 → page 2 → back → confirm → submit → result, answers saved with each page', async () => {
      await a.get(activityUrl('post'));
      const start = await postPairs(a, `${activityUrl('post')}/attempts`, []);
      assert.equal(start.status, 303, start.body);
      const m = /^\/learn\/attempts\/(\d+)\?page=1$/.exec(location(start));
      assert.ok(m, location(start));
      postAttempt = Number(m[1]);
      const base = `/learn/attempts/${postAttempt}`;

      const page1 = await a.get(`${base}?page=1`);
      assert.equal(page1.status, 200);
      assertNoKey(page1.body, 'page 1');
      const ids1 = qidsOf(page1.body);
      const code = (c: string) => q.questions[c]!;
      assert.deepEqual(ids1, ['WK-01', 'WK-02', 'WK-03', 'WK-04', 'WK-05'].map(code));
      assert.equal((page1.body.match(/<fieldset class="quiz-question"/g) ?? []).length, 5);
      assert.match(page1.body, new RegExp(`<input id="q-${code('WK-01')}-o-1" type="radio" name="q_${code('WK-01')}" value="1"`));
      assert.match(page1.body, new RegExp(`type="checkbox" name="q_${code('WK-03')}"`));
      assert.match(page1.body, /<legend>Soal 1 dari 8<\/legend>/);
      assert.match(page1.body, /Tanpa batas waktu/);
      assert.match(page1.body, />Berikutnya<\/button>/);
      assert.doesNotMatch(page1.body, />Sebelumnya<\/button>/, 'no previous page on page 1');
      assert.match(page1.body, /aria-live="polite"/);
      assert.match(page1.body, /<script src="\/static\/js\/quiz\.js\?v=[^"]+" defer(="")?><\/script>/);

      const wrong = new Set(['WK-02'].map(code));
      const save1 = await postPairs(a, base, [['page', '1'], ['go', 'next'], ...answerPairs(q, ids1, (id) => (wrong.has(id) ? 'wrong' : 'right'))]);
      assert.equal(save1.status, 303, save1.body);
      assert.equal(location(save1), `${base}?page=2`);

      const page2 = await a.get(location(save1));
      assertNoKey(page2.body, 'page 2');
      const ids2 = qidsOf(page2.body);
      assert.deepEqual(ids2, ['WK-06', 'WK-07', 'WK-08'].map(code));
      assert.match(page2.body, new RegExp(`<input id="q-${code('WK-07')}-answer" type="text" name="q_${code('WK-07')}"`));
      assert.match(page2.body, /aria-label="Halaman 1: semua soal terjawab"/, 'page 1 is marked answered');
      assert.match(page2.body, />Sebelumnya<\/button>/);
      assert.match(page2.body, /<button type="submit" name="go" value="finish">Selesai<\/button>/, 'the last page finishes');
      const save2 = await postPairs(a, base, [
        ['page', '2'],
        ['go', 'p1'],
        ['qids', ids2.join(',')],
        ...answerPairs(q, [code('WK-06')], () => 'right').slice(1),
        [`q_${code('WK-07')}`, '  kpu '],
        [`q_${code('WK-08')}`, ''],
      ]);
      assert.equal(location(save2), `${base}?page=1`);

      // Back on page 1 the saved answers are ticked; unticking every box of a multiple-choice question clears it.
      const back = await a.get(location(save2));
      for (const o of (q.answer(code('WK-04'), 'right') as { optionIds: number[] }).optionIds) {
        assert.match(back.body, new RegExp(`name="q_${code('WK-04')}" value="${o}" checked`));
      }
      const keep = new Set(['WK-04'].map(code));
      const save3 = await postPairs(a, base, [['page', '1'], ['go', 'finish'], ...answerPairs(q, ids1, (id) => (keep.has(id) ? 'skip' : wrong.has(id) ? 'wrong' : 'right'))]);
      assert.equal(location(save3), `${base}/confirm`);
      const rows = await p.ctx.repos.attempts.questionsOf(postAttempt);
      const stored = new Map(rows.map((r) => [r.question_id, r.answer === null ? null : JSON.parse(r.answer)]));
      assert.deepEqual(stored.get(code('WK-04')), { optionIds: [] }, 'the unticked checkboxes cleared the answer');
      assert.deepEqual(stored.get(code('WK-07')), { text: '  kpu ' });
      assert.equal(stored.get(code('WK-08')) ?? null, null, 'a blank field that was never answered is not written');

      const confirm = await a.get(location(save3));
      assert.equal(confirm.status, 200);
      assertNoKey(confirm.body, 'confirm');
      assert.match(confirm.body, /data-answered="6"/);
      assert.match(confirm.body, /data-unanswered="2"/);
      assert.match(confirm.body, new RegExp(`href="${base}\\?page=1#q-${code('WK-04')}">Soal 4 \\(halaman 1\\)`));
      assert.match(confirm.body, new RegExp(`href="${base}\\?page=2#q-${code('WK-08')}">Soal 8 \\(halaman 2\\)`));
      assert.match(confirm.body, new RegExp(`<form method="post" action="${base}/submit"`));
      assert.match(confirm.body, />Kirim jawaban<\/button>/);

      const submit = await postPairs(a, `${base}/submit`, []);
      assert.equal(submit.status, 303);
      assert.equal(location(submit), `${base}/result`);
      const result = await a.get(`${base}/result`);
      assert.equal(result.status, 200, result.body);
      // WK-01, WK-03, WK-05, WK-06, WK-07 right (1 point each) of 8 points: 62.5 % < 70.
      assert.match(result.body, /data-score="5" data-max-score="8"/);
      assert.match(result.body, /62,5 %/);
      assert.match(result.body, /Tidak lulus/);
      // Review policy: responses and correctness, not the correct answers nor the feedback.
      assert.match(result.body, /pilihan Anda/);
      assert.match(result.body, /<strong>Benar<\/strong>/);
      assert.match(result.body, /<strong>Salah<\/strong>/);
      assert.match(result.body, /Jawaban Anda<\/dt><dd>  kpu <\/dd>/);
      assert.doesNotMatch(result.body, /jawaban benar|Jawaban yang diterima/);
      for (const spec of DEFAULT_QUESTIONS) if (spec.feedback) assert.ok(!result.body.includes(spec.feedback), `feedback of ${spec.code} shown against the policy`);
      assert.match(result.body, new RegExp(`href="/learn/${eA}/activities/${q.activities.post}"`));

      // Finished: the attempt pages lead to the result; a late page post changes nothing.
      const again = await a.get(`${base}?page=1`);
      assert.equal(again.status, 303);
      assert.equal(location(again), `${base}/result`);
      const late = await postPairs(a, base, [['page', '1'], ['go', 'next'], ...answerPairs(q, ids1, () => 'right')]);
      assert.equal(late.status, 303);
      assert.match(location(late), new RegExp(`^${base}/result`));
      const resubmit = await postPairs(a, `${base}/submit`, []);
      assert.equal(location(resubmit), `${base}/result`);
      assert.match((await a.get(`${base}/result`)).body, /data-score="5" data-max-score="8"/, 'submitting twice gives the same result');

      // The activity view lists the attempt with its result and offers the second attempt.
      const view = await a.get(activityUrl('post'));
      assert.match(view.body, /1 dari 2 dipakai/);
      assert.match(view.body, /5 \/ 8 \(62,5 %\)/);
      assert.match(view.body, new RegExp(`href="${base}/result"`));
      assert.match(view.body, /Nilai Anda: 62,5 %/);
      assert.match(view.body, />Mulai percobaan baru<\/button>/);
    });

    test('a timed quiz: Resume with the deadline; past the deadline a page post leads to the result with a notice', async () => {
      await a.get(activityUrl('final'));
      const start = await postPairs(a, `${activityUrl('final')}/attempts`, []);
      finalAttempt = Number(/\/learn\/attempts\/(\d+)/.exec(location(start))![1]);
      const base = `/learn/attempts/${finalAttempt}`;
      const deadline = new Date(Date.parse('2026-11-28T01:00:00.000Z') + 10 * 60_000).toISOString();

      const page1 = await a.get(`${base}?page=1`);
      assertNoKey(page1.body, 'final page 1');
      assert.match(page1.body, new RegExp(`data-deadline="${deadline}" data-server-now="2026-11-28T01:00:00.000Z"`));
      // The participant's zone (Kupang: WITA): 09.10 WITA.
      assert.match(page1.body, new RegExp(`<time datetime="${deadline}">28 Nov 2026, 09\\.10 WITA</time>`));
      assert.match(page1.body, /aria-live="assertive"/);

      // The activity view now offers Resume with the deadline (a second Start resumes the same attempt).
      const view = await a.get(activityUrl('final'));
      assert.match(view.body, /batas waktu 28 Nov 2026, 09\.10 WITA/);
      assert.match(view.body, />Lanjutkan<\/button>/);
      const resume = await postPairs(a, `${activityUrl('final')}/attempts`, []);
      assert.equal(location(resume), `${base}?page=1`);

      const ids1 = qidsOf(page1.body);
      const save1 = await postPairs(a, base, [['page', '1'], ['go', 'next'], ...answerPairs(q, ids1, () => 'right')]);
      assert.equal(location(save1), `${base}?page=2`);
      const page2 = await a.get(`${base}?page=2`);
      const ids2 = qidsOf(page2.body);

      p.clock.advance(10 * 60_000 + 1); // one millisecond late
      const late = await postPairs(a, base, [['page', '2'], ['go', 'finish'], ...answerPairs(q, ids2, () => 'right')]);
      assert.equal(late.status, 303);
      assert.equal(location(late), `${base}/result?notice=deadline`);
      const result = await a.get(location(late));
      assert.match(result.body, /Waktu sudah habis: jawaban yang tersimpan sudah dinilai\./);
      // ND-01 (1 point) and ND-02 (2 points) right, ND-03 and ND-04 too late: 3 of 5.
      assert.match(result.body, /data-score="3" data-max-score="5"/);
      assert.match(result.body, /Tidak lulus/);
      assert.match(result.body, /dikirim otomatis saat waktu habis/);
      // This quiz's policy shows the correct answers after the attempt.
      assert.match(result.body, /jawaban benar/);
      assert.match(result.body, /\(tidak dijawab\)|pilihan Anda/);

      // Every attempt page of the finished attempt leads to the result.
      assert.equal(location(await a.get(`${base}/confirm`)), `${base}/result?notice=deadline`);

      // No attempts left: the view says why and offers no Start; a start answers 409 with the reason.
      const after = await a.get(activityUrl('final'));
      assert.match(after.body, /Kesempatan mengerjakan kuis ini sudah habis\./);
      assert.doesNotMatch(after.body, />Mulai<\/button>|>Mulai percobaan baru<\/button>/);
      assert.match(after.body, /Anda belum lulus evaluasi akhir/);
      const refused = await postPairs(a, `${activityUrl('final')}/attempts`, []);
      assert.equal(refused.status, 409);
      assert.match(refused.body, /Kesempatan mengerjakan kuis ini sudah habis\./);
      assert.match(refused.body, new RegExp(`href="/learn/${eA}/activities/${q.activities.final}"`));
    });

    test("someone else's attempt is not found; a page post needs the CSRF token", async () => {
      const base = `/learn/attempts/${postAttempt}`;
      await b.get('/');
      for (const url of [`${base}?page=1`, `${base}/confirm`, `${base}/result`, '/learn/attempts/999999']) {
        assert.equal((await b.get(url)).status, 404, url);
      }
      assert.equal((await postPairs(b, base, [['page', '1'], ['go', 'next']])).status, 404);
      assert.equal((await postPairs(b, `${base}/submit`, [])).status, 404);
      assert.equal((await postPairs(b, `${activityUrl('post')}/attempts`, [])).status, 404, "another participant's enrolment");
      assert.equal((await b.get('/learn/attempts/abc')).status, 404);

      // B's own attempt: without the token the post is refused and nothing is saved.
      await b.get(`/learn/${q.enrolmentIds[1]}/activities/${q.activities.post}`);
      const start = await postPairs(b, `/learn/${q.enrolmentIds[1]}/activities/${q.activities.post}/attempts`, []);
      const own = `/learn/attempts/${/\/learn\/attempts\/(\d+)/.exec(location(start))![1]}`;
      const page = await b.get(`${own}?page=1`);
      const ids = qidsOf(page.body);
      const forged = await postPairs(b, own, [['page', '1'], ['go', 'next'], ...answerPairs(q, ids, () => 'right')], { csrf: false });
      assert.equal(forged.status, 403);
      const rows = await p.ctx.repos.attempts.questionsOf(Number(own.split('/').pop()));
      assert.ok(rows.every((r) => r.answer === null), 'nothing saved without the token');
      assert.equal((await postPairs(b, `${own}/submit`, [], { csrf: false })).status, 403);
      // Signed out: to the sign-in page.
      const anonymous = new TestClient(p);
      const res = await anonymous.get(`${own}?page=1`);
      assert.equal(res.status, 303);
      assert.match(location(res), /^\/login\?next=/);
    });

    test('an operator grants extra attempts on the enrolment page (audited, listed, scoped); the participant may start again', async () => {
      const operator = new TestClient(p);
      await operator.login('operator.ntt', DEMO_PASSWORD);
      const page = await operator.get(`/admin/enrolments/${eA}`);
      assert.equal(page.status, 200, page.body);
      assert.match(page.body, /Tambahan percobaan atau waktu kuis/);
      assert.match(page.body, new RegExp(`<option value="${q.activities.post}">Post-test Wawasan</option>`));
      assert.match(page.body, new RegExp(`<form method="post" action="/admin/enrolments/${eA}/quiz-grants"`));
      assert.match(page.body, /Perpanjang masa belajar/, 'the window form stays');

      const bad = await operator.postForm(`/admin/enrolments/${eA}/quiz-grants`, { activityId: String(q.activities.final), extraAttempts: '1', extraMinutes: '', reason: 'x' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /minimal 5 karakter/);
      assert.match(bad.body, /value="x"/, 'the form keeps what was typed');
      const nothing = await operator.postForm(`/admin/enrolments/${eA}/quiz-grants`, { activityId: String(q.activities.final), extraAttempts: '0', extraMinutes: '0', reason: 'Listrik padam saat ujian' });
      assert.equal(nothing.status, 400);
      const foreign = await operator.postForm(`/admin/enrolments/${eA}/quiz-grants`, { activityId: '999999', extraAttempts: '1', reason: 'Listrik padam saat ujian' });
      assert.equal(foreign.status, 400);

      const ok = await operator.postForm(`/admin/enrolments/${eA}/quiz-grants`, { activityId: String(q.activities.final), extraAttempts: '1', extraMinutes: '5', reason: 'Listrik padam saat ujian' });
      assert.equal(ok.status, 303, ok.body);
      const shown = await operator.get(location(ok).split('#')[0]!);
      assert.match(shown.body, /Tambahan untuk kuis sudah diberikan\./);
      assert.match(shown.body, /<td>Evaluasi Akhir Nilai Dasar<\/td><td>1<\/td><td>5<\/td><td>Listrik padam saat ujian<\/td><td>Operator KPU Provinsi NTT/);
      const audit = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'quiz.grant').execute();
      assert.equal(audit.length, 1);
      assert.match(String(audit[0]!.details), /Listrik padam/);

      // The participant: two attempts allowed now, 15 minutes, and Start again.
      const view = await a.get(activityUrl('final'));
      assert.match(view.body, /1 dari 2 dipakai/);
      assert.match(view.body, /15 menit \(termasuk tambahan 5 menit\)/);
      assert.match(view.body, />Mulai percobaan baru<\/button>/);

      // Outside the operator's scope (Jawa Timur): not found; a participant may not grant.
      assert.equal((await operator.get(`/admin/enrolments/${eJatim}`)).status, 404);
      assert.equal((await operator.postForm(`/admin/enrolments/${eJatim}/quiz-grants`, { activityId: String(q.activities.final), extraAttempts: '1', reason: 'Listrik padam saat ujian' })).status, 404);
      await a.get('/');
      assert.equal((await a.postForm(`/admin/enrolments/${eA}/quiz-grants`, { activityId: String(q.activities.final), extraAttempts: '1', reason: 'Saya sendiri saja' })).status, 403);
    });

    test('authoring: a quiz is created and edited through the activity form; mistakes are named per field', async () => {
      const admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      const url = `/admin/programmes/${q.programmeId}/stages/${q.stageIds[0]}/activities/new?kind=quiz`;
      const form = await admin.get(url);
      assert.equal(form.status, 200);
      assert.match(form.body, /name="cfg_draw"/);
      assert.match(form.body, /<select id="cfg-purpose" name="cfg_purpose"/);
      const fields = {
        title: 'Pre-test Orientasi',
        required: '1',
        cfg_purpose: 'pre_test',
        cfg_instructions: 'Jawab semampunya.',
        cfg_draw: 'Wawasan Kebangsaan: 3\nNilai Dasar ASN: semua',
        cfg_shuffleQuestions: '1',
        cfg_timeLimitMinutes: '15',
        cfg_attempts: '',
        cfg_passMark: '60',
        cfg_grading: 'last',
        cfg_review_responses: '1',
        cfg_closesAt: '2026-12-31T23:59',
        cfg_questionsPerPage: '3',
      };
      const bad = await admin.postForm(url, { ...fields, cfg_timeLimitMinutes: 'lima belas', cfg_draw: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /id="cfg_timeLimitMinutes-errors"/);
      assert.match(bad.body, /id="cfg_draw-errors"/);
      assert.match(bad.body, /value="lima belas"/, 'the form shows what was typed');
      const ok = await admin.postForm(url, fields);
      assert.equal(ok.status, 303, ok.body);
      const id = Number(/activities\/(\d+)/.exec(location(ok))![1]);
      const row = await p.ctx.repos.authoring.activity(id);
      assert.deepEqual(JSON.parse(row!.config), {
        purpose: 'pre_test',
        instructions: 'Jawab semampunya.',
        draw: [
          { category: 'Wawasan Kebangsaan', count: 3 },
          { category: 'Nilai Dasar ASN', count: null },
        ],
        shuffleQuestions: true,
        shuffleOptions: false,
        timeLimitMinutes: 15,
        attempts: null,
        passMark: 60,
        grading: 'last',
        review: { responses: true, correctness: false, correctAnswers: false, feedback: false },
        closesAt: '2026-12-31T16:59:00.000Z',
        evaluationActivityId: null,
        questionsPerPage: 3,
      });
      const edit = await admin.get(`/admin/programmes/${q.programmeId}/activities/${id}`);
      assert.match(edit.body, /<option value="pre_test" selected/);
      assert.match(edit.body, /Wawasan Kebangsaan: 3\nNilai Dasar ASN: semua<\/textarea>/);
      assert.match(edit.body, /name="cfg_closesAt" type="datetime-local" value="2026-12-31T23:59"/);
    });

    test('English: the result speaks English', async () => {
      const en = new TestClient(p);
      await en.login('peserta.kuis.a', PASSWORD);
      en.cookies.set('lentera_lang', 'en');
      const res = await en.get(`/learn/attempts/${postAttempt}/result`);
      assert.equal(res.status, 200);
      assert.match(res.body, /Not passed/);
      assert.match(res.body, /62\.5 %/);
      assert.match(res.body, /Back to the quiz/);
    });
  });
}
