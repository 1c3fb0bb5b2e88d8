import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { clientsFor, loadAdminWorld, type AdminWorld } from '../users/test-fixtures.js';

for (const kind of testDatabases()) {
  describe(`audit log [${kind}]`, () => {
    let p: TestPlatform;
    let w: AdminWorld;
    let admin: TestClient, operator: TestClient, participant: TestClient, facilitator: TestClient, anonymous: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await loadAdminWorld(p);
      [admin, operator, participant, facilitator, anonymous] = await clientsFor(p, ['admin', 'operator', 'participant', 'facilitator', 'anonymous'] as const);
      // One change inside NTT (by the operator) and one in Jawa Timur (by the admin).
      assert.equal((await operator.postJson(`/api/v1/users/${w.participantId}/roles`, { role: 'facilitator' })).status, 201);
      assert.equal((await admin.postJson(`/api/v1/users/${w.jatimParticipantId}/roles`, { role: 'facilitator' })).status, 201);
    });
    after(() => p.dispose());

    test('platform admin sees every entry, with address and browser; paging by cursor', async () => {
      const all = (await admin.getJson('/api/v1/audit?limit=500')).json();
      const actions = all.items.map((e: { action: string }) => e.action);
      assert.ok(actions.includes('demo.loaded'));
      assert.ok(actions.includes('user.created'));
      const granted = all.items.find((e: { action: string; actor: { id: number } | null }) => e.action === 'user.role_granted' && e.actor?.id === w.operatorId);
      assert.equal(granted.targetId, String(w.participantId));
      assert.equal(granted.userAgent, 'lentera-test/operator');
      assert.ok(granted.ip);
      assert.equal(granted.details.role, 'facilitator');

      const one = (await admin.getJson('/api/v1/audit?limit=1')).json();
      assert.equal(one.items.length, 1);
      const next = (await admin.getJson(`/api/v1/audit?limit=1&cursor=${one.nextCursor}`)).json();
      assert.ok(next.items[0].id < one.items[0].id);
      assert.equal((await admin.getJson('/api/v1/audit?limit=9999')).status, 400);
    });

    test('operator sees only entries about users inside its scope, without address; others 403/401', async () => {
      const res = await operator.getJson('/api/v1/audit?limit=500');
      assert.equal(res.status, 200);
      const items = res.json().items as { targetType: string; targetId: string; ip: string | null; userAgent: string | null }[];
      assert.ok(items.length > 0);
      assert.ok(items.every((e) => e.targetType === 'user'));
      assert.ok(items.some((e) => e.targetId === String(w.participantId)));
      assert.ok(!items.some((e) => e.targetId === String(w.jatimParticipantId) || e.targetId === String(w.jatimOperatorId)));
      assert.ok(items.every((e) => e.ip === null && e.userAgent === null));
      assert.deepEqual((await operator.getJson(`/api/v1/audit?targetType=user&targetId=${w.jatimParticipantId}`)).json().items, []);

      assert.equal((await participant.getJson('/api/v1/audit')).status, 403);
      assert.equal((await facilitator.getJson('/api/v1/audit')).status, 403);
      assert.equal((await anonymous.getJson('/api/v1/audit')).status, 401);
    });

    test('pages: /admin/audit for administrators (scoped), 403 for others', async () => {
      const page = await admin.get('/admin/audit');
      assert.equal(page.status, 200);
      assert.match(page.body, /user\.role_granted/);
      assert.match(page.body, /demo\.loaded/);
      const scoped = await operator.get('/admin/audit');
      assert.equal(scoped.status, 200);
      assert.doesNotMatch(scoped.body, /demo\.loaded/);
      assert.doesNotMatch(scoped.body, new RegExp(`/admin/users/${w.jatimParticipantId}"`));
      assert.equal((await participant.get('/admin/audit')).status, 403);
      assert.equal((await anonymous.get('/admin/audit')).status, 303);
    });
  });
}
