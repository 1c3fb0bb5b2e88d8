// Who may do what, and where. A principal's scope is a set of unit subtrees (materialised paths).
import type { Role } from '../db/schema.js';

export interface PrincipalRole {
  id: number;
  role: Role;
  unitId: number | null;
  unitPath: string | null;
  unitCode: string | null;
  unitName: string | null;
  cohortId: number | null;
}

export interface Principal {
  userId: number;
  roles: PrincipalRole[];
}

export const isPlatformAdmin = (p: Principal): boolean => p.roles.some((r) => r.role === 'platform_admin');

/** Roles that administer people within a unit subtree. */
const UNIT_SCOPED: readonly Role[] = ['agency_admin', 'unit_operator'];

/** The subtrees a principal administers: 'all' for a platform admin, else the paths of its scoped roles. */
export function adminScope(p: Principal): 'all' | string[] {
  if (isPlatformAdmin(p)) return 'all';
  return p.roles.filter((r) => UNIT_SCOPED.includes(r.role) && r.unitPath).map((r) => r.unitPath!);
}

export function isAdministrator(p: Principal): boolean {
  const scope = adminScope(p);
  return scope === 'all' || scope.length > 0;
}

/** True when the unit (by path) lies inside the principal's administrative scope. */
export function canAdministerUnit(p: Principal, unitPath: string | null | undefined): boolean {
  const scope = adminScope(p);
  if (scope === 'all') return true;
  if (!unitPath) return false;
  return scope.some((root) => unitPath.startsWith(root));
}

/** Roles a principal may grant: platform admins any; agency admins operators and below in their scope; operators participants and facilitators. */
export function grantableRoles(p: Principal): Role[] {
  if (isPlatformAdmin(p)) return ['platform_admin', 'agency_admin', 'unit_operator', 'facilitator', 'participant'];
  if (p.roles.some((r) => r.role === 'agency_admin')) return ['unit_operator', 'facilitator', 'participant'];
  if (p.roles.some((r) => r.role === 'unit_operator')) return ['facilitator', 'participant'];
  return [];
}
