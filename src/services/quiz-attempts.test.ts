import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../test/support/platform.js';
import { addTestUser, createQuizProgramme, type QuizProgramme } from '../../test/support/quiz.js';
import { loadDemo } from './demo.js';
import { AppError } from '../http/errors.js';
import { loadEnrolmentView, recordProgress } from './learning.js';
import { finaliseExpiredAttempts, getAttempt, quizOverview, saveAnswer, startAttempt, submitAttempt, type AttemptView } from './quiz-attempts.js';
import { QUIZ_FINALISE_EXPIRED } from '../jobs/quiz.js';
import type { LockReason } from '../domain/progression.js';

const describeLock = (r: LockReason) => JSON.stringify(r);
const DAY1 = '2025-11-10T01:00:00.000Z'; // 09:00 WITA (Kupang), day 1

async function rejects(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, `${err.code}: ${JSON.stringify(err.options.details ?? {})}`);
    return err;
  }
  assert.fail(`expected ${code}`);
}

for (const kind of testDatabases()) {
  describe(`quiz attempts service [${kind}]`, () => {
    let p: TestPlatform;
    let q: QuizProgramme;
    const users: number[] = [];
    const user = (i: number) => ({ userId: users[i]!, enrolmentId: q.enrolmentIds[i]! });
    const start = (i: number, key: string) => startAttempt(p.ctx, { ...user(i), activityId: q.activities[key]!, ip: '192.0.2.7', describeLock });
    const answerAll = async (i: number, attempt: AttemptView, how: 'right' | 'wrong') => {
      for (const question of attempt.questions) await saveAnswer(p.ctx, { userId: users[i]!, attemptId: attempt.attemptId, questionId: question.id, answer: q.answer(question.id, how), ip: '192.0.2.7' });
    };
    const progressData = async (i: number, key: string) => {
      const row = await p.ctx.repos.learning.progressOne(q.enrolmentIds[i]!, q.activities[key]!);
      return { state: row?.state, data: row ? JSON.parse(row.data) : null };
    };
    const outline = async (i: number) => {
      const e = (await p.ctx.repos.learning.enrolment(q.enrolmentIds[i]!))!;
      return (await loadEnrolmentView(p.ctx, e)).outline;
    };

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set(DAY1);
      await loadDemo(p.ctx, 'Kupang-Demo-2025', { content: false });
      for (let i = 0; i < 6; i++) users.push(await addTestUser(p, { login: `peserta.${i}`, nip: `19900101202421${String(1100 + i)}`, unitCode: '5371', password: 'Kupang-Demo-2025' }));
      q = await createQuizProgramme(p, {
        code: 'UJI-LAYANAN',
        participantIds: users,
        stages: [{ title: 'Materi' }, { title: 'Evaluasi' }],
        pages: [{ key: 'm1', stage: 0 }],
        quizzes: [
          { key: 'pre', stage: 0, config: { purpose: 'pre_test', draw: [{ category: 'Wawasan Kebangsaan', count: 3 }] } },
          { key: 'final', stage: 1, config: { purpose: 'final', draw: [{ category: 'Nilai Dasar ASN', count: null }], timeLimitMinutes: 60, attempts: 1, passMark: 70 }, closesAfterDay: 15 },
          { key: 'remedial', stage: 1, required: false, config: { purpose: 'remedial', draw: [{ category: 'Nilai Dasar ASN', count: null }], timeLimitMinutes: 30, passMark: 70 }, opensOnDay: 16, closesAfterDay: 30 },
          { key: 'timed', stage: 0, required: false, config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: null }], timeLimitMinutes: 10, attempts: 3 } },
          { key: 'best', stage: 0, required: false, config: { purpose: 'post_test', draw: [{ category: 'Wawasan Kebangsaan', count: 4 }], attempts: 3, grading: 'highest', passMark: 50 } },
        ],
      });
      // Everyone's day clock starts today (their first sign-in).
      for (const id of users) await p.ctx.repos.learning.markFirstSignIn(id, DAY1);
    });
    after(() => p.dispose());

    test('the remedial flow: fail the final evaluation → remedial locked until day 16 → fail once → pass → the evaluation counts as passed and the stage completes', async () => {
      // The pre-test never blocks: stage 1 is complete with the material alone.
      await recordProgress(p.ctx, { ...user(0), activityId: q.activities.m1!, event: { eventId: 'evt-m1-open-0001', type: 'opened' }, describeLock });
      let o = await outline(0);
      assert.equal(o.stages[0]!.state, 'completed', 'the pre-test was never taken, yet stage 1 is complete');
      assert.equal(o.stages[1]!.state, 'available');

      const final = await start(0, 'final');
      assert.equal(final.created, true);
      await answerAll(0, final.attempt, 'wrong');
      const failed = await submitAttempt(p.ctx, { userId: users[0]!, attemptId: final.attempt.attemptId, ip: '192.0.2.7' });
      assert.equal(failed.passed, false);
      assert.deepEqual((await progressData(0, 'final')).data, { purpose: 'final', attempts: 1, gradePercent: 0, passed: false, failed: true });
      const locked = await rejects(start(0, 'remedial'), 'activity_locked');
      assert.equal((locked.options.details as { reasonCode: string }).reasonCode, 'opens_on_day');
      await rejects(start(0, 'final'), 'no_attempts_left');

      // Day 16 (local midnight WITA): the final evaluation has closed, the remedial opens.
      p.clock.set('2025-11-24T16:00:00.000Z');
      await rejects(start(0, 'final'), 'closed');
      const r1 = await start(0, 'remedial');
      assert.equal(r1.created, true);
      assert.equal(r1.attempt.deadline, '2025-11-24T16:30:00.000Z');
      await answerAll(0, r1.attempt, 'wrong');
      assert.equal((await submitAttempt(p.ctx, { userId: users[0]!, attemptId: r1.attempt.attemptId, ip: null })).passed, false);
      assert.equal((await progressData(0, 'final')).state, 'in_progress', 'a failed remedial changes nothing');

      p.clock.advance(3600_000);
      const r2 = await start(0, 'remedial');
      assert.equal(r2.created, true);
      assert.equal(r2.attempt.number, 2, 'remedial attempts are unlimited');
      await answerAll(0, r2.attempt, 'right');
      const passed = await submitAttempt(p.ctx, { userId: users[0]!, attemptId: r2.attempt.attemptId, ip: null });
      assert.equal(passed.passed, true);
      assert.equal(passed.percent, 100);

      const evaluation = await progressData(0, 'final');
      assert.equal(evaluation.state, 'completed');
      assert.equal(evaluation.data.passed, true);
      assert.equal(evaluation.data.passedByRemedial, true);
      assert.equal((await progressData(0, 'remedial')).state, 'completed');
      o = await outline(0);
      assert.equal(o.stages[1]!.state, 'completed', 'the evaluation stage completes');
      assert.equal(o.status, 'completed');
      const enrolment = (await p.ctx.repos.learning.enrolment(q.enrolmentIds[0]!))!;
      assert.equal(enrolment.progress, 100, "the enrolment's summary was updated in the same transaction");
      assert.ok(enrolment.completed_at);
      const events = await p.ctx.db.kysely.selectFrom('progress_events').select(['event_id', 'activity_id']).where('enrolment_id', '=', q.enrolmentIds[0]!).orderBy('id').execute();
      assert.deepEqual(
        events.map((e) => e.event_id),
        ['evt-m1-open-0001', `quiz-finished-${final.attempt.attemptId}`, `quiz-finished-${r1.attempt.attemptId}`, `quiz-finished-${r2.attempt.attemptId}`, `quiz-remedial-${r2.attempt.attemptId}`],
      );
      const overview = await quizOverview(p.ctx, { ...user(0), activityId: q.activities.final! });
      assert.equal(overview.passed, true);
      assert.equal(overview.passedByRemedial, true);
      await rejects(start(0, 'remedial'), 'already_passed');
    });

    test('remedial stays locked on day 16 for someone who never failed the final evaluation', async () => {
      await recordProgress(p.ctx, { ...user(1), activityId: q.activities.m1!, event: { eventId: 'evt-m1-open-0011', type: 'opened' }, describeLock });
      const err = await rejects(start(1, 'remedial'), 'activity_locked');
      assert.equal((err.options.details as { reasonCode: string }).reasonCode, 'kind');
    });

    test('the deadline never passes the end of the closing day on the participant\'s clock', async () => {
      p.clock.set('2025-11-24T15:30:00.000Z'); // 23:30 WITA on day 15
      await recordProgress(p.ctx, { ...user(2), activityId: q.activities.m1!, event: { eventId: 'evt-m1-open-0002', type: 'opened' }, describeLock });
      const s = await start(2, 'final');
      assert.equal(s.attempt.deadline, '2025-11-24T16:00:00.000Z', 'local midnight, not 60 minutes');
    });

    test('the job finalises an abandoned attempt at its deadline (idempotent) and schedules its next run', async () => {
      p.clock.set('2025-11-12T02:00:00.000Z');
      const s = await start(3, 'timed');
      assert.equal(s.attempt.deadline, '2025-11-12T02:10:00.000Z');
      const first = s.attempt.questions[0]!;
      await saveAnswer(p.ctx, { userId: users[3]!, attemptId: s.attempt.attemptId, questionId: first.id, answer: q.answer(first.id, 'right'), ip: null });
      p.clock.set('2025-11-12T02:10:00.000Z');
      assert.equal(await finaliseExpiredAttempts(p.ctx, { limit: 10 }), 0, 'exactly at the deadline it is still open');
      p.clock.advance(30_000);
      const { id } = await p.ctx.jobs.enqueue(QUIZ_FINALISE_EXPIRED, {});
      assert.equal((await p.ctx.jobs.runOnce())?.outcome, 'succeeded');
      assert.deepEqual((await p.ctx.jobs.get(id))?.result, { finalised: 1 });
      const attempt = (await p.ctx.repos.attempts.attempt(s.attempt.attemptId))!;
      assert.equal(attempt.status, 'expired');
      assert.equal(attempt.finished_by, 'deadline');
      assert.equal(attempt.finished_at, '2025-11-12T02:10:30.000Z');
      assert.equal(attempt.score, q.keys.get(first.id)!.points);
      const progress = await progressData(3, 'timed');
      assert.equal(progress.state, 'completed');
      assert.equal(progress.data.attempts, 1);
      const events = await p.ctx.repos.attempts.eventsOf(attempt.id);
      assert.deepEqual(events.map((e) => e.type), ['start', 'answer', 'expire']);
      const next = await p.ctx.db.kysely.selectFrom('jobs').select(['run_at', 'status']).where('type', '=', QUIZ_FINALISE_EXPIRED).where('status', '=', 'queued').execute();
      assert.deepEqual(next, [{ run_at: '2025-11-12T02:11:00.000Z', status: 'queued' }], 'the next run a minute later');
      assert.equal(await finaliseExpiredAttempts(p.ctx, { limit: 10 }), 0, 'nothing left to do');
      // A read or a submit afterwards returns the same result.
      const view = await getAttempt(p.ctx, { userId: users[3]!, attemptId: attempt.id });
      assert.equal(view.result?.score, attempt.score);
      assert.deepEqual(await submitAttempt(p.ctx, { userId: users[3]!, attemptId: attempt.id, ip: null }), view.result);
    });

    test('grading "highest" keeps the best attempt; the overview counts attempts', async () => {
      const a1 = await start(4, 'best');
      await answerAll(4, a1.attempt, 'right');
      await submitAttempt(p.ctx, { userId: users[4]!, attemptId: a1.attempt.attemptId, ip: null });
      const a2 = await start(4, 'best');
      await answerAll(4, a2.attempt, 'wrong');
      await submitAttempt(p.ctx, { userId: users[4]!, attemptId: a2.attempt.attemptId, ip: null });
      const data = (await progressData(4, 'best')).data;
      assert.equal(data.gradePercent, 100);
      assert.equal(data.attempts, 2);
      const overview = await quizOverview(p.ctx, { ...user(4), activityId: q.activities.best! });
      assert.equal(overview.attemptsUsed, 2);
      assert.equal(overview.attemptsAllowed, 3);
      assert.equal(overview.questionCount, 4);
      assert.equal(overview.grade?.number, 1);
      assert.equal(overview.refusal, null);
      assert.equal(overview.openAttemptId, null);
      assert.deepEqual(overview.attempts.map((x) => x.percent), [100, 0]);
    });

    test('finishing an attempt and recording its progress are one transaction: a failure leaves neither', async () => {
      const s = await start(5, 'timed');
      await assert.rejects(
        p.ctx.repos.attempts.finalise({
          attemptId: s.attempt.attemptId,
          now: p.clock.fn().toISOString(),
          ip: null,
          by: 'participant',
          score: () => ({ perQuestion: [], score: 0, maxScore: 1, percent: 0, passed: false }),
          progress: () => {
            throw new Error('crash while recording progress');
          },
        }),
        /crash/,
      );
      const attempt = (await p.ctx.repos.attempts.attempt(s.attempt.attemptId))!;
      assert.equal(attempt.status, 'open', 'the attempt is not finished without its progress');
      assert.equal((await p.ctx.repos.attempts.eventsOf(attempt.id)).filter((e) => e.type === 'submit').length, 0);
      const result = await submitAttempt(p.ctx, { userId: users[5]!, attemptId: attempt.id, ip: null });
      assert.equal(result.status, 'submitted');
      assert.equal((await progressData(5, 'timed')).data.attempts, 1);
    });
  });
}
