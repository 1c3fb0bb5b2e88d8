// The participant import offers and accepts only cohorts of programmes in the caller's programme
// scope (organised in its agency, or with its participants); another agency's cohort is refused like
// an unknown one.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, enrolNttParticipantInForeignProgramme, signIn, titles } from '../../../../test/support/programme-scope.js';
import type { MatrixWorld } from '../../../../test/support/matrix-world.js';

for (const kind of testDatabases()) {
  describe(`participant import: cohorts in the programme scope [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
    });
    after(() => p?.dispose());

    const apply = (w: MatrixWorld, cohortId: number) => ({ cohortId: String(cohortId), mode: 'upsert', fileId: '999999', sha256: 'a'.repeat(64) });

    test('the cohort select and the apply: another agency’s cohort is neither offered nor accepted', async () => {
      const t = await titles(w);
      for (const who of ['operator', 'agencyAdmin'] as const) {
        const c = await signIn(w, who);
        const page = await c.get('/admin/participants/import');
        assert.equal(page.status, 200);
        assert.ok(page.body.includes(t.kpuProgramme), `${who}: its agency's programme is offered`);
        assert.ok(!page.body.includes(t.foreignProgramme), `${who}: another agency's programme is not offered`);
        const refused = await c.postForm('/admin/participants/import/apply', apply(w, w.cohort.foreign));
        assert.equal(refused.status, 400, `${who}: refused like an unknown cohort`);
        assert.equal((await c.postForm('/admin/participants/import/apply', apply(w, 99999999))).status, 400, 'an unknown cohort');
        assert.equal((await c.postForm('/admin/participants/import/apply', apply(w, w.cohort.a))).status, 404, `${who}: its cohort passes (the upload is not found)`);
      }
      const admin = await signIn(w, 'admin');
      assert.ok((await admin.get('/admin/participants/import')).body.includes(t.foreignProgramme), 'the platform admin: every cohort');
    });

    test('with a participant of its units in the other agency’s programme, the operator is offered its cohort', async () => {
      const t = await titles(w);
      await enrolNttParticipantInForeignProgramme(w);
      const c = await signIn(w, 'operator');
      assert.ok((await c.get('/admin/participants/import')).body.includes(t.foreignProgramme));
      assert.equal((await c.postForm('/admin/participants/import/apply', apply(w, w.cohort.foreign))).status, 404, 'accepted (the upload is not found)');
      assert.ok(!(await (await signIn(w, 'jatimOperator')).get('/admin/participants/import')).body.includes(t.foreignProgramme));
    });
  });
}
