import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { translate } from '../../../i18n/index.js';
import { DEMO } from '../../../services/demo.js';
import { clientFor, loadAdminWorld, provisionReady, type AdminWorld } from '../users/test-fixtures.js';

const REASON = 'Permintaan resmi dari BKD';

for (const kind of testDatabases()) {
  describe(`account care by operators [${kind}]`, () => {
    let p: TestPlatform;
    let w: AdminWorld;
    let admin: TestClient, operator: TestClient, participant: TestClient, anonymous: TestClient;
    let demoProgrammeId: number, demoCohortId: number, secondCohortId: number;
    let nttEnrolmentId: number, jatimEnrolmentId: number;

    const audits = async (action: string) => p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
    const enrolmentOf = async (userId: number, cohortId: number) =>
      (await p.ctx.db.kysely.selectFrom('enrolments').select('id').where('user_id', '=', userId).where('cohort_id', '=', cohortId).executeTakeFirstOrThrow()).id;

    before(async () => {
      p = await startTestPlatform(kind);
      w = await loadAdminWorld(p);
      [admin, operator, participant, anonymous] = await Promise.all([clientFor(p, 'admin'), clientFor(p, 'operator'), clientFor(p, 'participant'), clientFor(p, 'anonymous')]);
      const programme = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      demoProgrammeId = programme.id;
      demoCohortId = (await p.ctx.repos.programmes.findCohort(programme.id, DEMO.cohort.code))!.id;
      secondCohortId = await p.ctx.repos.programmes.insertCohort({ programme_id: programme.id, code: 'FORMASI-2024-P2', title: 'Formasi Tahun 2024 Periode II', starts_on: null, ends_on: null, gelombang: 2, angkatan: 1, now: p.clock.fn().toISOString() });
      await p.ctx.repos.programmes.enrol({ cohort_id: demoCohortId, user_id: w.jatimParticipantId, ndh: null, now: p.clock.fn().toISOString() });
      nttEnrolmentId = await enrolmentOf(w.participantId, demoCohortId);
      jatimEnrolmentId = await enrolmentOf(w.jatimParticipantId, demoCohortId);
    });
    after(() => p.dispose());

    test('outside the scope every action answers 404 (an NTT operator and a Jawa Timur participant); participants 403; anonymous 401', async () => {
      const j = w.jatimParticipantId;
      const calls: [string, string, unknown?][] = [
        ['POST', `/api/v1/users/${j}/unlock`, {}],
        ['GET', `/api/v1/users/${j}/lock`],
        ['POST', `/api/v1/users/${j}/move`, { unitCode: '5371', reason: REASON }],
        ['POST', `/api/v1/users/${j}/nip`, { nip: '199203152025212011', reason: REASON }],
        ['GET', `/api/v1/users/${j}/nips`],
        ['POST', `/api/v1/users/${j}/enrolments`, { cohortId: secondCohortId }],
        ['POST', `/api/v1/users/${j}/activation-code`, undefined],
        ['POST', `/api/v1/enrolments/${jatimEnrolmentId}/withdraw`, { reason: REASON }],
        ['POST', `/api/v1/enrolments/${jatimEnrolmentId}/readmit`, { reason: REASON }],
      ];
      for (const [method, url, body] of calls) {
        const res = await operator.sendJson(method, url, body);
        assert.equal(res.status, 404, `${method} ${url}: ${res.body}`);
        assert.equal(res.json().error.code, 'not_found');
        assert.ok(!res.body.includes('Siti'));
        assert.equal((await participant.sendJson(method, url, body)).status, 403, `${method} ${url} as a participant`);
        assert.equal((await anonymous.sendJson(method, url, body)).status, 401);
        if (method === 'POST') {
          // Authorisation before validation: a malformed body gets the same answer.
          assert.equal((await operator.sendJson(method, url, ['not', 'an', 'object'])).status, 404, `${url} malformed`);
          assert.equal((await participant.sendJson(method, url, ['not', 'an', 'object'])).status, 403, `${url} malformed`);
        }
      }
      assert.equal((await operator.get(`/admin/users/${j}/care`)).status, 404);
      assert.equal((await operator.postForm(`/admin/users/${j}/care/unlock`, { reason: '' })).status, 404);
      assert.equal((await operator.postForm(`/admin/enrolments/${jatimEnrolmentId}/withdraw`, { reason: REASON })).status, 404);
      // Nothing changed for the Jawa Timur participant.
      const east = (await p.ctx.repos.users.findById(j))!;
      assert.equal(east.unit_code, '35');
      assert.equal((await p.ctx.repos.accountCare.enrolmentStatus(jatimEnrolmentId))!.status, 'active');
      // A peer operator is in the scope but not the operator's to care for.
      assert.equal((await operator.postJson(`/api/v1/users/${w.nttPeerOperatorId}/unlock`, {})).status, 403);
    });

    test('unlock: a throttled account can sign in again at once; audited', async () => {
      const nip = '199505052024211009';
      const id = await provisionReady(p, { nip, name: 'Marselinus Tefa', unitCode: '5371' });
      const c = new TestClient(p);
      for (let i = 0; i < p.config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS; i++) {
        assert.equal((await c.postJson('/api/v1/auth/login', { login: nip, password: 'salah-sekali-123' })).status, 401);
      }
      assert.equal((await c.postJson('/api/v1/auth/login', { login: nip, password: DEMO_PASSWORD })).status, 429, 'throttled');
      const lock = (await operator.getJson(`/api/v1/users/${id}/lock`)).json();
      assert.equal(lock.locked, true);
      assert.ok(lock.blockedUntil);

      const page = await operator.get(`/admin/users/${id}/care`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(translate('id', 'care.lock.submit')));
      const res = await operator.postForm(`/admin/users/${id}/care/unlock`, { reason: 'Lupa kata sandi, sudah diverifikasi' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/admin/users/${id}/care?notice=care.lock.done`);
      assert.equal((await operator.getJson(`/api/v1/users/${id}/lock`)).json().locked, false);
      assert.equal((await c.postJson('/api/v1/auth/login', { login: nip, password: DEMO_PASSWORD })).status, 200, 'signs in again');

      const entry = (await audits('user.unlocked')).at(-1)!;
      assert.equal(Number(entry.target_id), id);
      assert.equal(entry.actor_user_id, w.operatorId);
      assert.match(String(entry.details), /"wasLocked":true/);
      assert.equal((await operator.postJson(`/api/v1/users/${id}/unlock`, {})).json().cleared, 0, 'nothing left to clear');
    });

    test('withdraw with a reason, then re-admit; both audited; repeated actions 409; short reasons 400', async () => {
      const short = await operator.postJson(`/api/v1/enrolments/${nttEnrolmentId}/withdraw`, { reason: 'x' });
      assert.equal(short.status, 400);
      assert.ok(short.json().error.fields.reason);

      const res = await operator.postJson(`/api/v1/enrolments/${nttEnrolmentId}/withdraw`, { reason: 'Mengundurkan diri sebagai PPPK' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().status, 'withdrawn');
      assert.equal(res.json().withdrawnReason, 'Mengundurkan diri sebagai PPPK');
      assert.ok(res.json().withdrawnAt);
      assert.equal((await operator.postJson(`/api/v1/enrolments/${nttEnrolmentId}/withdraw`, { reason: REASON })).status, 409);
      const row = await p.ctx.db.kysely.selectFrom('enrolments').selectAll().where('id', '=', nttEnrolmentId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'withdrawn');
      assert.equal(row.withdrawn_reason, 'Mengundurkan diri sebagai PPPK');
      const page = await operator.get(`/admin/users/${w.participantId}/care`);
      assert.ok(page.body.includes('Mengundurkan diri sebagai PPPK'));
      assert.match(page.body, new RegExp(`action="/admin/enrolments/${nttEnrolmentId}/readmit"`));

      const form = await operator.postForm(`/admin/enrolments/${nttEnrolmentId}/readmit`, { reason: 'ok' });
      assert.equal(form.status, 400, 'too short a reason re-renders the page');
      assert.ok(form.body.includes(translate('id', 'care.reasonTooShort')));
      const back = await operator.postForm(`/admin/enrolments/${nttEnrolmentId}/readmit`, { reason: 'Pengunduran diri dibatalkan' });
      assert.equal(back.status, 303);
      assert.equal(back.headers.location, `/admin/users/${w.participantId}/care?notice=care.readmit.done`);
      assert.equal((await p.ctx.repos.accountCare.enrolmentStatus(nttEnrolmentId))!.status, 'active');
      assert.equal((await operator.postJson(`/api/v1/enrolments/${nttEnrolmentId}/readmit`, { reason: REASON })).status, 409);

      const withdrawn = await audits('enrolment.withdrawn');
      const readmitted = await audits('enrolment.readmitted');
      assert.equal(withdrawn.length, 1);
      assert.equal(readmitted.length, 1);
      assert.match(String(readmitted[0]!.details), /Mengundurkan diri sebagai PPPK/, 'the withdrawal is kept in the history');
    });

    test('move to another unit within the scope; before/after audited; outside units refused', async () => {
      const id = await provisionReady(p, { nip: '199707072024212003', name: 'Agustina Lake', unitCode: '5371' });
      const outside = await operator.postJson(`/api/v1/users/${id}/move`, { unitCode: '35', reason: REASON });
      assert.equal(outside.status, 400);
      assert.ok(outside.json().error.fields.unitCode);
      assert.equal((await operator.postJson(`/api/v1/users/${id}/move`, { unitCode: '5371', reason: REASON })).status, 400, 'same unit');

      const res = await operator.postJson(`/api/v1/users/${id}/move`, { unitCode: '5310', reason: 'Mutasi ke KPU Kabupaten Sikka' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().unit.code, '5310');
      const entry = (await audits('user.moved')).at(-1)!;
      const details = JSON.parse(String(entry.details));
      assert.equal(details.before.unitCode, '5371');
      assert.equal(details.after.unitCode, '5310');
      assert.equal(details.reason, 'Mutasi ke KPU Kabupaten Sikka');

      const form = await operator.postForm(`/admin/users/${id}/care/move`, { unitCode: '5371', reason: 'Kembali ke Kota Kupang' });
      assert.equal(form.status, 303);
      assert.equal((await p.ctx.repos.users.findById(id))!.unit_code, '5371');
    });

    test('a new NI PPPK keeps the account, its enrolments and history; user_nips and audit record both; the old number stays findable', async () => {
      const oldNip = '199311112024211004';
      const newNip = '199311112025211002';
      const id = await provisionReady(p, { nip: oldNip, name: 'Fransiskus Nahak', unitCode: '5371' });
      await p.ctx.repos.programmes.enrol({ cohort_id: demoCohortId, user_id: id, ndh: 9, now: p.clock.fn().toISOString() });
      const enrolmentId = await enrolmentOf(id, demoCohortId);

      const bad = await operator.postJson(`/api/v1/users/${id}/nip`, { nip: '199313112025211002', reason: REASON });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json().error.fields.nip, [translate('id', 'nip.invalid.invalid_birth_date')]);
      const taken = await operator.postJson(`/api/v1/users/${id}/nip`, { nip: DEMO.participant.nip, reason: REASON });
      assert.equal(taken.status, 409);
      assert.equal(taken.json().error.code, 'nip_taken');
      assert.ok(!taken.body.includes('Yohanes'), 'does not say whose number it is');

      const res = await operator.postJson(`/api/v1/users/${id}/nip`, { nip: '19931111 2025 21 1 002', reason: 'Pindah instansi ke KPU Kota Kupang' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().id, id);
      assert.equal(res.json().nip, newNip);
      assert.equal(res.json().login, newNip, 'the login follows the number');

      const enrolments = await p.ctx.db.kysely.selectFrom('enrolments').select(['id', 'status']).where('user_id', '=', id).execute();
      assert.deepEqual(enrolments, [{ id: enrolmentId, status: 'active' }]);
      const history = (await operator.getJson(`/api/v1/users/${id}/nips`)).json().items;
      assert.equal(history.length, 2);
      assert.equal(history[0].nip, oldNip);
      assert.ok(history[0].validTo);
      assert.equal(history[1].nip, newNip);
      assert.equal(history[1].validTo, null);
      assert.equal(history[1].reason, 'Pindah instansi ke KPU Kota Kupang');
      assert.equal(history[1].changedBy, w.operatorId);
      const entry = (await audits('user.nip_changed')).at(-1)!;
      const details = JSON.parse(String(entry.details));
      assert.equal(details.before.nip, oldNip);
      assert.equal(details.after.nip, newNip);

      const signIn = new TestClient(p);
      await signIn.login(newNip, DEMO_PASSWORD);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/login', { login: oldNip, password: DEMO_PASSWORD })).status, 401);

      const found = (await operator.getJson(`/api/v1/nip-records?nip=${oldNip}`)).json().items;
      assert.equal(found.length, 1);
      assert.equal(found[0].user.id, id);
      assert.equal((await admin.getJson(`/api/v1/nip-records?nip=${oldNip}`)).json().items.length, 1);
      assert.equal((await clientFor(p, 'jatimOperator').then((c) => c.getJson(`/api/v1/nip-records?nip=${oldNip}`))).json().items.length, 0, 'not outside the scope');
      const list = await operator.get(`/admin/users?q=${oldNip}`);
      assert.ok(list.body.includes(translate('id', 'care.formerNip.title')));
      assert.match(list.body, new RegExp(`href="/admin/users/${id}"`));

      // Another person may not take the old number while it stays in the history.
      const other = await provisionReady(p, { nip: '199001012024211013', name: 'Orang Lain', unitCode: '5371' });
      assert.equal((await operator.postJson(`/api/v1/users/${other}/nip`, { nip: oldNip, reason: REASON })).status, 409);
    });

    test('one enrolment per programme: refused with a clear message; a programme admin overrides with a reason', async () => {
      const refused = await operator.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: secondCohortId });
      assert.equal(refused.status, 409);
      assert.equal(refused.json().error.code, 'already_enrolled');
      assert.equal(refused.json().error.message, translate('id', 'care.enrol.alreadyEnrolled', { name: DEMO.participant.name, programme: DEMO.programme.title, cohort: DEMO.cohort.title }));
      const same = await operator.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: demoCohortId });
      assert.equal(same.status, 409);
      assert.equal(same.json().error.code, 'already_in_cohort');
      const notAdmin = await operator.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: secondCohortId, overrideReason: 'Mengulang karena sakit' });
      assert.equal(notAdmin.status, 403, 'an operator is no programme admin');
      assert.equal((await admin.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: secondCohortId })).status, 409, 'even an admin needs a reason');
      assert.equal((await admin.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: secondCohortId, overrideReason: 'x' })).status, 400);
      assert.equal((await operator.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: 999999 })).status, 404, 'an unknown cohort: not found, like one outside the scope');

      const ok = await admin.postJson(`/api/v1/users/${w.participantId}/enrolments`, { cohortId: secondCohortId, overrideReason: 'Mengulang orientasi karena sakit berkepanjangan' });
      assert.equal(ok.status, 201, ok.body);
      assert.equal(ok.json().programmeId, demoProgrammeId);
      assert.equal(ok.json().overrideReason, 'Mengulang orientasi karena sakit berkepanjangan');
      const rows = await p.ctx.db.kysely.selectFrom('enrolments').select(['cohort_id', 'override_reason']).where('user_id', '=', w.participantId).where('programme_id', '=', demoProgrammeId).orderBy('id').execute();
      assert.deepEqual(rows, [{ cohort_id: demoCohortId, override_reason: null }, { cohort_id: secondCohortId, override_reason: 'Mengulang orientasi karena sakit berkepanjangan' }]);
      const entry = (await audits('enrolment.created')).at(-1)!;
      assert.match(String(entry.details), /sakit berkepanjangan/);

      // Someone not yet in the programme: the operator enrols through the page.
      const fresh = await provisionReady(p, { nip: '199602022024212007', name: 'Yuliana Bria', unitCode: '5371' });
      const page = await operator.get(`/admin/users/${fresh}/care`);
      assert.match(page.body, new RegExp(`<option value="${secondCohortId}"`));
      const form = await operator.postForm(`/admin/users/${fresh}/care/enrol`, { cohortId: String(secondCohortId), overrideReason: '' });
      assert.equal(form.status, 303);
      const again = await operator.postForm(`/admin/users/${fresh}/care/enrol`, { cohortId: String(demoCohortId), overrideReason: '' });
      assert.equal(again.status, 409);
      assert.ok(again.body.includes(translate('id', 'care.enrol.alreadyEnrolled', { name: 'Yuliana Bria', programme: DEMO.programme.title, cohort: 'Formasi Tahun 2024 Periode II' })));
    });

    test('re-issue an activation code: shown once, stored only as a keyed hash, audited', async () => {
      const id = await provisionReady(p, { nip: '199808082024211005', name: 'Kornelis Sabu', unitCode: '5371' });
      const res = await operator.postJson(`/api/v1/users/${id}/activation-code`);
      assert.equal(res.status, 200, res.body);
      const code = res.json().code as string;
      assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const row = (await p.ctx.repos.users.findById(id))!;
      assert.ok(row.activation_code_hash);
      assert.ok(!row.activation_code_hash.includes(code.replace(/-/g, '')));
      assert.equal((await audits('user.activation_code_issued')).filter((e) => Number(e.target_id) === id).length, 1);
      const page = await operator.postForm(`/admin/users/${id}/care/activation-code`, {});
      assert.equal(page.status, 200);
      assert.match(page.body, /data-secret="true"/);
    });

    test('the user page links to account care; the care page offers every action', async () => {
      const page = await operator.get(`/admin/users/${w.participantId}`);
      assert.match(page.body, new RegExp(`href="/admin/users/${w.participantId}/care"`));
      const care = await operator.get(`/admin/users/${w.participantId}/care`);
      for (const action of ['unlock', 'activation-code', 'enrol', 'move', 'nip']) assert.match(care.body, new RegExp(`action="/admin/users/${w.participantId}/care/${action}"`), action);
      assert.equal((await participant.get(`/admin/users/${w.participantId}/care`)).status, 403);
      assert.equal((await anonymous.get(`/admin/users/${w.participantId}/care`)).status, 303);
    });
  });
}
