// The live sessions API: joining, the participant's view of a session, the calendar feed token, and
// the reusable speakers.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import { createCalendarFeed, joinLiveSession, liveSessionView, revokeCalendarFeed } from '../../../services/live-sessions.js';
import * as speakers from '../../../services/speakers.js';
import { zoneOfUser } from '../../../services/users.js';
import { formatDateTime } from '../../../domain/time.js';
import { readMultipartUpload } from '../../upload.js';
import { errors } from '../../errors.js';
import { actorOf, currentUser, principalActor, requireAuth, requirePrincipal } from '../../request.js';
import { errorResponse } from '../auth/schema.js';
import { activityIdParams, apiSpeaker, feedCreated, feedRevoked, idParams, joinResponse, sessionResponse, speakerBody, speakerListQuery, speakerPatch } from './schema.js';

const speakerList = z.object({ items: z.array(apiSpeaker), nextCursor: z.null() });

export async function liveSessionsApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['live-sessions'];

  r.post(
    '/api/v1/live-sessions/:activityId/join',
    {
      schema: {
        tags,
        summary: 'Join a live session: records the click (time, device) and answers the meeting URL and passcode; 409 not_yet_open (with error.opensAt) before the reveal, 409 ended afterwards',
        params: activityIdParams,
        response: { 200: joinResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const res = await joinLiveSession(ctx, { userId: a.userId, activityId: req.params.activityId, userAgent: req.headers['user-agent'] ?? null, ip: req.ip });
      return { url: res.url, passcode: res.passcode };
    },
  );

  r.get(
    '/api/v1/live-sessions/:activityId',
    {
      schema: {
        tags,
        summary: "A live session as its enrolled participant sees it: times (UTC and in the caller's zone), phase, speakers, capacity, own attendance; the join URL only once revealed",
        params: activityIdParams,
        response: { 200: sessionResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const a = requireAuth(req);
      const user = await currentUser(ctx, req);
      const zone = user ? zoneOfUser(user) : 'WIB';
      const s = await liveSessionView(ctx, a.userId, req.params.activityId, zone);
      return { ...s, startLocal: formatDateTime(s.startAt, zone, req.locale), endLocal: formatDateTime(s.endAt, zone, req.locale) };
    },
  );

  r.post(
    '/api/v1/me/calendar-feed',
    { schema: { tags, summary: 'A new personal calendar feed URL of all my live sessions (shown once; the previous one stops working)', response: { 201: feedCreated } } },
    async (req, reply) => {
      const a = requireAuth(req);
      const res = await createCalendarFeed(ctx, { ...actorOf(req), userId: a.userId });
      return reply.code(201).send(res);
    },
  );

  r.delete(
    '/api/v1/me/calendar-feed',
    { schema: { tags, summary: 'Revoke my calendar feed (its URL then answers 404)', response: { 200: feedRevoked } } },
    async (req) => {
      const a = requireAuth(req);
      return revokeCalendarFeed(ctx, { ...actorOf(req), userId: a.userId });
    },
  );

  // ------------------------------------------------------------ speakers
  const stags = ['speakers'];
  r.get(
    '/api/v1/speakers',
    { schema: { tags: stags, summary: 'The reusable speakers (narasumber); ?archived=1 includes archived ones. Authors, operators and facilitators', querystring: speakerListQuery, response: { 200: speakerList, 403: errorResponse } } },
    async (req) => {
      const p = await requirePrincipal(ctx, req);
      return { items: await speakers.listSpeakers(ctx, p, { includeArchived: req.query.archived === '1' }), nextCursor: null };
    },
  );

  r.post(
    '/api/v1/speakers',
    { schema: { tags: stags, summary: 'Add a speaker (programme authors)', body: speakerBody, response: { 201: apiSpeaker, 400: errorResponse, 403: errorResponse } } },
    async (req, reply) => {
      const actor = await principalActor(ctx, req);
      speakers.assertManager(actor.principal);
      return reply.code(201).send(await speakers.createSpeaker(ctx, actor, req.body));
    },
  );

  r.get(
    '/api/v1/speakers/:id',
    { schema: { tags: stags, summary: 'One speaker', params: idParams, response: { 200: apiSpeaker, 403: errorResponse, 404: errorResponse } } },
    async (req) => speakers.getSpeaker(ctx, await requirePrincipal(ctx, req), req.params.id),
  );

  r.patch(
    '/api/v1/speakers/:id',
    { schema: { tags: stags, summary: 'Change some fields of a speaker; {"archived":true} archives it, false restores it (programme authors)', params: idParams, body: speakerPatch, response: { 200: apiSpeaker, 400: errorResponse, 403: errorResponse, 404: errorResponse } } },
    async (req) => {
      const actor = await principalActor(ctx, req);
      speakers.assertManager(actor.principal);
      return speakers.updateSpeaker(ctx, actor, req.params.id, req.body, { partial: true });
    },
  );

  r.put(
    '/api/v1/speakers/:id',
    { schema: { tags: stags, summary: 'Replace a speaker’s fields (programme authors)', params: idParams, body: speakerBody, response: { 200: apiSpeaker, 400: errorResponse, 403: errorResponse, 404: errorResponse } } },
    async (req) => {
      const actor = await principalActor(ctx, req);
      speakers.assertManager(actor.principal);
      return speakers.updateSpeaker(ctx, actor, req.params.id, req.body, { partial: false });
    },
  );

  r.put(
    '/api/v1/speakers/:id/photo',
    {
      config: { allowMultipart: true },
      schema: {
        tags: stags,
        summary: 'Upload a speaker’s photo (multipart field `file`; PNG, JPEG or WebP by content, at most 2 MB; programme authors)',
        params: idParams,
        response: { 200: apiSpeaker, 400: errorResponse, 403: errorResponse, 404: errorResponse, 413: errorResponse, 415: errorResponse },
      },
    },
    async (req) => {
      const actor = await principalActor(ctx, req);
      speakers.assertManager(actor.principal);
      if (!(await ctx.repos.liveSessions.speaker(req.params.id))) throw errors.notFound();
      const file = await readMultipartUpload(req, 'live.speakers.error.photoType');
      return speakers.updateSpeaker(ctx, actor, req.params.id, {}, { partial: true, photo: { data: file.data, filename: file.filename } });
    },
  );
}
