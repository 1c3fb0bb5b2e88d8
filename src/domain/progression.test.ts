import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from './time.js';
import { computeOutline, type ActivityDef, type ActivityProgress, type ClockView, type StageDef } from './progression.js';

const stages: StageDef[] = [
  { id: 1, title: 'Tahap 1', targetDay: 5 },
  { id: 2, title: 'Tahap 2', targetDay: 10 },
  { id: 3, title: 'Remedial', opensOnDay: 16, closesAfterDay: 30, sequential: false },
];
const activities: ActivityDef[] = [
  { id: 11, stageId: 1, title: 'Bela Negara', required: true },
  { id: 12, stageId: 1, title: 'Video BerAKHLAK', required: true },
  { id: 13, stageId: 1, title: 'Bacaan tambahan', required: false },
  { id: 21, stageId: 2, title: 'Smart Governance', required: true },
  { id: 22, stageId: 2, title: 'Jurnal', required: true, prerequisiteIds: [21] },
  { id: 31, stageId: 3, title: 'Evaluasi remedial', required: false },
];
const clockAt = (today: number | null, windowEndedOn: string | null = null): ClockView => ({
  today,
  windowEndedOn,
  dateOfDay: (d) => (today === null ? null : addDays('2025-11-10', d - 1)),
});
const now = new Date('2025-11-12T00:00:00Z');
const progressOf = (entries: [number, ActivityProgress['state'], number?][]) => new Map(entries.map(([id, state, percent]) => [id, { state, percent: percent ?? (state === 'completed' ? 100 : 10) }]));
const outline = (p: Map<number, ActivityProgress>, clock = clockAt(3), acts = activities) => computeOutline({ stages, activities: acts, progress: p, clock, now });
const stateOf = (o: ReturnType<typeof outline>, id: number) => o.stages.flatMap((s) => s.activities).find((a) => a.id === id)!;

describe('sequential stages', () => {
  test('a new participant: stage 1 open, stage 2 locked after stage 1, nothing started', () => {
    const o = outline(new Map());
    assert.equal(o.stages[0]!.state, 'available');
    assert.equal(o.stages[1]!.state, 'locked');
    assert.deepEqual(o.stages[1]!.reason, { code: 'after_stage', stage: 'Tahap 1' });
    assert.deepEqual(stateOf(o, 21).reason, { code: 'after_stage', stage: 'Tahap 1' });
    assert.equal(o.status, 'not_started');
    assert.equal(o.progress, 0);
    assert.equal(o.nextActivityId, 11);
  });

  test('optional activities do not hold the next stage back', () => {
    const o = outline(progressOf([[11, 'completed'], [12, 'completed']]));
    assert.equal(o.stages[0]!.state, 'completed');
    assert.equal(o.stages[1]!.state, 'available');
    assert.equal(o.nextActivityId, 13, 'the optional reading is still next in order');
    assert.equal(o.progress, 50);
    assert.equal(o.status, 'in_progress');
  });

  test('an optional activity stops being next once it or anything after it was started', () => {
    assert.equal(outline(progressOf([[11, 'completed'], [12, 'completed'], [13, 'in_progress']])).nextActivityId, 21, 'opened but not finished: skipped');
    assert.equal(outline(progressOf([[11, 'completed'], [12, 'completed'], [21, 'in_progress']])).nextActivityId, 21, 'a later activity started: skipped');
  });

  test('in-progress activities and stages', () => {
    const o = outline(progressOf([[11, 'in_progress', 40]]));
    assert.equal(stateOf(o, 11).state, 'in_progress');
    assert.equal(stateOf(o, 11).percent, 40);
    assert.equal(o.stages[0]!.state, 'in_progress');
    assert.equal(o.nextActivityId, 11);
  });

  test('prerequisites between activities state which one is missing', () => {
    const o = outline(progressOf([[11, 'completed'], [12, 'completed']]));
    assert.deepEqual(stateOf(o, 22).reason, { code: 'after_activity', activity: 'Smart Governance' });
    const o2 = outline(progressOf([[11, 'completed'], [12, 'completed'], [21, 'completed']]));
    assert.equal(stateOf(o2, 22).state, 'available');
  });

  test('everything required done: completed, 100 %', () => {
    const o = outline(progressOf([[11, 'completed'], [12, 'completed'], [21, 'completed'], [22, 'completed']]));
    assert.equal(o.status, 'completed');
    assert.equal(o.progress, 100);
  });

  test('a non-sequential stage ignores the stage before it', () => {
    const o = outline(new Map(), clockAt(16));
    assert.equal(o.stages[2]!.state, 'available');
  });
});

describe('day windows', () => {
  const cases: { today: number | null; state: string; reason: unknown }[] = [
    { today: null, state: 'locked', reason: { code: 'clock_not_started' } },
    { today: 1, state: 'locked', reason: { code: 'opens_on_day', day: 16, date: '2025-11-25' } },
    { today: 15, state: 'locked', reason: { code: 'opens_on_day', day: 16, date: '2025-11-25' } },
    { today: 16, state: 'available', reason: null },
    { today: 30, state: 'available', reason: null },
    { today: 31, state: 'locked', reason: { code: 'closed_after_day', day: 30, date: '2025-12-09' } },
  ];
  for (const c of cases) {
    test(`remedial stage on day ${c.today}`, () => {
      const o = outline(new Map(), clockAt(c.today));
      assert.equal(o.stages[2]!.state, c.state);
      assert.deepEqual(o.stages[2]!.reason, c.reason);
    });
  }

  test('activity-level windows and fixed opening dates', () => {
    const acts = activities.map((a) => (a.id === 12 ? { ...a, closesAfterDay: 2 } : a.id === 13 ? { ...a, opensAt: '2025-12-01T00:00:00Z' } : a));
    const o = outline(new Map(), clockAt(3), acts);
    assert.deepEqual(stateOf(o, 12).reason, { code: 'closed_after_day', day: 2, date: '2025-11-11' });
    assert.deepEqual(stateOf(o, 13).reason, { code: 'opens_at', at: '2025-12-01T00:00:00Z' });
  });

  test('when the personal window has ended, everything not done is locked, done stays done', () => {
    const o = outline(progressOf([[11, 'completed']]), clockAt(31, '2025-12-09'));
    assert.equal(stateOf(o, 11).state, 'completed');
    assert.deepEqual(stateOf(o, 12).reason, { code: 'window_ended', date: '2025-12-09' });
  });
});

describe('completion is never taken back', () => {
  test('a completed activity stays completed even when its stage or window is locked now', () => {
    const acts = activities.map((a) => (a.id === 22 ? { ...a, closesAfterDay: 5 } : a));
    const o = outline(progressOf([[22, 'completed']]), clockAt(9), acts);
    assert.equal(o.stages[1]!.state, 'locked', 'stage 2 is still locked behind stage 1');
    assert.equal(stateOf(o, 22).state, 'completed');
    assert.equal(stateOf(o, 22).reason, null);
  });

  test('a kind-specific lock (e.g. the Jurnal before the material is opened) is reported as given', () => {
    const acts = activities.map((a) => (a.id === 22 ? { ...a, prerequisiteIds: [], kindLock: { code: 'kind' as const, key: 'upload.afterMaterial' } } : a));
    const o = outline(progressOf([[11, 'completed'], [12, 'completed']]), clockAt(3), acts);
    assert.deepEqual(stateOf(o, 22).reason, { code: 'kind', key: 'upload.afterMaterial' });
  });
});

describe('who is behind', () => {
  test('a stage past its target day and not complete is behind', () => {
    assert.equal(outline(new Map(), clockAt(5)).behind, false);
    const late = outline(new Map(), clockAt(6));
    assert.equal(late.behind, true);
    assert.equal(late.stages[0]!.behind, true);
    assert.equal(outline(progressOf([[11, 'completed'], [12, 'completed']]), clockAt(6)).behind, false);
  });
});
