// Test fixture: a fresh programme with one cohort, the given participants enrolled, independent of the demo content.
import type { TestPlatform } from './platform.js';

export async function createTestProgramme(p: Pick<TestPlatform, 'ctx' | 'clock'>, opts: { code: string; participantIds: number[]; startBy?: string | null; windowDays?: number | null }) {
  const now = p.clock.fn().toISOString();
  const programmeId = await p.ctx.repos.programmes.insert({ code: opts.code, title: `Program ${opts.code}`, description: null, jp: 10, organiser_unit_id: null, provider: 'LAN RI', status: 'published', now });
  const cohortId = await p.ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: `${opts.code}-1`, title: `Angkatan ${opts.code}`, starts_on: null, ends_on: null, gelombang: 1, angkatan: 1, now });
  if (opts.startBy !== undefined || opts.windowDays !== undefined) {
    await p.ctx.db.kysely.updateTable('cohorts').set({ start_by: opts.startBy ?? null, window_days: opts.windowDays ?? null }).where('id', '=', cohortId).execute();
  }
  const enrolmentIds: number[] = [];
  for (const [i, userId] of opts.participantIds.entries()) {
    await p.ctx.repos.programmes.enrol({ cohort_id: cohortId, user_id: userId, ndh: i + 1, now });
    const row = await p.ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).where('user_id', '=', userId).executeTakeFirstOrThrow();
    enrolmentIds.push(row.id);
  }
  return { programmeId, cohortId, enrolmentIds };
}
