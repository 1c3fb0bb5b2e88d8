// Demo programme content: the Indonesian orientation material under content/demo/ (Markdown pages,
// a PDF module, a micro-learning video with a low-data copy and captions) turned into stages and
// activities of the demo programme. Idempotent: a programme that already has stages is left alone.
// The media were generated once (scripts/make-demo-media.sh, scripts/make-demo-pdf.ts) and are
// committed; nothing here needs ffmpeg or pdfkit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from './context.js';
import { storeFile } from './files.js';
import { PROJECT_ROOT } from '../http/assets.js';

export const DEMO_CONTENT_DIR = path.join(PROJECT_ROOT, 'content', 'demo');

/** Duration of content/demo/micro-berakhlak.mp4 as reported by ffprobe (both renditions: 30.000000 s). */
export const BERAKHLAK_VIDEO_SECONDS = 30;
/** The personal window of the demo cohort, in days. */
export const DEMO_WINDOW_DAYS = 30;

export interface DemoPage {
  file: string;
  title: string;
  completeOn: 'open' | 'scroll_end';
}

export const DEMO_STAGES = {
  lan: 'Tahap 1 — Agenda LAN',
  kpu: 'Tahap 2 — Agenda Instansi KPU',
  jurnal: 'Tahap 3 — Jurnal',
} as const;

export const DEMO_PAGES = {
  welcome: { file: '00-panduan-belajar-mandiri.md', title: 'Panduan Belajar Mandiri', completeOn: 'open' },
  belaNegara: { file: '01-sikap-perilaku-bela-negara.md', title: 'Sikap Perilaku Bela Negara', completeOn: 'scroll_end' },
  berakhlak: { file: '02-nilai-dasar-asn-berakhlak.md', title: 'Nilai-Nilai Dasar ASN: BerAKHLAK', completeOn: 'scroll_end' },
  pppk: { file: '03-kedudukan-peran-pppk-smart-governance.md', title: 'Kedudukan dan Peran PPPK dalam Smart Governance', completeOn: 'scroll_end' },
  organisasi: { file: '04-susunan-organisasi-tata-kerja-kpu.md', title: 'Susunan Organisasi dan Tata Kerja KPU', completeOn: 'scroll_end' },
  jabatan: { file: '05-pengenalan-jabatan-manajemen-kinerja.md', title: 'Pengenalan Jabatan dan Manajemen Kinerja', completeOn: 'scroll_end' },
  etika: { file: '06-nilai-etika-integritas-penyelenggara-pemilu.md', title: 'Nilai, Etika dan Integritas Penyelenggara Pemilu', completeOn: 'scroll_end' },
} as const satisfies Record<string, DemoPage>;

export const DEMO_MEDIA = {
  modul: { file: 'modul-berakhlak.pdf', mime: 'application/pdf', title: 'Modul BerAKHLAK (PDF)' },
  video: { file: 'micro-berakhlak.mp4', mime: 'video/mp4', title: 'Video: BerAKHLAK dalam 30 Detik' },
  videoLowData: { file: 'micro-berakhlak-hemat-data.mp4', mime: 'video/mp4' },
  captions: { file: 'micro-berakhlak.id.vtt', mime: 'text/vtt' },
} as const;

export const DEMO_JURNAL = { file: 'jurnal-petunjuk.md', title: 'Unggah Jurnal', maxBytes: 5 * 1024 * 1024 } as const;

const readText = (file: string) => readFileSync(path.join(DEMO_CONTENT_DIR, file), 'utf8');

/** A local calendar date `days` after the instant (UTC date arithmetic is exact enough for a demo). */
function dateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DemoContentResult {
  created: boolean;
  stageIds: number[];
  activityIds: number[];
  fileIds: number[];
}

/**
 * Creates the demo stages and activities of the programme unless it already has stages, and gives
 * the cohort (when given) a 30-day personal window with a start-by date two weeks after loading,
 * where the cohort has none yet.
 */
export async function ensureDemoProgrammeContent(ctx: AppContext, programmeId: number, opts: { cohortId?: number } = {}): Promise<DemoContentResult> {
  const now = ctx.clock();
  const iso = now.toISOString();
  if (opts.cohortId !== undefined) {
    await ctx.repos.demo.setCohortScheduleIfUnset(opts.cohortId, { start_by: dateAfter(now, 14), window_days: DEMO_WINDOW_DAYS, now: iso });
  }
  const existing = await ctx.repos.learning.stagesOf(programmeId, { publishedOnly: false });
  if (existing.length > 0) return { created: false, stageIds: [], activityIds: [], fileIds: [] };

  // Files first: a failure leaves at most unreferenced files, never a half-built programme.
  const store = async (m: { file: string; mime: string }) => {
    const bytes = readFileSync(path.join(DEMO_CONTENT_DIR, m.file));
    return (await storeFile(ctx, bytes, { originalName: m.file, mime: m.mime, createdBy: null, maxBytes: bytes.length })).id;
  };
  const modulId = await store(DEMO_MEDIA.modul);
  const videoId = await store(DEMO_MEDIA.video);
  const lowDataId = await store(DEMO_MEDIA.videoLowData);
  const captionsId = await store(DEMO_MEDIA.captions);

  const L = ctx.repos.learning;
  const stageIds: number[] = [];
  const activityIds: number[] = [];
  const stage = async (position: number, title: string, description: string, targetDay: number) => {
    const id = await L.insertStage({ programme_id: programmeId, position, title, description, target_day: targetDay, now: iso });
    stageIds.push(id);
    return id;
  };
  const activity = async (stageId: number, position: number, kind: string, title: string, config: unknown) => {
    const id = await L.insertActivity({ programme_id: programmeId, stage_id: stageId, position, kind, title, config, now: iso });
    activityIds.push(id);
    return id;
  };
  const page = (stageId: number, position: number, p: DemoPage) =>
    activity(stageId, position, 'page', p.title, { markdown: readText(p.file), completeOn: p.completeOn });

  const s1 = await stage(1, DEMO_STAGES.lan, 'Agenda pembelajaran mandiri dari LAN RI: bela negara, nilai dasar ASN, dan kedudukan PPPK.', 5);
  await page(s1, 1, DEMO_PAGES.welcome);
  await page(s1, 2, DEMO_PAGES.belaNegara);
  await page(s1, 3, DEMO_PAGES.berakhlak);
  await page(s1, 4, DEMO_PAGES.pppk);
  await activity(s1, 5, 'document', DEMO_MEDIA.modul.title, { fileId: modulId, completeOn: 'open' });
  await activity(s1, 6, 'video', DEMO_MEDIA.video.title, {
    fileId: videoId,
    lowDataFileId: lowDataId,
    captionsFileId: captionsId,
    durationSeconds: BERAKHLAK_VIDEO_SECONDS,
    completeAtPercent: 90,
  });

  const s2 = await stage(2, DEMO_STAGES.kpu, 'Agenda instansi: organisasi, jabatan, kinerja, serta nilai dan etika penyelenggara pemilu.', 10);
  await page(s2, 1, DEMO_PAGES.organisasi);
  await page(s2, 2, DEMO_PAGES.jabatan);
  await page(s2, 3, DEMO_PAGES.etika);

  const s3 = await stage(3, DEMO_STAGES.jurnal, 'Ringkasan pribadi seluruh agenda orientasi dalam satu berkas PDF.', 14);
  await activity(s3, 1, 'upload', DEMO_JURNAL.title, { instructions: readText(DEMO_JURNAL.file), maxBytes: DEMO_JURNAL.maxBytes, requireMaterialOpened: true });

  return { created: true, stageIds, activityIds, fileIds: [modulId, videoId, lowDataId, captionsId] };
}
