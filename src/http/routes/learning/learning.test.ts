import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { createTestProgramme } from '../../../../test/support/learning.js';

/** A small programme: stage 1 with two required pages and an optional one, stage 2 with one page, a remedial stage on days 16–30. */
async function buildProgramme(p: TestPlatform) {
  const now = p.clock.fn().toISOString();
  const participant = await p.ctx.repos.users.findByNip(DEMO.participant.nip);
  const { programmeId, enrolmentIds } = await createTestProgramme(p, { code: 'UJI-TAHAP', participantIds: [participant!.id] });
  const L = p.ctx.repos.learning;
  const s1 = await L.insertStage({ programme_id: programmeId, position: 1, title: 'Tahap 1', target_day: 5, now });
  const s2 = await L.insertStage({ programme_id: programmeId, position: 2, title: 'Tahap 2', now });
  const s3 = await L.insertStage({ programme_id: programmeId, position: 3, title: 'Remedial', sequential: false, opens_on_day: 16, closes_after_day: 30, now });
  const a11 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 1, kind: 'page', title: 'Sikap Perilaku Bela Negara', config: { markdown: '# Bela Negara', completeOn: 'open' }, now });
  const a12 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 2, kind: 'page', title: 'BerAKHLAK', config: { markdown: 'Nilai dasar', completeOn: 'scroll_end' }, now });
  const a13 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 3, kind: 'page', title: 'Bacaan tambahan', required: false, config: { markdown: 'x', completeOn: 'open' }, now });
  const a21 = await L.insertActivity({ programme_id: programmeId, stage_id: s2, position: 1, kind: 'page', title: 'Smart Governance', config: { markdown: 'y', completeOn: 'open' }, now });
  const a31 = await L.insertActivity({ programme_id: programmeId, stage_id: s3, position: 1, kind: 'page', title: 'Materi remedial', required: false, config: { markdown: 'z', completeOn: 'open' }, now });
  return { s1, s2, s3, a11, a12, a13, a21, a31, enrolmentId: enrolmentIds[0]! };
}

for (const kind of testDatabases()) {
  describe(`staged learning API [${kind}]`, () => {
    let p: TestPlatform;
    let ids: Awaited<ReturnType<typeof buildProgramme>>;
    let c: TestClient;
    let enrolmentId: number;
    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z'); // 09:00 WITA in Kupang
      await loadDemo(p.ctx, DEMO_PASSWORD);
      ids = await buildProgramme(p);
      c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('GET /api/v1/me/enrolments: my cohorts, not started, day 1, window of the cohort', async () => {
      const res = await c.getJson('/api/v1/me/enrolments');
      assert.equal(res.status, 200);
      const items = res.json().items as { id: number; programme: { title: string }; cohort: { title: string } }[];
      assert.ok(items.some((x) => x.programme.title === 'Orientasi PPPK' && x.cohort.title === 'Formasi Tahun 2024 Periode I'), 'the demo enrolment is listed');
      const e = items.find((x) => x.id === ids.enrolmentId) as any;
      enrolmentId = e.id;
      assert.equal(e.programme.title, 'Program UJI-TAHAP');
      assert.equal(e.status, 'not_started');
      assert.equal(e.progress, 0);
      assert.equal(e.day, 1);
      assert.equal(e.nextActivityId, ids.a11);
    });

    test('the outline locks stage 2 behind stage 1 and the remedial stage until day 16, with reasons', async () => {
      const res = await c.getJson(`/api/v1/enrolments/${enrolmentId}/outline`);
      assert.equal(res.status, 200);
      const o = res.json();
      assert.deepEqual(o.stages.map((s: { state: string }) => s.state), ['available', 'locked', 'locked']);
      assert.equal(o.stages[1].reason, 'Terbuka setelah Tahap 1 selesai');
      assert.equal(o.stages[2].reason, 'Terbuka pada hari ke-16 (25 November 2025)');
      assert.equal(o.stages[0].activities[0].kind, 'page');
      const en = await c.getJson(`/api/v1/enrolments/${enrolmentId}/outline`, { cookie: `${[...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lentera_lang=en` });
      assert.equal(en.json().stages[1].reason, 'Opens once Tahap 1 is complete');
    });

    test('a locked activity answers 409 activity_locked with the reason', async () => {
      const res = await c.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${ids.a21}/progress`, { eventId: 'evt-locked-0001', type: 'opened' });
      assert.equal(res.status, 409);
      assert.equal(res.json().error.code, 'activity_locked');
      assert.match(res.json().error.message, /Terbuka setelah Tahap 1 selesai/);
    });

    test('progress events are idempotent; a scroll_end page completes only when read to the end; stage 2 then opens', async () => {
      const url = (a: number) => `/api/v1/enrolments/${enrolmentId}/activities/${a}/progress`;
      const first = await c.postJson(url(ids.a11), { eventId: 'evt-a11-open-1', type: 'opened' });
      assert.equal(first.status, 200);
      assert.deepEqual(first.json(), { state: 'completed', progress: 100, enrolmentProgress: 33, duplicate: false });
      const again = await c.postJson(url(ids.a11), { eventId: 'evt-a11-open-1', type: 'opened' });
      assert.equal(again.json().duplicate, true);
      assert.equal(again.json().state, 'completed');

      const opened = await c.postJson(url(ids.a12), { eventId: 'evt-a12-open-1', type: 'opened' });
      assert.equal(opened.json().state, 'in_progress');
      const read = await c.postJson(url(ids.a12), { eventId: 'evt-a12-read-1', type: 'read_to_end' });
      assert.equal(read.json().state, 'completed');
      assert.equal(read.json().enrolmentProgress, 66);
      const late = await c.postJson(url(ids.a12), { eventId: 'evt-a12-open-2', type: 'opened' });
      assert.equal(late.json().state, 'completed', 'a late event never takes completion back');

      const o = (await c.getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).json();
      assert.deepEqual(o.stages.map((s: { state: string }) => s.state), ['completed', 'available', 'locked']);
      assert.equal(o.status, 'in_progress');
      const done = await c.postJson(url(ids.a21), { eventId: 'evt-a21-open-1', type: 'opened' });
      assert.equal(done.json().enrolmentProgress, 100);
      const list = (await c.getJson('/api/v1/me/enrolments')).json();
      assert.equal(list.items.find((x: { id: number }) => x.id === enrolmentId).status, 'completed');
      const events = await p.ctx.repos.learning.countEvents();
      assert.equal(events, 5, 'the duplicate was recorded once');
    });

    test('the remedial stage opens on day 16 of the personal clock (local midnight WITA)', async () => {
      p.clock.set('2025-11-24T15:59:00.000Z'); // 23:59 WITA, day 15
      await c.login(DEMO.participant.nip, DEMO_PASSWORD); // two weeks later: a new session
      let o = (await c.getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).json();
      assert.equal(o.day, 15);
      assert.equal(o.stages[2].state, 'locked');
      p.clock.set('2025-11-24T16:00:00.000Z'); // 00:00 WITA, day 16
      o = (await c.getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).json();
      assert.equal(o.day, 16);
      assert.equal(o.stages[2].state, 'available');
    });

    test('bad events and other people\'s enrolments', async () => {
      const url = `/api/v1/enrolments/${enrolmentId}/activities/${ids.a13}/progress`;
      assert.equal((await c.postJson(url, { eventId: 'short', type: 'opened' })).status, 400);
      assert.equal((await c.postJson(url, { eventId: 'evt-bad-type-1', type: 'teleported' })).status, 400);
      assert.equal((await c.postJson(`/api/v1/enrolments/${enrolmentId}/activities/999999/progress`, { eventId: 'evt-missing-1', type: 'opened' })).status, 404);
      const admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      assert.equal((await admin.getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).status, 404);
      assert.equal((await new TestClient(p).getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).status, 401);
    });
  });
}
