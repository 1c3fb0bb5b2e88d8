import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etagMatches, parseRange } from './range.js';

test('byte ranges: one range, suffixes, open ends; malformed or multiple ranges are ignored; past the end is unsatisfiable', () => {
  const size = 1000;
  const cases: [string | undefined, ReturnType<typeof parseRange>][] = [
    [undefined, { kind: 'none' }],
    ['bytes=0-99', { kind: 'range', start: 0, end: 99 }],
    ['bytes=990-', { kind: 'range', start: 990, end: 999 }],
    ['bytes=-100', { kind: 'range', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'range', start: 0, end: 999 }],
    ['bytes=500-5000', { kind: 'range', start: 500, end: 999 }],
    ['bytes=999-999', { kind: 'range', start: 999, end: 999 }],
    ['BYTES = 1-2', { kind: 'range', start: 1, end: 2 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=5000-6000', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=10-5', { kind: 'none' }],
    ['bytes=0-1,5-6', { kind: 'none' }],
    ['bytes=a-b', { kind: 'none' }],
    ['bytes=-', { kind: 'none' }],
    ['items=0-1', { kind: 'none' }],
    ['bytes=1.5-2', { kind: 'none' }],
    ['bytes=99999999999999999999-', { kind: 'none' }],
  ];
  for (const [header, expected] of cases) assert.deepEqual(parseRange(header, size), expected, String(header));
  assert.deepEqual(parseRange('bytes=0-', 0), { kind: 'unsatisfiable' });
});

test('If-None-Match: exact, weak, lists and *', () => {
  assert.ok(etagMatches('"abc"', '"abc"'));
  assert.ok(etagMatches('W/"abc"', '"abc"'));
  assert.ok(etagMatches('"x", "abc"', '"abc"'));
  assert.ok(etagMatches('*', '"abc"'));
  assert.equal(etagMatches('"abd"', '"abc"'), false);
  assert.equal(etagMatches(undefined, '"abc"'), false);
});
