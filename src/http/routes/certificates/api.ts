// Certificates, JSON: programme settings, the list with status counts, batch runs, revocation and
// re-issue, the signed PDF, and the public verification by code.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { readFileStream } from '../../../services/files.js';
import * as pipeline from '../../../services/certificates/pipeline.js';
import { assertSettingsAccess, certificateSettings, updateCertificateSettings } from '../../../services/certificates/settings.js';
import { verifyCertificate, VerifyRateLimiter, type VerifiedCertificate } from '../../../services/certificates/verification.js';
import { errors } from '../../errors.js';
import { principalActor, requireAuth, requirePrincipal } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { positiveInt } from '../users/access.js';
import { assertProgrammeInScope } from '../../../services/programme-scope.js';
import {
  batchBody,
  batchResponse,
  certificateParams,
  certificateStateResponse,
  codeParams,
  listQuery,
  listResponse,
  programmeParams,
  reissueBody,
  revokeBody,
  settingsBody,
  settingsResponse,
  toApiCertificate,
  verifyResponse,
} from './schema.js';

const STAFF = 'Platform admins every certificate; agency admins and unit operators those of participants in their unit subtrees; facilitators (read only) those of their cohorts; participants 403. Out of scope: 404.';

/** One limiter per app: the page and the API of the verification share the budget of an address. */
const limiters = new WeakMap<FastifyInstance, VerifyRateLimiter>();
export function verifyLimiter(app: FastifyInstance, ctx: AppContext): VerifyRateLimiter {
  let l = limiters.get(app);
  if (!l) {
    l = new VerifyRateLimiter(ctx.config.VERIFY_RATE_LIMIT_PER_MINUTE, () => ctx.clock().getTime());
    limiters.set(app, l);
  }
  return l;
}

/**
 * The verification behind the rate limit, with cache headers: a valid certificate may be cached for a
 * minute (the JSON by shared caches; the page only by the browser, since it carries the visitor's
 * CSRF token for the language form). Revocation therefore shows within a minute at most.
 */
export async function verifyFor(app: FastifyInstance, ctx: AppContext, req: FastifyRequest, reply: FastifyReply, code: string, kind: 'api' | 'page' = 'api'): Promise<VerifiedCertificate> {
  const hit = verifyLimiter(app, ctx).hit(req.ip);
  if (!hit.allowed) throw errors.rateLimited(hit.retryAfterSeconds);
  try {
    const v = await verifyCertificate(ctx, code);
    reply.header('cache-control', v.status === 'valid' ? `${kind === 'api' ? 'public' : 'private'}, max-age=60` : 'no-cache');
    return v;
  } catch (err) {
    reply.header('cache-control', 'no-store');
    throw err;
  }
}

const toState = (c: Awaited<ReturnType<typeof pipeline.revokeCertificate>>) => ({
  id: c.id,
  enrolmentId: c.enrolment_id,
  status: c.status,
  number: c.number,
  replacesId: c.replaces_id,
  revokedAt: c.revoked_at,
  revokedReason: c.revoked_reason,
});

export async function certificatesApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['certificates'];
  const errs = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };
  // Authorisation (and the scope of the object in the path) comes before validating the body, so a
  // refused caller learns nothing from a malformed request (same 401 / 403 / 404 as a valid one).
  const rawId = (req: FastifyRequest) => positiveInt((req.params as Record<string, unknown> | undefined)?.id);
  const settingsFirst = async (req: FastifyRequest) => {
    const principal = await requirePrincipal(ctx, req);
    const id = rawId(req);
    if (id !== null) await assertSettingsAccess(ctx, principal, id);
  };
  const batchFirst = async (req: FastifyRequest) => {
    const principal = await requirePrincipal(ctx, req);
    if (!pipeline.canAdministerCertificates(principal)) throw errors.forbidden();
    const id = rawId(req);
    if (id !== null) await assertProgrammeInScope(ctx, principal, id, { facilitation: false });
  };
  const certificateFirst = async (req: FastifyRequest) => {
    const principal = await requirePrincipal(ctx, req);
    const id = rawId(req);
    if (id !== null && id <= 2_147_483_647) await pipeline.visibleCertificate(ctx, principal, id, { administer: true });
  };

  r.get(
    '/api/v1/programmes/:id/certificate-settings',
    { schema: { tags, summary: 'The certificate settings of a programme (defaults until saved)', description: 'Administrators whose programme scope holds the programme; others 403; out of scope 404.', params: programmeParams, response: { 200: settingsResponse, ...errs } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      await assertSettingsAccess(ctx, principal, req.params.id);
      return certificateSettings(ctx, req.params.id);
    },
  );

  r.put(
    '/api/v1/programmes/:id/certificate-settings',
    {
      preValidation: settingsFirst,
      schema: {
        tags,
        summary: 'Changes the certificate settings of a programme: issuing on/off, requirements, number pattern, signer, JP (audited)',
        description: 'Administrators whose programme scope holds the programme; others 403; out of scope 404. The pattern must contain {seq}.',
        params: programmeParams,
        body: settingsBody,
        response: { 200: settingsResponse, ...errs },
      },
    },
    async (req) => {
      const actor = await principalActor(ctx, req);
      const b = req.body;
      return updateCertificateSettings(ctx, actor, req.params.id, {
        enabled: b.enabled,
        requirements: b.requirements,
        numberPattern: b.numberPattern,
        signerName: b.signerName ?? null,
        signerPosition: b.signerPosition ?? null,
        signerPlace: b.signerPlace ?? null,
        jp: b.jp ?? null,
      });
    },
  );

  r.get(
    '/api/v1/programmes/:id/certificates',
    { schema: { tags, summary: 'The certificates of a programme with counts per status (eligible, generated, signed, issued, revoked)', description: `${STAFF} nextCursor is an offset.`, params: programmeParams, querystring: listQuery, response: { 200: listResponse, ...errs } } },
    async (req) => {
      const principal = await requirePrincipal(ctx, req);
      const q = req.query;
      const res = await pipeline.listCertificates(ctx, principal, req.params.id, { cohortId: q.cohortId ?? null, status: q.status ?? null, offset: q.cursor ?? 0, limit: q.limit });
      return { ...res, items: res.items.map(toApiCertificate) };
    },
  );

  r.post(
    '/api/v1/programmes/:id/certificates/batch',
    {
      preValidation: batchFirst,
      schema: {
        tags,
        summary: 'Starts a batch run: every eligible participant (in the caller’s scope) of the programme or one cohort gets their certificate; follow the job',
        description: 'Platform admins, agency admins, unit operators (their participants); facilitators and participants 403; out of scope 404. Answers 202 with the job id (GET /api/v1/jobs/{id}).',
        params: programmeParams,
        body: batchBody,
        response: { 202: batchResponse, ...errs },
      },
    },
    async (req, reply) => {
      const actor = await principalActor(ctx, req);
      const { jobId } = await pipeline.startBatch(ctx, actor, req.params.id, req.body?.cohortId ?? null);
      return reply.code(202).send({ jobId, jobUrl: `/api/v1/jobs/${jobId}` });
    },
  );

  r.post(
    '/api/v1/certificates/:id/revoke',
    { preValidation: certificateFirst, schema: { tags, summary: 'Revokes a certificate with a reason (audited); it keeps its number and shows as revoked on verification', description: `${STAFF.replace('; facilitators (read only) those of their cohorts', '')} Facilitators 403. Already revoked: 409.`, params: certificateParams, body: revokeBody, response: { 200: certificateStateResponse, 409: errorResponse, ...errs } } },
    async (req) => {
      const actor = await principalActor(ctx, req);
      return toState(await pipeline.revokeCertificate(ctx, actor, req.params.id, req.body.reason));
    },
  );

  r.post(
    '/api/v1/certificates/:id/reissue',
    { preValidation: certificateFirst, schema: { tags, summary: 'Re-issues a certificate: a new certificate (new number, replacesId) is queued; a valid one is revoked first (reason required)', description: `Who: as revoke. A valid certificate already replacing it: 409.`, params: certificateParams, body: reissueBody, response: { 200: certificateStateResponse, 409: errorResponse, ...errs } } },
    async (req) => {
      const actor = await principalActor(ctx, req);
      return toState(await pipeline.reissueCertificate(ctx, actor, req.params.id, req.body?.reason ?? null));
    },
  );

  r.get(
    '/api/v1/certificates/:id/pdf',
    { schema: { tags, summary: 'The signed PDF of a certificate (its holder once issued, or staff in scope)', params: certificateParams, produces: ['application/pdf'], response: { 401: errorResponse, 404: errorResponse } } },
    async (req, reply) => {
      requireAuth(req);
      const principal = await requirePrincipal(ctx, req);
      const { certificate, path, size } = await pipeline.certificatePdf(ctx, principal, req.params.id);
      const name = `sertifikat-${(certificate.number ?? String(certificate.id)).replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-length', String(size))
        .header('content-disposition', `inline; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(readFileStream(path) as never);
    },
  );

  r.get(
    '/api/v1/certificates/verify/:code',
    {
      schema: {
        tags,
        summary: 'Public verification of a certificate by its code: status (valid / revoked), holder, masked NIP, programme, cohort, issue date, JP',
        description: 'No sign-in. Unknown codes: 404 not_found. Rate-limited per address (VERIFY_RATE_LIMIT_PER_MINUTE; 429 with Retry-After).',
        params: codeParams,
        response: { 200: verifyResponse, 404: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => verifyFor(app, ctx, req, reply, req.params.code),
  );
}
