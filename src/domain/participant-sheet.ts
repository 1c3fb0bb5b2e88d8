// The participant sheet of bulk provisioning (issue 5, part 3): its columns, header recognition and
// the validation of one row on its own (pure: no database). Checks that need the database (unit in
// the operator's scope, NIP registered elsewhere, enrolment in the programme) are the service's.
import { parseEmployeeNumber, normalizeEmployeeNumber, type NipInvalidReason } from './nip.js';
import type { EmploymentType } from './employment.js';

export const PARTICIPANT_COLUMNS = ['nip', 'nama', 'email', 'telepon', 'kode_unit', 'jabatan', 'jenis_kepegawaian', 'nik', 'gelombang', 'angkatan', 'ndh'] as const;
export type ParticipantColumn = (typeof PARTICIPANT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ParticipantColumn[] = ['nip', 'nama', 'kode_unit'];

/** Header spellings accepted per column (compared lower-case without spaces, dots, slashes, dashes, underscores). */
const ALIASES: Record<ParticipantColumn, string[]> = {
  nip: ['nip', 'nipnipppk', 'ninipppk', 'nipppk', 'nipnippk', 'nomorindukpegawai', 'employeenumber'],
  nama: ['nama', 'namalengkap', 'name', 'fullname'],
  email: ['email', 'surel', 'alamatemail', 'alamatsurel'],
  telepon: ['telepon', 'telp', 'nomortelepon', 'notelepon', 'hp', 'nohp', 'nomorhp', 'whatsapp', 'wa', 'phone'],
  kode_unit: ['kodeunit', 'unit', 'kodesatker', 'satker', 'unitcode'],
  jabatan: ['jabatan', 'position'],
  jenis_kepegawaian: ['jeniskepegawaian', 'statuskepegawaian', 'jenispegawai', 'employmenttype'],
  nik: ['nik', 'nomorindukkependudukan'],
  gelombang: ['gelombang', 'wave'],
  angkatan: ['angkatan', 'batch'],
  ndh: ['ndh', 'nomordaftarhadir'],
};

const squash = (s: string) => s.toLowerCase().replace(/[\s._\-/()]+/g, '');

export function columnOfHeader(header: string): ParticipantColumn | null {
  const h = squash(header.replace(/^\uFEFF/, ''));
  if (!h) return null;
  for (const c of PARTICIPANT_COLUMNS) if (ALIASES[c].includes(h)) return c;
  return null;
}

export type RowProblemCode =
  | `nip.${NipInvalidReason}`
  | 'file_empty'
  | 'file_unreadable'
  | 'too_many_rows'
  | 'missing_column'
  | 'required'
  | 'too_long'
  | 'email_invalid'
  | 'phone_invalid'
  | 'nik_invalid'
  | 'employment_invalid'
  | 'employment_mismatch'
  | 'number_invalid'
  | 'duplicate_in_file'
  | 'email_duplicate_in_file'
  | 'nip_registered_elsewhere'
  | 'email_taken'
  | 'unit_unknown'
  | 'cohort_mismatch'
  | 'enrolled_in_programme'
  | 'not_registered';

export interface ParticipantProblem {
  /** Row number in the file (the header is usually row 1). */
  row: number;
  field: ParticipantColumn | 'file';
  code: RowProblemCode;
  params?: Record<string, string | number>;
}

export interface ParticipantRow {
  row: number;
  nip: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitCode: string;
  position: string | null;
  employmentType: EmploymentType;
  nik: string | null;
  gelombang: number | null;
  angkatan: number | null;
  ndh: number | null;
}

export interface SheetRow {
  row: number;
  cells: string[];
}

const EMAIL = /^[^\s@"'<>(),;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** An Indonesian phone number in local form (0812…): +62 / 62 prefixes become 0; a number whose leading 0 a spreadsheet dropped gets it back. */
export function normalizePhone(raw: string): string | null {
  const s = raw.trim();
  if (!/^[+\d\s().\-]+$/.test(s)) return null;
  let d = s.replace(/[^\d]/g, '');
  if (s.startsWith('+')) {
    if (!d.startsWith('62')) return null;
    d = '0' + d.slice(2);
  } else if (d.startsWith('62')) d = '0' + d.slice(2);
  else if (d.startsWith('8')) d = '0' + d;
  return /^0[1-9]\d{7,12}$/.test(d) ? d : null;
}

/** 16 digits (separators removed), or null. */
export function normalizeNik(raw: string): string | null {
  const d = raw.replace(/[\s.\-]/g, '');
  return /^\d{16}$/.test(d) ? d : null;
}

/** "5371••••••••0003": the first and last four digits. */
export function maskNik(nik: string): string {
  if (nik.length <= 8) return '•'.repeat(nik.length);
  return nik.slice(0, 4) + '•'.repeat(nik.length - 8) + nik.slice(-4);
}

const positiveInt = (s: string): number | null => (/^\d{1,6}$/.test(s) && Number(s) > 0 ? Number(s) : null);

export interface SheetLayout {
  headerRow: number;
  columns: Map<ParticipantColumn, number>;
}

/** The header: the first row that is not blank. A missing required column is a file problem. */
export function readHeader(rows: SheetRow[]): { layout: SheetLayout; data: SheetRow[] } | { problems: ParticipantProblem[] } {
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  if (!header) return { problems: [{ row: 1, field: 'file', code: 'file_empty' }] };
  const columns = new Map<ParticipantColumn, number>();
  header.cells.forEach((cell, i) => {
    const c = columnOfHeader(cell);
    if (c && !columns.has(c)) columns.set(c, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length) return { problems: missing.map((column) => ({ row: header.row, field: 'file' as const, code: 'missing_column' as const, params: { column } })) };
  return { layout: { headerRow: header.row, columns }, data: nonBlank.slice(1) };
}

/** Validates one data row on its own; every problem of the row is listed. */
export function parseParticipantRow(r: SheetRow, layout: SheetLayout, opts: { referenceYear: number }): { value: ParticipantRow } | { problems: ParticipantProblem[] } {
  const cell = (c: ParticipantColumn) => {
    const i = layout.columns.get(c);
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };
  const problems: ParticipantProblem[] = [];
  const fail = (field: ParticipantColumn, code: RowProblemCode, params?: Record<string, string | number>) => problems.push({ row: r.row, field, code, ...(params ? { params } : {}) });
  const text = (field: ParticipantColumn, max: number, required: boolean): string | null => {
    const v = cell(field).replace(/\s+/g, ' ');
    if (!v) {
      if (required) fail(field, 'required');
      return null;
    }
    if (v.length > max) {
      fail(field, 'too_long', { max });
      return null;
    }
    return v;
  };

  const rawNip = cell('nip');
  let nip = '';
  let nipKind: EmploymentType | null = null;
  if (!rawNip) fail('nip', 'required');
  else {
    const parsed = parseEmployeeNumber(rawNip, { referenceYear: opts.referenceYear });
    if (!parsed.ok) fail('nip', `nip.${parsed.reason}`);
    else {
      nip = parsed.value.normalized;
      nipKind = parsed.value.kind;
    }
  }
  const name = text('nama', 200, true);
  const unitCode = text('kode_unit', 64, true);
  const position = text('jabatan', 200, false);

  let email: string | null = null;
  const rawEmail = cell('email');
  if (rawEmail) {
    if (rawEmail.length > 254 || !EMAIL.test(rawEmail)) fail('email', 'email_invalid');
    else email = rawEmail.toLowerCase();
  }
  let phone: string | null = null;
  const rawPhone = cell('telepon');
  if (rawPhone) {
    phone = normalizePhone(rawPhone);
    if (!phone) fail('telepon', 'phone_invalid');
  }
  let nik: string | null = null;
  const rawNik = cell('nik');
  if (rawNik) {
    nik = normalizeNik(rawNik);
    if (!nik) fail('nik', 'nik_invalid');
  }
  let employmentType: EmploymentType | null = nipKind;
  const rawType = cell('jenis_kepegawaian').toUpperCase();
  if (rawType) {
    if (rawType !== 'PNS' && rawType !== 'PPPK') fail('jenis_kepegawaian', 'employment_invalid');
    else if (nipKind && rawType !== nipKind) fail('jenis_kepegawaian', 'employment_mismatch', { kind: nipKind });
    else employmentType = rawType;
  }
  const num = (field: 'gelombang' | 'angkatan' | 'ndh'): number | null => {
    const v = cell(field);
    if (!v) return null;
    const n = positiveInt(v);
    if (n === null) fail(field, 'number_invalid');
    return n;
  };
  const gelombang = num('gelombang');
  const angkatan = num('angkatan');
  const ndh = num('ndh');

  if (problems.length) return { problems };
  return {
    value: { row: r.row, nip, name: name!, email, phone, unitCode: unitCode!, position, employmentType: employmentType!, nik, gelombang, angkatan, ndh },
  };
}

export interface ParsedSheet {
  rows: number;
  valid: ParticipantRow[];
  problems: ParticipantProblem[];
}

/** Header, every row on its own, then duplicates inside the file (NIP, email). */
export function parseParticipantSheet(rows: SheetRow[], opts: { referenceYear: number; maxRows?: number }): ParsedSheet {
  const head = readHeader(rows);
  if ('problems' in head) return { rows: 0, valid: [], problems: head.problems };
  if (opts.maxRows !== undefined && head.data.length > opts.maxRows) {
    return { rows: head.data.length, valid: [], problems: [{ row: head.layout.headerRow, field: 'file', code: 'too_many_rows', params: { max: opts.maxRows } }] };
  }
  const problems: ParticipantProblem[] = [];
  const valid: ParticipantRow[] = [];
  const firstNip = new Map<string, number>();
  const firstEmail = new Map<string, number>();
  for (const r of head.data) {
    const res = parseParticipantRow(r, head.layout, opts);
    // A NIP seen before is a duplicate even when this row has other problems.
    const nipKey = normalizeEmployeeNumber(r.cells[head.layout.columns.get('nip')!] ?? '').trim();
    let duplicate = false;
    if (nipKey) {
      const first = firstNip.get(nipKey);
      if (first !== undefined) {
        problems.push({ row: r.row, field: 'nip', code: 'duplicate_in_file', params: { first } });
        duplicate = true;
      } else firstNip.set(nipKey, r.row);
    }
    if ('problems' in res) {
      problems.push(...res.problems);
      continue;
    }
    if (res.value.email) {
      const first = firstEmail.get(res.value.email);
      if (first !== undefined) {
        problems.push({ row: r.row, field: 'email', code: 'email_duplicate_in_file', params: { first } });
        duplicate = true;
      } else firstEmail.set(res.value.email, r.row);
    }
    if (!duplicate) valid.push(res.value);
  }
  return { rows: head.data.length, valid, problems };
}

export const sortProblems = (list: ParticipantProblem[]) =>
  [...list].sort((a, b) => a.row - b.row || PARTICIPANT_COLUMNS.indexOf(a.field as ParticipantColumn) - PARTICIPANT_COLUMNS.indexOf(b.field as ParticipantColumn));
