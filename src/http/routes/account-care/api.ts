// Account care by operators (JSON API): unlock, move, new NIP / NI PPPK and its history, enrol
// (once per programme unless overridden), withdraw and re-admit. Scoped; outside the scope 404.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as care from '../../../services/account-care.js';
import { toApiUser } from '../../../services/users.js';
import type { UserNip } from '../../../db/repositories/account-care.js';
import { apiUser, errorResponse } from '../auth/schema.js';
import type { FastifyRequest } from 'fastify';
import { enrolmentInScope } from '../../../services/enrolments.js';
import { adminActor, idParam, positiveInt } from '../users/access.js';

const reason = z.string().max(care.MAX_REASON_LENGTH).describe(`Why (at least ${care.MIN_REASON_LENGTH} characters; recorded in the audit log)`);
const apiNip = z.object({ nip: z.string(), validFrom: z.string(), validTo: z.string().nullable(), reason: z.string().nullable(), changedBy: z.number().int().nullable() });
const nipOut = (n: UserNip) => ({ nip: n.nip, validFrom: n.valid_from, validTo: n.valid_to, reason: n.reason, changedBy: n.changed_by });
const apiEnrolmentStatus = z.object({ id: z.number().int(), status: z.enum(['active', 'withdrawn']), withdrawnAt: z.string().nullable(), withdrawnReason: z.string().nullable(), overrideReason: z.string().nullable() });
const statusOut = (e: { id: number; status: 'active' | 'withdrawn'; withdrawn_at: string | null; withdrawn_reason: string | null; override_reason: string | null }) => ({
  id: e.id,
  status: e.status,
  withdrawnAt: e.withdrawn_at,
  withdrawnReason: e.withdrawn_reason,
  overrideReason: e.override_reason,
});

export async function accountCareApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['account-care'];
  // Authorisation (and the scope of the object in the path) comes before validating the body, so a
  // refused caller learns nothing from a malformed request (same 401 / 403 / 404 as a valid one).
  const rawId = (req: FastifyRequest) => positiveInt((req.params as Record<string, unknown> | undefined)?.id);
  const userInScope = async (req: FastifyRequest) => {
    const actor = await adminActor(ctx, req);
    const id = rawId(req);
    if (id !== null) await care.careTarget(ctx, actor.principal, id);
  };
  const enrolmentInScopeFirst = async (req: FastifyRequest) => {
    const actor = await adminActor(ctx, req);
    const id = rawId(req);
    if (id !== null) await care.careTarget(ctx, actor.principal, (await enrolmentInScope(ctx, actor.principal, id)).user_id);
  };

  r.post(
    '/api/v1/users/:id/unlock',
    {
      preValidation: userInScope,
      schema: {
        tags,
        summary: 'Unlock an account throttled after failed sign-ins (clears its throttle counters; audited)',
        params: idParam,
        body: z.object({ reason: z.string().max(care.MAX_REASON_LENGTH).optional() }).optional(),
        response: { 200: z.object({ cleared: z.number().int(), wasLocked: z.boolean() }), 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return care.unlockAccount(ctx, actor, req.params.id, { reason: req.body?.reason ?? null });
    },
  );

  r.get(
    '/api/v1/users/:id/lock',
    {
      schema: {
        tags,
        summary: 'Whether an account is locked after failed sign-ins, and until when',
        params: idParam,
        response: { 200: z.object({ locked: z.boolean(), blockedUntil: z.string().nullable(), failures: z.number().int() }), 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const user = await care.careTarget(ctx, actor.principal, req.params.id);
      return care.lockState(ctx, user.id);
    },
  );

  r.post(
    '/api/v1/users/:id/move',
    {
      preValidation: userInScope,
      schema: {
        tags,
        summary: 'Move a participant to another unit of the caller’s scope, with a reason (before/after audited)',
        params: idParam,
        body: z.object({ unitCode: z.string().trim().min(1).max(64), reason }),
        response: { 200: apiUser, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return toApiUser(await care.moveUser(ctx, actor, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/users/:id/nip',
    {
      preValidation: userInScope,
      schema: {
        tags,
        summary: 'Give a participant a new NIP / NI PPPK (e.g. after an agency change): same account and enrolments; old and new numbers kept in the history',
        params: idParam,
        body: z.object({ nip: z.string().max(64), reason }),
        response: { 200: apiUser, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return toApiUser(await care.changeNip(ctx, actor, req.params.id, req.body));
    },
  );

  r.get(
    '/api/v1/users/:id/nips',
    {
      schema: { tags, summary: 'The NIP / NI PPPK history of a user in the caller’s scope', params: idParam, response: { 200: z.object({ items: z.array(apiNip), nextCursor: z.null() }), 403: errorResponse, 404: errorResponse } },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return { items: (await care.nipHistory(ctx, actor.principal, req.params.id)).map(nipOut), nextCursor: null };
    },
  );

  r.get(
    '/api/v1/nip-records',
    {
      schema: {
        tags,
        summary: 'Accounts in the caller’s scope that hold or held a NIP / NI PPPK (finds people by their former number)',
        querystring: z.object({ nip: z.string().max(64) }),
        response: { 200: z.object({ items: z.array(z.object({ user: apiUser, record: apiNip })), nextCursor: z.null() }), 403: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const found = await care.findByRecordedNip(ctx, actor.principal, req.query.nip);
      return { items: found.map((f) => ({ user: toApiUser(f.user), record: nipOut(f.record) })), nextCursor: null };
    },
  );

  r.post(
    '/api/v1/users/:id/enrolments',
    {
      preValidation: userInScope,
      schema: {
        tags,
        summary: 'Enrol a participant in a cohort; refused (409) when already enrolled in the programme unless a programme admin gives overrideReason',
        params: idParam,
        body: z.object({ cohortId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), overrideReason: z.string().max(care.MAX_REASON_LENGTH).optional() }),
        response: {
          201: z.object({ id: z.number().int(), userId: z.number().int(), cohortId: z.number().int(), programmeId: z.number().int(), overrideReason: z.string().nullable() }),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const actor = await adminActor(ctx, req);
      return reply.code(201).send(await care.enrolUser(ctx, actor, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/enrolments/:id/withdraw',
    {
      preValidation: enrolmentInScopeFirst,
      schema: {
        tags,
        summary: 'Withdraw a participant from a cohort, with a reason (audited)',
        params: idParam,
        body: z.object({ reason }),
        response: { 200: apiEnrolmentStatus, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return statusOut(await care.withdrawEnrolment(ctx, actor, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/enrolments/:id/readmit',
    {
      preValidation: enrolmentInScopeFirst,
      schema: {
        tags,
        summary: 'Re-admit a withdrawn participant to its cohort, with a reason (audited)',
        params: idParam,
        body: z.object({ reason }),
        response: { 200: apiEnrolmentStatus, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return statusOut(await care.readmitEnrolment(ctx, actor, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/users/:id/activation-code',
    {
      preValidation: userInScope,
      schema: {
        tags,
        summary: 'Re-issue a participant’s activation code: the previous code stops working; the new one is returned once (audited)',
        params: idParam,
        response: { 200: z.object({ code: z.string() }), 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return { code: (await care.reissueActivationCode(ctx, actor, req.params.id)).code };
    },
  );
}
