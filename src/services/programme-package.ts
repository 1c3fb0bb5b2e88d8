// A programme as one package (zip): manifest.json + the files its activities reference.
//
// manifest.json (format "lentera-programme", version 1): the programme, its stages in order and their
// activities in order with the kind's config. In configs, stored file ids (keys ending in FileId /
// fileId) become file references "files/<sha256>-<name>" (an entry of the zip), and prerequisites
// become position references {stage, activity} (1-based). Cohorts are delivery, not content: not exported.
//
// Import checks everything before it creates anything: the zip's directory (≤ 500 entries, ≤ 500 MB
// uncompressed by the sizes it declares, no path traversal) before any entry is inflated, the
// manifest (zod), every kind and config (the kind's schema), prerequisites (earlier activities
// only), windows, and each file against its SHA-256. Then the files are stored, then the programme,
// stages and activities are created in one transaction; if that fails the stored files are removed.
import { programmeStructureChanged } from './learning.js';
import { readFileSync, rmSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import type { StoredFile } from '../db/schema.js';
import type { ImportedProgramme } from '../db/repositories/authoring.js';
import { activityKind } from '../activities/registry.js';
import { AppError, errors } from '../http/errors.js';
import type { MessageKey, Params } from '../i18n/index.js';
import { audit } from './audit.js';
import type { AppContext } from './context.js';
import { assertAuthor, authoringScope, checkWindow, describeActivity, describeStage, isFileKey, loadProgramme, orderActivities, parseIds, PROGRAMME_STATUSES, type AuthorActor } from './authoring.js';
import { findFile, pathOf, storeFile } from './files.js';

export const PACKAGE_FORMAT = 'lentera-programme';
export const PACKAGE_VERSION = 1;
export const MAX_PACKAGE_ENTRIES = 500;
export const MAX_PACKAGE_UNCOMPRESSED = 500 * 1024 * 1024;
/** Largest package upload accepted (compressed bytes). */
export const MAX_PACKAGE_UPLOAD = 500 * 1024 * 1024;

const day = z.number().int().min(1).max(365).nullable();
const instant = z.iso.datetime({ offset: true }).nullable();
const fileRef = z.string().regex(/^files\/[0-9a-f]{64}-[A-Za-z0-9._-]{1,120}$/);

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(PACKAGE_VERSION),
  exportedAt: z.string().max(40).optional(),
  programme: z.object({
    code: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    title: z.string().min(1).max(200),
    description: z.string().max(10_000).nullable(),
    jp: z.number().int().min(0).max(1000),
    provider: z.string().max(200).nullable(),
    status: z.enum(PROGRAMME_STATUSES),
  }),
  stages: z
    .array(
      z.object({
        title: z.string().min(1).max(200),
        description: z.string().max(10_000).nullable(),
        sequential: z.boolean(),
        published: z.boolean(),
        opensAt: instant,
        opensOnDay: day,
        closesAfterDay: day,
        targetDay: day,
        activities: z
          .array(
            z.object({
              kind: z.string().min(1).max(64),
              title: z.string().min(1).max(200),
              required: z.boolean(),
              published: z.boolean(),
              jp: z.number().int().min(0).max(1000).nullable(),
              opensAt: instant,
              opensOnDay: day,
              closesAfterDay: day,
              prerequisites: z.array(z.object({ stage: z.number().int().min(1), activity: z.number().int().min(1) })).max(500),
              config: z.record(z.string(), z.unknown()),
            }),
          )
          .max(MAX_PACKAGE_ENTRIES),
      }),
    )
    .max(200),
  files: z.array(z.object({ ref: fileRef, sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0), mime: z.string().min(1).max(200), name: z.string().min(1).max(200) })).max(MAX_PACKAGE_ENTRIES),
});
export type Manifest = z.infer<typeof manifestSchema>;

const safeName = (name: string) => (name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'file');
const refOf = (f: Pick<StoredFile, 'sha256' | 'original_name'>) => `files/${f.sha256}-${safeName(f.original_name)}`;

/** Builds the package of a programme. */
export async function buildPackage(ctx: AppContext, actor: AuthorActor, programmeId: number): Promise<{ filename: string; data: Uint8Array }> {
  const programme = await loadProgramme(ctx, actor.principal, programmeId);
  const [stages, activities] = await Promise.all([ctx.repos.authoring.stagesOf(programmeId), ctx.repos.authoring.activitiesOf(programmeId)]);
  const ordered = orderActivities(stages, activities);
  const posOf = new Map<number, { stage: number; activity: number }>();
  stages.forEach((s, si) => ordered.filter((a) => a.stage_id === s.id).forEach((a, ai) => posOf.set(a.id, { stage: si + 1, activity: ai + 1 })));

  const entries: Zippable = {};
  const files = new Map<string, Manifest['files'][number]>();
  const manifestStages: Manifest['stages'] = [];
  for (const s of stages) {
    const list: Manifest['stages'][number]['activities'] = [];
    for (const a of ordered.filter((x) => x.stage_id === s.id)) {
      let config: Record<string, unknown> = {};
      try {
        config = JSON.parse(a.config) as Record<string, unknown>;
      } catch {
        /* an unreadable config exports as {} */
      }
      for (const [key, value] of Object.entries(config)) {
        if (!isFileKey(key) || typeof value !== 'number') continue;
        const found = await findFile(ctx, value);
        if (!found) throw errors.conflict('file_missing', 'authoring.package.fileMissing', { activity: a.title });
        const ref = refOf(found.row);
        config[key] = ref;
        if (!files.has(ref)) {
          files.set(ref, { ref, sha256: found.row.sha256, size: found.row.size, mime: found.row.mime, name: found.row.original_name });
          entries[ref] = [new Uint8Array(readFileSync(found.path)), { level: 0 }];
        }
      }
      list.push({
        ...describeActivity(a),
        prerequisites: parseIds(a.prerequisite_ids).map((id) => posOf.get(id)).filter((x): x is { stage: number; activity: number } => !!x),
        config,
      });
    }
    manifestStages.push({
      ...describeStage(s),
      activities: list,
    });
  }
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    exportedAt: ctx.clock().toISOString(),
    programme: { code: programme.code, title: programme.title, description: programme.description, jp: programme.jp, provider: programme.provider, status: programme.status },
    stages: manifestStages,
    files: [...files.values()],
  };
  entries['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2));
  const data = zipSync(entries, { level: 6 });
  await audit(ctx, actor, 'programme.exported', { type: 'programme', id: programmeId }, { files: files.size, bytes: data.length });
  return { filename: `${safeName(programme.code)}.zip`, data };
}

const packageError = (key: MessageKey, params?: Params) => new AppError(400, 'invalid_package', key, { params, fields: { package: [{ key, params }] } });

/** True for an entry name that stays inside the package (no absolute paths, no "..", no backslashes or drive letters). */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.length > 300 || name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return name.split('/').every((seg, i, all) => seg !== '..' && seg !== '.' && (seg !== '' || i === all.length - 1));
}

/** Reads the zip's directory without inflating anything, checks it, then inflates. */
export function readPackage(zip: Uint8Array): { manifest: Manifest; entries: Record<string, Uint8Array> } {
  const listed: { name: string; size: number }[] = [];
  try {
    unzipSync(zip, {
      filter(file) {
        listed.push({ name: file.name, size: file.originalSize });
        return false;
      },
    });
  } catch {
    throw packageError('authoring.package.invalidZip');
  }
  if (listed.length > MAX_PACKAGE_ENTRIES) throw packageError('authoring.package.tooManyEntries', { max: MAX_PACKAGE_ENTRIES });
  if (listed.some((e) => !isSafeEntryName(e.name))) throw packageError('authoring.package.unsafePath');
  if (new Set(listed.map((e) => e.name)).size !== listed.length) throw packageError('authoring.package.invalidZip');
  const total = listed.reduce((n, e) => n + e.size, 0);
  if (total > MAX_PACKAGE_UNCOMPRESSED) throw packageError('authoring.package.tooLarge', { mb: MAX_PACKAGE_UNCOMPRESSED / 1024 / 1024 });

  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, { filter: (f) => !f.name.endsWith('/') });
  } catch {
    throw packageError('authoring.package.invalidZip');
  }
  const raw = entries['manifest.json'];
  if (!raw) throw packageError('authoring.package.manifest');
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(raw));
  } catch {
    throw packageError('authoring.package.manifest');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw packageError('authoring.package.manifestField', { path: issue.path.join('.') || '(root)' });
  }
  return { manifest: parsed.data, entries };
}

/** Imports a package as a new programme (a taken code gets "-2", "-3" …). Nothing is created when anything is invalid. */
export async function importPackage(ctx: AppContext, actor: AuthorActor, zip: Uint8Array): Promise<{ programmeId: number; code: string }> {
  assertAuthor(actor.principal);
  const { manifest, entries } = readPackage(zip);

  // Files: listed, present, and what their hash says.
  const fileByRef = new Map(manifest.files.map((f) => [f.ref, f]));
  for (const f of manifest.files) {
    const bytes = entries[f.ref];
    if (!bytes) throw packageError('authoring.package.missingFile', { ref: f.ref });
    if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) throw packageError('authoring.package.hashMismatch', { ref: f.ref });
  }

  // Activities: known kinds, valid configs (file references stand in as placeholder ids), earlier prerequisites, windows.
  const placeholder = new Map(manifest.files.map((f, i) => [f.ref, i + 1]));
  const withIds = (config: Record<string, unknown>, ids: Map<string, number>, where: string) => {
    const out: Record<string, unknown> = { ...config };
    for (const [key, value] of Object.entries(out)) {
      if (!isFileKey(key) || value === null || value === undefined) continue;
      if (typeof value !== 'string' || !fileByRef.has(value)) throw packageError('authoring.package.missingFile', { ref: `${where}.${key}` });
      out[key] = ids.get(value)!;
    }
    return out;
  };
  manifest.stages.forEach((s, si) => {
    const fields = {};
    checkWindow({ opens_on_day: s.opensOnDay, closes_after_day: s.closesAfterDay, target_day: s.targetDay }, null, fields);
    if (Object.keys(fields).length) throw packageError('authoring.package.manifestField', { path: `stages.${si}` });
    s.activities.forEach((a, ai) => {
      const where = `stages.${si}.activities.${ai}`;
      const kind = activityKind(a.kind);
      if (!kind) throw packageError('authoring.package.unknownKind', { kind: a.kind });
      if (!kind.configSchema.safeParse(withIds(a.config, placeholder, `${where}.config`)).success) throw packageError('authoring.package.invalidConfig', { path: `${where}.config`, title: a.title });
      const w = {};
      checkWindow({ opens_on_day: a.opensOnDay, closes_after_day: a.closesAfterDay }, null, w);
      if (Object.keys(w).length) throw packageError('authoring.package.manifestField', { path: where });
      for (const r of a.prerequisites) {
        const earlier = r.stage < si + 1 || (r.stage === si + 1 && r.activity < ai + 1);
        if (!earlier || !manifest.stages[r.stage - 1]?.activities[r.activity - 1]) throw packageError('authoring.package.manifestField', { path: `${where}.prerequisites` });
      }
    });
  });

  // A free code.
  let code = manifest.programme.code;
  for (let n = 2; await ctx.repos.authoring.codeTaken(code); n++) {
    const suffix = `-${n}`;
    code = `${manifest.programme.code.slice(0, 64 - suffix.length)}${suffix}`;
  }
  const scope = authoringScope(actor.principal);
  const organiser = scope === 'all' ? null : (actor.principal.roles.find((r) => r.role === 'agency_admin' && r.unitId)?.unitId ?? null);

  // Files first, then everything else in one transaction.
  const stored: StoredFile[] = [];
  try {
    const ids = new Map<string, number>();
    for (const f of manifest.files) {
      const file = await storeFile(ctx, Buffer.from(entries[f.ref]!), { originalName: f.name, mime: f.mime, createdBy: actor.userId, maxBytes: MAX_PACKAGE_UNCOMPRESSED });
      stored.push(file);
      ids.set(f.ref, file.id);
    }
    const input: ImportedProgramme = {
      programme: { ...manifest.programme, code, organiser_unit_id: organiser },
      stages: manifest.stages.map((s, si) => ({
        title: s.title,
        description: s.description,
        sequential: s.sequential ? 1 : 0,
        published: s.published ? 1 : 0,
        opens_at: s.opensAt ? new Date(s.opensAt).toISOString() : null,
        opens_on_day: s.opensOnDay,
        closes_after_day: s.closesAfterDay,
        target_day: s.targetDay,
        activities: s.activities.map((a, ai) => {
          const kind = activityKind(a.kind)!;
          const config = kind.configSchema.parse(withIds(a.config, ids, `stages.${si}.activities.${ai}.config`));
          return {
            kind: a.kind,
            title: a.title,
            required: a.required ? 1 : 0,
            published: a.published ? 1 : 0,
            jp: a.jp,
            config: JSON.stringify(config),
            opens_at: a.opensAt ? new Date(a.opensAt).toISOString() : null,
            opens_on_day: a.opensOnDay,
            closes_after_day: a.closesAfterDay,
            prerequisites: a.prerequisites,
          };
        }),
      })),
    };
    const programmeId = await ctx.repos.authoring.importProgramme(input, ctx.clock().toISOString());
    programmeStructureChanged(ctx);
    await audit(ctx, actor, 'programme.imported', { type: 'programme', id: programmeId }, { code, sourceCode: manifest.programme.code, files: stored.map((x) => x.id) });
    return { programmeId, code };
  } catch (err) {
    for (const file of stored) rmSync(pathOf(ctx, file), { force: true });
    await ctx.repos.authoring.deleteFileRows(stored.map((x) => x.id)).catch(() => undefined);
    throw err;
  }
}
