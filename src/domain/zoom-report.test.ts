import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseZoomReport, type ZoomReportParse } from './zoom-report.js';

const root = process.env.LENTERA_ROOT ?? process.cwd();
const fixture = (name: string): Buffer => readFileSync(path.join(root, 'test/fixtures/zoom', name));
const iso = (d: Date | undefined): string | undefined => d?.toISOString();
const summary = (p: ZoomReportParse) => p.rows.map((r) => `${r.line}|${r.name}|${r.email ?? '-'}|${iso(r.joinAt)}|${iso(r.leaveAt)}|${r.durationMinutes}|${r.guest}`);

test('plain participant table, 24-hour clock, WITA wall clock → UTC', () => {
  const p = parseZoomReport(fixture('plain-24h.csv'), { zone: 'WITA' });
  assert.deepEqual(p.errors, []);
  assert.deepEqual(p.meta, {});
  assert.deepEqual(summary(p), [
    '2|Yohanes Bria|yohanes.bria@kupangkab.go.id|2026-11-27T23:55:12.000Z|2026-11-28T01:30:40.000Z|96|false',
    '3|199001012024211001 - Yohanes Bria (Galaxy A12)|-|2026-11-28T01:31:05.000Z|2026-11-28T03:02:00.000Z|91|true',
    '4|Maria Goreti Seran, S.Pd.|maria.seran@kpu.go.id|2026-11-28T00:01:00.000Z|2026-11-28T02:59:59.000Z|179|false',
    '5|Maria Goreti Seran (KPU Kab. Kupang)|-|2026-11-28T02:30:00.000Z|2026-11-28T03:00:00.000Z|30|true',
    '6|Ni Luh Putu Ayu Wéndra|-|2026-11-28T05:05:00.000Z|2026-11-28T05:45:30.000Z|41|true',
    '7|Dr. Stefanus "Stef" Nahak, M.Si|stefanus.nahak@ntt.go.id|2026-11-28T00:00:00.000Z|2026-11-28T00:00:00.000Z|1|false',
  ]);
});

test('"with meeting summary" layout, 12-hour clock, BOM and CRLF', () => {
  const p = parseZoomReport(fixture('summary-12h-bom.csv'), { zone: 'WITA' });
  assert.deepEqual(p.errors, []);
  assert.equal(p.meta.meetingId, '891 2345 6789');
  assert.equal(p.meta.topic, 'Orientasi PPPK 2026: Pembukaan; Pola Pikir & Platform');
  assert.equal(iso(p.meta.startAt), '2026-11-27T23:45:03.000Z');
  assert.equal(iso(p.meta.endAt), '2026-11-28T03:05:47.000Z');
  assert.equal(p.meta.participantsReported, 4);
  assert.deepEqual(summary(p), [
    '5|Penyelenggara Lentera|penyelenggara@lentera.test|2026-11-27T23:45:03.000Z|2026-11-28T03:05:47.000Z|201|false',
    '6|1990 0101 2024 21 1 001 - Yohanes Bria|-|2026-11-27T23:58:00.000Z|2026-11-28T01:10:30.000Z|73|true',
    '7|1990 0101 2024 21 1 001 - Yohanes Bria|-|2026-11-28T01:05:00.000Z|2026-11-28T04:00:00.000Z|175|true',
    '8|Agustina Ndoen|agustina.ndoen@gmail.com|2026-11-28T04:30:00.000Z|2026-11-28T05:15:00.000Z|45|false',
    '9|Sébastião da Costa Ximenes|-|2026-11-28T00:10:00.000Z|2026-11-28T02:40:00.000Z|150|true',
  ]);
  // The same bytes read as a string give the same result.
  assert.deepEqual(summary(parseZoomReport(fixture('summary-12h-bom.csv').toString('utf8'), { zone: 'WITA' })), summary(p));
});

test('Excel re-saved in an Indonesian locale: semicolons, DD/MM/YYYY, HH.mm', () => {
  const p = parseZoomReport(fixture('excel-id-semicolon.csv'), { zone: 'WIB' });
  assert.deepEqual(p.errors, []);
  assert.deepEqual(summary(p), [
    '2|Yohanes Bria|yohanes.bria@kupangkab.go.id|2026-11-28T00:55:00.000Z|2026-11-28T02:30:00.000Z|96|false',
    '3|Maria Goreti Seran (KPU Kab. Kupang)|-|2026-11-28T01:01:00.000Z|2026-11-28T04:00:00.000Z|179|true',
    '4|Benediktus Lake; S.Sos|-|2026-11-28T01:15:00.000Z|2026-11-28T01:45:00.000Z|30|true',
  ]);
});

test('other header spellings and ISO times without seconds; zones differ by whole hours', () => {
  const wit = parseZoomReport(fixture('iso-participant.csv'), { zone: 'WIT' });
  assert.deepEqual(wit.errors, []);
  assert.deepEqual(summary(wit), [
    '2|Theresia Bano|theresia.bano@kupangkab.go.id|2026-11-27T23:00:00.000Z|2026-11-28T00:00:00.000Z|60|null',
    '3|Theresia Bano|theresia.bano@kupangkab.go.id|2026-11-27T23:30:00.000Z|2026-11-28T01:00:00.000Z|90|null',
  ]);
  const wib = parseZoomReport(fixture('iso-participant.csv'), { zone: 'WIB' });
  assert.equal(wib.rows[0]!.joinAt.getTime() - wit.rows[0]!.joinAt.getTime(), 2 * 3_600_000);
});

test('bad rows are reported with their line and the others are kept', () => {
  const p = parseZoomReport(fixture('bad-rows.csv'), { zone: 'WITA' });
  assert.deepEqual(
    p.errors.map((e) => `${e.line}:${e.code}`),
    ['3:bad_time', '5:empty_name', '6:leave_before_join', '7:bad_time', '8:bad_time'],
  );
  assert.equal(p.errors[0]!.detail, 'kemarin');
  assert.deepEqual(p.rows.map((r) => `${r.line}:${r.name}`), ['2:Yohanes Bria', '9:Theresia Bano']);
});

test('a file without a participant header is not a Zoom report; a header without Leave Time misses a column', () => {
  for (const input of [fixture('not-a-report.csv'), '', '\uFEFF', 'just some text\nand more', Buffer.from([0xff, 0xfe, 0x00, 0x41])]) {
    const p = parseZoomReport(input, { zone: 'WIB' });
    assert.deepEqual(p.errors, [{ line: 1, code: 'not_a_zoom_report' }]);
    assert.deepEqual(p.rows, []);
  }
  const m = parseZoomReport(fixture('missing-leave.csv'), { zone: 'WIB' });
  assert.deepEqual(m.errors, [{ line: 1, code: 'missing_column', detail: 'Leave Time' }]);
  assert.deepEqual(m.rows, []);
});

// Table: one time cell in, the UTC instant (zone WIB, UTC+7) or null (bad_time) out.
const TIME_CASES: [string, string | null][] = [
  ['11/28/2026 08:05:09 AM', '2026-11-28T01:05:09.000Z'],
  ['11/28/2026 12:00:00 AM', '2026-11-27T17:00:00.000Z'], // midnight
  ['11/28/2026 12:30:00 PM', '2026-11-28T05:30:00.000Z'], // half past noon
  ['11/28/2026 11:59 PM', '2026-11-28T16:59:00.000Z'],
  ['11/28/2026 8:05:09 am', '2026-11-28T01:05:09.000Z'],
  ['11/28/2026 08:05:09', '2026-11-28T01:05:09.000Z'],
  ['11/28/2026 23:05', '2026-11-28T16:05:00.000Z'],
  ['1/2/2026 23:05', '2026-01-02T16:05:00.000Z'], // month first (Zoom) when nothing proves otherwise
  ['2026-11-28 08:05:09', '2026-11-28T01:05:09.000Z'],
  ['2026-11-28T08:05', '2026-11-28T01:05:00.000Z'],
  ['2026-01-01 03:00:00', '2025-12-31T20:00:00.000Z'], // crosses the year in UTC
  ['02/29/2028 10:00', '2028-02-29T03:00:00.000Z'],
  ['02/29/2026 10:00', null],
  ['11/28/2026 13:00 PM', null],
  ['11/28/2026 24:00', null],
  ['11/28/2026 08:60', null],
  ['Nov 28, 2026 08:05:09 AM', '2026-11-28T01:05:09.000Z'],
  ['Dec 1, 2026 01:00 PM', '2026-12-01T06:00:00.000Z'],
  ['28 Nov 2026 08.05', '2026-11-28T01:05:00.000Z'],
  ['1 Agu 2026 20.00.00', '2026-08-01T13:00:00.000Z'],
  ['Foo 28, 2026 08:05', null],
  ['28-11-26 08:00', null],
  ['', null],
  ['--', null],
];

test('time cells: 12- and 24-hour, with or without seconds, ISO; impossible values refused', () => {
  for (const [cell, expected] of TIME_CASES) {
    const csv = `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\nA,,"${cell}","${cell}",1,No\n`;
    const p = parseZoomReport(csv, { zone: 'WIB' });
    if (expected === null) assert.deepEqual(p.errors.map((e) => e.code), ['bad_time'], cell);
    else assert.equal(iso(p.rows[0]?.joinAt), expected, cell);
  }
});

test('encodings: UTF-16 (Excel "Unicode Text", tab-separated) and Windows-1252 (Excel "CSV")', () => {
  const tsv = 'Name (Original Name)\tUser Email\tJoin Time\tLeave Time\r\nSébastião Ximenes\t\t11/28/2026 08:00:00 AM\t11/28/2026 09:00:00 AM\r\n';
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
  const a = parseZoomReport(utf16, { zone: 'WIB' });
  assert.deepEqual(a.errors, []);
  assert.deepEqual(a.rows.map((r) => `${r.name}|${r.joinAt.toISOString()}`), ['Sébastião Ximenes|2026-11-28T01:00:00.000Z']);
  const cp1252 = Buffer.from('Name;Email;Join Time;Leave Time\r\nNi Luh Wéndra;;28/11/2026 08.00;28/11/2026 09.00\r\n', 'latin1');
  const b = parseZoomReport(cp1252, { zone: 'WIB' });
  assert.deepEqual(b.errors, []);
  assert.deepEqual(b.rows.map((r) => r.name), ['Ni Luh Wéndra']);
});

test('slash dates are read day-first when a day above 12 proves it', () => {
  const csv = 'Name,Email,Join Time,Leave Time\nA,,01/12/2026 08:00,01/12/2026 09:00\nB,,28/11/2026 08:00,28/11/2026 09:00\n';
  const p = parseZoomReport(csv, { zone: 'WIB' });
  assert.deepEqual(p.rows.map((r) => iso(r.joinAt)), ['2026-12-01T01:00:00.000Z', '2026-11-28T01:00:00.000Z']);
});

test('quoted fields with separators, quotes and line breaks keep the line numbers right', () => {
  const csv = 'Name (Original Name),User Email,Join Time,Leave Time\r\n"Seran, Maria ""Ety""",,2026-11-28 08:00,2026-11-28 09:00\r\n"Dua\r\nBaris",,2026-11-28 08:00,2026-11-28 09:00\r\nC,c@x.id,2026-11-28 08:00,2026-11-28 09:00\r\n';
  const p = parseZoomReport(csv, { zone: 'WIB' });
  assert.deepEqual(p.rows.map((r) => `${r.line}:${r.name}`), ['2:Seran, Maria "Ety"', '3:Dua Baris', '5:C']);
});

test('webinar report sections: every participant table is read, section titles are skipped', () => {
  const csv = [
    'Attendee Report',
    'Report Generated:,"11/28/2026 12:00 PM"',
    'Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),Unique Viewers',
    'Pembukaan,912 3456 7890,11/28/2026 08:00:00 AM,180,2',
    'Host Details',
    'Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name',
    'Yes,Penyelenggara,host@lentera.test,11/28/2026 07:50:00 AM,11/28/2026 11:00:00 AM,190,Indonesia',
    'Attendee Details',
    'Attended,User Name (Original Name),First Name,Last Name,Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name',
    'Yes,Agustina Ndoen,Agustina,Ndoen,agustina@x.id,11/28/2026 08:00:00 AM,11/28/2026 09:00:00 AM,60,Indonesia',
    'No,Tidak Datang,Tidak,Datang,absen@x.id,--,--,--,Indonesia',
    'Panelist Details,,,,,,,,',
    'User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes)',
    'Dr. Narasumber LAN,narasumber@lan.go.id,11/28/2026 08:30:00 AM,11/28/2026 10:00:00 AM,90',
    'Other Attended Details',
    'Yohanes Bria',
  ].join('\n');
  const p = parseZoomReport(csv, { zone: 'WITA' });
  // A row with only a name is a data row with no times.
  assert.deepEqual(p.errors, [{ line: 16, code: 'bad_time', detail: '' }]);
  assert.equal(p.meta.meetingId, '912 3456 7890');
  assert.equal(p.meta.participantsReported, 2);
  assert.deepEqual(p.rows.map((r) => `${r.line}:${r.name}:${r.email}:${r.durationMinutes}`), ['7:Penyelenggara:host@lentera.test:190', '10:Agustina Ndoen:agustina@x.id:60', '14:Dr. Narasumber LAN:narasumber@lan.go.id:90']);
});
