// The programme scope (rule: `programmeScope` / `programmeAccess` in src/domain/authorization.ts)
// applied to the data: is one programme in the caller's scope, and which programmes are. Used by the
// quiz reports, the activity media, and every select (and its acceptance) of cohorts to enrol into,
// import into or filter by.
import { programmeAccess, programmeScope, type Principal } from '../domain/authorization.js';
import { errors } from '../http/errors.js';
import type { AppContext } from './context.js';

export interface ProgrammeScopeOptions {
  /** false: facilitated cohorts do not bring their programmes in (administrative choices). */
  facilitation?: boolean;
}

/** The ids of the programmes in the caller's scope, or 'all' (platform admins). */
export async function programmeIdsInScope(ctx: AppContext, p: Principal, opts: ProgrammeScopeOptions = {}): Promise<'all' | number[]> {
  const scope = programmeScope(p, opts);
  if (scope === 'all') return 'all';
  const ids: number[] = [];
  const ask: number[] = [];
  let by: { unitPaths: string[]; cohortIds: number[] } | null = null;
  for (const row of await ctx.repos.programmes.organisers()) {
    const access = programmeAccess(scope, row.organiser_path);
    if (access === 'in') ids.push(row.id);
    else if (access !== 'out') {
      ask.push(row.id);
      by = access;
    }
  }
  if (by) ids.push(...(await ctx.repos.programmes.reachedBy(ask, by)));
  return ids.sort((a, b) => a - b);
}

/** Whether the programme exists and lies in the caller's scope. */
export async function inProgrammeScope(ctx: AppContext, p: Principal, programmeId: number, opts: ProgrammeScopeOptions = {}): Promise<boolean> {
  const [row] = await ctx.repos.programmes.organisers([programmeId]);
  if (!row) return false;
  const access = programmeAccess(programmeScope(p, opts), row.organiser_path);
  if (access === 'in') return true;
  if (access === 'out') return false;
  return (await ctx.repos.programmes.reachedBy([programmeId], access)).length > 0;
}

/** 404 unless the programme lies in the caller's scope. */
export async function assertProgrammeInScope(ctx: AppContext, p: Principal, programmeId: number, opts: ProgrammeScopeOptions = {}): Promise<void> {
  if (!(await inProgrammeScope(ctx, p, programmeId, opts))) throw errors.notFound();
}

/** The rows (cohorts, …) whose programme lies in the caller's scope. */
export async function withinProgrammeScope<T extends { programme_id: number }>(ctx: AppContext, p: Principal, rows: T[], opts: ProgrammeScopeOptions = {}): Promise<T[]> {
  const ids = await programmeIdsInScope(ctx, p, opts);
  if (ids === 'all') return rows;
  const set = new Set(ids);
  return rows.filter((r) => set.has(r.programme_id));
}
