import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { errors } from '../../errors.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { renderToString } from '../../../views/render.js';
import { JobPage, JobProgress, jobPagePath } from '../../../views/pages/job.js';
import { visibleJob } from './access.js';

const hidden = { schema: { hide: true } } as const;
const send = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/** A job id from the path, or 404 (ids are positive 32-bit integers). */
function idFrom(params: unknown): number {
  const raw = (params as { id?: unknown }).id;
  const id = typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= 2_147_483_647)) throw errors.notFound();
  return id;
}

export async function jobPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/jobs/:id', hidden, async (req, reply) => {
    const id = idFrom(req.params);
    if (!req.auth) return seeOther(reply, `/login?next=${encodeURIComponent(jobPagePath(id))}`);
    const [job, v] = await Promise.all([visibleJob(ctx, req, id), viewContext(ctx, req)]);
    return send(reply, renderPage(JobPage({ v, job })));
  });

  /** The fragment htmx polls every 2 s while the job is unfinished. */
  app.get('/jobs/:id/progress', hidden, async (req, reply) => {
    const id = idFrom(req.params);
    if (!req.auth) throw errors.unauthenticated();
    const [job, v] = await Promise.all([visibleJob(ctx, req, id), viewContext(ctx, req)]);
    return send(reply, renderToString(JobProgress({ v, job })));
  });
}
