import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { translate } from '../../../i18n/index.js';
import { NIP_INVALID_REASONS } from '../../../domain/nip.js';
import { clientFor, loadAdminWorld, type AdminWorld } from './test-fixtures.js';

const NTT_NIP = '199001012024211001';
const idsOf = (body: { items: { id: number }[] }) => body.items.map((u) => u.id);

/** One invalid employee number per reason (reference year 2026, the test clock). */
const INVALID_NIPS: Record<(typeof NIP_INVALID_REASONS)[number], string> = {
  not_18_digits: '19900101202421100',
  invalid_birth_date: '199013012024211001',
  implausible_birth_year: '193001012024211001',
  invalid_appointment: '199001012024151001',
  implausible_appointment_year: '199001012060211001',
  invalid_gender_digit: '199001012024213001',
  invalid_sequence: '199001012024211000',
};

for (const kind of testDatabases()) {
  describe(`users API and pages [${kind}]`, () => {
    let p: TestPlatform;
    let w: AdminWorld;
    let admin: TestClient, operator: TestClient, participant: TestClient, facilitator: TestClient, anonymous: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await loadAdminWorld(p);
      [admin, operator, participant, facilitator, anonymous] = await Promise.all([
        clientFor(p, 'admin'),
        clientFor(p, 'operator'),
        clientFor(p, 'participant'),
        clientFor(p, 'facilitator'),
        clientFor(p, 'anonymous'),
      ]);
    });
    after(() => p.dispose());

    test('GET /api/v1/users: admin sees every province; operator.ntt only NTT; participant/facilitator 403; anonymous 401', async () => {
      const all = await admin.getJson('/api/v1/users?limit=500');
      assert.equal(all.status, 200);
      assert.ok(idsOf(all.json()).includes(w.jatimParticipantId));
      assert.ok(idsOf(all.json()).includes(w.participantId));

      const ntt = await operator.getJson('/api/v1/users?limit=500');
      assert.equal(ntt.status, 200);
      const seen = idsOf(ntt.json());
      assert.ok(seen.includes(w.participantId));
      assert.ok(seen.includes(w.facilitatorId));
      assert.ok(!seen.includes(w.jatimParticipantId));
      assert.ok(!seen.includes(w.jatimOperatorId));
      assert.ok(!seen.includes(w.adminId));
      assert.ok(!ntt.body.includes('Jatim'));

      for (const c of [participant, facilitator]) {
        const res = await c.getJson('/api/v1/users');
        assert.equal(res.status, 403);
        assert.equal(res.json().error.code, 'forbidden');
      }
      assert.equal((await anonymous.getJson('/api/v1/users')).status, 401);
    });

    test('GET /api/v1/users: search, unit filter with sub-units, paging, and 404 for a unit outside the scope', async () => {
      const byNip = await operator.getJson(`/api/v1/users?q=${encodeURIComponent('19900101 2024 21 1 001')}`);
      assert.deepEqual(idsOf(byNip.json()), [w.participantId]);
      assert.deepEqual(idsOf((await operator.getJson('/api/v1/users?q=siti')).json()), []);
      assert.deepEqual(idsOf((await admin.getJson('/api/v1/users?q=siti')).json()), [w.jatimParticipantId]);

      const kupang = await operator.getJson('/api/v1/users?unit=5371&limit=500');
      assert.deepEqual(idsOf(kupang.json()).sort(), [w.participantId, w.facilitatorId].sort());
      const province = await operator.getJson('/api/v1/users?unit=53&limit=500');
      assert.ok(idsOf(province.json()).includes(w.participantId), 'unit includes its sub-units');

      const outside = await operator.getJson('/api/v1/users?unit=35');
      assert.equal(outside.status, 404);
      assert.equal(outside.json().error.code, 'not_found');
      assert.equal((await operator.getJson('/api/v1/users?unit=NOPE')).status, 404);
      assert.deepEqual(idsOf((await admin.getJson('/api/v1/users?unit=35')).json()).sort(), [w.jatimParticipantId, w.jatimOperatorId].sort());

      const first = (await operator.getJson('/api/v1/users?limit=1')).json();
      assert.equal(first.items.length, 1);
      assert.equal(typeof first.nextCursor, 'number');
      const second = (await operator.getJson(`/api/v1/users?limit=1&cursor=${first.nextCursor}`)).json();
      assert.equal(second.items.length, 1);
      assert.notEqual(second.items[0].id, first.items[0].id);

      for (const bad of ['limit=0', 'limit=501', 'limit=abc', 'cursor=-1']) {
        const res = await admin.getJson(`/api/v1/users?${bad}`);
        assert.equal(res.status, 400, bad);
        assert.equal(res.json().error.code, 'validation_failed');
      }
    });

    test('GET /api/v1/users/{id}: inside the scope with roles; outside 404 (never 403); non-admins 403', async () => {
      const res = await operator.getJson(`/api/v1/users/${w.participantId}`);
      assert.equal(res.status, 200);
      assert.equal(res.json().nip, NTT_NIP);
      assert.deepEqual(res.json().roles.map((r: { role: string }) => r.role), ['participant']);

      for (const id of [w.jatimParticipantId, w.jatimOperatorId, w.adminId, 999999]) {
        const out = await operator.getJson(`/api/v1/users/${id}`);
        assert.equal(out.status, 404, `user ${id}`);
        assert.equal(out.json().error.code, 'not_found');
      }
      const jatim = await admin.getJson(`/api/v1/users/${w.jatimOperatorId}`);
      assert.equal(jatim.status, 200);
      assert.deepEqual(jatim.json().roles.map((r: { role: string; unit: { code: string } }) => [r.role, r.unit.code]), [['unit_operator', '35']]);

      assert.equal((await participant.getJson(`/api/v1/users/${w.jatimParticipantId}`)).status, 403);
      assert.equal((await participant.getJson(`/api/v1/users/${w.participantId}`)).status, 403);
      assert.equal((await anonymous.getJson(`/api/v1/users/${w.participantId}`)).status, 401);
      assert.equal((await admin.getJson('/api/v1/users/abc')).status, 400);
    });

    test('POST /api/v1/users: the operator provisions a participant in Kupang; the account must change its password', async () => {
      const res = await operator.postJson('/api/v1/users', {
        nip: '19950107 2022 21 2 016',
        name: 'Maria Goreti Seran',
        email: 'Maria.Seran@example.id',
        phone: '081234567890',
        position: 'Penata Kelola Pemilu Ahli Pertama',
        unitCode: '5371',
      });
      assert.equal(res.status, 201, res.body);
      const body = res.json();
      assert.equal(body.user.nip, '199501072022212016');
      assert.equal(body.user.login, '199501072022212016');
      assert.equal(body.user.email, 'maria.seran@example.id');
      assert.equal(body.user.employmentType, 'PPPK');
      assert.equal(body.user.timeZone, 'WITA');
      assert.equal(body.user.mustChangePassword, true);
      assert.ok(body.initialPassword.length >= 12);

      const fresh = new TestClient(p);
      const login = await fresh.login('199501072022212016', body.initialPassword);
      assert.equal(login.json().mustChangePassword, true);

      const entry = (await admin.getJson(`/api/v1/audit?targetType=user&targetId=${body.user.id}`)).json().items[0];
      assert.equal(entry.action, 'user.created');
      assert.equal(entry.actor.id, w.operatorId);
      assert.equal(entry.userAgent, 'lentera-test/operator');
      assert.ok(entry.ip);
    });

    test('POST /api/v1/users: each invalid NIP reason is a 400 with the translated reason in fields.nip', async () => {
      for (const [reason, nip] of Object.entries(INVALID_NIPS)) {
        const res = await operator.postJson('/api/v1/users', { nip, name: 'Salah NIP', unitCode: '5371' });
        assert.equal(res.status, 400, reason);
        assert.equal(res.json().error.code, 'validation_failed');
        assert.deepEqual(res.json().error.fields.nip, [translate('id', `nip.invalid.${reason}` as 'nip.invalid.not_18_digits')], reason);
      }
      const english = await clientFor(p, 'operator');
      english.cookies.set('lentera_lang', 'en');
      const en = await english.postJson('/api/v1/users', { nip: '123', name: 'Salah NIP', unitCode: '5371' });
      assert.deepEqual(en.json().error.fields.nip, [translate('en', 'nip.invalid.not_18_digits')]);
    });

    test('POST /api/v1/users: duplicates 409; outside units, roles beyond the caller and non-admins refused', async () => {
      const dup = await operator.postJson('/api/v1/users', { nip: NTT_NIP, name: 'Duplikat', unitCode: '5371' });
      assert.equal(dup.status, 409);
      assert.equal(dup.json().error.code, 'user_exists');
      const dupLogin = await admin.postJson('/api/v1/users', { login: 'operator.ntt', name: 'Duplikat', unitCode: '53' });
      assert.equal(dupLogin.status, 409);

      const outside = await operator.postJson('/api/v1/users', { nip: '199104042025211007', name: 'Di luar', unitCode: '35' });
      assert.equal(outside.status, 400);
      assert.ok(outside.json().error.fields.unitCode);

      const tooHigh = await operator.postJson('/api/v1/users', { login: 'calon.operator', name: 'Calon Operator', unitCode: '5371', role: 'unit_operator' });
      assert.equal(tooHigh.status, 400);
      assert.ok(tooHigh.json().error.fields.role);

      assert.equal((await operator.postJson('/api/v1/users', { name: '' , unitCode: '5371' })).status, 400);
      assert.equal((await participant.postJson('/api/v1/users', { login: 'x.y.z', name: 'X', unitCode: '5371' })).status, 403);
      assert.equal((await anonymous.postJson('/api/v1/users', { login: 'x.y.z', name: 'X', unitCode: '5371' })).status, 401);
      assert.equal((await admin.getJson('/api/v1/users?q=calon.operator')).json().items.length, 0);
    });

    test('roles: grant within power 201, beyond 403, outside scope 404; revoke 204 / 403; audited', async () => {
      const grant = await operator.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'facilitator' });
      assert.equal(grant.status, 201, grant.body);
      assert.equal(grant.json().role, 'facilitator');
      const assignmentId = grant.json().id;

      const beyond = await operator.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'unit_operator', unitCode: '5371' });
      assert.equal(beyond.status, 403);
      assert.equal((await operator.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'platform_admin' })).status, 403);
      assert.equal((await operator.postJson(`/api/v1/users/${w.jatimParticipantId}/roles`, { role: 'facilitator' })).status, 404);
      assert.equal((await participant.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'facilitator' })).status, 403);
      assert.equal((await operator.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'chief' })).status, 400);

      const adminGrant = await admin.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'unit_operator', unitCode: '5371' });
      assert.equal(adminGrant.status, 201);
      assert.deepEqual(adminGrant.json().unit, { code: '5371', name: 'KPU Kota Kupang' });
      assert.equal((await admin.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'agency_admin' })).status, 400, 'unit roles need a unit');
      // The operator may not take away what only a superior may grant.
      assert.equal((await operator.sendJson('DELETE', `/api/v1/users/${w.participantId}/roles/${adminGrant.json().id}`)).status, 403);
      assert.equal((await admin.sendJson('DELETE', `/api/v1/users/${w.participantId}/roles/${adminGrant.json().id}`)).status, 204);

      assert.equal((await operator.sendJson('DELETE', `/api/v1/users/${w.participantId}/roles/${assignmentId}`)).status, 204);
      assert.equal((await operator.sendJson('DELETE', `/api/v1/users/${w.participantId}/roles/${assignmentId}`)).status, 404);
      const jatimRole = (await admin.getJson(`/api/v1/users/${w.jatimOperatorId}`)).json().roles[0].id;
      assert.equal((await operator.sendJson('DELETE', `/api/v1/users/${w.jatimOperatorId}/roles/${jatimRole}`)).status, 404);

      const self = (await admin.getJson(`/api/v1/users/${w.adminId}`)).json().roles[0].id;
      assert.equal((await admin.sendJson('DELETE', `/api/v1/users/${w.adminId}/roles/${self}`)).status, 409);

      const actions = (await admin.getJson(`/api/v1/audit?targetType=user&targetId=${w.participantId}`)).json().items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('user.role_granted'));
      assert.ok(actions.includes('user.role_revoked'));
      const roles = (await operator.getJson(`/api/v1/users/${w.participantId}`)).json().roles.map((r: { role: string }) => r.role);
      assert.deepEqual(roles, ['participant']);
    });

    test('password reset: a new initial password once, sessions end, change forced; scope and rank enforced', async () => {
      const victim = await clientFor(p, 'participant');
      assert.equal((await victim.getJson('/api/v1/me')).status, 200);

      const res = await operator.postJson(`/api/v1/users/${w.participantId}/password-reset`);
      assert.equal(res.status, 200, res.body);
      const initial = res.json().initialPassword;
      assert.ok(initial.length >= 12);
      assert.equal((await victim.getJson('/api/v1/me')).status, 401, 'the session ended');
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/login', { login: NTT_NIP, password: DEMO_PASSWORD })).status, 401);
      const again = new TestClient(p);
      assert.equal((await again.login(NTT_NIP, initial)).json().mustChangePassword, true);
      assert.equal((await again.getJson('/api/v1/users')).status, 403);

      const entries = (await operator.getJson(`/api/v1/audit?targetType=user&targetId=${w.participantId}`)).json().items;
      const resetEntry = entries.find((e: { action: string }) => e.action === 'user.password_reset_by_admin');
      assert.ok(resetEntry);
      assert.equal(resetEntry.actor.id, w.operatorId);
      assert.ok(resetEntry.details.sessionsEnded >= 1);

      assert.equal((await operator.postJson(`/api/v1/users/${w.jatimParticipantId}/password-reset`)).status, 404);
      assert.equal((await operator.postJson(`/api/v1/users/${w.nttPeerOperatorId}/password-reset`)).status, 403, 'a peer operator');
      assert.equal((await operator.postJson(`/api/v1/users/${w.operatorId}/password-reset`)).status, 409, 'own account');
      assert.equal((await participant.postJson(`/api/v1/users/${w.participantId}/password-reset`)).status, 401, 'its session ended above');
      assert.equal((await facilitator.postJson(`/api/v1/users/${w.participantId}/password-reset`)).status, 403);
      assert.equal((await admin.postJson(`/api/v1/users/${w.nttPeerOperatorId}/password-reset`)).status, 200);

      // Restore the demo participant for the other tests.
      await p.ctx.repos.users.update(w.participantId, { must_change_password: 0 });
      participant = new TestClient(p);
      await participant.login(NTT_NIP, initial);
    });

    test('the OpenAPI document lists the user routes with tags and summaries', async () => {
      const spec = (await admin.getJson('/api/openapi.json')).json();
      for (const [path, method] of [['/api/v1/users', 'get'], ['/api/v1/users', 'post'], ['/api/v1/users/{id}', 'get'], ['/api/v1/users/{id}/roles', 'post'], ['/api/v1/users/{id}/roles/{assignmentId}', 'delete'], ['/api/v1/users/{id}/password-reset', 'post']] as const) {
        const op = spec.paths[path]?.[method];
        assert.ok(op, `${method} ${path}`);
        assert.deepEqual(op.tags, ['users']);
        assert.ok(op.summary);
      }
    });

    test('pages: /admin/users lists the scope with formatted NIPs; non-admins 403; anonymous to sign-in', async () => {
      const page = await operator.get('/admin/users');
      assert.equal(page.status, 200);
      assert.match(page.body, /19900101 2024 21 1 001/);
      assert.match(page.body, /Yohanes Benediktus Ndun/);
      assert.doesNotMatch(page.body, /Siti Rahmawati/);
      assert.match(page.body, /href="\/admin\/users\/new"/);
      assert.match(page.body, /aria-label="Menu administrasi"/);
      assert.match(page.body, /<label for="q">/);

      const filtered = await operator.get('/admin/users?unit=5371&q=yohanes');
      assert.match(filtered.body, /Yohanes/);
      assert.equal((await operator.get('/admin/users?unit=35')).status, 404);
      const paged = await admin.get('/admin/users?limit=1');
      assert.equal(paged.status, 200);

      assert.equal((await participant.get('/admin/users')).status, 403);
      assert.equal((await facilitator.get('/admin/users/new')).status, 403);
      const anon = await anonymous.get('/admin/users');
      assert.equal(anon.status, 303);
      assert.equal(anon.headers.location, '/login?next=%2Fadmin%2Fusers');
    });

    test('pages: the create form shows the NIP reason next to the field, then the initial password once', async () => {
      const form = await operator.get('/admin/users/new');
      assert.equal(form.status, 200);
      assert.match(form.body, /<select id="unitCode"/);
      assert.match(form.body, /value="5371"/);
      assert.doesNotMatch(form.body, /value="35"/, 'units outside the scope are not offered');
      assert.doesNotMatch(form.body, /value="unit_operator"/, 'roles the operator may not grant are not offered');
      assert.match(form.body, /value="facilitator"/);

      const bad = await operator.postForm('/admin/users/new', { nip: '199013012024211001', name: 'Anton Bria', unitCode: '5371', role: 'participant', employmentType: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /aria-invalid="true" aria-describedby="nip-hint nip-errors"/);
      assert.ok(bad.body.includes(translate('id', 'nip.invalid.invalid_birth_date')));
      assert.match(bad.body, /value="Anton Bria"/, 'the form keeps what was typed');

      const ok = await operator.postForm('/admin/users/new', { nip: '198609072023211016', name: 'Anton Bria', unitCode: '5303', role: 'participant', employmentType: '', email: '', phone: '', position: '', login: '' });
      assert.equal(ok.status, 201, ok.body.slice(0, 500));
      const m = /data-secret="true"><code>([^<]+)<\/code>/.exec(ok.body);
      assert.ok(m, 'the initial password is shown');
      assert.ok(ok.body.includes(translate('id', 'admin.users.initialPassword.note')));
      assert.match(ok.body, /19860907 2023 21 1 016/);
      const fresh = new TestClient(p);
      assert.equal((await fresh.login('198609072023211016', m![1]!)).json().mustChangePassword, true);

      const dup = await operator.postForm('/admin/users/new', { nip: '198609072023211016', name: 'Anton Bria', unitCode: '5303', role: 'participant' });
      assert.equal(dup.status, 409);
      assert.ok(dup.body.includes(translate('id', 'error.conflict')));
    });

    test('pages: the user page grants and revokes roles and resets the password; outside the scope 404', async () => {
      const { id } = (await admin.postJson('/api/v1/users', { nip: '199402022024212005', name: 'Florentina Lake', unitCode: '5371' })).json().user;
      const page = await operator.get(`/admin/users/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Florentina Lake/);
      assert.match(page.body, /19940202 2024 21 2 005/);
      assert.match(page.body, new RegExp(`action="/admin/users/${id}/password-reset"`));

      const granted = await operator.postForm(`/admin/users/${id}/roles`, { role: 'facilitator', unitCode: '' });
      assert.equal(granted.status, 303);
      assert.equal(granted.headers.location, `/admin/users/${id}?notice=admin.users.grant.done`);
      const after = await operator.get(`/admin/users/${id}?notice=admin.users.grant.done`);
      assert.ok(after.body.includes(translate('id', 'admin.users.grant.done')));
      const revokeAction = new RegExp(`action="/admin/users/${id}/roles/(\\d+)/revoke"`, 'g');
      const assignmentIds = [...after.body.matchAll(revokeAction)].map((x) => x[1]);
      assert.equal(assignmentIds.length, 2);

      const tooHigh = await operator.postForm(`/admin/users/${id}/roles`, { role: 'unit_operator', unitCode: '5371' });
      assert.equal(tooHigh.status, 403);

      const revoked = await operator.postForm(`/admin/users/${id}/roles/${assignmentIds[1]}/revoke`, {});
      assert.equal(revoked.status, 303);

      await operator.get(`/admin/users/${id}`);
      const reset = await operator.postForm(`/admin/users/${id}/password-reset`, {});
      assert.equal(reset.status, 200);
      assert.match(reset.body, /data-secret="true"/);

      assert.equal((await operator.get(`/admin/users/${w.jatimParticipantId}`)).status, 404);
      assert.equal((await operator.get('/admin/users/abc')).status, 404);
      assert.equal((await operator.postForm(`/admin/users/${w.jatimParticipantId}/password-reset`, {})).status, 404);
      assert.equal((await participant.get(`/admin/users/${id}`)).status, 403);
    });
  });
}
