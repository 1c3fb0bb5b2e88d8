// Activity media and the programme scope: participants get the published files of the programmes they
// are enrolled in; administrators and facilitators those of programmes in their scope; unpublished
// files only the programme's authors. Everyone else: 404.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { buildMatrixWorld, enrolNttParticipantInForeignProgramme, signIn } from '../../../../test/support/programme-scope.js';
import { pdf, type MatrixWorld } from '../../../../test/support/matrix-world.js';
import { storeFile } from '../../../services/files.js';

for (const kind of testDatabases()) {
  describe(`activity media: programme scope [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    let draft: number;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
      const file = await storeFile(p.ctx, pdf('draf'), { originalName: 'draf.pdf', mime: 'application/pdf', createdBy: null, maxBytes: 1024 * 1024 });
      draft = await p.ctx.repos.learning.insertActivity({ programme_id: w.programme.kpu, stage_id: w.stage.kpu, position: 99, kind: 'document', title: 'Draf', published: false, config: { fileId: file.id, completeOn: 'open' }, now: p.clock.fn().toISOString() });
    });
    after(() => p?.dispose());

    const status = async (c: TestClient, activityId: number) => (await c.get(`/media/activities/${activityId}/document`)).status;

    test('another agency’s document: 404 for agency admins, operators, facilitators and other participants; its participants and the platform admin get it', async () => {
      for (const who of ['agencyAdmin', 'operator', 'facilitator', 'participant'] as const) assert.equal(await status(await signIn(w, who), w.activity.foreignDocument), 404, who);
      assert.equal(await status(await signIn(w, 'foreignParticipant'), w.activity.foreignDocument), 200);
      assert.equal(await status(await signIn(w, 'admin'), w.activity.foreignDocument), 200);
      for (const who of ['agencyAdmin', 'operator', 'facilitator', 'participant'] as const) assert.equal(await status(await signIn(w, who), w.activity.document), 200, `${who}: its own programme`);
    });

    test('an unpublished document: only the programme’s authors', async () => {
      assert.equal(await status(await signIn(w, 'admin'), draft), 200);
      assert.equal(await status(await signIn(w, 'agencyAdmin'), draft), 200);
      for (const who of ['operator', 'facilitator', 'participant'] as const) assert.equal(await status(await signIn(w, who), draft), 404, who);
    });

    test('once a participant of the operator’s units is enrolled in the other agency’s programme, the operator gets its published files', async () => {
      await enrolNttParticipantInForeignProgramme(w);
      assert.equal(await status(await signIn(w, 'operator'), w.activity.foreignDocument), 200);
      assert.equal(await status(await signIn(w, 'jatimOperator'), w.activity.foreignDocument), 404);
    });
  });
}
