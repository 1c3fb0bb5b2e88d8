// Attendance routes: the multipart upload of the Zoom report (API and page), 422 for a file that is
// not a Zoom report, 413 over 10 MB, the list and its filters, manual matching and marks through the
// pages (no JavaScript), and the XLSX export read back with exceljs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { attendanceWorld, PEOPLE, REPORT_ONE, type AttendanceWorld } from './test-fixtures.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import { multipartBody } from '../../../../test/support/multipart.js';

function multipart(file: { name: string; data: Buffer; type?: string }, fields: Record<string, string> = {}) {
  return multipartBody(fields, [{ field: 'file', filename: file.name, type: file.type ?? 'text/csv', data: file.data }]);
}

for (const kind of testDatabases()) {
  describe(`live attendance routes [${kind}]`, () => {
    let p: TestPlatform;
    let w: AttendanceWorld;
    let admin: TestClient;
    let operator: TestClient;
    let fasil1: TestClient;
    let base: string;
    let api: string;

    const upload = (c: TestClient, file: { name: string; data: Buffer; type?: string }, fields: Record<string, string> = {}) => {
      const m = multipart(file, fields);
      return c.request({ method: 'POST', url: `${api}/imports?_csrf=${encodeURIComponent(c.csrf)}`, headers: { 'content-type': m.type, accept: 'application/json' }, payload: m.payload });
    };

    before(async () => {
      p = await startTestPlatform(kind);
      w = await attendanceWorld(p, { minMinutes: 45 });
      base = `/admin/activities/${w.activityId}/attendance`;
      api = `/api/v1/live-sessions/${w.activityId}/attendance`;
      admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login('operator.ntt', DEMO_PASSWORD);
      fasil1 = new TestClient(p);
      await fasil1.login('uji-live.fasil1', DEMO_PASSWORD);
      for (const c of [admin, operator, fasil1]) assert.equal((await c.get(base)).status, 200);
    });
    after(() => p.dispose());

    test('a file that is not a Zoom report answers 422 with a clear message; an empty upload 400; over 10 MB 413', async () => {
      const notZoom = await upload(admin, { name: 'peserta.csv', data: readFileSync(new URL('../../../../test/fixtures/zoom/not-a-report.csv', import.meta.url)) });
      assert.equal(notZoom.status, 422, notZoom.body);
      assert.equal(notZoom.json().error.code, 'not_a_zoom_report');
      assert.match(notZoom.json().error.message, /bukan laporan peserta Zoom/);
      const empty = await upload(admin, { name: 'kosong.csv', data: Buffer.alloc(0) });
      assert.equal(empty.status, 400, empty.body);
      const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a');
      const tooLarge = await upload(admin, { name: 'besar.csv', data: big });
      assert.equal(tooLarge.status, 413, tooLarge.body);
      const badZone = await upload(admin, { name: 'peserta.csv', data: Buffer.from(REPORT_ONE) }, { zone: 'UTC' });
      assert.equal(badZone.status, 400, badZone.body);
      const list = await admin.getJson(`${api}/imports`);
      assert.deepEqual(list.json().items, []);
    });

    test('multipart upload through the API: counts, then the list with minutes and match sources; the same file again is a duplicate', async () => {
      const res = await upload(admin, { name: 'peserta.csv', data: Buffer.from(REPORT_ONE) }, { zone: 'WITA' });
      assert.equal(res.status, 200, res.body);
      const body = res.json();
      assert.equal(body.duplicate, false);
      assert.deepEqual([body.import.rows, body.import.matched, body.import.unmatched, body.import.ambiguous, body.import.errorCount], [6, 3, 2, 1, 1]);
      assert.equal(body.import.zone, 'WITA');
      assert.equal(body.completed, 2);

      const again = await upload(admin, { name: 'peserta-lagi.csv', data: Buffer.from(REPORT_ONE) }, { zone: 'WITA' });
      assert.equal(again.json().duplicate, true);
      assert.equal(again.json().import.id, body.import.id);

      const list = await admin.getJson(api);
      assert.equal(list.status, 200, list.body);
      const l = list.json();
      assert.equal(l.canManage, true);
      assert.equal(l.summary.participants, 6);
      assert.equal(l.summary.pending, 3);
      const yohanes = l.items.find((i: any) => i.enrolmentId === w.enrolments.yohanes);
      assert.deepEqual([yohanes.minutes, yohanes.source, yohanes.completed, yohanes.joinedViaPlatform], [60, 'email', true, false]);
      const maria = l.items.find((i: any) => i.enrolmentId === w.enrolments.maria);
      assert.deepEqual([maria.minutes, maria.source, maria.completed], [50, 'nip', true]);

      const filtered = await admin.getJson(`${api}?status=completed&limit=1`);
      assert.equal(filtered.json().items.length, 1);
      assert.equal(filtered.json().summary.matching, 2);
      assert.equal(filtered.json().nextCursor, 1);

      const detail = await admin.getJson(`${api}/imports/${body.import.id}`);
      assert.equal(detail.status, 200, detail.body);
      assert.deepEqual(detail.json().import.errors.map((e: any) => [e.line, e.code]), [[8, 'bad_time']]);
      assert.equal(detail.json().people.length, 3);

      // The unit operator sees the list of its units only, and may not upload or see the imports.
      const op = (await operator.getJson(api)).json();
      assert.equal(op.canManage, false);
      assert.deepEqual(op.items.map((i: any) => i.participant.name).sort(), ['Agus Salim', 'Budi Santoso', 'Maria Seran', 'Yohanes Bria']);
      assert.equal((await upload(operator, { name: 'peserta.csv', data: Buffer.from(REPORT_ONE) })).status, 403);
      assert.equal((await operator.getJson(`${api}/imports`)).status, 403);
    });

    test('manual matching through the API: search, match an ambiguous person to a candidate, dismiss; a mark without a reason is 400', async () => {
      const pending = (await admin.getJson(`${api}/imports`)).json().pending as any[];
      const agus = pending.find((x) => x.kind === 'ambiguous');
      // The facilitator of cohort 1 sees only its own candidate.
      const asFasil = (await fasil1.getJson(`${api}/imports`)).json().pending.find((x: any) => x.id === agus.id);
      assert.deepEqual(asFasil.candidates.map((c: any) => c.enrolmentId), [w.enrolments.agus1]);
      const found = await fasil1.getJson(`${api}/members?q=${encodeURIComponent('agus')}`);
      assert.deepEqual(found.json().items.map((i: any) => i.enrolmentId), [w.enrolments.agus1]);
      const matched = await fasil1.postJson(`${api}/resolutions`, { personId: agus.id, action: 'match', enrolmentId: w.enrolments.agus1 });
      assert.equal(matched.status, 200, matched.body);
      assert.equal(matched.json().person.status, 'matched');
      const twice = await fasil1.postJson(`${api}/resolutions`, { personId: agus.id, action: 'dismiss' });
      assert.equal(twice.status, 409);
      const noReason = await fasil1.postJson(`${api}/marks`, { enrolmentId: w.enrolments.budi, mark: 'present', reason: '' });
      assert.equal(noReason.status, 400);
      const outOfScope = await fasil1.postJson(`${api}/marks`, { enrolmentId: w.enrolments.dewi, mark: 'present', reason: 'Bukan angkatan saya' });
      assert.equal(outOfScope.status, 404);
      const marked = await fasil1.postJson(`${api}/marks`, { enrolmentId: w.enrolments.budi, mark: 'present', reason: 'Hadir dari ruang rapat BKD' });
      assert.equal(marked.status, 200, marked.body);
      assert.equal(marked.json().completed, 1);
    });

    test('pages: upload through the form, the report page, matching an unmatched person by NIP search, dismissing, and a manual mark', async () => {
      const page = await admin.get(base);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      const m = multipart({ name: 'peserta-2.csv', data: Buffer.from('Name (Original Name),User Email,Join Time,Leave Time\r\nBudi Santoso (Kantor),,11/28/2026 09:00:00,11/28/2026 09:40:00\r\nHP Samsung,,11/28/2026 08:00:00,11/28/2026 08:30:00\r\n') }, { zone: 'WITA' });
      const posted = await admin.request({ method: 'POST', url: `${base}/imports?_csrf=${encodeURIComponent(admin.csrf)}`, headers: { 'content-type': m.type, accept: 'text/html' }, payload: m.payload });
      assert.equal(posted.status, 303, posted.body);
      const location = String(posted.headers.location);
      assert.match(location, /\/imports\/\d+\?done=1$/);
      const report = await admin.get(location);
      assert.equal(report.status, 200);
      assert.match(report.body, /HP Samsung/);
      const personId = /HP Samsung<\/td>[^]*?\/people\/(\d+)/.exec(report.body)![1]!;
      const noPick = await admin.postForm(`${base}/people/${personId}`, { action: 'match' });
      assert.equal(noPick.status, 400);
      assert.match(noPick.body, /Pilih salah satu peserta/);
      const search = await admin.get(`${base}/people/${personId}?q=${PEOPLE.budi.nip.slice(0, 14)}`);
      assert.equal(search.status, 200);
      assert.match(search.body, /Budi Santoso/);
      assert.ok(search.body.includes(formatEmployeeNumber(PEOPLE.budi.nip)));
      const resolved = await admin.postForm(`${base}/people/${personId}`, { action: 'match', enrolmentId: String(w.enrolments.budi) });
      assert.equal(resolved.status, 303, resolved.body);
      const again = await admin.postForm(`${base}/people/${personId}`, { action: 'dismiss' });
      assert.equal(again.status, 409);

      const badMark = await admin.postForm(`${base}/marks`, { enrolmentId: String(w.enrolments.dewi), mark: 'absent', reason: '' });
      assert.equal(badMark.status, 400);
      assert.match(badMark.body, /paling sedikit 3 karakter/);
      const mark = await admin.postForm(`${base}/marks`, { enrolmentId: String(w.enrolments.dewi), mark: 'absent', reason: 'Izin sakit', back: `${base}?status=marked` });
      assert.equal(mark.status, 303);
      assert.equal(mark.headers.location, `${base}?status=marked&saved=1`);
      const marked = await admin.get(`${base}?status=marked`);
      assert.match(marked.body, /Izin sakit/);

      // A non-Zoom file through the page: the list again with the message, 422.
      const bad = multipart({ name: 'x.csv', data: Buffer.from('a;b;c\n1;2;3\n') });
      const refused = await admin.request({ method: 'POST', url: `${base}/imports?_csrf=${encodeURIComponent(admin.csrf)}`, headers: { 'content-type': bad.type, accept: 'text/html' }, payload: bad.payload });
      assert.equal(refused.status, 422);
      assert.match(refused.body, /bukan laporan peserta Zoom/);
      // The operator's page has no upload form and no marks.
      const op = await operator.get(base);
      assert.doesNotMatch(op.body, /enctype="multipart\/form-data"/);
      assert.doesNotMatch(op.body, /name="reason"/);
    });

    test('the XLSX export opens with exceljs and has one row per participant in scope with the minutes', async () => {
      const res = await admin.request({ method: 'GET', url: `${api}/export.xlsx` });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const raw = await p.app.inject({ method: 'GET', url: `${base}/export`, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(raw.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.name, 'Kehadiran');
      const rows: unknown[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      assert.equal(rows[0]![0], 'Nama');
      assert.equal(rows.length, 1 + 6);
      const byName = new Map(rows.slice(1).map((r) => [`${r[0]}|${r[1]}`, r]));
      const yohanes = byName.get(`Yohanes Bria|${formatEmployeeNumber(PEOPLE.yohanes.nip)}`)!;
      assert.equal(yohanes[4], 60);
      assert.equal(yohanes[5], 'Email');
      assert.equal(yohanes[10], 'Ya');
      const dewi = byName.get(`Dewi Lestari|${formatEmployeeNumber(PEOPLE.dewi.nip)}`)!;
      assert.equal(dewi[6], 'Tidak hadir');
      // The operator's export holds its units' participants only.
      const opRaw = await p.app.inject({ method: 'GET', url: `${api}/export.xlsx`, headers: { cookie: [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const opWb = new ExcelJS.Workbook();
      await opWb.xlsx.load(opRaw.rawPayload as unknown as ArrayBuffer);
      assert.equal(opWb.worksheets[0]!.rowCount, 1 + 4);
    });

    test('a participant gets 403, an unknown session 404', async () => {
      const participant = new TestClient(p);
      await participant.login('uji-live.yohanes', DEMO_PASSWORD);
      assert.equal((await participant.getJson(api)).status, 403);
      assert.equal((await participant.get(base)).status, 403);
      assert.equal((await admin.getJson(`/api/v1/live-sessions/999999/attendance`)).status, 404);
      assert.equal((await admin.get(`/admin/activities/999999/attendance`)).status, 404);
    });
  });
}
