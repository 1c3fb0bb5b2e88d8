import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completionRate, daysBehind, emptyCounts, exclusiveStatus, normaliseIndonesianPhone, stackedBarChart, todayByZone, whatsAppLink } from './monitoring.js';

describe('monitoring rules', () => {
  test('Indonesian phone numbers normalised for WhatsApp (table)', () => {
    const cases: [string | null, string | null][] = [
      ['081234567001', '6281234567001'],
      ['0812-3456-7001', '6281234567001'],
      ['0812 3456 7001', '6281234567001'],
      ['+6281234567001', '6281234567001'],
      ['+62 812 3456 7001', '6281234567001'],
      ['+62 (0)812 3456 7001', '6281234567001'],
      ['6281234567001', '6281234567001'],
      ['006281234567001', '6281234567001'],
      ['81234567001', '6281234567001'],
      ['(0380) 821234', '62380821234'],
      ['0812.3456.7001', '6281234567001'],
      ['+65 9123 4567', null],
      ['+1 202 555 0100', null],
      ['0812', null],
      ['08123456789012345', null],
      ['nomor saya 0812', null],
      ['', null],
      [null, null],
    ];
    for (const [input, expected] of cases) assert.equal(normaliseIndonesianPhone(input), expected, String(input));
  });

  test('WhatsApp link: wa.me with the number and the URL-encoded message', () => {
    assert.equal(whatsAppLink('0812-3456-7001', 'Halo Ani & Budi: 100% ya?'), 'https://wa.me/6281234567001?text=Halo%20Ani%20%26%20Budi%3A%20100%25%20ya%3F');
    assert.equal(whatsAppLink('', 'x'), null);
    assert.equal(whatsAppLink('+44 20 7946 0000', 'x'), null);
  });

  test('today per zone and the exclusive status (behind = in progress, due before today in the zone)', () => {
    // 23:30 WIB on 27 November = 00:30 WITA and 01:30 WIT on 28 November.
    const today = todayByZone(new Date('2026-11-27T16:30:00Z'));
    assert.deepEqual(today, { WIB: '2026-11-27', WITA: '2026-11-28', WIT: '2026-11-28' });
    assert.equal(exclusiveStatus({ state: 'in_progress', due_on: '2026-11-27', zone: 'WITA' }, today), 'behind');
    assert.equal(exclusiveStatus({ state: 'in_progress', due_on: '2026-11-27', zone: 'WIB' }, today), 'in_progress');
    assert.equal(exclusiveStatus({ state: 'in_progress', due_on: '2026-11-27', zone: null }, today), 'in_progress');
    assert.equal(exclusiveStatus({ state: 'in_progress', due_on: null, zone: 'WIT' }, today), 'in_progress');
    assert.equal(exclusiveStatus({ state: 'failed', due_on: '2026-11-01', zone: 'WIT' }, today), 'failed');
    assert.equal(exclusiveStatus({ state: 'certified', due_on: null, zone: 'WIT' }, today), 'certified');
    assert.equal(exclusiveStatus({ state: 'never_signed_in', due_on: '2026-11-01', zone: 'WIT' }, today), 'never_signed_in');
    assert.equal(daysBehind('2026-11-20', 'WITA', today), 8);
    assert.equal(daysBehind(null, 'WITA', today), 0);
  });

  test('completion rate: (passed + certified) / participants, one decimal', () => {
    assert.equal(completionRate(emptyCounts()), null);
    assert.equal(completionRate({ ...emptyCounts(), passed: 1, certified: 1, behind: 7 }), 22.2);
    assert.equal(completionRate({ ...emptyCounts(), passed: 3 }), 100);
  });

  test('stacked bar geometry: segments fill each bar exactly, in status order, zero counts left out', () => {
    const g = stackedBarChart([
      { key: 'a', label: 'A', counts: { ...emptyCounts(), never_signed_in: 1, behind: 1, passed: 1 } },
      { key: 'b', label: 'B', counts: emptyCounts() },
    ], { width: 600, labelWidth: 200 });
    assert.equal(g.plotWidth, 340);
    const [a, b] = g.bars;
    assert.deepEqual(a!.segments.map((s) => s.status), ['never_signed_in', 'behind', 'passed']);
    assert.equal(a!.segments[0]!.x, 200);
    const last = a!.segments[2]!;
    assert.ok(Math.abs(last.x + last.width - 540) < 0.011);
    assert.ok(Math.abs(a!.segments.reduce((s, x) => s + x.width, 0) - 340) < 0.03);
    assert.equal(b!.segments.length, 0);
    assert.equal(b!.total, 0);
    assert.ok(b!.y > a!.y);
    assert.deepEqual(g.ticks.map((t) => t.percent), [0, 25, 50, 75, 100]);
    assert.equal(g.legend.length, 6);
    assert.ok(g.height > g.legend[5]!.y);
  });
});
