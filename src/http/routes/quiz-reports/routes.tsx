import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';

// Placeholder: evaluation reports and exports (issue 4).
export async function quizReportsRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
