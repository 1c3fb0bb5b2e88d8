// Demo data: the KPU organisation tree, the orientation programme shell and three accounts.
// Idempotent: running it again updates the passwords and adds nothing twice.
import { NTT_REGENCIES, PROVINCES } from '../domain/regions.js';
import type { OrgUnit, Role, UnitKind } from '../db/schema.js';
import type { AppContext } from './context.js';
import { hashPassword } from './crypto.js';
import { audit } from './audit.js';
import { ensureDemoProgrammeContent } from './demo-content.js';
import { DEFAULT_NUMBER_PATTERN } from '../domain/certificate-number.js';

export const DEMO = {
  agency: { code: 'KPU', name: 'Komisi Pemilihan Umum' },
  setjen: { code: 'SETJEN', name: 'Sekretariat Jenderal KPU RI' },
  programme: { code: 'ORIENTASI-PPPK', title: 'Orientasi PPPK', jp: 45, provider: 'Lembaga Administrasi Negara (LAN RI)' },
  cohort: { code: 'FORMASI-2024-P1', title: 'Formasi Tahun 2024 Periode I', startsOn: '2025-11-10', endsOn: '2025-12-10', gelombang: 1, angkatan: 5 },
  admin: { login: 'admin', name: 'Admin Platform Lentera', email: 'admin@demo.lentera.id' },
  operator: { login: 'operator.ntt', name: 'Operator KPU Provinsi NTT', email: 'operator.ntt@demo.lentera.id', unitCode: '53' },
  participant: {
    nip: '199001012024211001',
    name: 'Yohanes Benediktus Ndun',
    email: 'yohanes.ndun@demo.lentera.id',
    phone: '081234567001',
    position: 'Penata Kelola Pemilu Ahli Pertama',
    unitCode: '5371',
  },
} as const;

export const provinceUnitName = (name: string) => `KPU Provinsi ${name}`;
export const regencyUnitName = (name: string) => (name.startsWith('Kota ') ? `KPU ${name}` : `KPU Kabupaten ${name}`);

async function ensureUnit(ctx: AppContext, parent: OrgUnit | null, code: string, name: string, kind: UnitKind, regionCode: string | null): Promise<OrgUnit> {
  const existing = await ctx.repos.units.findByCode(code, parent ? (parent.agency_id ?? undefined) : undefined);
  if (existing && (parent ? existing.agency_id === parent.agency_id : existing.parent_id === null)) return existing;
  return ctx.repos.units.insert({ parent, code, name, kind, region_code: regionCode, now: ctx.clock().toISOString() });
}

/** The organisation tree of the demo agency: KPU → Setjen → 38 provincial offices → NTT's 22 regency/city offices. */
export async function ensureDemoOrganisation(ctx: AppContext) {
  const agency = await ensureUnit(ctx, null, DEMO.agency.code, DEMO.agency.name, 'agency', null);
  const setjen = await ensureUnit(ctx, agency, DEMO.setjen.code, DEMO.setjen.name, 'secretariat', '31');
  const provinces = new Map<string, OrgUnit>();
  for (const p of PROVINCES) provinces.set(p.code, await ensureUnit(ctx, setjen, p.code, provinceUnitName(p.name), 'province', p.code));
  const ntt = provinces.get('53')!;
  const regencies = new Map<string, OrgUnit>();
  for (const r of NTT_REGENCIES) regencies.set(r.code, await ensureUnit(ctx, ntt, r.code, regencyUnitName(r.name), 'regency', r.code));
  return { agency, setjen, provinces, regencies };
}

export async function ensureDemoCohort(ctx: AppContext, organiserUnitId: number): Promise<{ programmeId: number; cohortId: number }> {
  const now = ctx.clock().toISOString();
  const p = DEMO.programme;
  const programmeId =
    (await ctx.repos.programmes.findByCode(p.code))?.id ??
    (await ctx.repos.programmes.insert({ code: p.code, title: p.title, description: 'Orientasi Pegawai Pemerintah dengan Perjanjian Kerja (PPPK) Formasi Tahun 2024 Periode I, diselenggarakan Sekretariat Jenderal KPU RI bekerja sama dengan LAN RI.', jp: p.jp, organiser_unit_id: organiserUnitId, provider: p.provider, status: 'published', now }));
  const c = DEMO.cohort;
  const cohortId =
    (await ctx.repos.programmes.findCohort(programmeId, c.code))?.id ??
    (await ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: c.code, title: c.title, starts_on: c.startsOn, ends_on: c.endsOn, gelombang: c.gelombang, angkatan: c.angkatan, now }));
  return { programmeId, cohortId };
}

async function ensureAccount(
  ctx: AppContext,
  a: { login: string; nip?: string; name: string; email: string; phone?: string; position?: string; employmentType?: 'PPPK' | 'PNS'; unitId: number | null; passwordHash: string },
  roles: { role: Role; unitId: number | null }[],
): Promise<number> {
  const now = ctx.clock().toISOString();
  const existing = await ctx.repos.users.findByLogin(a.login);
  let id: number;
  if (existing) {
    id = existing.id;
    await ctx.repos.users.update(id, { password_hash: a.passwordHash, must_change_password: 0, status: 'active', updated_at: now, password_changed_at: now });
  } else {
    id = await ctx.repos.users.insert({
      login: a.login, nip: a.nip ?? null, name: a.name, email: a.email, phone: a.phone ?? null, employment_type: a.employmentType ?? null,
      position: a.position ?? null, unit_id: a.unitId, password_hash: a.passwordHash, must_change_password: 0, locale: null, status: 'active',
      created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
    });
  }
  for (const r of roles) await ctx.repos.users.addRole({ user_id: id, role: r.role, unit_id: r.unitId, cohort_id: null, created_at: now, created_by: null });
  return id;
}

/**
 * The demo programme's certificate: signed by the organiser's secretariat (a role, not a real
 * person's name), every requirement on. Stored once; an admin's later edits are kept.
 */
async function ensureDemoCertificateSettings(ctx: AppContext, programmeId: number): Promise<void> {
  if (await ctx.repos.certificates.settings(programmeId)) return;
  const now = ctx.clock().toISOString();
  await ctx.repos.certificates.saveSettings({
    programme_id: programmeId,
    enabled: 1,
    require_activities: 1,
    require_evaluation: 1,
    require_jurnal: 1,
    require_confirmation: 1,
    require_photo: 1,
    number_pattern: DEFAULT_NUMBER_PATTERN,
    signer_name: 'Pejabat Penandatangan (Demo)',
    signer_position: 'Kepala Biro Sumber Daya Manusia, Sekretariat Jenderal KPU',
    signer_place: 'Jakarta',
    jp: null,
    updated_by: null,
    created_at: now,
    updated_at: now,
  });
}

/**
 * Loads the demo data with password `password` for the three demo accounts, and (unless
 * `content: false`) the demo programme's stages, pages, PDF, video and Jurnal upload.
 */
export async function loadDemo(ctx: AppContext, password: string, opts: { content?: boolean } = {}) {
  const org = await ensureDemoOrganisation(ctx);
  const { programmeId, cohortId } = await ensureDemoCohort(ctx, org.setjen.id);
  if (opts.content !== false) await ensureDemoProgrammeContent(ctx, programmeId, { cohortId });
  await ensureDemoCertificateSettings(ctx, programmeId);
  const passwordHash = await hashPassword(password);
  const ntt = org.provinces.get(DEMO.operator.unitCode)!;
  const kupang = org.regencies.get(DEMO.participant.unitCode)!;
  await ensureAccount(ctx, { ...DEMO.admin, unitId: org.setjen.id, passwordHash }, [{ role: 'platform_admin', unitId: null }]);
  await ensureAccount(ctx, { ...DEMO.operator, unitId: ntt.id, passwordHash }, [{ role: 'unit_operator', unitId: ntt.id }]);
  const participantId = await ensureAccount(
    ctx,
    { login: DEMO.participant.nip, nip: DEMO.participant.nip, name: DEMO.participant.name, email: DEMO.participant.email, phone: DEMO.participant.phone, position: DEMO.participant.position, employmentType: 'PPPK', unitId: kupang.id, passwordHash },
    [{ role: 'participant', unitId: null }],
  );
  await ctx.repos.programmes.enrol({ cohort_id: cohortId, user_id: participantId, ndh: 1, now: ctx.clock().toISOString() });
  await audit(ctx, { userId: null, ip: 'cli' }, 'demo.loaded', { type: 'cohort', id: cohortId });
  return { logins: [DEMO.admin.login, DEMO.operator.login, DEMO.participant.nip], cohortId };
}
