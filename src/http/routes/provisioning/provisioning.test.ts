// Bulk provisioning (issue 5, part 3): dry run with every bad-row reason (a real XLSX written by
// exceljs, a CSV with a UTF-8 BOM, semicolons and Indonesian names), apply as a job and idempotent
// re-apply, update-only mode, cohort enrolment (once per programme), all-or-nothing writes,
// activation-code sign-in, NIK encryption and masking, the slips PDF, and the operator's scope.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD, TestClient, startTestPlatform, testDatabases, type TestPlatform } from '../../../../test/support/platform.js';
import { loadAdminWorld, clientFor, JATIM, type AdminWorld } from '../users/test-fixtures.js';
import { loadPrincipal } from '../../../services/auth.js';
import { runImport } from '../../../services/provisioning.js';
import { SLIPS_PER_PAGE, issueActivationCodes, normalizeActivationCode } from '../../../services/activation.js';
import { multipartBody } from '../../../../test/support/multipart.js';

const NEW_PASSWORD = 'Sasando-Rote-2026!';
const HEADER = ['nip', 'nama', 'email', 'telepon', 'kode_unit', 'jabatan', 'jenis_kepegawaian', 'nik', 'gelombang', 'angkatan', 'ndh'];

/** A valid NI PPPK: born 1990-01-dd, appointed 2024, type 21, gender 1/2, sequence. */
const nip = (day: number, seq: number, gender: 1 | 2 = 1) => `199001${String(day).padStart(2, '0')}202421${gender}${String(seq).padStart(3, '0')}`;
const nik = (n: number) => `5371${String(n).padStart(12, '0')}`;

function multipart(fields: Record<string, string>, file?: { data: Buffer; filename: string }) {
  return multipartBody(fields, file ? [{ field: 'file', ...file }] : []);
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Peserta');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[][]) => Buffer.from('\uFEFF' + [HEADER, ...rows].map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n') + '\r\n', 'utf8');

async function upload(c: TestClient, data: Buffer, opts: { apply?: boolean; cohortId?: number | null; mode?: string; filename?: string } = {}) {
  const fields: Record<string, string> = {};
  if (opts.cohortId) fields.cohortId = String(opts.cohortId);
  if (opts.mode) fields.mode = opts.mode;
  const body = multipart(fields, { data, filename: opts.filename ?? 'peserta.xlsx' });
  return c.request({ method: 'POST', url: `/api/v1/participants/import${opts.apply ? '?apply=1' : ''}`, headers: { 'content-type': body.type, accept: 'application/json', 'x-csrf-token': c.csrf }, payload: body.payload });
}

/** Signs in, then fetches a page so the client holds the CSRF token (multipart needs it in a header). */
async function operatorClient(p: TestPlatform, who: 'operator' | 'admin' | 'jatimOperator' = 'operator') {
  const c = await clientFor(p, who);
  await c.get('/admin/participants/import');
  assert.ok(c.csrf);
  return c;
}

async function runJob(p: TestPlatform, jobId: number) {
  const run = await p.ctx.jobs.runOnce();
  assert.equal(run?.id, jobId);
  const job = await p.ctx.jobs.get(jobId);
  return job!;
}

async function userCount(p: TestPlatform) {
  return p.ctx.repos.users.count();
}

async function codesFromXlsx(c: TestClient, jobId: number): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await rawBody(c, `/admin/participants/import/jobs/${jobId}/codes.xlsx`)) as unknown as ArrayBuffer);
  const out = new Map<string, string>();
  wb.worksheets[0]!.eachRow((row, n) => {
    if (n > 1) out.set(String(row.getCell(3).value), String(row.getCell(5).value));
  });
  return out;
}

/** fastify.inject's body as bytes (the client keeps text). */
let platformRef: TestPlatform;
async function rawBody(c: TestClient, url: string): Promise<Buffer> {
  const res = await platformRef.app.inject({ method: 'GET', url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 200));
  return res.rawPayload;
}

for (const kind of testDatabases()) {
  describe(`bulk provisioning (${kind})`, () => {
    let p: TestPlatform;
    let world: AdminWorld;
    let cohortId: number;
    let programmeId: number;
    before(async () => {
      p = await startTestPlatform(kind);
      platformRef = p;
      world = await loadAdminWorld(p);
      const cohort = (await p.ctx.repos.programmes.firstCohort())!;
      cohortId = cohort.id;
      programmeId = cohort.programme_id;
    });
    after(async () => {
      await p.dispose();
    });

    test('the dry run of a real XLSX lists every bad row with its reason and writes nothing', async () => {
      const c = await operatorClient(p);
      const before = await userCount(p);
      const data = await xlsx([
        [nip(1, 101), 'Yohanes Nggadas', 'yohanes@contoh.go.id', '081234567890', '5371', 'Penata Kelola Pemilu', 'PPPK', nik(1), 1, 5, 10], // 2 valid
        ['199013012024211001', 'Tanggal Salah', '', '', '5371', '', '', '', '', '', ''], // 3 invalid birth date
        ['199001012024213001', 'Gender Salah', '', '', '5371', '', '', '', '', '', ''], // 4 invalid gender digit
        [nip(1, 101), 'Duplikat', '', '', '5371', '', '', '', '', '', ''], // 5 duplicate in the file
        [JATIM.participant.nip, 'Terdaftar Di Jatim', '', '', '5371', '', '', '', '', '', ''], // 6 registered elsewhere
        [nip(2, 102), 'Unit Tak Dikenal', '', '', 'XX99', '', '', '', '', '', ''], // 7 unknown unit
        [nip(3, 103), 'Unit Jawa Timur', '', '', '35', '', '', '', '', '', ''], // 8 unit outside the scope
        [nip(4, 104), 'Email Rusak', 'budi@@contoh', '', '5371', '', '', '', '', '', ''], // 9 malformed email
        [nip(5, 105), 'Telepon Rusak', '', '12345', '5371', '', '', '', '', '', ''], // 10 bad phone
        [nip(6, 106), 'NIK Rusak', '', '', '5371', '', '', '123', '', '', ''], // 11 bad NIK
        [nip(7, 107), 'NDH Bukan Angka', '', '', '5371', '', '', '', '', '', 'satu'], // 12 NDH not a number
        ['199001012024211001', 'Peserta Demo Kupang', '', '', '5371', '', '', '', '', '', ''], // 13 already mine: an update
      ]);
      const res = await upload(c, data, { cohortId });
      assert.equal(res.status, 200, res.body);
      const report = res.json();
      assert.equal(report.valid, false);
      assert.equal(report.rows, 12);
      const got = report.errors.map((e: { row: number; code: string; field: string }) => `${e.row}:${e.field}:${e.code}`);
      assert.deepEqual(got, [
        '3:nip:nip.invalid_birth_date',
        '4:nip:nip.invalid_gender_digit',
        '5:nip:duplicate_in_file',
        '6:nip:nip_registered_elsewhere',
        '7:kode_unit:unit_unknown',
        '8:kode_unit:unit_unknown',
        '9:email:email_invalid',
        '10:telepon:phone_invalid',
        '11:nik:nik_invalid',
        '12:ndh:number_invalid',
      ]);
      const byRow = new Map(report.errors.map((e: { row: number; message: string }) => [e.row, e.message]));
      assert.equal(byRow.get(4), 'Angka ke-15 NIP (jenis kelamin) harus 1 atau 2.');
      assert.match(byRow.get(5) as string, /baris 2/);
      // Registered elsewhere: never saying where.
      assert.doesNotMatch(byRow.get(6) as string, /Jawa Timur|35/);
      assert.equal(byRow.get(7), byRow.get(8));
      assert.equal(report.totals.new, 1);
      assert.equal(report.totals.updated + report.totals.unchanged, 1);
      assert.equal(await userCount(p), before);
      // An apply of the same file is refused as a whole.
      const apply = await upload(c, data, { cohortId, apply: true });
      assert.equal(apply.status, 400);
      assert.equal(apply.json().error.code, 'import_invalid');
      assert.equal(await userCount(p), before);
    });

    test('a CSV with a BOM, semicolons and Indonesian names is applied as a job; re-applying changes nothing', async () => {
      const c = await operatorClient(p);
      const rows = [
        [nip(10, 201, 2), 'Ni Luh Putu Ayu Saraswati, S.E.', 'niluh@contoh.go.id', '+62 812-3456-7001', '5371', 'Pengelola Keuangan', 'PPPK', nik(201), '1', '5', '21'],
        [nip(11, 202), 'Yohanes Bosco Ndoen', '', '0812 3456 7002', '5371', 'Penata Kelola Pemilu', '', '', '', '', '22'],
        [nip(12, 203, 2), 'Maria Goreti "Etty" Bunga', 'etty@contoh.go.id', '', '5310', '', 'pppk', nik(203), '', '', ''],
      ];
      const data = csv(rows);
      const dry = await upload(c, data, { cohortId, filename: 'peserta.csv' });
      assert.equal(dry.status, 200, dry.body);
      assert.equal(dry.json().valid, true, JSON.stringify(dry.json().errors));
      assert.deepEqual(dry.json().totals, { new: 3, updated: 0, unchanged: 0, enrolled: 3, skipped: 0 });
      assert.equal(dry.json().preview[0].name, 'Ni Luh Putu Ayu Saraswati, S.E.');
      assert.equal(dry.json().preview[0].phone, '081234567001');
      assert.equal(dry.json().preview[2].name, 'Maria Goreti "Etty" Bunga');

      const apply = await upload(c, data, { cohortId, apply: true, filename: 'peserta.csv' });
      assert.equal(apply.status, 202, apply.body);
      const jobId = apply.json().jobId;
      const job = await runJob(p, jobId);
      assert.equal(job.status, 'succeeded', String(job.error));
      const result = job.result as { applied: boolean; codes: number; totals: unknown; sealedSlips: string };
      assert.equal(result.applied, true);
      assert.equal(result.codes, 3);
      assert.ok(!JSON.stringify(job.result).includes(nik(201)));

      const u = (await p.ctx.repos.users.findByNip(nip(10, 201, 2)))!;
      assert.equal(u.name, 'Ni Luh Putu Ayu Saraswati, S.E.');
      assert.equal(u.unit_code, '5371');
      assert.equal(u.employment_type, 'PPPK');
      assert.equal(u.must_change_password, 1);
      assert.equal(u.password_hash, null);
      assert.match(u.activation_code_hash ?? '', /^[0-9a-f]{64}$/);
      // The NIK is stored encrypted, never in clear.
      assert.ok(u.nik_encrypted?.startsWith('v1:'));
      assert.ok(!u.nik_encrypted!.includes(nik(201)));
      // Enrolled in the cohort with its programme and NDH.
      const enrolments = await p.ctx.db.kysely.selectFrom('enrolments').selectAll().where('user_id', '=', u.id).execute();
      assert.equal(enrolments.length, 1);
      assert.equal(enrolments[0]!.cohort_id, cohortId);
      assert.equal(enrolments[0]!.programme_id, programmeId);
      assert.equal(enrolments[0]!.ndh, 21);

      // The result page links the slips and the codes; the codes work once.
      const page = await c.get(`/admin/participants/import/jobs/${jobId}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /slips\.pdf/);
      assert.match(page.body, /codes\.xlsx/);

      // Re-applying the same file: nothing new, nothing updated, no new codes.
      const before = await p.ctx.db.kysely.selectFrom('users').select(['id', 'updated_at', 'activation_code_hash']).where('nip', 'in', rows.map((r) => r[0]!)).orderBy('id').execute();
      const again = await upload(c, data, { cohortId, apply: true, filename: 'peserta.csv' });
      assert.equal(again.status, 202);
      assert.deepEqual(again.json().report.totals, { new: 0, updated: 0, unchanged: 3, enrolled: 0, skipped: 0 });
      const job2 = await runJob(p, again.json().jobId);
      assert.equal(job2.status, 'succeeded');
      assert.equal((job2.result as { codes: number }).codes, 0);
      const afterRows = await p.ctx.db.kysely.selectFrom('users').select(['id', 'updated_at', 'activation_code_hash']).where('nip', 'in', rows.map((r) => r[0]!)).orderBy('id').execute();
      assert.deepEqual(afterRows, before);
    });

    test('activation code: sign in with NIP and code (any case, no dashes) → forced password change; single use; wrong codes throttled', async () => {
      const c = await operatorClient(p);
      const people = [[nip(13, 301), 'Agustinus Lete', '', '', '5371', '', '', '', '', '', ''], [nip(14, 302, 2), 'Fransiska Dhiu', '', '', '5371', '', '', '', '', '', '']];
      const apply = await upload(c, await xlsx(people), { apply: true });
      assert.equal(apply.status, 202, apply.body);
      const jobId = apply.json().jobId;
      assert.equal((await runJob(p, jobId)).status, 'succeeded');
      const codes = await codesFromXlsx(c, jobId);
      const code1 = codes.get(nip(13, 301))!;
      assert.match(code1, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.equal(normalizeActivationCode(code1.toLowerCase().replace(/-/g, '')), code1.replace(/-/g, ''));

      const participant = new TestClient(p);
      const signIn = await participant.postJson('/api/v1/auth/login', { login: nip(13, 301), password: code1.toLowerCase().replace(/-/g, '') });
      assert.equal(signIn.status, 200, signIn.body);
      assert.equal(signIn.json().mustChangePassword, true);
      const stored = (await p.ctx.repos.users.findByNip(nip(13, 301)))!;
      assert.equal(stored.activation_code_hash, null);
      // Only the password change is open until a password is chosen (no current password exists).
      const change = await participant.postJson('/api/v1/auth/password', { currentPassword: '', newPassword: NEW_PASSWORD });
      assert.equal(change.status, 204, change.body);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/login', { login: nip(13, 301), password: NEW_PASSWORD })).status, 200);
      // Single use.
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/login', { login: nip(13, 301), password: code1 })).status, 401);

      // Wrong codes count in the sign-in throttle: after 5 the right code waits too.
      const code2 = codes.get(nip(14, 302, 2))!;
      const guesser = new TestClient(p);
      for (let i = 0; i < 5; i++) assert.equal((await guesser.postJson('/api/v1/auth/login', { login: nip(14, 302, 2), password: 'ABCD-EFGH-JKMN' })).status, 401);
      assert.equal((await guesser.postJson('/api/v1/auth/login', { login: nip(14, 302, 2), password: code2 })).status, 429);
      assert.ok((await p.ctx.repos.users.findByNip(nip(14, 302, 2)))!.activation_code_hash, 'the code is not used by a throttled attempt');

      // Re-issue (for account care): the old code stops working, the new one signs in.
      const operator = (await p.ctx.repos.users.findByLogin('operator.ntt'))!;
      const actor = { userId: operator.id, ip: 'test', principal: await loadPrincipal(p.ctx, operator.id) };
      const [slip] = await issueActivationCodes(p.ctx, actor, [(await p.ctx.repos.users.findByNip(nip(14, 302, 2)))!.id]);
      assert.notEqual(slip!.code, code2);
      const fresh = new TestClient(p, {}, { remoteAddress: '10.1.2.3' });
      assert.equal((await fresh.postJson('/api/v1/auth/login', { login: nip(14, 302, 2), password: code2 })).status, 401);
      assert.equal((await fresh.postJson('/api/v1/auth/login', { login: nip(14, 302, 2), password: slip!.code })).status, 200);
      // Outside the scope: not found.
      const jatimOperator = (await p.ctx.repos.users.findByLogin('operator.jatim'))!;
      await assert.rejects(issueActivationCodes(p.ctx, { userId: jatimOperator.id, ip: 'test', principal: await loadPrincipal(p.ctx, jatimOperator.id) }, [stored.id]), (err: { status?: number }) => err.status === 404);
    });

    test('update-only mode updates registered people and skips new rows with a reason', async () => {
      const c = await operatorClient(p);
      const data = await xlsx([
        ['199001012024211001', 'Peserta Demo Kupang (Diperbarui)', '', '081299990000', '5371', 'Analis', '', '', '', '', ''],
        [nip(15, 401), 'Orang Baru', '', '', '5371', '', '', '', '', '', ''],
      ]);
      const dry = await upload(c, data, { mode: 'update_only' });
      assert.equal(dry.status, 200, dry.body);
      const report = dry.json();
      assert.equal(report.valid, true);
      assert.deepEqual(report.totals, { new: 0, updated: 1, unchanged: 0, enrolled: 0, skipped: 1 });
      assert.deepEqual(report.skipped.map((s: { row: number; code: string }) => `${s.row}:${s.code}`), ['3:not_registered']);
      const apply = await upload(c, data, { mode: 'update_only', apply: true });
      assert.equal((await runJob(p, apply.json().jobId)).status, 'succeeded');
      const u = (await p.ctx.repos.users.findByNip('199001012024211001'))!;
      assert.equal(u.name, 'Peserta Demo Kupang (Diperbarui)');
      assert.equal(u.phone, '081299990000');
      assert.equal(await p.ctx.repos.users.findByNip(nip(15, 401)), undefined);
    });

    test('cohort: gelombang/angkatan must match, and one enrolment per programme', async () => {
      const c = await operatorClient(p);
      const other = await p.ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: 'FORMASI-2024-P2', title: 'Periode II', starts_on: null, ends_on: null, gelombang: 2, angkatan: 1, now: p.clock.now.toISOString() });
      const data = await xlsx([
        ['199001012024211001', 'Peserta Demo Kupang (Diperbarui)', '', '', '5371', '', '', '', '', '', ''], // enrolled in the demo cohort of the same programme
        [nip(16, 501), 'Gelombang Salah', '', '', '5371', '', '', '', 1, 1, ''],
        [nip(17, 502), 'Baru Periode Dua', '', '', '5371', '', '', '', 2, 1, ''],
      ]);
      const res = await upload(c, data, { cohortId: other });
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(res.json().errors.map((e: { row: number; code: string; field: string }) => `${e.row}:${e.field}:${e.code}`), ['2:nip:enrolled_in_programme', '3:gelombang:cohort_mismatch']);
      // The same person into the cohort they are in: unchanged, no second enrolment.
      const same = await upload(c, await xlsx([['199001012024211001', 'Peserta Demo Kupang (Diperbarui)', '', '', '5371', '', '', '', '', '', '']]), { cohortId });
      assert.deepEqual(same.json().totals, { new: 0, updated: 0, unchanged: 1, enrolled: 0, skipped: 0 });
      // An unknown cohort is a field error.
      const unknown = await upload(c, data, { cohortId: 999999 });
      assert.equal(unknown.status, 400);
      assert.ok(unknown.json().error.fields.cohortId);
    });

    test('a failure in the middle of the write leaves nothing half-applied', async () => {
      const operator = (await p.ctx.repos.users.findByLogin('operator.ntt'))!;
      const actor = { userId: operator.id, ip: 'test', principal: await loadPrincipal(p.ctx, operator.id) };
      const rows: (string | number)[][] = [];
      for (let i = 0; i < 1200; i++) rows.push([`19910101202421${1 + (i % 2)}${String(1 + Math.floor(i / 2)).padStart(3, '0')}`, `Peserta Massal ${i}`, '', '', i % 2 ? '5371' : '5310', '', '', '', '', '', '']);
      const data = await xlsx(rows);
      const before = await userCount(p);
      const enrolmentsBefore = (await p.ctx.db.kysely.selectFrom('enrolments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      let reached = false;
      await assert.rejects(
        runImport(p.ctx, actor, data, { cohortId, mode: 'upsert' }, {
          beforeCommit: async () => {
            reached = true;
            throw new Error('simulated crash after every chunk was written');
          },
        }),
        /simulated crash/,
      );
      assert.ok(reached);
      assert.equal(await userCount(p), before);
      assert.equal((await p.ctx.db.kysely.selectFrom('enrolments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, enrolmentsBefore);
      // And the same file then applies in full.
      const ok = await runImport(p.ctx, actor, data, { cohortId, mode: 'upsert' });
      assert.equal(ok.applied, true);
      assert.equal(await userCount(p), before + 1200);
      assert.equal(ok.slips.length, 1200);
      assert.ok(ok.slips.every((s) => s.userId > 0));
    });

    test('the dry-run page shows the NIK masked only; the slips PDF has one page per unit and per eight slips', async () => {
      const c = await operatorClient(p);
      const rows: (string | number)[][] = [[nip(20, 601), 'Kristofel Ndolu', '', '', '5371', '', '', nik(601), '', '', '']];
      for (let i = 0; i < 9; i++) rows.push([nip(21, 610 + i), `Peserta Sikka ${i}`, '', '', '5310', '', '', '', '', '', '']);
      const data = await xlsx(rows);
      const body = multipart({ cohortId: '', mode: 'upsert' }, { data, filename: 'peserta.xlsx' });
      const page = await c.request({ method: 'POST', url: `/admin/participants/import?_csrf=${encodeURIComponent(c.csrf)}`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
      assert.equal(page.status, 200, page.body.slice(0, 500));
      assert.ok(page.body.includes('5371••••••••0601'));
      assert.ok(!page.body.includes(nik(601)));
      const fileId = /name="fileId" value="(\d+)"/.exec(page.body)![1]!;
      const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(page.body)![1]!;
      const applied = await c.postForm('/admin/participants/import/apply', { fileId, sha256, cohortId: '', mode: 'upsert' });
      assert.equal(applied.status, 303, applied.body.slice(0, 300));
      const jobPath = String(applied.headers.location);
      const jobId = Number(/jobs\/(\d+)$/.exec(jobPath)![1]);
      const progress = await c.get(jobPath);
      assert.match(progress.body, /<progress/);
      assert.equal((await runJob(p, jobId)).status, 'succeeded');
      const pdf = await rawBody(c, `${jobPath}/slips.pdf`);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      // Kota Kupang: 1 slip (1 page); Sikka: 9 slips (2 pages at 8 per page).
      assert.equal(SLIPS_PER_PAGE, 8);
      assert.equal(pages, 3);
      // Someone else cannot fetch these codes.
      const admin = await clientFor(p, 'jatimOperator');
      assert.equal((await admin.get(`${jobPath}/slips.pdf`)).status, 404);
      // After 24 hours the codes are gone from the server.
      p.clock.advance(25 * 3600_000);
      assert.equal((await c.get(`${jobPath}/codes.xlsx`)).status, 404);
      assert.match((await c.get(jobPath)).body, /tidak tersedia lagi/);
    });

    test('the template is an XLSX with an instructions sheet; participants and anonymous callers are refused', async () => {
      const c = await operatorClient(p);
      const bytes = await rawBody(c, '/api/v1/participants/import/template');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      assert.deepEqual((wb.worksheets[0]!.getRow(1).values as string[]).slice(1), HEADER);
      assert.ok(wb.getWorksheet('Petunjuk'));
      const participant = await clientFor(p, 'participant');
      assert.equal((await participant.getJson('/api/v1/participants/import/template')).status, 403);
      assert.equal((await new TestClient(p).getJson('/api/v1/participants/import/template')).status, 401);
      assert.equal((await new TestClient(p).get('/admin/participants/import')).status, 303);
      void DEMO_PASSWORD;
      void world;
    });
  });
}
