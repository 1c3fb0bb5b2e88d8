// The monitoring columns of an enrolment (state, zone, due_on) follow the participant's progress:
// never signed in → in progress (with the date by which the current stage is due) → failed when the
// final evaluation is failed → passed when the programme is complete (through the remedial).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../test/support/platform.js';
import { addTestUser, createQuizProgramme, type QuizProgramme } from '../../test/support/quiz.js';
import { loadDemo } from './demo.js';
import { loadEnrolmentView } from './learning.js';
import { saveAnswer, startAttempt, submitAttempt } from './quiz-attempts.js';

const DAY = 86_400_000;

for (const kind of testDatabases()) {
  describe(`enrolment monitoring state [${kind}]`, () => {
    let p: TestPlatform;
    let q: QuizProgramme;
    let userId: number;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, 'Kupang-Demo-2025', { content: false });
      userId = await addTestUser(p, { login: 'peserta.sikka', nip: '199203152025212004', unitCode: '5310', password: 'Kupang-Demo-2025' });
      q = await createQuizProgramme(p, {
        code: 'UJI-STATUS',
        participantIds: [userId],
        windowDays: 30,
        stages: [{ title: 'Evaluasi', targetDay: 15 }],
        quizzes: [
          { key: 'final', closesAfterDay: 15, config: { purpose: 'final', attempts: 1, passMark: 70 } },
          { key: 'remedial', required: false, opensOnDay: 16, closesAfterDay: 30, config: { purpose: 'remedial', passMark: 70 } },
        ],
      });
    });
    after(() => p?.dispose());

    const row = async () => (await p.ctx.repos.learning.enrolment(q.enrolmentIds[0]!))!;
    const take = async (key: 'final' | 'remedial', how: 'right' | 'wrong') => {
      const { attempt } = await startAttempt(p.ctx, { userId, enrolmentId: q.enrolmentIds[0]!, activityId: q.activities[key]!, ip: '10.0.0.1', describeLock: (r) => r.code });
      for (const question of attempt.questions) await saveAnswer(p.ctx, { userId, attemptId: attempt.attemptId, questionId: question.id, answer: q.answer(question.id, how), ip: '10.0.0.1' });
      return submitAttempt(p.ctx, { userId, attemptId: attempt.attemptId, ip: '10.0.0.1' });
    };

    test('never signed in, then in progress with the due date of the stage in the participant’s zone', async () => {
      assert.equal((await row()).state, 'never_signed_in');
      await loadEnrolmentView(p.ctx, await row());
      const e = await row();
      assert.equal(e.state, 'in_progress');
      assert.equal(e.zone, 'WITA', 'Kabupaten Sikka (NTT) is in WITA');
      // Day 1 is today in WITA (the test clock is 2026-11-28T01:00Z = 09:00 WITA); day 15 is 14 days later.
      assert.equal(e.due_on, '2026-12-12');
    });

    test('a failed final evaluation makes the enrolment failed; passing the remedial on day 16 makes it passed', async () => {
      const failed = await take('final', 'wrong');
      assert.equal(failed.passed, false);
      assert.equal((await row()).state, 'failed');
      p.clock.advance(15 * DAY);
      const passed = await take('remedial', 'right');
      assert.equal(passed.passed, true);
      const e = await row();
      assert.equal(e.state, 'passed');
      assert.equal(e.progress, 100);
      assert.equal(e.due_on, null, 'no stage is due any more');
    });
  });
}
