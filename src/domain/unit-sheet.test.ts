import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegionCode, parseUnitKind, parseUnitSheet, planUnitImport, type ScopeUnit } from './unit-sheet.js';

const sheet = (rows: string[][]) => parseUnitSheet(rows.map((cells, i) => ({ row: i + 1, cells })));
// A scope: NTT (id 10, below SETJEN id 2 outside the scope) with Kupang (11) and Sikka (12).
const scope: ScopeUnit[] = [
  { id: 10, code: '53', name: 'KPU Provinsi NTT', kind: 'province', regionCode: '53', parentId: 2, agencyId: 1, depth: 2 },
  { id: 11, code: '5371', name: 'KPU Kota Kupang', kind: 'regency', regionCode: '5371', parentId: 10, agencyId: 1, depth: 3 },
  { id: 12, code: '5310', name: 'KPU Kabupaten Sikka', kind: 'regency', regionCode: '5310', parentId: 10, agencyId: 1, depth: 3 },
];
const plan = (rows: string[][], outside: { code: string; agencyId: number }[] = [], canCreateAgencies = false) => {
  const s = sheet([['kode', 'nama', 'kode induk', 'jenis', 'kode wilayah'], ...rows]);
  const p = planUnitImport({ drafts: s.drafts, fileCodes: s.fileCodes, scope, outside, canCreateAgencies });
  return { ...p, problems: [...s.problems, ...p.problems].sort((a, b) => a.row - b.row) };
};

test('kinds and region codes: English or Indonesian, any case; Kemendagri codes normalised', () => {
  assert.equal(parseUnitKind('Provinsi'), 'province');
  assert.equal(parseUnitKind('kabupaten/kota'), 'regency');
  assert.equal(parseUnitKind(' AGENCY '), 'agency');
  assert.equal(parseUnitKind('kantor'), null);
  assert.equal(parseRegionCode('53.71'), '5371');
  assert.equal(parseRegionCode(''), undefined);
  assert.equal(parseRegionCode('99'), null);
});

test('Indonesian headers; a parent later in the file; creates ordered parents first with depths', () => {
  const p = plan([
    ['5310-B1', 'Bagian Umum', '5310-B', 'unit', ''],
    ['5310-B', 'Sekretariat', '5310', 'sekretariat', ''],
  ]);
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.creates.map((c) => [c.code, c.depth, c.parent]), [['5310-B', 4, { id: 12 }], ['5310-B1', 5, { code: '5310-B' }]]);
  assert.deepEqual(p.totals, { new: 2, updated: 0, moved: 0, unchanged: 0 });
});

test('existing codes: unchanged, renamed, moved; a blank parent keeps the place; the scope root has no parent to name', () => {
  const p = plan([
    ['53', 'KPU Provinsi NTT', '', 'province', '53'],
    ['5371', 'KPU Kota Kupang', '53', 'regency', '5371'],
    ['5310', 'KPU Kabupaten Sikka (Maumere)', '5371', 'regency', '5310'],
  ]);
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.totals, { new: 0, updated: 1, moved: 1, unchanged: 2 });
  assert.deepEqual(p.updates.map((u) => [u.id, u.moveTo, u.depth]), [[12, { id: 11 }, 4]]);
});

test('bad rows: unknown parent, outside the scope, cycles (not the rows below them), duplicates, taken codes, roots', () => {
  const p = plan(
    [
      ['A', 'A', 'NOPE', 'unit', ''],
      ['B', 'B', 'SETJEN', 'unit', ''],
      ['C', 'C', 'D', 'unit', ''],
      ['D', 'D', 'C', 'unit', ''],
      ['E', 'E', 'C', 'unit', ''],
      ['5371', 'Kupang', '5371-X', 'regency', ''],
      ['5371-X', 'X', '5371', 'unit', ''],
      ['F', 'F', '53', 'unit', ''],
      ['F', 'F', '53', 'unit', ''],
      ['35', 'Jatim', '53', 'province', ''],
      ['G', 'G', '', 'agency', ''],
      ['H', 'H', 'F', 'unit', ''],
    ],
    [{ code: 'SETJEN', agencyId: 1 }, { code: '35', agencyId: 1 }],
  );
  const codes = p.problems.map((x) => `${x.row}:${x.code}`);
  assert.deepEqual(codes, ['2:parent_unknown', '3:parent_outside_scope', '4:cycle', '5:cycle', '7:cycle', '8:cycle', '9:duplicate_code', '10:duplicate_code', '11:code_taken', '12:parent_required']);
  // A platform admin may create an agency (a root); its code is checked against the other roots only.
  assert.deepEqual(plan([['G', 'Instansi G', '', 'agency', ''], ['G1', 'G1', 'G', 'unit', '']], [], true).creates.map((c) => [c.code, c.depth, c.parent]), [['G', 0, null], ['G1', 1, { code: 'G' }]]);
});
