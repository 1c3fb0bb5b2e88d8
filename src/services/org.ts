// The organisation tree as an administrator sees it: only the subtrees of its scope.
import { adminScope, canAdministerUnit, isAdministrator, type Principal } from '../domain/authorization.js';
import { zoneForRegionCode, type IndonesianZone } from '../domain/regions.js';
import type { OrgUnit, UnitKind } from '../db/schema.js';
import { errors } from '../http/errors.js';
import type { AppContext } from './context.js';

export interface ApiUnitSummary {
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string | null;
  timeZone: IndonesianZone;
  /** Direct sub-units. */
  childCount: number;
  /** Users in the unit and in every unit below it. */
  userCount: number;
}

export interface ApiUnitDetail extends ApiUnitSummary {
  /** Ancestors inside the caller's scope, from the top down (excluding the unit itself). */
  path: { code: string; name: string; kind: UnitKind }[];
}

export const zoneOfUnit = (u: Pick<OrgUnit, 'region_code'>): IndonesianZone => (u.region_code && zoneForRegionCode(u.region_code)) || 'WIB';

/** Administrative pages and collections are closed to participants and facilitators (403, not 404: nothing about a single object is revealed). */
export function assertAdministrator(principal: Principal): void {
  if (!isAdministrator(principal)) throw errors.forbidden();
}

/** The unit with this code that the principal administers; 404 when none (also when it exists outside the scope). */
export async function findVisibleUnit(ctx: AppContext, principal: Principal, code: string): Promise<OrgUnit> {
  const units = code ? await ctx.repos.units.findAllByCode(code) : [];
  const unit = units.find((u) => canAdministerUnit(principal, u.path));
  if (!unit) throw errors.notFound();
  return unit;
}

/** The topmost units of a scope: for a platform admin the roots, otherwise the units of its scoped roles (nested ones dropped). */
export async function scopeRoots(ctx: AppContext, principal: Principal): Promise<OrgUnit[] | 'all'> {
  const scope = adminScope(principal);
  if (scope === 'all') return 'all';
  const top = [...new Set(scope)].filter((p) => !scope.some((other) => other !== p && p.startsWith(other)));
  const ids = top.map((p) => Number(p.split('/').filter(Boolean).pop()));
  const units = await ctx.repos.units.findManyByIds(ids);
  return units.sort((a, b) => a.code.localeCompare(b.code));
}

async function summarise(ctx: AppContext, units: OrgUnit[]): Promise<ApiUnitSummary[]> {
  const ids = units.map((u) => u.id);
  const [children, users] = await Promise.all([ctx.repos.units.childCounts(ids), ctx.repos.units.subtreeUserCounts(ids)]);
  return units.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    regionCode: u.region_code,
    timeZone: zoneOfUnit(u),
    childCount: children.get(u.id) ?? 0,
    userCount: users.get(u.id) ?? 0,
  }));
}

/** Children of `parent` (a unit code inside the scope), or the roots the principal may see. Paged by code. */
export async function listUnits(ctx: AppContext, principal: Principal, opts: { parent?: string; cursor?: string; limit: number }) {
  assertAdministrator(principal);
  let units: OrgUnit[];
  let parent: ApiUnitDetail | null = null;
  if (opts.parent) {
    const p = await findVisibleUnit(ctx, principal, opts.parent);
    parent = await describeUnit(ctx, principal, p);
    units = await ctx.repos.units.childrenPage(p.id, { afterCode: opts.cursor, limit: opts.limit + 1 });
  } else {
    const roots = await scopeRoots(ctx, principal);
    if (roots === 'all') units = await ctx.repos.units.childrenPage(null, { afterCode: opts.cursor, limit: opts.limit + 1 });
    else units = roots.filter((u) => opts.cursor === undefined || u.code > opts.cursor).slice(0, opts.limit + 1);
  }
  const page = units.slice(0, opts.limit);
  return { parent, items: await summarise(ctx, page), nextCursor: units.length > opts.limit ? page[page.length - 1]!.code : null };
}

async function describeUnit(ctx: AppContext, principal: Principal, unit: OrgUnit): Promise<ApiUnitDetail> {
  const ancestorIds = unit.path.split('/').filter(Boolean).map(Number).filter((id) => id !== unit.id);
  const ancestors = (await ctx.repos.units.findManyByIds(ancestorIds)).filter((a) => canAdministerUnit(principal, a.path)).sort((a, b) => a.depth - b.depth);
  const [summary] = await summarise(ctx, [unit]);
  return { ...summary!, path: ancestors.map((a) => ({ code: a.code, name: a.name, kind: a.kind })) };
}

export async function getUnit(ctx: AppContext, principal: Principal, code: string): Promise<ApiUnitDetail> {
  assertAdministrator(principal);
  return describeUnit(ctx, principal, await findVisibleUnit(ctx, principal, code));
}

/** Every unit the principal administers, in tree order (for a unit select). */
export async function unitsInScope(ctx: AppContext, principal: Principal): Promise<OrgUnit[]> {
  const roots = await scopeRoots(ctx, principal);
  if (roots === 'all') return ctx.repos.units.all();
  const lists = await Promise.all(roots.map((r) => ctx.repos.units.subtree(r.path)));
  return lists.flat();
}

export interface ApiAuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { id: number; login: string | null; name: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  /** Only platform admins see where a change came from. */
  ip: string | null;
  userAgent: string | null;
}

/**
 * The audit log, newest first, paged by id. A platform admin sees every entry; an agency admin or unit
 * operator only entries whose target is a user inside its scope (without address and browser of the actor).
 */
export async function listAuditEntries(
  ctx: AppContext,
  principal: Principal,
  opts: { cursor?: number; limit: number; targetType?: string; targetId?: string },
): Promise<{ items: ApiAuditEntry[]; nextCursor: number | null }> {
  assertAdministrator(principal);
  const scope = adminScope(principal);
  const rows = await ctx.repos.audit.list({
    beforeId: opts.cursor,
    limit: opts.limit + 1,
    targetType: opts.targetType,
    targetId: opts.targetId,
    targetUserUnitPaths: scope === 'all' ? undefined : scope,
  });
  const full = scope === 'all';
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      actor: r.actor_user_id === null ? null : { id: r.actor_user_id, login: r.actor_login ?? null, name: r.actor_name ?? null },
      targetType: r.target_type,
      targetId: r.target_id,
      details: parseDetails(r.details),
      ip: full ? r.ip : null,
      userAgent: full ? r.user_agent : null,
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

function parseDetails(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}
