import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeIntervals, normaliseInterval, watchedPercent, watchedSeconds, type Interval } from './watched.js';

describe('merging watched intervals', () => {
  const cases: { name: string; input: Interval[]; merged: Interval[]; seconds: number }[] = [
    { name: 'nothing', input: [], merged: [], seconds: 0 },
    { name: 'disjoint', input: [[0, 10], [20, 30]], merged: [[0, 10], [20, 30]], seconds: 20 },
    { name: 'overlapping (replay)', input: [[0, 10], [5, 15]], merged: [[0, 15]], seconds: 15 },
    { name: 'touching', input: [[0, 10], [10, 20]], merged: [[0, 20]], seconds: 20 },
    { name: 'out of order and duplicated', input: [[20, 30], [0, 10], [20, 30], [5, 25]], merged: [[0, 30]], seconds: 30 },
    { name: 'contained', input: [[0, 60], [10, 20]], merged: [[0, 60]], seconds: 60 },
    { name: 'empty intervals ignored', input: [[5, 5], [9, 3]], merged: [], seconds: 0 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(mergeIntervals(c.input), c.merged);
      assert.equal(watchedSeconds(c.input), c.seconds);
    });
  }
});

describe('what a report may claim', () => {
  test('clipped to the media duration and to at most 120 s per report', () => {
    assert.deepEqual(normaliseInterval(-5, 10, 100), [0, 10]);
    assert.deepEqual(normaliseInterval(90, 130, 100), [90, 100]);
    assert.deepEqual(normaliseInterval(0, 500, 1000), [0, 120]);
    assert.equal(normaliseInterval(10, 10, 100), null);
    assert.equal(normaliseInterval(20, 10, 100), null);
    assert.equal(normaliseInterval(Number.NaN, 10, 100), null);
    assert.equal(normaliseInterval(0, 10, 0), null);
  });

  test('seeking ahead counts only what was played: 0–10 s then a jump to 80–90 s of 100 s is 20 %', () => {
    assert.equal(watchedPercent([[0, 10], [80, 90]], 100), 20);
    assert.equal(watchedPercent([[0, 100], [0, 100]], 100), 100);
    assert.equal(watchedPercent([[0, 10]], 0), 0);
  });
});
