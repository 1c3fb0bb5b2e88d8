// Participant pages for staged self-paced learning; every one works without JavaScript.
//   GET  /learn/:enrolmentId                                    the programme: stages, states, reasons
//   GET  /learn/:enrolmentId/activities/:activityId             one activity (records `opened`)
//   POST /learn/:enrolmentId/activities/:activityId/progress    form fallback for progress events (read_to_end)
// A locked activity answers 409 with a page that says why (and records nothing).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { findActivity, loadEnrolmentView, writePendingSummary, ownEnrolment, recordProgress, enrolmentStatus, zoneOfEnrolment, type EnrolmentView } from '../../../services/learning.js';
import { activityKind } from '../../../activities/registry.js';
import { daysBetween, daysLeft } from '../../../domain/day-clock.js';
import { formatDate, startOfLocalDay } from '../../../domain/time.js';
import { randomToken } from '../../../services/crypto.js';
import { errors } from '../../errors.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { describeReason } from '../../../views/reasons.js';
import type { Locale, MessageKey } from '../../../i18n/index.js';
import type { EnrolmentSummary } from '../../../views/pages/learning/common.js';
import { ProgrammePage } from '../../../views/pages/learning/programme.js';
import { ActivityPage } from '../../../views/pages/learning/activity.js';

const hidden = { schema: { hide: true } } as const;
const html = (reply: FastifyReply, node: unknown, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(node));

const NOTICES: Record<string, MessageKey> = { read: 'learn.readDone.notice' };

/** A positive integer path parameter, else 404 (never a 500 for a mistyped URL). */
function idParam(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) throw errors.notFound();
  const n = Number(value);
  if (n > 2_147_483_647) throw errors.notFound();
  return n;
}

/** The summary of an enrolment the home card and the programme page show. */
export function enrolmentSummary(view: EnrolmentView, now: Date, locale: Locale): EnrolmentSummary {
  const { clock, zone, outline } = view;
  const fmt = (date: string) => formatDate(startOfLocalDay(date, zone), zone, locale);
  const next = outline.nextActivityId === null ? null : view.activities.find((a) => a.row.id === outline.nextActivityId);
  return {
    id: view.enrolment.id,
    programme: view.enrolment.programme_title,
    cohort: view.enrolment.cohort_title,
    jp: view.enrolment.jp,
    status: enrolmentStatus(view.enrolment, outline),
    progress: outline.progress,
    day: clock.today,
    totalDays: clock.day1 && clock.windowEndsOn ? daysBetween(clock.day1, clock.windowEndsOn) + 1 : null,
    daysLeft: daysLeft(clock, now, zone),
    windowEndsOn: clock.windowEndsOn ? fmt(clock.windowEndsOn) : null,
    behind: outline.stages.filter((s) => s.behind && s.targetDay !== null).map((s) => ({ stage: s.title, day: s.targetDay! })),
    next: next ? { id: next.row.id, title: next.row.title } : null,
  };
}

export async function learningPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const signIn = (req: FastifyRequest, reply: FastifyReply) => seeOther(reply, `/login?next=${encodeURIComponent(req.url.split('?')[0]!)}`);

  app.get('/learn/:enrolmentId', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const params = req.params as Record<string, string>;
    const enrolment = await ownEnrolment(ctx, req.auth.userId, idParam(params.enrolmentId));
    const [v, view] = await Promise.all([viewContext(ctx, req), loadEnrolmentView(ctx, enrolment)]);
    const reason = (r: Parameters<typeof describeReason>[0] | null) => (r ? describeReason(r, req.t, req.locale, view.zone) : null);
    const kindOf = new Map(view.activities.map((a) => [a.row.id, a.row.kind]));
    return html(
      reply,
      ProgrammePage({
        v,
        e: enrolmentSummary(view, ctx.clock(), req.locale),
        stages: view.outline.stages.map((s) => ({
          id: s.id,
          title: s.title,
          state: s.state,
          reason: reason(s.reason),
          behind: s.behind,
          targetDay: s.targetDay,
          activities: s.activities.map((a) => ({ id: a.id, title: a.title, kind: kindOf.get(a.id) ?? 'unknown', required: a.required, state: a.state, reason: reason(a.reason), percent: a.percent })),
        })),
      }),
    );
  });

  app.get('/learn/:enrolmentId/activities/:activityId', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const userId = req.auth.userId;
    const params = req.params as Record<string, string>;
    const enrolmentId = idParam(params.enrolmentId);
    const activityId = idParam(params.activityId);
    const enrolment = await ownEnrolment(ctx, userId, enrolmentId);
    // A changed summary is written with the `opened` event when there is one (one write, not two),
    // else on its own at the end of this block, also when it fails.
    let view = await loadEnrolmentView(ctx, enrolment, { deferSummary: true });
    const { found, kind, config, locked, describe } = await (async () => {
      let found = findActivity(view, activityId);
      const kind = activityKind(found.activity.row.kind);
      if (!kind) throw errors.notFound();
      const describe = (r: Parameters<typeof describeReason>[0]) => describeReason(r, req.t, req.locale, view.zone);
      const locked = found.outline.state === 'locked';
      if (!locked && enrolment.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
      // Parsed once with the programme's structure (kept in memory for a few seconds).
      const config = found.activity.parsedConfig ? { success: true as const, data: found.activity.parsedConfig.value } : kind.configSchema.safeParse(found.activity.config);
      if (!config.success) throw errors.conflict('activity_misconfigured');

      // Opening the page is the `opened` event (page/document completion works without JavaScript).
      // Deterministic id: a reload is a duplicate, recorded once. Skipped once anything was recorded.
      if (!locked && !view.progress.has(activityId)) {
        // The view just loaded is used for the event and comes back updated (not loaded a third time).
        const res = await recordProgress(ctx, { userId, enrolmentId, activityId, event: { eventId: `open-${enrolmentId}-${activityId}`, type: 'opened' }, describeLock: describe, view });
        if (!res.duplicate) {
          view = res.view ?? (await loadEnrolmentView(ctx, view.enrolment));
          found = findActivity(view, activityId);
        } else {
          // Another request recorded it just now and stored the summary with it: this view's pending
          // summary, computed before that event, is older and must not overwrite it.
          view.pendingSummary = undefined;
        }
      }
      return { found, kind, config, locked, describe };
    })().finally(() => writePendingSummary(ctx, view));

    const o = found.outline;
    const v = await viewContext(ctx, req);
    const row = view.progress.get(activityId);
    const activity = { id: activityId, title: found.activity.row.title, kind: found.activity.row.kind, required: found.activity.row.required === 1 };
    const nextOutline = found.next ? findActivity(view, found.next.row.id).outline : null;
    const pageConfig = config.data as { completeOn?: unknown };
    const notice = (req.query as Record<string, unknown>).notice;
    // Kinds that show more than their config (e.g. the Jurnal's submissions) load it themselves.
    const extra = locked || !kind.loadViewExtra ? undefined : await kind.loadViewExtra(ctx, { userId, enrolmentId, activityId, programmeId: view.enrolment.programme_id, config: config.data, query: req.query as Record<string, unknown> });
    const node = ActivityPage({
      v,
      notice: typeof notice === 'string' && NOTICES[notice] ? req.t(NOTICES[notice]!) : null,
      data: {
        enrolmentId,
        programme: view.enrolment.programme_title,
        activity: { ...activity, state: o.state, percent: o.state === 'completed' ? 100 : o.percent },
        lockedReason: locked ? describe(o.reason!) : null,
        content: locked
          ? null
          : kind.view({
              v,
              activity,
              enrolmentId,
              config: config.data,
              progress: { state: o.state, percent: o.state === 'completed' ? 100 : o.percent, data: parseData(row?.data) },
              extra,
            }),
        readToEnd: !locked && activity.kind === 'page' && pageConfig.completeOn === 'scroll_end' && o.state !== 'completed' ? { eventId: `read-${randomToken(12)}` } : null,
        previous: found.previous ? { id: found.previous.row.id, title: found.previous.row.title } : null,
        next: found.next && nextOutline ? { id: found.next.row.id, title: found.next.row.title, reason: nextOutline.state === 'locked' ? describe(nextOutline.reason!) : null } : null,
      },
    });
    return html(reply, node, locked ? 409 : 200);
  });

  app.post('/learn/:enrolmentId/activities/:activityId/progress', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const params = req.params as Record<string, string>;
    const enrolmentId = idParam(params.enrolmentId);
    const activityId = idParam(params.activityId);
    const enrolment = await ownEnrolment(ctx, req.auth.userId, enrolmentId);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const eventId = typeof body.eventId === 'string' && body.eventId.length >= 8 && body.eventId.length <= 64 ? body.eventId : `form-${randomToken(12)}`;
    const zone = zoneOfEnrolment(enrolment);
    await recordProgress(ctx, {
      userId: req.auth.userId,
      enrolmentId,
      activityId,
      event: { eventId, type: body.type },
      describeLock: (r) => describeReason(r, req.t, req.locale, zone),
    });
    return seeOther(reply, `/learn/${enrolmentId}/activities/${activityId}${body.type === 'read_to_end' ? '?notice=read' : ''}`);
  });
}

function parseData(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
