import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';

type ApiStage = { id: number; position: number; activities: { id: number; position: number }[] };

const idFrom = (location: unknown, re: RegExp): number => {
  const m = re.exec(String(location));
  assert.ok(m, `no id in ${String(location)}`);
  return Number(m[1]);
};

for (const kind of testDatabases()) {
  describe(`programme authoring [${kind}]`, () => {
    let p: TestPlatform;
    let admin: TestClient;
    let participant: TestClient;
    let demoProgrammeId: number;
    let enrolmentId: number;
    const stages: number[] = [];
    const acts: number[] = [];
    /** Our stages in the order given (the demo programme may hold others). */
    const mine = <T extends { id: number }>(list: T[]): T[] => list.filter((x) => stages.includes(x.id));

    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
      demoProgrammeId = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!.id;
      admin = new TestClient(p);
      await admin.login(DEMO.admin.login, DEMO_PASSWORD);
      await admin.get('/admin/programmes');
      participant = new TestClient(p);
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
      enrolmentId = (await participant.getJson('/api/v1/me/enrolments')).json().items[0].id;
    });
    after(() => p.dispose());

    test('a unit operator gets 403 on authoring pages and API; anonymous visitors are sent to sign in', async () => {
      const op = new TestClient(p);
      await op.login(DEMO.operator.login, DEMO_PASSWORD);
      assert.equal((await op.get('/admin/programmes')).status, 403);
      assert.equal((await op.get(`/admin/programmes/${demoProgrammeId}`)).status, 403);
      assert.equal((await op.getJson('/api/v1/programmes')).status, 403);
      assert.equal((await op.getJson(`/api/v1/programmes/${demoProgrammeId}/package`)).status, 403);
      await op.get('/');
      assert.equal((await op.postForm('/admin/programmes/new', { code: 'X', title: 'X', jp: '1' })).status, 403);
      const anon = await new TestClient(p).get('/admin/programmes');
      assert.equal(anon.status, 303);
      assert.match(String(anon.headers.location), /^\/login\?next=/);
    });

    test('programme: create through the form, validation errors shown next to fields, then edit', async () => {
      const bad = await admin.postForm('/admin/programmes/new', { code: 'bad code', title: '', jp: 'x', status: 'draft' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /id="p-title-errors"/);
      assert.match(bad.body, /id="p-code-errors"/);
      assert.match(bad.body, /Masukkan bilangan bulat 0–1000/);
      const ok = await admin.postForm('/admin/programmes/new', { code: 'LATSAR-2026', title: 'Latsar CPNS 2026', description: 'Pelatihan dasar', jp: '60', provider: 'BPSDM', status: 'draft' });
      assert.equal(ok.status, 303);
      const id = idFrom(ok.headers.location, /\/admin\/programmes\/(\d+)/);
      const dup = await admin.postForm('/admin/programmes/new', { code: 'LATSAR-2026', title: 'Lagi', jp: '1' });
      assert.equal(dup.status, 400);
      assert.match(dup.body, /Kode ini sudah dipakai/);
      const page = await admin.get(`/admin/programmes/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Latsar CPNS 2026/);
      const edit = await admin.postForm(`/admin/programmes/${id}`, { code: 'LATSAR-2026', title: 'Latsar CPNS 2026 (revisi)', jp: '61', status: 'published' });
      assert.equal(edit.status, 303);
      const api = (await admin.getJson(`/api/v1/programmes/${id}`)).json();
      assert.equal(api.title, 'Latsar CPNS 2026 (revisi)');
      assert.equal(api.status, 'published');
      const list = (await admin.getJson('/api/v1/programmes')).json();
      assert.ok(list.items.some((x: { code: string }) => x.code === 'LATSAR-2026'));
      const audited = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', 'in', ['programme.created', 'programme.updated']).where('target_id', '=', String(id)).execute();
      assert.equal(audited.length, 2);
      assert.ok(audited.every((a) => a.actor_user_id !== null));
    });

    test('cohorts: dates YYYY-MM-DD, ends ≥ starts, window 1–365', async () => {
      await admin.get(`/admin/programmes/${demoProgrammeId}/cohorts/new`);
      const bad = await admin.postForm(`/admin/programmes/${demoProgrammeId}/cohorts/new`, { code: 'P2', title: 'Periode II', starts_on: '2026-02-30', ends_on: '2026-01-01', window_days: '0' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /Gunakan format tanggal TTTT-BB-HH/);
      assert.match(bad.body, /Masukkan bilangan bulat 1–365/);
      const order = await admin.postForm(`/admin/programmes/${demoProgrammeId}/cohorts/new`, { code: 'P2', title: 'Periode II', starts_on: '2026-03-01', ends_on: '2026-02-01' });
      assert.equal(order.status, 400);
      assert.match(order.body, /Tanggal selesai tidak boleh sebelum tanggal mulai/);
      const ok = await admin.postForm(`/admin/programmes/${demoProgrammeId}/cohorts/new`, { code: 'P2', title: 'Periode II', starts_on: '2026-03-01', ends_on: '2026-04-01', start_by: '2026-03-10', window_days: '30', gelombang: '2', angkatan: '6' });
      assert.equal(ok.status, 303);
      const cohortId = idFrom(ok.headers.location, /cohorts\/(\d+)/);
      const edit = await admin.postForm(`/admin/programmes/${demoProgrammeId}/cohorts/${cohortId}`, { code: 'P2', title: 'Periode II 2026', starts_on: '2026-03-01', ends_on: '2026-04-01', window_days: '40' });
      assert.equal(edit.status, 303);
      const c = await p.ctx.repos.authoring.cohort(cohortId);
      assert.equal(c?.title, 'Periode II 2026');
      assert.equal(c?.window_days, 40);
    });

    test('stages: create, window validation, reorder with up/down', async () => {
      const base = `/admin/programmes/${demoProgrammeId}/stages/new`;
      const closes = await admin.postForm(base, { title: 'Tahap X', sequential: '1', opens_on_day: '10', closes_after_day: '5' });
      assert.equal(closes.status, 400);
      assert.match(closes.body, /Hari tutup tidak boleh sebelum hari buka/);
      const target = await admin.postForm(base, { title: 'Tahap X', opens_on_day: '3', closes_after_day: '8', target_day: '9' });
      assert.equal(target.status, 400);
      assert.match(target.body, /Target harus antara hari ke-3 dan hari ke-8/);
      const beyond = await admin.postForm(base, { title: 'Tahap X', target_day: '41' });
      assert.equal(beyond.status, 400, 'the longest cohort window is 40 days');
      // The demo programme may already hold stages (loadDemo): ours come after them.
      const existing = new Set((await p.ctx.repos.authoring.stagesOf(demoProgrammeId)).map((s) => s.id));
      for (const title of ['Tahap 1: Agenda Nilai', 'Tahap 2: Kedudukan ASN', 'Tahap 3: Aktualisasi']) {
        const res = await admin.postForm(base, { title, sequential: '1', target_day: '7' });
        assert.equal(res.status, 303, res.body);
      }
      stages.push(...(await p.ctx.repos.authoring.stagesOf(demoProgrammeId)).map((s) => s.id).filter((id) => !existing.has(id)));
      assert.equal(stages.length, 3);
      const move = await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[2]}/move`, { direction: 'up' });
      assert.equal(move.status, 303);
      let api = (await admin.getJson(`/api/v1/programmes/${demoProgrammeId}`)).json();
      assert.deepEqual(mine(api.stages as ApiStage[]).map((s) => s.id), [stages[0], stages[2], stages[1]]);
      assert.deepEqual(api.stages.map((s: { position: number }) => s.position), api.stages.map((_: unknown, i: number) => i + 1));
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[2]}/move`, { direction: 'down' });
      api = (await admin.getJson(`/api/v1/programmes/${demoProgrammeId}`)).json();
      assert.deepEqual(mine(api.stages as ApiStage[]).map((s) => s.id), stages);
      const edit = await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[0]}`, { title: 'Tahap 1: Nilai Dasar', sequential: '1', opens_at: '2025-11-10T08:00', target_day: '5' });
      assert.equal(edit.status, 303);
      const s0 = await p.ctx.repos.authoring.stage(stages[0]!);
      assert.equal(s0?.opens_at, '2025-11-10T01:00:00.000Z', 'opens_at is read as WIB');
      const del = await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[2]}/delete`, {});
      assert.equal(del.status, 303);
      stages.pop();
    });

    test('activities (page kind): create, kind field errors, prerequisites from earlier activities only', async () => {
      const chooser = await admin.get(`/admin/programmes/${demoProgrammeId}/stages/${stages[0]}/activities/new`);
      assert.equal(chooser.status, 200);
      assert.match(chooser.body, /<option value="page"/);
      const form = await admin.get(`/admin/programmes/${demoProgrammeId}/stages/${stages[0]}/activities/new?kind=page`);
      assert.match(form.body, /name="cfg_markdown"/);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      const url = (stage: number) => `/admin/programmes/${demoProgrammeId}/stages/${stage}/activities/new?kind=page`;
      const bad = await admin.postForm(url(stages[0]!), { title: '', cfg_markdown: 'x'.repeat(10), closes_after_day: '2', opens_on_day: '4' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /id="a-title-errors"/);
      assert.match(bad.body, /Hari tutup tidak boleh sebelum hari buka/);
      for (const [stage, title, required] of [[stages[0]!, 'Bela Negara', '1'], [stages[0]!, 'BerAKHLAK', '1'], [stages[1]!, 'Smart ASN', '1']] as const) {
        const res = await admin.postForm(url(stage), { title, required, jp: '2', cfg_markdown: `# ${title}`, cfg_completeOn: 'open' });
        assert.equal(res.status, 303, res.body);
        acts.push(idFrom(res.headers.location, /activities\/(\d+)/));
      }
      // A prerequisite must come earlier: the last activity cannot be one of the first one.
      const later = await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[0]}`, { title: 'Bela Negara', required: '1', cfg_markdown: '#', prerequisites: String(acts[2]) });
      assert.equal(later.status, 400);
      assert.match(later.body, /Prasyarat harus kegiatan sebelumnya/);
      const body = new URLSearchParams({ _csrf: admin.csrf, title: 'Smart ASN', required: '1', cfg_markdown: '# Smart ASN', cfg_completeOn: 'scroll_end' });
      body.append('prerequisites', String(acts[0]));
      body.append('prerequisites', String(acts[1]));
      const ok = await admin.request({ method: 'POST', url: `/admin/programmes/${demoProgrammeId}/activities/${acts[2]}`, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body.toString() });
      assert.equal(ok.status, 303, ok.body);
      const a = await p.ctx.repos.authoring.activity(acts[2]!);
      assert.deepEqual(JSON.parse(a!.prerequisite_ids), [acts[0], acts[1]]);
      assert.deepEqual(JSON.parse(a!.config), { markdown: '# Smart ASN', completeOn: 'scroll_end' });
      const edit = await admin.get(`/admin/programmes/${demoProgrammeId}/activities/${acts[2]}`);
      assert.match(edit.body, new RegExp(`id="a-prereq-${acts[0]}"[^>]*checked`));
    });

    test('move activities up/down and to another stage', async () => {
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/move`, { direction: 'up' });
      let api = (await admin.getJson(`/api/v1/programmes/${demoProgrammeId}`)).json();
      assert.deepEqual(mine(api.stages as ApiStage[])[0]!.activities.map((x: { id: number }) => x.id), [acts[1], acts[0]]);
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/move`, { direction: 'down' });
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/move`, { stageId: String(stages[1]) });
      api = (await admin.getJson(`/api/v1/programmes/${demoProgrammeId}`)).json();
      assert.deepEqual(mine(api.stages as ApiStage[])[0]!.activities.map((x: { id: number }) => x.id), [acts[0]]);
      assert.deepEqual(mine(api.stages as ApiStage[])[1]!.activities.map((x: { id: number; position: number }) => [x.id, x.position]), [[acts[2], 1], [acts[1], 2]]);
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/move`, { stageId: String(stages[0]) });
      api = (await admin.getJson(`/api/v1/programmes/${demoProgrammeId}`)).json();
      assert.deepEqual(mine(api.stages as ApiStage[])[0]!.activities.map((x: { id: number }) => x.id), [acts[0], acts[1]]);
    });

    test('publish / unpublish changes what the participant’s outline shows', async () => {
      const outline = async () => mine((await participant.getJson(`/api/v1/enrolments/${enrolmentId}/outline`)).json().stages as { id: number; title: string; activities: { id: number }[] }[]);
      assert.deepEqual(await outline(), [], 'nothing of ours is published yet');
      for (const s of stages) assert.equal((await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${s}/publish`, { published: '1' })).status, 303);
      assert.deepEqual((await outline()).map((s) => s.activities.length), [0, 0]);
      for (const a of acts) await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${a}/publish`, { published: '1' });
      let o = await outline();
      assert.deepEqual(o.map((s) => s.title), ['Tahap 1: Nilai Dasar', 'Tahap 2: Kedudukan ASN']);
      assert.deepEqual(o[0]!.activities.map((a) => a.id), [acts[0], acts[1]]);
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/publish`, { published: '0' });
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[1]}/publish`, { published: '0' });
      o = await outline();
      assert.deepEqual(o.map((s) => s.activities.map((a) => a.id)), [[acts[0]]]);
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/publish`, { published: '1' });
      await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[1]}/publish`, { published: '1' });
      const actions = (await p.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', 'like', '%published').execute()).map((r) => r.action);
      assert.ok(actions.includes('stage.unpublished') && actions.includes('activity.published'));
    });

    test('delete: a stage with activities cannot go; an activity with progress only unpublishes (409 says so)', async () => {
      const stageDel = await admin.postForm(`/admin/programmes/${demoProgrammeId}/stages/${stages[0]}/delete`, {});
      assert.equal(stageDel.status, 409);
      assert.match(stageDel.body, /masih berisi kegiatan/);
      // The participant opened it (recorded directly: our stage may still be locked behind the demo's own stages).
      const now = p.clock.fn().toISOString();
      await p.ctx.repos.learning.recordEvent({ enrolmentId, activityId: acts[0]!, eventId: 'evt-authoring-1', type: 'opened', payload: '{}', now }, () => ({ state: 'completed', percent: 100, data: '{"opened":true}', completedAt: now }));
      const del = await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[0]}/delete`, {});
      assert.equal(del.status, 409);
      assert.match(del.body, /Tarik dari terbitan saja/);
      // An activity nobody worked on goes, and leaves others' prerequisites.
      const del2 = await admin.postForm(`/admin/programmes/${demoProgrammeId}/activities/${acts[1]}/delete`, {});
      assert.equal(del2.status, 303);
      const a2 = await p.ctx.repos.authoring.activity(acts[2]!);
      assert.deepEqual(JSON.parse(a2!.prerequisite_ids), [acts[0]]);
      assert.equal(await p.ctx.repos.authoring.activity(acts[1]!), undefined);
    });

    test('pages render: list, programme, stage, activity', async () => {
      for (const url of ['/admin/programmes', `/admin/programmes/${demoProgrammeId}`, `/admin/programmes/${demoProgrammeId}/stages/${stages[0]}`, `/admin/programmes/${demoProgrammeId}/activities/${acts[2]}`, `/admin/programmes/${demoProgrammeId}/stages/new`]) {
        const res = await admin.get(url);
        assert.equal(res.status, 200, url);
      }
      assert.equal((await admin.get('/admin/programmes/999999')).status, 404);
      assert.equal((await admin.get(`/admin/programmes/${demoProgrammeId}/activities/999999`)).status, 404);
    });
  });
}
