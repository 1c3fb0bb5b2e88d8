// The quiz reports of a programme of another agency: not found (404) for agency admins, unit
// operators and facilitators until one of their participants is enrolled in it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, enrolNttParticipantInForeignProgramme, signIn, titles } from '../../../../test/support/programme-scope.js';
import type { MatrixWorld } from '../../../../test/support/matrix-world.js';

for (const kind of testDatabases()) {
  describe(`quiz reports: programme scope [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
    });
    after(() => p?.dispose());

    const urls = (w: MatrixWorld) => [
      `/api/v1/programmes/${w.programme.foreign}/evaluation`,
      `/api/v1/programmes/${w.programme.foreign}/evaluation-gain`,
      `/api/v1/activities/${w.activity.foreignQuiz}/results`,
      `/api/v1/activities/${w.activity.foreignQuiz}/item-analysis`,
      `/admin/programmes/${w.programme.foreign}/evaluation`,
      `/admin/activities/${w.activity.foreignQuiz}/results`,
      `/admin/activities/${w.activity.foreignQuiz}/results/export?format=csv`,
    ];

    test('another agency’s programme: 404 for agency admins, operators and facilitators; the platform admin sees it; their own programme stays open', async () => {
      const t = await titles(w);
      for (const who of ['agencyAdmin', 'operator', 'facilitator'] as const) {
        const c = await signIn(w, who);
        for (const url of urls(w)) assert.equal((await c.get(url)).status, 404, `${who} ${url}`);
        const own = await c.get(`/api/v1/programmes/${w.programme.kpu}/evaluation`);
        assert.equal(own.status, 200, `${who}: its own agency's programme`);
      }
      const admin = await signIn(w, 'admin');
      const res = await admin.get(`/admin/programmes/${w.programme.foreign}/evaluation`);
      assert.equal(res.status, 200);
      assert.ok(res.body.includes(t.foreignProgramme));
    });

    test('a participant of the operator’s units enrolled in it brings the programme into the operator’s (and its agency admin’s) scope, not into another operator’s', async () => {
      await enrolNttParticipantInForeignProgramme(w);
      for (const who of ['operator', 'agencyAdmin'] as const) {
        const c = await signIn(w, who);
        for (const url of urls(w)) assert.equal((await c.get(url)).status, 200, `${who} ${url}`);
      }
      const jatim = await signIn(w, 'jatimOperator');
      assert.equal((await jatim.get(`/api/v1/programmes/${w.programme.foreign}/evaluation`)).status, 404);
      assert.equal((await (await signIn(w, 'facilitator')).get(`/api/v1/programmes/${w.programme.foreign}/evaluation`)).status, 404, 'facilitators: only their cohorts’ programmes');
    });
  });
}
