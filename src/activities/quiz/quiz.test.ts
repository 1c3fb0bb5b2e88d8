import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activityKind } from '../registry.js';
import type { EarlierActivity, ProgressData, ProgressEventInput } from '../types.js';
import type { FinishedAttempt, QuizPurpose } from '../../domain/quiz.js';
import { quizConfig, type QuizConfig } from './config.js';
import { applyQuizEvent, evaluationOf, finishedEventId, quizClientEvent, remedialEventId, remedialLock } from './progress.js';

const cfg = (extra: Record<string, unknown> = {}): QuizConfig => quizConfig.parse({ draw: [{ category: 'Wawasan Kebangsaan', count: 5 }], ...extra });

describe('quizConfig', () => {
  test('defaults', () => {
    assert.deepEqual(quizConfig.parse({ draw: [{ category: ' Wawasan Kebangsaan ' }] }), {
      purpose: 'post_test',
      instructions: '',
      draw: [{ category: 'Wawasan Kebangsaan', count: null }],
      shuffleQuestions: true,
      shuffleOptions: true,
      timeLimitMinutes: null,
      attempts: 1,
      passMark: 70,
      grading: 'highest',
      review: { responses: true, correctness: true, correctAnswers: false, feedback: false },
      closesAt: null,
      evaluationActivityId: null,
      questionsPerPage: 5,
    });
  });

  test('a full configuration is kept', () => {
    const full = {
      purpose: 'final',
      instructions: 'Kerjakan dengan jujur.',
      draw: [
        { category: 'A', count: 10 },
        { category: 'B', count: null },
      ],
      shuffleQuestions: false,
      shuffleOptions: false,
      timeLimitMinutes: 60,
      attempts: null,
      passMark: 65.5,
      grading: 'last',
      review: { responses: false, correctness: false, correctAnswers: true, feedback: true },
      closesAt: '2026-03-16T16:00:00.000Z',
      evaluationActivityId: 12,
      questionsPerPage: 10,
    };
    assert.deepEqual(quizConfig.parse(full), full);
    assert.equal(quizConfig.parse({ ...full, closesAt: '2026-03-17T00:00:00+08:00' }).closesAt, '2026-03-17T00:00:00+08:00');
  });

  const rejected: [string, Record<string, unknown>][] = [
    ['no draw rules', {}],
    ['an empty draw', { draw: [] }],
    ['a draw rule without a category', { draw: [{ count: 3 }] }],
    ['a blank category', { draw: [{ category: '   ', count: 3 }] }],
    ['a count of 0', { draw: [{ category: 'A', count: 0 }] }],
    ['a fractional count', { draw: [{ category: 'A', count: 1.5 }] }],
    ['passMark above 100', { passMark: 101 }],
    ['passMark below 0', { passMark: -1 }],
    ['an unknown purpose', { purpose: 'exam' }],
    ['an unknown grading', { grading: 'average' }],
    ['closesAt not a date', { closesAt: 'next week' }],
    ['closesAt a date without time', { closesAt: '2026-03-16' }],
    ['closesAt not a real instant', { closesAt: '2026-13-45T99:00:00Z' }],
    ['a time limit of 0', { timeLimitMinutes: 0 }],
    ['0 attempts', { attempts: 0 }],
    ['evaluationActivityId 0', { evaluationActivityId: 0 }],
    ['0 questions per page', { questionsPerPage: 0 }],
  ];
  for (const [name, extra] of rejected) {
    test(`rejects ${name}`, () => {
      const input = 'draw' in extra || name === 'no draw rules' ? extra : { draw: [{ category: 'A', count: 1 }], ...extra };
      assert.equal(quizConfig.safeParse(input).success, false);
    });
  }
});

// ---------------------------------------------------------------------------------------------

const fa = (number: number, percent: number, passed = percent >= 70): FinishedAttempt => ({ number, percent, passed });
const finishedEvent = (attemptId: number, finished: FinishedAttempt[]): ProgressEventInput => ({ eventId: finishedEventId(attemptId), type: 'attempt_finished', finished });

describe('applyQuizEvent', () => {
  const cases: { name: string; config: QuizConfig; previous: ProgressData; event: ProgressEventInput; data: ProgressData; percent: number; completed: boolean }[] = [
    {
      name: 'opened before any attempt',
      config: cfg({ purpose: 'final' }),
      previous: {},
      event: { eventId: 'open-0001', type: 'opened' },
      data: { purpose: 'final', attempts: 0, gradePercent: null, passed: false, failed: false },
      percent: 0,
      completed: false,
    },
    {
      name: 'opened keeps what is there',
      config: cfg({ purpose: 'final' }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 50, passed: false, failed: true },
      event: { eventId: 'open-0002', type: 'opened' },
      data: { purpose: 'final', attempts: 1, gradePercent: 50, passed: false, failed: true },
      percent: 50,
      completed: false,
    },
    {
      name: 'opened keeps a pass by remedial',
      config: cfg({ purpose: 'final' }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 50, passed: true, failed: false, passedByRemedial: true },
      event: { eventId: 'open-0003', type: 'opened' },
      data: { purpose: 'final', attempts: 1, gradePercent: 50, passed: true, failed: false, passedByRemedial: true },
      percent: 100,
      completed: true,
    },
    {
      name: 'pre-test: any finished attempt completes it',
      config: cfg({ purpose: 'pre_test' }),
      previous: {},
      event: finishedEvent(7, [fa(1, 10)]),
      data: { purpose: 'pre_test', attempts: 1, gradePercent: 10, passed: false, failed: true },
      percent: 100,
      completed: true,
    },
    {
      name: 'post-test: any finished attempt completes it',
      config: cfg({ purpose: 'post_test' }),
      previous: {},
      event: finishedEvent(8, [fa(1, 95)]),
      data: { purpose: 'post_test', attempts: 1, gradePercent: 95, passed: true, failed: false },
      percent: 100,
      completed: true,
    },
    {
      name: 'final failed: half way, failed',
      config: cfg({ purpose: 'final' }),
      previous: {},
      event: finishedEvent(9, [fa(1, 40)]),
      data: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true },
      percent: 50,
      completed: false,
    },
    {
      name: 'final passed on the second attempt',
      config: cfg({ purpose: 'final', attempts: 2 }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true },
      event: finishedEvent(10, [fa(1, 40), fa(2, 70)]),
      data: { purpose: 'final', attempts: 2, gradePercent: 70, passed: true, failed: false },
      percent: 100,
      completed: true,
    },
    {
      name: 'the pass mark of the configuration is what the attempts say',
      config: cfg({ purpose: 'final', passMark: 80 }),
      previous: {},
      event: finishedEvent(11, [fa(1, 75, false)]),
      data: { purpose: 'final', attempts: 1, gradePercent: 75, passed: false, failed: true },
      percent: 50,
      completed: false,
    },
    {
      name: 'grading last: a worse attempt keeps the pass',
      config: cfg({ purpose: 'post_test', grading: 'last', attempts: 3 }),
      previous: { purpose: 'post_test', attempts: 1, gradePercent: 90, passed: true, failed: false },
      event: finishedEvent(12, [fa(1, 90), fa(2, 30)]),
      data: { purpose: 'post_test', attempts: 2, gradePercent: 30, passed: true, failed: false },
      percent: 100,
      completed: true,
    },
    {
      name: 'passed_by_remedial on the final evaluation',
      config: cfg({ purpose: 'final' }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true },
      event: { eventId: remedialEventId(20), type: 'passed_by_remedial' },
      data: { purpose: 'final', attempts: 1, gradePercent: 40, passed: true, failed: false, passedByRemedial: true },
      percent: 100,
      completed: true,
    },
    {
      name: 'a later attempt_finished keeps passedByRemedial',
      config: cfg({ purpose: 'final' }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 40, passed: true, failed: false, passedByRemedial: true },
      event: finishedEvent(21, [fa(1, 40), fa(2, 20)]),
      data: { purpose: 'final', attempts: 2, gradePercent: 40, passed: true, failed: false, passedByRemedial: true },
      percent: 100,
      completed: true,
    },
    {
      name: 'remedial passed',
      config: cfg({ purpose: 'remedial' }),
      previous: {},
      event: finishedEvent(22, [fa(1, 50), fa(2, 60), fa(3, 85)]),
      data: { purpose: 'remedial', attempts: 3, gradePercent: 85, passed: true, failed: false },
      percent: 100,
      completed: true,
    },
    {
      name: 'attempt_finished without its list changes nothing',
      config: cfg({ purpose: 'final' }),
      previous: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true },
      event: { eventId: 'quiz-finished-x', type: 'attempt_finished' },
      data: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true },
      percent: 50,
      completed: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const before = structuredClone(c.previous);
      const r = applyQuizEvent(c.previous, c.event, c.config);
      assert.deepEqual(r, { data: c.data, percent: c.percent, completed: c.completed });
      assert.deepEqual(c.previous, before, 'the previous data is not mutated');
    });
  }

  test('event ids are deterministic per attempt', () => {
    assert.equal(finishedEventId(42), 'quiz-finished-42');
    assert.equal(remedialEventId(42), 'quiz-remedial-42');
    assert.notEqual(finishedEventId(42), remedialEventId(42));
  });
});

// ---------------------------------------------------------------------------------------------

function earlierQuiz(id: number, purpose: QuizPurpose, data: ProgressData, extra: Partial<EarlierActivity> = {}): EarlierActivity {
  return { id, kind: 'quiz', title: `Kuis ${id}`, opened: true, completed: false, config: cfg({ purpose }), data: () => ({ ...data }), ...extra };
}
const page = (id: number): EarlierActivity => ({ id, kind: 'page', title: `Bacaan ${id}`, opened: true, completed: true, config: { body: '' }, data: () => ({}) });
const FAILED = { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true };
const PASSED = { purpose: 'final', attempts: 1, gradePercent: 90, passed: true, failed: false };
const NOT_YET = {};

describe('evaluationOf', () => {
  const remedial = cfg({ purpose: 'remedial' });
  test('the nearest earlier final evaluation', () => {
    const earlier = [earlierQuiz(1, 'final', FAILED), earlierQuiz(2, 'pre_test', {}), page(3), earlierQuiz(4, 'final', FAILED), earlierQuiz(5, 'post_test', {}), page(6)];
    assert.equal(evaluationOf(remedial, earlier)?.id, 4);
  });
  test('the configured evaluation, even when another final is nearer', () => {
    const earlier = [earlierQuiz(1, 'final', FAILED), earlierQuiz(4, 'final', PASSED)];
    assert.equal(evaluationOf(cfg({ purpose: 'remedial', evaluationActivityId: 1 }), earlier)?.id, 1);
  });
  test('none: no earlier final', () => {
    assert.equal(evaluationOf(remedial, [earlierQuiz(1, 'post_test', {}), page(2)]), null);
    assert.equal(evaluationOf(remedial, []), null);
  });
  test('none: the configured evaluation is not an earlier activity', () => {
    assert.equal(evaluationOf(cfg({ purpose: 'remedial', evaluationActivityId: 99 }), [earlierQuiz(1, 'final', FAILED)]), null);
  });
  test('an activity of another kind or with an invalid configuration is not a final evaluation', () => {
    const fake: EarlierActivity = { ...page(1), config: cfg({ purpose: 'final' }) };
    const broken = earlierQuiz(2, 'final', FAILED, { config: null });
    assert.equal(evaluationOf(remedial, [fake, broken]), null);
  });
});

describe('remedialLock', () => {
  const remedial = cfg({ purpose: 'remedial' });
  const cases: [string, QuizConfig, EarlierActivity[], ReturnType<typeof remedialLock>][] = [
    ['failed the final evaluation: open', remedial, [earlierQuiz(1, 'final', FAILED)], null],
    ['not attempted yet: after a fail', remedial, [earlierQuiz(1, 'final', NOT_YET)], { code: 'kind', key: 'quiz.lock.remedialAfterFail', params: { evaluation: 'Kuis 1' } }],
    ['passed: not needed', remedial, [earlierQuiz(1, 'final', PASSED, { completed: true })], { code: 'kind', key: 'quiz.lock.remedialNotNeeded' }],
    ['passed by remedial: not needed', remedial, [earlierQuiz(1, 'final', { ...FAILED, passed: true, failed: false, passedByRemedial: true }, { completed: true })], { code: 'kind', key: 'quiz.lock.remedialNotNeeded' }],
    ['completed (whatever the data says): not needed', remedial, [earlierQuiz(1, 'final', FAILED, { completed: true })], { code: 'kind', key: 'quiz.lock.remedialNotNeeded' }],
    ['the nearest final decides', remedial, [earlierQuiz(1, 'final', PASSED, { completed: true }), page(2), earlierQuiz(3, 'final', FAILED)], null],
    ['the nearest final, not yet failed', remedial, [earlierQuiz(1, 'final', FAILED), earlierQuiz(3, 'final', NOT_YET)], { code: 'kind', key: 'quiz.lock.remedialAfterFail', params: { evaluation: 'Kuis 3' } }],
    ['the configured evaluation decides', cfg({ purpose: 'remedial', evaluationActivityId: 1 }), [earlierQuiz(1, 'final', FAILED), earlierQuiz(3, 'final', PASSED, { completed: true })], null],
    ['the configured evaluation passed', cfg({ purpose: 'remedial', evaluationActivityId: 1 }), [earlierQuiz(1, 'final', PASSED, { completed: true }), earlierQuiz(3, 'final', FAILED)], { code: 'kind', key: 'quiz.lock.remedialNotNeeded' }],
    ['no final evaluation to stand in for: locked', remedial, [page(1), earlierQuiz(2, 'post_test', { attempts: 1, failed: true })], { code: 'kind', key: 'quiz.lock.remedialNoEvaluation' }],
    ['the configured evaluation is missing: locked', cfg({ purpose: 'remedial', evaluationActivityId: 77 }), [earlierQuiz(1, 'final', FAILED)], { code: 'kind', key: 'quiz.lock.remedialNoEvaluation' }],
    ['a final evaluation is never locked by this rule', cfg({ purpose: 'final' }), [earlierQuiz(1, 'final', NOT_YET)], null],
    ['a pre-test is never locked by this rule', cfg({ purpose: 'pre_test' }), [], null],
    ['a post-test is never locked by this rule', cfg({ purpose: 'post_test' }), [earlierQuiz(1, 'final', FAILED)], null],
  ];
  for (const [name, config, earlier, expected] of cases) test(name, () => assert.deepEqual(remedialLock(config, earlier), expected));

  test('the earlier progress is read only for a remedial', () => {
    let reads = 0;
    const counting: EarlierActivity = { ...earlierQuiz(1, 'final', FAILED), data: () => (reads++, { ...FAILED }) };
    remedialLock(cfg({ purpose: 'post_test' }), [counting]);
    assert.equal(reads, 0);
    remedialLock(cfg({ purpose: 'remedial' }), [counting]);
    assert.equal(reads, 1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the quiz kind in the registry', () => {
  const kind = activityKind('quiz');

  test('is registered', () => {
    assert.ok(kind);
    assert.equal(kind.kind, 'quiz');
    assert.equal(kind.isMaterial, false);
    assert.equal(kind.configSchema.safeParse({ draw: [{ category: 'A', count: 2 }] }).success, true);
    assert.equal(kind.configSchema.safeParse({ draw: [] }).success, false);
  });

  const required: [QuizPurpose, boolean, boolean][] = [
    ['pre_test', true, false],
    ['pre_test', false, false],
    ['post_test', true, true],
    ['post_test', false, false],
    ['final', true, true],
    ['final', false, false],
    ['remedial', true, true],
    ['remedial', false, false],
  ];
  for (const [purpose, authored, expected] of required) {
    test(`effectiveRequired: ${purpose}, authored ${authored ? 'required' : 'optional'} → ${expected}`, () => {
      assert.ok(kind?.effectiveRequired);
      assert.equal(kind.effectiveRequired(cfg({ purpose }), authored), expected);
    });
  }

  test('clients may only send opened', () => {
    assert.ok(kind);
    assert.equal(kind.eventSchema.safeParse({ eventId: 'open-12345', type: 'opened' }).success, true);
    for (const type of ['attempt_finished', 'passed_by_remedial', 'completed'])
      assert.equal(kind.eventSchema.safeParse({ eventId: 'evil-12345', type, finished: [fa(1, 100)] }).success, false, type);
    assert.equal(quizClientEvent.safeParse({ eventId: 'short', type: 'opened' }).success, false, 'event ids of at least 8 characters');
  });

  test('applyEvent and kindLock go through the progress rules', () => {
    assert.ok(kind?.kindLock);
    const r = kind.applyEvent({}, finishedEvent(1, [fa(1, 40)]), cfg({ purpose: 'final' }));
    assert.deepEqual(r, { data: { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true }, percent: 50, completed: false });
    const finalEvaluation = earlierQuiz(5, 'final', r.data);
    assert.equal(kind.kindLock({ config: cfg({ purpose: 'remedial' }), earlier: [finalEvaluation] }), null);
    assert.deepEqual(kind.kindLock({ config: cfg({ purpose: 'remedial' }), earlier: [earlierQuiz(5, 'final', {})] }), { code: 'kind', key: 'quiz.lock.remedialAfterFail', params: { evaluation: 'Kuis 5' } });
    const remedialDone = kind.applyEvent(r.data, { eventId: remedialEventId(9), type: 'passed_by_remedial' }, cfg({ purpose: 'final' }));
    assert.equal(remedialDone.completed, true);
    assert.deepEqual(kind.kindLock({ config: cfg({ purpose: 'remedial' }), earlier: [earlierQuiz(5, 'final', remedialDone.data, { completed: true })] }), { code: 'kind', key: 'quiz.lock.remedialNotNeeded' });
  });
});
