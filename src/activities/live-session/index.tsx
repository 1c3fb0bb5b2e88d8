// "live_session": a scheduled live meeting (the opening of the orientation on Zoom, with its speakers).
// Times are stored in UTC and shown in the viewer's zone (WIB/WITA/WIT). The join link and passcode are
// shown only to the enrolled participant (this view is rendered only for the enrolment's owner) and
// only from `revealMinutesBefore` the start; joining goes through /live/{id}/join, which records the
// click. Afterwards the recording is shown and tracked like the video kind. Completion: see config.ts.
import { defineKind } from '../types.js';
import type { AppContext } from '../../services/context.js';
import type { ViewContext } from '../../views/context.js';
import { raw } from 'hono/html';
import { markdownToHtml } from '../../views/markdown.js';
import { formatDateTime, localParts, ZONE_UTC_OFFSET_MINUTES, type IndonesianZone } from '../../domain/time.js';
import { capacityExceeded, livePhase, revealAt, type LivePhase } from '../../domain/live-session.js';
import { formatBytes, mediaUrl, numField, parseJson, progressUrl, type FileInfo } from '../document/media.js';
import { formatClock } from '../video/index.js';
import {
  applyLiveEvent,
  LIVE_PROVIDERS,
  liveSessionConfig,
  liveSessionEvent,
  readLiveProgress,
  recordingPercent,
  SPEAKER_ROLES,
  timingOf,
  trackedRecording,
  type LiveSessionConfig,
  type SpeakerRole,
} from './config.js';

export * from './config.js';

export interface LiveSpeakerView {
  id: number;
  name: string;
  institution: string;
  topic: string;
  bio: string;
  role: SpeakerRole;
  photoUrl: string | null;
}

/** What the view needs besides config and progress (loaded by loadViewExtra). */
export interface LiveViewExtra {
  live: true;
  /** The server's now (ISO): the phase and the countdown are computed from it. */
  now: string;
  speakers: LiveSpeakerView[];
  /** Participants actively enrolled in the programme (for the capacity notice). */
  enrolled: number;
  recording: FileInfo | null;
}

const isLiveExtra = (x: unknown): x is LiveViewExtra => typeof x === 'object' && x !== null && (x as { live?: unknown }).live === true;

export const speakerPhotoUrl = (speakerId: number) => `/media/speakers/${speakerId}/photo`;
export const joinPath = (activityId: number) => `/live/${activityId}/join`;
export const icsPath = (activityId: number) => `/live/${activityId}.ics`;

/**
 * The speakers' rows are read by every one of thousands opening the session page at once and change
 * only when an author edits a speaker: they are kept for a few seconds per list of ids, and dropped
 * at once when this instance changes a speaker (other instances see it within SPEAKERS_TTL_MS).
 */
const SPEAKERS_TTL_MS = 5_000;
type SpeakerRows = Awaited<ReturnType<AppContext['repos']['liveSessions']['speakersByIds']>>;
const speakersCache = new WeakMap<object, Map<string, { at: number; value: Promise<SpeakerRows> }>>();
export function speakersChanged(ctx: Pick<AppContext, 'repos'>): void {
  speakersCache.get(ctx.repos)?.clear();
}
function speakerRows(ctx: Pick<AppContext, 'repos'>, ids: number[]): Promise<SpeakerRows> {
  let m = speakersCache.get(ctx.repos);
  if (!m) speakersCache.set(ctx.repos, (m = new Map()));
  const key = ids.join(',');
  const hit = m.get(key);
  if (hit && Date.now() - hit.at < SPEAKERS_TTL_MS) return hit.value;
  const value = ctx.repos.liveSessions.speakersByIds(ids);
  value.catch(() => m!.delete(key));
  if (m.size >= 200) m.clear();
  m.set(key, { at: Date.now(), value });
  return value;
}

/** Speakers of the config, in order, with what the view shows (archived ones still show: they spoke). */
export async function loadLiveSpeakers(ctx: Pick<AppContext, 'repos'>, config: Pick<LiveSessionConfig, 'speakers'>): Promise<LiveSpeakerView[]> {
  const rows = await speakerRows(ctx, config.speakers.map((s) => s.speakerId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return config.speakers.flatMap((s) => {
    const r = byId.get(s.speakerId);
    return r ? [{ id: r.id, name: r.name, institution: r.institution, topic: r.topic, bio: r.bio, role: s.role, photoUrl: r.photo_file_id ? speakerPhotoUrl(r.id) : null }] : [];
  });
}

/**
 * The count of enrolled participants only feeds the capacity notice, but is asked by every one of
 * thousands of participants opening the page at once: it is kept for a few seconds per programme.
 */
const ENROLLED_TTL_MS = 10_000;
const enrolledCache = new WeakMap<object, Map<number, { at: number; value: Promise<number> }>>();
export function enrolledCount(ctx: Pick<AppContext, 'repos'>, programmeId: number): Promise<number> {
  let m = enrolledCache.get(ctx.repos);
  if (!m) enrolledCache.set(ctx.repos, (m = new Map()));
  const hit = m.get(programmeId);
  if (hit && Date.now() - hit.at < ENROLLED_TTL_MS) return hit.value;
  const value = ctx.repos.liveSessions.activeEnrolmentCount(programmeId);
  value.catch(() => m!.delete(programmeId));
  m.set(programmeId, { at: Date.now(), value });
  return value;
}

export async function loadLiveViewExtra(ctx: Pick<AppContext, 'repos' | 'clock'>, input: { activityId: number; loaded?: { programmeId: number; config: LiveSessionConfig } }): Promise<LiveViewExtra> {
  const now = ctx.clock().toISOString();
  // The participant page passes the config it has already (from the programme's structure).
  let loaded = input.loaded;
  if (!loaded) {
    const activity = await ctx.repos.learning.activity(input.activityId);
    const parsed = activity ? liveSessionConfig.safeParse(parseJson(activity.config)) : null;
    if (!activity || !parsed?.success) return { live: true, now, speakers: [], enrolled: 0, recording: null };
    loaded = { programmeId: activity.programme_id, config: parsed.data };
  }
  const { config, programmeId } = loaded;
  const [speakers, enrolled, file] = await Promise.all([
    loadLiveSpeakers(ctx, config),
    config.capacity === null ? Promise.resolve(0) : enrolledCount(ctx, programmeId),
    config.recordingFileId ? ctx.repos.files.findById(config.recordingFileId) : Promise.resolve(undefined),
  ]);
  return { live: true, now, speakers, enrolled, recording: file ? { size: file.size, name: file.original_name } : null };
}

/**
 * The agenda as sanitised HTML (the Markdown component's renderer). It is the same for every one of the
 * thousands opening the page at once: the last few renderings are kept (a pure function of the text).
 */
const agendaCache = new Map<string, string>();
function agendaHtml(source: string): string {
  let html = agendaCache.get(source);
  if (html === undefined) {
    html = markdownToHtml(source);
    if (agendaCache.size >= 50) agendaCache.delete(agendaCache.keys().next().value!);
    agendaCache.set(source, html);
  }
  return html;
}

/** "2 jam 5 menit" / "2 hours 5 minutes": days, hours, minutes until the instant (at least 1 minute). */
export function countdownText(v: Pick<ViewContext, 't'>, ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 60_000));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const parts: string[] = [];
  if (days) parts.push(v.t(days === 1 ? 'live.unit.day' : 'live.unit.days', { n: days }));
  if (hours) parts.push(v.t(hours === 1 ? 'live.unit.hour' : 'live.unit.hours', { n: hours }));
  if (minutes && days === 0) parts.push(v.t(minutes === 1 ? 'live.unit.minute' : 'live.unit.minutes', { n: minutes }));
  return parts.join(' ');
}

const PROVIDER_KEY = {
  zoom_meeting: 'live.provider.zoom_meeting',
  zoom_webinar: 'live.provider.zoom_webinar',
  livestream: 'live.provider.livestream',
  other: 'live.provider.other',
} as const;
const ROLE_KEY = { narasumber: 'live.role.narasumber', moderator: 'live.role.moderator', host: 'live.role.host' } as const;
const BY_KEY = { attendance: 'live.status.by.attendance', join: 'live.status.by.join', recording: 'live.status.by.recording', manual: 'live.status.by.manual' } as const;

export function SpeakerList(props: { v: ViewContext; speakers: LiveSpeakerView[] }) {
  const { v } = props;
  if (props.speakers.length === 0) return null;
  return (
    <section class="live-speakers">
      <h2>{v.t('live.speakers.title')}</h2>
      <ul class="speaker-list">
        {props.speakers.map((s) => (
          <li class="speaker">
            {s.photoUrl ? <img src={s.photoUrl} alt={v.t('live.speakers.photoOf', { name: s.name })} width="96" height="96" loading="lazy" /> : null}
            <div>
              <strong>{s.name}</strong> <span class="muted">({v.t(ROLE_KEY[s.role])})</span>
              {s.institution ? <div>{s.institution}</div> : null}
              {s.topic ? <div><em>{s.topic}</em></div> : null}
              {s.bio ? <p class="hint">{s.bio}</p> : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Recording(props: { v: ViewContext; activityId: number; enrolmentId: number; config: LiveSessionConfig; extra: LiveViewExtra | null; percent: number; position: number; state: string }) {
  const { v, config } = props;
  if (trackedRecording(config)) {
    const duration = config.recordingDurationSeconds!;
    const resumeAt = props.position > 5 && props.position < duration - 5 ? props.position : 0;
    const share = config.completion.recordingShare;
    return (
      <div
        class="video-activity"
        data-lentera-video=""
        data-progress-url={progressUrl(props.enrolmentId, props.activityId)}
        data-method="POST"
        data-content-type="application/json"
        data-credentials="same-origin"
        data-duration={String(duration)}
        data-resume-at={String(resumeAt)}
        data-complete-at={String(share ?? 100)}
        data-percent={String(Math.floor(props.percent))}
        data-state={props.state}
        data-msg-percent={v.t('live.recording.watched', { percent: '{percent}' })}
        data-msg-completed={v.t('activity.video.completed')}
        data-msg-pending={v.t('activity.video.pending')}
      >
        <h2>{v.t('live.recording.title')}</h2>
        <video controls preload="none" playsinline width="100%" src={mediaUrl(props.activityId, 'main')}>
          <p>
            {v.t('activity.video.noSupport')} <a href={mediaUrl(props.activityId, 'main', { download: true })}>{v.t('activity.video.download')}</a>
          </p>
        </video>
        {props.extra?.recording ? <p class="file-meta">{v.t('activity.video.meta', { size: formatBytes(props.extra.recording.size, v.locale), duration: formatClock(duration) })}</p> : null}
        <p class="video-progress" role="status" aria-live="polite">
          <span data-video-status="">{v.t('live.recording.watched', { percent: Math.floor(props.percent) })}</span>
        </p>
        {share !== null ? <p class="hint">{v.t('live.recording.completeRule', { percent: share })}</p> : null}
        <script src={`/static/js/video.js?v=${v.assetVersion}`} defer></script>
      </div>
    );
  }
  if (config.recordingUrl) {
    return (
      <p>
        <a href={config.recordingUrl} rel="noopener noreferrer" target="_blank">{v.t('live.recording.link')}</a>
      </p>
    );
  }
  return <p class="muted">{v.t('live.recording.none')}</p>;
}

export const liveSessionKind = defineKind<LiveSessionConfig>({
  kind: 'live_session',
  configSchema: liveSessionConfig,
  eventSchema: liveSessionEvent,
  isMaterial: false,
  applyEvent: (previous, event, config) => applyLiveEvent(previous, event, config),
  loadViewExtra: (ctx, input) => loadLiveViewExtra(ctx, { activityId: input.activityId, loaded: { programmeId: input.programmeId, config: input.config } }),
  view({ v, activity, enrolmentId, config, progress, extra }) {
    const x = isLiveExtra(extra) ? extra : null;
    const now = new Date(x?.now ?? Date.now());
    const timing = timingOf(config);
    const phase: LivePhase = livePhase(timing, now);
    const p = readLiveProgress(progress.data);
    const opensAt = revealAt(timing);
    const revealed = phase === 'open' || phase === 'live';
    const over = x !== null && capacityExceeded(x.enrolled, config.capacity);
    const fmt = (d: Date | string) => formatDateTime(d, v.zone, v.locale);
    const untilStart = timing.startAt.getTime() - now.getTime();
    return (
      <div class="live-session" data-phase={phase}>
        <p class="live-when">
          <strong>{v.t('live.when')}</strong> {fmt(timing.startAt)} – {fmt(timing.endAt)}
          <br />
          <span class="hint">{v.t('live.zoneNote', { zone: v.zone })} · {v.t(PROVIDER_KEY[config.provider])}</span>
        </p>
        {phase === 'scheduled' || phase === 'open' ? (
          <p
            class="live-countdown"
            role="timer"
            data-live-countdown=""
            data-start={timing.startAt.toISOString()}
            data-now={now.toISOString()}
            data-msg={v.t('live.countdown', { time: '{time}' })}
            data-msg-live={v.t('live.phase.live')}
            data-unit-day={v.t('live.unit.day', { n: '{n}' })}
            data-unit-days={v.t('live.unit.days', { n: '{n}' })}
            data-unit-hour={v.t('live.unit.hour', { n: '{n}' })}
            data-unit-hours={v.t('live.unit.hours', { n: '{n}' })}
            data-unit-minute={v.t('live.unit.minute', { n: '{n}' })}
            data-unit-minutes={v.t('live.unit.minutes', { n: '{n}' })}
          >
            {v.t('live.countdown', { time: countdownText(v, untilStart) })}
          </p>
        ) : null}
        {phase === 'live' ? <p class="notice live-now"><strong>{v.t('live.phase.live')}</strong></p> : null}
        {phase === 'scheduled' ? <p class="hint">{v.t('live.linkOpensAt', { time: fmt(opensAt) })}</p> : null}
        {revealed ? (
          <div class="live-join">
            <a class="button cta" href={joinPath(activity.id)}>{v.t('live.join')}</a>
            {config.passcode ? <p>{v.t('live.passcode')}: <code>{config.passcode}</code></p> : null}
            <p class="hint">{v.t('live.joinHint')}</p>
          </div>
        ) : null}
        {over ? (
          <div class="notice live-capacity">
            <p>{v.t('live.capacity.over', { enrolled: x!.enrolled.toLocaleString(v.locale === 'id' ? 'id-ID' : 'en-GB'), capacity: config.capacity!.toLocaleString(v.locale === 'id' ? 'id-ID' : 'en-GB') })}</p>
            {config.livestreamUrl ? (
              <p>
                <a href={config.livestreamUrl} rel="noopener noreferrer" target="_blank">{v.t('live.capacity.livestream')}</a>
              </p>
            ) : null}
            {config.completion.recordingShare !== null && trackedRecording(config) ? <p>{v.t('live.capacity.recording', { percent: config.completion.recordingShare })}</p> : null}
          </div>
        ) : null}
        {phase === 'ended' ? (
          <>
            <p class="muted">{v.t('live.phase.ended')}</p>
            <Recording v={v} activityId={activity.id} enrolmentId={enrolmentId} config={config} extra={x} percent={recordingPercent(config, p)} position={p.position} state={progress.state} />
          </>
        ) : null}
        <section class="live-status">
          <h2>{v.t('live.status.title')}</h2>
          <ul>
            <li>{p.joinedAt ? v.t('live.status.joinedAt', { time: fmt(p.joinedAt) }) : v.t('live.status.notJoined')}</li>
            {phase === 'ended' || p.attendedMinutes > 0 ? <li>{v.t('live.status.minutes', { minutes: p.attendedMinutes })}</li> : null}
            {p.manual ? <li>{v.t(p.manual.mark === 'present' ? 'live.status.manualPresent' : 'live.status.manualAbsent')}</li> : null}
            <li>{progress.state === 'completed' ? v.t('live.status.completed', { by: p.completedBy ? v.t(BY_KEY[p.completedBy]) : '' }) : v.t('live.status.notCompleted')}</li>
          </ul>
          <p class="hint">{ruleText(v, config)}</p>
        </section>
        {config.agenda.trim() ? (
          <section class="live-agenda">
            <h2>{v.t('live.agenda')}</h2>
            {raw(agendaHtml(config.agenda))}
          </section>
        ) : null}
        <SpeakerList v={v} speakers={x?.speakers ?? []} />
        <p>
          <a href={icsPath(activity.id)}>{v.t('live.ics')}</a> · <a href="/account/calendar">{v.t('live.feedLink')}</a>
        </p>
        {phase === 'scheduled' || phase === 'open' ? <script src={`/static/js/live.js?v=${v.assetVersion}`} defer></script> : null}
      </div>
    );
  },
  authoringFields({ v, config: given }) {
    // The config may be a stored one or a form read back after an error (not validated): read it loosely.
    const raw = (given && typeof given === 'object' ? given : {}) as Record<string, unknown>;
    const str = (x: unknown): string | null => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : null);
    const zone: IndonesianZone = raw.authoringZone === 'WITA' || raw.authoringZone === 'WIT' ? raw.authoringZone : 'WIB';
    const when = (x: unknown) => (typeof x === 'string' && !Number.isNaN(Date.parse(x)) && x.endsWith('Z') ? toLocalInput(x, zone) : (str(x) ?? ''));
    const rule = (raw.completion && typeof raw.completion === 'object' ? raw.completion : {}) as Record<string, unknown>;
    const speakerLines = Array.isArray(raw.speakers)
      ? raw.speakers.map((x) => (x && typeof x === 'object' ? `${str((x as Record<string, unknown>).speakerId) ?? ''} ${str((x as Record<string, unknown>).role) ?? ''}`.trim() : '')).join('\n')
      : '';
    const provider = typeof raw.provider === 'string' ? raw.provider : 'zoom_meeting';
    const config = {
      agenda: str(raw.agenda) ?? '',
      startAt: when(raw.startAt),
      endAt: when(raw.endAt),
      joinUrl: str(raw.joinUrl),
      passcode: str(raw.passcode),
      revealMinutesBefore: str(raw.revealMinutesBefore) ?? '30',
      capacity: str(raw.capacity),
      livestreamUrl: str(raw.livestreamUrl),
      recordingFileId: str(raw.recordingFileId),
      recordingDurationSeconds: str(raw.recordingDurationSeconds),
      recordingUrl: str(raw.recordingUrl),
      minMinutes: given ? str(rule.minMinutes) : '60',
      joinCounts: rule.joinCounts === true,
      recordingShare: str(rule.recordingShare),
    };
    const text = (id: string, name: string, label: Parameters<typeof v.t>[0], value: string | null | undefined, attrs: Record<string, string | boolean> = {}) => (
      <div>
        <label for={id}>{v.t(label)}</label>
        <input id={id} name={name} value={value ?? ''} {...attrs} />
      </div>
    );
    return (
      <>
        <div>
          <label for="cfg-agenda">{v.t('live.authoring.agenda')}</label>
          <textarea id="cfg-agenda" name="cfg_agenda" rows={10}>{config.agenda}</textarea>
        </div>
        <div>
          <label for="cfg-authoring-zone">{v.t('live.authoring.zone')}</label>
          <select id="cfg-authoring-zone" name="cfg_authoringZone">
            {(['WIB', 'WITA', 'WIT'] as const).map((z) => <option value={z} selected={z === zone}>{z}</option>)}
          </select>
        </div>
        {text('cfg-start-at', 'cfg_startAt', 'live.authoring.startAt', config.startAt, { type: 'datetime-local', required: true })}
        {text('cfg-end-at', 'cfg_endAt', 'live.authoring.endAt', config.endAt, { type: 'datetime-local', required: true })}
        <div>
          <label for="cfg-provider">{v.t('live.authoring.provider')}</label>
          <select id="cfg-provider" name="cfg_provider">
            {LIVE_PROVIDERS.map((p) => <option value={p} selected={p === provider}>{v.t(PROVIDER_KEY[p])}</option>)}
          </select>
        </div>
        {text('cfg-join-url', 'cfg_joinUrl', 'live.authoring.joinUrl', config.joinUrl, { type: 'url', required: true, maxlength: '2000' })}
        {text('cfg-passcode', 'cfg_passcode', 'live.authoring.passcode', config.passcode, { maxlength: '100' })}
        {text('cfg-reveal', 'cfg_revealMinutesBefore', 'live.authoring.revealMinutesBefore', config.revealMinutesBefore, { type: 'number', min: '0', step: '1', inputmode: 'numeric' })}
        {text('cfg-capacity', 'cfg_capacity', 'live.authoring.capacity', config.capacity, { type: 'number', min: '1', step: '1', inputmode: 'numeric' })}
        {text('cfg-livestream-url', 'cfg_livestreamUrl', 'live.authoring.livestreamUrl', config.livestreamUrl, { type: 'url', maxlength: '2000' })}
        {text('cfg-recording-file-id', 'cfg_recordingFileId', 'live.authoring.recordingFileId', config.recordingFileId, { type: 'number', min: '1', step: '1', inputmode: 'numeric' })}
        {text('cfg-recording-duration', 'cfg_recordingDurationSeconds', 'live.authoring.recordingDurationSeconds', config.recordingDurationSeconds, { type: 'number', min: '1', step: '1', inputmode: 'numeric' })}
        {text('cfg-recording-url', 'cfg_recordingUrl', 'live.authoring.recordingUrl', config.recordingUrl, { type: 'url', maxlength: '2000' })}
        <fieldset>
          <legend>{v.t('live.authoring.completion')}</legend>
          {text('cfg-min-minutes', 'cfg_minMinutes', 'live.authoring.minMinutes', config.minMinutes, { type: 'number', min: '1', step: '1', inputmode: 'numeric' })}
          <div>
            <label>
              <input type="checkbox" name="cfg_joinCounts" value="1" checked={config.joinCounts} /> {v.t('live.authoring.joinCounts')}
            </label>
          </div>
          {text('cfg-recording-share', 'cfg_recordingShare', 'live.authoring.recordingShare', config.recordingShare, { type: 'number', min: '1', max: '100', step: '1', inputmode: 'numeric' })}
        </fieldset>
        <div>
          <label for="cfg-speakers">{v.t('live.authoring.speakers')}</label>
          <textarea id="cfg-speakers" name="cfg_speakers" rows={4} aria-describedby="cfg-speakers-hint">{speakerLines}</textarea>
          <p class="hint" id="cfg-speakers-hint">
            {v.t('live.authoring.speakersHint', { roles: SPEAKER_ROLES.join(', ') })} <a href="/admin/speakers" target="_blank">{v.t('live.speakers.manage')}</a>
          </p>
        </div>
      </>
    );
  },
  parseAuthoringForm(body) {
    const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const zone: IndonesianZone = s('cfg_authoringZone') === 'WITA' ? 'WITA' : s('cfg_authoringZone') === 'WIT' ? 'WIT' : 'WIB';
    const orNull = (k: string) => (s(k) === '' ? null : s(k));
    return {
      agenda: typeof body.cfg_agenda === 'string' ? body.cfg_agenda : '',
      authoringZone: zone,
      startAt: fromLocalInput(s('cfg_startAt'), zone),
      endAt: fromLocalInput(s('cfg_endAt'), zone),
      provider: s('cfg_provider') || 'zoom_meeting',
      joinUrl: s('cfg_joinUrl'),
      passcode: orNull('cfg_passcode'),
      revealMinutesBefore: numField(body.cfg_revealMinutesBefore) ?? 30,
      capacity: numField(body.cfg_capacity),
      livestreamUrl: orNull('cfg_livestreamUrl'),
      recordingFileId: numField(body.cfg_recordingFileId),
      recordingDurationSeconds: numField(body.cfg_recordingDurationSeconds),
      recordingUrl: orNull('cfg_recordingUrl'),
      completion: {
        minMinutes: numField(body.cfg_minMinutes),
        joinCounts: body.cfg_joinCounts === '1' || body.cfg_joinCounts === 'on' || body.cfg_joinCounts === 'true',
        recordingShare: numField(body.cfg_recordingShare),
      },
      speakers: parseSpeakerLines(typeof body.cfg_speakers === 'string' ? body.cfg_speakers : ''),
    };
  },
});

/** What completes the session, in words. */
export function ruleText(v: Pick<ViewContext, 't'>, c: LiveSessionConfig): string {
  const ways: string[] = [];
  if (c.completion.minMinutes !== null) ways.push(v.t('live.rule.minutes', { minutes: c.completion.minMinutes }));
  if (c.completion.joinCounts) ways.push(v.t('live.rule.join'));
  if (c.completion.recordingShare !== null && trackedRecording(c)) ways.push(v.t('live.rule.recording', { percent: c.completion.recordingShare }));
  return ways.length ? v.t('live.rule.intro', { ways: ways.join(v.t('live.rule.or')) }) : v.t('live.rule.manualOnly');
}

/** Lines "12 narasumber" / "7, moderator" → the speakers list (invalid lines are kept so the schema names the field). */
export function parseSpeakerLines(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    const l = line.trim();
    if (!l) continue;
    const m = /^(\d{1,9})\s*[,;\s]\s*([a-z]+)?\s*$/i.exec(l) ?? /^(\d{1,9})$/.exec(l);
    if (!m) {
      out.push({ speakerId: l, role: 'narasumber' });
      continue;
    }
    out.push({ speakerId: Number(m[1]), role: (m[2] ?? 'narasumber').toLowerCase() });
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC instant as the value of a datetime-local input in the zone ("2026-12-01T09:00"). */
export function toLocalInput(iso: string, zone: IndonesianZone): string {
  const p = localParts(iso, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A datetime-local value entered in the zone → the UTC instant (ISO); anything else is returned as is (the schema refuses it). */
export function fromLocalInput(value: string, zone: IndonesianZone): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return value;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return value;
  const utc = Date.UTC(y, mo - 1, d, h, mi) - ZONE_UTC_OFFSET_MINUTES[zone] * 60_000;
  const date = new Date(utc);
  // 31 February and the like roll over: refuse them.
  const back = localParts(date, zone);
  if (back.day !== d || back.month !== mo) return value;
  return date.toISOString();
}
