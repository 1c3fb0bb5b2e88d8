import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword, sha256, safeEqual } from './crypto.js';

test('argon2id hashes verify, wrong passwords and garbage hashes do not', async () => {
  const h = await hashPassword('Kupang-Demo-2025');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(h, 'Kupang-Demo-2025'), true);
  assert.equal(await verifyPassword(h, 'kupang-demo-2025'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
});

test('many verifications at once all complete with the right answers (limited to one per core)', async () => {
  const h = await hashPassword('Sabu-Raijua-2025');
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => verifyPassword(h, i % 3 === 0 ? 'Sabu-Raijua-2025' : `salah-${i}`)));
  assert.deepEqual(results, Array.from({ length: 12 }, (_, i) => i % 3 === 0));
});

test('sha256 and constant-time comparison', () => {
  assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(safeEqual('abc', 'abc'), true);
  assert.equal(safeEqual('abc', 'abd'), false);
  assert.equal(safeEqual('abc', 'abcd'), false);
});
