// Helpers of the focused programme-scope tests (quiz reports, media, provisioning, account care, the
// Jurnal review): the matrix world (KPU with NTT and Jawa Timur, and a programme of another agency, BKN).
import { DEMO_PASSWORD, TestClient } from './platform.js';
import type { MatrixWorld } from './matrix-world.js';

export { buildMatrixWorld } from './matrix-world.js';

/** A client signed in as one of the world's people (or any login). */
export async function signIn(w: MatrixWorld, who: keyof MatrixWorld['people'] | { login: string }): Promise<TestClient> {
  const c = new TestClient(w.p);
  const login = typeof who === 'string' ? w.people[who].login : who.login;
  const res = await c.login(login, DEMO_PASSWORD);
  if (res.status !== 200) throw new Error(`cannot sign in as ${login}: ${res.status}`);
  return c;
}

/** Titles of the foreign (BKN) programme and its cohort, and of the KPU programme. */
export async function titles(w: MatrixWorld) {
  const db = w.p.ctx.db.kysely;
  const programme = async (id: number) => (await db.selectFrom('programmes').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
  const cohort = async (id: number) => (await db.selectFrom('cohorts').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
  return { foreignProgramme: await programme(w.programme.foreign), foreignCohort: await cohort(w.cohort.foreign), kpuProgramme: await programme(w.programme.kpu) };
}

/** Enrols a fresh NTT participant (inside the NTT operator's scope) into the foreign cohort: the BKN programme then has a participant of NTT. */
export async function enrolNttParticipantInForeignProgramme(w: MatrixWorld): Promise<number> {
  const userId = await w.scratch.person('inside');
  await w.p.ctx.repos.programmes.enrol({ cohort_id: w.cohort.foreign, user_id: userId, ndh: null, now: w.p.clock.fn().toISOString() });
  return userId;
}
