import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { clientsFor, loadAdminWorld } from '../users/test-fixtures.js';

for (const kind of testDatabases()) {
  describe(`units API and pages [${kind}]`, () => {
    let p: TestPlatform;
    let admin: TestClient, operator: TestClient, participant: TestClient, facilitator: TestClient, anonymous: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadAdminWorld(p);
      [admin, operator, participant, facilitator, anonymous] = await clientsFor(p, ['admin', 'operator', 'participant', 'facilitator', 'anonymous'] as const);
    });
    after(() => p.dispose());

    test('GET /api/v1/units: the roots of each scope; non-admins 403; anonymous 401', async () => {
      const roots = await admin.getJson('/api/v1/units');
      assert.equal(roots.status, 200);
      assert.deepEqual(roots.json().items.map((u: { code: string }) => u.code), ['KPU']);
      assert.equal(roots.json().items[0].childCount, 1);

      const ntt = (await operator.getJson('/api/v1/units')).json();
      assert.deepEqual(ntt.items.map((u: { code: string }) => u.code), ['53']);
      assert.equal(ntt.items[0].childCount, 22);
      assert.equal(ntt.items[0].timeZone, 'WITA');
      // operator.ntt, the peer operator, the demo participant and the Kupang facilitator.
      assert.equal(ntt.items[0].userCount, 4);
      assert.equal(ntt.nextCursor, null);

      assert.equal((await participant.getJson('/api/v1/units')).status, 403);
      assert.equal((await facilitator.getJson('/api/v1/units?parent=5371')).status, 403);
      assert.equal((await anonymous.getJson('/api/v1/units')).status, 401);
    });

    test('GET /api/v1/units?parent=: children with counts inside the scope; 404 outside; paging by code', async () => {
      const children = (await operator.getJson('/api/v1/units?parent=53&limit=500')).json();
      assert.equal(children.items.length, 22);
      const kupang = children.items.find((u: { code: string }) => u.code === '5371');
      assert.ok(Number.isInteger(kupang.id));
      assert.deepEqual(kupang, { id: kupang.id, code: '5371', name: 'KPU Kota Kupang', kind: 'regency', regionCode: '5371', timeZone: 'WITA', childCount: 0, userCount: 2 });

      for (const code of ['35', 'SETJEN', 'KPU', 'NOPE']) {
        const res = await operator.getJson(`/api/v1/units?parent=${code}`);
        assert.equal(res.status, 404, code);
        assert.equal(res.json().error.code, 'not_found');
      }

      const first = (await admin.getJson('/api/v1/units?parent=SETJEN&limit=10')).json();
      assert.equal(first.items.length, 10);
      assert.equal(first.nextCursor, first.items[9].code);
      const second = (await admin.getJson(`/api/v1/units?parent=SETJEN&limit=10&cursor=${first.nextCursor}`)).json();
      assert.ok(second.items[0].code > first.nextCursor);
      const jatim = (await admin.getJson('/api/v1/units?parent=SETJEN&limit=500')).json().items.find((u: { code: string }) => u.code === '35');
      assert.equal(jatim.userCount, 2);
      assert.equal(jatim.timeZone, 'WIB');
    });

    test('GET /api/v1/units/{code}: the path inside the scope; 404 outside', async () => {
      const asAdmin = (await admin.getJson('/api/v1/units/5371')).json();
      assert.deepEqual(asAdmin.path.map((a: { code: string }) => a.code), ['KPU', 'SETJEN', '53']);
      const asOperator = await operator.getJson('/api/v1/units/5371');
      assert.equal(asOperator.status, 200);
      assert.deepEqual(asOperator.json().path.map((a: { code: string }) => a.code), ['53']);
      assert.equal((await operator.getJson('/api/v1/units/53')).json().path.length, 0);
      assert.equal((await operator.getJson('/api/v1/units/35')).status, 404);
      assert.equal((await operator.getJson('/api/v1/units/3501')).status, 404);
      assert.equal((await admin.getJson('/api/v1/units/35')).status, 200);
      assert.equal((await participant.getJson('/api/v1/units/5371')).status, 403);
      assert.equal((await anonymous.getJson('/api/v1/units/5371')).status, 401);
    });

    test('pages: /admin/units drills down by ?parent= within the scope', async () => {
      const top = await operator.get('/admin/units');
      assert.equal(top.status, 200);
      assert.match(top.body, /href="\/admin\/units\?parent=53"/);
      assert.doesNotMatch(top.body, /Jawa Timur/);
      const ntt = await operator.get('/admin/units?parent=53');
      assert.equal(ntt.status, 200);
      assert.match(ntt.body, /KPU Kota Kupang/);
      assert.match(ntt.body, /href="\/admin\/users\?unit=5371"/);
      assert.equal((await operator.get('/admin/units?parent=35')).status, 404);
      assert.equal((await admin.get('/admin/units?parent=35')).status, 200);
      assert.equal((await participant.get('/admin/units')).status, 403);
      assert.equal((await anonymous.get('/admin/units')).status, 303);
    });
  });
}
