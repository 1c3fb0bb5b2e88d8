// Monitoring (issue 5): the dashboard pages with their streamed exports, and the HR API.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { monitoringApiRoutes } from './api.js';
import { monitoringPageRoutes } from './pages.js';

export async function monitoringRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await monitoringApiRoutes(app, ctx);
  await monitoringPageRoutes(app, ctx);
}
