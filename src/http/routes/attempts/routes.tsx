import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';

// Placeholder: quiz attempts' API and pages (issue 4).
export async function attemptsRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
