import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROVINCES,
  NTT_REGENCIES,
  IANA_ZONE,
  zoneForRegionCode,
  provinceByCode,
  nttRegencyByCode,
  type IndonesianZone,
} from './regions.js';

describe('PROVINCES', () => {
  test('there are 38 provinces with unique 2-digit codes and names', () => {
    assert.equal(PROVINCES.length, 38);
    assert.equal(new Set(PROVINCES.map((p) => p.code)).size, 38);
    assert.equal(new Set(PROVINCES.map((p) => p.name)).size, 38);
    for (const p of PROVINCES) assert.match(p.code, /^\d{2}$/);
  });

  test('codes are in ascending order', () => {
    const codes = PROVINCES.map((p) => p.code);
    assert.deepEqual(codes, [...codes].sort());
  });

  test('zone counts: 18 WIB, 12 WITA, 8 WIT', () => {
    const count = (z: IndonesianZone) => PROVINCES.filter((p) => p.zone === z).length;
    assert.deepEqual({ WIB: count('WIB'), WITA: count('WITA'), WIT: count('WIT') }, { WIB: 18, WITA: 12, WIT: 8 });
  });

  const spot: Array<[string, string, IndonesianZone]> = [
    ['11', 'Aceh', 'WIB'],
    ['19', 'Kepulauan Bangka Belitung', 'WIB'],
    ['21', 'Kepulauan Riau', 'WIB'],
    ['31', 'DKI Jakarta', 'WIB'],
    ['34', 'DI Yogyakarta', 'WIB'],
    ['36', 'Banten', 'WIB'],
    ['51', 'Bali', 'WITA'],
    ['52', 'Nusa Tenggara Barat', 'WITA'],
    ['53', 'Nusa Tenggara Timur', 'WITA'],
    ['61', 'Kalimantan Barat', 'WIB'],
    ['62', 'Kalimantan Tengah', 'WIB'],
    ['63', 'Kalimantan Selatan', 'WITA'],
    ['64', 'Kalimantan Timur', 'WITA'],
    ['65', 'Kalimantan Utara', 'WITA'],
    ['71', 'Sulawesi Utara', 'WITA'],
    ['75', 'Gorontalo', 'WITA'],
    ['76', 'Sulawesi Barat', 'WITA'],
    ['81', 'Maluku', 'WIT'],
    ['82', 'Maluku Utara', 'WIT'],
    ['91', 'Papua', 'WIT'],
    ['95', 'Papua Pegunungan', 'WIT'],
    ['96', 'Papua Barat Daya', 'WIT'],
  ];
  for (const [code, name, zone] of spot) {
    test(`${code} ${name} is ${zone}`, () => {
      assert.deepEqual(provinceByCode(code), { code, name, zone });
    });
  }

  test('data is frozen', () => {
    assert.ok(Object.isFrozen(PROVINCES));
    assert.ok(Object.isFrozen(PROVINCES[0]));
  });
});

describe('NTT_REGENCIES', () => {
  test('22 regencies/cities, all in province 53, unique codes', () => {
    assert.equal(NTT_REGENCIES.length, 22);
    assert.equal(new Set(NTT_REGENCIES.map((r) => r.code)).size, 22);
    for (const r of NTT_REGENCIES) {
      assert.match(r.code, /^53\d{2}$/);
      assert.equal(r.provinceCode, '53');
    }
  });

  test('codes 5301..5321 then 5371', () => {
    const expected = [...Array.from({ length: 21 }, (_, i) => `53${String(i + 1).padStart(2, '0')}`), '5371'];
    assert.deepEqual(
      NTT_REGENCIES.map((r) => r.code),
      expected,
    );
  });

  const spot: Array<[string, string, 'kabupaten' | 'kota']> = [
    ['5301', 'Sumba Barat', 'kabupaten'],
    ['5303', 'Kupang', 'kabupaten'],
    ['5304', 'Timor Tengah Selatan', 'kabupaten'],
    ['5314', 'Rote Ndao', 'kabupaten'],
    ['5317', 'Sumba Barat Daya', 'kabupaten'],
    ['5320', 'Sabu Raijua', 'kabupaten'],
    ['5321', 'Malaka', 'kabupaten'],
    ['5371', 'Kota Kupang', 'kota'],
  ];
  for (const [code, name, type] of spot) {
    test(`${code} ${name} (${type})`, () => {
      assert.deepEqual(nttRegencyByCode(code), { code, name, provinceCode: '53', type });
    });
  }

  test('only Kota Kupang is a city', () => {
    assert.deepEqual(
      NTT_REGENCIES.filter((r) => r.type === 'kota').map((r) => r.name),
      ['Kota Kupang'],
    );
  });

  test('lookup accepts the dotted form and rejects province codes and unknowns', () => {
    assert.equal(nttRegencyByCode('53.71')?.name, 'Kota Kupang');
    assert.equal(nttRegencyByCode('53'), null);
    assert.equal(nttRegencyByCode('5399'), null);
    assert.equal(nttRegencyByCode('5201'), null);
  });
});

describe('zoneForRegionCode', () => {
  const cases: Array<[string, IndonesianZone | null]> = [
    ['11', 'WIB'],
    ['31', 'WIB'],
    ['62', 'WIB'],
    ['53', 'WITA'],
    ['51', 'WITA'],
    ['73', 'WITA'],
    ['81', 'WIT'],
    ['94', 'WIT'],
    ['5371', 'WITA'],
    ['5301', 'WITA'],
    ['53.71', 'WITA'],
    [' 3171 ', 'WIB'],
    ['9471', 'WIT'],
    ['6471', 'WITA'],
    ['6171', 'WIB'],
    ['00', null],
    ['20', null],
    ['99', null],
    ['9971', null],
    ['5', null],
    ['537', null],
    ['537101', null],
    ['ab', null],
    ['', null],
  ];
  for (const [code, zone] of cases) {
    test(`${JSON.stringify(code)} → ${zone}`, () => assert.equal(zoneForRegionCode(code), zone));
  }

  test('every province code resolves to its own zone', () => {
    for (const p of PROVINCES) assert.equal(zoneForRegionCode(p.code), p.zone);
  });
  test('every NTT regency is WITA', () => {
    for (const r of NTT_REGENCIES) assert.equal(zoneForRegionCode(r.code), 'WITA');
  });
});

describe('IANA_ZONE', () => {
  test('maps each Indonesian zone to its IANA name', () => {
    assert.deepEqual(IANA_ZONE, { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' });
  });
});
