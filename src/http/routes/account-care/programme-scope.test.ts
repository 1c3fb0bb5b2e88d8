// Enrolling a participant: only into cohorts of programmes in the caller's programme scope (organised
// in its agency, or with its participants); another agency's cohort is neither offered nor accepted (404).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, enrolNttParticipantInForeignProgramme, signIn, titles } from '../../../../test/support/programme-scope.js';
import type { MatrixWorld } from '../../../../test/support/matrix-world.js';

for (const kind of testDatabases()) {
  describe(`account care: enrol into cohorts in the programme scope [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
    });
    after(() => p?.dispose());

    test('another agency’s cohort: not offered on the care page, and enrolling into it is not found', async () => {
      const t = await titles(w);
      for (const who of ['operator', 'agencyAdmin'] as const) {
        const c = await signIn(w, who);
        const person = await w.scratch.person('inside');
        const page = await c.get(`/admin/users/${person}/care`);
        assert.equal(page.status, 200);
        assert.ok(page.body.includes(t.kpuProgramme), `${who}: its agency's cohorts are offered`);
        assert.ok(!page.body.includes(t.foreignProgramme), `${who}: another agency's are not`);
        assert.equal((await c.postJson(`/api/v1/users/${person}/enrolments`, { cohortId: w.cohort.foreign })).status, 404, who);
        assert.equal((await c.postForm(`/admin/users/${person}/care/enrol`, { cohortId: String(w.cohort.foreign) })).status, 404, `${who}: the page form`);
        assert.equal((await c.postJson(`/api/v1/users/${person}/enrolments`, { cohortId: w.cohort.a })).status, 201, `${who}: its own cohort`);
      }
      const admin = await signIn(w, 'admin');
      const person = await w.scratch.person('inside');
      assert.ok((await admin.get(`/admin/users/${person}/care`)).body.includes(t.foreignProgramme));
      assert.equal((await admin.postJson(`/api/v1/users/${person}/enrolments`, { cohortId: w.cohort.foreign })).status, 201, 'the platform admin: any cohort');
    });

    test('with a participant of its units in the other agency’s programme, the operator may enrol others into it', async () => {
      await enrolNttParticipantInForeignProgramme(w);
      const c = await signIn(w, 'operator');
      const person = await w.scratch.person('inside');
      assert.equal((await c.postJson(`/api/v1/users/${person}/enrolments`, { cohortId: w.cohort.foreign })).status, 201);
    });
  });
}
