/**
 * Indonesian provinces (Kemendagri codes) with their time zone, and the 22 regencies/cities
 * of Nusa Tenggara Timur (NTT). Source: shared/domain.md, "Organisation of the KPU".
 *
 * WIB (UTC+7): Sumatra, Java, West and Central Kalimantan.
 * WITA (UTC+8): Bali, NTB, NTT, South/East/North Kalimantan, Sulawesi.
 * WIT (UTC+9): Maluku and Papua.
 */
import type { IndonesianZone } from './time.js';

export type { IndonesianZone } from './time.js';
export { IANA_ZONE } from './time.js';

export interface Province {
  /** 2-digit Kemendagri code, e.g. '53'. */
  readonly code: string;
  readonly name: string;
  readonly zone: IndonesianZone;
}

export interface Regency {
  /** 4-digit Kemendagri code, e.g. '5371'. */
  readonly code: string;
  readonly name: string;
  /** 2-digit province code. */
  readonly provinceCode: string;
  /** Kabupaten (regency) or Kota (city): Kemendagri codes 71+ in the last two digits are cities. */
  readonly type: 'kabupaten' | 'kota';
}

const p = (code: string, name: string, zone: IndonesianZone): Province => Object.freeze({ code, name, zone });

export const PROVINCES: readonly Province[] = Object.freeze([
  p('11', 'Aceh', 'WIB'),
  p('12', 'Sumatera Utara', 'WIB'),
  p('13', 'Sumatera Barat', 'WIB'),
  p('14', 'Riau', 'WIB'),
  p('15', 'Jambi', 'WIB'),
  p('16', 'Sumatera Selatan', 'WIB'),
  p('17', 'Bengkulu', 'WIB'),
  p('18', 'Lampung', 'WIB'),
  p('19', 'Kepulauan Bangka Belitung', 'WIB'),
  p('21', 'Kepulauan Riau', 'WIB'),
  p('31', 'DKI Jakarta', 'WIB'),
  p('32', 'Jawa Barat', 'WIB'),
  p('33', 'Jawa Tengah', 'WIB'),
  p('34', 'DI Yogyakarta', 'WIB'),
  p('35', 'Jawa Timur', 'WIB'),
  p('36', 'Banten', 'WIB'),
  p('51', 'Bali', 'WITA'),
  p('52', 'Nusa Tenggara Barat', 'WITA'),
  p('53', 'Nusa Tenggara Timur', 'WITA'),
  p('61', 'Kalimantan Barat', 'WIB'),
  p('62', 'Kalimantan Tengah', 'WIB'),
  p('63', 'Kalimantan Selatan', 'WITA'),
  p('64', 'Kalimantan Timur', 'WITA'),
  p('65', 'Kalimantan Utara', 'WITA'),
  p('71', 'Sulawesi Utara', 'WITA'),
  p('72', 'Sulawesi Tengah', 'WITA'),
  p('73', 'Sulawesi Selatan', 'WITA'),
  p('74', 'Sulawesi Tenggara', 'WITA'),
  p('75', 'Gorontalo', 'WITA'),
  p('76', 'Sulawesi Barat', 'WITA'),
  p('81', 'Maluku', 'WIT'),
  p('82', 'Maluku Utara', 'WIT'),
  p('91', 'Papua', 'WIT'),
  p('92', 'Papua Barat', 'WIT'),
  p('93', 'Papua Selatan', 'WIT'),
  p('94', 'Papua Tengah', 'WIT'),
  p('95', 'Papua Pegunungan', 'WIT'),
  p('96', 'Papua Barat Daya', 'WIT'),
]);

export const NTT_PROVINCE_CODE = '53';

const r = (code: string, name: string): Regency =>
  Object.freeze({
    code,
    name,
    provinceCode: code.slice(0, 2),
    type: Number(code.slice(2)) >= 71 ? 'kota' : 'kabupaten',
  });

export const NTT_REGENCIES: readonly Regency[] = Object.freeze([
  r('5301', 'Sumba Barat'),
  r('5302', 'Sumba Timur'),
  r('5303', 'Kupang'),
  r('5304', 'Timor Tengah Selatan'),
  r('5305', 'Timor Tengah Utara'),
  r('5306', 'Belu'),
  r('5307', 'Alor'),
  r('5308', 'Lembata'),
  r('5309', 'Flores Timur'),
  r('5310', 'Sikka'),
  r('5311', 'Ende'),
  r('5312', 'Ngada'),
  r('5313', 'Manggarai'),
  r('5314', 'Rote Ndao'),
  r('5315', 'Manggarai Barat'),
  r('5316', 'Sumba Tengah'),
  r('5317', 'Sumba Barat Daya'),
  r('5318', 'Nagekeo'),
  r('5319', 'Manggarai Timur'),
  r('5320', 'Sabu Raijua'),
  r('5321', 'Malaka'),
  r('5371', 'Kota Kupang'),
]);

const PROVINCE_BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((x) => [x.code, x]));
const REGENCY_BY_CODE: ReadonlyMap<string, Regency> = new Map(NTT_REGENCIES.map((x) => [x.code, x]));

/** Accepts '53', '5371' or the dotted Kemendagri form '53.71'; surrounding spaces ignored. */
const REGION_CODE_RE = /^(\d{2})(?:\.?(\d{2}))?$/;

export function provinceByCode(code: string): Province | null {
  const m = REGION_CODE_RE.exec(code.trim());
  if (!m || m[2] !== undefined) return null;
  return PROVINCE_BY_CODE.get(m[1]!) ?? null;
}

/** NTT regency/city by 4-digit code ('5371' or '53.71'). */
export function nttRegencyByCode(code: string): Regency | null {
  const m = REGION_CODE_RE.exec(code.trim());
  if (!m || m[2] === undefined) return null;
  return REGENCY_BY_CODE.get(m[1]! + m[2]) ?? null;
}

/**
 * Time zone for a 2-digit province code or a 4-digit regency code (by its first two
 * digits). Returns null for malformed codes or unknown provinces.
 */
export function zoneForRegionCode(code: string): IndonesianZone | null {
  if (typeof code !== 'string') return null;
  const m = REGION_CODE_RE.exec(code.trim());
  if (!m) return null;
  return PROVINCE_BY_CODE.get(m[1]!)?.zone ?? null;
}
