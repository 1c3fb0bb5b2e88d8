import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../test/support/platform.js';
import { loadDemo, DEMO } from './demo.js';
import { findFile } from './files.js';
import { activityKind } from '../activities/registry.js';
import { BERAKHLAK_VIDEO_SECONDS, DEMO_CONTENT_DIR, DEMO_JURNAL, DEMO_MEDIA, DEMO_PAGES, DEMO_STAGES, DEMO_WINDOW_DAYS } from './demo-content.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const words = (s: string) => s.toLowerCase().match(/[a-zà-ÿ]+(?:-[a-zà-ÿ]+)*/g) ?? [];

/** A rough language check: common Indonesian function words are frequent, English ones absent. */
function looksIndonesian(text: string): boolean {
  const w = words(text);
  const id = new Set(['yang', 'dan', 'di', 'untuk', 'dengan', 'dari', 'ini', 'dalam', 'atau', 'tidak', 'anda', 'pada', 'adalah']);
  const en = new Set(['the', 'and', 'of', 'is', 'with', 'for', 'this', 'that', 'you']);
  const idShare = w.filter((x) => id.has(x)).length / w.length;
  const enShare = w.filter((x) => en.has(x)).length / w.length;
  return idShare > 0.06 && enShare < 0.005;
}

describe('demo content files', () => {
  test('every page is well-formed Indonesian Markdown of 250–600 words with headings and lists', () => {
    for (const p of Object.values(DEMO_PAGES)) {
      const md = readFileSync(path.join(DEMO_CONTENT_DIR, p.file), 'utf8');
      const n = words(md).length;
      assert.ok(n >= 250 && n <= 600, `${p.file}: ${n} words`);
      assert.ok(looksIndonesian(md), `${p.file} reads as Indonesian`);
      assert.match(md, new RegExp(`^# ${p.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), `${p.file} starts with its title`);
      assert.ok((md.match(/^## /gm) ?? []).length >= 3, `${p.file} has sections`);
      assert.match(md, /^(- |\d+\. )/m, `${p.file} has a list`);
    }
  });

  test('the regulations are cited by name where the curriculum asks for them', () => {
    const read = (f: string) => readFileSync(path.join(DEMO_CONTENT_DIR, f), 'utf8');
    assert.match(read(DEMO_PAGES.pppk.file), /UU Nomor 20 Tahun 2023/);
    assert.match(read(DEMO_PAGES.pppk.file), /Peraturan Pemerintah Nomor 49 Tahun 2018/);
    assert.match(read(DEMO_PAGES.pppk.file), /24 jam pelajaran/);
    assert.match(read(DEMO_PAGES.organisasi.file), /Peraturan Presiden Nomor 105 Tahun 2018/);
    assert.match(read(DEMO_PAGES.organisasi.file), /PKPU\) Nomor 14 Tahun 2020/);
    for (const v of ['Berorientasi Pelayanan', 'Akuntabel', 'Kompeten', 'Harmonis', 'Loyal', 'Adaptif', 'Kolaboratif']) {
      assert.match(read(DEMO_PAGES.berakhlak.file), new RegExp(`^## ${v}$`, 'm'));
    }
    assert.match(read(DEMO_PAGES.berakhlak.file), /Bangga Melayani Bangsa/);
  });

  test('the media are small, of the right type, and the captions cover the video', () => {
    const size = (f: string) => statSync(path.join(DEMO_CONTENT_DIR, f)).size;
    const pdf = readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_MEDIA.modul.file));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length < 200 * 1024);
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    assert.ok(pages >= 3 && pages <= 5, `${pages} PDF pages`);
    for (const f of [DEMO_MEDIA.video.file, DEMO_MEDIA.videoLowData.file]) {
      assert.equal(readFileSync(path.join(DEMO_CONTENT_DIR, f)).subarray(4, 8).toString('latin1'), 'ftyp', `${f} is MP4`);
    }
    assert.ok(size(DEMO_MEDIA.video.file) + size(DEMO_MEDIA.videoLowData.file) < 2 * 1024 * 1024);
    assert.ok(size(DEMO_MEDIA.videoLowData.file) < size(DEMO_MEDIA.video.file));
    const vtt = readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_MEDIA.captions.file), 'utf8');
    assert.match(vtt, /^WEBVTT\n/);
    const ends = [...vtt.matchAll(/--> 00:00:(\d\d)\.000/g)].map((m) => Number(m[1]));
    assert.equal(Math.max(...ends), BERAKHLAK_VIDEO_SECONDS);
    assert.ok(looksIndonesian(readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_JURNAL.file), 'utf8')));
  });
});

for (const kind of testDatabases()) {
  describe(`demo programme content [${kind}]`, () => {
    let p: TestPlatform;
    let filesDir: string;
    before(async () => {
      filesDir = mkdtempSync(path.join(tmpdir(), 'lentera-demo-files-'));
      p = await startTestPlatform(kind, { FILES_DIR: filesDir });
      p.clock.set('2025-11-10T01:00:00.000Z'); // 09:00 WITA in Kupang
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(async () => {
      await p.dispose();
      rmSync(filesDir, { recursive: true, force: true });
    });

    const programmeId = async () => (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!.id;

    test('loading the demo twice creates the structure once', async () => {
      p.clock.set('2025-11-12T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD);
      const id = await programmeId();
      const stages = await p.ctx.repos.learning.stagesOf(id, { publishedOnly: false });
      assert.deepEqual(stages.map((s) => [s.title, s.target_day]), [[DEMO_STAGES.lan, 5], [DEMO_STAGES.kpu, 10], [DEMO_STAGES.jurnal, 14]]);
      const activities = await p.ctx.repos.learning.activitiesOf(id, { publishedOnly: false });
      assert.deepEqual(
        activities.map((a) => [stages.findIndex((s) => s.id === a.stage_id) + 1, a.kind, a.title]),
        [
          [1, 'page', 'Panduan Belajar Mandiri'],
          [1, 'page', 'Sikap Perilaku Bela Negara'],
          [1, 'page', 'Nilai-Nilai Dasar ASN: BerAKHLAK'],
          [1, 'page', 'Kedudukan dan Peran PPPK dalam Smart Governance'],
          [1, 'document', 'Modul BerAKHLAK (PDF)'],
          [1, 'video', 'Video: BerAKHLAK dalam 30 Detik'],
          [2, 'page', 'Susunan Organisasi dan Tata Kerja KPU'],
          [2, 'page', 'Pengenalan Jabatan dan Manajemen Kinerja'],
          [2, 'page', 'Nilai, Etika dan Integritas Penyelenggara Pemilu'],
          [3, 'upload', 'Unggah Jurnal'],
        ],
      );
      const cohort = await p.ctx.repos.programmes.findCohort(id, DEMO.cohort.code);
      assert.equal(cohort!.window_days, DEMO_WINDOW_DAYS);
      assert.equal(cohort!.start_by, '2025-11-24', 'two weeks after the first load, not moved by the second');
    });

    test('the configs have the agreed shapes (and pass the schema of every kind already registered)', async () => {
      const activities = await p.ctx.repos.learning.activitiesOf(await programmeId(), { publishedOnly: false });
      for (const a of activities) {
        const config = JSON.parse(a.config) as Record<string, unknown>;
        const k = activityKind(a.kind);
        if (k) assert.ok(k.configSchema.safeParse(config).success, `${a.kind} "${a.title}" config is valid`);
        if (a.kind === 'page') {
          assert.ok(words(String(config.markdown)).length >= 250, `${a.title} has real text`);
          assert.ok(looksIndonesian(String(config.markdown)));
          assert.equal(config.completeOn, a.title === 'Panduan Belajar Mandiri' ? 'open' : 'scroll_end');
        }
        if (a.kind === 'document') assert.deepEqual(Object.keys(config).sort(), ['completeOn', 'fileId']);
        if (a.kind === 'video') {
          assert.deepEqual(Object.keys(config).sort(), ['captionsFileId', 'completeAtPercent', 'durationSeconds', 'fileId', 'lowDataFileId']);
          assert.equal(config.durationSeconds, BERAKHLAK_VIDEO_SECONDS);
          assert.equal(config.completeAtPercent, 90);
        }
        if (a.kind === 'upload') {
          assert.deepEqual(config, { instructions: readFileSync(path.join(DEMO_CONTENT_DIR, DEMO_JURNAL.file), 'utf8'), maxBytes: 5_242_880, requireMaterialOpened: true });
        }
      }
    });

    test('the stored files are byte-identical to content/demo/ (sha256) and typed', async () => {
      const activities = await p.ctx.repos.learning.activitiesOf(await programmeId(), { publishedOnly: false });
      const config = (k: string) => JSON.parse(activities.find((a) => a.kind === k)!.config) as Record<string, number>;
      const expected: [number, { file: string; mime: string }][] = [
        [config('document').fileId!, DEMO_MEDIA.modul],
        [config('video').fileId!, DEMO_MEDIA.video],
        [config('video').lowDataFileId!, DEMO_MEDIA.videoLowData],
        [config('video').captionsFileId!, DEMO_MEDIA.captions],
      ];
      assert.equal(new Set(expected.map(([id]) => id)).size, 4);
      for (const [id, m] of expected) {
        const disk = readFileSync(path.join(DEMO_CONTENT_DIR, m.file));
        const stored = await findFile(p.ctx, id);
        assert.ok(stored, `file ${m.file} is stored`);
        assert.equal(stored.row.sha256, sha256(disk), m.file);
        assert.equal(stored.row.mime, m.mime);
        assert.equal(stored.row.original_name, m.file);
        assert.equal(sha256(readFileSync(stored.path)), sha256(disk));
      }
    });

    test('the participant outline shows the stages in order, Tahap 2 locked behind Tahap 1', async () => {
      const c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      const [e] = (await c.getJson('/api/v1/me/enrolments')).json().items;
      const res = await c.getJson(`/api/v1/enrolments/${e.id}/outline`);
      assert.equal(res.status, 200);
      const o = res.json();
      assert.deepEqual(o.stages.map((s: { title: string }) => s.title), [DEMO_STAGES.lan, DEMO_STAGES.kpu, DEMO_STAGES.jurnal]);
      assert.deepEqual(o.stages.map((s: { state: string }) => s.state), ['available', 'locked', 'locked']);
      assert.equal(o.stages[1].reason, 'Terbuka setelah Tahap 1 — Agenda LAN selesai');
      assert.equal(o.stages[2].reason, 'Terbuka setelah Tahap 2 — Agenda Instansi KPU selesai');
      assert.equal(o.stages[0].activities[0].title, 'Panduan Belajar Mandiri');
      assert.equal(o.stages[0].activities.length, 6);
    });
  });
}
