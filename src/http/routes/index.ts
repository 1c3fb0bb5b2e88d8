import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../services/context.js';
import { healthRoutes } from './health/routes.js';
import { authApiRoutes } from './auth/api.js';
import { authPageRoutes } from './auth/pages.js';
import { meRoutes } from './me/routes.js';
import { homePageRoutes } from './home/pages.js';
import { docsRoutes } from './docs/routes.js';

/** Every resource's routes. A new resource adds one line here (and its rows in the route matrix test). */
export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const register of [healthRoutes, authApiRoutes, authPageRoutes, meRoutes, homePageRoutes, docsRoutes]) {
    await register(app, ctx);
  }
}
