// The learning-hours (JP) record: each completed programme adds its JP to the employee's record for
// the calendar year of completion (in the participant's zone), written once per enrolment when its
// certificate is issued. Participants see their yearly totals, operators those of the employees of
// a unit subtree in their scope, against the rules of src/domain/learning-hours.ts.
import type { OrgUnit } from '../db/schema.js';
import type { UnitHoursRow } from '../db/repositories/certificate-requirements.js';
import { canAdministerUnit, type Principal } from '../domain/authorization.js';
import type { EmploymentType } from '../domain/employment.js';
import { employmentOf, flagOf, isOrientationProgramme, yearlyTotals, yearOfLocalDate, type HoursFlag, type YearTotal } from '../domain/learning-hours.js';
import { zoneForRegionCode } from '../domain/regions.js';
import { localDate, type IndonesianZone } from '../domain/time.js';
import { errors } from '../http/errors.js';
import type { AppContext } from './context.js';
import { zoneOfEnrolment } from './learning.js';
import { assertAdministrator } from './org.js';
import { certificateSettings } from './certificates/settings.js';

/**
 * Records the JP of a completed enrolment (idempotent: the enrolment's row is written once, whatever
 * the number of calls or racing workers — the enrolment id is unique). The JP are the certificate's
 * (the programme's certificate settings), the year that of the completion in the participant's zone;
 * an orientation does not count toward the PPPK cap. Returns whether a row was written now.
 */
export async function recordLearningHours(ctx: AppContext, enrolmentId: number, opts: { source?: string } = {}): Promise<{ recorded: boolean }> {
  if (await ctx.repos.certificateRequirements.hoursOfEnrolment(enrolmentId)) return { recorded: false };
  const enrolment = await ctx.repos.learning.enrolment(enrolmentId);
  if (!enrolment) throw errors.notFound();
  const [programme, settings] = await Promise.all([ctx.repos.certificateRequirements.programme(enrolment.programme_id), certificateSettings(ctx, enrolment.programme_id)]);
  if (!programme) throw errors.notFound();
  const zone = enrolment.zone ?? zoneOfEnrolment(enrolment);
  const completedAt = enrolment.completed_at ? new Date(enrolment.completed_at) : ctx.clock();
  const completedOn = localDate(completedAt, zone);
  const recorded = await ctx.repos.certificateRequirements.insertHours({
    userId: enrolment.user_id,
    year: yearOfLocalDate(completedOn),
    programmeId: programme.id,
    enrolmentId: enrolment.id,
    jp: Number.isFinite(settings.jp) ? settings.jp : programme.jp,
    countsTowardLimit: !isOrientationProgramme(programme),
    completedOn,
    source: opts.source ?? 'certificate',
    now: ctx.clock().toISOString(),
  });
  return { recorded };
}

const zoneOfUnit = (u: { unit_region_code?: string | null; region_code?: string | null } | null | undefined): IndonesianZone =>
  (u?.unit_region_code && zoneForRegionCode(u.unit_region_code)) || (u?.region_code && zoneForRegionCode(u.region_code)) || 'WIB';

export interface MyLearningHours {
  employment: EmploymentType | null;
  currentYear: number;
  years: YearTotal[];
  records: { enrolmentId: number; programme: string; year: number; jp: number; countsTowardLimit: boolean; completedOn: string }[];
}

/** The participant's own record: yearly totals (the current year always shown) and the programmes behind them. */
export async function myLearningHours(ctx: AppContext, userId: number): Promise<MyLearningHours> {
  const user = await ctx.repos.users.findById(userId);
  if (!user) throw errors.unauthenticated();
  const rows = await ctx.repos.certificateRequirements.hoursOfUser(userId);
  const now = ctx.clock();
  const currentYear = yearOfLocalDate(localDate(now, zoneOfUnit(user)));
  const employment = employmentOf(user, now.getUTCFullYear());
  const records = rows.map((r) => ({ enrolmentId: r.enrolment_id, programme: r.programme_title, year: r.year, jp: r.jp, countsTowardLimit: r.counts_toward_limit === 1, completedOn: r.completed_on }));
  return { employment, currentYear, years: yearlyTotals(records, employment, [currentYear]), records };
}

// ---------------------------------------------------------------------------------------------
// Operators: the employees of a unit subtree.

export interface EmployeeHours {
  userId: number;
  name: string;
  nip: string | null;
  unitCode: string;
  unitName: string;
  employment: EmploymentType | null;
  year: number;
  totalJp: number;
  /** The JP measured against the rule (PPPK: without the orientation). */
  countedJp: number;
  programmes: number;
  flag: HoursFlag | null;
}

/** A unit the administrator's scope covers (404 otherwise — also for an unknown id); 403 for non-administrators. */
export async function unitInScope(ctx: AppContext, principal: Principal, unitId: number): Promise<OrgUnit> {
  assertAdministrator(principal);
  const unit = await ctx.repos.units.findById(unitId);
  if (!unit || !canAdministerUnit(principal, unit.path)) throw errors.notFound();
  return unit;
}

/** The current year in the unit's zone (the default of the operator's view). */
export const currentYearOf = (ctx: AppContext, unit: Pick<OrgUnit, 'region_code'>): number => yearOfLocalDate(localDate(ctx.clock(), zoneOfUnit(unit)));

function toEmployee(r: UnitHoursRow, year: number, referenceYear: number): EmployeeHours {
  const employment = employmentOf(r, referenceYear);
  const counted = employment === 'PPPK' ? r.limited_jp : r.total_jp;
  return { userId: r.user_id, name: r.name, nip: r.nip, unitCode: r.unit_code, unitName: r.unit_name, employment, year, totalJp: r.total_jp, countedJp: counted, programmes: r.programmes, flag: flagOf(employment, counted) };
}

const BATCH = 500;

/** Every employee of the subtree for the year (keyset batches), optionally only those with a flag. */
async function* employeeRows(ctx: AppContext, unit: OrgUnit, year: number, flag: HoursFlag | undefined, afterUserId = 0): AsyncGenerator<EmployeeHours> {
  const referenceYear = ctx.clock().getUTCFullYear();
  let after = afterUserId;
  for (;;) {
    const rows = await ctx.repos.certificateRequirements.unitHours({ unitPath: unit.path, year, afterUserId: after, limit: BATCH });
    for (const r of rows) {
      const e = toEmployee(r, year, referenceYear);
      if (!flag || e.flag === flag) yield e;
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.user_id;
  }
}

export interface UnitHoursFilter {
  year?: number;
  flag?: HoursFlag;
}

/** One page of the unit's employees with their JP of the year (cursor: the last user id of the previous page). */
export async function unitLearningHours(ctx: AppContext, principal: Principal, unitId: number, f: UnitHoursFilter & { cursor?: number; limit: number }) {
  const unit = await unitInScope(ctx, principal, unitId);
  const year = f.year ?? currentYearOf(ctx, unit);
  const items: EmployeeHours[] = [];
  let more = false;
  for await (const e of employeeRows(ctx, unit, year, f.flag, f.cursor ?? 0)) {
    if (items.length === f.limit) {
      more = true;
      break;
    }
    items.push(e);
  }
  return { unit, year, items, nextCursor: more ? items[items.length - 1]!.userId : null };
}

/** Every matching employee of the unit, streamed (for the XLSX export). */
export async function unitLearningHoursStream(ctx: AppContext, principal: Principal, unitId: number, f: UnitHoursFilter) {
  const unit = await unitInScope(ctx, principal, unitId);
  const year = f.year ?? currentYearOf(ctx, unit);
  return { unit, year, rows: employeeRows(ctx, unit, year, f.flag) };
}
