// Evaluation reports (issue 4): JSON API under /api/v1 and the pages with their XLSX / CSV exports.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { quizReportsApiRoutes } from './api.js';
import { quizReportsPageRoutes } from './pages.js';

export async function quizReportsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await quizReportsApiRoutes(app, ctx);
  await quizReportsPageRoutes(app, ctx);
}
