import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capacityExceeded, liveCompletion, livePhase, revealAt, type LiveCompletionRule, type LiveFacts, type LivePhase } from './live-session.js';

const start = new Date('2026-11-28T00:00:00Z'); // 08.00 WITA
const end = new Date('2026-11-28T03:00:00Z');
const timing = { startAt: start, endAt: end, revealMinutesBefore: 30 };
const at = (minutesFromStart: number, ms = 0) => new Date(start.getTime() + minutesFromStart * 60_000 + ms);

test('revealAt: the start minus the reveal minutes, never after the start', () => {
  assert.equal(revealAt(timing).toISOString(), '2026-11-27T23:30:00.000Z');
  assert.equal(revealAt({ ...timing, revealMinutesBefore: 0 }).toISOString(), start.toISOString());
  assert.equal(revealAt({ ...timing, revealMinutesBefore: -10 }).toISOString(), start.toISOString());
});

const PHASES: [string, Date, LivePhase][] = [
  ['a day before', at(-24 * 60), 'scheduled'],
  ['1 ms before the reveal', at(-30, -1), 'scheduled'],
  ['exactly at the reveal', at(-30), 'open'],
  ['1 ms before the start', at(0, -1), 'open'],
  ['exactly at the start', at(0), 'live'],
  ['in the middle', at(90), 'live'],
  ['1 ms before the end', at(180, -1), 'live'],
  ['exactly at the end', at(180), 'ended'],
  ['a week later', at(7 * 24 * 60), 'ended'],
];

test('livePhase boundaries', () => {
  for (const [label, now, phase] of PHASES) assert.equal(livePhase(timing, now), phase, label);
  // Reveal at the start: never 'open'.
  assert.equal(livePhase({ ...timing, revealMinutesBefore: 0 }, at(0, -1)), 'scheduled');
  assert.equal(livePhase({ ...timing, revealMinutesBefore: 0 }, at(0)), 'live');
});

const ALL: LiveCompletionRule = { minMinutes: 120, joinCounts: true, recordingShare: 0.9 };
const NONE: LiveFacts = { attendedMinutes: 0, joinedViaPlatform: false, recordingShare: 0, manual: null };
const COMPLETION: [string, LiveCompletionRule, Partial<LiveFacts>, string | null][] = [
  ['nothing done', ALL, {}, null],
  ['enough minutes', ALL, { attendedMinutes: 120 }, 'attendance'],
  ['one minute short', { ...ALL, joinCounts: false }, { attendedMinutes: 119 }, null],
  ['join counts', ALL, { joinedViaPlatform: true }, 'join'],
  ['join does not count', { ...ALL, joinCounts: false }, { joinedViaPlatform: true }, null],
  ['recording watched to the share', ALL, { recordingShare: 0.9 }, 'recording'],
  ['recording short of the share', ALL, { recordingShare: 0.89 }, null],
  ['recording does not count', { ...ALL, recordingShare: null }, { recordingShare: 1 }, null],
  ['attendance does not count', { ...ALL, minMinutes: null, joinCounts: false }, { attendedMinutes: 500 }, null],
  ['zero minutes required', { ...ALL, minMinutes: 0 }, {}, 'attendance'],
  ['manual present completes', { minMinutes: null, joinCounts: false, recordingShare: null }, { manual: 'present' }, 'manual'],
  ['manual absent: other rules still complete', ALL, { manual: 'absent', attendedMinutes: 150 }, 'attendance'],
  ['manual absent alone', ALL, { manual: 'absent' }, null],
  ['attendance before join', ALL, { attendedMinutes: 150, joinedViaPlatform: true }, 'attendance'],
];

test('liveCompletion rules', () => {
  for (const [label, rule, facts, by] of COMPLETION) {
    assert.deepEqual(liveCompletion(rule, { ...NONE, ...facts }), { completed: by !== null, by }, label);
  }
});

test('capacityExceeded: strictly more enrolled than the capacity; null is unlimited', () => {
  assert.equal(capacityExceeded(3400, 1000), true);
  assert.equal(capacityExceeded(1000, 1000), false);
  assert.equal(capacityExceeded(999, 1000), false);
  assert.equal(capacityExceeded(100000, null), false);
  assert.equal(capacityExceeded(1, 0), true);
});
