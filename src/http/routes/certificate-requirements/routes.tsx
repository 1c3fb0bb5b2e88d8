// The participant's certificate requirements: the certificate photo (multipart API and a plain form),
// the confirmation of the identity to be printed (API and form), and the checklist of an enrolment.
// @fastify/multipart is registered in this plugin's scope only.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../services/context.js';
import * as certs from '../../../services/certificate-eligibility.js';
import { PHOTO_MAX_BYTES } from '../../../services/certificates/photo.js';
import { readFileStream } from '../../../services/files.js';
import { REQUIREMENTS } from '../../../domain/certificate-eligibility.js';
import { AppError, errors } from '../../errors.js';
import { actorOf, requireAuth, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { PhotoFailedPage } from '../../../views/pages/certificates-participant.js';
import { errorResponse } from '../auth/schema.js';
import { html, positiveInt } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;
/** One byte over the limit is enough to know a file is too large (the rest is not read). */
const MULTIPART_LIMITS = { fileSize: PHOTO_MAX_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024 };

/** The photo's bytes from a multipart request (field `file`): 415 without multipart, 413 over 2 MB, 400 without a file. */
async function readPhoto(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw certs.photoNotImage();
  let data: Buffer | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname === 'file' && !data) {
        data = await part.toBuffer();
      } else part.file.resume();
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { statusCode?: number; code?: string };
    if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') throw certs.photoTooLarge();
    throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
  }
  if (!data || data.length === 0) throw certs.photoMissing();
  if (data.length > PHOTO_MAX_BYTES) throw certs.photoTooLarge();
  return data;
}

const requirement = z.enum(REQUIREMENTS);
const apiPhoto = z.object({ uploadedAt: z.string(), width: z.number().int(), height: z.number().int(), sourceFormat: z.string(), url: z.string() });
const apiRequirements = z.object({
  enrolmentId: z.number().int(),
  enabled: z.boolean().describe('False when the programme issues no certificates'),
  withdrawn: z.boolean(),
  eligible: z.boolean(),
  missing: z.array(requirement),
  required: z.array(requirement).describe('The requirements the programme asks for'),
  confirmation: z.enum(['confirmed', 'missing', 'changed', 'pending_correction']),
  printed: z.object({ name: z.string(), nip: z.string().nullable(), unit: z.string().nullable() }).describe('What will be printed on the certificate'),
  confirmedAt: z.string().nullable(),
  photoUploadedAt: z.string().nullable(),
});
const toApiRequirements = (d: certs.EligibilityDetail) => ({
  enrolmentId: d.enrolmentId,
  enabled: d.enabled,
  withdrawn: d.withdrawn,
  eligible: d.eligible,
  missing: d.missing,
  required: REQUIREMENTS.filter((r) => d.flags[r]),
  confirmation: d.confirmation,
  printed: d.printed,
  confirmedAt: d.confirmedAt,
  photoUploadedAt: d.photoUploadedAt,
});
const enrolmentParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

async function sendPhoto(ctx: AppContext, reply: FastifyReply, userId: number) {
  const p = await certs.myPhoto(ctx, userId);
  return reply.type('image/jpeg').header('content-length', String(p.size)).header('cache-control', 'private, no-store').send(readFileStream(p.path) as never);
}

export async function certificateRequirementsRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: MULTIPART_LIMITS });
    await apiRoutes(scoped, ctx);
    await pageRoutes(scoped, ctx);
  });
}

async function apiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['certificates'];

  r.put(
    '/api/v1/me/photo',
    {
      config: { allowMultipart: true },
      schema: {
        tags,
        summary: 'Upload (or replace) the signed-in participant’s certificate photo',
        description:
          'multipart/form-data with one file field `file`: a JPEG or PNG (checked by content) of at most 2 MB. It is cropped to the certificate’s 3:4 frame and resized (300 × 400 JPEG). ' +
          'With the session cookie, send the CSRF token as `?_csrf=` or the x-csrf-token header. 413 payload_too_large over 2 MB; 415 unsupported_media_type for anything but a JPEG or PNG; 422 photo_too_small for a too small image.',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ photo: apiPhoto }), 400: errorResponse, 401: errorResponse, 403: errorResponse, 413: errorResponse, 415: errorResponse, 422: errorResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      const bytes = await readPhoto(req);
      const photo = await certs.uploadPhoto(ctx, { ...actorOf(req), userId: auth.userId }, bytes);
      return { photo: { uploadedAt: photo.uploaded_at, width: photo.width, height: photo.height, sourceFormat: photo.source_format, url: '/api/v1/me/photo' } };
    },
  );

  r.get(
    '/api/v1/me/photo',
    { schema: { tags, summary: 'The signed-in participant’s certificate photo (the framed JPEG); 404 when none was uploaded', produces: ['image/jpeg'], response: { 401: errorResponse, 404: errorResponse } } },
    async (req, reply) => sendPhoto(ctx, reply, requireAuth(req).userId),
  );

  r.get(
    '/api/v1/enrolments/:id/certificate-requirements',
    {
      schema: {
        tags,
        summary: 'The certificate requirements of one of my enrolments: which are met, which are missing, and the data to be printed',
        params: enrolmentParams,
        response: { 200: apiRequirements, 401: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      return toApiRequirements(await certs.myRequirements(ctx, auth.userId, req.params.id));
    },
  );

  r.post(
    '/api/v1/enrolments/:id/certificate-confirmation',
    {
      schema: {
        tags,
        summary: 'Confirm that name, NIP / NI PPPK and unit are right exactly as they will be printed on the certificate',
        description:
          'No body. The values shown are stored with the confirmation: when one of them changes later (a correction approved), the confirmation no longer counts. 409 correction_pending while a correction of name, NIP or unit awaits an operator; 409 enrolment_withdrawn.',
        params: enrolmentParams,
        response: { 200: apiRequirements, 401: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req);
      return toApiRequirements(await certs.confirmIdentity(ctx, { ...actorOf(req), userId: auth.userId }, req.params.id));
    },
  );
}

async function pageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/account/photo', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/profile');
    return sendPhoto(ctx, reply, req.auth.userId);
  });

  // The no-JavaScript upload form (CSRF token in the query: the multipart body is read after the check).
  app.post('/account/photo', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/profile');
    const userId = req.auth.userId;
    try {
      const bytes = await readPhoto(req);
      await certs.uploadPhoto(ctx, { ...actorOf(req), userId }, bytes);
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 401 || err.status === 404) throw err;
      const v = await viewContext(ctx, req);
      return html(reply, renderPage(PhotoFailedPage({ v, message: req.t(err.messageKey, err.options.params) })), err.status);
    }
    return seeOther(reply, '/profile?notice=photo#foto-sertifikat');
  });

  app.post('/account/certificates/:enrolmentId/confirm', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/profile');
    const enrolmentId = positiveInt((req.params as Record<string, unknown>).enrolmentId);
    if (enrolmentId === null) throw errors.notFound();
    await certs.confirmIdentity(ctx, { ...actorOf(req), userId: req.auth.userId }, enrolmentId);
    return seeOther(reply, '/profile?notice=confirmed#sertifikat');
  });
}
