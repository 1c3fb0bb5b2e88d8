import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NUMBER_PATTERN, formatCertificateNumber, isVerificationCode, maskNip, patternProblem, verificationCodeFrom, VERIFICATION_CODE_LENGTH } from './certificate-number.js';

const parts = { seq: 7, agency: 'KPU', year: 2026, programme: 'ORIENT-2026', cohort: 'ANG-01' };

describe('formatCertificateNumber', () => {
  const cases: [string, Partial<typeof parts>, string][] = [
    [DEFAULT_NUMBER_PATTERN, {}, '7/ORIENT-PPPK/KPU/2026'],
    ['{seq:4}/ORIENT-PPPK/{agency}/{year}', {}, '0007/ORIENT-PPPK/KPU/2026'],
    ['{seq:4}', { seq: 123456 }, '123456'],
    ['{seq:1}', { seq: 12 }, '12'],
    ['SERT-{programme}-{cohort}-{seq:3}', {}, 'SERT-ORIENT-2026-ANG-01-007'],
    ['{year}.{agency}.{seq:5}', { agency: 'BKN', year: 2027, seq: 1 }, '2027.BKN.00001'],
    ['{seq}{seq:2}', { seq: 3 }, '303'],
  ];
  for (const [pattern, extra, expected] of cases) {
    test(`${pattern} → ${expected}`, () => {
      assert.equal(patternProblem(pattern), null);
      assert.equal(formatCertificateNumber(pattern, { ...parts, ...extra }), expected);
    });
  }
});

describe('patternProblem', () => {
  const cases: [string, string | null][] = [
    [DEFAULT_NUMBER_PATTERN, null],
    ['', 'empty'],
    ['   ', 'empty'],
    ['{agency}/{year}', 'no_seq'],
    ['{seq}/{unit}', 'unknown_placeholder'],
    ['{seq:0}', 'bad_width'],
    ['{seq:11}', 'bad_width'],
    ['{seq}/{year:4}', 'bad_width'],
    ['{seq}/{agency', 'stray_brace'],
    ['{seq}}', 'stray_brace'],
    ['{seq}' + 'x'.repeat(200), 'too_long'],
  ];
  for (const [pattern, problem] of cases) test(JSON.stringify(pattern.slice(0, 30)), () => assert.equal(patternProblem(pattern), problem));
});

describe('maskNip', () => {
  const cases: [string | null, string | null][] = [
    ['199001012020121001', '1990***********001'],
    ['2001011520230210012', '2001************012'],
    ['12345678', '1234*678'],
    ['1234567', '*******'],
    ['', null],
    [null, null],
  ];
  for (const [nip, masked] of cases) {
    test(`${nip} → ${masked}`, () => {
      assert.equal(maskNip(nip), masked);
      if (nip && masked) assert.equal(masked.length, nip.length);
    });
  }
});

describe('verification codes', () => {
  test('20 base32 characters from 13 random bytes, all bits used', () => {
    assert.equal(verificationCodeFrom(new Uint8Array(13)), 'A'.repeat(20));
    assert.equal(verificationCodeFrom(new Uint8Array(13).fill(255)), '7'.repeat(20));
    const c = verificationCodeFrom(Uint8Array.from([0x08, 0x86, 0x42, 0x98, 0xe8, 0x4a, 0x96, 0xc6, 0xb9, 0xf0, 0x00, 0x00, 0x00]));
    assert.equal(c.slice(0, 16), 'BCDEFGHIJKLMNOPQ');
    assert.equal(c.length, VERIFICATION_CODE_LENGTH);
    assert.ok(isVerificationCode(c));
  });
  test('too few bytes are refused; malformed codes are recognised', () => {
    assert.throws(() => verificationCodeFrom(new Uint8Array(12)), RangeError);
    assert.equal(isVerificationCode('ABC'), false);
    assert.equal(isVerificationCode('A'.repeat(19) + '1'), false);
    assert.equal(isVerificationCode('a'.repeat(20)), true);
    assert.equal(isVerificationCode('A'.repeat(21)), false);
  });
});
