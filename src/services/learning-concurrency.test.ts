// Nothing lost under concurrency: events of one participant arriving at the same time (two tabs,
// a retry burst after the signal returns) are all merged, on SQLite and PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, DEMO_PASSWORD, type TestPlatform } from '../../test/support/platform.js';
import { createTestProgramme } from '../../test/support/learning.js';
import { loadDemo, DEMO } from './demo.js';
import { recordProgress } from './learning.js';
import { storeFile } from './files.js';

for (const kind of testDatabases()) {
  describe(`concurrent progress events [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
    });
    after(() => p.dispose());

    test('ten watched intervals of one video sent at once all count; the enrolment completes', async () => {
      const user = await p.ctx.repos.users.findByNip(DEMO.participant.nip);
      const { programmeId, enrolmentIds } = await createTestProgramme(p, { code: 'UJI-SERENTAK', participantIds: [user!.id] });
      const now = p.clock.fn().toISOString();
      const file = await storeFile(p.ctx, Buffer.from('not really a video'), { originalName: 'v.mp4', mime: 'video/mp4', createdBy: null, maxBytes: 1024 });
      const stage = await p.ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Tahap 1', now });
      const video = await p.ctx.repos.learning.insertActivity({
        programme_id: programmeId, stage_id: stage, position: 1, kind: 'video', title: 'Video', now,
        config: { fileId: file.id, lowDataFileId: null, captionsFileId: null, durationSeconds: 100, completeAtPercent: 100 },
      });
      const page = await p.ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stage, position: 2, kind: 'page', title: 'Bacaan', now, config: { markdown: 'x', completeOn: 'open' } });
      const enrolmentId = enrolmentIds[0]!;
      const send = (activityId: number, event: Record<string, unknown>) => recordProgress(p.ctx, { userId: user!.id, enrolmentId, activityId, event, describeLock: () => 'locked' });
      const results = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => send(video, { eventId: `evt-watch-${i}-xyz`, type: 'watched', from: i * 10, to: i * 10 + 10 })),
        send(page, { eventId: 'evt-page-open-1', type: 'opened' }),
        send(video, { eventId: 'evt-watch-3-xyz', type: 'watched', from: 30, to: 40 }),
      ]);
      assert.equal(results.filter((r) => r.duplicate).length, 1, 'the repeated event is a duplicate');
      const row = await p.ctx.repos.learning.progressOne(enrolmentId, video);
      assert.equal(row?.state, 'completed', `all 100 s counted: ${row?.data}`);
      assert.equal(row?.percent, 100);
      const events = await p.ctx.db.kysely.selectFrom('progress_events').select((eb) => eb.fn.countAll().as('n')).where('enrolment_id', '=', enrolmentId).executeTakeFirstOrThrow();
      assert.equal(Number(events.n), 11);
      const enrolment = await p.ctx.repos.learning.enrolment(enrolmentId);
      assert.equal(enrolment?.progress, 100, 'the enrolment progress reflects both activities');
      assert.ok(enrolment?.completed_at);
    });
  });
}
