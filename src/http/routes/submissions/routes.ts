// The Jurnal (upload activity kind): participants submit PDFs (JSON API and a plain multipart form),
// reviewers list, download and accept / return them. @fastify/multipart is registered in this plugin's
// scope only, so the rest of the application keeps refusing multipart bodies.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../services/context.js';
import * as submissions from '../../../services/submissions.js';
import { zoneOfEnrolment } from '../../../services/learning.js';
import { readFileStream } from '../../../services/files.js';
import { LARGEST_MAX_BYTES } from '../../../activities/upload/index.js';
import { describeReason } from '../../../views/reasons.js';
import type { LockReason } from '../../../domain/progression.js';
import { AppError, errors } from '../../errors.js';
import { actorOf, principalActor, requireAuth, requirePrincipal } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { activityParams } from '../learning/schema.js';
import { apiSubmission, reviewBody, reviewListQuery, submissionParams, submitResponse, toApiSubmission } from './schema.js';
import { submissionsPageRoutes } from './pages.js';
import { MULTIPART_LIMITS, lockDescriber, readFilePart } from './upload-request.js';

/** Registers the Jurnal routes (API and pages) in their own scope with multipart support. */
export async function submissionsRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: MULTIPART_LIMITS });
    await submissionsApiRoutes(scoped, ctx);
    await submissionsPageRoutes(scoped, ctx);
  });
}

async function submissionsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['submissions'];

  r.post(
    '/api/v1/enrolments/:id/activities/:activityId/submissions',
    {
      config: { allowMultipart: true },
      schema: {
        tags,
        summary: 'Upload the Jurnal (PDF) of an upload activity as a new version',
        description:
          'multipart/form-data with one file field `file` (a PDF: it must start with %PDF-; at most the activity’s limit, 5 MB by default). With the session cookie, send the CSRF token as `?_csrf=` or the x-csrf-token header. ' +
          '201 with the new version; 200 with duplicate=true when the same file is already the latest version awaiting review. 409 activity_locked (with the reason) before all material was opened; 409 submission_final once accepted; 413 payload_too_large; 415 unsupported_media_type for anything but a PDF.',
        consumes: ['multipart/form-data'],
        params: activityParams,
        response: { 200: submitResponse, 201: submitResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse, 415: errorResponse },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const part = await readFilePart(req);
      const describeLock = await lockDescriber(ctx, req, req.params.id);
      const res = await submissions.submitJurnal(ctx, { ...actorOf(req), userId: auth.userId }, { enrolmentId: req.params.id, activityId: req.params.activityId, part, describeLock });
      return reply.code(res.duplicate ? 200 : 201).send({ submission: toApiSubmission(res.submission), duplicate: res.duplicate });
    },
  );

  r.get(
    '/api/v1/enrolments/:id/activities/:activityId/submissions',
    { schema: { tags, summary: 'My versions of the Jurnal of an upload activity, newest first', params: activityParams, response: { 200: z.object({ items: z.array(apiSubmission) }), 401: errorResponse, 404: errorResponse } } },
    async (req) => {
      const auth = requireAuth(req);
      const list = await submissions.mySubmissions(ctx, auth.userId, req.params.id, req.params.activityId);
      return { items: list.map(toApiSubmission) };
    },
  );

  r.get(
    '/api/v1/submissions',
    {
      schema: {
        tags,
        summary: 'Jurnal to review in the caller’s scope (latest version of each, newest first): platform admin all; agency admin / unit operator their unit subtree; facilitator their cohorts',
        querystring: reviewListQuery,
        response: { 200: z.object({ items: z.array(apiSubmission), nextCursor: z.number().int().nullable() }), 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const q = req.query;
      const res = await submissions.listForReview(ctx, principal, { status: q.status === 'all' ? undefined : q.status, cohort: q.cohort, unit: q.unit || undefined, cursor: q.cursor, limit: q.limit });
      return { items: res.items.map(toApiSubmission), nextCursor: res.nextCursor };
    },
  );

  r.get(
    '/api/v1/submissions/:id',
    { schema: { tags, summary: 'A Jurnal version in the caller’s review scope with every version of the same Jurnal (404 outside the scope)', params: submissionParams, response: { 200: apiSubmission.extend({ versions: z.array(apiSubmission) }), 401: errorResponse, 404: errorResponse } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const { submission, versions } = await submissions.getForReview(ctx, principal, req.params.id);
      return { ...toApiSubmission(submission), versions: versions.map(toApiSubmission) };
    },
  );

  r.post(
    '/api/v1/submissions/:id/review',
    {
      schema: {
        tags,
        summary: 'Accept (final: the activity completes) or return with a comment the latest version awaiting review; audited',
        params: submissionParams,
        body: reviewBody,
        response: { 200: apiSubmission, 400: errorResponse, 401: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await principalActor(ctx, req);
      const body = req.body; // read by the service after its scope check
      const res = await submissions.reviewSubmission(ctx, actor, req.params.id, { get decision() { return body.decision; }, get comment() { return body.comment ?? null; } });
      return toApiSubmission(res);
    },
  );

  r.get(
    '/api/v1/submissions/:id/file',
    { schema: { tags, summary: 'The PDF of a Jurnal version (its owner, or a reviewer in scope)', params: submissionParams, produces: ['application/pdf'], response: { 401: errorResponse, 404: errorResponse } } },
    async (req, reply) => {
      const auth = requireAuth(req);
      const { submission, file } = await submissions.submissionFile(ctx, auth.userId, () => requirePrincipal(ctx, req), req.params.id);
      const name = submission.file_name.toLowerCase().endsWith('.pdf') ? submission.file_name : `${submission.file_name}.pdf`;
      const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply
        .type('application/pdf')
        .header('content-length', String(file.size))
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'private, no-store')
        .send(readFileStream(file.path) as never);
    },
  );
}
