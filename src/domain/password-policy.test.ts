import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPassword,
  isCommonPassword,
  PASSWORD_PROBLEMS,
  type PasswordProblem,
  type PasswordContext,
} from './password-policy.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

const NIP = '199501072022212016';

describe('checkPassword', () => {
  const cases: Array<[string, string, PasswordContext, PasswordProblem[] | 'ok']> = [
    ['a long random passphrase', 'kuda-laut-berlari-pagi', {}, 'ok'],
    ['exactly 10 code points', 'Tx9#mQ2!vL', {}, 'ok'],
    ['9 characters', 'Tx9#mQ2!v', {}, ['too_short']],
    ['empty', '', {}, ['too_short']],
    ['emoji count as one code point each (5 emoji = 10 UTF-16 units)', '🐢🐢🐢🐢🐢', {}, ['too_short']],
    ['10 emoji', '🐢🐊🦎🐍🐉🦕🦖🐳🐋🐬', {}, 'ok'],
    ['256 characters', 'x'.repeat(255) + 'y', {}, 'ok'],
    ['257 characters', 'x'.repeat(256) + 'y', {}, ['too_long']],
    ['contains the full NIP', `lentera${NIP}!`, { nip: NIP }, ['contains_nip']],
    ['contains the birth date part', 'Lentera19950107', { nip: NIP }, ['contains_nip']],
    ['contains the birth date with separators', 'Lentera 1995-01-07 ok', { nip: NIP }, ['contains_nip']],
    ['contains the birth date day-first', 'Lentera07011995', { nip: NIP }, ['contains_nip']],
    ['contains an 8-digit run from the middle', 'xx20222120yy', { nip: NIP }, ['contains_nip']],
    ['NIP given with separators', 'Lentera19950107', { nip: '19950107 2022 21 2 016' }, ['contains_nip']],
    ['only 7 digits of the NIP is fine', 'Lentera1995010!', { nip: NIP }, 'ok'],
    ['no NIP in context', 'Lentera19950107', {}, 'ok'],
    ['null NIP', 'Lentera19950107', { nip: null }, 'ok'],
    ['contains the login', 'Selamat-MariaNdolu-pagi', { login: 'marianDolu' }, ['contains_login']],
    ['contains the e-mail local part', 'pagiYohanes.Bere88', { email: 'yohanes.bere@kpu.go.id' }, ['contains_login']],
    ['short login (3 chars) is not checked', 'lentera-abc-pagi', { login: 'abc' }, 'ok'],
    ['login of exactly 4 chars is checked', 'lentera-ABCD-pagi', { login: 'abcd' }, ['contains_login']],
    ['e-mail domain is not checked', 'kpu.go.id-lentera', { email: 'yb@kpu.go.id' }, 'ok'],
    ['login = NIP triggers both', `x${NIP}x`, { nip: NIP, login: NIP }, ['contains_nip', 'contains_login']],
    ['common: password', 'password', {}, ['too_short', 'common']],
    ['common, case-insensitive', 'PASSWORD12', {}, ['common']],
    ['common after stripping trailing digits/symbols', 'Password123!', {}, ['common']],
    ['Indonesian common word + year', 'Merdeka1945!', {}, ['common']],
    ['bismillah + digits', 'Bismillah123', {}, ['common']],
    ['all digits', '1234567890', {}, ['common']],
    ['qwerty + digits', 'qwerty123456', {}, ['common']],
    ['common word embedded is allowed', 'mypasswordisgreat', {}, 'ok'],
    ['leading digits are not stripped', '123Password', {}, 'ok'],
    [
      'everything at once',
      'jakarta19950107',
      { nip: NIP, login: 'jakarta', email: 'jakarta@example.com' },
      ['contains_nip', 'contains_login', 'common'],
    ],
    ['short + login + common', 'kupang', { login: 'kupang' }, ['too_short', 'contains_login', 'common']],
  ];
  for (const [name, password, ctx, expected] of cases) {
    test(name, () => {
      const result = checkPassword(password, ctx);
      if (expected === 'ok') assert.deepEqual(result, { ok: true });
      else assert.deepEqual(result, { ok: false, reasons: expected });
    });
  }

  test('reasons follow the order of PASSWORD_PROBLEMS', () => {
    const r = checkPassword('sayang', { login: 'sayang' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      const idx = r.reasons.map((x) => PASSWORD_PROBLEMS.indexOf(x));
      assert.deepEqual(idx, [...idx].sort((a, b) => a - b));
    }
  });

  test('ctx is optional', () => {
    assert.deepEqual(checkPassword('kuda-laut-berlari-pagi'), { ok: true });
  });
});

describe('PASSWORD_PROBLEMS', () => {
  test('lists every code exactly once', () => {
    assert.deepEqual([...PASSWORD_PROBLEMS], ['too_short', 'too_long', 'contains_nip', 'contains_login', 'common']);
  });
});

describe('COMMON_PASSWORDS', () => {
  test('has at least 300 entries, all lower case and trimmed', () => {
    assert.ok(COMMON_PASSWORDS.size >= 300, `size ${COMMON_PASSWORDS.size}`);
    for (const p of COMMON_PASSWORDS) {
      assert.equal(p, p.toLowerCase().trim(), p);
      assert.ok(p.length > 0);
    }
  });
  const required = [
    'indonesia', 'merdeka', 'bismillah', 'sayang', 'rahasia', 'katasandi', 'jakarta', 'kupang', 'pppk', 'asn',
    'berakhlak', 'kpu', 'pemilu', 'qwerty', '12345678', '1234567890', 'password', 'iloveyou', 'admin123', '123456',
  ];
  for (const word of required) {
    test(`includes ${word}`, () => assert.ok(COMMON_PASSWORDS.has(word)));
  }
});

describe('isCommonPassword', () => {
  const cases: Array<[string, boolean]> = [
    ['Password', true],
    ['password!!!', true],
    ['PaSsWoRd2024', true],
    ['Rahasia_2025', true],
    ['  qwerty  ', true],
    ['!!!', false],
    ['zebra-lentera-kuat', false],
    ['12345678901234', false],
  ];
  for (const [pw, expected] of cases) {
    test(`${JSON.stringify(pw)} → ${expected}`, () => assert.equal(isCommonPassword(pw), expected));
  }
});
