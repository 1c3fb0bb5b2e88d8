// Live session pages (all work without JavaScript):
//   GET  /live/:activityId/join        records the click and answers 302 to the meeting; 409 with a page
//                                      saying when the link opens (or that the session ended); 404 when
//                                      not enrolled
//   GET  /live/:activityId.ics         one session as iCalendar (participants and staff in scope)
//   GET  /calendar/:token.ics          the participant's feed (no sign-in; revoked or unknown token → 404)
//   GET  /account/calendar             create / renew / revoke the feed (plain form posts)
//   GET  /admin/speakers …             the speakers list (authors, operators, facilitators) and form (authors)
//   GET  /media/speakers/:id/photo     a speaker's photo (signed in)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { calendarFeedIcs, calendarFeedStatus, createCalendarFeed, joinLiveSession, revokeCalendarFeed, sessionIcs } from '../../../services/live-sessions.js';
import * as speakers from '../../../services/speakers.js';
import { readFileStream } from '../../../services/files.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages } from '../../form.js';
import { actorOf, principalActor, requirePrincipal, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import type { MessageKey } from '../../../i18n/index.js';
import { positiveInt, queryString } from '../users/access.js';
import { CalendarFeedPage, JoinInfoPage, SpeakerFormPage, SpeakersPage, type SpeakerFormValues } from './views.js';

const hidden = { schema: { hide: true } } as const;
const html = (reply: FastifyReply, node: unknown, status = 200) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(renderPage(node));
const signIn = (req: FastifyRequest, reply: FastifyReply) => seeOther(reply, `/login?next=${encodeURIComponent(req.url.split('?')[0]!.slice(0, 400))}`);

function idParam(req: FastifyRequest, name: string): number {
  const id = positiveInt((req.params as Record<string, unknown>)[name]);
  if (id === null || id > 2_147_483_647) throw errors.notFound();
  return id;
}

const NOTICES = new Set<MessageKey>(['live.feed.revoked', 'live.speakers.saved', 'live.speakers.archivedNotice', 'live.speakers.restoredNotice']);
const noticeOf = (req: FastifyRequest) => {
  const key = queryString(req, 'notice', 64) as MessageKey;
  return NOTICES.has(key) ? req.t(key) : null;
};

/** Pages for joining, calendars and the account's feed (urlencoded forms). */
export async function liveSessionPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/live/:activityId/join', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const activityId = idParam(req, 'activityId');
    try {
      const res = await joinLiveSession(ctx, { userId: req.auth.userId, activityId, userAgent: req.headers['user-agent'] ?? null, ip: req.ip });
      return reply.code(302).header('location', res.url).header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer').send();
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'not_yet_open' && err.code !== 'ended')) throw err;
      const [v, a] = await Promise.all([viewContext(ctx, req), ctx.repos.liveSessions.liveActivity(activityId)]);
      const enrolment = a ? await ctx.repos.liveSessions.activeEnrolmentIn(req.auth.userId, a.programme_id) : undefined;
      return html(
        reply,
        JoinInfoPage({
          v,
          title: a?.title ?? '',
          reason: err.code === 'ended' ? 'ended' : 'not_yet_open',
          opensAt: typeof err.options.details?.opensAt === 'string' ? err.options.details.opensAt : null,
          backUrl: enrolment ? `/learn/${enrolment.id}/activities/${activityId}` : null,
        }),
        409,
      );
    }
  });

  app.get('/live/:activityId.ics', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const activityId = idParam(req, 'activityId');
    const ics = await sessionIcs(ctx, await requirePrincipal(ctx, req), activityId);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${ics.filename}"`)
      .header('cache-control', 'private, no-cache')
      .send(ics.body);
  });

  // The feed: calendar apps fetch it without cookies; the token is the only key.
  app.get('/calendar/:token.ics', hidden, async (req, reply) => {
    const token = (req.params as Record<string, unknown>).token;
    const body = await calendarFeedIcs(ctx, typeof token === 'string' ? token : '');
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="lentera.ics"')
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .send(body);
  });

  app.get('/account/calendar', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const [v, status] = await Promise.all([viewContext(ctx, req), calendarFeedStatus(ctx, req.auth.userId)]);
    return html(reply, CalendarFeedPage({ v, ...status, created: null, notice: noticeOf(req) }));
  });

  app.post('/account/calendar', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const created = await createCalendarFeed(ctx, { ...actorOf(req), userId: req.auth.userId });
    const v = await viewContext(ctx, req);
    // The URL is shown on this answer only (only its hash is kept).
    return html(reply, CalendarFeedPage({ v, active: true, createdAt: created.createdAt, created: { url: created.url } }));
  });

  app.post('/account/calendar/revoke', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    await revokeCalendarFeed(ctx, { ...actorOf(req), userId: req.auth.userId });
    return seeOther(reply, '/account/calendar?notice=live.feed.revoked');
  });

  app.get('/media/speakers/:id/photo', hidden, async (req, reply) => {
    if (!req.auth) throw errors.unauthenticated();
    const file = await speakers.speakerPhoto(ctx, idParam(req, 'id'));
    return reply
      .type(file.row.mime)
      .header('content-length', String(file.size))
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .send(readFileStream(file.path));
  });

  // ------------------------------------------------------------ speakers list (urlencoded forms)
  app.get('/admin/speakers', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const p = await requirePrincipal(ctx, req);
    const showArchived = queryString(req, 'archived', 2) === '1';
    const items = await speakers.listSpeakers(ctx, p, { includeArchived: showArchived });
    const v = await viewContext(ctx, req);
    return html(reply, SpeakersPage({ v, items, canManage: speakers.canManageSpeakers(p), showArchived, notice: noticeOf(req) }));
  });

  app.post('/admin/speakers/:id/archive', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const actor = await principalActor(ctx, req);
    speakers.assertManager(actor.principal);
    const id = idParam(req, 'id');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const archived = body.archived !== '0';
    await speakers.updateSpeaker(ctx, actor, id, { archived }, { partial: true });
    return seeOther(reply, `/admin/speakers?notice=${archived ? 'live.speakers.archivedNotice' : 'live.speakers.restoredNotice'}`);
  });
}

interface Part {
  type: 'file' | 'field';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

/** The posted form (urlencoded or multipart with attached fields) as strings, and the photo file. */
async function readSpeakerForm(req: FastifyRequest): Promise<{ values: Record<string, string>; photo: { data: Buffer; filename: string } | undefined }> {
  const body = req.body as Record<string, unknown> | undefined;
  const values: Record<string, string> = {};
  let photo: { data: Buffer; filename: string } | undefined;
  if (!body || typeof body !== 'object') return { values, photo };
  for (const [k, raw] of Object.entries(body)) {
    const item = Array.isArray(raw) ? raw[0] : raw;
    if (typeof item === 'string') values[k] = item;
    else if (item && typeof item === 'object' && 'type' in item) {
      const part = item as Part;
      if (part.type === 'field' && typeof part.value === 'string') values[k] = part.value;
      else if (part.type === 'file' && part.toBuffer && k === 'photo') {
        let data: Buffer;
        try {
          data = await part.toBuffer();
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 413) throw errors.validation({ photo: [{ key: 'live.speakers.error.photoTooLarge', params: { max: '2 MB' } }] });
          throw errors.validation({ photo: [{ key: 'error.field.invalid' }] });
        }
        if (data.length > 0) photo = { data, filename: part.filename ?? '' };
      }
    }
  }
  return { values, photo };
}

const formError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 413);
const formValues = (values: Record<string, string>): SpeakerFormValues => ({ name: values.name, institution: values.institution, topic: values.topic, bio: values.bio });

/** The speaker form pages (multipart: the photo). Registered in a scope with @fastify/multipart. */
export async function speakerFormRoutes(app: FastifyInstance, ctx: AppContext) {
  const managerPage = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth) {
      await signIn(req, reply);
      return null;
    }
    const actor = await principalActor(ctx, req);
    speakers.assertManager(actor.principal);
    return actor;
  };

  app.get('/admin/speakers/new', hidden, async (req, reply) => {
    const actor = await managerPage(req, reply);
    if (!actor) return reply;
    return html(reply, SpeakerFormPage({ v: await viewContext(ctx, req), speaker: null, values: {} }));
  });

  app.post('/admin/speakers/new', hidden, async (req, reply) => {
    const actor = await managerPage(req, reply);
    if (!actor) return reply;
    let values: Record<string, string> = {};
    try {
      const form = await readSpeakerForm(req);
      values = form.values;
      await speakers.createSpeaker(ctx, actor, values, form.photo);
      return seeOther(reply, '/admin/speakers?notice=live.speakers.saved');
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, SpeakerFormPage({ v: await viewContext(ctx, req), speaker: null, values: formValues(values), errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
    }
  });

  app.get('/admin/speakers/:id', hidden, async (req, reply) => {
    const actor = await managerPage(req, reply);
    if (!actor) return reply;
    const s = await speakers.getSpeaker(ctx, actor.principal, idParam(req, 'id'));
    return html(reply, SpeakerFormPage({ v: await viewContext(ctx, req), speaker: s, values: s, notice: noticeOf(req) }));
  });

  app.post('/admin/speakers/:id', hidden, async (req, reply) => {
    const actor = await managerPage(req, reply);
    if (!actor) return reply;
    const id = idParam(req, 'id');
    const existing = await speakers.getSpeaker(ctx, actor.principal, id);
    let values: Record<string, string> = {};
    try {
      const form = await readSpeakerForm(req);
      values = form.values;
      await speakers.updateSpeaker(ctx, actor, id, values, { partial: false, photo: form.photo, removePhoto: values.removePhoto === '1' });
      return seeOther(reply, '/admin/speakers?notice=live.speakers.saved');
    } catch (err) {
      if (!formError(err)) throw err;
      return html(reply, SpeakerFormPage({ v: await viewContext(ctx, req), speaker: existing, values: formValues(values), errors: fieldMessages(req, err), error: req.t(err.messageKey, err.options.params) }), err.status);
    }
  });
}
