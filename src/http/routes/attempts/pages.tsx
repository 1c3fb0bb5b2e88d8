import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';

// Placeholder: the quiz attempt pages (issue 4).
export async function attemptsPageRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
