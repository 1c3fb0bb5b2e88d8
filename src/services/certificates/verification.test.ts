import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerifyRateLimiter } from './verification.js';

test('the verification limit: N per address and minute, reset with the next minute, 0 disables', () => {
  let now = Date.parse('2026-11-28T01:00:10.000Z');
  const limiter = new VerifyRateLimiter(3, () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.hit('10.0.0.1').allowed), [true, true, true, false]);
  assert.equal(limiter.hit('10.0.0.1').retryAfterSeconds, 50);
  assert.equal(limiter.hit('10.0.0.2').allowed, true, 'another address has its own budget');
  now += 50_000;
  assert.equal(limiter.hit('10.0.0.1').allowed, true, 'a new minute, a new budget');
  const off = new VerifyRateLimiter(0, () => now);
  for (let i = 0; i < 1000; i++) assert.equal(off.hit('10.0.0.1').allowed, true);
});

test('the verification limiter keeps a bounded number of addresses; the overflow shares one budget', () => {
  let now = Date.parse('2026-11-28T01:00:10.000Z');
  const limiter = new VerifyRateLimiter(2, () => now, 100);
  for (let i = 0; i < 1000; i++) limiter.hit(`10.1.${i >> 8}.${i & 255}`);
  assert.ok(limiter.size <= 101, `bounded, got ${limiter.size}`);
  assert.equal(limiter.hit('10.1.0.5').allowed, true, 'a tracked address keeps its own budget');
  assert.equal(limiter.hit('192.0.2.1').allowed, false, 'an address past the bound shares the used-up overflow budget');
  now += 60_000;
  assert.equal(limiter.hit('192.0.2.1').allowed, true, 'the next minute starts empty');
  assert.equal(limiter.size, 1);
});
