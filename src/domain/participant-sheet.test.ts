import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnOfHeader, maskNik, normalizeNik, normalizePhone, parseParticipantSheet } from './participant-sheet.js';

test('phones are normalised to the local form; junk is refused', () => {
  assert.equal(normalizePhone('+62 812-3456-7890'), '081234567890');
  assert.equal(normalizePhone('6281234567890'), '081234567890');
  assert.equal(normalizePhone('81234567890'), '081234567890');
  assert.equal(normalizePhone('(0380) 821 234'), '0380821234');
  assert.equal(normalizePhone('12345'), null);
  assert.equal(normalizePhone('+1 202 555 0100'), null);
  assert.equal(normalizePhone('0812abc'), null);
});

test('NIK: 16 digits, masked to the first and last four', () => {
  assert.equal(normalizeNik('5371.0101.0190.0003'), '5371010101900003');
  assert.equal(normalizeNik('537101010190000'), null);
  assert.equal(maskNik('5371010101900003'), '5371••••••••0003');
});

test('headers in Indonesian or English, any case and spacing', () => {
  assert.equal(columnOfHeader('\uFEFFNIP / NI PPPK'), 'nip');
  assert.equal(columnOfHeader('Nama Lengkap'), 'nama');
  assert.equal(columnOfHeader('Kode Unit'), 'kode_unit');
  assert.equal(columnOfHeader('No. HP'), 'telepon');
  assert.equal(columnOfHeader('sesuatu'), null);
});

test('a missing required column is one file problem; an employment type must match the NIP', () => {
  const missing = parseParticipantSheet([{ row: 1, cells: ['nip', 'nama'] }], { referenceYear: 2026 });
  assert.deepEqual(missing.problems.map((p) => `${p.code}:${p.params?.column}`), ['missing_column:kode_unit']);
  const sheet = parseParticipantSheet(
    [
      { row: 1, cells: ['nip', 'nama', 'kode_unit', 'jenis_kepegawaian'] },
      { row: 2, cells: ['199001012024211001', 'A', '5371', 'PNS'] },
      { row: 3, cells: ['', '', '', ''] },
      { row: 4, cells: ['198704122010011003', 'B', '5371', 'pns'] },
    ],
    { referenceYear: 2026 },
  );
  assert.deepEqual(sheet.problems.map((p) => `${p.row}:${p.code}`), ['2:employment_mismatch']);
  assert.equal(sheet.rows, 2);
  assert.equal(sheet.valid[0]!.employmentType, 'PNS');
});
