import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import type { JobInfo } from '../../../jobs/queue.js';
import { apiJob, jobParams } from './schema.js';
import { visibleJob } from './access.js';

export const toApiJob = (j: JobInfo) => ({
  id: j.id,
  type: j.type,
  status: j.status,
  progress: j.progress,
  attempts: j.attempts,
  result: j.result,
  error: j.error,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
});

export async function jobApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A background job: status, progress and result (visible to its creator and platform admins)',
        params: jobParams,
        response: { 200: apiJob },
      },
    },
    async (req, reply) => {
      const job = await visibleJob(ctx, req, req.params.id);
      reply.header('cache-control', 'no-store');
      return toApiJob(job);
    },
  );
}
