// The demo programme's opening session (issue 6): "Pembukaan Orientasi PPPK" on Zoom, at the end of
// Tahap 1, with the two LAN speakers of the real orientation (the self-learning platform guide and
// mindset change; the PPPK competency framework by LAN's competency development centre) and the
// organiser's technical briefing. The speakers are described by their role, not by invented names.
// Optional (required: false): the demo's staged flow does not wait for a live event.
import type { AppContext } from './context.js';
import type { LiveSessionConfig } from '../activities/live-session/config.js';
import { addDays, localDate, startOfLocalDay } from '../domain/time.js';

export const DEMO_LIVE = {
  title: 'Pembukaan Orientasi PPPK',
  /** The session opens this many days after the demo is loaded, 09:00–11:30 WIB. */
  daysAfterLoad: 1,
  startMinutesWib: 9 * 60,
  durationMinutes: 150,
  capacity: 1000,
  joinUrl: 'https://zoom.us/j/91234567890?pwd=ContohDemoLentera',
  passcode: 'PPPK2025',
  livestreamUrl: 'https://www.youtube.com/@contoh-siaran-orientasi',
  speakers: [
    {
      name: 'Narasumber LAN RI — Panduan Belajar Mandiri',
      institution: 'Lembaga Administrasi Negara (LAN RI)',
      topic: 'Panduan penggunaan platform belajar mandiri dan perubahan pola pikir (mindset) ASN',
      bio: 'Widyaiswara LAN RI yang mendampingi orientasi PPPK secara daring.',
      role: 'narasumber',
    },
    {
      name: 'Narasumber PPKSDM LAN RI — Kerangka Kompetensi',
      institution: 'Pusat Pengembangan Kompetensi SDM (PPKSDM), LAN RI',
      topic: 'Kerangka kompetensi bagi PPPK',
      bio: 'Pengembang kompetensi aparatur dari Pusat Pengembangan Kompetensi SDM LAN RI.',
      role: 'narasumber',
    },
    {
      name: 'Tim Teknis Sekretariat Jenderal KPU RI',
      institution: 'Sekretariat Jenderal KPU RI',
      topic: 'Pengarahan teknis orientasi dan pembelajaran mandiri bertahap',
      bio: 'Penyelenggara orientasi PPPK di lingkungan KPU.',
      role: 'moderator',
    },
  ],
} as const;

export const DEMO_LIVE_AGENDA = `Pembukaan orientasi PPPK Formasi Tahun 2024 Periode I secara daring melalui Zoom.

1. Pembukaan dan sambutan penyelenggara (Sekretariat Jenderal KPU RI)
2. Panduan platform belajar mandiri dan perubahan pola pikir ASN (LAN RI)
3. Kerangka kompetensi bagi PPPK (PPKSDM LAN RI)
4. Diskusi dan tanya jawab
5. Pengarahan teknis: pembelajaran mandiri bertahap, Jurnal, dan Evaluasi

Ubah nama tampilan Zoom Anda menjadi **NIP - Nama** agar kehadiran tercatat.`;

/** The demo session's configuration for speakers with these ids, starting a day after `now`. */
export function demoLiveConfig(now: Date, speakerIds: number[]): LiveSessionConfig {
  const day = addDays(localDate(now, 'WIB'), DEMO_LIVE.daysAfterLoad);
  const start = new Date(startOfLocalDay(day, 'WIB').getTime() + DEMO_LIVE.startMinutesWib * 60_000);
  const end = new Date(start.getTime() + DEMO_LIVE.durationMinutes * 60_000);
  return {
    agenda: DEMO_LIVE_AGENDA,
    startAt: start.toISOString(),
    endAt: end.toISOString(),
    authoringZone: 'WIB',
    provider: 'zoom_meeting',
    joinUrl: DEMO_LIVE.joinUrl,
    passcode: DEMO_LIVE.passcode,
    revealMinutesBefore: 30,
    capacity: DEMO_LIVE.capacity,
    livestreamUrl: DEMO_LIVE.livestreamUrl,
    recordingFileId: null,
    recordingDurationSeconds: null,
    recordingUrl: null,
    completion: { minMinutes: 60, joinCounts: false, recordingShare: null },
    speakers: speakerIds.map((speakerId, i) => ({ speakerId, role: DEMO_LIVE.speakers[i]!.role })),
  };
}

/** The demo speakers (found by name, created when missing). */
async function ensureDemoSpeakers(ctx: AppContext, iso: string): Promise<number[]> {
  const existing = await ctx.repos.liveSessions.listSpeakers({ includeArchived: true });
  const ids: number[] = [];
  for (const s of DEMO_LIVE.speakers) {
    const found = existing.find((x) => x.name === s.name);
    ids.push(found?.id ?? (await ctx.repos.liveSessions.insertSpeaker({ name: s.name, institution: s.institution, topic: s.topic, bio: s.bio, photoFileId: null, createdBy: null, now: iso })));
  }
  return ids;
}

/**
 * Adds the opening session at the end of the demo's Tahap 1, once: only to a programme shaped like
 * the demo (its Tahap 1 and its final evaluation) without any live session yet. Returns the new
 * activity's id, or null when nothing was added.
 */
export async function ensureDemoLiveSession(ctx: AppContext, programmeId: number, opts: { stageTitle: string; finalTitle: string }): Promise<number | null> {
  const L = ctx.repos.learning;
  const stages = await L.stagesOf(programmeId, { publishedOnly: false });
  const lan = stages.find((s) => s.title === opts.stageTitle);
  if (!lan) return null;
  const activities = await L.activitiesOf(programmeId, { publishedOnly: false });
  if (activities.some((a) => a.kind === 'live_session') || !activities.some((a) => a.kind === 'quiz' && a.title === opts.finalTitle)) return null;
  const now = ctx.clock();
  const iso = now.toISOString();
  const speakerIds = await ensureDemoSpeakers(ctx, iso);
  const position = Math.max(0, ...activities.filter((a) => a.stage_id === lan.id).map((a) => a.position)) + 1;
  const id = await L.insertActivity({ programme_id: programmeId, stage_id: lan.id, position, kind: 'live_session', title: DEMO_LIVE.title, required: false, config: demoLiveConfig(now, speakerIds), now: iso });
  await ctx.repos.liveSessions.setActivitySpeakers(id, speakerIds.map((speakerId, i) => ({ speakerId, role: DEMO_LIVE.speakers[i]!.role })));
  return id;
}
