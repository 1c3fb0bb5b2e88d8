import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseEmployeeNumber,
  formatEmployeeNumber,
  maskEmployeeNumber,
  normalizeEmployeeNumber,
  isValidEmployeeNumber,
  NIP_INVALID_REASONS,
  type NipInvalidReason,
} from './nip.js';
import { employmentTypeOf, EMPLOYMENT_TYPES } from './employment.js';

const REF = { referenceYear: 2025 };

describe('parseEmployeeNumber: valid numbers', () => {
  const cases = [
    {
      input: '198704122010011003',
      value: {
        normalized: '198704122010011003',
        kind: 'PNS',
        birthDate: '1987-04-12',
        appointment: { year: 2010, month: 1 },
        gender: 'male',
        sequence: 3,
      },
    },
    {
      input: '199501072022212016',
      value: {
        normalized: '199501072022212016',
        kind: 'PPPK',
        birthDate: '1995-01-07',
        appointment: { year: 2022, month: null },
        gender: 'female',
        sequence: 16,
      },
    },
    {
      input: '198609072023211016',
      value: {
        normalized: '198609072023211016',
        kind: 'PPPK',
        birthDate: '1986-09-07',
        appointment: { year: 2023, month: null },
        gender: 'male',
        sequence: 16,
      },
    },
    {
      input: '199001012024211001',
      value: {
        normalized: '199001012024211001',
        kind: 'PPPK',
        birthDate: '1990-01-01',
        appointment: { year: 2024, month: null },
        gender: 'male',
        sequence: 1,
      },
    },
    {
      // part-time PPPK ("24")
      input: '199212312024242999',
      value: {
        normalized: '199212312024242999',
        kind: 'PPPK',
        birthDate: '1992-12-31',
        appointment: { year: 2024, month: null },
        gender: 'female',
        sequence: 999,
      },
    },
    {
      // PNS appointed in December, leap-day birth
      input: '198802292012122005',
      value: {
        normalized: '198802292012122005',
        kind: 'PNS',
        birthDate: '1988-02-29',
        appointment: { year: 2012, month: 12 },
        gender: 'female',
        sequence: 5,
      },
    },
  ] as const;
  for (const c of cases) {
    test(c.input, () => {
      assert.deepEqual(parseEmployeeNumber(c.input, REF), { ok: true, value: c.value });
    });
  }

  const separated: Array<[string, string]> = [
    ['19870412 201001 1 003', '198704122010011003'],
    ['19870412.201001.1.003', '198704122010011003'],
    ['19870412-201001-1-003', '198704122010011003'],
    ['  19950107 2022 21 2 016  ', '199501072022212016'],
    ['19950107\u00a02022\u00a021\u00a02\u00a0016', '199501072022212016'],
    ['19950107–2022–21–2–016', '199501072022212016'],
  ];
  for (const [input, normalized] of separated) {
    test(`separators are ignored: ${JSON.stringify(input)}`, () => {
      const r = parseEmployeeNumber(input, REF);
      assert.equal(r.ok, true);
      assert.equal(r.ok && r.value.normalized, normalized);
    });
  }
});

describe('parseEmployeeNumber: invalid numbers', () => {
  const cases: Array<[string, NipInvalidReason, number?]> = [
    ['', 'not_18_digits'],
    ['19870412201001100', 'not_18_digits'], // 17 digits
    ['1987041220100110031', 'not_18_digits'], // 19 digits
    ['19870412201001100A', 'not_18_digits'],
    ['19870412_201001_1_003', 'not_18_digits'], // underscore is not a separator
    ['１９８７０４１２２０１００１１００３', 'not_18_digits'], // full-width digits
    ['198713122010011003', 'invalid_birth_date'], // month 13
    ['198700122010011003', 'invalid_birth_date'], // month 00
    ['198704002010011003', 'invalid_birth_date'], // day 00
    ['198704312010011003', 'invalid_birth_date'], // 31 April
    ['198702292010011003', 'invalid_birth_date'], // 29 Feb in a non-leap year
    ['190002292010011003', 'invalid_birth_date'], // 1900 is not a leap year
    ['193912312010011003', 'implausible_birth_year'], // before 1940
    ['201101012026211001', 'implausible_birth_year'], // younger than 15 in 2025
    ['201001012025211001', 'implausible_birth_year', 2024],
    ['198704122010001003', 'invalid_appointment'], // digits 13-14 = 00
    ['198704122010131003', 'invalid_appointment'], // 13
    ['198704122010201003', 'invalid_appointment'], // 20
    ['195001011969011001', 'implausible_appointment_year'], // before 1970
    ['199001012027211001', 'implausible_appointment_year'], // after reference year + 1
    ['199001012004011001', 'implausible_appointment_year'], // at age 14
    ['198704122010013003', 'invalid_gender_digit'],
    ['198704122010010003', 'invalid_gender_digit'],
    ['199501072022210016', 'invalid_gender_digit'],
    ['198704122010011000', 'invalid_sequence'],
    ['199501072022212000', 'invalid_sequence'],
  ];
  for (const [input, reason, referenceYear] of cases) {
    test(`${JSON.stringify(input)} → ${reason}`, () => {
      assert.deepEqual(parseEmployeeNumber(input, { referenceYear: referenceYear ?? 2025 }), { ok: false, reason });
    });
  }

  test('every reason used in the table is listed in NIP_INVALID_REASONS, and all are covered', () => {
    const used = new Set(cases.map((c) => c[1]));
    assert.deepEqual([...used].sort(), [...NIP_INVALID_REASONS].sort());
  });
});

describe('parseEmployeeNumber: reference year', () => {
  test('appointment up to reference year + 1 is accepted, +2 is not', () => {
    assert.equal(parseEmployeeNumber('199001012026211001', REF).ok, true);
    assert.deepEqual(parseEmployeeNumber('199001012027211001', REF), {
      ok: false,
      reason: 'implausible_appointment_year',
    });
  });
  test('birth year exactly reference year − 15 is accepted', () => {
    assert.equal(parseEmployeeNumber('201001012025211001', { referenceYear: 2025 }).ok, true);
  });
  test('defaults to the current UTC year', () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const ok = `19900101${nextYear}211001`;
    const tooLate = `19900101${nextYear + 1}211001`;
    assert.equal(parseEmployeeNumber(ok).ok, true);
    assert.deepEqual(parseEmployeeNumber(tooLate), { ok: false, reason: 'implausible_appointment_year' });
  });
  test('isValidEmployeeNumber mirrors parse', () => {
    assert.equal(isValidEmployeeNumber('199501072022212016', REF), true);
    assert.equal(isValidEmployeeNumber('199501072022212000', REF), false);
  });
});

describe('NIP_INVALID_REASONS', () => {
  test('are unique snake_case codes', () => {
    assert.equal(new Set(NIP_INVALID_REASONS).size, NIP_INVALID_REASONS.length);
    for (const r of NIP_INVALID_REASONS) assert.match(r, /^[a-z0-9]+(_[a-z0-9]+)*$/);
  });
});

describe('formatEmployeeNumber', () => {
  const cases: Array<[string, string]> = [
    ['198704122010011003', '19870412 201001 1 003'],
    ['199501072022212016', '19950107 2022 21 2 016'],
    ['199001012024241001', '19900101 2024 24 1 001'],
    ['19870412.201001.1.003', '19870412 201001 1 003'],
    ['12345', '12345'],
    ['  abc  ', 'abc'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(formatEmployeeNumber(input), expected));
  }
});

describe('maskEmployeeNumber', () => {
  const cases: Array<[string, string]> = [
    ['199501072022212016', '1995•••••••••••016'],
    ['198704122010011003', '1987•••••••••••003'],
    ['19870412 201001 1 003', '1987•••••••••••003'],
    ['12345678', '1234•678'],
    ['1234567', '•••••••'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => {
      const masked = maskEmployeeNumber(input);
      assert.equal(masked, expected);
    });
  }
  test('an 18-digit mask keeps 18 characters and hides the birth date', () => {
    const masked = maskEmployeeNumber('199501072022212016');
    assert.equal([...masked].length, 18);
    assert.equal(masked.includes('0107'), false);
  });
});

describe('normalizeEmployeeNumber', () => {
  test('removes spaces, dots and dashes only', () => {
    assert.equal(normalizeEmployeeNumber(' 1995.0107-2022 21 2 016 '), '199501072022212016');
    assert.equal(normalizeEmployeeNumber('12_34'), '12_34');
  });
});

describe('employmentTypeOf', () => {
  test('maps the employee-number kind to the employment type', () => {
    assert.equal(employmentTypeOf('PNS'), 'PNS');
    assert.equal(employmentTypeOf('PPPK'), 'PPPK');
    assert.deepEqual(EMPLOYMENT_TYPES, ['PNS', 'PPPK']);
  });
  test('works on parsed numbers', () => {
    const r = parseEmployeeNumber('199501072022212016', REF);
    assert.ok(r.ok);
    assert.equal(employmentTypeOf(r.value.kind), 'PPPK');
  });
});
