// Live session routes: joining (302 / 409 page / 404), the participant's session API, what is hidden
// before the reveal (also from the outline, the progress API and the programme page), local times in
// WITA and WIT, the .ics files and the revocable feed, and the speakers (API, pages, photo check).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ical from 'node-ical';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { hashPassword } from '../../../services/crypto.js';
import { DEMO_LIVE } from '../../../services/demo-live.js';
import { programmeStructureChanged } from '../../../services/learning.js';
import { multipartBody } from '../../../../test/support/multipart.js';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const START = '2026-11-29T02:00:00.000Z';

function multipart(fields: Record<string, string>, file?: { name: string; filename: string; type: string; data: Buffer }) {
  return multipartBody(fields, file ? [{ field: file.name, filename: file.filename, type: file.type, data: file.data }] : []);
}

for (const kind of testDatabases()) {
  describe(`live session routes [${kind}]`, () => {
    let p: TestPlatform;
    let activityId: number;
    let enrolmentId: number;
    let participant: TestClient;
    let papua: TestClient;
    let admin: TestClient;
    let operator: TestClient;
    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2026-11-28T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD);
      const programme = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      activityId = (await p.ctx.db.kysely.selectFrom('activities').select('id').where('programme_id', '=', programme.id).where('kind', '=', 'live_session').executeTakeFirstOrThrow()).id;
      // A participant in Papua (WIT), enrolled in the demo cohort.
      const now = p.clock.fn().toISOString();
      const kpu = (await p.ctx.repos.units.findAllByCode('KPU'))[0]!;
      const unit = (await p.ctx.repos.units.findAllByCode('91'))[0] ?? (await p.ctx.repos.units.insert({ parent: kpu, code: '91', name: 'KPU Provinsi Papua', kind: 'province', region_code: '91', now }));
      const userId = await p.ctx.repos.users.insert({
        login: '199201012024211009', nip: '199201012024211009', name: 'Yohanes Papua', email: null, phone: null, employment_type: 'PPPK', position: null, unit_id: unit.id,
        password_hash: await hashPassword(DEMO_PASSWORD), must_change_password: 0, locale: null, status: 'active', created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
      });
      const cohort = (await p.ctx.repos.programmes.findCohort(programme.id, DEMO.cohort.code))!;
      await p.ctx.repos.programmes.enrol({ cohort_id: cohort.id, user_id: userId, ndh: 2, now });
      participant = new TestClient(p);
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
      enrolmentId = (await participant.getJson('/api/v1/me/enrolments')).json().items[0].id;
      papua = new TestClient(p);
      await papua.login('199201012024211009', DEMO_PASSWORD);
      admin = new TestClient(p);
      await admin.login(DEMO.admin.login, DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login(DEMO.operator.login, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('before the reveal: the page counts down and shows no link, passcode or join URL anywhere', async () => {
      p.clock.set('2026-11-28T23:55:00.000Z'); // 2 h 5 min before the start
      const page = await participant.get(`/learn/${enrolmentId}/activities/${activityId}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Dimulai dalam 2 jam 5 menit/);
      assert.match(page.body, /data-live-countdown/);
      assert.match(page.body, /src="\/static\/js\/live\.js\?v=/);
      const script = await participant.request({ method: 'GET', url: '/static/js/live.js' });
      assert.equal(script.status, 200);
      assert.match(script.body, /data-live-countdown/);
      assert.match(page.body, /Tautan dan kode akses ditampilkan mulai 29 Nov 2026, 09\.30 WITA/);
      assert.match(page.body, /Narasumber LAN RI — Panduan Belajar Mandiri/);
      assert.match(page.body, /Kerangka kompetensi bagi PPPK/);
      assert.match(page.body, new RegExp(`href="/live/${activityId}.ics"`));
      const outline = await participant.getJson(`/api/v1/enrolments/${enrolmentId}/outline`);
      const programmePage = await participant.get(`/learn/${enrolmentId}`);
      const api = await participant.getJson(`/api/v1/live-sessions/${activityId}`);
      assert.equal(api.status, 200);
      assert.equal(api.json().phase, 'scheduled');
      assert.equal(api.json().join, null);
      assert.equal(api.json().revealAt, '2026-11-29T01:30:00.000Z');
      const progress = await participant.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${activityId}/progress`, { eventId: 'evt-open-live-1', type: 'opened' });
      assert.equal(progress.status, 200);
      for (const [what, body] of [['page', page.body], ['outline', outline.body], ['programme page', programmePage.body], ['session API', api.body], ['progress API', progress.body]] as const) {
        assert.ok(!body.includes('zoom.us/j/'), `${what} has no join URL`);
        assert.ok(!body.includes(DEMO_LIVE.passcode), `${what} has no passcode`);
      }
    });

    test('a WITA and a WIT participant see the same instant in their own local time', async () => {
      const a = (await participant.getJson(`/api/v1/live-sessions/${activityId}`)).json();
      const b = (await papua.getJson(`/api/v1/live-sessions/${activityId}`)).json();
      assert.equal(a.startAt, START);
      assert.equal(b.startAt, START);
      assert.deepEqual([a.zone, a.startLocal], ['WITA', '29 Nov 2026, 10.00 WITA']);
      assert.deepEqual([b.zone, b.startLocal], ['WIT', '29 Nov 2026, 11.00 WIT']);
      const papuaEnrolment = (await papua.getJson('/api/v1/me/enrolments')).json().items[0].id;
      assert.match((await papua.get(`/learn/${papuaEnrolment}/activities/${activityId}`)).body, /29 Nov 2026, 11\.00 WIT – 29 Nov 2026, 13\.30 WIT/);
      assert.match((await participant.get(`/learn/${enrolmentId}/activities/${activityId}`)).body, /29 Nov 2026, 10\.00 WITA – 29 Nov 2026, 12\.30 WITA/);
    });

    test('more participants enrolled than the capacity: the page says so and offers the livestream', async () => {
      const page = await participant.get(`/learn/${enrolmentId}/activities/${activityId}`);
      assert.ok(!page.body.includes('melebihi kapasitas'), 'the demo room (1000) holds the demo cohort');
      const row = (await p.ctx.repos.learning.activity(activityId))!;
      const original = row.config;
      await p.ctx.db.kysely.updateTable('activities').set({ config: JSON.stringify({ ...JSON.parse(original), capacity: 1 }) }).where('id', '=', activityId).execute();
      programmeStructureChanged(p.ctx);
      try {
        const over = await participant.get(`/learn/${enrolmentId}/activities/${activityId}`);
        assert.match(over.body, /Peserta terdaftar \(2\) melebihi kapasitas ruang pertemuan \(1\)/);
        assert.match(over.body, new RegExp(`href="${DEMO_LIVE.livestreamUrl}"`));
        const api = (await participant.getJson(`/api/v1/live-sessions/${activityId}`)).json();
        assert.deepEqual([api.capacity, api.enrolled, api.overCapacity], [1, 2, true]);
      } finally {
        await p.ctx.db.kysely.updateTable('activities').set({ config: original }).where('id', '=', activityId).execute();
        programmeStructureChanged(p.ctx);
      }
    });

    test('joining before the reveal: 409 not_yet_open with opensAt (API) and a page saying when (browser)', async () => {
      const api = await participant.postJson(`/api/v1/live-sessions/${activityId}/join`);
      assert.equal(api.status, 409);
      assert.equal(api.json().error.code, 'not_yet_open');
      assert.equal(api.json().error.opensAt, '2026-11-29T01:30:00.000Z');
      const page = await participant.get(`/live/${activityId}/join`);
      assert.equal(page.status, 409);
      assert.match(page.body, /Tautan tersedia mulai 29 Nov 2026, 09\.30 WITA/);
      assert.match(page.body, new RegExp(`href="/learn/${enrolmentId}/activities/${activityId}"`));
    });

    test('not enrolled: 404 for joining and the session API; anonymous: sign in', async () => {
      assert.equal((await admin.get(`/live/${activityId}/join`)).status, 404);
      assert.equal((await admin.postJson(`/api/v1/live-sessions/${activityId}/join`)).status, 404);
      assert.equal((await admin.getJson(`/api/v1/live-sessions/${activityId}`)).status, 404);
      assert.equal((await participant.getJson('/api/v1/live-sessions/999999')).status, 404);
      const anon = await new TestClient(p).get(`/live/${activityId}/join`);
      assert.equal(anon.status, 303);
      assert.match(String(anon.headers.location), /^\/login\?next=/);
    });

    test('a participant cannot fake a join or attendance through the progress API', async () => {
      for (const body of [
        { eventId: 'evt-fake-0001', type: 'live_attendance', minutes: 300 },
        { eventId: 'evt-fake-0002', type: 'live_joined', at: START },
        { eventId: 'evt-fake-0003', type: 'live_manual', mark: 'present', reason: 'saya hadir' },
        { eventId: 'srv:join-x-1', type: 'opened' },
      ]) {
        const res = await participant.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${activityId}/progress`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      const row = await p.ctx.repos.learning.progressOne(enrolmentId, activityId);
      const data = JSON.parse(row!.data);
      assert.deepEqual([row!.state, data.attendedMinutes, data.joinedAt, data.manual], ['in_progress', 0, null, null]);
    });

    test('from the reveal: the page shows the passcode and the Join button; joining answers 302 to the meeting and is recorded', async () => {
      p.clock.set('2026-11-29T01:30:00.000Z');
      const page = await participant.get(`/learn/${enrolmentId}/activities/${activityId}`);
      assert.match(page.body, new RegExp(`href="/live/${activityId}/join"`));
      assert.match(page.body, new RegExp(DEMO_LIVE.passcode));
      const join = await participant.get(`/live/${activityId}/join`, { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' });
      assert.equal(join.status, 302);
      assert.equal(join.headers.location, DEMO_LIVE.joinUrl);
      const api = await participant.postJson(`/api/v1/live-sessions/${activityId}/join`);
      assert.deepEqual(api.json(), { url: DEMO_LIVE.joinUrl, passcode: DEMO_LIVE.passcode });
      const joins = await p.ctx.repos.liveSessions.joinsOf(activityId, enrolmentId);
      assert.deepEqual(joins.map((j) => j.device), ['mobile', 'unknown']);
      const view = (await participant.getJson(`/api/v1/live-sessions/${activityId}`)).json();
      assert.equal(view.phase, 'open');
      assert.deepEqual(view.join, { url: DEMO_LIVE.joinUrl, passcode: DEMO_LIVE.passcode });
      assert.equal(view.own.joinedAt, '2026-11-29T01:30:00.000Z');
      assert.equal(view.own.joins, 2);
      p.clock.set('2026-11-29T02:30:00.000Z');
      assert.match((await participant.get(`/learn/${enrolmentId}/activities/${activityId}`)).body, /Sedang berlangsung/);
    });

    test('after the end: 409 ended, the page offers the recording path and the own attendance status', async () => {
      p.clock.set('2026-11-29T05:00:00.000Z');
      const api = await participant.postJson(`/api/v1/live-sessions/${activityId}/join`);
      assert.equal(api.status, 409);
      assert.equal(api.json().error.code, 'ended');
      assert.equal((await participant.get(`/live/${activityId}/join`)).status, 409);
      const page = await participant.get(`/learn/${enrolmentId}/activities/${activityId}`);
      assert.match(page.body, /Sesi telah berakhir/);
      assert.match(page.body, /Bergabung melalui platform: 29 Nov 2026, 09\.30 WITA/);
      assert.ok(!page.body.includes('zoom.us/j/'), 'no join link after the end');
    });

    test('the session .ics: text/calendar for participants and staff in scope, parsable, without the meeting link', async () => {
      for (const c of [participant, admin, operator]) {
        const res = await c.get(`/live/${activityId}.ics`);
        assert.equal(res.status, 200);
        assert.match(String(res.headers['content-type']), /^text\/calendar/);
        const events = Object.values(ical.sync.parseICS(res.body)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
        assert.equal(events.length, 1);
        assert.equal(events[0]!.summary, DEMO_LIVE.title);
        assert.equal(new Date(events[0]!.start).toISOString(), START);
        assert.equal(events[0]!.uid, `live-${activityId}@lentera`);
        assert.ok(!res.body.includes('zoom.us'), 'no join URL in the calendar');
        assert.ok(!res.body.includes(DEMO_LIVE.passcode));
      }
      const other = new TestClient(p);
      await other.login('199201012024211009', DEMO_PASSWORD);
      assert.equal((await new TestClient(p).get(`/live/${activityId}.ics`)).status, 303);
    });

    test('the feed: created on the account page (shown once), served without sign-in, replaced and revoked → 404', async () => {
      const page = await participant.get('/account/calendar');
      assert.equal(page.status, 200);
      const created = await participant.postForm('/account/calendar', {});
      assert.equal(created.status, 200);
      const url = /http:\/\/lentera\.test\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(created.body);
      assert.ok(url, 'the feed URL is shown');
      const anon = new TestClient(p);
      const feed = await anon.get(`/calendar/${url[1]}.ics`);
      assert.equal(feed.status, 200);
      assert.match(String(feed.headers['content-type']), /^text\/calendar/);
      const events = Object.values(ical.sync.parseICS(feed.body)).filter((e) => e?.type === 'VEVENT') as ical.VEvent[];
      assert.deepEqual(events.map((e) => e.summary), [DEMO_LIVE.title]);
      // A new token (API) replaces the old one.
      const api = await participant.postJson('/api/v1/me/calendar-feed');
      assert.equal(api.status, 201);
      assert.equal((await anon.get(`/calendar/${url[1]}.ics`)).status, 404);
      const token = api.json().token as string;
      assert.equal(api.json().url, `http://lentera.test/calendar/${token}.ics`);
      assert.equal((await anon.get(`/calendar/${token}.ics`)).status, 200);
      assert.match((await participant.get('/account/calendar')).body, /aktif sejak/);
      // Revoked.
      const del = await participant.sendJson('DELETE', '/api/v1/me/calendar-feed');
      assert.deepEqual(del.json(), { revoked: true });
      assert.equal((await anon.get(`/calendar/${token}.ics`)).status, 404);
      assert.equal((await anon.get('/calendar/bukan-token.ics')).status, 404);
      const form = await participant.postForm('/account/calendar', {});
      const t2 = /\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(form.body)![1]!;
      const revoke = await participant.postForm('/account/calendar/revoke', {});
      assert.equal(revoke.status, 303);
      assert.equal((await anon.get(`/calendar/${t2}.ics`)).status, 404);
    });

    test('authoring: times entered in WITA are stored in UTC; a bad form comes back with the fields, never a 500', async () => {
      const programme = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      const stage = (await p.ctx.repos.learning.stagesOf(programme.id, { publishedOnly: false }))[0]!;
      const url = `/admin/programmes/${programme.id}/stages/${stage.id}/activities/new?kind=live_session`;
      const form = await admin.get(url);
      assert.equal(form.status, 200);
      for (const name of ['cfg_startAt', 'cfg_joinUrl', 'cfg_passcode', 'cfg_speakers', 'cfg_minMinutes', 'file_recordingFileId']) assert.match(form.body, new RegExp(`name="${name}"`));
      const fields = { title: 'Diskusi Panel', cfg_authoringZone: 'WITA', cfg_startAt: '2026-12-02T10:00', cfg_endAt: '2026-12-02T12:00', cfg_provider: 'zoom_meeting', cfg_joinUrl: 'https://zoom.us/j/777', cfg_passcode: '4321', cfg_revealMinutesBefore: '15', cfg_minMinutes: '45', cfg_speakers: '1 narasumber' };
      const bad = await admin.postForm(url, { ...fields, cfg_startAt: 'besok pagi', cfg_joinUrl: 'bukan tautan', cfg_speakers: 'satu' });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /value="besok pagi"/);
      const ok = await admin.postForm(url, fields);
      assert.equal(ok.status, 303, ok.body.slice(0, 300));
      const id = Number(/activities\/(\d+)/.exec(String(ok.headers.location))![1]);
      const c = JSON.parse((await p.ctx.repos.learning.activity(id))!.config);
      assert.deepEqual([c.startAt, c.endAt, c.revealMinutesBefore, c.passcode, c.completion.minMinutes, c.speakers], ['2026-12-02T02:00:00.000Z', '2026-12-02T04:00:00.000Z', 15, '4321', 45, [{ speakerId: 1, role: 'narasumber' }]]);
      const edit = await admin.get(`/admin/programmes/${programme.id}/activities/${id}`);
      assert.match(edit.body, /value="2026-12-02T10:00"/, 'shown again in the zone it was entered in');
    });

    test('speakers API: authors create, change, archive; operators list; participants are refused', async () => {
      const created = await admin.postJson('/api/v1/speakers', { name: 'Dr. Uji Narasumber', institution: 'LAN RI', topic: 'Manajemen ASN', bio: 'Widyaiswara ahli utama.' });
      assert.equal(created.status, 201);
      const id = created.json().id as number;
      assert.equal((await admin.postJson('/api/v1/speakers', { name: '   ' })).status, 400);
      assert.equal((await admin.sendJson('PATCH', `/api/v1/speakers/${id}`, { topic: 'Kerangka kompetensi' })).json().topic, 'Kerangka kompetensi');
      assert.equal((await admin.sendJson('PUT', `/api/v1/speakers/${id}`, { name: 'Dr. Uji Narasumber, M.Si.' })).json().institution, '', 'PUT replaces every field');
      const list = await operator.getJson('/api/v1/speakers');
      assert.equal(list.status, 200);
      assert.ok(list.json().items.some((s: { id: number }) => s.id === id));
      const demo = list.json().items.find((s: { name: string }) => s.name === DEMO_LIVE.speakers[0].name);
      assert.equal(demo.sessions, 2, 'the demo speaker appears in the opening session and in the panel authored above');
      assert.equal((await operator.postJson('/api/v1/speakers', { name: 'Operator tidak boleh' })).status, 403);
      assert.equal((await participant.getJson('/api/v1/speakers')).status, 403);
      const archived = await admin.sendJson('PATCH', `/api/v1/speakers/${id}`, { archived: true });
      assert.equal(archived.json().archived, true);
      assert.ok(!(await admin.getJson('/api/v1/speakers')).json().items.some((s: { id: number }) => s.id === id));
      assert.ok((await admin.getJson('/api/v1/speakers?archived=1')).json().items.some((s: { id: number }) => s.id === id));
      assert.equal((await admin.sendJson('PATCH', '/api/v1/speakers/999999', { name: 'x' })).status, 404);
    });

    test('speaker pages: a photo is checked by its content and size, then served', async () => {
      const form = await admin.get('/admin/speakers/new');
      assert.equal(form.status, 200);
      const csrf = admin.csrf;
      const post = (fields: Record<string, string>, file?: { name: string; filename: string; type: string; data: Buffer }) => {
        const m = multipart({ _csrf: csrf, ...fields }, file);
        return admin.request({ method: 'POST', url: `/admin/speakers/new?_csrf=${encodeURIComponent(csrf)}`, headers: { 'content-type': m.type, accept: 'text/html' }, payload: m.payload });
      };
      const fake = await post({ name: 'Narasumber Foto Palsu' }, { name: 'photo', filename: 'foto.png', type: 'image/png', data: Buffer.from('%PDF-1.4 bukan gambar') });
      assert.equal(fake.status, 400);
      assert.match(fake.body, /Foto harus berupa gambar PNG, JPEG atau WebP/);
      const big = await post({ name: 'Narasumber Foto Besar' }, { name: 'photo', filename: 'besar.png', type: 'image/png', data: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]) });
      assert.equal(big.status, 400);
      assert.match(big.body, /Foto paling besar 2 MB/);
      const ok = await post({ name: 'Narasumber Berfoto', institution: 'LAN RI', topic: 'Pola pikir', bio: '' }, { name: 'photo', filename: 'foto.png', type: 'image/png', data: png });
      assert.equal(ok.status, 303);
      const s = (await admin.getJson('/api/v1/speakers')).json().items.find((x: { name: string }) => x.name === 'Narasumber Berfoto');
      assert.equal(s.photoUrl, `/media/speakers/${s.id}/photo`);
      const photo = await participant.request({ method: 'GET', url: s.photoUrl });
      assert.equal(photo.status, 200);
      assert.equal(photo.headers['content-type'], 'image/png');
      assert.equal((await new TestClient(p).request({ method: 'GET', url: s.photoUrl })).status, 401);
      const list = await operator.get('/admin/speakers');
      assert.equal(list.status, 200);
      assert.match(list.body, /Narasumber Berfoto/);
      assert.ok(!list.body.includes('/admin/speakers/new'), 'operators only read the list');
      assert.equal((await operator.get('/admin/speakers/new')).status, 403);
      assert.equal((await participant.get('/admin/speakers')).status, 403);
      await admin.get('/admin/speakers');
      const archive = await admin.postForm(`/admin/speakers/${s.id}/archive`, { archived: '1' });
      assert.equal(archive.status, 303);
      assert.equal((await p.ctx.repos.liveSessions.speaker(s.id))!.archived, 1);
    });
  });
}
