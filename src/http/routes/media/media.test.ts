import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { storeFile } from '../../../services/files.js';
import { hashPassword } from '../../../services/crypto.js';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { mediaRoutes } from './routes.js';

// A tiny, valid one-page PDF written by hand.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const MP4 = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const MP4_LOW = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
const VTT = Buffer.from('WEBVTT\n\n00:00.000 --> 00:05.000\nSelamat datang di Orientasi PPPK.\n');

async function build(p: TestPlatform) {
  const now = p.clock.fn().toISOString();
  const programme = await p.ctx.repos.programmes.findByCode(DEMO.programme.code);
  const programmeId = programme!.id;
  const store = (bytes: Buffer, name: string, mime: string) => storeFile(p.ctx, bytes, { originalName: name, mime, createdBy: null, maxBytes: 10_000_000 });
  const [pdf, mp4, low, vtt] = await Promise.all([store(PDF, 'Modul BerAKHLAK.pdf', 'application/pdf'), store(MP4, 'nilai-dasar.mp4', 'video/mp4'), store(MP4_LOW, 'nilai-dasar-360p.mp4', 'video/mp4'), store(VTT, 'nilai-dasar.vtt', 'text/vtt')]);
  const L = p.ctx.repos.learning;
  // Not sequential: open whatever the demo programme's own stages are.
  const stage = await L.insertStage({ programme_id: programmeId, position: 10, title: 'Tahap uji media', sequential: false, now });
  const video = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 1, kind: 'video', title: 'Nilai-Nilai Dasar ASN', config: { fileId: mp4.id, lowDataFileId: low.id, captionsFileId: vtt.id, durationSeconds: 100, completeAtPercent: 90 }, now });
  const document = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 2, kind: 'document', title: 'Modul BerAKHLAK', config: { fileId: pdf.id, completeOn: 'open' }, now });
  const plainVideo = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 3, kind: 'video', title: 'Tanpa versi hemat', required: false, config: { fileId: mp4.id, lowDataFileId: null, captionsFileId: null, durationSeconds: 100, completeAtPercent: 90 }, now });
  const draft = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 4, kind: 'document', title: 'Draf', published: false, config: { fileId: pdf.id, completeOn: 'open' }, now });
  const page = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 5, kind: 'page', title: 'Halaman', required: false, config: { markdown: 'x', completeOn: 'open' }, now });
  return { programmeId, video, document, plainVideo, draft, page, files: { pdf, mp4, low, vtt } };
}

async function newUser(p: TestPlatform, login: string) {
  const now = p.clock.fn().toISOString();
  const id = await p.ctx.repos.users.insert({
    login, nip: null, name: `User ${login}`, email: `${login}@demo.lentera.id`, phone: null, employment_type: 'PPPK', position: null, unit_id: null,
    password_hash: await hashPassword(DEMO_PASSWORD), must_change_password: 0, locale: null, status: 'active', created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
  });
  return id;
}

for (const kind of testDatabases()) {
  describe(`activity media and video progress [${kind}]`, () => {
    let p: TestPlatform;
    let ids: Awaited<ReturnType<typeof build>>;
    let c: TestClient;
    let enrolmentId: number;
    let cohortId: number;
    /** A raw request (binary-safe) with the client's cookies. */
    const raw = (client: TestClient | null, url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
      p.app.inject({ method, url, headers: { accept: '*/*', ...(client ? { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}), ...headers } });

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2025-11-10T01:00:00.000Z');
      cohortId = (await loadDemo(p.ctx, DEMO_PASSWORD)).cohortId;
      ids = await build(p);
      c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      enrolmentId = (await c.getJson('/api/v1/me/enrolments')).json().items[0].id;
    });
    after(() => p.dispose());

    test('video progress through the API: seeking ahead counts little; playing the rest completes; never taken back', async () => {
      const url = `/api/v1/enrolments/${enrolmentId}/activities/${ids.video}/progress`;
      const post = (body: Record<string, unknown>) => c.postJson(url, body);
      assert.equal((await post({ eventId: 'vid-open-0001', type: 'opened' })).json().progress, 0);
      let r = await post({ eventId: 'vid-w-0001', type: 'watched', from: 0, to: 10 });
      assert.equal(r.status, 200);
      // The participant seeks to 80 s and plays to 90 s.
      r = await post({ eventId: 'vid-w-0002', type: 'watched', from: 80, to: 90 });
      assert.deepEqual({ state: r.json().state, progress: r.json().progress }, { state: 'in_progress', progress: 20 });
      // A claim beyond the end is clipped; a resent event is a duplicate.
      r = await post({ eventId: 'vid-w-0003', type: 'watched', from: 90, to: 400 });
      assert.equal(r.json().progress, 30);
      assert.equal((await post({ eventId: 'vid-w-0003', type: 'watched', from: 90, to: 400 })).json().duplicate, true);
      r = await post({ eventId: 'vid-pos-0001', type: 'position', at: 37.5 });
      assert.equal(r.json().progress, 30, 'a position adds nothing watched');
      // Now the rest, out of order.
      r = await post({ eventId: 'vid-w-0004', type: 'watched', from: 40, to: 80 });
      assert.equal(r.json().progress, 70);
      r = await post({ eventId: 'vid-w-0005', type: 'watched', from: 10, to: 30 });
      assert.deepEqual({ state: r.json().state, progress: r.json().progress }, { state: 'completed', progress: 100 });
      r = await post({ eventId: 'vid-pos-0002', type: 'position', at: 0 });
      assert.equal(r.json().state, 'completed', 'completion is never taken back');
      const row = await p.ctx.repos.learning.progressOne(enrolmentId, ids.video);
      const data = JSON.parse(row!.data);
      assert.deepEqual(data.intervals, [[0, 30], [40, 100]]);
      assert.equal(data.position, 0);
      assert.equal(data.watchedSeconds, 90);
      // Bad bodies are refused with 400, never a 500.
      assert.equal((await post({ eventId: 'vid-bad-0001', type: 'watched', from: 'a', to: 5 })).status, 400);
      assert.equal((await post({ eventId: 'vid-bad-0002', type: 'read_to_end' })).status, 400);
      assert.equal((await post({ eventId: 'vid-bad-0003', type: 'position' })).status, 400);
    });

    test('document progress: opened completes', async () => {
      const r = await c.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${ids.document}/progress`, { eventId: 'doc-open-0001', type: 'opened' });
      assert.deepEqual({ state: r.json().state, progress: r.json().progress }, { state: 'completed', progress: 100 });
    });

    test('media: whole file with the right headers, byte ranges (206), unsatisfiable (416), HEAD', async () => {
      const base = `/media/activities/${ids.video}/main`;
      let res = await raw(c, base);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, MP4);
      assert.equal(res.headers['content-type'], 'video/mp4');
      assert.equal(res.headers['accept-ranges'], 'bytes');
      assert.equal(res.headers['content-length'], '1000');
      assert.equal(res.headers['cache-control'], 'private, max-age=86400');
      assert.equal(res.headers.etag, `"${ids.files.mp4.sha256}"`);
      assert.equal(res.headers['last-modified'], new Date(ids.files.mp4.created_at).toUTCString());
      assert.match(String(res.headers['content-disposition']), /^inline; filename="nilai-dasar.mp4"/);
      assert.equal(res.headers['content-encoding'], undefined, 'media is never compressed');

      res = await raw(c, base, { range: 'bytes=100-199' });
      assert.equal(res.statusCode, 206);
      assert.equal(res.headers['content-range'], 'bytes 100-199/1000');
      assert.equal(res.headers['content-length'], '100');
      assert.deepEqual(res.rawPayload, MP4.subarray(100, 200));

      res = await raw(c, base, { range: 'bytes=-10' });
      assert.equal(res.statusCode, 206);
      assert.equal(res.headers['content-range'], 'bytes 990-999/1000');
      assert.deepEqual(res.rawPayload, MP4.subarray(990));

      res = await raw(c, base, { range: 'bytes=950-' });
      assert.deepEqual(res.rawPayload, MP4.subarray(950));

      res = await raw(c, base, { range: 'bytes=1000-' });
      assert.equal(res.statusCode, 416);
      assert.equal(res.headers['content-range'], 'bytes */1000');

      res = await raw(c, base, { range: 'bytes=0-1', 'if-range': '"something-else"' });
      assert.equal(res.statusCode, 200, 'a range for another version of the file gets the whole file');
      res = await raw(c, base, { range: 'bytes=0-1', 'if-range': `"${ids.files.mp4.sha256}"` });
      assert.equal(res.statusCode, 206);

      res = await raw(c, base, {}, 'HEAD');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-length'], '1000');
      assert.equal(res.rawPayload.length, 0);
    });

    test('media: 304 on a matching ETag or an unchanged date', async () => {
      const base = `/media/activities/${ids.video}/main`;
      const etag = `"${ids.files.mp4.sha256}"`;
      let res = await raw(c, base, { 'if-none-match': etag });
      assert.equal(res.statusCode, 304);
      assert.equal(res.rawPayload.length, 0);
      assert.equal(res.headers.etag, etag);
      res = await raw(c, base, { 'if-none-match': '"other"' });
      assert.equal(res.statusCode, 200);
      res = await raw(c, base, { 'if-modified-since': new Date(ids.files.mp4.created_at).toUTCString() });
      assert.equal(res.statusCode, 304);
      res = await raw(c, base, { 'if-modified-since': new Date(Date.parse(ids.files.mp4.created_at) - 3600_000).toUTCString() });
      assert.equal(res.statusCode, 200);
    });

    test('media: every variant has its type; download=1 is an attachment', async () => {
      let res = await raw(c, `/media/activities/${ids.document}/document`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.ok(res.rawPayload.subarray(0, 8).equals(Buffer.from('%PDF-1.4')));
      assert.match(String(res.headers['content-disposition']), /^inline; /);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'self'/, 'our own pages may show the PDF in a frame');
      res = await raw(c, `/media/activities/${ids.document}/document?download=1`);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="Modul BerAKHLAK.pdf"; filename\*=UTF-8''Modul%20BerAKHLAK\.pdf$/);
      res = await raw(c, `/media/activities/${ids.video}/low`);
      assert.equal(res.headers['content-type'], 'video/mp4');
      assert.deepEqual(res.rawPayload, MP4_LOW);
      res = await raw(c, `/media/activities/${ids.video}/captions`);
      assert.equal(res.headers['content-type'], 'text/vtt; charset=utf-8');
      assert.equal(res.rawPayload.toString(), VTT.toString());
      assert.equal(res.headers['content-encoding'], undefined);
    });

    test('media: variants the activity does not have, unknown variants and ids are 404', async () => {
      for (const url of [
        `/media/activities/${ids.video}/document`,
        `/media/activities/${ids.document}/main`,
        `/media/activities/${ids.plainVideo}/low`,
        `/media/activities/${ids.plainVideo}/captions`,
        `/media/activities/${ids.page}/document`,
        `/media/activities/${ids.video}/original`,
        '/media/activities/999999/main',
        '/media/activities/abc/main',
        '/media/activities/0/main',
      ]) {
        const res = await raw(c, url);
        assert.equal(res.statusCode, 404, url);
      }
      assert.equal((await raw(c, `/media/activities/${ids.plainVideo}/main`)).statusCode, 200);
    });

    test('media access: not enrolled → 404; anonymous → 401 (or sign-in for a page); unpublished only for staff', async () => {
      const url = `/media/activities/${ids.video}/main`;
      await newUser(p, 'peserta.lain');
      const other = new TestClient(p);
      await other.login('peserta.lain', DEMO_PASSWORD);
      assert.equal((await raw(other, url)).statusCode, 404);
      assert.equal((await raw(other, `/media/activities/${ids.document}/document`)).statusCode, 404);

      const anon = await raw(null, url);
      assert.equal(anon.statusCode, 401);
      const anonPage = await raw(null, `/media/activities/${ids.document}/document`, { accept: 'text/html' });
      assert.equal(anonPage.statusCode, 303);
      assert.equal(anonPage.headers.location, `/login?next=${encodeURIComponent(`/media/activities/${ids.document}/document`)}`);

      assert.equal((await raw(c, `/media/activities/${ids.draft}/document`)).statusCode, 404, 'a participant does not see unpublished material');
      const admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      assert.equal((await raw(admin, url)).statusCode, 200);
      assert.equal((await raw(admin, `/media/activities/${ids.draft}/document`)).statusCode, 200);

      const facId = await newUser(p, 'fasilitator');
      await p.ctx.repos.users.addRole({ user_id: facId, role: 'facilitator', unit_id: null, cohort_id: cohortId, created_at: p.clock.fn().toISOString(), created_by: null });
      const fac = new TestClient(p);
      await fac.login('fasilitator', DEMO_PASSWORD);
      assert.equal((await raw(fac, url)).statusCode, 200);
    });

    test('the "Hemat data" choice on a participant page is remembered in a cookie', async () => {
      const res = await raw(c, `/learn/${enrolmentId}/activities/${ids.video}?quality=low`, { accept: 'text/html' });
      const set = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []);
      assert.ok(set.some((s) => /^lentera_video_quality=low;/.test(s) && /HttpOnly/i.test(s) && /Max-Age=31536000/i.test(s)), set.join(' | '));
      const again = await raw(c, `/learn/${enrolmentId}/activities/${ids.video}?quality=low`, { accept: 'text/html', cookie: `${[...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lentera_video_quality=low` });
      const set2 = ([] as string[]).concat((again.headers['set-cookie'] as string | string[] | undefined) ?? []);
      assert.ok(!set2.some((s) => s.startsWith('lentera_video_quality=')), 'not set again when unchanged');

      // Without the parameter, the remembered choice is filled into the page's query (what loadViewExtra reads).
      const app = Fastify();
      await app.register(cookie);
      await mediaRoutes(app, p.ctx);
      app.get('/learn/echo', async (req) => req.query);
      const echo = async (url: string, cookieHeader?: string) => (await app.inject({ url, headers: cookieHeader ? { cookie: cookieHeader } : {} })).json();
      assert.deepEqual(await echo('/learn/echo', 'lentera_video_quality=low'), { quality: 'low' });
      assert.deepEqual(await echo('/learn/echo?quality=normal', 'lentera_video_quality=low'), { quality: 'normal' });
      assert.deepEqual(await echo('/learn/echo', 'lentera_video_quality=4k'), {});
      assert.deepEqual(await echo('/learn/echo'), {});
      await app.close();
    });
  });
}
