// The Jurnal review lists: the cohort filter offers and accepts only cohorts of programmes in the
// caller's programme scope (facilitators: their own), and a unit filter outside the caller's
// subtrees is not found (404), like on every other list.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, signIn, titles } from '../../../../test/support/programme-scope.js';
import type { MatrixWorld } from '../../../../test/support/matrix-world.js';

for (const kind of testDatabases()) {
  describe(`Jurnal review: cohort and unit filters in scope [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
    });
    after(() => p?.dispose());

    test('the cohort filter: another agency’s cohorts are not offered, and filtering by one is not found', async () => {
      const t = await titles(w);
      for (const who of ['operator', 'agencyAdmin'] as const) {
        const c = await signIn(w, who);
        const page = await c.get('/review/submissions');
        assert.equal(page.status, 200);
        assert.ok(!page.body.includes(t.foreignCohort), `${who}: the foreign cohort is not offered`);
        assert.equal((await c.get(`/review/submissions?cohort=${w.cohort.foreign}`)).status, 404, who);
        assert.equal((await c.get(`/api/v1/submissions?cohort=${w.cohort.foreign}`)).status, 404, who);
        assert.equal((await c.get(`/api/v1/submissions?cohort=${w.cohort.a}`)).status, 200, `${who}: its agency's cohort`);
      }
      const fac = await signIn(w, 'facilitator');
      assert.equal((await fac.get(`/api/v1/submissions?cohort=${w.cohort.a}`)).status, 200);
      assert.equal((await fac.get(`/api/v1/submissions?cohort=${w.cohort.b}`)).status, 404, 'a facilitator: its cohorts only');
      const admin = await signIn(w, 'admin');
      assert.ok((await admin.get('/review/submissions')).body.includes(t.foreignCohort));
      assert.equal((await admin.get(`/api/v1/submissions?cohort=${w.cohort.foreign}`)).status, 200);
    });

    test('a unit filter outside the caller’s subtrees (or unknown) is not found', async () => {
      const op = await signIn(w, 'operator');
      for (const url of ['/api/v1/submissions?unit=35', '/review/submissions?unit=35', '/api/v1/submissions?unit=TIDAK-ADA', `/api/v1/submissions?unit=${w.units.bkn}`]) assert.equal((await op.get(url)).status, 404, url);
      assert.equal((await op.get(`/api/v1/submissions?unit=${w.units.kupang}`)).status, 200);
      const agency = await signIn(w, 'agencyAdmin');
      assert.equal((await agency.get('/api/v1/submissions?unit=35')).status, 200, 'inside the agency');
      assert.equal((await agency.get(`/api/v1/submissions?unit=${w.units.bkn}`)).status, 404, 'another agency');
      assert.equal((await (await signIn(w, 'facilitator')).get('/api/v1/submissions?unit=35')).status, 200, 'facilitators review their cohorts whatever the unit');
    });
  });
}
