// "video": one short video per sub-topic (LAN's Micro Learning). Honest progress: the browser
// (public/js/video.js) reports the media-time intervals it actually played; the server clips each to
// the video (normaliseInterval) and keeps their union, so only distinct seconds count and seeking
// ahead adds nothing. Complete at completeAtPercent (default 90) of the video watched; never taken back.
// Data is expensive: nothing is loaded before Play (preload="none"), and a "Hemat data" (low-data)
// version can be chosen without JavaScript (?quality=low, remembered in a cookie).
import { z } from 'zod';
import { defineKind, type ProgressData } from '../types.js';
import type { AppContext } from '../../services/context.js';
import { mergeIntervals, normaliseInterval, watchedPercent, watchedSeconds, type Interval } from '../../domain/watched.js';
import { formatBytes, numField, mediaUrl, parseJson, progressUrl, type FileInfo } from '../document/media.js';

export const videoConfig = z.object({
  /** files.id of the MP4. */
  fileId: z.number().int().positive(),
  /** files.id of a smaller MP4 of the same video (the "Hemat data" choice), or null. */
  lowDataFileId: z.number().int().positive().nullable().default(null),
  /** files.id of WebVTT captions (Indonesian), or null. */
  captionsFileId: z.number().int().positive().nullable().default(null),
  durationSeconds: z.number().positive().max(24 * 3600),
  completeAtPercent: z.number().min(1).max(100).default(90),
});
export type VideoConfig = z.infer<typeof videoConfig>;

const eventId = z.string().min(8).max(64);
const seconds = z.number().finite().min(0).max(10 * 24 * 3600);
export const videoEvent = z.discriminatedUnion('type', [
  z.object({ eventId, type: z.literal('opened') }),
  /** Media time actually played, in seconds, from → to. */
  z.object({ eventId, type: z.literal('watched'), from: seconds, to: seconds }),
  /** Where the participant stopped (the resume point on any device). */
  z.object({ eventId, type: z.literal('position'), at: seconds }),
]);

/** What a video's progress keeps (activity_progress.data). */
export interface VideoProgressData {
  opened: true;
  /** Merged, disjoint, sorted intervals of media time played. */
  intervals: Interval[];
  /** The last position reported (seconds), the resume point. */
  position: number;
  /** Distinct seconds played. */
  watchedSeconds: number;
  completed: boolean;
}

/** More separate intervals than this are not kept (a sane video has a handful; this bounds the stored JSON). */
export const MAX_INTERVALS = 500;

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Reads stored progress defensively (old or hand-edited rows must not break a participant's page). */
export function readVideoProgress(data: ProgressData): VideoProgressData {
  const raw = Array.isArray(data.intervals) ? data.intervals : [];
  const intervals: Interval[] = [];
  for (const x of raw) if (Array.isArray(x) && x.length === 2 && finite(x[0]) && finite(x[1]) && x[1] > x[0]) intervals.push([x[0], x[1]]);
  const merged = mergeIntervals(intervals);
  return {
    opened: true,
    intervals: merged,
    position: finite(data.position) && data.position >= 0 ? data.position : 0,
    watchedSeconds: watchedSeconds(merged),
    completed: data.completed === true,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export type VideoQuality = 'normal' | 'low';
export const VIDEO_QUALITY_COOKIE = 'lentera_video_quality';
export const isVideoQuality = (x: unknown): x is VideoQuality => x === 'normal' || x === 'low';

/** The quality a participant chose: `?quality=` on this request, else the remembered cookie, else normal. */
export function chosenQuality(query: unknown, cookies: Record<string, string | undefined>): VideoQuality {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>).quality : undefined;
  if (isVideoQuality(q)) return q;
  const c = cookies[VIDEO_QUALITY_COOKIE];
  return isVideoQuality(c) ? c : 'normal';
}

/** What the view needs besides the config: file sizes and the chosen quality (loaded by loadVideoViewExtra). */
export interface VideoViewExtra {
  quality: VideoQuality;
  main: FileInfo | null;
  low: FileInfo | null;
}

/**
 * Loads the view's extra data (file sizes, the chosen quality). `query` is the page's query string;
 * the media routes' hook (rememberVideoQuality) keeps `?quality=` in a cookie and fills it in from
 * there, so the choice holds on every video page.
 */
export async function loadVideoViewExtra(ctx: Pick<AppContext, 'repos'>, input: { activityId: number; query: Record<string, unknown> }): Promise<VideoViewExtra> {
  const activity = await ctx.repos.learning.activity(input.activityId);
  const config = activity ? videoConfig.safeParse(parseJson(activity.config)) : null;
  const quality = chosenQuality(input.query, {});
  if (!config?.success) return { quality, main: null, low: null };
  const [main, low] = await Promise.all([ctx.repos.files.findById(config.data.fileId), config.data.lowDataFileId ? ctx.repos.files.findById(config.data.lowDataFileId) : undefined]);
  return {
    quality,
    main: main ? { size: main.size, name: main.original_name } : null,
    low: low ? { size: low.size, name: low.original_name } : null,
  };
}

const isVideoExtra = (x: unknown): x is VideoViewExtra => typeof x === 'object' && x !== null && 'quality' in x && isVideoQuality((x as { quality: unknown }).quality);

/** "12:05" / "1:02:03" */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const videoKind = defineKind<VideoConfig>({
  kind: 'video',
  configSchema: videoConfig,
  eventSchema: videoEvent,
  isMaterial: true,
  applyEvent(previous, event, config) {
    const p = readVideoProgress(previous);
    let intervals = p.intervals;
    let position = p.position;
    if (event.type === 'watched') {
      const iv = normaliseInterval(Number(event.from), Number(event.to), config.durationSeconds);
      if (iv) {
        const merged = mergeIntervals([...intervals, iv]);
        // A flood of tiny separate intervals is not kept; what was already counted stays counted.
        if (merged.length <= MAX_INTERVALS) intervals = merged;
      }
    } else if (event.type === 'position') {
      const at = Number(event.at);
      if (Number.isFinite(at)) position = round1(Math.max(0, Math.min(at, config.durationSeconds)));
    }
    const percent = watchedPercent(intervals, config.durationSeconds);
    const completed = p.completed || percent >= config.completeAtPercent;
    const data: VideoProgressData = { opened: true, intervals, position, watchedSeconds: round1(watchedSeconds(intervals)), completed };
    return { data: data as unknown as ProgressData, percent: completed ? 100 : Math.floor(percent * 10) / 10, completed };
  },
  loadViewExtra: (ctx, input) => loadVideoViewExtra(ctx, input),
  view({ v, activity, enrolmentId, config, progress, extra }) {
    const x = isVideoExtra(extra) ? extra : null;
    const p = readVideoProgress(progress.data);
    const hasLow = config.lowDataFileId !== null && (x ? x.low !== null : true);
    const quality: VideoQuality = hasLow && x?.quality === 'low' ? 'low' : 'normal';
    const file = quality === 'low' ? x?.low : x?.main;
    const src = mediaUrl(activity.id, quality === 'low' ? 'low' : 'main');
    const sizeText = file ? v.t('activity.video.meta', { size: formatBytes(file.size, v.locale), duration: formatClock(config.durationSeconds) }) : null;
    const shownPercent = progress.state === 'completed' ? 100 : Math.floor(Math.min(100, watchedPercent(p.intervals, config.durationSeconds)));
    const resumeAt = p.position > 5 && p.position < config.durationSeconds - 5 ? p.position : 0;
    return (
      <div
        class="video-activity"
        data-lentera-video=""
        data-progress-url={progressUrl(enrolmentId, activity.id)}
        data-method="POST"
        data-content-type="application/json"
        data-credentials="same-origin"
        data-duration={String(config.durationSeconds)}
        data-resume-at={String(resumeAt)}
        data-complete-at={String(config.completeAtPercent)}
        data-percent={String(shownPercent)}
        data-state={progress.state}
        data-msg-percent={v.t('activity.video.watched', { percent: '{percent}' })}
        data-msg-completed={v.t('activity.video.completed')}
        data-msg-pending={v.t('activity.video.pending')}
      >
        <video controls preload="none" playsinline width="100%" src={src} data-quality={quality}>
          {config.captionsFileId !== null ? <track kind="captions" srclang="id" label={v.t('activity.video.captionsLabel')} src={mediaUrl(activity.id, 'captions')} default /> : null}
          <p>
            {v.t('activity.video.noSupport')} <a href={mediaUrl(activity.id, quality === 'low' ? 'low' : 'main', { download: true })}>{v.t('activity.video.download')}</a>
          </p>
        </video>
        {sizeText ? <p class="file-meta">{sizeText}</p> : null}
        {config.lowDataFileId !== null ? (
          <form method="get" action={v.path} class="video-quality">
            {quality === 'low' ? (
              <>
                <span>{v.t('activity.video.lowDataOn')}</span>{' '}
                <button type="submit" name="quality" value="normal" class="link">{v.t('activity.video.useNormal')}{x?.main ? ` (${formatBytes(x.main.size, v.locale)})` : ''}</button>
              </>
            ) : (
              <button type="submit" name="quality" value="low">{v.t('activity.video.useLowData')}{x?.low ? ` (${formatBytes(x.low.size, v.locale)})` : ''}</button>
            )}
          </form>
        ) : null}
        <p class="video-progress" role="status" aria-live="polite">
          <span data-video-status="">{progress.state === 'completed' ? v.t('activity.video.completed') : v.t('activity.video.watched', { percent: shownPercent })}</span>
        </p>
        <p class="hint">
          {v.t('activity.video.completeRule', { percent: config.completeAtPercent })} {v.t('activity.video.jsNotice')}
          {resumeAt > 0 ? <> {v.t('activity.video.resume', { time: formatClock(resumeAt) })}</> : null}
        </p>
        <script src={`/static/js/video.js?v=${v.assetVersion}`} defer></script>
      </div>
    );
  },
  authoringFields({ v, config }) {
    const num = (id: string, name: string, label: Parameters<typeof v.t>[0], value: number | null | undefined, required: boolean, extraAttrs: Record<string, string> = {}) => (
      <div>
        <label for={id}>{v.t(label)}</label>
        <input id={id} name={name} type="number" inputmode="numeric" required={required} value={value ?? ''} {...extraAttrs} />
      </div>
    );
    return (
      <>
        {num('cfg-file-id', 'cfg_fileId', 'authoring.video.fileId', config?.fileId, true, { min: '1', step: '1' })}
        {num('cfg-low-data-file-id', 'cfg_lowDataFileId', 'authoring.video.lowDataFileId', config?.lowDataFileId, false, { min: '1', step: '1' })}
        {num('cfg-captions-file-id', 'cfg_captionsFileId', 'authoring.video.captionsFileId', config?.captionsFileId, false, { min: '1', step: '1' })}
        {num('cfg-duration-seconds', 'cfg_durationSeconds', 'authoring.video.durationSeconds', config?.durationSeconds, true, { min: '1', step: '1' })}
        {num('cfg-complete-at-percent', 'cfg_completeAtPercent', 'authoring.video.completeAtPercent', config?.completeAtPercent ?? 90, true, { min: '1', max: '100', step: '1' })}
      </>
    );
  },
  parseAuthoringForm(body) {
    const pct = numField(body.cfg_completeAtPercent);
    return {
      fileId: numField(body.cfg_fileId),
      lowDataFileId: numField(body.cfg_lowDataFileId),
      captionsFileId: numField(body.cfg_captionsFileId),
      durationSeconds: numField(body.cfg_durationSeconds),
      completeAtPercent: pct === null ? 90 : pct,
    };
  },
});
