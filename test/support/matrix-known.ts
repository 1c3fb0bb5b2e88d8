// Authorisation problems the matrix found in routes owned by others, recorded until they are fixed
// (see KnownDeviation in matrix.ts). The suite accepts exactly these answers instead of the rule's;
// an entry that stops happening fails the suite: delete it together with the fix.
import type { KnownDeviation, KnownLeak, ProbeKind } from './matrix.js';

/**
 * 1. Validation before authorisation. These API routes declare a zod body schema, which Fastify
 *    checks before the handler asks who is calling: an anonymous caller, a role that may never use
 *    the route, or an administrator naming an object outside its scope gets 400 validation_failed
 *    for a malformed body instead of 401 / 403 / 404. (Nothing about the object leaks — the 400 comes
 *    whatever the id — but the rule is "authorisation first".) A fix: check the session/role in a
 *    preValidation hook of these routes (or parse the body inside the handler after the scope check).
 */
const VALIDATES_FIRST = [
  'POST /api/v1/auth/password',
  'POST /api/v1/users',
  'POST /api/v1/users/:id/roles',
  'POST /api/v1/tokens',
  'POST /api/v1/enrolments/:id/activities/:activityId/progress',
  'POST /api/v1/enrolments/:id/window-extensions',
  'POST /api/v1/enrolments/:id/activities/:activityId/grants',
  'POST /api/v1/programmes/:id/questions',
  'PUT /api/v1/questions/:id',
  'POST /api/v1/programmes/:id/question-categories',
  'PUT /api/v1/programmes/:id/question-categories/:categoryId',
  'POST /api/v1/submissions/:id/review',
  'PUT /api/v1/attempts/:attemptId/answers/:questionId',
  'POST /api/v1/units',
  'PATCH /api/v1/units/:id',
];

const each = (routes: string[], probes: ProbeKind[], d: Omit<KnownDeviation, 'route' | 'probe'>): KnownDeviation[] => routes.flatMap((route) => probes.map((probe) => ({ route, probe, ...d })));

export const KNOWN_DEVIATIONS: KnownDeviation[] = [
  ...each(VALIDATES_FIRST, ['malformed-body'], { who: '*', status: 400, why: 'zod body validation runs before the authorisation check' }),
];

/** Personal data or foreign objects a route is known to show (none at present). */
export const KNOWN_LEAKS: KnownLeak[] = [];
