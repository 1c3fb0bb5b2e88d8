// Serving an activity's media files (PDF, MP4, low-data MP4, WebVTT captions):
//   GET /media/activities/:activityId/:variant        variant: main | low | captions | document
//       ?download=1 → Content-Disposition: attachment (else inline)
// For participants enrolled in the activity's programme, administrators and facilitators whose programme
// scope holds it, and (unpublished too) its authors — see access.ts (others: 404; anonymous: 401, or a
// redirect to sign-in for a browser page request). Byte ranges
// (206 / 416), ETag (sha256) + Last-Modified (created_at) with 304, private caching for a day,
// streamed from disk. Also remembers the participant's "Hemat data" choice for video pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { findFile, readFileStream } from '../../../services/files.js';
import { activityKind } from '../../../activities/registry.js';
import { MEDIA_VARIANTS, parseJson, type MediaVariant } from '../../../activities/document/media.js';
import { VIDEO_QUALITY_COOKIE, isVideoQuality } from '../../../activities/video/index.js';
import { cookieOptions } from '../../app.js';
import { errors } from '../../errors.js';
import { seeOther } from '../../request.js';
import { mediaActivityFor } from './access.js';
import { etagMatches, parseRange } from './range.js';

const CONTENT_TYPES: Record<MediaVariant, string> = {
  main: 'video/mp4',
  low: 'video/mp4',
  captions: 'text/vtt; charset=utf-8',
  document: 'application/pdf',
};
const EXTENSIONS: Record<MediaVariant, string> = { main: 'mp4', low: 'mp4', captions: 'vtt', document: 'pdf' };
/** Which config field holds each variant's file, per kind. */
const FILE_FIELDS: Record<string, Partial<Record<MediaVariant, string>>> = {
  document: { document: 'fileId' },
  video: { main: 'fileId', low: 'lowDataFileId', captions: 'captionsFileId' },
  live_session: { main: 'recordingFileId' },
};

const QUALITY_COOKIE_MAX_AGE = 365 * 24 * 3600;

function idParam(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) throw errors.notFound();
  const n = Number(value);
  if (n > 2_147_483_647) throw errors.notFound();
  return n;
}

const isVariant = (v: unknown): v is MediaVariant => typeof v === 'string' && (MEDIA_VARIANTS as readonly string[]).includes(v);

/** The files.id of the variant in the activity's (validated) configuration, or null. */
function fileIdOf(kindName: string, configText: string, variant: MediaVariant): number | null {
  const field = FILE_FIELDS[kindName]?.[variant];
  const kind = activityKind(kindName);
  if (!field || !kind) return null;
  const config = kind.configSchema.safeParse(parseJson(configText));
  if (!config.success) return null;
  const id = (config.data as Record<string, unknown>)[field];
  return typeof id === 'number' ? id : null;
}

/** A filename for Content-Disposition: an ASCII fallback and the UTF-8 original (RFC 6266 / 8187). */
function disposition(type: 'inline' | 'attachment', originalName: string, fallbackBase: string, ext: string): string {
  const name = originalName.trim() || `${fallbackBase}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const wantsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

export async function mediaRoutes(app: FastifyInstance, ctx: AppContext) {
  // The "Hemat data" choice: `?quality=low|normal` on a participant page is remembered in a cookie;
  // without the parameter, the remembered choice is filled in, so kinds read it from the page's query.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.startsWith('/learn/')) return;
    const query = req.query as Record<string, unknown> | undefined;
    if (!query || typeof query !== 'object') return;
    const asked = query.quality;
    if (isVideoQuality(asked)) {
      if (req.cookies[VIDEO_QUALITY_COOKIE] !== asked) reply.setCookie(VIDEO_QUALITY_COOKIE, asked, cookieOptions(ctx, QUALITY_COOKIE_MAX_AGE));
    } else if (asked === undefined) {
      const remembered = req.cookies[VIDEO_QUALITY_COOKIE];
      if (isVideoQuality(remembered)) query.quality = remembered;
    }
  });

  // GET and HEAD in one route: Fastify's automatic HEAD would report a length of 0 (or read the whole file).
  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/activities/:activityId/:variant',
    schema: { hide: true },
    compress: false,
    handler: async (req, reply) => {
      const params = req.params as Record<string, unknown>;
      const activityId = idParam(params.activityId);
      if (!isVariant(params.variant)) throw errors.notFound();
      const variant = params.variant;
      if (!req.auth) {
        if (wantsHtml(req)) return seeOther(reply, `/login?next=${encodeURIComponent(req.url.slice(0, 400))}`);
        throw errors.unauthenticated();
      }
      const activity = await mediaActivityFor(ctx, req, req.auth.userId, activityId);
      const fileId = fileIdOf(activity.kind, activity.config, variant);
      if (fileId === null) throw errors.notFound();
      const file = await findFile(ctx, fileId);
      if (!file) throw errors.notFound();
      return sendFile(req, reply, file, { variant, activityId });
    },
  });
}

async function sendFile(
  req: FastifyRequest,
  reply: FastifyReply,
  file: NonNullable<Awaited<ReturnType<typeof findFile>>>,
  opts: { variant: MediaVariant; activityId: number },
) {
  const { row, size } = file;
  const etag = `"${row.sha256}"`;
  const modified = new Date(row.created_at);
  const lastModified = Number.isNaN(modified.getTime()) ? null : modified.toUTCString();
  const download = (req.query as Record<string, unknown> | undefined)?.download === '1';

  reply.header('etag', etag);
  if (lastModified) reply.header('last-modified', lastModified);
  reply.header('cache-control', 'private, max-age=86400');
  reply.header('accept-ranges', 'bytes');
  reply.header('vary', 'Cookie');
  // The PDF is shown in an <iframe> of our own pages; nothing else may frame it.
  reply.header('content-security-policy', "frame-ancestors 'self'");
  reply.header('x-frame-options', 'SAMEORIGIN');

  // Conditional GET: If-None-Match wins over If-Modified-Since.
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const notModified = inm !== undefined ? etagMatches(inm, etag) : typeof ims === 'string' && lastModified !== null && Date.parse(ims) >= Math.floor(modified.getTime() / 1000) * 1000;
  if (notModified) return reply.code(304).send();

  reply.header('content-type', CONTENT_TYPES[opts.variant]);
  reply.header('content-disposition', disposition(download ? 'attachment' : 'inline', row.original_name, `activity-${opts.activityId}-${opts.variant}`, EXTENSIONS[opts.variant]));

  // If-Range: a range only applies to the same version of the file.
  const ifRange = req.headers['if-range'];
  const rangeApplies = typeof ifRange !== 'string' || ifRange.trim() === etag || (lastModified !== null && ifRange.trim() === lastModified);
  const range = rangeApplies ? parseRange(req.headers.range, size) : ({ kind: 'none' } as const);

  if (range.kind === 'unsatisfiable') {
    reply.removeHeader('content-disposition');
    return reply.code(416).header('content-range', `bytes */${size}`).header('content-type', 'text/plain; charset=utf-8').send('');
  }
  const start = range.kind === 'range' ? range.start : 0;
  const end = range.kind === 'range' ? range.end : size - 1;
  if (range.kind === 'range') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  else reply.code(200);
  reply.header('content-length', String(size === 0 ? 0 : end - start + 1));
  if (req.method === 'HEAD' || size === 0) return reply.send();
  return reply.send(readFileStream(file.path, { start, end }));
}
