import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { employmentOf, flagOf, isOrientationProgramme, PNS_MIN_JP, PPPK_MAX_JP, yearlyTotals } from './learning-hours.js';

describe('learning hours (JP) rules', () => {
  test('PNS: a year below 20 JP is flagged short; 20 is enough', () => {
    const totals = yearlyTotals(
      [
        { year: 2025, jp: 12, countsTowardLimit: true },
        { year: 2025, jp: 8, countsTowardLimit: true },
        { year: 2026, jp: 19, countsTowardLimit: true },
      ],
      'PNS',
    );
    assert.deepEqual(
      totals.map((t) => [t.year, t.totalJp, t.countedJp, t.flag]),
      [
        [2026, 19, 19, 'pns_short'],
        [2025, 20, 20, null],
      ],
    );
  });

  test('PPPK: above 24 JP is flagged exceeded; the orientation is not counted', () => {
    const [y] = yearlyTotals(
      [
        { year: 2025, jp: 45, countsTowardLimit: false }, // the orientation
        { year: 2025, jp: 20, countsTowardLimit: true },
      ],
      'PPPK',
    );
    assert.deepEqual({ total: y!.totalJp, counted: y!.countedJp, excluded: y!.excludedJp, flag: y!.flag }, { total: 65, counted: 20, excluded: 45, flag: null });
    const [over] = yearlyTotals(
      [
        { year: 2025, jp: 45, countsTowardLimit: false },
        { year: 2025, jp: 20, countsTowardLimit: true },
        { year: 2025, jp: 5, countsTowardLimit: true },
      ],
      'PPPK',
    );
    assert.equal(over!.countedJp, 25);
    assert.equal(over!.flag, 'pppk_exceeded');
  });

  test('PNS count the orientation too (the exclusion is the PPPK cap’s)', () => {
    const [y] = yearlyTotals([{ year: 2025, jp: 45, countsTowardLimit: false }], 'PNS');
    assert.equal(y!.countedJp, 45);
    assert.equal(y!.flag, null);
  });

  test('years without records are shown when asked (a PNS without any JP this year is short)', () => {
    const totals = yearlyTotals([{ year: 2024, jp: 30, countsTowardLimit: true }], 'PNS', [2026]);
    assert.deepEqual(totals.map((t) => [t.year, t.totalJp, t.flag]), [[2026, 0, 'pns_short'], [2024, 30, null]]);
  });

  test('unknown employment type: totals without flags', () => {
    const [y] = yearlyTotals([{ year: 2025, jp: 100, countsTowardLimit: true }], null);
    assert.equal(y!.flag, null);
  });

  test('flag boundaries', () => {
    assert.equal(flagOf('PNS', PNS_MIN_JP - 1), 'pns_short');
    assert.equal(flagOf('PNS', PNS_MIN_JP), null);
    assert.equal(flagOf('PPPK', PPPK_MAX_JP), null);
    assert.equal(flagOf('PPPK', PPPK_MAX_JP + 1), 'pppk_exceeded');
  });

  test('orientation programmes are recognised by code or title', () => {
    assert.ok(isOrientationProgramme({ code: 'ORIENT-PPPK-2025', title: 'Program' }));
    assert.ok(isOrientationProgramme({ code: 'P1', title: 'Orientasi PPPK Formasi Tahun 2024' }));
    assert.ok(!isOrientationProgramme({ code: 'LATSAR', title: 'Pelatihan Dasar CPNS' }));
  });

  test('employment type: the stored one, else the kind of the employee number', () => {
    assert.equal(employmentOf({ employment_type: 'PNS', nip: null }), 'PNS');
    assert.equal(employmentOf({ employment_type: null, nip: '199501072022212016' }, 2026), 'PPPK');
    assert.equal(employmentOf({ employment_type: null, nip: '198704122010011003' }, 2026), 'PNS');
    assert.equal(employmentOf({ employment_type: null, nip: null }), null);
  });
});
