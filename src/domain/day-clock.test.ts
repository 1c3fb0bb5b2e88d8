import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayClock, dayOne, daysBetween, daysLeft } from './day-clock.js';

describe('day one', () => {
  const cases: { name: string; firstSignInAt: string | null; startBy: string | null; now: string; zone: 'WIB' | 'WITA' | 'WIT'; expected: string | null }[] = [
    { name: 'first sign-in in the evening, WITA', firstSignInAt: '2025-11-10T15:30:00Z', startBy: null, now: '2025-11-12T00:00:00Z', zone: 'WITA', expected: '2025-11-10' },
    { name: 'first sign-in just after local midnight WITA counts as the next day', firstSignInAt: '2025-11-10T16:00:00Z', startBy: null, now: '2025-11-12T00:00:00Z', zone: 'WITA', expected: '2025-11-11' },
    { name: 'the same instant is still 10 Nov in WIB', firstSignInAt: '2025-11-10T16:00:00Z', startBy: null, now: '2025-11-12T00:00:00Z', zone: 'WIB', expected: '2025-11-10' },
    { name: 'not signed in, start-by not reached: clock not started', firstSignInAt: null, startBy: '2025-11-15', now: '2025-11-12T00:00:00Z', zone: 'WITA', expected: null },
    { name: 'not signed in by start-by: day 1 is start-by', firstSignInAt: null, startBy: '2025-11-15', now: '2025-11-20T00:00:00Z', zone: 'WITA', expected: '2025-11-15' },
    { name: 'signed in after start-by: day 1 stays start-by', firstSignInAt: '2025-11-18T02:00:00Z', startBy: '2025-11-15', now: '2025-11-20T00:00:00Z', zone: 'WITA', expected: '2025-11-15' },
    { name: 'signed in on start-by: that day', firstSignInAt: '2025-11-15T02:00:00Z', startBy: '2025-11-15', now: '2025-11-20T00:00:00Z', zone: 'WIT', expected: '2025-11-15' },
    { name: 'no sign-in, no start-by: not started', firstSignInAt: null, startBy: null, now: '2025-11-20T00:00:00Z', zone: 'WIB', expected: null },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(dayOne({ zone: c.zone, firstSignInAt: c.firstSignInAt, startBy: c.startBy }, new Date(c.now)), c.expected));
  }
});

describe('day numbers and the window', () => {
  const base = { zone: 'WITA' as const, firstSignInAt: '2025-11-10T01:00:00Z', startBy: null, windowDays: 30, extensionDays: 0 };
  const cases: [string, number][] = [
    ['2025-11-10T01:00:00Z', 1],
    ['2025-11-10T15:59:59Z', 1], // 23:59:59 WITA
    ['2025-11-10T16:00:00Z', 2], // 00:00 WITA on 11 Nov
    ['2025-11-25T03:00:00Z', 16],
    ['2025-12-09T15:59:59Z', 30],
    ['2025-12-09T16:00:00Z', 31],
  ];
  for (const [now, day] of cases) test(`${now} is day ${day}`, () => assert.equal(dayClock(base, new Date(now)).today, day));

  test('the window ends on day 30, later with an extension', () => {
    assert.equal(dayClock(base, new Date('2025-11-12T00:00:00Z')).windowEndsOn, '2025-12-09');
    assert.equal(dayClock({ ...base, extensionDays: 7 }, new Date('2025-11-12T00:00:00Z')).windowEndsOn, '2025-12-16');
    assert.equal(dayClock({ ...base, windowDays: null }, new Date('2025-11-12T00:00:00Z')).windowEndsOn, null);
  });

  test('dates of days and days left', () => {
    const clock = dayClock(base, new Date('2025-11-12T00:00:00Z'));
    assert.equal(clock.dateOfDay(1), '2025-11-10');
    assert.equal(clock.dateOfDay(16), '2025-11-25');
    assert.equal(daysLeft(clock, new Date('2025-11-12T00:00:00Z'), 'WITA'), 28);
    assert.equal(daysLeft(clock, new Date('2025-12-09T10:00:00Z'), 'WITA'), 1);
    assert.equal(daysLeft(clock, new Date('2025-12-20T10:00:00Z'), 'WITA'), 0);
    const notStarted = dayClock({ ...base, firstSignInAt: null }, new Date('2025-11-12T00:00:00Z'));
    assert.equal(notStarted.today, null);
    assert.equal(notStarted.dateOfDay(3), null);
    assert.equal(daysLeft(notStarted, new Date(), 'WITA'), null);
  });

  test('daysBetween across months and leap days', () => {
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2025-12-31', '2026-01-01'), 1);
    assert.equal(daysBetween('2026-01-01', '2025-12-31'), -1);
    assert.throws(() => daysBetween('2025-13-01', '2025-12-01'), RangeError);
  });
});
