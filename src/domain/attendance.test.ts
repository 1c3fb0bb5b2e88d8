import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attendedMinutes,
  groupReportRows,
  matchAttendance,
  mergeSegments,
  nipInDisplayName,
  normalisePersonName,
  type CohortMember,
  type Segment,
} from './attendance.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseZoomReport, type ZoomParticipantRow } from './zoom-report.js';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
/** A segment from minute a to minute b after T0 (seconds allowed as fractions). */
const seg = (a: number, b: number): Segment => ({ start: new Date(T0 + a * 60_000), end: new Date(T0 + b * 60_000) });
const show = (segs: Segment[]) => segs.map((s) => `${(s.start.getTime() - T0) / 60_000}-${(s.end.getTime() - T0) / 60_000}`);

const MERGE_CASES: [string, Segment[], string[]][] = [
  ['empty', [], []],
  ['one', [seg(0, 10)], ['0-10']],
  ['disjoint, unsorted', [seg(20, 30), seg(0, 10)], ['0-10', '20-30']],
  ['overlapping', [seg(0, 10), seg(5, 15)], ['0-15']],
  ['touching', [seg(0, 10), seg(10, 20)], ['0-20']],
  ['contained', [seg(0, 60), seg(10, 20), seg(30, 40)], ['0-60']],
  ['chain', [seg(0, 10), seg(9, 20), seg(19, 30), seg(40, 41)], ['0-30', '40-41']],
  ['duplicates', [seg(0, 10), seg(0, 10)], ['0-10']],
  ['zero-length kept', [seg(5, 5)], ['5-5']],
  ['reversed dropped', [seg(10, 5), seg(0, 1)], ['0-1']],
];

test('mergeSegments: sorted, overlapping and touching merged', () => {
  for (const [label, input, expected] of MERGE_CASES) assert.deepEqual(show(mergeSegments(input)), expected, label);
});

const MINUTES_CASES: [string, Segment[], Segment | undefined, number][] = [
  ['nothing', [], undefined, 0],
  ['one hour', [seg(0, 60)], undefined, 60],
  ['overlap not counted twice', [seg(0, 60), seg(30, 90)], undefined, 90],
  ['two devices at once', [seg(0, 60), seg(0, 60), seg(10, 20)], undefined, 60],
  ['gaps', [seg(0, 10), seg(20, 30)], undefined, 20],
  ['floor of seconds', [seg(0, 59.99)], undefined, 59],
  ['seconds add up across segments', [seg(0, 0.5), seg(1, 1.5)], undefined, 1],
  ['clipped to the window', [seg(-15, 30), seg(170, 200)], seg(0, 180), 40],
  ['entirely outside the window', [seg(-30, -1), seg(181, 200)], seg(0, 180), 0],
  ['window inside a segment', [seg(-10, 300)], seg(0, 180), 180],
];

test('attendedMinutes: merged, optionally clipped, whole minutes', () => {
  for (const [label, segs, window, expected] of MINUTES_CASES) assert.equal(attendedMinutes(segs, window), expected, label);
});

const NAME_CASES: [string, string][] = [
  ['Yohanes Bria', 'yohanes bria'],
  ['  YOHANES   BRIA ', 'yohanes bria'],
  ['Maria Goreti Seran, S.Pd.', 'maria goreti seran'],
  ['Maria Goreti Seran, S.Pd., M.Si.', 'maria goreti seran'],
  ['Maria Goreti Seran (KPU Kab. Kupang)', 'maria goreti seran'],
  ['Dr. Stefanus Nahak M.Si', 'stefanus nahak'],
  ['dr Stefanus Nahak', 'stefanus nahak'],
  ['Drs. H. Ahmad Yani, S.H., M.H.', 'ahmad yani'],
  ['Ir. Benediktus Lake S.T. M.T.', 'benediktus lake'],
  ['Ni Luh Putu Ayu Wéndra', 'ni luh putu ayu wendra'],
  ['Sébastião da Costa Ximenes', 'sebastiao da costa ximenes'],
  ["Ma'ruf Amin", 'maruf amin'],
  ['Anak Agung Gde-Putra', 'anak agung gde putra'],
  ['199001012024211001 - Yohanes Bria', 'yohanes bria'],
  ['NIP. 1990 0101 2024 21 1 001 | Yohanes Bria (iPhone)', 'yohanes bria'],
  ['Yohanes Bria_1990.0101.2024.21.1.001', 'yohanes bria'],
  ['NI PPPK 199001012024211001 Ni Luh Ayu', 'ni luh ayu'],
  ['A.Ndoen', 'a ndoen'],
  ['Sehat Siregar', 'sehat siregar'], // "se" is a title only with a dot
  ['Ma Ling', 'ma ling'],
  ['iPhone', 'iphone'],
  ['(Tanpa nama)', ''],
  ['199001012024211001', ''],
];

test('normalisePersonName: case, diacritics, punctuation, titles, units and numbers removed', () => {
  for (const [input, expected] of NAME_CASES) assert.equal(normalisePersonName(input), expected, input);
});

const NIP_CASES: [string, string | null][] = [
  ['199001012024211001 - Yohanes Bria', '199001012024211001'],
  ['Yohanes Bria - 199001012024211001', '199001012024211001'],
  ['1990 0101 2024 21 1 001 - Yohanes Bria', '199001012024211001'],
  ['19900101.20242.1.001 Yohanes', null], // 17 digits
  ['1990.0101.2024.21.1.001_Yohanes', '199001012024211001'],
  ['NIP 198704122010011003 Theresia', '198704122010011003'],
  ['199013012024211001 - Salah Tanggal', null], // month 13
  ['1234567890 - Telepon 081234567890', null],
  ['Yohanes Bria', null],
  ['1990010120242110012 terlalu panjang', null],
];

test('nipInDisplayName: valid 18-digit NIP / NI PPPK with separators tolerated', () => {
  for (const [input, expected] of NIP_CASES) assert.equal(nipInDisplayName(input), expected, input);
});

let nextLine = 2;
const row = (name: string, email: string | null, a: number, b: number): ZoomParticipantRow => ({
  line: nextLine++,
  name,
  email,
  joinAt: new Date(T0 + a * 60_000),
  leaveAt: new Date(T0 + b * 60_000),
  durationMinutes: Math.ceil(b - a),
  guest: email === null,
});

test('groupReportRows: by email (any case), by NIP, by name; email-less rows join the one emailed person of that name', () => {
  nextLine = 2;
  const groups = groupReportRows([
    row('Yohanes Bria', 'Yohanes.Bria@KupangKab.go.id', 0, 60),
    row('Yohanes Bria (Galaxy A12)', null, 50, 120),
    row('yohanes bria', 'yohanes.bria@kupangkab.go.id', 100, 130),
    row('199001012024211001 - Agustina Ndoen', null, 0, 30),
    row('1990 0101 2024 21 1 001 - Agustina N.', null, 40, 50),
    row('Budi Santoso', 'budi1@x.id', 0, 10),
    row('Budi Santoso', 'budi2@x.id', 0, 10),
    row('Budi Santoso', null, 20, 30), // two emailed Budis: stays on its own
    row('iPhone', null, 0, 5),
  ]);
  assert.deepEqual(
    groups.map((g) => `${g.key}|${g.email}|${g.lines.join(',')}|${show(g.segments).join(',')}`),
    [
      'yohanes.bria@kupangkab.go.id|Yohanes.Bria@KupangKab.go.id|2,3,4|0-130',
      'nip:199001012024211001|null|5,6|0-30,40-50',
      'budi1@x.id|budi1@x.id|7|0-10',
      'budi2@x.id|budi2@x.id|8|0-10',
      'name:budi santoso|null|9|20-30',
      'name:iphone|null|10|0-5',
    ],
  );
  assert.deepEqual(groups[0]!.displayNames, ['Yohanes Bria', 'Yohanes Bria (Galaxy A12)', 'yohanes bria']);
});

const COHORT: CohortMember[] = [
  { enrolmentId: 11, userId: 101, name: 'Yohanes Bria, S.Pd.', email: 'yohanes.bria@kupangkab.go.id', nips: ['199001012024211001'] },
  { enrolmentId: 12, userId: 102, name: 'Maria Goreti Seran', email: 'maria.seran@kpu.go.id', nips: ['1995 0107 2022 21 2 016'] },
  { enrolmentId: 13, userId: 103, name: 'Agustina Ndoen', email: null, nips: ['198704122010011003'] },
  { enrolmentId: 14, userId: 104, name: 'Budi Santoso', email: null, nips: [] },
  { enrolmentId: 15, userId: 105, name: 'Budi Santoso, S.E.', email: 'budi.s@x.id', nips: [] },
  { enrolmentId: 16, userId: 106, name: 'Ni Luh Putu Ayu Wendra', email: null, nips: [] },
];

// Table: the rows of one report person (alone in the report) → expected outcome.
const MATCH_CASES: [string, ZoomParticipantRow[], string][] = [
  ['email, any case', [row('Nama Lain', 'YOHANES.BRIA@kupangkab.go.id', 0, 60)], 'matched:11:email:60'],
  ['email outside the cohort falls back to the NIP', [row('199501072022212016 - Maria', 'maria@gmail.com', 0, 30)], 'matched:12:nip:30'],
  ['NIP with separators', [row('1987 0412 2010 01 1 003 - Agustina', null, 0, 45)], 'matched:13:nip:45'],
  ['name with diacritics and a unit', [row('Ni Luh Putu Ayu Wéndra (BKD NTT)', null, 0, 20)], 'matched:16:name:20'],
  ['name with a title', [row('Dr. Agustina Ndoen, M.Si', null, 0, 20)], 'matched:13:name:20'],
  ['name shared by two members → ambiguous', [row('BUDI SANTOSO', null, 0, 20)], 'ambiguous:14,15'],
  ['unknown NIP and name → unmatched', [row('199203032020121002 - Orang Lain', null, 0, 20)], 'unmatched'],
  ['a device name → unmatched', [row('Galaxy A12', null, 0, 20)], 'unmatched'],
];

test('matchAttendance: email, then NIP in the display name, then normalised name', () => {
  for (const [label, rows, expected] of MATCH_CASES) {
    const m = matchAttendance(rows, COHORT);
    const got = m.matched.length
      ? `matched:${m.matched[0]!.enrolmentId}:${m.matched[0]!.source}:${attendedMinutes(m.matched[0]!.segments)}`
      : m.ambiguous.length
        ? `ambiguous:${m.ambiguous[0]!.candidates.join(',')}`
        : 'unmatched';
    assert.equal(got, expected, label);
    assert.equal(m.matched.length + m.ambiguous.length + m.unmatched.length, 1, label);
  }
});

test('two report people resolving to one enrolment are merged without double counting', () => {
  nextLine = 2;
  const rows = [
    row('Yohanes Bria', 'yohanes.bria@kupangkab.go.id', 0, 60), // email
    row('199001012024211001 - Yohanes (HP)', null, 30, 90), // NIP, overlaps 30 minutes
    row('Yohanes Bria, S.Pd.', 'yohanes@gmail.com', 120, 130), // other email, same name → name
    row('Maria Goreti Seran', null, 0, 10),
  ];
  const m = matchAttendance(rows, COHORT);
  assert.deepEqual(m.unmatched, []);
  assert.deepEqual(m.ambiguous, []);
  assert.equal(m.matched.length, 2);
  const y = m.matched.find((p) => p.enrolmentId === 11)!;
  assert.equal(y.source, 'email');
  assert.equal(y.key, 'yohanes.bria@kupangkab.go.id');
  assert.deepEqual(y.lines, [2, 3, 4]);
  assert.deepEqual(show(y.segments), ['0-90', '120-130']);
  assert.equal(attendedMinutes(y.segments), 100);
  assert.equal(m.matched.find((p) => p.enrolmentId === 12)!.source, 'name');
});

test('email-less rows do not join an emailed person whose name several members share', () => {
  nextLine = 2;
  const m = matchAttendance([row('Budi Santoso', 'budi.s@x.id', 0, 60), row('Budi Santoso', null, 0, 30)], COHORT);
  assert.deepEqual(m.matched.map((p) => `${p.enrolmentId}:${p.source}:${p.lines.join(',')}`), ['15:email:2']);
  assert.deepEqual(m.ambiguous.map((p) => `${p.key}:${p.candidates.join(',')}:${p.lines.join(',')}`), ['name:budi santoso:14,15:3']);
  // Without a cohort saying the name is shared, the rows are one person.
  assert.equal(groupReportRows([row('Budi Santoso', 'budi.s@x.id', 0, 60), row('Budi Santoso', null, 0, 30)]).length, 1);
});

test('an NIP registered to two members is ambiguous; no rows, no members', () => {
  nextLine = 2;
  const twins: CohortMember[] = [
    { enrolmentId: 1, userId: 1, name: 'A', email: null, nips: ['199001012024211001'] },
    { enrolmentId: 2, userId: 2, name: 'B', email: null, nips: ['199001012024211001'] },
  ];
  const m = matchAttendance([row('199001012024211001 - A', null, 0, 5)], twins);
  assert.deepEqual(m.ambiguous.map((a) => a.candidates), [[1, 2]]);
  assert.deepEqual(matchAttendance([], COHORT), { matched: [], unmatched: [], ambiguous: [] });
  assert.equal(matchAttendance([row('Yohanes Bria', null, 0, 5)], []).unmatched.length, 1);
});

test('the plain fixture end to end: rows of one person merged across email, NIP and a unit suffix', () => {
  const file = readFileSync(path.join(process.env.LENTERA_ROOT ?? process.cwd(), 'test/fixtures/zoom/plain-24h.csv'));
  const report = parseZoomReport(file, { zone: 'WITA' });
  const m = matchAttendance(report.rows, COHORT);
  const window = { start: new Date('2026-11-28T00:00:00Z'), end: new Date('2026-11-28T03:00:00Z') }; // 08.00–11.00 WITA
  assert.deepEqual(
    m.matched.map((p) => `${p.enrolmentId}:${p.source}:${p.lines.join(',')}:${attendedMinutes(p.segments)}:${attendedMinutes(p.segments, window)}`),
    ['11:email:2,3:186:179', '12:email:4,5:179:179', '16:name:6:40:0'],
  );
  assert.deepEqual(m.unmatched.map((p) => `${p.key}:${p.lines.join(',')}`), ['stefanus.nahak@ntt.go.id:7']);
  assert.deepEqual(m.ambiguous, []);
});
