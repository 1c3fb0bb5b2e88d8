import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDateTime,
  formatDate,
  localDate,
  startOfLocalDay,
  addDays,
  parseLocalDate,
  isLocalDate,
  IANA_ZONE,
  ZONE_UTC_OFFSET_MINUTES,
  type IndonesianZone,
} from './time.js';

describe('formatDateTime', () => {
  const cases: Array<[string, IndonesianZone, 'id' | 'en', string]> = [
    ['2026-11-28T02:25:00Z', 'WITA', 'id', '28 Nov 2026, 10.25 WITA'],
    ['2026-11-28T02:25:00Z', 'WITA', 'en', '28 Nov 2026, 10:25 WITA'],
    ['2026-11-28T02:25:00Z', 'WIB', 'id', '28 Nov 2026, 09.25 WIB'],
    ['2026-11-28T02:25:00Z', 'WIT', 'en', '28 Nov 2026, 11:25 WIT'],
    ['2026-11-28T16:00:00Z', 'WIB', 'id', '28 Nov 2026, 23.00 WIB'],
    ['2026-11-28T16:00:00Z', 'WITA', 'id', '29 Nov 2026, 00.00 WITA'],
    ['2026-11-28T15:00:00Z', 'WIT', 'en', '29 Nov 2026, 00:00 WIT'],
    ['2026-12-31T17:00:00Z', 'WIB', 'id', '1 Jan 2027, 00.00 WIB'],
    ['2025-08-17T03:00:00Z', 'WIB', 'id', '17 Agu 2025, 10.00 WIB'],
    ['2025-08-17T03:00:00Z', 'WIB', 'en', '17 Aug 2025, 10:00 WIB'],
    ['2025-05-05T03:00:00Z', 'WITA', 'id', '5 Mei 2025, 11.00 WITA'],
    ['2025-10-05T03:00:00Z', 'WITA', 'id', '5 Okt 2025, 11.00 WITA'],
    ['2025-12-05T03:00:00Z', 'WIT', 'id', '5 Des 2025, 12.00 WIT'],
    ['2025-09-05T03:00:00Z', 'WIT', 'en', '5 Sep 2025, 12:00 WIT'],
  ];
  for (const [iso, zone, locale, expected] of cases) {
    test(`${iso} ${zone} ${locale} → ${expected}`, () => {
      assert.equal(formatDateTime(iso, zone, locale), expected);
      assert.equal(formatDateTime(new Date(iso), zone, locale), expected);
    });
  }

  test('throws on an invalid instant', () => {
    assert.throws(() => formatDateTime('not a date', 'WIB', 'id'), RangeError);
    assert.throws(() => formatDateTime(new Date(NaN), 'WIB', 'en'), RangeError);
  });

  test('throws on an unknown zone', () => {
    assert.throws(() => formatDateTime('2026-01-01T00:00:00Z', 'UTC' as IndonesianZone, 'id'), RangeError);
  });

  test('does not mutate the input date', () => {
    const d = new Date('2026-11-28T02:25:00Z');
    formatDateTime(d, 'WIT', 'id');
    assert.equal(d.toISOString(), '2026-11-28T02:25:00.000Z');
  });
});

describe('formatDate', () => {
  const idMonths = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  const enMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  test('28 November 2026 in both locales', () => {
    assert.equal(formatDate('2026-11-28T02:25:00Z', 'WITA', 'id'), '28 November 2026');
    assert.equal(formatDate('2026-11-28T02:25:00Z', 'WITA', 'en'), '28 November 2026');
  });
  for (let m = 1; m <= 12; m++) {
    const iso = `2026-${String(m).padStart(2, '0')}-15T05:00:00Z`;
    test(`month ${m}: ${idMonths[m - 1]} / ${enMonths[m - 1]}`, () => {
      assert.equal(formatDate(iso, 'WIB', 'id'), `15 ${idMonths[m - 1]} 2026`);
      assert.equal(formatDate(iso, 'WIB', 'en'), `15 ${enMonths[m - 1]} 2026`);
    });
  }
  test('the date follows the zone across local midnight', () => {
    assert.equal(formatDate('2026-11-28T16:30:00Z', 'WIB', 'id'), '28 November 2026');
    assert.equal(formatDate('2026-11-28T16:30:00Z', 'WITA', 'id'), '29 November 2026');
  });
});

describe('localDate', () => {
  const cases: Array<[string, IndonesianZone, string]> = [
    ['2026-11-28T15:59:59Z', 'WIB', '2026-11-28'], // 22:59:59 WIB
    ['2026-11-28T16:59:59Z', 'WIB', '2026-11-28'], // 23:59:59 WIB
    ['2026-11-28T17:00:00Z', 'WIB', '2026-11-29'], // 00:00 WIB
    ['2026-11-28T15:59:59Z', 'WITA', '2026-11-28'], // 23:59:59 WITA
    ['2026-11-28T16:00:00Z', 'WITA', '2026-11-29'], // 00:00 WITA
    ['2026-11-28T14:59:59Z', 'WIT', '2026-11-28'], // 23:59:59 WIT
    ['2026-11-28T15:00:00Z', 'WIT', '2026-11-29'], // 00:00 WIT
    ['2026-11-28T00:00:00Z', 'WIB', '2026-11-28'],
    ['2026-02-28T16:00:00Z', 'WITA', '2026-03-01'],
    ['2028-02-28T16:00:00Z', 'WITA', '2028-02-29'],
    ['2026-12-31T15:00:00Z', 'WIT', '2027-01-01'],
  ];
  for (const [iso, zone, expected] of cases) {
    test(`${iso} in ${zone} → ${expected}`, () => assert.equal(localDate(new Date(iso), zone), expected));
  }
});

describe('startOfLocalDay', () => {
  const cases: Array<[string, IndonesianZone, string]> = [
    ['2026-11-29', 'WIB', '2026-11-28T17:00:00.000Z'],
    ['2026-11-29', 'WITA', '2026-11-28T16:00:00.000Z'],
    ['2026-11-29', 'WIT', '2026-11-28T15:00:00.000Z'],
    ['2026-01-01', 'WIB', '2025-12-31T17:00:00.000Z'],
    ['2028-02-29', 'WITA', '2028-02-28T16:00:00.000Z'],
  ];
  for (const [day, zone, expected] of cases) {
    test(`${day} ${zone} → ${expected}`, () => assert.equal(startOfLocalDay(day, zone).toISOString(), expected));
  }

  test('round-trips with localDate, and one millisecond earlier is the previous day', () => {
    for (const zone of ['WIB', 'WITA', 'WIT'] as const) {
      const start = startOfLocalDay('2026-11-29', zone);
      assert.equal(localDate(start, zone), '2026-11-29');
      assert.equal(localDate(new Date(start.getTime() - 1), zone), '2026-11-28');
    }
  });

  test('rejects malformed or impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', '26-11-29', '2026-11-29T00:00', '']) {
      assert.throws(() => startOfLocalDay(bad, 'WIB'), RangeError, bad);
    }
  });
});

describe('addDays', () => {
  const cases: Array<[string, number, string]> = [
    ['2026-11-28', 1, '2026-11-29'],
    ['2026-11-28', 0, '2026-11-28'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2025-11-10', 29, '2025-12-09'], // a 30-day personal window: day 1 + 29
    ['2025-11-10', 15, '2025-11-25'],
    ['2026-03-01', -365, '2025-03-01'],
  ];
  for (const [day, n, expected] of cases) {
    test(`${day} ${n >= 0 ? '+' : ''}${n} → ${expected}`, () => assert.equal(addDays(day, n), expected));
  }
  test('rejects a non-integer n and invalid dates', () => {
    assert.throws(() => addDays('2026-11-28', 1.5), RangeError);
    assert.throws(() => addDays('2026-02-29', 1), RangeError);
  });
});

describe('parseLocalDate / isLocalDate', () => {
  test('parses valid dates and rejects invalid ones', () => {
    assert.deepEqual(parseLocalDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
    assert.equal(parseLocalDate('2100-02-29'), null);
    assert.equal(isLocalDate('2000-02-29'), true);
    assert.equal(isLocalDate('2026-04-31'), false);
  });
});

describe('zone constants', () => {
  test('offsets are +7/+8/+9 hours and agree with Intl for the IANA zone', () => {
    assert.deepEqual(ZONE_UTC_OFFSET_MINUTES, { WIB: 420, WITA: 480, WIT: 540 });
    const instant = new Date('2026-06-15T00:00:00Z');
    for (const zone of ['WIB', 'WITA', 'WIT'] as const) {
      const hour = new Intl.DateTimeFormat('en-US', { timeZone: IANA_ZONE[zone], hour: 'numeric', hourCycle: 'h23' }).format(instant);
      assert.equal(Number(hour), ZONE_UTC_OFFSET_MINUTES[zone] / 60);
    }
  });
});

describe('fixed-offset arithmetic agrees with Intl', () => {
  test('every zone, across a year of instants, including local midnights', async () => {
    const { localParts, localPartsViaIntl } = await import('./time.js');
    for (const zone of ['WIB', 'WITA', 'WIT'] as const) {
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3600_000 + 13 * 60_000) {
        assert.deepEqual(localParts(new Date(t), zone), localPartsViaIntl(new Date(t), zone), `${zone} ${new Date(t).toISOString()}`);
      }
    }
  });
});
