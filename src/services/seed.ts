// Synthetic participants for benchmarks: deterministic, fast (one shared precomputed hash).
import { assignUnits, syntheticParticipant } from '../domain/synthetic.js';
import type { NewUser, OrgUnit } from '../db/schema.js';
import type { AppContext } from './context.js';
import { hashPassword } from './crypto.js';
import { ensureDemoCohort, ensureDemoOrganisation } from './demo.js';

/** Relative weight of each kind of office: Setjen is large, provinces medium, regencies small. */
const UNIT_WEIGHT: Record<string, number> = { secretariat: 60, province: 12, regency: 4 };

export async function seedParticipants(ctx: AppContext, opts: { participants: number; password: string; onProgress?: (done: number) => void }) {
  const org = await ensureDemoOrganisation(ctx);
  const { cohortId } = await ensureDemoCohort(ctx, org.setjen.id);
  const units: OrgUnit[] = [org.setjen, ...org.provinces.values(), ...org.regencies.values()];
  const unitOf = assignUnits(opts.participants, units.map((u) => UNIT_WEIGHT[u.kind] ?? 1));
  const passwordHash = await hashPassword(opts.password);
  const now = ctx.clock().toISOString();
  const BATCH = 5000;
  let created = 0;
  for (let start = 0; start < opts.participants; start += BATCH) {
    const rows: NewUser[] = [];
    for (let i = start; i < Math.min(opts.participants, start + BATCH); i++) {
      const p = syntheticParticipant(i);
      rows.push({
        login: p.nip, nip: p.nip, name: p.name, email: p.email, phone: p.phone, employment_type: 'PPPK', position: p.position,
        unit_id: units[unitOf[i]!]!.id, password_hash: passwordHash, must_change_password: 0, locale: null, status: 'active',
        created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
      });
    }
    created += await ctx.repos.bulk.insertParticipants(rows, { cohortId, now });
    opts.onProgress?.(Math.min(opts.participants, start + BATCH));
  }
  return { created, cohortId };
}
