// Test fixtures shared by the attendance suites: the demo organisation, a programme organised by KPU
// with two cohorts and a live session on 28 November 2026, 08:00–11:00 WITA (00:00–03:00 UTC), and
// its participants in NTT and Jawa Timur:
//
//   yohanes  5371 Kota Kupang   cohort 1  email yohanes.bria@kupang.test   NIP 1989…001
//   maria    5371 Kota Kupang   cohort 1  email maria.seran@kupang.test    NIP …002 (appears as "NIP - Name")
//   agus1    5301 Sumba Barat   cohort 1  no email                         NIP …003 ("Agus Salim")
//   agus2    35   Jawa Timur    cohort 2  no email                         NIP …004 ("Agus Salim": ambiguous)
//   dewi     35   Jawa Timur    cohort 2  email dewi.lestari@jatim.test    NIP …005
//   budi     5371 Kota Kupang   cohort 1  email budi@kupang.test           NIP …006 (appears as "HP Samsung")
import { DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { addTestUser } from '../../../../test/support/quiz.js';
import { loadDemo } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import type { Principal } from '../../../domain/authorization.js';

export const SESSION_START = '2026-11-28T00:00:00.000Z';
export const SESSION_END = '2026-11-28T03:00:00.000Z';

export const PEOPLE = {
  yohanes: { name: 'Yohanes Bria', email: 'yohanes.bria@kupang.test', nip: '198912122024211001', unit: '5371', cohort: 1 },
  maria: { name: 'Maria Seran', email: 'maria.seran@kupang.test', nip: '199002022024212002', unit: '5371', cohort: 1 },
  agus1: { name: 'Agus Salim', email: null, nip: '199103032024211003', unit: '5301', cohort: 1 },
  agus2: { name: 'Agus Salim', email: null, nip: '199204042024211004', unit: '35', cohort: 2 },
  dewi: { name: 'Dewi Lestari', email: 'dewi.lestari@jatim.test', nip: '199305052024212005', unit: '35', cohort: 2 },
  budi: { name: 'Budi Santoso', email: 'budi@kupang.test', nip: '199406062024211006', unit: '5371', cohort: 1 },
} as const;
export type PersonKey = keyof typeof PEOPLE;

/** The first report (Zoom's plain layout, 24-hour times in WITA). */
export const REPORT_ONE = [
  'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
  'Yohanes Bria,yohanes.bria@kupang.test,11/28/2026 08:00:00,11/28/2026 09:00:00,60,No',
  '199002022024212002 - Maria Seran,,11/28/2026 08:00:00,11/28/2026 08:50:00,50,Yes',
  'Agus Salim,,11/28/2026 08:10:00,11/28/2026 09:10:00,60,Yes',
  'HP Samsung,,11/28/2026 08:00:00,11/28/2026 10:00:00,120,Yes',
  'Narasumber LAN,,11/28/2026 07:50:00,11/28/2026 11:00:00,190,Yes',
  'Dewi Lestari,dewi.lestari@jatim.test,11/28/2026 08:30:00,11/28/2026 09:00:00,30,No',
  'Rusak Sekali,,bukan waktu,11/28/2026 09:00:00,0,Yes',
  '',
].join('\r\n');

/** A second export of the same meeting: overlaps Yohanes's first segment and brings "HP Samsung" back. */
export const REPORT_TWO = [
  'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
  'Yohanes Bria,yohanes.bria@kupang.test,11/28/2026 08:30:00,11/28/2026 09:30:00,60,No',
  'HP Samsung,,11/28/2026 10:00:00,11/28/2026 10:30:00,30,Yes',
  '',
].join('\r\n');

export interface AttendanceWorld {
  programmeId: number;
  cohort1: number;
  cohort2: number;
  activityId: number;
  users: Record<PersonKey, number>;
  enrolments: Record<PersonKey, number>;
  ids: { admin: number; operatorNtt: number; operatorBali: number; facilitator1: number; facilitator2: number };
  principal(userId: number): Promise<Principal>;
}

export async function attendanceWorld(p: TestPlatform, opts: { minMinutes?: number; code?: string } = {}): Promise<AttendanceWorld> {
  const ctx = p.ctx;
  await loadDemo(ctx, DEMO_PASSWORD, { content: false });
  const now = p.clock.fn().toISOString();
  const kpu = (await ctx.repos.units.findAllByCode('KPU'))[0]!;
  const code = opts.code ?? 'UJI-LIVE';
  const programmeId = await ctx.repos.programmes.insert({ code, title: `Program ${code}`, description: null, jp: 10, organiser_unit_id: kpu.id, provider: 'LAN RI', status: 'published', now });
  const cohort1 = await ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: `${code}-1`, title: 'Angkatan Satu', starts_on: null, ends_on: null, gelombang: 1, angkatan: 1, now });
  const cohort2 = await ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: `${code}-2`, title: 'Angkatan Dua', starts_on: null, ends_on: null, gelombang: 1, angkatan: 2, now });
  const stageId = await ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Pembukaan', sequential: false, now });
  const activityId = await ctx.repos.learning.insertActivity({
    programme_id: programmeId,
    stage_id: stageId,
    position: 1,
    kind: 'live_session',
    title: 'Pembukaan Orientasi',
    config: {
      agenda: 'Pembukaan',
      startAt: SESSION_START,
      endAt: SESSION_END,
      authoringZone: 'WITA',
      provider: 'zoom_meeting',
      joinUrl: 'https://zoom.us/j/89123456789',
      passcode: null,
      revealMinutesBefore: 30,
      capacity: null,
      livestreamUrl: null,
      recordingFileId: null,
      recordingDurationSeconds: null,
      recordingUrl: null,
      completion: { minMinutes: opts.minMinutes ?? 45, joinCounts: false, recordingShare: null },
      speakers: [],
    },
    now,
  });
  const users = {} as Record<PersonKey, number>;
  const enrolments = {} as Record<PersonKey, number>;
  for (const [key, person] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const id = await addTestUser(p, { login: `${code.toLowerCase()}.${key}`, name: person.name, nip: person.nip, unitCode: person.unit, password: DEMO_PASSWORD });
    await ctx.db.kysely.updateTable('users').set({ email: person.email }).where('id', '=', id).execute();
    users[key] = id;
    const cohortId = person.cohort === 1 ? cohort1 : cohort2;
    await ctx.repos.programmes.enrol({ cohort_id: cohortId, user_id: id, ndh: null, now });
    enrolments[key] = (await ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).where('user_id', '=', id).executeTakeFirstOrThrow()).id;
  }
  const userId = async (login: string) => (await ctx.db.kysely.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const operatorBali = await addTestUser(p, { login: `${code.toLowerCase()}.operator.bali`, name: 'Operator Bali', unitCode: '51', role: 'unit_operator', roleUnitCode: '51', password: DEMO_PASSWORD });
  const facilitator1 = await addTestUser(p, { login: `${code.toLowerCase()}.fasil1`, name: 'Fasilitator Satu', role: 'facilitator', cohortId: cohort1, password: DEMO_PASSWORD });
  const facilitator2 = await addTestUser(p, { login: `${code.toLowerCase()}.fasil2`, name: 'Fasilitator Dua', role: 'facilitator', cohortId: cohort2, password: DEMO_PASSWORD });
  return {
    programmeId,
    cohort1,
    cohort2,
    activityId,
    users,
    enrolments,
    ids: { admin: await userId('admin'), operatorNtt: await userId('operator.ntt'), operatorBali, facilitator1, facilitator2 },
    principal: (id) => loadPrincipal(ctx, id),
  };
}
