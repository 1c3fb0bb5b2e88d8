// Deterministic synthetic participants for benchmarks and load tests (no I/O).

import { seededRandom } from './random.js';

export { seededRandom };

const FIRST_NAMES_MALE = ['Yohanes', 'Agustinus', 'Fransiskus', 'Petrus', 'Andreas', 'Benediktus', 'Yosef', 'Markus', 'Dominikus', 'Stefanus', 'Ahmad', 'Muhammad', 'Budi', 'Rizky', 'Dedi', 'Hendra', 'I Made', 'I Ketut', 'Arif', 'Samuel', 'Daniel', 'Yakobus', 'Gabriel', 'Matias', 'Kornelis'];
const FIRST_NAMES_FEMALE = ['Maria', 'Theresia', 'Yuliana', 'Agnes', 'Margaretha', 'Veronika', 'Siti', 'Dewi', 'Ni Luh', 'Fransiska', 'Elisabeth', 'Lusia', 'Anastasia', 'Sri', 'Nur', 'Putri', 'Ratna', 'Kristina', 'Yohana', 'Imelda', 'Rosalia', 'Natalia', 'Febriani', 'Wulan', 'Ayu'];
const LAST_NAMES = ['Ndun', 'Lenggu', 'Bulu', 'Manafe', 'Tefa', 'Nenobais', 'Sabu', 'Kolo', 'Nahak', 'Seran', 'Bria', 'Lake', 'Dethan', 'Pello', 'Riwu', 'Fanggidae', 'Mbura', 'Ratu', 'Hurint', 'Kewuan', 'Sogen', 'Wutun', 'Djawa', 'Pah', 'Taolin', 'Saputra', 'Wijaya', 'Lestari', 'Hidayat', 'Nugroho', 'Siregar', 'Nasution', 'Pratama', 'Kurniawan', 'Susanti', 'Rahmawati', 'Sinaga', 'Tanjung', 'Lubis', 'Harahap'];
const POSITIONS = ['Penata Kelola Pemilu Ahli Pertama', 'Penata Kelola Pemilu Terampil', 'Analis Sumber Daya Manusia Aparatur', 'Pranata Komputer Ahli Pertama', 'Arsiparis Terampil', 'Pengelola Pengadaan Barang/Jasa', 'Analis Hukum', 'Pranata Hubungan Masyarakat', 'Penata Laporan Keuangan'];

export interface SyntheticParticipant {
  index: number;
  nip: string;
  name: string;
  gender: 1 | 2;
  email: string;
  phone: string;
  position: string;
}

const DAY_SPAN = 10950; // ~30 years of birth dates, 1970–1999

/**
 * The i-th synthetic participant: a valid NI PPPK (birth date + 2024 + "21" + gender + sequence),
 * unique for i below DAY_SPAN × 999, and a plausible Indonesian name.
 */
export function syntheticParticipant(i: number): SyntheticParticipant {
  const rnd = seededRandom(i * 2654435761 + 17);
  const birth = new Date(Date.UTC(1970, 0, 1) + (i % DAY_SPAN) * 86400_000);
  const seq = Math.floor(i / DAY_SPAN) + 1;
  if (seq > 999) throw new RangeError('too many synthetic participants');
  const gender: 1 | 2 = rnd() < 0.5 ? 1 : 2;
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const nip = `${ymd}202421${gender}${String(seq).padStart(3, '0')}`;
  const first = (gender === 1 ? FIRST_NAMES_MALE : FIRST_NAMES_FEMALE)[Math.floor(rnd() * 25)]!;
  const last = LAST_NAMES[Math.floor(rnd() * LAST_NAMES.length)]!;
  const name = `${first} ${last}`;
  return {
    index: i,
    nip,
    name,
    gender,
    email: `peserta.${nip}@demo.lentera.id`,
    phone: `0812${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`,
    position: POSITIONS[Math.floor(rnd() * POSITIONS.length)]!,
  };
}

/**
 * Spreads N participants over units with weights: a realistic share at the central secretariat,
 * most in provincial offices, and NTT's regency offices each with a handful. Returns a unit index per participant.
 */
export function assignUnits(count: number, weights: number[], seed = 42): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  const rnd = seededRandom(seed);
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const x = rnd();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}
