// End-to-end: the evaluation in a real headless Chromium on a phone-sized screen against a real
// server. A participant fails the final evaluation (answers autosaved by the script, kept across a
// reload), the remedial stays locked until day 16 of the personal clock (moved by the test clock),
// a first remedial attempt is answered without JavaScript and fails, a later one passes — and the
// final evaluation then counts as passed: the stage and the programme are complete.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, eventually, heading, pathOf, phoneSessions, startE2EServer, type E2EServer } from '../support/browser.js';
import { createQuizProgramme, type QuizProgramme } from '../support/quiz.js';
import { DEMO } from '../../src/services/demo.js';

after(closeSharedBrowser);

const DAY = 86_400_000;
const FINAL = 'Evaluasi Akhir Orientasi';
const REMEDIAL = 'Remedial Evaluasi Akhir';
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

for (const kind of testDatabases()) {
  describe(`e2e: final evaluation failed, remedial from day 16, passed on a later attempt [${kind}]`, () => {
    let server: E2EServer;
    const sessions = phoneSessions(() => server.baseUrl);
    const signedIn = sessions.signedIn;

    before(async () => {
      server = await startE2EServer(kind);
    });
    after(async () => {
      await server?.close();
    });
    afterEach(() => sessions.close());


    /** Answers every question shown on the attempt page, right or wrong, through the form controls. */
    async function answerPage(page: Page, q: QuizProgramme, how: 'right' | 'wrong'): Promise<number[]> {
      const ids = (await page.locator('fieldset.quiz-question').evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-question-id"))))) as number[];
      assert.ok(ids.length > 0, 'the page shows questions');
      for (const id of ids) {
        const answer = q.answer(id, how);
        if ('text' in answer) {
          await page.locator(`#q-${id}-answer`).fill(answer.text);
          await page.locator(`#q-${id}-answer`).blur();
        } else {
          for (const optionId of answer.optionIds) await page.locator(`#q-${id}-o-${optionId}`).check();
        }
      }
      return ids;
    }

    /** Answers every page of the open attempt and submits it through the confirmation page; returns the result text. */
    async function takeAttempt(page: Page, q: QuizProgramme, how: 'right' | 'wrong'): Promise<string> {
      for (;;) {
        await answerPage(page, q, how);
        const next = page.getByRole('button', { name: 'Berikutnya' });
        if ((await next.count()) === 0) break;
        await clickAndLoad(page, next);
      }
      await clickAndLoad(page, page.getByRole('button', { name: 'Selesai' }));
      assert.equal(await heading(page), 'Kirim jawaban?');
      assert.match(await text(page, 'main'), /Semua soal sudah terjawab/);
      await clickAndLoad(page, page.getByRole('button', { name: 'Kirim jawaban' }));
      assert.match(pathOf(page), /^\/learn\/attempts\/\d+\/result$/);
      return text(page, 'main');
    }

    test('(7) fail the final evaluation, remedial opens on day 16, pass on the second remedial attempt: the evaluation counts as passed', async () => {
      const { ctx, clock } = server.platform;
      const participant = await ctx.repos.users.findByLogin(DEMO.participant.nip);
      assert.ok(participant);
      const q = await createQuizProgramme(server.platform, {
        code: 'E2E-EVALUASI',
        participantIds: [participant.id],
        windowDays: 30,
        stages: [{ title: 'Tahap Evaluasi', targetDay: 15 }],
        quizzes: [
          {
            key: 'final',
            title: FINAL,
            closesAfterDay: 15,
            config: { purpose: 'final', draw: [{ category: 'Wawasan Kebangsaan', count: null }], timeLimitMinutes: 30, attempts: 1, passMark: 70, questionsPerPage: 4, review: { responses: true, correctness: true, correctAnswers: false, feedback: false } },
          },
          {
            key: 'remedial',
            title: REMEDIAL,
            required: false,
            opensOnDay: 16,
            closesAfterDay: 30,
            config: { purpose: 'remedial', draw: [{ category: 'Wawasan Kebangsaan', count: null }], timeLimitMinutes: 30, attempts: null, passMark: 70, questionsPerPage: 4 },
          },
        ],
      });
      const enrolmentId = q.enrolmentIds[0]!;
      const finalUrl = `/learn/${enrolmentId}/activities/${q.activities.final}`;
      const remedialUrl = `/learn/${enrolmentId}/activities/${q.activities.remedial}`;

      // --- Day 1, with JavaScript: the final evaluation, every answer autosaved as it is given.
      const p = await signedIn(DEMO.participant.nip);
      await p.goto(finalUrl);
      assert.equal(await heading(p), FINAL);
      await clickAndLoad(p, p.getByRole('button', { name: 'Mulai' }));
      assert.match(p.url(), /\/learn\/attempts\/\d+\?page=1$/);
      const attemptId = Number(/\/learn\/attempts\/(\d+)/.exec(p.url())![1]);
      assert.ok(await p.locator('[data-quiz-timer]').count(), 'the deadline is shown with a countdown');
      const firstPage = await answerPage(p, q, 'wrong');
      // The autosave reached the server before any button was pressed …
      const stored = await eventually('every answer on the page autosaved', async () => {
        const a = await ctx.repos.attempts.questionsOf(attemptId);
        const answered = a.filter((row) => firstPage.includes(row.question_id) && row.answer !== null);
        return answered.length === firstPage.length ? answered : null;
      });
      assert.equal(stored.length, firstPage.length);
      // … so a reload (or another device) finds the answers where they were left.
      await p.reload();
      for (const id of firstPage) {
        const answer = q.answer(id, 'wrong');
        if ('text' in answer) assert.equal(await p.locator(`#q-${id}-answer`).inputValue(), answer.text);
        else for (const optionId of answer.optionIds) assert.equal(await p.locator(`#q-${id}-o-${optionId}`).isChecked(), true, `question ${id} option ${optionId} kept`);
      }
      const failed = await takeAttempt(p, q, 'wrong');
      assert.match(failed, /Tidak lulus/);

      // The final evaluation has no attempts left; the remedial is locked until day 16.
      await p.goto(finalUrl);
      assert.equal(await p.getByRole('button', { name: /Mulai/ }).count(), 0, 'no attempts left');
      await p.goto(`/learn/${enrolmentId}`);
      const remedialRow = p.locator('li', { hasText: REMEDIAL }).last();
      assert.match(await remedialRow.textContent() ?? '', /hari ke-16/);
      await p.goto(remedialUrl);
      assert.equal(await p.getByRole('button', { name: 'Mulai' }).count(), 0, 'the remedial cannot be started before day 16');

      // --- Day 16: the remedial opens. First attempt without JavaScript (plain form posts), failed.
      clock.advance(15 * DAY);
      const noJs = await signedIn(DEMO.participant.nip, { javaScriptEnabled: false });
      await noJs.goto(remedialUrl);
      assert.equal(await heading(noJs), REMEDIAL);
      await clickAndLoad(noJs, noJs.getByRole('button', { name: 'Mulai' }));
      const remedialFailed = await takeAttempt(noJs, q, 'wrong');
      assert.match(remedialFailed, /Tidak lulus/);

      // A later remedial attempt (unlimited), with JavaScript, passes. (Two weeks passed: the day-1
      // session has expired, the participant signs in again.)
      const again = await signedIn(DEMO.participant.nip);
      await again.goto(remedialUrl);
      await clickAndLoad(again, again.getByRole('button', { name: 'Mulai percobaan baru' }));
      const passed = await takeAttempt(again, q, 'right');
      assert.match(passed, /Lulus/);
      assert.doesNotMatch(passed, /Tidak lulus/);

      // The evaluation counts as passed: the final evaluation is complete, so is the stage.
      await again.goto(`/learn/${enrolmentId}`);
      const outline = (await again.request.get(`/api/v1/enrolments/${enrolmentId}/outline`, { headers: { accept: 'application/json' } }));
      assert.equal(outline.status(), 200);
      const body = (await outline.json()) as { progress: number; status: string; stages: { state: string; activities: { id: number; state: string }[] }[] };
      const acts = body.stages.flatMap((s) => s.activities);
      assert.equal(acts.find((a) => a.id === q.activities.final)!.state, 'completed', 'the final evaluation counts as passed');
      assert.equal(body.stages[0]!.state, 'completed', 'the stage is complete');
      assert.equal(body.progress, 100);
      const progress = await ctx.repos.learning.progressOne(enrolmentId, q.activities.final!);
      assert.equal(JSON.parse(progress!.data).passedByRemedial, true);
      assert.deepEqual(sessions.problems(), [], 'the pages had no script errors, console errors or failed requests');
    });
  });
}
