// Organisation tree administration (issue 5, part 1): create, rename, move (subtree paths, depth and
// agency), scope (404 outside), the CSV/XLSX import (dry run with every bad row, all-or-nothing
// apply, idempotent re-import) and the audit entries; API and pages, on every test database.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestPlatform, testDatabases, type TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { clientsFor, loadAdminWorld, provisionReady } from '../users/test-fixtures.js';
import { unitTemplateWorkbook } from '../../../services/org.js';
import { multipartBody } from '../../../../test/support/multipart.js';

function multipart(fields: Record<string, string>, file?: { field: string; data: Buffer; filename: string }) {
  return multipartBody(fields, file ? [file] : []);
}

/** A CSV as Excel with an Indonesian locale writes it: UTF-8 BOM, semicolons, CRLF. */
const csv = (rows: string[][]) => Buffer.from('\uFEFF' + rows.map((r) => r.join(';')).join('\r\n') + '\r\n', 'utf8');

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Unit');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['code', 'name', 'parent_code', 'kind', 'region_code'];

for (const kind of testDatabases()) {
  describe(`units administration [${kind}]`, () => {
    let p: TestPlatform;
    let admin: TestClient, operator: TestClient, jatimOperator: TestClient, participant: TestClient;

    const unit = async (code: string) => (await p.ctx.repos.units.findByCode(code))!;
    const unitCount = async () => p.ctx.repos.units.count();
    const auditOf = async (action: string, targetId?: number) => {
      let q = p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action);
      if (targetId !== undefined) q = q.where('target_id', '=', String(targetId));
      return (await q.orderBy('id').execute()).map((r) => ({ ...r, details: JSON.parse(r.details ?? 'null') }));
    };
    const apiImport = (client: TestClient, data: Buffer, apply = false, filename = 'unit.csv') => {
      const body = multipart({}, { field: 'file', data, filename });
      return client.request({ method: 'POST', url: `/api/v1/units/import${apply ? '?apply=1' : ''}`, headers: { 'content-type': body.type, accept: 'application/json', 'x-csrf-token': client.csrf }, payload: body.payload });
    };
    const pageUpload = (client: TestClient, data: Buffer, filename = 'unit.csv') => {
      const body = multipart({ _csrf: client.csrf }, { field: 'file', data, filename });
      return client.request({ method: 'POST', url: `/admin/units/import?_csrf=${encodeURIComponent(client.csrf)}`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
    };

    before(async () => {
      p = await startTestPlatform(kind);
      await loadAdminWorld(p);
      [admin, operator, jatimOperator, participant] = await clientsFor(p, ['admin', 'operator', 'jatimOperator', 'participant'] as const);
      // Each client's CSRF token (the API import and the forms need it).
      for (const c of [admin, operator, jatimOperator, participant]) await c.get('/login');
    });
    after(() => p.dispose());

    test('API: create a 3-level branch, rename it, move the subtree (paths, depth, agency); users keep their unit', async () => {
      const a = await operator.postJson('/api/v1/units', { parentCode: '5310', code: '5310-SEK', name: 'Sekretariat KPU Kabupaten Sikka', kind: 'secretariat' });
      assert.equal(a.status, 201, a.body);
      assert.deepEqual(a.json().path.map((x: { code: string }) => x.code), ['53', '5310']);
      const b = await operator.postJson('/api/v1/units', { parentCode: '5310-SEK', code: '5310-UMUM', name: 'Subbagian Umum', kind: 'unit', regionCode: '5310' });
      assert.equal(b.status, 201, b.body);
      assert.equal(b.json().timeZone, 'WITA');
      const biro = await operator.postJson('/api/v1/units', { parentCode: '53', code: 'NTT-WIL1', name: 'Koordinator Wilayah I', kind: 'unit' });
      assert.equal(biro.status, 201);
      const sikka = await unit('5310');
      const sek = await unit('5310-SEK');
      const umum = await unit('5310-UMUM');
      assert.equal(umum.path, `${sikka.path}${sek.id}/${umum.id}/`);
      assert.equal(umum.depth, sikka.depth + 2);
      const userId = await provisionReady(p, { login: 'staf.umum.sikka', name: 'Maria Goreti Sikka', unitCode: '5310-UMUM' });

      // Duplicate code within the agency: 409; a bad kind or code: 400.
      const dup = await operator.postJson('/api/v1/units', { parentCode: '53', code: '5310-SEK', name: 'Lagi', kind: 'unit' });
      assert.equal(dup.status, 409);
      assert.equal(dup.json().error.code, 'code_taken');
      assert.equal((await operator.postJson('/api/v1/units', { parentCode: '53', code: 'bad code', name: 'X', kind: 'unit' })).status, 400);
      assert.equal((await operator.postJson('/api/v1/units', { parentCode: '53', code: 'OK1', name: 'X', kind: 'kantor' })).status, 400);

      const renamed = await operator.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { name: 'KPU Kabupaten Sikka (Maumere)' });
      assert.equal(renamed.status, 200, renamed.body);
      assert.equal(renamed.json().name, 'KPU Kabupaten Sikka (Maumere)');

      const moved = await operator.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { parentCode: 'NTT-WIL1' });
      assert.equal(moved.status, 200, moved.body);
      assert.deepEqual(moved.json().path.map((x: { code: string }) => x.code), ['53', 'NTT-WIL1']);
      const wil = await unit('NTT-WIL1');
      const [sikka2, sek2, umum2] = [await unit('5310'), await unit('5310-SEK'), await unit('5310-UMUM')];
      assert.equal(sikka2.id, sikka.id);
      assert.equal(sikka2.parent_id, wil.id);
      assert.equal(sikka2.path, `${wil.path}${sikka.id}/`);
      assert.equal(sek2.path, `${wil.path}${sikka.id}/${sek.id}/`);
      assert.equal(umum2.path, `${wil.path}${sikka.id}/${sek.id}/${umum.id}/`);
      assert.deepEqual([sikka2.depth, sek2.depth, umum2.depth], [sikka.depth + 1, sek.depth + 1, umum.depth + 1]);
      assert.equal(sek2.parent_id, sikka.id);
      // The user still belongs to the same unit, now found below the new branch.
      assert.equal((await p.ctx.repos.users.findById(userId))!.unit_id, umum.id);
      const detail = (await operator.getJson('/api/v1/units/5310-UMUM')).json();
      assert.deepEqual(detail.path.map((x: { code: string }) => x.code), ['53', 'NTT-WIL1', '5310', '5310-SEK']);
      assert.equal(detail.userCount, 1);
      assert.equal((await operator.getJson('/api/v1/units/NTT-WIL1')).json().userCount, 1);

      // Audit: rename and move with before/after.
      const [rename] = await auditOf('unit.renamed', sikka.id);
      assert.deepEqual(rename!.details.before, { name: 'KPU Kabupaten Sikka' });
      assert.deepEqual(rename!.details.after, { name: 'KPU Kabupaten Sikka (Maumere)' });
      const [move] = await auditOf('unit.moved', sikka.id);
      assert.equal(move!.details.before.parentCode, '53');
      assert.equal(move!.details.before.path, sikka.path);
      assert.equal(move!.details.after.parentCode, 'NTT-WIL1');
      assert.equal(move!.details.after.path, sikka2.path);
      assert.equal(move!.details.descendants, 2);
      assert.equal((await auditOf('unit.created', umum.id)).length, 1);

      // The platform admin creates an agency and moves a subtree into it: the agency changes below too.
      const agency = await admin.postJson('/api/v1/units', { code: 'BAWASLU', name: 'Badan Pengawas Pemilihan Umum', kind: 'agency' });
      assert.equal(agency.status, 201, agency.body);
      const bawaslu = await unit('BAWASLU');
      assert.equal(bawaslu.agency_id, bawaslu.id);
      assert.equal(bawaslu.depth, 0);
      assert.equal((await admin.sendJson('PATCH', `/api/v1/units/${sek.id}`, { parentCode: 'BAWASLU' })).status, 200);
      const [sek3, umum3] = [(await p.ctx.repos.units.findById(sek.id))!, (await p.ctx.repos.units.findById(umum.id))!];
      assert.deepEqual([sek3.agency_id, umum3.agency_id], [bawaslu.id, bawaslu.id]);
      assert.deepEqual([sek3.depth, umum3.depth, umum3.path], [1, 2, `/${bawaslu.id}/${sek.id}/${umum.id}/`]);
      // …and back, so the rest of the suite sees the NTT branch.
      assert.equal((await admin.sendJson('PATCH', `/api/v1/units/${sek.id}`, { parentCode: '5310' })).status, 200);
      assert.equal((await p.ctx.repos.units.findById(umum.id))!.agency_id, sikka.agency_id);
      // An agency cannot be moved; operators cannot create agencies.
      assert.equal((await admin.sendJson('PATCH', `/api/v1/units/${bawaslu.id}`, { parentCode: 'SETJEN' })).status, 400);
      assert.equal((await operator.postJson('/api/v1/units', { code: 'KPU2', name: 'Instansi Lain', kind: 'agency' })).status, 403);
    });

    test('API: moving a unit under itself or one of its descendants is refused; nothing changes', async () => {
      const sikka = await unit('5310');
      for (const target of ['5310', '5310-SEK', '5310-UMUM']) {
        const res = await operator.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { parentCode: target, name: 'Tidak berubah' });
        assert.equal(res.status, 400, target);
        assert.equal(res.json().error.code, 'validation_failed');
        assert.ok(res.json().error.fields.parentCode, target);
      }
      const after = await unit('5310');
      assert.deepEqual([after.path, after.name, after.parent_id], [sikka.path, sikka.name, sikka.parent_id]);
    });

    test('scope: outside is 404 (NTT operator cannot move a unit under Jawa Timur, nor touch it); non-administrators 403', async () => {
      const sikka = await unit('5310');
      const jatim = await unit('35');
      const under = await operator.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { parentCode: '35' });
      assert.equal(under.status, 404);
      assert.equal(under.json().error.code, 'not_found');
      assert.equal((await unit('5310')).path, sikka.path);
      assert.equal((await operator.sendJson('PATCH', `/api/v1/units/${jatim.id}`, { name: 'Diambil alih' })).status, 404);
      assert.equal((await operator.sendJson('PATCH', `/api/v1/units/${jatim.id}`, { parentCode: '53' })).status, 404);
      assert.equal((await operator.sendJson('PATCH', '/api/v1/units/999999', { name: 'X' })).status, 404);
      assert.equal((await operator.postJson('/api/v1/units', { parentCode: '35', code: '3501', name: 'KPU Kabupaten Pacitan', kind: 'regency' })).status, 404);
      assert.equal((await operator.postJson('/api/v1/units', { parentCode: 'SETJEN', code: 'X9', name: 'X', kind: 'unit' })).status, 404);
      assert.equal((await jatimOperator.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { parentCode: '35' })).status, 404);
      assert.equal((await participant.sendJson('PATCH', `/api/v1/units/${sikka.id}`, { name: 'X' })).status, 403);
      assert.equal((await participant.postJson('/api/v1/units', { parentCode: '53', code: 'X', name: 'X', kind: 'unit' })).status, 403);
      assert.equal((await unit('35')).name, jatim.name);
      // Pages: the same answers.
      await operator.get('/admin/units?parent=5310');
      assert.equal((await operator.postForm(`/admin/units/${sikka.id}/move`, { parentCode: '35' })).status, 404);
      assert.equal((await operator.postForm(`/admin/units/${jatim.id}/rename`, { name: 'X' })).status, 404);
      assert.equal((await operator.postForm('/admin/units/create', { parentId: String(jatim.id), code: 'X', name: 'X', kind: 'unit' })).status, 404);
    });

    test('pages: create, rename and move forms; a refused move shows the reason', async () => {
      const page = await operator.get('/admin/units?parent=53');
      assert.equal(page.status, 200);
      assert.match(page.body, /action="\/admin\/units\/create"/);
      const ntt = await unit('53');
      const created = await operator.postForm('/admin/units/create', { parentId: String(ntt.id), code: 'NTT-WIL2', name: 'Koordinator Wilayah II', kind: 'unit', regionCode: '' });
      assert.equal(created.status, 303, created.body);
      assert.equal(created.headers.location, '/admin/units?parent=53&notice=units.notice.created');
      const wil2 = await unit('NTT-WIL2');
      const bad = await operator.postForm('/admin/units/create', { parentId: String(ntt.id), code: 'NTT-WIL2', name: '', kind: 'kantor' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /Nama unit wajib diisi/);
      assert.match(bad.body, /Jenis unit &quot;kantor&quot; tidak dikenal|Jenis unit "kantor" tidak dikenal/);

      await operator.get('/admin/units?parent=NTT-WIL2');
      const renamed = await operator.postForm(`/admin/units/${wil2.id}/rename`, { name: 'Koordinator Wilayah II (Flores)' });
      assert.equal(renamed.status, 303);
      assert.equal((await unit('NTT-WIL2')).name, 'Koordinator Wilayah II (Flores)');
      const moved = await operator.postForm(`/admin/units/${wil2.id}/move`, { parentCode: 'NTT-WIL1' });
      assert.equal(moved.status, 303);
      assert.equal((await unit('NTT-WIL2')).parent_id, (await unit('NTT-WIL1')).id);
      const wil1 = await unit('NTT-WIL1');
      const cycle = await operator.postForm(`/admin/units/${wil1.id}/move`, { parentCode: 'NTT-WIL2' });
      assert.equal(cycle.status, 400);
      assert.match(cycle.body, /siklus/);
      const shown = await operator.get('/admin/units?parent=NTT-WIL2');
      assert.match(shown.body, /action="\/admin\/units\/\d+\/move"/);
      assert.match(shown.body, /action="\/admin\/units\/\d+\/rename"/);
      // The operator's own root has no parent in its scope to move under: no move form there.
      assert.doesNotMatch(page.body, /\/move"/);
      // Only platform admins see the "add an agency" form at the top.
      assert.doesNotMatch((await operator.get('/admin/units')).body, /action="\/admin\/units\/create"/);
      assert.match((await admin.get('/admin/units')).body, /action="\/admin\/units\/create"/);
    });

    test('import: the dry run lists every bad row with its reason and writes nothing; apply refuses the whole file', async () => {
      const before = await unitCount();
      const file = csv([
        HEADER,
        ['5310-B1', 'Bagian Umum B', '5310-B', 'unit', ''], // parent appears later: fine
        ['5310-B', 'Sekretariat B', '5310', 'sekretariat', '5310'], // fine
        ['X1', 'Unit X1', 'NOPE', 'unit', ''], // unknown parent
        ['X2', 'Unit X2', 'SETJEN', 'unit', ''], // parent outside the scope
        ['X3', 'Unit X3', 'X4', 'unit', ''], // cycle X3 → X4 → X3
        ['X4', 'Unit X4', 'X3', 'unit', ''],
        ['D1', 'Dua Kali', '53', 'unit', ''], // duplicate code
        ['D1', 'Dua Kali Lagi', '53', 'unit', ''],
        ['K1', 'Unit K1', '53', 'kantor', ''], // unknown kind
        ['35', 'KPU Jatim Palsu', '53', 'province', ''], // a code the agency already uses (outside the scope)
        ['5310', 'KPU Kabupaten Sikka', '5310-B1', 'regency', '5310'], // cycle through the file: 5310 → 5310-B1 → 5310-B → 5310
        ['R1', 'Wilayah Salah', '53', 'unit', '99'], // unknown region code
      ]);
      const dry = await apiImport(operator, file);
      assert.equal(dry.status, 200, dry.body);
      const report = dry.json();
      assert.equal(report.valid, false);
      assert.equal(report.applied, false);
      assert.equal(report.rows, 12);
      const byRow = (row: number) => report.errors.filter((e: { row: number }) => e.row === row).map((e: { code: string }) => e.code).sort();
      assert.deepEqual(byRow(4), ['parent_unknown']);
      assert.deepEqual(byRow(5), ['parent_outside_scope']);
      assert.deepEqual(byRow(6), ['cycle']);
      assert.deepEqual(byRow(7), ['cycle']);
      assert.deepEqual(byRow(8), ['duplicate_code']);
      assert.deepEqual(byRow(9), ['duplicate_code']);
      assert.deepEqual(byRow(10), ['kind_unknown']);
      assert.deepEqual(byRow(11), ['code_taken']);
      assert.deepEqual(byRow(13), ['region_invalid']);
      // Every member of the cycle through the file is named.
      assert.deepEqual([byRow(2), byRow(3), byRow(12)], [['cycle'], ['cycle'], ['cycle']]);
      assert.match(report.errors.find((e: { row: number }) => e.row === 4).message, /NOPE/);
      assert.equal(await unitCount(), before);

      const apply = await apiImport(operator, file, true);
      assert.equal(apply.status, 400);
      assert.equal(apply.json().error.code, 'import_invalid');
      assert.equal(await unitCount(), before);
      assert.equal(await p.ctx.repos.units.findByCode('5310-B'), undefined);

      // A good file but one bad row: still nothing.
      const oneBad = csv([HEADER, ['5310-C', 'Sekretariat C', '5310', 'unit', ''], ['5310-C1', 'Bagian C1', 'TIDAK-ADA', 'unit', '']]);
      assert.equal((await apiImport(operator, oneBad, true)).status, 400);
      assert.equal(await p.ctx.repos.units.findByCode('5310-C'), undefined);
    });

    test('import: apply (XLSX) creates, renames and moves all at once; re-importing changes nothing; audited', async () => {
      const rows = [
        HEADER,
        ['5372-BIRO1', 'Bagian Teknis', '5372-SEK', 'unit', ''], // parent later in the file
        ['5372-SEK', 'Sekretariat KPU Kota Kupang Timur', '5372', 'secretariat', ''],
        ['5372', 'KPU Kota Kupang Timur', 'NTT-WIL2', 'regency', '5371'], // new, under an existing unit
        ['5371', 'KPU Kota Kupang (Ibu Kota Provinsi)', '', 'regency', '5371'], // rename only (blank parent: stays)
        ['5301', 'KPU Kabupaten Sumba Barat', 'NTT-WIL2', 'regency', '5301'], // move only
      ];
      const data = await xlsx(rows);
      const before = await unitCount();
      const kupang = await unit('5371');
      const sumba = await unit('5301');
      const dry = (await apiImport(operator, data, false, 'unit.xlsx')).json();
      assert.equal(dry.valid, true, JSON.stringify(dry.errors));
      assert.deepEqual(dry.totals, { new: 3, updated: 1, moved: 1, unchanged: 0 });
      assert.equal(await unitCount(), before);

      const applied = await apiImport(operator, data, true, 'unit.xlsx');
      assert.equal(applied.status, 200, applied.body);
      assert.equal(applied.json().applied, true);
      assert.equal(await unitCount(), before + 3);
      const wil2 = await unit('NTT-WIL2');
      const [k, sek, biro] = [await unit('5372'), await unit('5372-SEK'), await unit('5372-BIRO1')];
      assert.equal(k.path, `${wil2.path}${k.id}/`);
      assert.equal(biro.path, `${wil2.path}${k.id}/${sek.id}/${biro.id}/`);
      assert.equal(biro.depth, wil2.depth + 3);
      assert.equal(k.region_code, '5371');
      assert.equal((await unit('5371')).name, 'KPU Kota Kupang (Ibu Kota Provinsi)');
      assert.equal((await unit('5371')).path, kupang.path);
      assert.equal((await unit('5301')).id, sumba.id);
      assert.equal((await unit('5301')).path, `${wil2.path}${sumba.id}/`);

      const created = await auditOf('unit.created', biro.id);
      assert.equal(created.length, 1);
      assert.equal(created[0]!.details.source, 'import');
      const [renamed] = await auditOf('unit.renamed', kupang.id);
      assert.deepEqual(renamed!.details.before, { name: 'KPU Kota Kupang' });
      const [moved] = await auditOf('unit.moved', sumba.id);
      assert.equal(moved!.details.before.parentCode, '53');
      assert.equal(moved!.details.after.parentCode, 'NTT-WIL2');
      const imports = await auditOf('unit.imported');
      assert.equal(imports.length, 1);
      assert.equal(imports[0]!.details.new, 3);

      // Idempotent: the same file again (also as CSV) finds everything unchanged and writes nothing.
      const auditCount = async () => Number((await p.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const audits = await auditCount();
      for (const again of [data, csv(rows)]) {
        const res = await apiImport(operator, again, true);
        assert.equal(res.status, 200, res.body);
        assert.deepEqual(res.json().totals, { new: 0, updated: 0, moved: 0, unchanged: 5 });
      }
      assert.equal(await unitCount(), before + 3);
      assert.equal(await auditCount(), audits);
      // A changed file updates existing codes: move back and rename.
      const changed = csv([HEADER, ['5301', 'KPU Kabupaten Sumba Barat', '53', 'regency', '5301'], ['5372', 'KPU Kota Kupang Timur (Baru)', 'NTT-WIL2', 'regency', '5371']]);
      const res = (await apiImport(operator, changed, true)).json();
      assert.deepEqual(res.totals, { new: 0, updated: 1, moved: 1, unchanged: 0 });
      assert.equal((await unit('5301')).path, sumba.path);
      assert.equal((await unit('5372')).name, 'KPU Kota Kupang Timur (Baru)');
    });

    test('import pages: upload → report with bad rows → fixed file → apply; the template downloads', async () => {
      await operator.get('/admin/units/import');
      const bad = await pageUpload(operator, csv([HEADER, ['5320-SEK', 'Sekretariat Manggarai Barat', '5320', 'unit', ''], ['X5', 'Unit X5', '35', 'unit', '']]));
      assert.equal(bad.status, 400, bad.body);
      assert.match(bad.body, /data-row="3" data-code="parent_outside_scope"/);
      assert.doesNotMatch(bad.body, /action="\/admin\/units\/import\/apply"/);

      const good = await pageUpload(operator, csv([HEADER, ['5320-SEK', 'Sekretariat Manggarai Barat', '5320', 'unit', '']]));
      assert.equal(good.status, 200, good.body);
      assert.match(good.body, /action="\/admin\/units\/import\/apply"/);
      assert.equal(await p.ctx.repos.units.findByCode('5320-SEK'), undefined);
      const fileId = /name="fileId" value="(\d+)"/.exec(good.body)![1]!;
      const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(good.body)![1]!;
      // Another administrator cannot apply someone else's upload.
      await jatimOperator.get('/admin/units/import');
      assert.equal((await jatimOperator.postForm('/admin/units/import/apply', { fileId, sha256 })).status, 404);
      const applied = await operator.postForm('/admin/units/import/apply', { fileId, sha256 });
      assert.equal(applied.status, 200, applied.body);
      assert.match(applied.body, /Impor unit disimpan/);
      assert.equal((await unit('5320-SEK')).parent_id, (await unit('5320')).id);

      // Without the CSRF token in the query string, the upload is refused before it is read.
      const body = multipart({}, { field: 'file', data: csv([HEADER]), filename: 'x.csv' });
      assert.equal((await operator.request({ method: 'POST', url: '/admin/units/import', headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload })).status, 403);

      const template = await operator.request({ method: 'GET', url: '/admin/units/template.xlsx' });
      assert.equal(template.status, 200);
      assert.match(String(template.headers['content-type']), /spreadsheetml/);
      const api = await operator.request({ method: 'GET', url: '/api/v1/units/import/template', headers: { accept: '*/*' } });
      assert.equal(api.status, 200);
      assert.equal((await participant.getJson('/api/v1/units/import/template')).status, 403);
      // The template itself passes a dry run (its examples hang below SETJEN, inside the platform admin's scope).
      const dry = (await apiImport(admin, await unitTemplateWorkbook(), false, 'templat-unit.xlsx')).json();
      assert.equal(dry.valid, true, JSON.stringify(dry.errors));
      assert.equal(dry.rows, 3);
    });
  });
}
