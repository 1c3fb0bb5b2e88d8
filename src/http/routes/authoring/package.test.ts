import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { activityKind } from '../../../activities/registry.js';
import { findFile } from '../../../services/files.js';
import { isSafeEntryName } from '../../../services/programme-package.js';
import { multipartBody } from '../../../../test/support/multipart.js';

function multipart(fields: Record<string, string | string[]>, files: { name: string; filename: string; type: string; data: Uint8Array }[]) {
  return multipartBody(fields, files.map(({ name, ...f }) => ({ field: name, ...f })));
}

async function postMultipart(c: TestClient, url: string, fields: Record<string, string | string[]>, files: Parameters<typeof multipart>[1]) {
  const m = multipart(fields, files);
  return c.request({ method: 'POST', url: `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(c.csrf)}`, headers: { 'content-type': m.type, accept: 'text/html' }, payload: m.payload });
}

async function zipOf(p: TestPlatform, c: TestClient, url: string) {
  const res = await p.app.inject({ method: 'GET', url, headers: { accept: '*/*', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.equal(res.headers['content-type'], 'application/zip');
  return res.rawPayload;
}

/** The structure of a programme without ids: stages, activities, prerequisites by position, configs with file hashes. */
async function structureOf(p: TestPlatform, c: TestClient, id: number) {
  const api = (await c.getJson(`/api/v1/programmes/${id}`)).json();
  const pos = new Map<number, string>();
  api.stages.forEach((s: { activities: { id: number }[] }, si: number) => s.activities.forEach((a, ai) => pos.set(a.id, `${si + 1}.${ai + 1}`)));
  const stages = [];
  for (const s of api.stages) {
    const activities = [];
    for (const a of s.activities) {
      const config = { ...a.config };
      for (const [k, v] of Object.entries(config)) {
        if (/fileId$/i.test(k) && typeof v === 'number') {
          const f = await findFile(p.ctx, v);
          config[k] = f ? `${f.row.sha256}:${createHash('sha256').update(readFileSync(f.path)).digest('hex')}:${f.row.original_name}` : 'missing';
        }
      }
      activities.push({ ...a, id: undefined, config, prerequisiteIds: a.prerequisiteIds.map((x: number) => pos.get(x)) });
    }
    stages.push({ ...s, id: undefined, activities });
  }
  return { title: api.title, description: api.description, jp: api.jp, provider: api.provider, status: api.status, stages };
}

const hasDocument = !!activityKind('document');

for (const kind of testDatabases()) {
  describe(`programme package: export / import [${kind}]`, () => {
    let a: TestPlatform;
    let b: TestPlatform;
    let ca: TestClient;
    let cb: TestClient;
    let programmeId: number;
    let zip: Buffer;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% Modul BerAKHLAK\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);

    before(async () => {
      [a, b] = await Promise.all([startTestPlatform(kind), startTestPlatform(kind)]);
      await Promise.all([loadDemo(a.ctx, DEMO_PASSWORD), loadDemo(b.ctx, DEMO_PASSWORD)]);
      ca = new TestClient(a);
      cb = new TestClient(b);
      await ca.login(DEMO.admin.login, DEMO_PASSWORD);
      await cb.login(DEMO.admin.login, DEMO_PASSWORD);
      await ca.get('/admin/programmes');
      await cb.get('/admin/programmes');
    });
    after(async () => {
      await Promise.all([a.dispose(), b.dispose()]);
    });

    test('build a programme through the forms (pages, a document with an uploaded PDF, prerequisites)', async () => {
      const res = await ca.postForm('/admin/programmes/new', { code: 'PKG-1', title: 'Orientasi Paket', description: 'Uji paket', jp: '12', provider: 'LAN', status: 'published' });
      assert.equal(res.status, 303);
      programmeId = Number(/programmes\/(\d+)/.exec(String(res.headers.location))![1]);
      await ca.postForm(`/admin/programmes/${programmeId}/stages/new`, { title: 'Tahap A', sequential: '1', target_day: '5' });
      await ca.postForm(`/admin/programmes/${programmeId}/stages/new`, { title: 'Tahap B', opens_on_day: '3', closes_after_day: '20', target_day: '10' });
      const [s1, s2] = (await a.ctx.repos.authoring.stagesOf(programmeId)).map((s) => s.id);
      const page = await ca.postForm(`/admin/programmes/${programmeId}/stages/${s1}/activities/new?kind=page`, { title: 'Pengantar', required: '1', jp: '1', cfg_markdown: '# Selamat datang', cfg_completeOn: 'open' });
      assert.equal(page.status, 303);
      let docId: number | null = null;
      if (hasDocument) {
        await ca.get(`/admin/programmes/${programmeId}/stages/${s1}/activities/new?kind=document`);
        const missing = await postMultipart(ca, `/admin/programmes/${programmeId}/stages/${s1}/activities/new?kind=document`, { title: 'Modul', required: '1' }, []);
        assert.equal(missing.status, 400, 'a document needs its file');
        assert.match(missing.body, /id="file-fileId-errors"/);
        const doc = await postMultipart(ca, `/admin/programmes/${programmeId}/stages/${s1}/activities/new?kind=document`, { title: 'Modul BerAKHLAK', required: '1' }, [{ name: 'file_fileId', filename: 'modul berakhlak.pdf', type: 'application/pdf', data: pdf }]);
        assert.equal(doc.status, 303, doc.body.slice(0, 500));
        docId = Number(/activities\/(\d+)/.exec(String(doc.headers.location))![1]);
        const cfg = JSON.parse((await a.ctx.repos.authoring.activity(docId))!.config);
        const stored = await findFile(a.ctx, cfg.fileId);
        assert.equal(stored?.row.sha256, createHash('sha256').update(pdf).digest('hex'));
        // Editing without a new upload keeps the file.
        await ca.get(`/admin/programmes/${programmeId}/activities/${docId}`);
        const keep = await postMultipart(ca, `/admin/programmes/${programmeId}/activities/${docId}`, { title: 'Modul BerAKHLAK (PDF)', required: '1' }, []);
        assert.equal(keep.status, 303, keep.body.slice(0, 500));
        assert.equal(JSON.parse((await a.ctx.repos.authoring.activity(docId))!.config).fileId, cfg.fileId);
      }
      const pre = (await a.ctx.repos.authoring.activitiesOf(programmeId)).map((x) => String(x.id));
      await ca.get(`/admin/programmes/${programmeId}/stages/${s2}/activities/new?kind=page`);
      const last = await postMultipart(ca, `/admin/programmes/${programmeId}/stages/${s2}/activities/new?kind=page`, { title: 'Refleksi', required: '1', cfg_markdown: 'Tulis refleksi', cfg_completeOn: 'scroll_end', prerequisites: pre, opens_on_day: '4' }, []);
      assert.equal(last.status, 303, last.body.slice(0, 500));
      await ca.postForm(`/admin/programmes/${programmeId}/stages/${s1}/publish`, { published: '1' });
    });

    test('export: a zip with manifest.json (file references, position prerequisites) and the files; the API gives the same package', async () => {
      zip = await zipOf(a, ca, `/admin/programmes/${programmeId}/export`);
      const entries = unzipSync(zip);
      const manifest = JSON.parse(strFromU8(entries['manifest.json']!));
      assert.equal(manifest.format, 'lentera-programme');
      assert.equal(manifest.version, 1);
      assert.equal(manifest.programme.code, 'PKG-1');
      assert.deepEqual(manifest.stages.map((s: { title: string }) => s.title), ['Tahap A', 'Tahap B']);
      const refl = manifest.stages[1].activities[0];
      assert.deepEqual(refl.prerequisites, manifest.stages[0].activities.map((_: unknown, i: number) => ({ stage: 1, activity: i + 1 })));
      if (hasDocument) {
        const doc = manifest.stages[0].activities[1];
        assert.match(doc.config.fileId, /^files\/[0-9a-f]{64}-modul_berakhlak\.pdf$/);
        assert.deepEqual(Buffer.from(entries[doc.config.fileId]!), pdf);
      }
      const viaApi = await zipOf(a, ca, `/api/v1/programmes/${programmeId}/package`);
      assert.deepEqual(JSON.parse(strFromU8(unzipSync(viaApi)['manifest.json']!)).stages, manifest.stages);
    });

    test('import into a fresh platform: identical structure and file hashes; a taken code gets -2', async () => {
      const res = await postMultipart(cb, '/admin/programmes/import', {}, [{ name: 'package', filename: 'PKG-1.zip', type: 'application/zip', data: zip }]);
      assert.equal(res.status, 303, res.body.slice(0, 500));
      const importedId = Number(/programmes\/(\d+)/.exec(String(res.headers.location))![1]);
      const imported = await b.ctx.repos.authoring.programme(importedId);
      assert.equal(imported?.code, 'PKG-1');
      assert.deepEqual(await structureOf(b, cb, importedId), await structureOf(a, ca, programmeId));
      const again = await postMultipart(cb, '/admin/programmes/import', {}, [{ name: 'package', filename: 'PKG-1.zip', type: 'application/zip', data: zip }]);
      assert.equal(again.status, 303);
      const secondId = Number(/programmes\/(\d+)/.exec(String(again.headers.location))![1]);
      assert.equal((await b.ctx.repos.authoring.programme(secondId))?.code, 'PKG-1-2');
      const audited = await b.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'programme.imported').execute();
      assert.equal(audited.length, 2);
    });

    test('malicious or broken packages are refused and nothing is created', async () => {
      const count = async () => ({
        programmes: (await b.ctx.db.kysely.selectFrom('programmes').select('id').execute()).length,
        files: (await b.ctx.db.kysely.selectFrom('files').select('id').execute()).length,
      });
      const before = await count();
      const manifest = JSON.parse(strFromU8(unzipSync(zip)['manifest.json']!));
      const attempt = async (data: Uint8Array, expect: RegExp) => {
        const res = await postMultipart(cb, '/admin/programmes/import', {}, [{ name: 'package', filename: 'x.zip', type: 'application/zip', data }]);
        assert.equal(res.status, 400, res.body.slice(0, 300));
        assert.match(res.body, expect);
        await cb.get('/admin/programmes');
      };
      await attempt(zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), '../evil.txt': strToU8('x') }), /nama berkas yang tidak aman/);
      await attempt(zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), 'files/../../etc/passwd': strToU8('x') }), /nama berkas yang tidak aman/);
      const many: Record<string, Uint8Array> = { 'manifest.json': strToU8(JSON.stringify(manifest)) };
      for (let i = 0; i < 501; i++) many[`files/f${i}`] = strToU8('x');
      await attempt(zipSync(many), /lebih dari 500 berkas/);
      // A zip whose directory declares 800 MB: refused before anything is inflated.
      const bomb = zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)) }, { level: 9 });
      const view = Buffer.from(bomb);
      const cd = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      view.writeUInt32LE(800 * 1024 * 1024, cd + 24);
      await attempt(view, /melebihi 500 MB/);
      await attempt(Buffer.from('not a zip at all'), /bukan paket zip yang sah/);
      await attempt(zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...manifest, programme: { ...manifest.programme, jp: -1 } })) }), /manifest\.json tidak sah pada programme\.jp/);
      await attempt(zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...manifest, files: [], stages: [{ ...manifest.stages[0], activities: [{ ...manifest.stages[0].activities[0], kind: 'nope' }] }] })) }), /Jenis kegiatan tidak dikenal: nope/);
      if (hasDocument) {
        // A file whose bytes do not match the manifest's hash (files are checked before anything is stored).
        const entries = unzipSync(zip);
        const ref = manifest.files[0].ref as string;
        await attempt(zipSync({ ...entries, [ref]: strToU8('tampered') }), /tidak cocok dengan SHA-256/);
      }
      const res = await postMultipart(cb, '/admin/programmes/import', {}, []);
      assert.equal(res.status, 400);
      assert.deepEqual(await count(), before);
    });

    test('entry names: traversal, absolute and Windows paths are unsafe', () => {
      for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'files//x', './x']) assert.equal(isSafeEntryName(bad), false, bad);
      for (const good of ['manifest.json', `files/${'a'.repeat(64)}-x.pdf`, 'files/']) assert.equal(isSafeEntryName(good), true, good);
    });
  });
}
