import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';

// Placeholder: the attempts API (issue 4).
export async function attemptsApiRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
