// Quiz attempts: the JSON API (api.ts) and the participant's pages that work without JavaScript (pages.tsx).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { attemptsApiRoutes } from './api.js';
import { attemptsPageRoutes } from './pages.js';

export async function attemptsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await attemptsApiRoutes(app, ctx);
  await attemptsPageRoutes(app, ctx);
}
