import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo } from '../../../services/demo.js';

for (const kind of testDatabases()) {
  describe(`sign-in API and pages [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('GET /healthz names the database', async () => {
      const res = await new TestClient(p).getJson('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { status: 'ok', database: kind });
    });

    test('the demo participant signs in with the NI PPPK and /me shows the user and roles', async () => {
      const c = new TestClient(p);
      const res = await c.login('199001012024211001', DEMO_PASSWORD);
      assert.equal(res.json().mustChangePassword, false);
      assert.equal(res.json().user.login, '199001012024211001');
      assert.deepEqual(res.json().user.unit, { code: '5371', name: 'KPU Kota Kupang' });
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /lentera_session=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      const me = await c.getJson('/api/v1/me');
      assert.equal(me.status, 200);
      assert.equal(me.json().nip, '199001012024211001');
      assert.equal(me.json().timeZone, 'WITA');
      assert.deepEqual(me.json().roles.map((r: { role: string }) => r.role), ['participant']);
    });

    test('a wrong password is 401 invalid_credentials; no session means 401 unauthenticated', async () => {
      const c = new TestClient(p);
      const res = await c.postJson('/api/v1/auth/login', { login: 'admin', password: 'not-the-password' });
      assert.equal(res.status, 401);
      assert.equal(res.json().error.code, 'invalid_credentials');
      const me = await c.getJson('/api/v1/me');
      assert.equal(me.status, 401);
      assert.equal(me.json().error.code, 'unauthenticated');
    });
  });
}
