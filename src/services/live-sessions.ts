// Live sessions (issue 6): joining through the platform, the participant's view of a session,
// server-side facts turned into progress (joins, attendance minutes from the Zoom report, manual
// marks), and the calendars (one .ics per session, a revocable per-participant feed).
import { dayClock } from '../domain/day-clock.js';
import { capacityExceeded, livePhase, revealAt, type LivePhase } from '../domain/live-session.js';
import type { IndonesianZone } from '../domain/time.js';
import type { Principal } from '../domain/authorization.js';
import type { ActivityProgressRow } from '../db/schema.js';
import type { ProgressWriteResult } from '../db/repositories/learning.js';
import type { EnrolmentContext } from '../db/repositories/learning.js';
import type { LiveActivityRow } from '../db/repositories/live-sessions.js';
import { applyLiveEvent, enrolledCount, liveSessionConfig, loadLiveSpeakers, readLiveProgress, timingOf, trackedRecording, type LiveSessionConfig, type LiveSpeakerView } from '../activities/live-session/index.js';
import type { ProgressData, ProgressEventInput } from '../activities/types.js';
import { AppError, errors } from '../http/errors.js';
import { sessionsToIcs, type CalendarSession } from './calendar.js';
import { randomToken, sha256 } from './crypto.js';
import { audit } from './audit.js';
import { authorsProgramme } from './authoring.js';
import { inProgrammeScope } from './programme-scope.js';
import { enrolmentSummaryAfter, programmeStructure, zoneOfEnrolment, type EnrolmentView, type ProgrammeStructure } from './learning.js';
import type { Actor, AppContext } from './context.js';

export const LIVE_KIND = 'live_session';

/** A fact the server knows about a participant and a session (never sent by the participant). */
export type LiveServerFact =
  | { type: 'joined'; at: string }
  | { type: 'attendance'; minutes: number }
  | { type: 'manual'; mark: 'present' | 'absent' | null; reason: string };

/** Server facts are stored with this prefix on their event id; the kind refuses client ids that use it. */
export const SERVER_EVENT_PREFIX = 'srv:';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

function configOf(row: { config: string }): LiveSessionConfig {
  const parsed = liveSessionConfig.safeParse(parseJson(row.config));
  if (!parsed.success) throw errors.conflict('activity_misconfigured');
  return parsed.data;
}

function eventOf(fact: LiveServerFact): { type: string; [k: string]: unknown } {
  switch (fact.type) {
    case 'joined':
      return { type: 'live_joined', at: fact.at };
    case 'attendance':
      return { type: 'live_attendance', minutes: fact.minutes };
    case 'manual':
      return { type: 'live_manual', mark: fact.mark, reason: fact.reason };
  }
}

/**
 * What the enrolment summary needs of an enrolment's view: the programme's structure, the enrolment,
 * its zone and clock (its progress and outline are given to enrolmentSummaryAfter, not read here).
 */
function summaryView(structure: ProgrammeStructure, e: EnrolmentContext, now: Date): EnrolmentView {
  const zone: IndonesianZone = zoneOfEnrolment(e);
  const clock = dayClock({ zone, firstSignInAt: e.first_signin_at, startBy: e.start_by, windowDays: e.window_days, extensionDays: e.extension_days }, now);
  return { ...structure, enrolment: e, zone, clock, progress: new Map(), outline: NO_OUTLINE };
}
const NO_OUTLINE: EnrolmentView['outline'] = { stages: [], progress: 0, status: 'not_started', nextActivityId: null, behind: false };

/** The activity's progress after a server fact (completion follows the rule as the facts now stand). */
function progressAfter(event: ProgressEventInput, config: LiveSessionConfig, previous: ActivityProgressRow | undefined, nowIso: string): ProgressWriteResult {
  const prevData = previous ? (parseJson(previous.data) as ProgressData | null) ?? {} : {};
  const r = applyLiveEvent(prevData, event, config);
  return {
    state: r.completed ? 'completed' : 'in_progress',
    percent: r.completed ? 100 : Math.min(99, r.percent),
    data: JSON.stringify(r.data),
    completedAt: r.completed ? (previous?.completed_at ?? nowIso) : null,
  };
}

const serverEvent = (eventId: string, fact: LiveServerFact) => ({ eventId: `${SERVER_EVENT_PREFIX}${eventId}`.slice(0, 200), ...eventOf(fact) });

/**
 * Applies server-side facts to the participants' progress of one live-session activity. Each item is
 * recorded once (by its eventId); 'attendance' SETS the minutes. Completion follows the session's
 * rule as the facts now stand (a lower, corrected attendance can take it back). The enrolments'
 * monitoring summaries are written in the same transactions. Items of enrolments that are not active
 * in the session's programme are skipped. Returns how many items changed progress (`updated`) and
 * how many of the named enrolments have the session complete afterwards (`completed`).
 */
export async function applyLiveFacts(ctx: AppContext, activityId: number, items: { enrolmentId: number; eventId: string; fact: LiveServerFact }[]): Promise<{ completed: number; updated: number }> {
  if (items.length === 0) return { completed: 0, updated: 0 };
  const activity = await ctx.repos.learning.activity(activityId);
  if (!activity || activity.kind !== LIVE_KIND) throw errors.notFound();
  const config = configOf(activity);
  const contexts = await ctx.repos.liveSessions.enrolmentContexts(items.map((i) => i.enrolmentId));
  const enrolments = new Map(contexts.filter((e) => e.status === 'active' && e.programme_id === activity.programme_id).map((e) => [e.id, e]));
  const wanted = items.filter((i) => enrolments.has(i.enrolmentId));
  if (wanted.length === 0) return { completed: 0, updated: 0 };

  // The programme's published structure (the same, briefly cached, as the participants' pages use).
  const structure = await programmeStructure(ctx, activity.programme_id);
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const views = new Map<number, EnrolmentView>();
  const viewOf = (e: EnrolmentContext): EnrolmentView => {
    let v = views.get(e.id);
    if (!v) views.set(e.id, (v = summaryView(structure, e, now)));
    return v;
  };

  const writes = wanted.map((i) => {
    const event = serverEvent(i.eventId, i.fact);
    return { enrolmentId: i.enrolmentId, eventId: event.eventId, type: event.type, payload: JSON.stringify(event), event };
  });
  const byEventId = new Map(writes.map((w) => [`${w.enrolmentId}\u0000${w.eventId}`, w.event]));
  const results = await ctx.repos.liveSessions.recordFacts(
    activityId,
    writes,
    nowIso,
    (item, previous) => progressAfter(byEventId.get(`${item.enrolmentId}\u0000${item.eventId}`)!, config, previous, nowIso),
    (enrolmentId, rows: ActivityProgressRow[]) => enrolmentSummaryAfter(viewOf(enrolments.get(enrolmentId)!), rows, nowIso),
  );
  let updated = 0;
  const state = new Map<number, boolean>();
  results.forEach((r, i) => {
    if (!r.duplicate) updated++;
    state.set(writes[i]!.enrolmentId, r.row?.state === 'completed');
  });
  return { completed: [...state.values()].filter(Boolean).length, updated };
}

// ---------------------------------------------------------------- the participant's session

export interface ParticipantSession {
  activity: LiveActivityRow;
  config: LiveSessionConfig;
  enrolmentId: number;
}

/** A published live session of a programme the user is actively enrolled in; 404 otherwise. */
export async function participantSession(ctx: AppContext, userId: number, activityId: number): Promise<ParticipantSession> {
  const row = await ctx.repos.liveSessions.participantActivity(activityId, userId);
  if (!row) throw errors.notFound();
  const { enrolment_id: enrolmentId, ...activity } = row;
  return { activity, config: configOf(activity), enrolmentId };
}

/** "mobile" | "tablet" | "desktop" | "unknown", from the user agent (kept coarse on purpose). */
export function deviceClass(userAgent: string | null | undefined): 'mobile' | 'tablet' | 'desktop' | 'unknown' {
  const ua = (userAgent ?? '').toLowerCase();
  if (!ua) return 'unknown';
  if (/ipad|tablet|(android(?!.*mobile))|kindle|silk/.test(ua)) return 'tablet';
  if (/mobi|iphone|ipod|android|windows phone|opera mini/.test(ua)) return 'mobile';
  if (/windows|macintosh|x11|linux|cros/.test(ua)) return 'desktop';
  return 'unknown';
}

/**
 * Joining: before the reveal 409 `not_yet_open` (details.opensAt), after the end 409 `ended` (the page
 * then offers the recording). Otherwise the click is recorded (time, device, address) and — the first
 * time — applied as the 'joined' fact; returns the meeting's URL and passcode. A scheduled event is
 * joined at its time whatever the participant's progress: the programme's locks do not apply here.
 */
export async function joinLiveSession(ctx: AppContext, input: { userId: number; activityId: number; userAgent: string | null; ip: string | null }): Promise<{ url: string; passcode: string | null; enrolmentId: number; phase: LivePhase }> {
  const s = await participantSession(ctx, input.userId, input.activityId);
  const now = ctx.clock();
  const timing = timingOf(s.config);
  const phase = livePhase(timing, now);
  if (phase === 'scheduled') {
    const opensAt = revealAt(timing).toISOString();
    throw new AppError(409, 'not_yet_open', 'live.error.notYetOpen', { params: { opensAt }, details: { opensAt } });
  }
  if (phase === 'ended') throw new AppError(409, 'ended', 'live.error.ended', { details: { endedAt: timing.endAt.toISOString() } });
  const at = now.toISOString();
  const click = {
    enrolmentId: s.enrolmentId,
    activityId: s.activity.id,
    userId: input.userId,
    at,
    device: deviceClass(input.userAgent),
    userAgent: input.userAgent ? input.userAgent.slice(0, 400) : null,
    ip: input.ip ? input.ip.slice(0, 64) : null,
  };
  // The click, and the first click as the 'joined' fact (as applyLiveFacts would apply it), in one
  // short transaction with the activity and config already at hand.
  const event = serverEvent(`join-${s.enrolmentId}-${s.activity.id}`, { type: 'joined', at });
  try {
    const structure = await programmeStructure(ctx, s.activity.programme_id);
    await ctx.repos.liveSessions.recordJoin(
      { ...click, programmeId: s.activity.programme_id },
      { eventId: event.eventId, type: event.type, payload: JSON.stringify(event) },
      (previous) => progressAfter(event, s.config, previous, at),
      (enrolment, rows) => enrolmentSummaryAfter(summaryView(structure, enrolment, now), rows, at),
    );
  } catch (err) {
    // The click is not lost, nor the participant kept out of the meeting, because its progress could
    // not be applied: it is recorded on its own and the error logged (the transaction left nothing).
    ctx.log.error({ err, activityId: s.activity.id, enrolmentId: s.enrolmentId }, 'live session join: the joined fact failed; the click is recorded alone');
    await ctx.repos.liveSessions.recordJoinClick(click);
  }
  return { url: s.config.joinUrl, passcode: s.config.passcode, enrolmentId: s.enrolmentId, phase };
}

export interface LiveSessionView {
  id: number;
  title: string;
  programme: { id: number; title: string };
  provider: LiveSessionConfig['provider'];
  startAt: string;
  endAt: string;
  revealAt: string;
  phase: LivePhase;
  zone: IndonesianZone;
  agenda: string;
  speakers: LiveSpeakerView[];
  capacity: number | null;
  enrolled: number;
  overCapacity: boolean;
  livestreamUrl: string | null;
  recording: { available: boolean; tracked: boolean; url: string | null };
  /** Only once revealed and before the end. */
  join: { url: string; passcode: string | null } | null;
  completionRule: LiveSessionConfig['completion'];
  own: { enrolmentId: number; joinedAt: string | null; joins: number; attendedMinutes: number; manual: 'present' | 'absent' | null; completed: boolean; completedBy: string | null };
}

/** The participant's view of a session (the join URL and passcode only once revealed). */
export async function liveSessionView(ctx: AppContext, userId: number, activityId: number, zone: IndonesianZone): Promise<LiveSessionView> {
  const s = await participantSession(ctx, userId, activityId);
  const timing = timingOf(s.config);
  const phase = livePhase(timing, ctx.clock());
  const [speakers, enrolled, progress, joins] = await Promise.all([
    loadLiveSpeakers(ctx, s.config),
    enrolledCount(ctx, s.activity.programme_id),
    ctx.repos.learning.progressOne(s.enrolmentId, activityId),
    ctx.repos.liveSessions.joinsOf(activityId, s.enrolmentId),
  ]);
  const p = readLiveProgress(progress ? ((parseJson(progress.data) as ProgressData | null) ?? {}) : {});
  const tracked = trackedRecording(s.config);
  return {
    id: s.activity.id,
    title: s.activity.title,
    programme: { id: s.activity.programme_id, title: s.activity.programme_title },
    provider: s.config.provider,
    startAt: s.config.startAt,
    endAt: s.config.endAt,
    revealAt: revealAt(timing).toISOString(),
    phase,
    zone,
    agenda: s.config.agenda,
    speakers,
    capacity: s.config.capacity,
    enrolled,
    overCapacity: capacityExceeded(enrolled, s.config.capacity),
    livestreamUrl: s.config.livestreamUrl,
    recording: { available: tracked || s.config.recordingUrl !== null, tracked, url: tracked ? `/media/activities/${activityId}/main` : s.config.recordingUrl },
    join: phase === 'open' || phase === 'live' ? { url: s.config.joinUrl, passcode: s.config.passcode } : null,
    completionRule: s.config.completion,
    own: {
      enrolmentId: s.enrolmentId,
      joinedAt: p.joinedAt,
      joins: joins.length,
      attendedMinutes: p.attendedMinutes,
      manual: p.manual?.mark ?? null,
      completed: progress?.state === 'completed',
      completedBy: progress?.state === 'completed' ? p.completedBy : null,
    },
  };
}

// ---------------------------------------------------------------- calendars

/** The platform's page of a session in calendars: the join route (it says when the link opens). */
const sessionUrl = (ctx: AppContext, activityId: number) => `${ctx.config.publicUrl.replace(/\/$/, '')}/live/${activityId}/join`;

async function calendarSession(ctx: AppContext, a: LiveActivityRow): Promise<CalendarSession | null> {
  const parsed = liveSessionConfig.safeParse(parseJson(a.config));
  if (!parsed.success) return null;
  const c = parsed.data;
  const speakers = await loadLiveSpeakers(ctx, c);
  const lines = [a.programme_title, '', c.agenda.trim(), ...(speakers.length ? ['', ...speakers.map((s) => `${s.name}${s.institution ? ` (${s.institution})` : ''}${s.topic ? ` — ${s.topic}` : ''}`)] : []), '', sessionUrl(ctx, a.id)];
  return {
    uid: `live-${a.id}@lentera`,
    title: a.title,
    description: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim(),
    startAt: new Date(c.startAt),
    endAt: new Date(c.endAt),
    url: sessionUrl(ctx, a.id),
    location: sessionUrl(ctx, a.id),
    updatedAt: new Date(a.updated_at),
  };
}

/**
 * One session's .ics: for participants enrolled in its programme, its authors, and administrators and
 * facilitators whose programme scope holds it; 404 for anyone else.
 */
export async function sessionIcs(ctx: AppContext, principal: Principal, activityId: number): Promise<{ filename: string; body: string }> {
  const a = await ctx.repos.liveSessions.liveActivity(activityId);
  if (!a) throw errors.notFound();
  const allowed =
    authorsProgramme(principal, a.organiser_path) ||
    (await ctx.repos.liveSessions.activeEnrolmentIn(principal.userId, a.programme_id)) !== undefined ||
    (await inProgrammeScope(ctx, principal, a.programme_id));
  if (!allowed) throw errors.notFound();
  const s = await calendarSession(ctx, a);
  if (!s) throw errors.conflict('activity_misconfigured');
  return { filename: `sesi-${a.id}.ics`, body: sessionsToIcs({ name: a.title, sessions: [s] }) };
}

/** The feed of a token: every live session of the programmes its user is enrolled in; 404 when unknown or revoked. */
export async function calendarFeedIcs(ctx: AppContext, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw errors.notFound();
  const feed = await ctx.repos.liveSessions.feedByHash(sha256(token));
  if (!feed) throw errors.notFound();
  const user = await ctx.repos.users.findById(feed.user_id);
  if (!user || user.status !== 'active') throw errors.notFound();
  const rows = await ctx.repos.liveSessions.liveActivitiesOfUser(feed.user_id);
  const sessions = (await Promise.all(rows.map((a) => calendarSession(ctx, a)))).filter((s): s is CalendarSession => s !== null);
  sessions.sort((x, y) => x.startAt.getTime() - y.startAt.getTime());
  return sessionsToIcs({ name: 'Lentera — sesi langsung', sessions, ttlMinutes: 60 });
}

export const feedUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl.replace(/\/$/, '')}/calendar/${token}.ics`;

/** The user's feed state (the token itself is never stored: only whether one is active). */
export async function calendarFeedStatus(ctx: AppContext, userId: number): Promise<{ active: boolean; createdAt: string | null }> {
  const f = await ctx.repos.liveSessions.activeFeed(userId);
  return { active: !!f, createdAt: f?.created_at ?? null };
}

/** A new feed token (the previous one, if any, stops working). Shown once: only its hash is kept. */
export async function createCalendarFeed(ctx: AppContext, actor: Actor & { userId: number }): Promise<{ token: string; url: string; createdAt: string }> {
  const token = randomToken(24);
  const now = ctx.clock().toISOString();
  await ctx.repos.liveSessions.replaceFeed(actor.userId, sha256(token), now);
  await audit(ctx, actor, 'calendar_feed.created', { type: 'user', id: actor.userId }, {});
  return { token, url: feedUrl(ctx, token), createdAt: now };
}

export async function revokeCalendarFeed(ctx: AppContext, actor: Actor & { userId: number }): Promise<{ revoked: boolean }> {
  const n = await ctx.repos.liveSessions.revokeFeeds(actor.userId, ctx.clock().toISOString());
  if (n > 0) await audit(ctx, actor, 'calendar_feed.revoked', { type: 'user', id: actor.userId }, {});
  return { revoked: n > 0 };
}
