import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { hashPassword } from '../../../services/crypto.js';
import { multipartBody } from '../../../../test/support/multipart.js';

const MIB = 1024 * 1024;
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');

/** A multipart/form-data body built by hand, as a browser sends it. */
function multipart(file: { data: Buffer; filename?: string; type?: string; field?: string }, fields: Record<string, string> = {}) {
  return multipartBody(fields, [{ field: file.field ?? 'file', filename: file.filename ?? 'jurnal.pdf', type: file.type ?? 'application/pdf', data: file.data }]);
}

function filesOnDisk(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

async function addUser(p: TestPlatform, u: { login: string; name: string; nip?: string; unitCode?: string; role: 'participant' | 'facilitator' | 'unit_operator'; cohortId?: number; roleUnitCode?: string }) {
  const now = p.clock.fn().toISOString();
  const unit = u.unitCode ? (await p.ctx.repos.units.findAllByCode(u.unitCode))[0]! : null;
  const id = await p.ctx.repos.users.insert({
    login: u.login, nip: u.nip ?? null, name: u.name, email: `${u.login}@demo.lentera.id`, phone: null, employment_type: u.nip ? 'PPPK' : null, position: null,
    unit_id: unit?.id ?? null, password_hash: await hashPassword(DEMO_PASSWORD), must_change_password: 0, locale: null, status: 'active',
    created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
  });
  const roleUnit = u.roleUnitCode ? (await p.ctx.repos.units.findAllByCode(u.roleUnitCode))[0]! : null;
  await p.ctx.repos.users.addRole({ user_id: id, role: u.role, unit_id: roleUnit?.id ?? null, cohort_id: u.cohortId ?? null, created_at: now, created_by: null });
  return id;
}

async function buildProgramme(p: TestPlatform) {
  const now = p.clock.fn().toISOString();
  const programmeId = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!.id;
  const L = p.ctx.repos.learning;
  const s1 = await L.insertStage({ programme_id: programmeId, position: 1, title: 'Agenda I', now });
  const m1 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 1, kind: 'page', title: 'Bela Negara', config: { markdown: '# Bela Negara', completeOn: 'open' }, now });
  const m2 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 2, kind: 'page', title: 'BerAKHLAK', config: { markdown: 'Nilai dasar', completeOn: 'scroll_end' }, now });
  const jurnal = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 3, kind: 'upload', title: 'Jurnal', config: { instructions: 'Rangkum **setiap agenda**.', maxBytes: 5 * MIB, requireMaterialOpened: true }, now });
  return { m1, m2, jurnal };
}

for (const kind of testDatabases()) {
  describe(`Jurnal upload and review [${kind}]`, () => {
    let p: TestPlatform;
    let ids: Awaited<ReturnType<typeof buildProgramme>>;
    let cohortId: number;
    let ntt: TestClient; // the demo participant (KPU Kota Kupang, NTT)
    let jatim: TestClient; // a participant of KPU Provinsi Jawa Timur
    let operator: TestClient; // operator.ntt
    let facilitator: TestClient; // assigned to the cohort
    let otherFacilitator: TestClient; // assigned to another cohort
    let admin: TestClient;
    let enrolmentId: number;
    let jatimEnrolmentId: number;
    let firstId: number;
    let jatimSubmissionId: number;

    const url = (e: number, a: number, csrf?: string) => `/api/v1/enrolments/${e}/activities/${a}/submissions${csrf ? `?_csrf=${encodeURIComponent(csrf)}` : ''}`;
    const upload = async (c: TestClient, e: number, a: number, file: Parameters<typeof multipart>[0], opts: { csrf?: boolean } = { csrf: true }) => {
      const body = multipart(file);
      return c.request({ method: 'POST', url: url(e, a, opts.csrf ? c.csrf : undefined), headers: { 'content-type': body.type, accept: 'application/json' }, payload: body.payload });
    };
    const fileCount = async () => Number((await sql<{ n: number }>`select count(*) as n from files`.execute(p.ctx.db.kysely)).rows[0]!.n);
    const submissionCount = async () => p.ctx.repos.submissions.count();
    const outlineState = async (c: TestClient, e: number, a: number) => {
      const o = (await c.getJson(`/api/v1/enrolments/${e}/outline`)).json();
      return o.stages.flatMap((s: { activities: { id: number; state: string; reason: string | null }[] }) => s.activities).find((x: { id: number }) => x.id === a);
    };

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z');
      cohortId = (await loadDemo(p.ctx, DEMO_PASSWORD, { content: false })).cohortId;
      ids = await buildProgramme(p);
      const now = p.clock.fn().toISOString();
      const otherCohort = await p.ctx.repos.programmes.insertCohort({ programme_id: (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!.id, code: 'LAIN', title: 'Angkatan lain', starts_on: null, ends_on: null, gelombang: null, angkatan: null, now });
      const jatimId = await addUser(p, { login: '199202022024212002', nip: '199202022024212002', name: 'Siti Rahayu', unitCode: '35', role: 'participant' });
      await p.ctx.repos.programmes.enrol({ cohort_id: cohortId, user_id: jatimId, ndh: 2, now });
      await addUser(p, { login: 'fasilitator', name: 'Fasilitator Angkatan', role: 'facilitator', cohortId });
      await addUser(p, { login: 'fasilitator.lain', name: 'Fasilitator Lain', role: 'facilitator', cohortId: otherCohort });

      ntt = new TestClient(p);
      await ntt.login(DEMO.participant.nip, DEMO_PASSWORD);
      await ntt.get('/account'); // a page: the CSRF token of this session
      enrolmentId = (await ntt.getJson('/api/v1/me/enrolments')).json().items[0].id;
      jatim = new TestClient(p);
      await jatim.login('199202022024212002', DEMO_PASSWORD);
      await jatim.get('/account');
      jatimEnrolmentId = (await jatim.getJson('/api/v1/me/enrolments')).json().items[0].id;
      operator = new TestClient(p);
      await operator.login(DEMO.operator.login, DEMO_PASSWORD);
      facilitator = new TestClient(p);
      await facilitator.login('fasilitator', DEMO_PASSWORD);
      otherFacilitator = new TestClient(p);
      await otherFacilitator.login('fasilitator.lain', DEMO_PASSWORD);
      admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('locked until every earlier piece of material was opened: 409 activity_locked with the reason', async () => {
      assert.ok(ntt.csrf, 'a CSRF token from a page');
      const o = await outlineState(ntt, enrolmentId, ids.jurnal);
      assert.equal(o.state, 'locked');
      assert.equal(o.reason, 'Jurnal dapat diunggah setelah semua materi dibuka (masih 2 materi)');
      const res = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v1') });
      assert.equal(res.status, 409);
      assert.equal(res.json().error.code, 'activity_locked');
      assert.match(res.json().error.message, /masih 2 materi/);
      await ntt.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${ids.m1}/progress`, { eventId: 'evt-m1-open-01', type: 'opened' });
      assert.equal((await outlineState(ntt, enrolmentId, ids.jurnal)).reason, 'Jurnal dapat diunggah setelah semua materi dibuka (masih 1 materi)');
      // Opened is enough (m2 completes only when read to the end).
      await ntt.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${ids.m2}/progress`, { eventId: 'evt-m2-open-01', type: 'opened' });
      assert.equal((await outlineState(ntt, enrolmentId, ids.jurnal)).state, 'available');
      assert.equal(await fileCount(), 0);
    });

    test('cookie multipart calls need the CSRF token; JSON bodies are refused', async () => {
      const res = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v1') }, { csrf: false });
      assert.equal(res.status, 403);
      const json = await ntt.postJson(url(enrolmentId, ids.jurnal), { file: 'x' });
      assert.equal(json.status, 415);
      assert.equal(await fileCount(), 0);
    });

    test('not a PDF (even named .pdf) → 415 with the message; nothing kept', async () => {
      const res = await upload(ntt, enrolmentId, ids.jurnal, { data: Buffer.from('PK\u0003\u0004 this is a docx'), filename: 'jurnal.pdf' });
      assert.equal(res.status, 415);
      assert.equal(res.json().error.code, 'unsupported_media_type');
      assert.match(res.json().error.message, /^Berkas harus PDF/);
      assert.equal(await fileCount(), 0);
      assert.equal(await submissionCount(), 0);
      assert.deepEqual(filesOnDisk(p.config.filesDir ?? p.ctx.config.filesDir), []);
    });

    test('more than 5 MB → 413 with the message; no file or row left behind', async () => {
      const big = Buffer.concat([pdf('big'), Buffer.alloc(5 * MIB, 0x20)]);
      const res = await upload(ntt, enrolmentId, ids.jurnal, { data: big });
      assert.equal(res.status, 413);
      assert.equal(res.json().error.code, 'payload_too_large');
      assert.match(res.json().error.message, /^Ukuran berkas maksimal 5 MB/);
      assert.equal(await fileCount(), 0);
      assert.equal(await submissionCount(), 0);
      assert.deepEqual(filesOnDisk(p.ctx.config.filesDir), []);
    });

    test('a real small PDF through the API: version 1, awaiting review; a double post stays one version', async () => {
      const res = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v1'), filename: 'Jurnal Yohanes.pdf' });
      assert.equal(res.status, 201, res.body);
      const s = res.json().submission;
      firstId = s.id;
      assert.equal(s.version, 1);
      assert.equal(s.status, 'submitted');
      assert.equal(s.file.name, 'Jurnal Yohanes.pdf');
      assert.equal(res.json().duplicate, false);
      const again = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v1'), filename: 'Jurnal Yohanes.pdf' });
      assert.equal(again.status, 200);
      assert.equal(again.json().duplicate, true);
      assert.equal(again.json().submission.id, firstId);
      assert.equal(await submissionCount(), 1);
      assert.equal(await fileCount(), 1, 'the duplicate file was not kept');
      assert.equal(filesOnDisk(p.ctx.config.filesDir).length, 1);
      assert.equal((await outlineState(ntt, enrolmentId, ids.jurnal)).state, 'in_progress');
      const mine = (await ntt.getJson(url(enrolmentId, ids.jurnal))).json();
      assert.deepEqual(mine.items.map((x: { version: number }) => x.version), [1]);
    });

    test('the owner downloads the PDF; another participant gets 404', async () => {
      const res = await ntt.get(`/api/v1/submissions/${firstId}/file`);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /application\/pdf/);
      assert.ok(res.body.startsWith('%PDF-'));
      assert.equal((await jatim.getJson(`/api/v1/submissions/${firstId}/file`)).status, 404);
    });

    test('the no-JavaScript form (multipart, CSRF token in the query) redirects back to the activity with a notice', async () => {
      // The token as the view renders it into the form action.
      const body = multipart({ data: pdf('jatim') }, { _csrf: jatim.csrf });
      const res = await jatim.request({ method: 'POST', url: `/learn/${jatimEnrolmentId}/activities/${ids.jurnal}/submissions?_csrf=${encodeURIComponent(jatim.csrf)}`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
      assert.equal(res.status, 409, 'locked: material not opened yet');
      assert.match(res.body, /masih 2 materi/);
      for (const a of [ids.m1, ids.m2]) await jatim.postJson(`/api/v1/enrolments/${jatimEnrolmentId}/activities/${a}/progress`, { eventId: `evt-jatim-${a}-open`, type: 'opened' });
      const ok = await jatim.request({ method: 'POST', url: `/learn/${jatimEnrolmentId}/activities/${ids.jurnal}/submissions?_csrf=${encodeURIComponent(jatim.csrf)}`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.location, `/learn/${jatimEnrolmentId}/activities/${ids.jurnal}?notice=submitted`);
      jatimSubmissionId = (await jatim.getJson(url(jatimEnrolmentId, ids.jurnal))).json().items[0].id;
      // Without the token: refused.
      const forged = await jatim.request({ method: 'POST', url: `/learn/${jatimEnrolmentId}/activities/${ids.jurnal}/submissions`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
      assert.equal(forged.status, 403);
      // Not a PDF: a page with the message and the form again.
      const bad = multipart({ data: Buffer.from('hello, not a pdf'), filename: 'x.pdf' });
      const refused = await jatim.request({ method: 'POST', url: `/learn/${jatimEnrolmentId}/activities/${ids.jurnal}/submissions?_csrf=${encodeURIComponent(jatim.csrf)}`, headers: { 'content-type': bad.type, accept: 'text/html' }, payload: bad.payload });
      assert.equal(refused.status, 415);
      assert.match(refused.body, /Berkas harus PDF/);
      assert.match(refused.body, /enctype="multipart\/form-data"/);
    });

    test('review scope: operator of NTT sees NTT, not Jawa Timur (404); facilitators by cohort; participants 403', async () => {
      const opList = (await operator.getJson('/api/v1/submissions?status=submitted')).json();
      assert.deepEqual(opList.items.map((x: { id: number }) => x.id), [firstId]);
      assert.equal(opList.items[0].participant.name, DEMO.participant.name);
      assert.equal((await operator.getJson(`/api/v1/submissions/${jatimSubmissionId}`)).status, 404);
      assert.equal((await operator.getJson(`/api/v1/submissions/${jatimSubmissionId}/file`)).status, 404);
      const outside = await operator.postJson(`/api/v1/submissions/${jatimSubmissionId}/review`, { decision: 'accept' });
      assert.equal(outside.status, 404);

      const facList = (await facilitator.getJson('/api/v1/submissions')).json();
      assert.deepEqual(facList.items.map((x: { id: number }) => x.id), [jatimSubmissionId, firstId], 'newest first');
      assert.equal((await otherFacilitator.getJson('/api/v1/submissions')).json().items.length, 0);
      assert.equal((await otherFacilitator.getJson(`/api/v1/submissions/${firstId}`)).status, 404);
      const adminList = (await admin.getJson(`/api/v1/submissions?cohort=${cohortId}&unit=53`)).json();
      assert.deepEqual(adminList.items.map((x: { id: number }) => x.id), [firstId]);
      assert.equal((await ntt.getJson('/api/v1/submissions')).status, 403);
      assert.equal((await ntt.postJson(`/api/v1/submissions/${firstId}/review`, { decision: 'accept' })).status, 404);
    });

    test('return with a comment → resubmit → accept → the activity is completed in the outline; accepted is final', async () => {
      const noComment = await operator.postJson(`/api/v1/submissions/${firstId}/review`, { decision: 'return' });
      assert.equal(noComment.status, 400);
      const returned = await operator.postJson(`/api/v1/submissions/${firstId}/review`, { decision: 'return', comment: 'Lengkapi agenda Smart Governance.' });
      assert.equal(returned.status, 200, returned.body);
      assert.equal(returned.json().status, 'returned');
      assert.equal((await operator.postJson(`/api/v1/submissions/${firstId}/review`, { decision: 'accept' })).status, 409, 'already reviewed');
      assert.equal((await outlineState(ntt, enrolmentId, ids.jurnal)).state, 'in_progress');

      // The same bytes again after a return are a new version (the participant chose to resend it).
      const v2 = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v2 with Smart Governance') });
      assert.equal(v2.status, 201);
      assert.equal(v2.json().submission.version, 2);
      const v2id = v2.json().submission.id;

      // The review page (no JavaScript): accept by form post.
      const page = await facilitator.get(`/review/submissions/${v2id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Terima Jurnal/);
      assert.match(page.body, /Lengkapi agenda Smart Governance/);
      const accepted = await facilitator.postForm(`/review/submissions/${v2id}/review`, { decision: 'accept' });
      assert.equal(accepted.status, 303);
      assert.equal(accepted.headers.location, `/review/submissions/${v2id}?notice=accepted`);

      const o = await outlineState(ntt, enrolmentId, ids.jurnal);
      assert.equal(o.state, 'completed');
      const final = await upload(ntt, enrolmentId, ids.jurnal, { data: pdf('v3') });
      assert.equal(final.status, 409);
      assert.equal(final.json().error.code, 'submission_final');

      const audits = await sql<{ action: string }>`select action from audit_log where target_type = 'submission' order by id`.execute(p.ctx.db.kysely);
      const actions = audits.rows.map((r) => r.action);
      assert.ok(actions.includes('submission.returned') && actions.includes('submission.accepted'), actions.join(','));
      const mine = (await ntt.getJson(url(enrolmentId, ids.jurnal))).json().items;
      assert.deepEqual(mine.map((x: { version: number; status: string }) => `${x.version}:${x.status}`), ['2:accepted', '1:returned']);
    });

    test('review list page: filters, participant, NIP, unit, version and time in the reviewer’s zone', async () => {
      const res = await operator.get('/review/submissions?status=all');
      assert.equal(res.status, 200);
      assert.match(res.body, new RegExp(DEMO.participant.name));
      assert.doesNotMatch(res.body, /Siti Rahayu/);
      assert.match(res.body, /10 Nov 2025, 09\.00 WITA/);
      assert.equal((await operator.get(`/review/submissions/${jatimSubmissionId}`)).status, 404);
      assert.equal((await ntt.get('/review/submissions')).status, 403);
      const anon = await new TestClient(p).get('/review/submissions');
      assert.equal(anon.status, 303);
    });
  });
}
