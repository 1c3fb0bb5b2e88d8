import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { translate } from '../../../i18n/index.js';
import { DEMO } from '../../../services/demo.js';
import { clientFor, loadAdminWorld, provisionReady, type AdminWorld } from '../users/test-fixtures.js';

for (const kind of testDatabases()) {
  describe(`participant self-service and the corrections queue [${kind}]`, () => {
    let p: TestPlatform;
    let w: AdminWorld;
    let operator: TestClient, participant: TestClient, jatimOperator: TestClient, anonymous: TestClient;

    const audits = async (action: string) => p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
    /** A fresh participant in KPU Kota Kupang, signed in. */
    const freshParticipant = async (nip: string, name: string) => {
      const id = await provisionReady(p, { nip, name, unitCode: '5371' });
      const c = new TestClient(p);
      await c.login(nip, DEMO_PASSWORD);
      return { id, c };
    };

    before(async () => {
      p = await startTestPlatform(kind);
      w = await loadAdminWorld(p);
      [operator, participant, jatimOperator, anonymous] = await Promise.all([clientFor(p, 'operator'), clientFor(p, 'participant'), clientFor(p, 'jatimOperator'), clientFor(p, 'anonymous')]);
    });
    after(() => p.dispose());

    test('GET /profile and /api/v1/me/profile: unit, position, NI PPPK, contact, employment type and enrolments', async () => {
      const page = await participant.get('/profile');
      assert.equal(page.status, 200);
      for (const text of ['KPU Kota Kupang', '19900101 2024 21 1 001', DEMO.participant.position, DEMO.participant.email, DEMO.participant.phone, 'PPPK', DEMO.cohort.title]) assert.ok(page.body.includes(text), text);
      assert.match(page.body, /action="\/profile\/corrections"/);
      assert.match(page.body, /name="_csrf"/);

      const api = await participant.getJson('/api/v1/me/profile');
      assert.equal(api.status, 200);
      const body = api.json();
      assert.equal(body.id, w.participantId);
      assert.equal(body.unit.code, '5371');
      assert.equal(body.nip, DEMO.participant.nip);
      assert.equal(body.employmentType, 'PPPK');
      assert.equal(body.enrolments[0].cohort, DEMO.cohort.title);
      assert.equal((await anonymous.getJson('/api/v1/me/profile')).status, 401);
      assert.equal((await anonymous.get('/profile')).status, 303);
    });

    test('a request is checked, stored as pending, one per field; the participant sees it', async () => {
      const { c } = await freshParticipant('199404042024212008', 'Maria Ratu');
      assert.equal((await c.postJson('/api/v1/me/corrections', { field: 'salary', requestedValue: 'x' })).status, 400);
      const badNip = await c.postJson('/api/v1/me/corrections', { field: 'nip', requestedValue: '123' });
      assert.equal(badNip.status, 400);
      assert.deepEqual(badNip.json().error.fields.requestedValue, [translate('id', 'nip.invalid.not_18_digits')]);
      assert.equal((await c.postJson('/api/v1/me/corrections', { field: 'name', requestedValue: 'Maria Ratu' })).status, 400, 'unchanged');
      assert.equal((await c.postJson('/api/v1/me/corrections', { field: 'email', requestedValue: 'bukan-email' })).status, 400);

      const res = await c.postJson('/api/v1/me/corrections', { field: 'name', requestedValue: 'Maria Goreti Ratu', note: 'Sesuai SK' });
      assert.equal(res.status, 201, res.body);
      assert.equal(res.json().status, 'pending');
      assert.equal(res.json().currentValue, 'Maria Ratu');
      const dup = await c.postJson('/api/v1/me/corrections', { field: 'name', requestedValue: 'Maria G. Ratu' });
      assert.equal(dup.status, 409);
      assert.equal(dup.json().error.code, 'correction_pending');
      const mine = (await c.getJson('/api/v1/me/corrections')).json().items;
      assert.equal(mine.length, 1);
      assert.equal(mine[0].requestedValue, 'Maria Goreti Ratu');
      const page = await c.get('/profile');
      assert.ok(page.body.includes(translate('id', 'profile.status.pending')));
      assert.equal((await audits('profile.correction_requested')).length >= 1, true);
    });

    test('end to end: request → queue of the scope → approve applies it → the participant sees approved', async () => {
      const { id, c } = await freshParticipant('199506062024211003', 'Paulus Kolo');
      await c.get('/profile');
      const form = await c.postForm('/profile/corrections', { field: 'position', requestedValue: 'Penata Kelola Pemilu Ahli Muda', note: 'SK kenaikan jabatan' });
      assert.equal(form.status, 303);
      assert.equal(form.headers.location, '/profile?notice=requested');
      const correctionId = (await c.getJson('/api/v1/me/corrections')).json().items[0].id;

      const queue = (await operator.getJson('/api/v1/corrections')).json().items;
      const item = queue.find((q: { id: number }) => q.id === correctionId);
      assert.ok(item);
      assert.equal(item.user.id, id);
      assert.equal(item.field, 'position');
      assert.equal((await jatimOperator.getJson('/api/v1/corrections')).json().items.some((q: { id: number }) => q.id === correctionId), false, 'not in another province');
      assert.equal((await jatimOperator.postJson(`/api/v1/corrections/${correctionId}/approve`, {})).status, 404);
      assert.equal((await jatimOperator.postJson(`/api/v1/corrections/${correctionId}/reject`, { note: 'Tidak' })).status, 404);
      assert.equal((await c.getJson('/api/v1/corrections')).status, 403);
      assert.equal((await c.postJson(`/api/v1/corrections/${correctionId}/approve`, ['malformed'])).status, 403);
      assert.equal((await jatimOperator.postJson(`/api/v1/corrections/${correctionId}/reject`, ['malformed'])).status, 404);
      assert.equal((await anonymous.postJson('/api/v1/me/corrections', ['malformed'])).status, 401);

      const pageQueue = await operator.get('/admin/corrections');
      assert.equal(pageQueue.status, 200);
      assert.ok(pageQueue.body.includes('Penata Kelola Pemilu Ahli Muda'));
      assert.match(pageQueue.body, new RegExp(`action="/admin/corrections/${correctionId}/approve"`));
      const approved = await operator.postForm(`/admin/corrections/${correctionId}/approve`, { value: '', note: 'Sesuai SK' });
      assert.equal(approved.status, 303);
      assert.equal(approved.headers.location, '/admin/corrections?notice=care.corrections.approved');

      assert.equal((await p.ctx.repos.users.findById(id))!.position, 'Penata Kelola Pemilu Ahli Muda');
      const mine = (await c.getJson('/api/v1/me/corrections')).json().items[0];
      assert.equal(mine.status, 'approved');
      assert.ok((await c.get('/profile')).body.includes(translate('id', 'profile.status.approved')));
      const entry = (await audits('profile.correction_approved')).at(-1)!;
      assert.equal(entry.actor_user_id, w.operatorId);
      const details = JSON.parse(String(entry.details));
      assert.equal(details.before, null);
      assert.equal(details.after, 'Penata Kelola Pemilu Ahli Muda');
      assert.equal((await operator.postJson(`/api/v1/corrections/${correctionId}/approve`, {})).status, 409, 'decided once');
    });

    test('NIP and unit corrections go through the account-care rules (history, scope)', async () => {
      const oldNip = '199707072024211011';
      const { id, c } = await freshParticipant(oldNip, 'Benediktus Seran');
      const nipReq = (await c.postJson('/api/v1/me/corrections', { field: 'nip', requestedValue: '19970707 2025 21 1 004' })).json();
      assert.equal(nipReq.requestedValue, '199707072025211004');
      const res = await operator.postJson(`/api/v1/corrections/${nipReq.id}/approve`, { note: 'NI PPPK baru dari BKN' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().status, 'approved');
      const user = (await p.ctx.repos.users.findById(id))!;
      assert.equal(user.nip, '199707072025211004');
      assert.equal(user.login, '199707072025211004');
      const history = await p.ctx.repos.accountCare.nipHistory(id);
      assert.deepEqual(history.map((h) => h.nip), [oldNip, '199707072025211004']);

      const unitReq = (await c.postJson('/api/v1/me/corrections', { field: 'unit', requestedValue: 'KPU Kabupaten Sikka' })).json();
      const noUnit = await operator.postJson(`/api/v1/corrections/${unitReq.id}/approve`, {});
      assert.equal(noUnit.status, 400, 'the operator must name the unit');
      assert.ok(noUnit.json().error.fields.value);
      assert.equal((await operator.postJson(`/api/v1/corrections/${unitReq.id}/approve`, { value: '35' })).status, 400, 'a unit outside the scope');
      assert.equal((await operator.getJson('/api/v1/corrections')).json().items.some((q: { id: number }) => q.id === unitReq.id), true, 'still pending');
      const moved = await operator.postJson(`/api/v1/corrections/${unitReq.id}/approve`, { value: '5310' });
      assert.equal(moved.status, 200, moved.body);
      assert.equal((await p.ctx.repos.users.findById(id))!.unit_code, '5310');
      assert.ok((await audits('user.moved')).some((e) => Number(e.target_id) === id));
    });

    test('reject with a note: the note is required and shown to the participant', async () => {
      const { id, c } = await freshParticipant('199808082024212006', 'Theresia Nenobais');
      const req = (await c.postJson('/api/v1/me/corrections', { field: 'phone', requestedValue: '081298765432' })).json();
      await operator.get('/admin/corrections');
      const missing = await operator.postForm(`/admin/corrections/${req.id}/reject`, { note: '' });
      assert.equal(missing.status, 400);
      assert.ok(missing.body.includes(translate('id', 'error.field.required')));
      const res = await operator.postJson(`/api/v1/corrections/${req.id}/reject`, { note: 'Nomor tidak dapat dihubungi' });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json().status, 'rejected');
      assert.equal((await p.ctx.repos.users.findById(id))!.phone, null, 'nothing applied');
      const mine = (await c.getJson('/api/v1/me/corrections')).json().items[0];
      assert.equal(mine.status, 'rejected');
      assert.equal(mine.decisionNote, 'Nomor tidak dapat dihubungi');
      const page = await c.get('/profile');
      assert.ok(page.body.includes(translate('id', 'profile.status.rejected')));
      assert.ok(page.body.includes('Nomor tidak dapat dihubungi'));
      assert.equal((await audits('profile.correction_rejected')).length, 1);
      assert.equal((await operator.postJson(`/api/v1/corrections/${req.id}/reject`, { note: 'lagi' })).status, 409);
    });
  });
}
