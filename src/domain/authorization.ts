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

// ---------------------------------------------------------------------------------------------
// Programme scope: which programmes (and their cohorts, activities, reports, files) a principal may
// know of. Platform admins: every programme. Agency admins and unit operators: the programmes
// organised inside their agency (the organiser unit lies in the tree of the agency of one of their
// units), and any programme with at least one participant enrolled from their unit subtrees.
// Facilitators: the programmes of the cohorts assigned to them. Anything else is not found (404).

/** The agency (root unit) path of a unit path: '/3/17/42/' → '/3/'. */
export function agencyPathOf(unitPath: string): string {
  const first = unitPath.split('/').find(Boolean);
  return first ? `/${first}/` : unitPath;
}

const outermostPaths = (paths: string[]): string[] => {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
};

export interface ProgrammeScope {
  /** Agencies (root paths) whose organised programmes are in scope. */
  agencyPaths: string[];
  /** Subtrees whose (actively enrolled) participants bring their programmes into scope. */
  unitPaths: string[];
  /** Facilitated cohorts whose programmes are in scope. */
  cohortIds: number[];
}

/**
 * The programme scope of a principal: 'all' for a platform admin. `facilitation: false` leaves out
 * the facilitated cohorts (administrative choices such as the cohort to enrol into).
 */
export function programmeScope(p: Principal, opts: { facilitation?: boolean } = {}): 'all' | ProgrammeScope {
  if (isPlatformAdmin(p)) return 'all';
  const unitPaths = outermostPaths(adminScope(p) as string[]);
  const agencyPaths = [...new Set(unitPaths.map(agencyPathOf))];
  const cohortIds = opts.facilitation === false ? [] : [...new Set(p.roles.filter((r) => r.role === 'facilitator' && r.cohortId !== null).map((r) => r.cohortId!))];
  return { agencyPaths, unitPaths, cohortIds };
}

/**
 * Whether a programme (by its organiser unit's path) is in the scope: 'in' by its organiser (or for a
 * platform admin); 'out' when nothing can bring it in; otherwise what must be asked of the data: is
 * one of its active participants inside `unitPaths`, or one of its cohorts among `cohortIds`?
 */
export function programmeAccess(scope: 'all' | ProgrammeScope, organiserPath: string | null | undefined): 'in' | 'out' | { unitPaths: string[]; cohortIds: number[] } {
  if (scope === 'all') return 'in';
  if (organiserPath && scope.agencyPaths.some((root) => organiserPath.startsWith(root))) return 'in';
  if (scope.unitPaths.length === 0 && scope.cohortIds.length === 0) return 'out';
  return { unitPaths: scope.unitPaths, cohortIds: scope.cohortIds };
}
