// The reusable speakers (narasumber) of live sessions: name, institution, topic, short bio and a
// photo (checked by its content: PNG, JPEG or WebP, at most 2 MB, stored with the file store).
// Managed by those who author programmes (platform admins, agency admins); listed also by unit
// operators and facilitators (the speakers list of the facilitator view). Archived speakers stay
// on the sessions that name them.
import type { Principal } from '../domain/authorization.js';
import { isAdministrator } from '../domain/authorization.js';
import type { Speaker } from '../db/schema.js';
import { errors, type FieldProblem } from '../http/errors.js';
import { audit } from './audit.js';
import { canAuthor } from './authoring.js';
import type { Actor, AppContext } from './context.js';
import { findFile, storeFile } from './files.js';
import { sniffImage } from './question-bank.js';
import { liveSessionConfig } from '../activities/live-session/config.js';
import { speakersChanged } from '../activities/live-session/index.js';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const SPEAKER_LIMITS = { name: 200, institution: 200, topic: 300, bio: 2000 } as const;

export interface SpeakerInput {
  name?: unknown;
  institution?: unknown;
  topic?: unknown;
  bio?: unknown;
}

export interface ApiSpeaker {
  id: number;
  name: string;
  institution: string;
  topic: string;
  bio: string;
  photoUrl: string | null;
  archived: boolean;
  sessions: number;
  createdAt: string;
  updatedAt: string;
}

export interface SpeakerPhoto {
  data: Buffer;
  filename: string;
}

export const canManageSpeakers = (p: Principal): boolean => canAuthor(p);
/** Authors, unit operators and facilitators may list speakers. */
export const canListSpeakers = (p: Principal): boolean => canAuthor(p) || isAdministrator(p) || p.roles.some((r) => r.role === 'facilitator');

export function assertManager(p: Principal): void {
  if (!canManageSpeakers(p)) throw errors.forbidden();
}
export function assertLister(p: Principal): void {
  if (!canListSpeakers(p)) throw errors.forbidden();
}

export const toApiSpeaker = (s: Speaker, sessions = 0): ApiSpeaker => ({
  id: s.id,
  name: s.name,
  institution: s.institution,
  topic: s.topic,
  bio: s.bio,
  photoUrl: s.photo_file_id ? `/media/speakers/${s.id}/photo` : null,
  archived: s.archived === 1,
  sessions,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
});

/**
 * Brings activity_speakers in step with the live sessions' configs (the config is what authors edit;
 * the table answers "where does this speaker appear"). Run before counting a speaker's sessions.
 */
export async function syncActivitySpeakers(ctx: AppContext): Promise<void> {
  const [configs, rows] = await Promise.all([ctx.repos.liveSessions.allLiveConfigs(), ctx.repos.liveSessions.allActivitySpeakers()]);
  const stored = new Map<number, string>();
  for (const r of rows) stored.set(r.activity_id, `${stored.get(r.activity_id) ?? ''}${r.speaker_id}:${r.role};`);
  for (const a of configs) {
    const parsed = liveSessionConfig.safeParse(parseConfig(a.config));
    const list = parsed.success ? parsed.data.speakers : [];
    const want = list.map((s) => `${s.speakerId}:${s.role};`).join('');
    if ((stored.get(a.id) ?? '') !== want) await ctx.repos.liveSessions.setActivitySpeakers(a.id, list);
  }
}

const parseConfig = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export async function listSpeakers(ctx: AppContext, p: Principal, opts: { includeArchived?: boolean } = {}): Promise<ApiSpeaker[]> {
  assertLister(p);
  await syncActivitySpeakers(ctx);
  const [rows, usage] = await Promise.all([ctx.repos.liveSessions.listSpeakers({ includeArchived: !!opts.includeArchived }), ctx.repos.liveSessions.speakerUsage()]);
  return rows.map((r) => toApiSpeaker(r, usage.get(r.id) ?? 0));
}

export async function getSpeaker(ctx: AppContext, p: Principal, id: number): Promise<ApiSpeaker> {
  assertLister(p);
  const row = await ctx.repos.liveSessions.speaker(id);
  if (!row) throw errors.notFound();
  return toApiSpeaker(row, (await ctx.repos.liveSessions.speakerUsage()).get(id) ?? 0);
}

type Fields = Record<string, FieldProblem[]>;

function textField(input: SpeakerInput, f: Fields, key: keyof typeof SPEAKER_LIMITS, opts: { required: boolean; partial: boolean }): string | undefined {
  const raw = input[key];
  if (raw === undefined && opts.partial) return undefined;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    (f[key] ??= []).push({ key: 'error.field.invalid' });
    return undefined;
  }
  // One line for the short fields; the bio keeps its line breaks.
  const value = key === 'bio' ? (raw ?? '').replace(/\r\n?/g, '\n').trim() : (raw ?? '').replace(/\s+/g, ' ').trim();
  if (opts.required && !value) (f[key] ??= []).push({ key: 'error.field.required' });
  if (value.length > SPEAKER_LIMITS[key]) (f[key] ??= []).push({ key: 'error.field.tooLong' });
  return value;
}

function checkPhoto(photo: SpeakerPhoto | undefined, f: Fields): string | null {
  if (!photo || photo.data.length === 0) return null;
  if (photo.data.length > MAX_PHOTO_BYTES) {
    (f.photo ??= []).push({ key: 'live.speakers.error.photoTooLarge', params: { max: '2 MB' } });
    return null;
  }
  const mime = sniffImage(photo.data);
  if (!mime || mime === 'image/gif') {
    (f.photo ??= []).push({ key: 'live.speakers.error.photoType' });
    return null;
  }
  return mime;
}

function read(input: SpeakerInput, partial: boolean, photo: SpeakerPhoto | undefined) {
  const f: Fields = {};
  const fields = {
    name: textField(input, f, 'name', { required: true, partial }),
    institution: textField(input, f, 'institution', { required: false, partial }),
    topic: textField(input, f, 'topic', { required: false, partial }),
    bio: textField(input, f, 'bio', { required: false, partial }),
  };
  const mime = checkPhoto(photo, f);
  if (Object.keys(f).length) throw errors.validation(f);
  return { fields, mime };
}

async function storePhoto(ctx: AppContext, actor: Actor, photo: SpeakerPhoto, mime: string): Promise<number> {
  const ext = mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpg';
  const file = await storeFile(ctx, photo.data, { originalName: photo.filename || `foto.${ext}`, mime, createdBy: actor.userId, maxBytes: MAX_PHOTO_BYTES });
  return file.id;
}

export async function createSpeaker(ctx: AppContext, actor: Actor & { principal: Principal }, input: SpeakerInput, photo?: SpeakerPhoto): Promise<ApiSpeaker> {
  assertManager(actor.principal);
  const { fields, mime } = read(input, false, photo);
  const photoFileId = photo && mime ? await storePhoto(ctx, actor, photo, mime) : null;
  const now = ctx.clock().toISOString();
  const id = await ctx.repos.liveSessions.insertSpeaker({ name: fields.name!, institution: fields.institution ?? '', topic: fields.topic ?? '', bio: fields.bio ?? '', photoFileId, createdBy: actor.userId, now });
  await audit(ctx, actor, 'speaker.created', { type: 'speaker', id }, { name: fields.name });
  return toApiSpeaker((await ctx.repos.liveSessions.speaker(id))!);
}

/** Changes the given fields (a full replacement when `partial` is false); `archived` archives or restores. */
export async function updateSpeaker(
  ctx: AppContext,
  actor: Actor & { principal: Principal },
  id: number,
  input: SpeakerInput & { archived?: unknown },
  opts: { partial: boolean; photo?: SpeakerPhoto; removePhoto?: boolean },
): Promise<ApiSpeaker> {
  assertManager(actor.principal);
  const existing = await ctx.repos.liveSessions.speaker(id);
  if (!existing) throw errors.notFound();
  if (input.archived !== undefined && typeof input.archived !== 'boolean') throw errors.validation({ archived: [{ key: 'error.field.invalid' }] });
  const { fields, mime } = read(input, opts.partial, opts.photo);
  const photoFileId = opts.photo && mime ? await storePhoto(ctx, actor, opts.photo, mime) : opts.removePhoto ? null : undefined;
  await ctx.repos.liveSessions.updateSpeaker(id, { ...fields, photoFileId, archived: input.archived as boolean | undefined, now: ctx.clock().toISOString() });
  speakersChanged(ctx); // session pages show the change at once
  const action = input.archived === true ? 'speaker.archived' : input.archived === false && existing.archived === 1 ? 'speaker.restored' : 'speaker.updated';
  await audit(ctx, actor, action, { type: 'speaker', id }, { name: fields.name ?? existing.name });
  return getSpeaker(ctx, actor.principal, id);
}

/** A speaker's photo: for any signed-in user (speakers are shown on session pages); 404 without one. */
export async function speakerPhoto(ctx: AppContext, id: number) {
  const s = await ctx.repos.liveSessions.speaker(id);
  if (!s || !s.photo_file_id) throw errors.notFound();
  const file = await findFile(ctx, s.photo_file_id);
  if (!file) throw errors.notFound();
  return file;
}
