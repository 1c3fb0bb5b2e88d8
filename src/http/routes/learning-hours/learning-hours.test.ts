// The learning-hours (JP) record on a real platform: recording once per enrolment in the year of
// completion in the participant's zone, the yearly totals with their flags (PNS short, PPPK exceeded,
// orientation excluded for PPPK), the operator's view limited to its units, and the XLSX export.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestPlatform, testDatabases, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { addTestUser } from '../../../../test/support/quiz.js';
import { createTestProgramme } from '../../../../test/support/learning.js';
import { recordLearningHours } from '../../../services/learning-hours.js';

const PASSWORD = 'Sandi-Uji-JamPelajaran-2025!';

interface World {
  p: TestPlatform;
  units: { ntt: number; kupang: number; jatim: number };
  users: { pppk: number; pns: number; pppkJatim: number };
  enrolments: number[];
}

async function buildWorld(p: TestPlatform): Promise<World> {
  const now = p.clock.fn().toISOString();
  const U = p.ctx.repos.units;
  const agency = await U.insert({ parent: null, code: 'KPU', name: 'Komisi Pemilihan Umum', kind: 'agency', region_code: null, now });
  const ntt = await U.insert({ parent: agency, code: '53', name: 'KPU Provinsi Nusa Tenggara Timur', kind: 'province', region_code: '53', now });
  const kupang = await U.insert({ parent: ntt, code: '5371', name: 'KPU Kota Kupang', kind: 'regency', region_code: '5371', now });
  const jatim = await U.insert({ parent: agency, code: '35', name: 'KPU Provinsi Jawa Timur', kind: 'province', region_code: '35', now });
  const pppk = await addTestUser(p, { login: 'maria.pppk', name: 'Maria PPPK', nip: '199501072022212016', unitCode: '5371', password: PASSWORD });
  const pns = await addTestUser(p, { login: 'agus.pns', name: 'Agus PNS', nip: '198704122010011003', unitCode: '53', password: PASSWORD });
  // The employment type is not stored: it comes from the NIP (PNS).
  await p.ctx.repos.users.update(pns, { employment_type: null });
  const pppkJatim = await addTestUser(p, { login: 'budi.jatim', name: 'Budi Jawa Timur', nip: '198609072023211016', unitCode: '35', password: PASSWORD });
  await addTestUser(p, { login: 'operator.ntt', name: 'Operator NTT', unitCode: '53', role: 'unit_operator', roleUnitCode: '53', password: PASSWORD });

  const enrolments: number[] = [];
  const programme = async (code: string, title: string, jp: number, completions: [number, string][]) => {
    const { programmeId, enrolmentIds } = await createTestProgramme(p, { code, participantIds: completions.map(([u]) => u) });
    await p.ctx.db.kysely.updateTable('programmes').set({ jp, title }).where('id', '=', programmeId).execute();
    for (const [i, [, at]] of completions.entries()) {
      await p.ctx.db.kysely.updateTable('enrolments').set({ completed_at: at, state: 'passed', first_signin_at: at }).where('id', '=', enrolmentIds[i]!).execute();
      enrolments.push(enrolmentIds[i]!);
    }
  };
  const june = '2025-06-10T03:00:00.000Z';
  // 16:30 UTC on 31 December: already 1 January 2026 in WITA (Kupang), still 2025 in WIB (Jawa Timur).
  const newYear = '2025-12-31T16:30:00.000Z';
  await programme('ORIENT-PPPK-2025', 'Orientasi PPPK Formasi 2024', 45, [[pppk, june], [pppkJatim, june]]);
  await programme('KOMP-A', 'Pelatihan Pelayanan Publik', 20, [[pppk, june], [pns, june], [pppkJatim, june]]);
  await programme('KOMP-B', 'Literasi Digital', 5, [[pppk, june]]);
  await programme('KOMP-C', 'Etika Penyelenggara Pemilu', 3, [[pppk, newYear], [pppkJatim, newYear]]);
  return { p, units: { ntt: ntt.id, kupang: kupang.id, jatim: jatim.id }, users: { pppk, pns, pppkJatim }, enrolments };
}

async function signedIn(w: World, login: string) {
  const c = new TestClient(w.p);
  await c.login(login, PASSWORD);
  return c;
}

for (const kind of testDatabases()) {
  describe(`learning hours (${kind})`, () => {
    let w: World;
    before(async () => {
      w = await buildWorld(await startTestPlatform(kind));
    });
    after(async () => {
      await w.p.dispose();
    });

    test('recording is idempotent: one row per enrolment whatever the number of calls', async () => {
      for (const id of w.enrolments) assert.deepEqual(await recordLearningHours(w.p.ctx, id), { recorded: true });
      for (const id of w.enrolments) assert.deepEqual(await recordLearningHours(w.p.ctx, id), { recorded: false });
      await Promise.all([recordLearningHours(w.p.ctx, w.enrolments[0]!), recordLearningHours(w.p.ctx, w.enrolments[0]!)]);
      const rows = await w.p.ctx.db.kysely.selectFrom('learning_hours').selectAll().execute();
      assert.equal(rows.length, w.enrolments.length);
      const orientation = rows.filter((r) => r.jp === 45);
      assert.equal(orientation.length, 2);
      assert.ok(orientation.every((r) => r.counts_toward_limit === 0));
      // The year of completion in the participant's zone.
      const newYear = rows.filter((r) => r.jp === 3).map((r) => [r.user_id, r.year, r.completed_on]);
      assert.deepEqual(new Set(newYear.map((r) => JSON.stringify(r))), new Set([JSON.stringify([w.users.pppk, 2026, '2026-01-01']), JSON.stringify([w.users.pppkJatim, 2025, '2025-12-31'])]));
    });

    test('PPPK: yearly totals without the orientation, flagged above 24 JP', async () => {
      const c = await signedIn(w, 'maria.pppk');
      const res = await c.getJson('/api/v1/me/learning-hours');
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.equal(body.employment, 'PPPK');
      assert.deepEqual(body.rule, { pnsMinimumJp: 20, pppkMaximumJp: 24 });
      assert.deepEqual(
        body.years.map((y: any) => [y.year, y.totalJp, y.countedJp, y.excludedJp, y.flag]),
        [
          [2026, 3, 3, 0, null],
          [2025, 70, 25, 45, 'pppk_exceeded'],
        ],
      );
      assert.equal(body.records.length, 4);
      const page = await c.get('/account/learning-hours');
      assert.equal(page.status, 200);
      assert.match(page.body, /Melebihi 24 JP/);
      assert.match(page.body, /Orientasi: tidak dihitung untuk batas PPPK/);

      const jatim = (await (await signedIn(w, 'budi.jatim')).getJson('/api/v1/me/learning-hours')).json();
      assert.deepEqual(jatim.years.map((y: any) => [y.year, y.totalJp, y.countedJp, y.flag]), [[2026, 0, 0, null], [2025, 68, 23, null]]);
    });

    test('PNS (type from the NIP): the current year without JP is short; 20 JP is enough', async () => {
      const c = await signedIn(w, 'agus.pns');
      const body = (await c.getJson('/api/v1/me/learning-hours')).json();
      assert.equal(body.employment, 'PNS');
      assert.deepEqual(body.years.map((y: any) => [y.year, y.totalJp, y.countedJp, y.flag]), [[2026, 0, 0, 'pns_short'], [2025, 20, 20, null]]);
      assert.match((await c.get('/account/learning-hours')).body, /Kurang dari 20 JP/);
    });

    test('operators see the employees of their units only: another unit is 404, participants 403', async () => {
      const op = await signedIn(w, 'operator.ntt');
      const res = await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=2025`);
      assert.equal(res.status, 200, res.body);
      const items = res.json().items as any[];
      assert.deepEqual(items.map((e) => [e.name, e.employment, e.totalJp, e.countedJp, e.flag]).sort(), [
        ['Agus PNS', 'PNS', 20, 20, null],
        ['Maria PPPK', 'PPPK', 70, 25, 'pppk_exceeded'],
      ]);
      assert.ok(!JSON.stringify(res.json()).includes('Budi'));
      const flagged = await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=2025&flag=pppk_exceeded`);
      assert.deepEqual(flagged.json().items.map((e: any) => e.name), ['Maria PPPK']);
      const year2026 = await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=2026&flag=pns_short`);
      assert.deepEqual(year2026.json().items.map((e: any) => e.name), ['Agus PNS']);
      // Paging by cursor.
      const first = (await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=2025&limit=1`)).json();
      assert.equal(first.items.length, 1);
      const second = (await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=2025&limit=1&cursor=${first.nextCursor}`)).json();
      assert.equal(second.items.length, 1);
      assert.notEqual(second.items[0].userId, first.items[0].userId);
      assert.equal(second.nextCursor, null);
      // The sub-unit alone.
      assert.deepEqual((await op.getJson(`/api/v1/units/${w.units.kupang}/learning-hours?year=2025`)).json().items.map((e: any) => e.name), ['Maria PPPK']);

      assert.equal((await op.getJson(`/api/v1/units/${w.units.jatim}/learning-hours`)).status, 404);
      assert.equal((await op.getJson(`/api/v1/units/${w.units.jatim}/learning-hours.xlsx`)).status, 404);
      assert.equal((await op.getJson('/api/v1/units/999999/learning-hours')).status, 404);
      assert.equal((await op.get('/admin/learning-hours?unit=35')).status, 404);
      assert.equal((await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?year=1800`)).status, 400);
      assert.equal((await op.getJson(`/api/v1/units/${w.units.ntt}/learning-hours?flag=bogus`)).status, 400);
      const participant = await signedIn(w, 'maria.pppk');
      assert.equal((await participant.getJson(`/api/v1/units/${w.units.ntt}/learning-hours`)).status, 403);
      assert.equal((await new TestClient(w.p).getJson(`/api/v1/units/${w.units.ntt}/learning-hours`)).status, 401);

      const page = await op.get('/admin/learning-hours?year=2025');
      assert.equal(page.status, 200);
      assert.match(page.body, /Maria PPPK/);
      assert.match(page.body, /Agus PNS/);
      assert.doesNotMatch(page.body, /Budi/);
      assert.match(page.body, new RegExp(`/api/v1/units/${w.units.ntt}/learning-hours\\.xlsx\\?year=2025`));
    });

    test('XLSX export: one row per employee of the unit with totals and flags', async () => {
      const op = await signedIn(w, 'operator.ntt');
      const cookie = [...op.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await w.p.app.inject({ method: 'GET', url: `/api/v1/units/${w.units.ntt}/learning-hours.xlsx?year=2025`, headers: { cookie } });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.match(String(res.headers['content-disposition']), /jam-pelajaran-53-2025\.xlsx/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      assert.deepEqual(rows[0], ['Nama', 'NIP / NI PPPK', 'Unit kerja', 'Jenis kepegawaian', 'Tahun', 'Total JP', 'JP dihitung', 'Jumlah program', 'Keterangan']);
      assert.deepEqual(rows.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0]))), [
        ['Agus PNS', '198704122010011003', 'KPU Provinsi Nusa Tenggara Timur', 'PNS', 2025, 20, 20, 1, 'Sesuai aturan'],
        ['Maria PPPK', '199501072022212016', 'KPU Kota Kupang', 'PPPK', 2025, 70, 25, 3, 'Melebihi 24 JP'],
      ]);
      const flagged = await w.p.app.inject({ method: 'GET', url: `/api/v1/units/${w.units.ntt}/learning-hours.xlsx?year=2025&flag=pns_short`, headers: { cookie } });
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(flagged.rawPayload as unknown as ArrayBuffer);
      assert.equal(wb2.worksheets[0]!.rowCount, 1); // the header only
    });
  });
}
