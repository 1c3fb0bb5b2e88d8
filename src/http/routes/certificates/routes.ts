// Certificates (issue 7): JSON API under /api/v1, the admin pages and the public verification page.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { certificatesApiRoutes } from './api.js';
import { certificatesPageRoutes } from './pages.js';

export async function certificatesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await certificatesApiRoutes(app, ctx);
  await certificatesPageRoutes(app, ctx);
}
