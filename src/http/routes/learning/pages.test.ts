// Participant learning pages without JavaScript: home card, programme page, activity page with the
// `opened` event, the read-to-end form, previous/next, locks, scope, English, and page weight.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';

async function buildProgramme(p: TestPlatform) {
  const now = p.clock.fn().toISOString();
  const programme = await p.ctx.repos.programmes.findByCode(DEMO.programme.code);
  const programmeId = programme!.id;
  // A 30-day personal window (the cohort's setting).
  await p.ctx.db.kysely.updateTable('cohorts').set({ window_days: 30 }).where('programme_id', '=', programmeId).execute();
  const L = p.ctx.repos.learning;
  const s1 = await L.insertStage({ programme_id: programmeId, position: 1, title: 'Tahap 1', target_day: 5, now });
  const s2 = await L.insertStage({ programme_id: programmeId, position: 2, title: 'Tahap 2', now });
  const s3 = await L.insertStage({ programme_id: programmeId, position: 3, title: 'Remedial', sequential: false, opens_on_day: 16, closes_after_day: 30, now });
  const long = Array.from({ length: 40 }, (_, i) => `Paragraf ${i + 1}: nilai dasar ASN BerAKHLAK dalam pelayanan publik sehari-hari.`).join('\n\n');
  const a11 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 1, kind: 'page', title: 'Sikap Perilaku Bela Negara', config: { markdown: '# Bela Negara\n\nCinta tanah air.', completeOn: 'open' }, now });
  const a12 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 2, kind: 'page', title: 'BerAKHLAK', config: { markdown: long, completeOn: 'scroll_end' }, now });
  const a13 = await L.insertActivity({ programme_id: programmeId, stage_id: s1, position: 3, kind: 'page', title: 'Bacaan tambahan', required: false, config: { markdown: 'x', completeOn: 'open' }, now });
  const a21 = await L.insertActivity({ programme_id: programmeId, stage_id: s2, position: 1, kind: 'page', title: 'Smart Governance', config: { markdown: 'y', completeOn: 'open' }, now });
  const a31 = await L.insertActivity({ programme_id: programmeId, stage_id: s3, position: 1, kind: 'page', title: 'Materi remedial', required: false, config: { markdown: 'z', completeOn: 'open' }, now });
  return { s1, s2, s3, a11, a12, a13, a21, a31 };
}

const GZIP = { 'accept-encoding': 'gzip, br' };

for (const kind of testDatabases()) {
  describe(`learning pages [${kind}]`, () => {
    let p: TestPlatform;
    let ids: Awaited<ReturnType<typeof buildProgramme>>;
    let c: TestClient;
    let e: number;
    const outline = async () => (await c.getJson(`/api/v1/enrolments/${e}/outline`)).json();
    const activityOf = (o: any, id: number) => o.stages.flatMap((s: any) => s.activities).find((a: any) => a.id === id);

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z'); // 09:00 WITA in Kupang
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      ids = await buildProgramme(p);
      c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      e = (await c.getJson('/api/v1/me/enrolments')).json().items[0].id;
    });
    after(() => p.dispose());

    test('home: the programme with progress, day on the personal clock, days left and "Mulai" to the first activity', async () => {
      const res = await c.get('/');
      assert.equal(res.status, 200);
      assert.match(res.body, /Selamat datang/, 'the greeting stays');
      assert.match(res.body, /Peran/, 'the roles stay');
      assert.match(res.body, /Program saya/);
      assert.match(res.body, /Orientasi PPPK/);
      assert.match(res.body, /Formasi Tahun 2024 Periode I/);
      assert.match(res.body, /<progress id="enr-\d+-progress" max="100" value="0"/);
      assert.match(res.body, /<strong>0 %<\/strong>/);
      assert.match(res.body, /Hari ke-1 dari 30/);
      assert.match(res.body, /30 hari lagi \(sampai 9 Desember 2025\)/);
      assert.match(res.body, new RegExp(`<a class="button cta" href="/learn/${e}/activities/${ids.a11}">Mulai`));
      assert.doesNotMatch(res.body, />Lanjutkan/);
      assert.doesNotMatch(res.body, /tertinggal/);
    });

    test('home: behind schedule once the target day of an unfinished stage has passed', async () => {
      p.clock.set('2025-11-16T01:00:00.000Z'); // day 7, Tahap 1 was due on day 5
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      const res = await c.get('/');
      assert.match(res.body, /Hari ke-7 dari 30/);
      assert.match(res.body, /24 hari lagi/);
      assert.match(res.body, /Anda tertinggal dari jadwal: Tahap 1 seharusnya selesai pada hari ke-5\./);
      p.clock.set('2025-11-10T01:00:00.000Z');
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
    });

    test('programme page: stages in order with state as text and the lock reasons; links only to open activities', async () => {
      const res = await c.get(`/learn/${e}`);
      assert.equal(res.status, 200);
      assert.match(String(res.headers['cache-control']), /private/);
      const order = ['Tahap 1', 'Tahap 2', 'Remedial'].map((t) => res.body.indexOf(`>${t}</h3>`));
      assert.ok(order.every((i) => i > 0) && order[0]! < order[1]! && order[1]! < order[2]!, 'stages in order');
      assert.match(res.body, /<li class="stage state-available"[^>]*><h3[^>]*>Tahap 1<\/h3><p class="stage-meta"><span class="badge state-available"><span aria-hidden="true">○ <\/span>Tersedia<\/span>/);
      assert.match(res.body, /<li class="stage state-locked"[^>]*><h3[^>]*>Tahap 2<\/h3><p class="stage-meta"><span class="badge state-locked i-lock">Terkunci/);
      assert.match(res.body, /Terbuka setelah Tahap 1 selesai/);
      assert.match(res.body, /Terbuka pada hari ke-16 \(25 November 2025\)/);
      assert.match(res.body, /Target: selesai pada hari ke-5/);
      assert.match(res.body, new RegExp(`href="/learn/${e}/activities/${ids.a11}">Sikap Perilaku Bela Negara</a><span class="meta">Bacaan · Wajib · `));
      assert.match(res.body, new RegExp(`href="/learn/${e}/activities/${ids.a13}">Bacaan tambahan</a><span class="meta">Bacaan · Opsional`));
      assert.doesNotMatch(res.body, new RegExp(`/activities/${ids.a21}"`), 'no link to a locked activity');
      assert.match(res.body, /<span class="title">Smart Governance<\/span>/);
    });

    test('a locked activity answers 409 with its reason and records nothing', async () => {
      const before = await p.ctx.repos.learning.countEvents();
      const res = await c.get(`/learn/${e}/activities/${ids.a21}`);
      assert.equal(res.status, 409);
      assert.match(res.body, /Kegiatan ini belum terbuka/);
      assert.match(res.body, /Terbuka setelah Tahap 1 selesai/);
      assert.doesNotMatch(res.body, /<article/, 'no content');
      assert.match(res.body, new RegExp(`<a class="button secondary" href="/learn/${e}">Kembali ke program</a>`));
      assert.equal(await p.ctx.repos.learning.countEvents(), before);
      assert.equal(activityOf(await outline(), ids.a21).state, 'locked');
    });

    test('opening an activity records `opened` once (reloads are duplicates) and completes a page read on open', async () => {
      const before = await p.ctx.repos.learning.countEvents();
      const res = await c.get(`/learn/${e}/activities/${ids.a11}`);
      assert.equal(res.status, 200);
      assert.match(res.body, /<h1>Sikap Perilaku Bela Negara<\/h1>/);
      assert.match(res.body, /<article class="prose"[^>]*><h2>Bela Negara<\/h2>/);
      assert.match(res.body, new RegExp(`<ol class="breadcrumb"><li><a href="/">Beranda</a></li><li><a href="/learn/${e}">Orientasi PPPK</a></li>`));
      assert.match(res.body, /✓ <\/span>Selesai/);
      assert.equal(await p.ctx.repos.learning.countEvents(), before + 1);
      const a = activityOf(await outline(), ids.a11);
      assert.equal(a.state, 'completed');
      assert.equal(a.progress, 100);
      await c.get(`/learn/${e}/activities/${ids.a11}`);
      assert.equal(await p.ctx.repos.learning.countEvents(), before + 1, 'a reload records nothing new');
      // Previous/next: the first activity has no previous; next is open.
      assert.doesNotMatch(res.body, /rel="prev"/);
      assert.match(res.body, new RegExp(`<a href="/learn/${e}/activities/${ids.a12}" rel="next">Berikutnya: BerAKHLAK`));
    });

    test('a page read to the end: in progress on open, the no-JS form completes it; prev/next follow the order and the locks', async () => {
      const page = await c.get(`/learn/${e}/activities/${ids.a12}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Sedang berjalan/);
      assert.equal(activityOf(await outline(), ids.a12).state, 'in_progress');
      const form = /<form method="post" action="([^"]+)" class="read-done"[^>]*><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="type" value="read_to_end"\/><input type="hidden" name="eventId" value="(read-[^"]+)"\/><button type="submit">Saya sudah selesai membaca<\/button><\/form>/.exec(page.body);
      assert.ok(form, 'the read-to-end form');
      assert.equal(form[1], `/learn/${e}/activities/${ids.a12}/progress`);
      assert.match(page.body, /data-read-end="\/api\/v1\/enrolments\/\d+\/activities\/\d+\/progress"/, 'the sentinel for progress.js');
      assert.match(page.body, /<script src="\/static\/js\/progress\.js\?v=[^"]+" defer(="")?><\/script>/);
      assert.match(page.body, new RegExp(`<a href="/learn/${e}/activities/${ids.a11}" rel="prev">`));
      assert.match(page.body, new RegExp(`<a href="/learn/${e}/activities/${ids.a13}" rel="next">`));

      // The optional activity after it: its next (stage 2) is still locked, so the reason shows instead of a link.
      const a13 = await c.get(`/learn/${e}/activities/${ids.a13}`);
      assert.match(a13.body, /<span class="next-locked">Berikutnya: Smart Governance<br\/><span class="reason i-lock">Terbuka setelah Tahap 1 selesai<\/span>/);
      assert.doesNotMatch(a13.body, new RegExp(`/activities/${ids.a21}"`));

      // Without a CSRF token the form is refused.
      const forged = await c.request({ method: 'POST', url: form[1]!, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: `type=read_to_end&eventId=${form[2]}` });
      assert.equal(forged.status, 403);

      const res = await c.postForm(form[1]!, { type: 'read_to_end', eventId: form[2]! });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, `/learn/${e}/activities/${ids.a12}?notice=read`);
      const again = await c.postForm(form[1]!, { type: 'read_to_end', eventId: form[2]! });
      assert.equal(again.status, 303, 'a double submit is harmless');
      const back = await c.get(res.headers.location as string);
      assert.match(back.body, /<p class="notice" role="status">Terima kasih, bacaan ini tercatat selesai\.<\/p>/);
      assert.doesNotMatch(back.body, /Saya sudah selesai membaca/, 'no form once completed');
      const o = await outline();
      assert.equal(activityOf(o, ids.a12).state, 'completed');
      assert.equal(o.progress, 66);
      assert.equal(o.stages[1].state, 'available');

      // Stage 1 complete: the optional activity now leads to stage 2.
      const a13b = await c.get(`/learn/${e}/activities/${ids.a13}`);
      assert.match(a13b.body, new RegExp(`<a href="/learn/${e}/activities/${ids.a21}" rel="next">Berikutnya: Smart Governance`));
      // A bad event type is a 400 page, not a 500.
      assert.equal((await c.postForm(form[1]!, { type: 'teleported', eventId: 'evt-bad-0001' })).status, 400);
    });

    test('home after progress: "Lanjutkan" to the next activity and the percent', async () => {
      const res = await c.get('/');
      assert.match(res.body, /value="66"/);
      assert.match(res.body, /<strong>66 %<\/strong>/);
      const o = (await c.getJson('/api/v1/me/enrolments')).json().items[0];
      assert.match(res.body, new RegExp(`<a class="button cta" href="/learn/${e}/activities/${o.nextActivityId}">Lanjutkan`));
      assert.doesNotMatch(res.body, />Mulai</);
    });

    test('someone else\'s enrolment is 404; signed out goes to the login; malformed ids are 404', async () => {
      const admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      assert.equal((await admin.get(`/learn/${e}`)).status, 404);
      assert.equal((await admin.get(`/learn/${e}/activities/${ids.a11}`)).status, 404);
      await admin.get('/');
      assert.equal((await admin.postForm(`/learn/${e}/activities/${ids.a21}/progress`, { type: 'opened', eventId: 'evt-admin-0001' })).status, 404);
      const anon = await new TestClient(p).get(`/learn/${e}`);
      assert.equal(anon.status, 303);
      assert.equal(anon.headers.location, `/login?next=${encodeURIComponent(`/learn/${e}`)}`);
      assert.equal((await c.get('/learn/abc')).status, 404);
      assert.equal((await c.get(`/learn/${e}/activities/99999999999`)).status, 404);
      assert.equal((await c.get(`/learn/${e}/activities/999999`)).status, 404);
    });

    test('English (lentera_lang=en) renders English texts', async () => {
      const cookie = `${[...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lentera_lang=en`;
      const home = await c.get('/', { cookie });
      assert.match(home.body, /<html lang="en">/);
      assert.match(home.body, /My programmes/);
      assert.match(home.body, />Continue/);
      assert.match(home.body, /Day 1 of 30/);
      const prog = await c.get(`/learn/${e}`, { cookie });
      assert.match(prog.body, /Opens on day 16 \(25 November 2025\)/);
      assert.match(prog.body, /Reading · Required · /);
      assert.match(prog.body, /Completed/);
      const remedial = await c.get(`/learn/${e}/activities/${ids.a31}`, { cookie });
      assert.equal(remedial.status, 409);
      assert.match(remedial.body, /This activity is not open yet/);
      assert.match(remedial.body, /Back to the programme/);
    });

    test('page weight: programme page ≤ 60 KB on a first visit with every resource, ≤ 15 KB again; assets immutable and compressed', async (t) => {
      const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      for (const url of [`/learn/${e}`, `/learn/${e}/activities/${ids.a12}`, '/']) {
        const page = await p.app.inject({ method: 'GET', url, headers: { ...GZIP, accept: 'text/html', cookie } });
        assert.ok(page.statusCode === 200, `${url} → ${page.statusCode}`);
        const htmlBytes = page.rawPayload.length;
        assert.ok(page.headers['content-encoding'], `${url} is compressed`);
        const enc = page.headers['content-encoding'];
        const text = (enc === 'br' ? brotliDecompressSync(page.rawPayload) : enc === 'gzip' ? gunzipSync(page.rawPayload) : page.rawPayload).toString('utf8');
        const assets = [...new Set([...text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
        assert.ok(assets.some((a) => a.includes('app.css')) && assets.some((a) => a.includes('htmx')), `assets found on ${url}`);
        let total = htmlBytes;
        const sizes: string[] = [`html ${htmlBytes}`];
        for (const asset of assets) {
          const res = await p.app.inject({ method: 'GET', url: asset, headers: GZIP });
          assert.equal(res.statusCode, 200, asset);
          assert.match(String(res.headers['cache-control']), /immutable/, `${asset} cache-control`);
          if (res.rawPayload.length > 1024 || /htmx|css/.test(asset)) assert.ok(res.headers['content-encoding'], `${asset} is compressed`);
          total += res.rawPayload.length;
          sizes.push(`${asset.split('?')[0]} ${res.rawPayload.length}`);
        }
        t.diagnostic(`${url}: first visit ${total} B (${sizes.join(', ')}); repeat ${htmlBytes} B`);
        assert.ok(total <= 60 * 1024, `${url}: first visit ${total} B > 60 KB`);
        assert.ok(htmlBytes <= 15 * 1024, `${url}: repeat visit ${htmlBytes} B > 15 KB`);
      }
    });

    test('the activity page keeps the monitoring summary true: written with the opened event on a first visit, on its own on a later one', async () => {
      const db = p.ctx.db.kysely;
      const stored = () => db.selectFrom('enrolments').select(['progress', 'zone']).where('id', '=', e).executeTakeFirstOrThrow();
      const makeStale = () => db.updateTable('enrolments').set({ zone: null, progress: 99 }).where('id', '=', e).execute();
      const openEvents = async () => (await db.selectFrom('progress_events').select('id').where('enrolment_id', '=', e).where('event_id', '=', `open-${e}-${ids.a13}`).execute()).length;
      // A first visit: the page was never opened (its event and progress row removed).
      await db.deleteFrom('progress_events').where('enrolment_id', '=', e).where('event_id', '=', `open-${e}-${ids.a13}`).execute();
      await db.deleteFrom('activity_progress').where('enrolment_id', '=', e).where('activity_id', '=', ids.a13).execute();
      await makeStale();
      assert.equal((await c.get(`/learn/${e}/activities/${ids.a13}`)).status, 200);
      assert.equal(await openEvents(), 1, 'the opened event is recorded');
      assert.deepEqual(await stored(), { progress: (await outline()).progress, zone: 'WITA' });
      // A later visit records nothing; the stale summary is still corrected.
      await makeStale();
      assert.equal((await c.get(`/learn/${e}/activities/${ids.a13}`)).status, 200);
      assert.equal(await openEvents(), 1);
      assert.deepEqual(await stored(), { progress: (await outline()).progress, zone: 'WITA' });
      // Two first visits at once (two tabs) of a required page that opening completes: the one that
      // finds the event already recorded must not write its older summary (without the page) over
      // the one stored with the event.
      for (let round = 0; round < 5; round++) {
        await db.deleteFrom('progress_events').where('enrolment_id', '=', e).where('event_id', '=', `open-${e}-${ids.a11}`).execute();
        await db.deleteFrom('activity_progress').where('enrolment_id', '=', e).where('activity_id', '=', ids.a11).execute();
        await makeStale();
        const both = await Promise.all([c.get(`/learn/${e}/activities/${ids.a11}`), c.get(`/learn/${e}/activities/${ids.a11}`)]);
        assert.deepEqual(both.map((r) => r.status), [200, 200]);
        const events = await db.selectFrom('progress_events').select('id').where('enrolment_id', '=', e).where('event_id', '=', `open-${e}-${ids.a11}`).execute();
        assert.equal(events.length, 1);
        assert.deepEqual(await stored(), { progress: (await outline()).progress, zone: 'WITA' }, `round ${round}`);
      }
    });
  });
}

for (const kind of testDatabases()) {
  describe(`learning pages with the demo content [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('the demo programme page renders every stage and stays within the page weight budget', async () => {
      const c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      const e = (await c.getJson('/api/v1/me/enrolments')).json().items[0].id;
      const o = (await c.getJson(`/api/v1/enrolments/${e}/outline`)).json();
      const page = await p.app.inject({ method: 'GET', url: `/learn/${e}`, headers: { ...GZIP, accept: 'text/html', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(page.statusCode, 200);
      const enc = page.headers['content-encoding'];
      const text = (enc === 'br' ? brotliDecompressSync(page.rawPayload) : enc === 'gzip' ? gunzipSync(page.rawPayload) : page.rawPayload).toString('utf8');
      for (const s of o.stages) assert.ok(text.includes(`>${s.title.replace(/&/g, '&amp;')}</h3>`), `stage ${s.title}`);
      let total = page.rawPayload.length;
      for (const m of new Set([...text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((x) => x[1]!))) {
        total += (await p.app.inject({ method: 'GET', url: m, headers: GZIP })).rawPayload.length;
      }
      assert.ok(total <= 60 * 1024, `first visit ${total} B`);
      assert.ok(page.rawPayload.length <= 15 * 1024, `repeat visit ${page.rawPayload.length} B`);
    });
  });
}
