import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { createTestProgramme } from '../../../../test/support/learning.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { provisionUser } from '../../../services/users.js';
import { loadPrincipal } from '../../../services/auth.js';

for (const kind of testDatabases()) {
  describe(`extending a participant's window [${kind}]`, () => {
    let p: TestPlatform;
    let ntt: number;
    let jatim: number;
    let operator: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      const admin = await p.ctx.repos.users.findByLogin('admin');
      const actor = { userId: admin!.id, principal: await loadPrincipal(p.ctx, admin!.id) };
      const east = await provisionUser(p.ctx, actor, { nip: '199203152024212004', name: 'Peserta Jawa Timur', unitCode: '35', password: 'Surabaya-Kota-2025' });
      const participant = await p.ctx.repos.users.findByNip(DEMO.participant.nip);
      const { programmeId, enrolmentIds } = await createTestProgramme(p, { code: 'UJI-JENDELA', participantIds: [participant!.id, east.user.id], windowDays: 30 });
      [ntt, jatim] = enrolmentIds as [number, number];
      const now = p.clock.fn().toISOString();
      const stage = await p.ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Tahap 1', now });
      await p.ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stage, position: 1, kind: 'page', title: 'Bacaan', now, config: { markdown: 'x', completeOn: 'open' } });
      operator = new TestClient(p);
      await operator.login('operator.ntt', DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('the NTT operator extends a Kupang participant by 7 days with a reason; it is audited and unlocks the ended window', async () => {
      const participant = new TestClient(p);
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD); // day 1 = 10 Nov 2025 (WITA)
      p.clock.set('2025-12-12T02:00:00.000Z'); // day 33: the 30-day window ended on 9 Dec
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
      await operator.login('operator.ntt', DEMO_PASSWORD);
      let outline = (await participant.getJson(`/api/v1/enrolments/${ntt}/outline`)).json();
      assert.equal(outline.stages[0].state, 'locked');
      assert.match(outline.stages[0].reason, /Masa belajar Anda berakhir pada 9 Desember 2025/);

      const res = await operator.postJson(`/api/v1/enrolments/${ntt}/window-extensions`, { days: 7, reason: 'Sinyal terputus seminggu di Sabu Raijua' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().windowEndsOn, '2025-12-16');
      assert.equal(res.json().extensionDays, 7);
      outline = (await participant.getJson(`/api/v1/enrolments/${ntt}/outline`)).json();
      assert.equal(outline.stages[0].state, 'available');

      const audit = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'enrolment.window_extended').execute();
      assert.equal(audit.length, 1);
      assert.match(String(audit[0]!.details), /Sabu Raijua/);
      assert.ok(audit[0]!.actor_user_id);
    });

    test('outside the scope: 404; a participant: 403; bad input: 400 with fields', async () => {
      assert.equal((await operator.postJson(`/api/v1/enrolments/${jatim}/window-extensions`, { days: 7, reason: 'Alasan yang cukup' })).status, 404);
      assert.equal((await operator.get(`/admin/enrolments/${jatim}`)).status, 404);
      const participant = new TestClient(p);
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
      assert.equal((await participant.postJson(`/api/v1/enrolments/${ntt}/window-extensions`, { days: 7, reason: 'Saya sendiri' })).status, 403);
      const bad = await operator.postJson(`/api/v1/enrolments/${ntt}/window-extensions`, { days: 0, reason: '' });
      assert.equal(bad.status, 400);
      assert.ok(bad.json().error.fields.days);
      const short = await operator.postJson(`/api/v1/enrolments/${ntt}/window-extensions`, { days: 3, reason: 'ok' });
      assert.equal(short.status, 400);
      assert.deepEqual(short.json().error.fields.reason, ['Tuliskan alasan yang jelas (minimal 5 karakter).']);
    });

    test('the page shows the window and its form extends it; the user page links to it', async () => {
      const user = await p.ctx.repos.users.findByNip(DEMO.participant.nip);
      const detail = await operator.get(`/admin/users/${user!.id}`);
      assert.match(detail.body, new RegExp(`href="/admin/enrolments/${ntt}"`));
      const page = await operator.get(`/admin/enrolments/${ntt}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Perpanjang masa belajar/);
      const short = await operator.postForm(`/admin/enrolments/${ntt}/extend`, { days: '2', reason: 'x' });
      assert.equal(short.status, 400);
      assert.match(short.body, /minimal 5 karakter/);
      const ok = await operator.postForm(`/admin/enrolments/${ntt}/extend`, { days: '2', reason: 'Sakit, surat keterangan dokter' });
      assert.equal(ok.status, 303);
      const after = await operator.get(`/admin/enrolments/${ntt}?notice=extended`);
      assert.match(after.body, /Masa belajar telah diperpanjang/);
      assert.match(after.body, /18 Desember 2025/);
    });
  });
}
