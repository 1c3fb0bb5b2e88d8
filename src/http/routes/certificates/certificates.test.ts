// Certificates over HTTP on both databases: settings API, list scope, revocation shown on the
// verification page and API, re-issue, unknown codes, the masked NIP, the rate limit, the batch job,
// the PDF download, and the admin pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, startTestPlatform, testDatabases, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, signIn } from '../../../../test/support/programme-scope.js';
import type { MatrixWorld } from '../../../../test/support/matrix-world.js';
import { addTestUser } from '../../../../test/support/quiz.js';
import { processCertificate } from '../../../services/certificates/pipeline.js';

const NO_REQUIREMENTS = { activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false };
const VERIFY_LIMIT = 5;

for (const kind of testDatabases()) {
  describe(`certificates over HTTP (${kind})`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    let address = 0;
    /** An anonymous visitor from its own address (the verification limit counts per address). */
    const visitor = () => new TestClient(p, {}, { remoteAddress: `10.9.${Math.floor(++address / 250)}.${(address % 250) + 1}` });
    const db = () => p.ctx.db.kysely;
    const certOf = (enrolmentId: number) => db().selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolmentId).where('status', '<>', 'revoked').executeTakeFirstOrThrow();
    let issuedInside: { enrolmentId: number; id: number; code: string; number: string; userId: number; nip: string };

    before(async () => {
      p = await startTestPlatform(kind, { VERIFY_RATE_LIMIT_PER_MINUTE: String(VERIFY_LIMIT) });
      w = await buildMatrixWorld(p);
      const admin = await signIn(w, 'admin');
      const res = await admin.sendJson('PUT', `/api/v1/programmes/${w.programme.kpu}/certificate-settings`, { enabled: true, requirements: NO_REQUIREMENTS, numberPattern: '{seq:4}/ORIENT-PPPK/{agency}/{year}', signerName: 'Dr. Sutéja', signerPosition: 'Kepala Biro', signerPlace: 'Jakarta', jp: 40 });
      assert.equal(res.status, 200, res.body);
      // A participant of NTT with a NIP, issued directly through the pipeline.
      const userId = await w.scratch.person('inside');
      const nip = w.scratch.nip();
      await db().updateTable('users').set({ nip }).where('id', '=', userId).execute();
      await p.ctx.repos.programmes.enrol({ cohort_id: w.cohort.a, user_id: userId, ndh: null, now: p.clock.fn().toISOString() });
      const enrolmentId = (await db().selectFrom('enrolments').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
      assert.equal((await processCertificate(p.ctx, enrolmentId)).status, 'issued');
      const c = await certOf(enrolmentId);
      issuedInside = { enrolmentId, id: c.id, code: c.verification_code, number: c.number!, userId, nip };
    });
    after(async () => p?.dispose());

    test('settings API: defaults, validation, and who may change them', async () => {
      const admin = await signIn(w, 'admin');
      const foreign = await admin.getJson(`/api/v1/programmes/${w.programme.foreign}/certificate-settings`);
      assert.equal(foreign.status, 200);
      assert.equal(foreign.json().numberPattern, '{seq}/ORIENT-PPPK/{agency}/{year}');
      assert.equal(foreign.json().requirements.photo, true);
      const bad = await admin.sendJson('PUT', `/api/v1/programmes/${w.programme.kpu}/certificate-settings`, { enabled: true, requirements: NO_REQUIREMENTS, numberPattern: '{agency}/{year}' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json().error.code, 'validation_failed');
      assert.ok(bad.json().error.fields.numberPattern);
      const unknown = await admin.sendJson('PUT', `/api/v1/programmes/${w.programme.kpu}/certificate-settings`, { enabled: true, requirements: NO_REQUIREMENTS, numberPattern: '{seq}/{nope}' });
      assert.equal(unknown.status, 400);
      const facilitator = await signIn(w, 'facilitator');
      assert.equal((await facilitator.getJson(`/api/v1/programmes/${w.programme.kpu}/certificate-settings`)).status, 403);
      const operator = await signIn(w, 'operator');
      assert.equal((await operator.getJson(`/api/v1/programmes/${w.programme.kpu}/certificate-settings`)).status, 200);
      assert.equal((await operator.getJson(`/api/v1/programmes/${w.programme.foreign}/certificate-settings`)).status, 404);
      const participant = await signIn(w, 'participant');
      assert.equal((await participant.getJson(`/api/v1/programmes/${w.programme.kpu}/certificate-settings`)).status, 403);
    });

    test('verification: valid certificate, masked NIP, cacheable briefly; page and API agree', async () => {
      const api = await visitor().getJson(`/api/v1/certificates/verify/${issuedInside.code}`);
      assert.equal(api.status, 200, api.body);
      const v = api.json();
      assert.equal(v.status, 'valid');
      assert.equal(v.number, issuedInside.number);
      assert.equal(v.jp, 40);
      const masked = issuedInside.nip.slice(0, 4) + '*'.repeat(issuedInside.nip.length - 7) + issuedInside.nip.slice(-3);
      assert.equal(v.nipMasked, masked);
      assert.ok(!api.body.includes(issuedInside.nip), 'the full NIP never leaves the server');
      assert.match(String(api.headers['cache-control']), /public, max-age=\d+/);
      const page = await visitor().get(`/verify/${issuedInside.code}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(masked));
      assert.ok(page.body.includes(v.holderName));
      assert.ok(page.body.includes('data-status="valid"'));
      assert.match(String(page.headers['cache-control']), /^private, max-age=\d+$/, 'the page carries a CSRF token: browser cache only');
      assert.ok(!page.body.includes(issuedInside.nip));
      // Lower-case codes are the same code.
      assert.equal((await visitor().getJson(`/api/v1/certificates/verify/${issuedInside.code.toLowerCase()}`)).status, 200);
    });

    test('unknown or malformed codes: 404 not_found on the API and the page', async () => {
      for (const code of ['AAAAAAAAAAAAAAAAAAAA', 'abc', '%27%20or%201%3D1']) {
        const api = await visitor().getJson(`/api/v1/certificates/verify/${code}`);
        assert.equal(api.status, 404);
        assert.equal(api.json().error.code, 'not_found');
        assert.equal((await visitor().get(`/verify/${code}`)).status, 404);
      }
    });

    test('verification is rate-limited per address: 429 with Retry-After', async () => {
      const c = visitor();
      for (let i = 0; i < VERIFY_LIMIT; i++) assert.equal((await c.getJson(`/api/v1/certificates/verify/${issuedInside.code}`)).status, 200);
      const limited = await c.getJson(`/api/v1/certificates/verify/${issuedInside.code}`);
      assert.equal(limited.status, 429);
      assert.equal(limited.json().error.code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal((await c.get(`/verify/${issuedInside.code}`)).status, 429);
      // Another address is not affected.
      assert.equal((await visitor().get(`/verify/${issuedInside.code}`)).status, 200);
    });

    test('the PDF: its holder and staff in scope; others 404', async () => {
      const holder = new TestClient(p);
      const login = (await db().selectFrom('users').select('login').where('id', '=', issuedInside.userId).executeTakeFirstOrThrow()).login;
      await holder.login(login, DEMO_PASSWORD);
      const own = await holder.request({ method: 'GET', url: `/api/v1/certificates/${issuedInside.id}/pdf` });
      assert.equal(own.status, 200);
      assert.equal(own.headers['content-type'], 'application/pdf');
      assert.ok(own.body.startsWith('%PDF-'));
      const operator = await signIn(w, 'operator');
      assert.equal((await operator.request({ method: 'GET', url: `/api/v1/certificates/${issuedInside.id}/pdf` })).status, 200);
      const jatim = await signIn(w, 'jatimOperator');
      assert.equal((await jatim.request({ method: 'GET', url: `/api/v1/certificates/${issuedInside.id}/pdf` })).status, 404);
      const other = await signIn(w, 'otherParticipant');
      assert.equal((await other.request({ method: 'GET', url: `/api/v1/certificates/${issuedInside.id}/pdf` })).status, 404);
    });

    test('scope: another subtree or agency cannot list or revoke (404); participants 403', async () => {
      const jatim = await signIn(w, 'jatimOperator');
      const list = await jatim.getJson(`/api/v1/programmes/${w.programme.kpu}/certificates`);
      assert.equal(list.status, 200);
      assert.ok(!list.json().items.some((i: { id: number }) => i.id === issuedInside.id), 'not in the Jawa Timur operator’s list');
      assert.equal((await jatim.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Tidak berhak mencabut' })).status, 404);
      const bknOperatorLogin = 'operator.bkn.sertifikat';
      await addTestUser(p, { login: bknOperatorLogin, unitCode: w.units.bknUnit, role: 'unit_operator', roleUnitCode: w.units.bkn, password: DEMO_PASSWORD });
      const bkn = new TestClient(p);
      await bkn.login(bknOperatorLogin, DEMO_PASSWORD);
      assert.equal((await bkn.getJson(`/api/v1/programmes/${w.programme.kpu}/certificates`)).status, 404);
      assert.equal((await bkn.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Tidak berhak mencabut' })).status, 404);
      assert.equal((await bkn.postJson(`/api/v1/certificates/${issuedInside.id}/reissue`, { reason: 'Tidak berhak mencabut' })).status, 404);
      const participant = await signIn(w, 'participant');
      assert.equal((await participant.getJson(`/api/v1/programmes/${w.programme.kpu}/certificates`)).status, 403);
      assert.equal((await participant.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Tidak berhak mencabut' })).status, 403);
      const facilitator = await signIn(w, 'facilitator');
      assert.equal((await facilitator.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Tidak berhak mencabut' })).status, 403);
      assert.equal((await db().selectFrom('certificates').select('status').where('id', '=', issuedInside.id).executeTakeFirstOrThrow()).status, 'issued');
    });

    test('batch: the operator’s participants are issued by a job with progress; others are left alone', async () => {
      const inside = await w.scratch.enrolment('inside');
      const outside = await w.scratch.enrolment('outside');
      const operator = await signIn(w, 'operator');
      const res = await operator.postJson(`/api/v1/programmes/${w.programme.kpu}/certificates/batch`, {});
      assert.equal(res.status, 202, res.body);
      const { jobId } = res.json();
      while (await p.ctx.jobs.runOnce()) {
        /* run the batch (and anything it queued) */
      }
      const job = (await operator.getJson(`/api/v1/jobs/${jobId}`)).json();
      assert.equal(job.status, 'succeeded');
      assert.equal(job.progress.percent, 100);
      assert.ok(job.result.issued >= 1);
      assert.equal((await certOf(inside)).status, 'issued');
      assert.equal((await db().selectFrom('certificates').select('id').where('enrolment_id', '=', outside).execute()).length, 0, 'Jawa Timur is outside the NTT operator’s scope');
      const list = (await operator.getJson(`/api/v1/programmes/${w.programme.kpu}/certificates?status=issued`)).json();
      assert.ok(list.counts.issued >= 2);
      assert.ok(list.items.every((i: { status: string }) => i.status === 'issued'));
      // The page form redirects to the job page.
      await operator.get(`/admin/programmes/${w.programme.kpu}/certificates`);
      const form = await operator.postForm(`/admin/programmes/${w.programme.kpu}/certificates/batch`, { cohortId: String(w.cohort.a) });
      assert.equal(form.status, 303);
      assert.match(String(form.headers.location), /^\/jobs\/\d+$/);
      const facilitator = await signIn(w, 'facilitator');
      assert.equal((await facilitator.postJson(`/api/v1/programmes/${w.programme.kpu}/certificates/batch`, {})).status, 403);
    });

    test('revocation shows on the verification page and API; re-issue gives a new number', async () => {
      const operator = await signIn(w, 'operator');
      assert.equal((await operator.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'x' })).status, 400);
      const revoked = await operator.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Nama salah cetak' });
      assert.equal(revoked.status, 200, revoked.body);
      assert.equal(revoked.json().status, 'revoked');
      assert.equal(revoked.json().number, issuedInside.number, 'revocation keeps the number');
      assert.equal((await operator.postJson(`/api/v1/certificates/${issuedInside.id}/revoke`, { reason: 'Nama salah cetak' })).status, 409);
      const api = (await visitor().getJson(`/api/v1/certificates/verify/${issuedInside.code}`)).json();
      assert.equal(api.status, 'revoked');
      assert.equal(api.revokedReason, 'Nama salah cetak');
      assert.ok(api.revokedAt);
      const page = await visitor().get(`/verify/${issuedInside.code}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('data-status="revoked"'));
      assert.ok(page.body.includes('Nama salah cetak'));
      assert.doesNotMatch(String(page.headers['cache-control']), /max-age=[1-9]/);
      const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'certificate.revoked').where('target_id', '=', String(issuedInside.id)).execute();
      assert.equal(audit.length, 1);
      assert.equal((await db().selectFrom('enrolments').select('state').where('id', '=', issuedInside.enrolmentId).executeTakeFirstOrThrow()).state !== 'certified', true);

      const reissued = await operator.postJson(`/api/v1/certificates/${issuedInside.id}/reissue`, {});
      assert.equal(reissued.status, 200, reissued.body);
      assert.equal(reissued.json().replacesId, issuedInside.id);
      assert.equal(reissued.json().status, 'eligible');
      assert.equal((await operator.postJson(`/api/v1/certificates/${issuedInside.id}/reissue`, {})).status, 409);
      while (await p.ctx.jobs.runOnce()) {
        /* the re-issue job */
      }
      const fresh = await certOf(issuedInside.enrolmentId);
      assert.equal(fresh.status, 'issued');
      assert.equal(fresh.replaces_id, issuedInside.id);
      assert.notEqual(fresh.number, issuedInside.number);
      assert.notEqual(fresh.verification_code, issuedInside.code);
      assert.equal((await visitor().getJson(`/api/v1/certificates/verify/${fresh.verification_code}`)).json().status, 'valid');
      assert.equal((await visitor().getJson(`/api/v1/certificates/verify/${issuedInside.code}`)).json().status, 'revoked');
    });

    test('admin pages: list with counts, settings form with validation, revoke form', async () => {
      const operator = await signIn(w, 'operator');
      const page = await operator.get(`/admin/programmes/${w.programme.kpu}/certificates`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('data-status="issued"'));
      const settings = await operator.get(`/admin/programmes/${w.programme.kpu}/certificates/settings`);
      assert.equal(settings.status, 200);
      const bad = await operator.postForm(`/admin/programmes/${w.programme.kpu}/certificates/settings`, { enabled: '1', numberPattern: '{year}', jp: 'abc' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.includes('field-errors'));
      const ok = await operator.postForm(`/admin/programmes/${w.programme.kpu}/certificates/settings`, { enabled: '1', numberPattern: '{seq:4}/ORIENT-PPPK/{agency}/{year}', signerName: 'Dr. Sutéja', signerPosition: 'Kepala Biro', signerPlace: 'Jakarta', jp: '40' });
      assert.equal(ok.status, 303);
      const target = await certOf(issuedInside.enrolmentId);
      await operator.get(`/admin/programmes/${w.programme.kpu}/certificates`);
      const short = await operator.postForm(`/admin/certificates/${target.id}/revoke`, { reason: 'x' });
      assert.equal(short.status, 400);
      const revoke = await operator.postForm(`/admin/certificates/${target.id}/revoke`, { reason: 'Data unit kerja salah' });
      assert.equal(revoke.status, 303);
      assert.equal((await db().selectFrom('certificates').select('status').where('id', '=', target.id).executeTakeFirstOrThrow()).status, 'revoked');
      const anonymous = await new TestClient(p).get(`/admin/programmes/${w.programme.kpu}/certificates`);
      assert.equal(anonymous.status, 303);
    });
  });
}
