// Enrols participants created by `lentera seed` into a benchmark cohort, in one transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createRepositories } from '../../src/db/repositories/index.js';

export interface EnrolledMember {
  nip: string;
  name: string;
  email: string | null;
  userId: number;
  enrolmentId: number;
}

/** Enrols the seeded participants (by NIP, in this order: NDH 1…n) and returns them with their enrolment ids. */
export async function enrolSeededParticipants(db: Kysely<Database>, cohortId: number, nips: readonly string[], now: string): Promise<EnrolledMember[]> {
  await db.transaction().execute(async (trx) => {
    const repos = createRepositories(trx);
    for (let i = 0; i < nips.length; i += 500) {
      const chunk = nips.slice(i, i + 500);
      const users = await trx.selectFrom('users').select(['id', 'nip']).where('nip', 'in', chunk).execute();
      if (users.length !== chunk.length) throw new Error(`${chunk.length - users.length} of the participants to enrol do not exist (was \`lentera seed\` run with enough participants?)`);
      const byNip = new Map(users.map((u) => [u.nip!, u.id]));
      for (const [k, nip] of chunk.entries()) await repos.programmes.enrol({ cohort_id: cohortId, user_id: byNip.get(nip)!, ndh: i + k + 1, now });
    }
  });
  const byNip = new Map<string, EnrolledMember>();
  for (let i = 0; i < nips.length; i += 500) {
    const chunk = nips.slice(i, i + 500);
    const rows = await db
      .selectFrom('enrolments')
      .innerJoin('users', 'users.id', 'enrolments.user_id')
      .select(['enrolments.id', 'users.id as user_id', 'users.nip', 'users.name', 'users.email'])
      .where('enrolments.cohort_id', '=', cohortId)
      .where('users.nip', 'in', chunk)
      .execute();
    for (const r of rows) byNip.set(r.nip!, { nip: r.nip!, name: r.name, email: r.email, userId: r.user_id, enrolmentId: r.id });
  }
  if (byNip.size !== nips.length) throw new Error(`enrolled ${byNip.size} of ${nips.length} participants`);
  return nips.map((n) => byNip.get(n)!);
}
