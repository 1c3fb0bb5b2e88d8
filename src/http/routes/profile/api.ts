// Participant self-service (JSON API): the profile, correction requests, and the operators' queue.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as profile from '../../../services/profile.js';
import { toApiUser } from '../../../services/users.js';
import type { ProfileCorrection, CorrectionWithUser } from '../../../db/repositories/profile.js';
import { actorOf, requireAuth } from '../../request.js';
import { apiUser, errorResponse } from '../auth/schema.js';
import type { FastifyRequest } from 'fastify';
import { adminActor, idCursor, idParam, limitParam, positiveInt } from '../users/access.js';

const correctionStatus = z.enum(['pending', 'approved', 'rejected']);
const apiCorrection = z.object({
  id: z.number().int(),
  field: z.enum(profile.CORRECTION_FIELDS),
  currentValue: z.string().nullable(),
  requestedValue: z.string(),
  note: z.string().nullable(),
  status: correctionStatus,
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
const correctionOut = (c: ProfileCorrection) => ({
  id: c.id,
  field: c.field as profile.CorrectionField,
  currentValue: c.current_value,
  requestedValue: c.requested_value,
  note: c.note,
  status: c.status,
  decisionNote: c.decision_note,
  decidedAt: c.decided_at,
  createdAt: c.created_at,
});
const queuedCorrection = apiCorrection.extend({
  user: z.object({ id: z.number().int(), name: z.string(), login: z.string(), nip: z.string().nullable(), unit: z.object({ code: z.string(), name: z.string() }).nullable() }),
});
const queuedOut = (c: CorrectionWithUser) => ({
  ...correctionOut(c),
  user: { id: c.user_id, name: c.user_name, login: c.user_login, nip: c.user_nip, unit: c.unit_code ? { code: c.unit_code, name: c.unit_name ?? '' } : null },
});
const apiProfileEnrolment = z.object({
  id: z.number().int(),
  programme: z.string(),
  cohort: z.string(),
  status: z.enum(['active', 'withdrawn']),
  progress: z.number().int(),
  enrolledAt: z.string(),
  withdrawnAt: z.string().nullable(),
});

export async function profileApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];
  // Authorisation (and the scope of the request in the path) before validating the body.
  const signedIn = async (req: FastifyRequest) => {
    requireAuth(req);
  };
  const correctionFirst = async (req: FastifyRequest) => {
    const actor = await adminActor(ctx, req);
    const id = positiveInt((req.params as Record<string, unknown> | undefined)?.id);
    if (id !== null) await profile.correctionInScope(ctx, actor.principal, id);
  };

  r.get(
    '/api/v1/me/profile',
    {
      schema: {
        tags,
        summary: 'The signed-in person’s profile: unit, position, NIP / NI PPPK, contact, employment type and enrolments',
        response: { 200: apiUser.extend({ enrolments: z.array(apiProfileEnrolment) }), 401: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const p = await profile.myProfile(ctx, a.userId);
      return {
        ...toApiUser(p.user),
        enrolments: p.enrolments.map((e) => ({ id: e.id, programme: e.programme_title, cohort: e.cohort_title, status: e.status, progress: e.progress, enrolledAt: e.enrolled_at, withdrawnAt: e.withdrawn_at })),
      };
    },
  );

  r.get(
    '/api/v1/me/corrections',
    { schema: { tags, summary: 'The signed-in person’s correction requests with their status, newest first', response: { 200: z.object({ items: z.array(apiCorrection), nextCursor: z.null() }), 401: errorResponse } } },
    async (req) => {
      const a = requireAuth(req);
      return { items: (await profile.myCorrections(ctx, a.userId)).map(correctionOut), nextCursor: null };
    },
  );

  r.post(
    '/api/v1/me/corrections',
    {
      preValidation: signedIn,
      schema: {
        tags,
        summary: 'Ask the operator to correct one field of the own profile (name, nip, unit, position, email, phone); waits as pending',
        body: z.object({ field: z.enum(profile.CORRECTION_FIELDS), requestedValue: z.string().max(320), note: z.string().max(profile.MAX_NOTE_LENGTH).optional() }),
        response: { 201: apiCorrection, 400: errorResponse, 401: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      const c = await profile.requestCorrection(ctx, { ...actorOf(req), userId: a.userId }, req.body);
      return reply.code(201).send(correctionOut(c));
    },
  );

  r.get(
    '/api/v1/corrections',
    {
      schema: {
        tags,
        summary: 'Correction requests of people in the caller’s scope (default: pending), oldest first',
        querystring: z.object({ status: correctionStatus.default('pending'), cursor: idCursor, limit: limitParam }),
        response: { 200: z.object({ items: z.array(queuedCorrection), nextCursor: z.number().int().nullable() }), 403: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const res = await profile.listCorrections(ctx, actor.principal, req.query);
      return { items: res.items.map(queuedOut), nextCursor: res.nextCursor };
    },
  );

  r.post(
    '/api/v1/corrections/:id/approve',
    {
      preValidation: correctionFirst,
      schema: {
        tags,
        summary: 'Approve a pending correction: the value (requested, or the one given; a unit code for the unit) is applied and audited',
        params: idParam,
        body: z.object({ value: z.string().max(320).optional(), note: z.string().max(profile.MAX_NOTE_LENGTH).optional() }).optional(),
        response: { 200: queuedCorrection, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return queuedOut(await profile.approveCorrection(ctx, actor, req.params.id, { value: req.body?.value ?? null, note: req.body?.note ?? null }));
    },
  );

  r.post(
    '/api/v1/corrections/:id/reject',
    {
      preValidation: correctionFirst,
      schema: {
        tags,
        summary: 'Reject a pending correction with a note for the person (audited)',
        params: idParam,
        body: z.object({ note: z.string().max(profile.MAX_NOTE_LENGTH) }),
        response: { 200: queuedCorrection, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      return queuedOut(await profile.rejectCorrection(ctx, actor, req.params.id, req.body));
    },
  );
}
