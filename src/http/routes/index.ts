import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import { healthRoutes } from './health/routes.js';
import { authApiRoutes } from './auth/api.js';
import { authPageRoutes } from './auth/pages.js';
import { meRoutes } from './me/routes.js';
import { homePageRoutes } from './home/pages.js';
import { docsRoutes } from './docs/routes.js';
import { usersApiRoutes } from './users/api.js';
import { usersPageRoutes } from './users/pages.js';
import { unitsApiRoutes } from './units/routes.js';
import { unitsPageRoutes } from './units/pages.js';
import { tokensApiRoutes } from './tokens/routes.js';
import { tokensPageRoutes } from './tokens/pages.js';
import { auditApiRoutes } from './audit/routes.js';
import { auditPageRoutes } from './audit/pages.js';
import { jobApiRoutes } from './jobs/api.js';
import { jobPageRoutes } from './jobs/pages.js';
import { learningApiRoutes } from './learning/api.js';
import { enrolmentRoutes } from './enrolments/routes.js';
import { authoringApiRoutes } from './authoring/api.js';
import { authoringPageRoutes } from './authoring/pages.js';
import { submissionsRoutes } from './submissions/routes.js';
import { mediaRoutes } from './media/routes.js';
import { learningPageRoutes } from './learning/pages.js';
import { questionsRoutes } from './questions/routes.js';
import { attemptsRoutes } from './attempts/routes.js';
import { quizReportsRoutes } from './quiz-reports/routes.js';
import { provisioningRoutes } from './provisioning/routes.js';
import { monitoringRoutes } from './monitoring/routes.js';
import { accountCareApiRoutes } from './account-care/api.js';
import { accountCarePageRoutes } from './account-care/pages.js';
import { profileApiRoutes } from './profile/api.js';
import { profilePageRoutes } from './profile/pages.js';
import { liveSessionsRoutes } from './live-sessions/routes.js';
import { certificateRequirementsRoutes } from './certificate-requirements/routes.js';
import { learningHoursRoutes } from './learning-hours/routes.js';
import { liveAttendanceRoutes } from './live-attendance/routes.js';
import { certificatesRoutes } from './certificates/routes.js';

/** Every resource's routes. A new resource adds one line here (and its rows in the route matrix test). */
export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const list: RegisteredRoute[] = [];
  ROUTES.set(app, list);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) list.push({ method: String(method), url: r.url, hidden: !!(r.schema as { hide?: boolean } | undefined)?.hide });
  });
  for (const register of [healthRoutes, authApiRoutes, authPageRoutes, meRoutes, homePageRoutes, docsRoutes, usersApiRoutes, usersPageRoutes, unitsApiRoutes, unitsPageRoutes, tokensApiRoutes, tokensPageRoutes, auditApiRoutes, auditPageRoutes, jobApiRoutes, jobPageRoutes, learningApiRoutes, enrolmentRoutes, authoringApiRoutes, authoringPageRoutes, learningPageRoutes, mediaRoutes, submissionsRoutes, questionsRoutes, attemptsRoutes, quizReportsRoutes, provisioningRoutes, accountCareApiRoutes, accountCarePageRoutes, profileApiRoutes, profilePageRoutes, monitoringRoutes, certificateRequirementsRoutes, learningHoursRoutes, liveAttendanceRoutes, certificatesRoutes, liveSessionsRoutes]) {
    await register(app, ctx);
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  hidden: boolean;
}
const ROUTES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered by registerRoutes (used by the cross-cutting tests: fuzzing, OpenAPI completeness). */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
}
