import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  answerFraction,
  attemptDeadline,
  attemptsAllowed,
  drawQuestions,
  endOfClockDay,
  isPass,
  isPastDeadline,
  itemAnalysis,
  normaliseShortAnswer,
  prePostGain,
  publicQuestion,
  quizCompleted,
  quizGrade,
  quizProgress,
  scoreAttempt,
  scoreQuestion,
  seededRandom,
  shuffled,
  startRefusal,
  validateAnswer,
  type Answer,
  type BankQuestion,
  type DrawRule,
  type FinishedAttempt,
  type GradingPolicy,
  type QuestionType,
  type QuizPurpose,
} from './quiz.js';
import type { IndonesianZone } from './time.js';

// ---------------------------------------------------------------------------------------------
// Fixtures

function question(id: number, category: string, type: QuestionType = 'single', extra: Partial<BankQuestion> = {}): BankQuestion {
  const options =
    type === 'true_false'
      ? [
          { id: 1, text: 'Benar', correct: true },
          { id: 2, text: 'Salah', correct: false },
        ]
      : type === 'short'
        ? []
        : [1, 2, 3, 4, 5].map((o) => ({ id: o, text: `Pilihan ${o}`, correct: o === 2 }));
  return { id, category, type, text: `Soal ${id}`, imageFileId: null, options, acceptedAnswers: type === 'short' ? ['jawaban'] : [], points: 1, partialCredit: false, feedback: `Pembahasan ${id}`, ...extra };
}

/** Bank in id order (as the repository returns it): A = 1–5, B = 6–8, C = 9–10. */
const bank: BankQuestion[] = [
  ...[1, 2, 3, 4, 5].map((id) => question(id, 'A')),
  ...[6, 7, 8].map((id) => question(id, 'B', 'multiple')),
  question(9, 'C', 'true_false'),
  question(10, 'C', 'short'),
];
const SHUFFLE = { shuffleQuestions: true, shuffleOptions: true };
const KEEP = { shuffleQuestions: false, shuffleOptions: false };
const ids = (qs: readonly { id: number }[]) => qs.map((q) => q.id);
const categoryCount = (qs: readonly BankQuestion[], c: string) => qs.filter((q) => q.category === c).length;

// ---------------------------------------------------------------------------------------------
// Randomness

describe('seededRandom and shuffled', () => {
  for (const seed of [0, 1, 42, -7, 2 ** 32 - 1, 123_456_789]) {
    test(`seed ${seed}: numbers in [0, 1), the same sequence for the same seed`, () => {
      const r1 = seededRandom(seed);
      const r2 = seededRandom(seed);
      const xs: number[] = [];
      for (let i = 0; i < 5_000; i++) {
        const x = r1();
        assert.ok(x >= 0 && x < 1, `${x} out of [0, 1)`);
        assert.equal(r2(), x);
        xs.push(x);
      }
      assert.ok(new Set(xs).size > 4_900, 'practically no repeats');
      const low = xs.filter((x) => x < 0.5).length;
      assert.ok(low > 2_000 && low < 3_000, `spread over the interval (${low} below one half)`);
    });
  }

  test('different seeds give different sequences', () => {
    const firsts = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => seededRandom(s)()));
    assert.equal(firsts.size, 8);
  });

  test('shuffled is a permutation and leaves the input untouched', () => {
    const input = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const out = shuffled(input, seededRandom(9));
    assert.notEqual(out, input);
    assert.deepEqual([...out].sort((a, b) => a - b), [...input]);
    assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(shuffled([], seededRandom(1)), []);
    assert.deepEqual(shuffled(['x'], seededRandom(1)), ['x']);
  });

  test('shuffled actually reorders (over several seeds)', () => {
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => shuffled([1, 2, 3, 4, 5, 6], seededRandom(s)).join(',')));
    assert.ok(orders.size >= 8, `${orders.size} distinct orders out of 10 seeds`);
  });

  test('property: shuffled is always a permutation and never mutates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const copy = items.slice();
        const out = shuffled(items, seededRandom(seed));
        assert.deepEqual(items, copy);
        assert.deepEqual(
          out.slice().sort((a, b) => a - b),
          copy.sort((a, b) => a - b),
        );
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Drawing

describe('drawQuestions', () => {
  const counts: { name: string; rules: DrawRule[]; expected: Record<string, number>; shortfalls: { category: string; wanted: number; available: number }[] }[] = [
    { name: 'N random from one category', rules: [{ category: 'A', count: 3 }], expected: { A: 3, B: 0, C: 0 }, shortfalls: [] },
    { name: 'N from each of several categories', rules: [{ category: 'A', count: 2 }, { category: 'B', count: 2 }, { category: 'C', count: 1 }], expected: { A: 2, B: 2, C: 1 }, shortfalls: [] },
    { name: 'count null = every question of the category', rules: [{ category: 'B', count: null }], expected: { A: 0, B: 3, C: 0 }, shortfalls: [] },
    { name: 'null and a number together', rules: [{ category: 'A', count: 1 }, { category: 'C', count: null }], expected: { A: 1, B: 0, C: 2 }, shortfalls: [] },
    { name: 'exactly all of a category is no shortfall', rules: [{ category: 'A', count: 5 }], expected: { A: 5, B: 0, C: 0 }, shortfalls: [] },
    { name: 'too few questions: what there is, and a shortfall', rules: [{ category: 'C', count: 4 }], expected: { A: 0, B: 0, C: 2 }, shortfalls: [{ category: 'C', wanted: 4, available: 2 }] },
    { name: 'unknown category: a shortfall of everything', rules: [{ category: 'Z', count: 2 }, { category: 'B', count: 1 }], expected: { A: 0, B: 1, C: 0 }, shortfalls: [{ category: 'Z', wanted: 2, available: 0 }] },
    { name: 'the same category twice: each question at most once', rules: [{ category: 'A', count: 3 }, { category: 'A', count: 3 }], expected: { A: 5, B: 0, C: 0 }, shortfalls: [{ category: 'A', wanted: 3, available: 2 }] },
    { name: 'the same category twice, the first taking all', rules: [{ category: 'B', count: null }, { category: 'B', count: 1 }], expected: { A: 0, B: 3, C: 0 }, shortfalls: [{ category: 'B', wanted: 1, available: 0 }] },
    { name: 'the same category twice, both within what there is', rules: [{ category: 'A', count: 2 }, { category: 'A', count: 2 }], expected: { A: 4, B: 0, C: 0 }, shortfalls: [] },
  ];
  for (const c of counts) {
    for (const opts of [SHUFFLE, KEEP]) {
      for (const seed of [1, 2, 3, 77]) {
        test(`${c.name} (seed ${seed}, ${opts.shuffleQuestions ? 'shuffled' : 'in order'})`, () => {
          const r = drawQuestions(bank, c.rules, seed, opts);
          for (const [cat, n] of Object.entries(c.expected)) assert.equal(categoryCount(r.questions, cat), n, `category ${cat}`);
          assert.equal(new Set(ids(r.questions)).size, r.questions.length, 'no question twice');
          assert.deepEqual(r.shortfalls, c.shortfalls);
        });
      }
    }
  }

  test('deterministic for a seed', () => {
    const rules: DrawRule[] = [{ category: 'A', count: 3 }, { category: 'B', count: null }, { category: 'C', count: 2 }];
    for (const seed of [0, 5, 99, 2 ** 31]) assert.deepEqual(drawQuestions(bank, rules, seed, SHUFFLE), drawQuestions(bank, rules, seed, SHUFFLE));
  });

  test('different seeds pick different questions and orders', () => {
    const rules: DrawRule[] = [{ category: 'A', count: 3 }, { category: 'B', count: null }, { category: 'C', count: 2 }];
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const orders = new Set(seeds.map((s) => ids(drawQuestions(bank, rules, s, SHUFFLE).questions).join(',')));
    assert.ok(orders.size >= 15, `${orders.size} distinct orders from 20 seeds`);
    const pickedFromA = new Set(seeds.map((s) => ids(drawQuestions(bank, [{ category: 'A', count: 2 }], s, KEEP).questions).join(',')));
    assert.ok(pickedFromA.size >= 5, `${pickedFromA.size} distinct pairs out of the 10 possible`);
  });

  test('every question of a category is drawn sometimes', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 50; s++) for (const q of drawQuestions(bank, [{ category: 'A', count: 1 }], s, SHUFFLE).questions) seen.add(q.id);
    assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5]);
  });

  test('without shuffling: rule by rule, the bank order inside each rule, options as authored', () => {
    const r = drawQuestions(bank, [{ category: 'C', count: null }, { category: 'A', count: null }, { category: 'B', count: 2 }], 4, KEEP);
    assert.deepEqual(ids(r.questions).slice(0, 7), [9, 10, 1, 2, 3, 4, 5]);
    const fromB = ids(r.questions).slice(7);
    assert.equal(fromB.length, 2);
    assert.ok(fromB[0]! < fromB[1]!, 'the two drawn from B keep the bank order');
    for (const q of r.questions) assert.deepEqual(q.options, bank.find((b) => b.id === q.id)!.options);
  });

  test('options are shuffled, except true/false', () => {
    const choice = question(1, 'X', 'multiple');
    const tf = question(2, 'X', 'true_false');
    const orders = new Set<string>();
    for (let s = 0; s < 20; s++) {
      const r = drawQuestions([choice, tf], [{ category: 'X', count: null }], s, SHUFFLE);
      const c = r.questions.find((q) => q.id === 1)!;
      const t = r.questions.find((q) => q.id === 2)!;
      orders.add(ids(c.options).join(','));
      assert.deepEqual(ids(c.options).sort(), [1, 2, 3, 4, 5]);
      assert.deepEqual(t.options, tf.options, 'Benar then Salah, always');
    }
    assert.ok(orders.size >= 10, `${orders.size} option orders from 20 seeds`);
  });

  test('the option objects keep their ids, texts and keys when shuffled', () => {
    const r = drawQuestions(bank, [{ category: 'B', count: null }], 3, SHUFFLE);
    for (const q of r.questions) {
      const original = bank.find((b) => b.id === q.id)!;
      assert.deepEqual(q.options.slice().sort((a, b) => a.id - b.id), original.options);
      assert.equal(q.text, original.text);
      assert.equal(q.points, original.points);
    }
  });

  test('the bank is never changed by drawing', () => {
    const before = structuredClone(bank);
    drawQuestions(bank, [{ category: 'A', count: 3 }, { category: 'B', count: null }], 8, SHUFFLE);
    const r = drawQuestions(bank, [{ category: 'B', count: null }], 8, KEEP);
    r.questions[0]!.options.reverse();
    assert.deepEqual(bank, before);
  });

  test('an empty bank or no rules: nothing drawn', () => {
    assert.deepEqual(drawQuestions([], [{ category: 'A', count: null }], 1, SHUFFLE), { questions: [], shortfalls: [] });
    assert.deepEqual(drawQuestions(bank, [], 1, SHUFFLE), { questions: [], shortfalls: [] });
  });

  const bankArb = fc
    .array(fc.record({ category: fc.constantFrom('A', 'B', 'C'), type: fc.constantFrom<QuestionType>('single', 'multiple', 'true_false', 'short'), options: fc.integer({ min: 2, max: 6 }) }), { maxLength: 30 })
    .map((qs) =>
      qs.map((q, i): BankQuestion => {
        const base = question(i + 1, q.category, q.type);
        if (q.type === 'single' || q.type === 'multiple') base.options = Array.from({ length: q.options }, (_, o) => ({ id: o + 1, text: `o${o + 1}`, correct: o === 0 }));
        return base;
      }),
    );
  const rulesArb = fc.array(fc.record({ category: fc.constantFrom('A', 'B', 'C', 'D'), count: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) }), { minLength: 1, maxLength: 5 });

  test('property: never a duplicate, counts respected, options a permutation', () => {
    fc.assert(
      fc.property(bankArb, rulesArb, fc.integer(), fc.boolean(), fc.boolean(), (b, rules, seed, sq, so) => {
        const r = drawQuestions(b, rules, seed, { shuffleQuestions: sq, shuffleOptions: so });
        assert.equal(new Set(ids(r.questions)).size, r.questions.length);
        // Per category: what the rules ask (null = all), bounded by what the bank has.
        for (const cat of ['A', 'B', 'C', 'D']) {
          const available = categoryCount(b, cat);
          const catRules = rules.filter((x) => x.category === cat);
          const wanted = catRules.some((x) => x.count === null) ? available : catRules.reduce((s, x) => s + (x.count ?? 0), 0);
          assert.equal(categoryCount(r.questions, cat), Math.min(wanted, available), `category ${cat}`);
        }
        for (const q of r.questions) {
          const original = b.find((x) => x.id === q.id)!;
          assert.deepEqual(q.options.slice().sort((x, y) => x.id - y.id), original.options);
          if (q.type === 'true_false' || !so) assert.deepEqual(q.options, original.options);
        }
        assert.deepEqual(drawQuestions(b, rules, seed, { shuffleQuestions: sq, shuffleOptions: so }), r);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Scoring

const single = question(101, 'S', 'single', { options: [{ id: 1, text: 'a', correct: false }, { id: 2, text: 'b', correct: true }, { id: 3, text: 'c', correct: false }] });
const trueFalse = question(102, 'S', 'true_false');
const falseIsRight = question(103, 'S', 'true_false', { options: [{ id: 1, text: 'Benar', correct: false }, { id: 2, text: 'Salah', correct: true }] });
const multiOptions = [
  { id: 1, text: 'a', correct: true },
  { id: 2, text: 'b', correct: true },
  { id: 3, text: 'c', correct: true },
  { id: 4, text: 'd', correct: false },
  { id: 5, text: 'e', correct: false },
];
const multiple = question(104, 'S', 'multiple', { options: multiOptions, partialCredit: false });
const partial = question(105, 'S', 'multiple', { options: multiOptions, partialCredit: true });
const partial3pts = question(106, 'S', 'multiple', { options: multiOptions, partialCredit: true, points: 3 });
const short = question(107, 'S', 'short', { acceptedAnswers: ['Pancasila', '  Bhinneka Tunggal Ika '] });

describe('scoring per question type', () => {
  const opt = (...optionIds: number[]): Answer => ({ optionIds });
  const text = (t: string): Answer => ({ text: t });
  const cases: [string, BankQuestion, Answer | null | undefined, number][] = [
    ['single: the right option', single, opt(2), 1],
    ['single: a wrong option', single, opt(1), 0],
    ['single: nothing chosen', single, opt(), 0],
    ['single: no answer', single, null, 0],
    ['single: undefined answer', single, undefined, 0],
    ['single: two options, one of them right', single, opt(2, 3), 0],
    ['single: the right one twice counts once', single, opt(2, 2), 1],
    ['single: unknown option ids are ignored', single, opt(2, 99), 1],
    ['single: only an unknown option', single, opt(99), 0],
    ['single: a text answer', single, text('b'), 0],
    ['true_false: Benar when Benar is right', trueFalse, opt(1), 1],
    ['true_false: Salah when Benar is right', trueFalse, opt(2), 0],
    ['true_false: both options', trueFalse, opt(1, 2), 0],
    ['true_false: nothing', trueFalse, opt(), 0],
    ['true_false: Salah when Salah is right', falseIsRight, opt(2), 1],
    ['true_false: Benar when Salah is right', falseIsRight, opt(1), 0],
    ['multiple without partial credit: exactly the right set', multiple, opt(3, 1, 2), 1],
    ['multiple without partial credit: a right option missing', multiple, opt(1, 2), 0],
    ['multiple without partial credit: one wrong too many', multiple, opt(1, 2, 3, 4), 0],
    ['multiple without partial credit: every box', multiple, opt(1, 2, 3, 4, 5), 0],
    ['multiple without partial credit: the right set and an unknown id', multiple, opt(1, 2, 3, 42), 1],
    ['multiple without partial credit: empty', multiple, opt(), 0],
    ['partial: the right set', partial, opt(1, 2, 3), 1],
    ['partial: one of three right', partial, opt(1), 0.3333],
    ['partial: two of three right', partial, opt(1, 2), 0.6667],
    ['partial: one right, one wrong', partial, opt(1, 4), 0],
    ['partial: two right, one wrong', partial, opt(1, 2, 4), 0.3333],
    ['partial: three right, one wrong', partial, opt(1, 2, 3, 4), 0.6667],
    ['partial: every box earns no more than leaving the wrong ones out', partial, opt(1, 2, 3, 4, 5), 0.3333],
    ['partial: only wrong ones, floored at 0', partial, opt(4, 5), 0],
    ['partial: one right, two wrong, floored at 0', partial, opt(1, 4, 5), 0],
    ['partial: duplicates count once', partial, opt(1, 1, 1), 0.3333],
    ['partial: unknown ids ignored', partial, opt(1, 2, 3, 7, -1), 1],
    ['partial: empty', partial, opt(), 0],
    ['partial: no answer', partial, null, 0],
    ['partial, 3 points: one of three right', partial3pts, opt(1), 1],
    ['partial, 3 points: two of three right', partial3pts, opt(1, 2), 2],
    ['partial, 3 points: all right', partial3pts, opt(1, 2, 3), 3],
    ['partial, 3 points: every box', partial3pts, opt(1, 2, 3, 4, 5), 1],
    ['short: exact', short, text('Pancasila'), 1],
    ['short: case', short, text('pANCASILA'), 1],
    ['short: surrounding spaces', short, text('   pancasila \n'), 1],
    ['short: inner spaces collapsed', short, text('Bhinneka    Tunggal\tIka'), 1],
    ['short: the accepted answer itself is normalised', short, text('bhinneka tunggal ika'), 1],
    ['short: full-width letters (NFKC)', short, text('ＰＡＮＣＡＳＩＬＡ'), 1],
    ['short: ideographic space (NFKC)', short, text('Bhinneka\u3000Tunggal Ika'), 1],
    ['short: no-break space', short, text('Bhinneka\u00a0Tunggal Ika'), 1],
    ['short: outer punctuation', short, text('"Pancasila."'), 1],
    ['short: brackets and exclamation', short, text('(Pancasila)!'), 1],
    ['short: curly quotes', short, text('“Bhinneka Tunggal Ika”'), 1],
    ['short: the second accepted answer', short, text('BHINNEKA TUNGGAL IKA.'), 1],
    ['short: inner spaces matter', short, text('Panca sila'), 0],
    ['short: inner punctuation matters', short, text('Panca-sila'), 0],
    ['short: something more', short, text('Pancasila 1945'), 0],
    ['short: a different word', short, text('UUD 1945'), 0],
    ['short: empty string is wrong', short, text(''), 0],
    ['short: only spaces is wrong', short, text('    '), 0],
    ['short: only punctuation is wrong', short, text('...'), 0],
    ['short: options instead of text', short, opt(1), 0],
    ['short: no answer', short, null, 0],
  ];
  for (const [name, q, answer, expected] of cases) {
    test(name, () => {
      assert.equal(scoreQuestion(q, answer), expected);
      assert.ok(Math.abs(answerFraction(q, answer) * q.points - expected) < 1e-4);
    });
  }

  test('a short answer with no accepted answers and an empty one: still wrong', () => {
    assert.equal(scoreQuestion({ ...short, acceptedAnswers: [] }, { text: 'Pancasila' }), 0);
    assert.equal(scoreQuestion({ ...short, acceptedAnswers: ['', '  '] }, { text: '' }), 0);
    assert.equal(scoreQuestion({ ...short, acceptedAnswers: ['', '  '] }, { text: ' . ' }), 0);
  });

  test('points other than 1 scale every type', () => {
    assert.equal(scoreQuestion({ ...single, points: 2.5 }, { optionIds: [2] }), 2.5);
    assert.equal(scoreQuestion({ ...trueFalse, points: 4 }, { optionIds: [1] }), 4);
    assert.equal(scoreQuestion({ ...short, points: 5 }, { text: 'pancasila' }), 5);
    assert.equal(scoreQuestion({ ...multiple, points: 10 }, { optionIds: [1, 2] }), 0);
    assert.equal(scoreQuestion({ ...partial, points: 10 }, { optionIds: [1, 2] }), 6.6667);
  });

  const normalised: [string, string][] = [
    ['  Hello   World  ', 'hello world'],
    ['ＡＢＣ１２３', 'abc123'],
    ['"Quoted."', 'quoted'],
    ['...?!', ''],
    ['- item -', 'item'],
    ['[Bracket]', 'bracket'],
    ['a.b', 'a.b'],
    ['Line\nbreak', 'line break'],
    ['', ''],
  ];
  for (const [input, out] of normalised) test(`normaliseShortAnswer(${JSON.stringify(input)}) = ${JSON.stringify(out)}`, () => assert.equal(normaliseShortAnswer(input), out));

  const questionArb = fc
    .record({
      type: fc.constantFrom<QuestionType>('single', 'multiple', 'true_false', 'short'),
      correct: fc.array(fc.boolean(), { minLength: 2, maxLength: 6 }),
      points: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0.1, max: 10, noNaN: true })),
      partialCredit: fc.boolean(),
      accepted: fc.array(fc.string(), { maxLength: 3 }),
    })
    .map(({ type, correct, points, partialCredit, accepted }): BankQuestion => {
      const q = question(1, 'P', type, { points, partialCredit, acceptedAnswers: accepted });
      if (type === 'single' || type === 'multiple') q.options = correct.map((c, i) => ({ id: i + 1, text: `o${i + 1}`, correct: c }));
      return q;
    });
  const answerArb = fc.oneof(
    fc.record({ optionIds: fc.array(fc.integer({ min: -2, max: 8 }), { maxLength: 10 }) }),
    fc.record({ text: fc.string() }),
    fc.constant(null),
  );

  test('property: a question scores within [0, points]', () => {
    fc.assert(
      fc.property(questionArb, answerArb, (q, a) => {
        const s = scoreQuestion(q, a);
        const f = answerFraction(q, a);
        assert.ok(f >= 0 && f <= 1, `fraction ${f}`);
        assert.ok(s >= 0 && s <= q.points + 1e-9, `score ${s} of ${q.points}`);
      }),
    );
  });

  test('property: with partial credit, ticking every box never beats ticking exactly the right ones', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 8 }), (flags) => {
        const q = question(1, 'P', 'multiple', { partialCredit: true, options: flags.map((c, i) => ({ id: i + 1, text: `o${i + 1}`, correct: c })) });
        const all = scoreQuestion(q, { optionIds: q.options.map((o) => o.id) });
        const right = scoreQuestion(q, { optionIds: q.options.filter((o) => o.correct).map((o) => o.id) });
        assert.ok(all <= right);
        if (flags.some((c) => c) && flags.some((c) => !c)) assert.ok(all < 1, 'ticking every box is not full marks');
      }),
    );
  });
});

describe('scoreAttempt and isPass', () => {
  const right = { optionIds: [2] };
  const wrong = { optionIds: [1] };
  const cases: { name: string; items: { question: BankQuestion; answer: Answer | null }[]; score: number; maxScore: number; percent: number; perQuestion: number[] }[] = [
    { name: 'nothing', items: [], score: 0, maxScore: 0, percent: 0, perQuestion: [] },
    { name: 'all right', items: [{ question: single, answer: right }, { question: trueFalse, answer: { optionIds: [1] } }], score: 2, maxScore: 2, percent: 100, perQuestion: [1, 1] },
    { name: 'nothing answered', items: [{ question: single, answer: null }, { question: short, answer: null }], score: 0, maxScore: 2, percent: 0, perQuestion: [0, 0] },
    { name: 'two of three (rounded to two decimals)', items: [{ question: single, answer: right }, { question: single, answer: right }, { question: single, answer: wrong }], score: 2, maxScore: 3, percent: 66.67, perQuestion: [1, 1, 0] },
    { name: 'one of three', items: [{ question: single, answer: right }, { question: single, answer: wrong }, { question: single, answer: null }], score: 1, maxScore: 3, percent: 33.33, perQuestion: [1, 0, 0] },
    {
      name: 'points other than 1',
      items: [
        { question: { ...single, points: 2 }, answer: right },
        { question: { ...short, points: 3 }, answer: { text: 'x' } },
        { question: { ...trueFalse, points: 5 }, answer: { optionIds: [1] } },
      ],
      score: 7,
      maxScore: 10,
      percent: 70,
      perQuestion: [2, 0, 5],
    },
    {
      name: 'partial credit in the sum',
      items: [
        { question: partial, answer: { optionIds: [1, 2] } },
        { question: partial, answer: { optionIds: [1] } },
        { question: single, answer: right },
      ],
      score: 2,
      maxScore: 3,
      percent: 66.67,
      perQuestion: [0.6667, 0.3333, 1],
    },
    {
      // 5.6667 of 6 is exactly 94.445 %: a half rounds up (floating point alone would give 94.44).
      name: 'a half of a hundredth rounds up',
      items: [...Array.from({ length: 5 }, () => ({ question: single, answer: right })), { question: partial, answer: { optionIds: [1, 2] } }],
      score: 5.6667,
      maxScore: 6,
      percent: 94.45,
      perQuestion: [1, 1, 1, 1, 1, 0.6667],
    },
    {
      // 0.1667 of 2 is exactly 8.335 %.
      name: 'another half of a hundredth',
      items: [{ question: question(1, 'S', 'multiple', { partialCredit: true, options: [1, 2, 3, 4, 5, 6].map((id) => ({ id, text: `${id}`, correct: true })) }), answer: { optionIds: [1] } }, { question: single, answer: wrong }],
      score: 0.1667,
      maxScore: 2,
      percent: 8.34,
      perQuestion: [0.1667, 0],
    },
    { name: 'one of eight', items: [{ question: single, answer: right }, ...Array.from({ length: 7 }, () => ({ question: single, answer: null }))], score: 1, maxScore: 8, percent: 12.5, perQuestion: [1, 0, 0, 0, 0, 0, 0, 0] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(scoreAttempt(c.items), { score: c.score, maxScore: c.maxScore, percent: c.percent, perQuestion: c.perQuestion }));
  }

  test('property: the attempt score is the sum within [0, maxScore], percent within [0, 100]', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ points: fc.integer({ min: 1, max: 5 }), picked: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }), partialCredit: fc.boolean() }), { maxLength: 20 }), (xs) => {
        const items = xs.map((x) => ({ question: { ...partial, points: x.points, partialCredit: x.partialCredit }, answer: { optionIds: x.picked } }));
        const r = scoreAttempt(items);
        assert.equal(r.maxScore, xs.reduce((s, x) => s + x.points, 0));
        assert.ok(r.score >= 0 && r.score <= r.maxScore + 1e-9);
        assert.ok(r.percent >= 0 && r.percent <= 100);
        assert.ok(Math.abs(r.score - r.perQuestion.reduce((s, n) => s + n, 0)) < 1e-6);
        assert.ok(Math.abs(r.percent * 100 - Math.round(r.percent * 100)) < 1e-6, `${r.percent} has two decimals at most`);
      }),
    );
  });

  const passes: [number, number, boolean][] = [
    [70, 70, true],
    [69.99, 70, false],
    [100, 100, true],
    [0, 0, true],
    [85.5, 70, true],
  ];
  for (const [percent, mark, expected] of passes) test(`isPass(${percent}, ${mark}) = ${expected}`, () => assert.equal(isPass(percent, mark), expected));
});

describe('validateAnswer', () => {
  const cases: { name: string; q: BankQuestion; answer: unknown; expected: ReturnType<typeof validateAnswer> }[] = [
    { name: 'single: one known option', q: single, answer: { optionIds: [2] }, expected: { ok: true, answer: { optionIds: [2] } } },
    { name: 'single: clearing the answer', q: single, answer: { optionIds: [] }, expected: { ok: true, answer: { optionIds: [] } } },
    { name: 'single: the same option twice is one option', q: single, answer: { optionIds: [3, 3] }, expected: { ok: true, answer: { optionIds: [3] } } },
    { name: 'single: two options', q: single, answer: { optionIds: [1, 2] }, expected: { ok: false, reason: 'one_option' } },
    { name: 'true_false: both options', q: trueFalse, answer: { optionIds: [2, 1] }, expected: { ok: false, reason: 'one_option' } },
    { name: 'true_false: one option', q: trueFalse, answer: { optionIds: [2] }, expected: { ok: true, answer: { optionIds: [2] } } },
    { name: 'multiple: duplicates removed and sorted', q: multiple, answer: { optionIds: [5, 1, 3, 1, 5] }, expected: { ok: true, answer: { optionIds: [1, 3, 5] } } },
    { name: 'multiple: numeric sort, not text sort', q: question(1, 'X', 'multiple', { options: [2, 10, 1].map((id) => ({ id, text: `${id}`, correct: false })) }), answer: { optionIds: [10, 2, 1] }, expected: { ok: true, answer: { optionIds: [1, 2, 10] } } },
    { name: 'multiple: an unknown option', q: multiple, answer: { optionIds: [1, 9] }, expected: { ok: false, reason: 'unknown_option' } },
    { name: 'single: an unknown option', q: single, answer: { optionIds: [0] }, expected: { ok: false, reason: 'unknown_option' } },
    { name: 'choice: a text answer', q: single, answer: { text: '2' }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: option ids as strings', q: single, answer: { optionIds: ['2'] }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: fractional option id', q: multiple, answer: { optionIds: [1.5] }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: optionIds not an array', q: multiple, answer: { optionIds: 2 }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: null', q: single, answer: null, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: a number', q: single, answer: 2, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'choice: a bare array', q: single, answer: [2], expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'short: text', q: short, answer: { text: ' Pancasila ' }, expected: { ok: true, answer: { text: ' Pancasila ' } } },
    { name: 'short: empty text is a valid (wrong) answer', q: short, answer: { text: '' }, expected: { ok: true, answer: { text: '' } } },
    { name: 'short: extra fields are dropped', q: short, answer: { text: 'x', optionIds: [1] }, expected: { ok: true, answer: { text: 'x' } } },
    { name: 'short: 500 characters', q: short, answer: { text: 'a'.repeat(500) }, expected: { ok: true, answer: { text: 'a'.repeat(500) } } },
    { name: 'short: too long text', q: short, answer: { text: 'a'.repeat(501) }, expected: { ok: false, reason: 'too_long' } },
    { name: 'short: options instead of text', q: short, answer: { optionIds: [1] }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'short: a number as text', q: short, answer: { text: 42 }, expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'short: a string, not an object', q: short, answer: 'Pancasila', expected: { ok: false, reason: 'wrong_kind' } },
    { name: 'short: undefined', q: short, answer: undefined, expected: { ok: false, reason: 'wrong_kind' } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(validateAnswer(c.q, c.answer), c.expected));

  test('validation does not change the answer passed in', () => {
    const answer = { optionIds: [5, 1, 1] };
    validateAnswer(multiple, answer);
    assert.deepEqual(answer, { optionIds: [5, 1, 1] });
  });
});

describe('publicQuestion', () => {
  const secretive = [
    { ...single, feedback: 'RAHASIA-PEMBAHASAN' },
    { ...trueFalse, feedback: 'RAHASIA-PEMBAHASAN' },
    { ...partial, feedback: 'RAHASIA-PEMBAHASAN' },
    { ...short, acceptedAnswers: ['RAHASIA-KUNCI'], feedback: 'RAHASIA-PEMBAHASAN' },
    { ...short, imageFileId: 12, feedback: null },
  ];
  for (const q of secretive) {
    test(`${q.type}: never the key, the accepted answers or the feedback`, () => {
      const p = publicQuestion(q);
      const json = JSON.stringify(p);
      for (const secret of ['correct', 'acceptedAnswers', 'feedback', 'RAHASIA', 'partialCredit', 'category']) assert.ok(!json.includes(secret), `${secret} in ${json}`);
      assert.deepEqual(Object.keys(p).sort(), ['id', 'imageFileId', 'options', 'text', 'type']);
      assert.equal(p.id, q.id);
      assert.equal(p.text, q.text);
      assert.equal(p.imageFileId, q.imageFileId);
      if (q.type === 'short') assert.deepEqual(p.options, []);
      else assert.deepEqual(p.options, q.options.map((o) => ({ id: o.id, text: o.text })));
    });
  }

  test('keeps the attempt order of the options', () => {
    const drawn = { ...partial, options: multiOptions.slice().reverse() };
    assert.deepEqual(ids(publicQuestion(drawn).options), [5, 4, 3, 2, 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// Grading, attempts and deadlines

const fa = (number: number, percent: number, passed = percent >= 70): FinishedAttempt => ({ number, percent, passed });

describe('quizGrade', () => {
  const cases: [string, FinishedAttempt[], GradingPolicy, number | null][] = [
    ['no attempt (highest)', [], 'highest', null],
    ['no attempt (last)', [], 'last', null],
    ['highest of three', [fa(1, 40), fa(2, 90), fa(3, 60)], 'highest', 2],
    ['highest: a tie goes to the earliest', [fa(1, 40), fa(2, 80), fa(3, 80)], 'highest', 2],
    ['highest: a tie, listed out of order', [fa(3, 80), fa(1, 80), fa(2, 50)], 'highest', 1],
    ['last of three', [fa(1, 40), fa(2, 90), fa(3, 60)], 'last', 3],
    ['last, listed out of order', [fa(3, 20), fa(1, 90), fa(2, 60)], 'last', 3],
    ['one attempt', [fa(1, 10)], 'highest', 1],
  ];
  for (const [name, finished, policy, number] of cases) {
    test(name, () => assert.equal(quizGrade(finished, policy)?.number ?? null, number));
  }
});

describe('attemptsAllowed and startRefusal', () => {
  const allowed: [QuizPurpose, number | null, number, number | null][] = [
    ['final', 1, 0, 1],
    ['final', 2, 1, 3],
    ['post_test', 3, 0, 3],
    ['pre_test', null, 0, null],
    ['post_test', null, 2, null],
    ['remedial', 1, 0, null],
    ['remedial', 3, 2, null],
    ['final', 2, -5, 2],
  ];
  for (const [purpose, configured, extra, expected] of allowed) test(`${purpose}, ${configured} configured, ${extra} granted → ${expected}`, () => assert.equal(attemptsAllowed(purpose, configured, extra), expected));

  const refusals: [string, Parameters<typeof startRefusal>[0], ReturnType<typeof startRefusal>][] = [
    ['first attempt', { purpose: 'final', finished: 0, allowed: 1, passed: false }, null],
    ['used up', { purpose: 'final', finished: 1, allowed: 1, passed: false }, 'no_attempts_left'],
    ['more than allowed (a grant taken back)', { purpose: 'post_test', finished: 3, allowed: 2, passed: false }, 'no_attempts_left'],
    ['one left', { purpose: 'post_test', finished: 1, allowed: 2, passed: false }, null],
    ['unlimited', { purpose: 'remedial', finished: 50, allowed: null, passed: false }, null],
    ['final evaluation passed', { purpose: 'final', finished: 1, allowed: 3, passed: true }, 'already_passed'],
    ['remedial passed', { purpose: 'remedial', finished: 4, allowed: null, passed: true }, 'already_passed'],
    ['post-test passed may be retried', { purpose: 'post_test', finished: 1, allowed: 3, passed: true }, null],
    ['pre-test passed may be retried', { purpose: 'pre_test', finished: 1, allowed: null, passed: true }, null],
    ['passed and used up: already passed first', { purpose: 'final', finished: 1, allowed: 1, passed: true }, 'already_passed'],
  ];
  for (const [name, input, expected] of refusals) test(`startRefusal: ${name}`, () => assert.equal(startRefusal(input), expected));
});

describe('deadlines', () => {
  const start = new Date('2026-03-10T02:00:00.000Z');
  const cases: [string, Parameters<typeof attemptDeadline>[0], string | null][] = [
    ['time limit', { startedAt: start, timeLimitMinutes: 30, extraMinutes: 0, closesAt: null }, '2026-03-10T02:30:00.000Z'],
    ['time limit and extra minutes', { startedAt: start, timeLimitMinutes: 30, extraMinutes: 15, closesAt: null }, '2026-03-10T02:45:00.000Z'],
    ['negative extra minutes are ignored', { startedAt: start, timeLimitMinutes: 30, extraMinutes: -10, closesAt: null }, '2026-03-10T02:30:00.000Z'],
    ['capped by the close', { startedAt: start, timeLimitMinutes: 90, extraMinutes: 0, closesAt: new Date('2026-03-10T03:00:00.000Z') }, '2026-03-10T03:00:00.000Z'],
    ['extra minutes capped by the close', { startedAt: start, timeLimitMinutes: 30, extraMinutes: 60, closesAt: new Date('2026-03-10T03:00:00.000Z') }, '2026-03-10T03:00:00.000Z'],
    ['the limit before the close', { startedAt: start, timeLimitMinutes: 30, extraMinutes: 0, closesAt: new Date('2026-03-11T00:00:00.000Z') }, '2026-03-10T02:30:00.000Z'],
    ['limit exactly at the close', { startedAt: start, timeLimitMinutes: 60, extraMinutes: 0, closesAt: new Date('2026-03-10T03:00:00.000Z') }, '2026-03-10T03:00:00.000Z'],
    ['close only', { startedAt: start, timeLimitMinutes: null, extraMinutes: 0, closesAt: new Date('2026-03-16T16:00:00.000Z') }, '2026-03-16T16:00:00.000Z'],
    ['close only; extra minutes need a time limit', { startedAt: start, timeLimitMinutes: null, extraMinutes: 30, closesAt: new Date('2026-03-16T16:00:00.000Z') }, '2026-03-16T16:00:00.000Z'],
    ['neither', { startedAt: start, timeLimitMinutes: null, extraMinutes: 0, closesAt: null }, null],
    ['neither, with extra minutes', { startedAt: start, timeLimitMinutes: null, extraMinutes: 20, closesAt: null }, null],
  ];
  for (const [name, input, expected] of cases) test(`attemptDeadline: ${name}`, () => assert.equal(attemptDeadline(input)?.toISOString() ?? null, expected));

  const deadline = '2026-03-10T02:30:00.000Z';
  const late: [string, string | Date | null, string, boolean][] = [
    ['exactly at the deadline is in time', deadline, '2026-03-10T02:30:00.000Z', false],
    ['1 ms later is late', deadline, '2026-03-10T02:30:00.001Z', true],
    ['1 ms before is in time', deadline, '2026-03-10T02:29:59.999Z', false],
    ['a Date deadline, exactly', new Date(deadline), '2026-03-10T02:30:00.000Z', false],
    ['a Date deadline, 1 ms later', new Date(deadline), '2026-03-10T02:30:00.001Z', true],
    ['a deadline with an offset', '2026-03-10T10:30:00.000+08:00', '2026-03-10T02:30:00.001Z', true],
    ['no deadline is never late', null, '2099-01-01T00:00:00.000Z', false],
  ];
  for (const [name, d, now, expected] of late) test(`isPastDeadline: ${name}`, () => assert.equal(isPastDeadline(d, new Date(now)), expected));

  const days: [string, number, IndonesianZone, string][] = [
    ['2026-03-02', 15, 'WITA', '2026-03-16T16:00:00.000Z'],
    ['2026-03-02', 15, 'WIB', '2026-03-16T17:00:00.000Z'],
    ['2026-03-02', 15, 'WIT', '2026-03-16T15:00:00.000Z'],
    ['2026-03-02', 1, 'WITA', '2026-03-02T16:00:00.000Z'],
    ['2026-03-02', 30, 'WIB', '2026-03-31T17:00:00.000Z'],
    ['2025-12-20', 15, 'WIT', '2026-01-03T15:00:00.000Z'],
    ['2028-02-20', 10, 'WIB', '2028-02-29T17:00:00.000Z'],
  ];
  for (const [day1, day, zone, expected] of days) {
    test(`endOfClockDay: day ${day} of a clock starting ${day1} in ${zone} ends at ${expected}`, () => {
      const end = endOfClockDay(day1, day, zone);
      assert.equal(end.toISOString(), expected);
      assert.equal(isPastDeadline(end, end), false, 'the last instant of the day is in time');
      assert.equal(isPastDeadline(end, new Date(end.getTime() + 1)), true);
    });
  }
});

describe('quizProgress and quizCompleted', () => {
  const cases: { name: string; purpose: QuizPurpose; finished: FinishedAttempt[]; policy?: GradingPolicy; previous?: Parameters<typeof quizProgress>[3]; expected: ReturnType<typeof quizProgress>; completed: boolean }[] = [
    { name: 'pre-test, nothing finished', purpose: 'pre_test', finished: [], expected: { purpose: 'pre_test', attempts: 0, gradePercent: null, passed: false, failed: false }, completed: false },
    { name: 'pre-test complete on any finished attempt', purpose: 'pre_test', finished: [fa(1, 20)], expected: { purpose: 'pre_test', attempts: 1, gradePercent: 20, passed: false, failed: true }, completed: true },
    { name: 'post-test complete on a failed attempt', purpose: 'post_test', finished: [fa(1, 50)], expected: { purpose: 'post_test', attempts: 1, gradePercent: 50, passed: false, failed: true }, completed: true },
    { name: 'post-test passed', purpose: 'post_test', finished: [fa(1, 90)], expected: { purpose: 'post_test', attempts: 1, gradePercent: 90, passed: true, failed: false }, completed: true },
    { name: 'final, nothing finished', purpose: 'final', finished: [], expected: { purpose: 'final', attempts: 0, gradePercent: null, passed: false, failed: false }, completed: false },
    { name: 'final failed: not complete, failed', purpose: 'final', finished: [fa(1, 50)], expected: { purpose: 'final', attempts: 1, gradePercent: 50, passed: false, failed: true }, completed: false },
    { name: 'final passed on the second attempt (highest)', purpose: 'final', finished: [fa(1, 50), fa(2, 80)], expected: { purpose: 'final', attempts: 2, gradePercent: 80, passed: true, failed: false }, completed: true },
    { name: 'final: highest keeps the better grade', purpose: 'final', finished: [fa(1, 80), fa(2, 40)], expected: { purpose: 'final', attempts: 2, gradePercent: 80, passed: true, failed: false }, completed: true },
    { name: 'last: a later, worse attempt never takes the pass back', purpose: 'post_test', policy: 'last', finished: [fa(1, 80), fa(2, 40)], expected: { purpose: 'post_test', attempts: 2, gradePercent: 40, passed: true, failed: false }, completed: true },
    { name: 'last: the pass kept for a final evaluation too', purpose: 'final', policy: 'last', finished: [fa(1, 80), fa(2, 40)], expected: { purpose: 'final', attempts: 2, gradePercent: 40, passed: true, failed: false }, completed: true },
    { name: 'last: the pass kept from the previous progress', purpose: 'final', policy: 'last', previous: { passed: true }, finished: [fa(2, 40)], expected: { purpose: 'final', attempts: 1, gradePercent: 40, passed: true, failed: false }, completed: true },
    { name: 'last: failing then passing', purpose: 'final', policy: 'last', finished: [fa(1, 40), fa(2, 75)], expected: { purpose: 'final', attempts: 2, gradePercent: 75, passed: true, failed: false }, completed: true },
    { name: 'last: failing twice', purpose: 'final', policy: 'last', finished: [fa(1, 60), fa(2, 40)], expected: { purpose: 'final', attempts: 2, gradePercent: 40, passed: false, failed: true }, completed: false },
    { name: 'remedial failed', purpose: 'remedial', finished: [fa(1, 60)], expected: { purpose: 'remedial', attempts: 1, gradePercent: 60, passed: false, failed: true }, completed: false },
    { name: 'remedial passed on a later attempt', purpose: 'remedial', finished: [fa(1, 60), fa(2, 50), fa(3, 70)], expected: { purpose: 'remedial', attempts: 3, gradePercent: 70, passed: true, failed: false }, completed: true },
    {
      name: 'final passed by remedial stays so',
      purpose: 'final',
      previous: { passed: true, failed: false, passedByRemedial: true },
      finished: [fa(1, 30), fa(2, 45)],
      expected: { purpose: 'final', attempts: 2, gradePercent: 45, passed: true, failed: false, passedByRemedial: true },
      completed: true,
    },
    { name: 'passedByRemedial alone is enough', purpose: 'final', previous: { passedByRemedial: true }, finished: [fa(1, 30)], expected: { purpose: 'final', attempts: 1, gradePercent: 30, passed: true, failed: false, passedByRemedial: true }, completed: true },
    { name: 'a previous failure is recomputed', purpose: 'final', previous: { passed: false, failed: true }, finished: [fa(1, 30), fa(2, 90)], expected: { purpose: 'final', attempts: 2, gradePercent: 90, passed: true, failed: false }, completed: true },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const p = quizProgress(c.purpose, c.finished, c.policy ?? 'highest', c.previous);
      assert.deepEqual(p, c.expected);
      assert.equal(quizCompleted(c.purpose, p), c.completed);
    });
  }

  const completion: [QuizPurpose, number, boolean, boolean][] = [
    ['pre_test', 0, false, false],
    ['pre_test', 1, false, true],
    ['post_test', 2, false, true],
    ['post_test', 0, true, false],
    ['final', 3, false, false],
    ['final', 1, true, true],
    ['remedial', 5, false, false],
    ['remedial', 2, true, true],
  ];
  for (const [purpose, attempts, passed, expected] of completion) test(`quizCompleted(${purpose}, ${attempts} attempts, passed ${passed}) = ${expected}`, () => assert.equal(quizCompleted(purpose, { attempts, passed }), expected));

  test('property: failed exactly when finished and not passed; a pass is monotone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<QuizPurpose>('pre_test', 'post_test', 'final', 'remedial'),
        fc.constantFrom<GradingPolicy>('highest', 'last'),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 6 }),
        (purpose, policy, percents) => {
          const finished = percents.map((p, i) => fa(i + 1, p));
          const p = quizProgress(purpose, finished, policy);
          assert.equal(p.failed, finished.length > 0 && !p.passed);
          assert.equal(p.passed, finished.some((a) => a.passed));
          // Adding one more attempt, whatever its result, never takes a pass back.
          const more = quizProgress(purpose, [...finished, fa(finished.length + 1, 0)], policy, p);
          if (p.passed) assert.equal(more.passed, true);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Report statistics

describe('itemAnalysis', () => {
  test('no rows', () => assert.deepEqual(itemAnalysis([]), { n: 0, facility: null, discrimination: null }));

  test('fewer than 4 attempts: facility only', () => {
    assert.deepEqual(itemAnalysis([{ attemptPercent: 10, fraction: 0 }]), { n: 1, facility: 0, discrimination: null });
    assert.deepEqual(
      itemAnalysis([
        { attemptPercent: 10, fraction: 0 },
        { attemptPercent: 50, fraction: 1 },
        { attemptPercent: 90, fraction: 0.5 },
      ]),
      { n: 3, facility: 0.5, discrimination: null },
    );
  });

  test('four attempts: the groups are the lowest and the highest one', () => {
    // k = round(4 × 0.27) = 1; lowest (20 %) answered 0, highest (95 %) answered 1.
    const rows = [
      { attemptPercent: 60, fraction: 0 },
      { attemptPercent: 95, fraction: 1 },
      { attemptPercent: 20, fraction: 0 },
      { attemptPercent: 40, fraction: 1 },
    ];
    assert.deepEqual(itemAnalysis(rows), { n: 4, facility: 0.5, discrimination: 1 });
  });

  test('ten attempts: facility and discrimination by hand', () => {
    // Sorted by attempt percent: fractions 0, 0, 1 | 0, 1, 0.5, 1 | 1, 1, 1. k = round(2.7) = 3.
    // facility = 6.5 / 10 = 0.65; upper mean 1, lower mean 1/3: discrimination 0.6667.
    const sortedRows = [
      { attemptPercent: 10, fraction: 0 },
      { attemptPercent: 20, fraction: 0 },
      { attemptPercent: 30, fraction: 1 },
      { attemptPercent: 40, fraction: 0 },
      { attemptPercent: 50, fraction: 1 },
      { attemptPercent: 60, fraction: 0.5 },
      { attemptPercent: 70, fraction: 1 },
      { attemptPercent: 80, fraction: 1 },
      { attemptPercent: 90, fraction: 1 },
      { attemptPercent: 100, fraction: 1 },
    ];
    const shuffledRows = shuffled(sortedRows, seededRandom(3));
    for (const rows of [sortedRows, shuffledRows]) assert.deepEqual(itemAnalysis(rows), { n: 10, facility: 0.65, discrimination: 0.6667 });
  });

  test('a question the weaker participants get right: negative discrimination', () => {
    // n = 8, k = round(2.16) = 2: lowest two answered 1 and 1, highest two 0 and 0.5.
    const rows = [
      { attemptPercent: 5, fraction: 1 },
      { attemptPercent: 15, fraction: 1 },
      { attemptPercent: 45, fraction: 0 },
      { attemptPercent: 50, fraction: 1 },
      { attemptPercent: 55, fraction: 0 },
      { attemptPercent: 60, fraction: 0 },
      { attemptPercent: 90, fraction: 0 },
      { attemptPercent: 99, fraction: 0.5 },
    ];
    assert.deepEqual(itemAnalysis(rows), { n: 8, facility: 0.4375, discrimination: -0.75 });
  });

  test('everyone right: facility 1, discrimination 0', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ attemptPercent: i * 8, fraction: 1 }));
    assert.deepEqual(itemAnalysis(rows), { n: 12, facility: 1, discrimination: 0 });
  });
});

describe('prePostGain', () => {
  test('no pairs', () => assert.deepEqual(prePostGain([]), { n: 0, pre: null, post: null, gain: null }));
  test('one pair', () => assert.deepEqual(prePostGain([{ pre: 40, post: 85 }]), { n: 1, pre: 40, post: 85, gain: 45 }));
  test('means and gain, rounded to two decimals', () => {
    // pre (40 + 50 + 60) / 3 = 50; post (80 + 70 + 61) / 3 = 70.333…; gain 20.33.
    assert.deepEqual(
      prePostGain([
        { pre: 40, post: 80 },
        { pre: 50, post: 70 },
        { pre: 60, post: 61 },
      ]),
      { n: 3, pre: 50, post: 70.33, gain: 20.33 },
    );
  });
  test('a loss is a negative gain', () => {
    assert.deepEqual(
      prePostGain([
        { pre: 90, post: 70 },
        { pre: 80, post: 75 },
      ]),
      { n: 2, pre: 85, post: 72.5, gain: -12.5 },
    );
  });
});
