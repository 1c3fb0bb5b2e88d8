import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { clientsFor, loadAdminWorld, type AdminWorld } from '../users/test-fixtures.js';

for (const kind of testDatabases()) {
  describe(`API tokens [${kind}]`, () => {
    let p: TestPlatform;
    let w: AdminWorld;
    let admin: TestClient, operator: TestClient, participant: TestClient, anonymous: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await loadAdminWorld(p);
      [admin, operator, participant, anonymous] = await clientsFor(p, ['admin', 'operator', 'participant', 'anonymous'] as const);
    });
    after(() => p.dispose());

    test('create (shown once), use as Bearer, list without the secret, revoke (then 401); audited', async () => {
      const created = await admin.postJson('/api/v1/tokens', { name: 'Sinkronisasi SIASN', userId: w.operatorId, expiresInDays: 30 });
      assert.equal(created.status, 201, created.body);
      const { id, token } = created.json();
      assert.match(token, /^lnt_/);
      assert.equal(created.json().login, 'operator.ntt');

      const bearer = new TestClient(p, { authorization: `Bearer ${token}` });
      const me = await bearer.getJson('/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.json().login, 'operator.ntt');
      // The token acts with the scope of its account.
      assert.equal((await bearer.getJson(`/api/v1/users/${w.jatimParticipantId}`)).status, 404);
      assert.equal((await bearer.getJson(`/api/v1/users/${w.participantId}`)).status, 200);
      assert.equal((await bearer.getJson('/api/v1/tokens')).status, 403);

      const list = await admin.getJson('/api/v1/tokens');
      assert.equal(list.status, 200);
      const row = list.json().items.find((t: { id: number }) => t.id === id);
      assert.equal(row.status, 'active');
      assert.equal(row.user.login, 'operator.ntt');
      assert.ok(row.lastUsedAt);
      assert.ok(!list.body.includes(token));

      assert.equal((await admin.sendJson('DELETE', `/api/v1/tokens/${id}`)).status, 204);
      const after = await bearer.getJson('/api/v1/me');
      assert.equal(after.status, 401);
      assert.equal(after.json().error.code, 'unauthenticated');
      assert.equal((await admin.getJson('/api/v1/tokens')).json().items.find((t: { id: number }) => t.id === id).status, 'revoked');
      assert.equal((await admin.sendJson('DELETE', '/api/v1/tokens/999999')).status, 404);

      const actions = (await admin.getJson(`/api/v1/audit?targetType=api_token&targetId=${id}`)).json().items.map((e: { action: string }) => e.action);
      assert.deepEqual(actions, ['api_token.revoked', 'api_token.created']);
    });

    test('a token of the admin itself by default; validation; everyone else 403, anonymous 401', async () => {
      const own = await admin.postJson('/api/v1/tokens', { name: 'Admin sendiri' });
      assert.equal(own.status, 201);
      assert.equal(own.json().userId, w.adminId);
      assert.equal(own.json().expiresAt, null);
      assert.equal((await admin.postJson('/api/v1/tokens', { name: '' })).status, 400);
      assert.equal((await admin.postJson('/api/v1/tokens', { name: 'x', userId: 999999 })).status, 400);
      assert.equal((await admin.postJson('/api/v1/tokens', { name: 'x', expiresInDays: 0 })).status, 400);

      for (const c of [operator, participant]) {
        assert.equal((await c.getJson('/api/v1/tokens')).status, 403);
        assert.equal((await c.postJson('/api/v1/tokens', { name: 'x' })).status, 403);
        assert.equal((await c.sendJson('DELETE', `/api/v1/tokens/${own.json().id}`)).status, 403);
      }
      assert.equal((await anonymous.getJson('/api/v1/tokens')).status, 401);
      assert.equal((await new TestClient(p, { authorization: 'Bearer lnt_not-a-token' }).getJson('/api/v1/me')).status, 401);
    });

    test('pages: /admin/tokens creates (token shown once) and revokes; others 403', async () => {
      const page = await admin.get('/admin/tokens');
      assert.equal(page.status, 200);
      assert.match(page.body, /<label for="name">/);
      const bad = await admin.postForm('/admin/tokens', { name: 'Laporan', login: 'tidak.ada', expiresInDays: '' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /aria-invalid="true" aria-describedby="login-hint login-errors"/);
      const created = await admin.postForm('/admin/tokens', { name: 'Laporan', login: '199001012024211001', expiresInDays: '7' });
      assert.equal(created.status, 201);
      const m = /<code>(lnt_[^<]+)<\/code>/.exec(created.body);
      assert.ok(m);
      assert.equal((await new TestClient(p, { authorization: `Bearer ${m![1]}` }).getJson('/api/v1/me')).json().nip, '199001012024211001');
      const again = await admin.get('/admin/tokens');
      assert.ok(!again.body.includes(m![1]!), 'shown once');
      const id = (await admin.getJson('/api/v1/tokens')).json().items.find((t: { name: string }) => t.name === 'Laporan').id;
      assert.match(again.body, new RegExp(`action="/admin/tokens/${id}/revoke"`));
      const revoked = await admin.postForm(`/admin/tokens/${id}/revoke`, {});
      assert.equal(revoked.status, 303);
      assert.equal((await new TestClient(p, { authorization: `Bearer ${m![1]}` }).getJson('/api/v1/me')).status, 401);

      assert.equal((await operator.get('/admin/tokens')).status, 403);
      assert.equal((await operator.postForm('/admin/tokens', { name: 'x' })).status, 403);
      assert.equal((await participant.get('/admin/tokens')).status, 403);
      assert.equal((await anonymous.get('/admin/tokens')).status, 303);
      assert.doesNotMatch((await operator.get('/admin/users')).body, /href="\/admin\/tokens"/, 'the sub-navigation offers tokens to platform admins only');
    });
  });
}
