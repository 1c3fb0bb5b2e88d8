import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';

// Placeholder: the question bank's API and pages (issue 4).
export async function questionsRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
