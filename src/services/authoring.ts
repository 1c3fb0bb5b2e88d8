// Authoring of programmes by programme admins: programmes, cohorts, stages and activities.
//
// Who may author (kept simple on purpose):
// - platform admins: every programme;
// - agency admins: programmes whose organiser unit lies in their unit subtree (programmes they create
//   get the organiser unit they name, or else the unit of their agency-admin role);
// - everybody else (unit operators, facilitators, participants): 403 on the whole area.
// A programme outside an agency admin's scope answers 404, like every out-of-scope object.
//
// Services take the posted form values (strings) and answer field errors keyed by form field names,
// so the HTML forms show them next to their fields. Every change is audited.
import type { z } from 'zod';
import { rmSync } from 'node:fs';
import type { Activity, Cohort, Stage, StoredFile } from '../db/schema.js';
import type { ActivityFields, CohortFields, ProgrammeFields, ProgrammeRow, StageFields } from '../db/repositories/authoring.js';
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { isLocalDate } from '../domain/time.js';
import { activityKind } from '../activities/registry.js';
import type { ActivityKind } from '../activities/types.js';
import { errors, type FieldProblem } from '../http/errors.js';
import type { MessageKey } from '../i18n/index.js';
import { programmeStructureChanged } from './learning.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { pathOf, storeFile } from './files.js';

export type AuthorActor = Actor & { userId: number; principal: Principal };
export type FormValues = Record<string, string | string[] | undefined>;
export interface UploadedFile {
  field: string;
  filename: string;
  mime: string;
  data: Buffer;
}

/** Largest file accepted for an activity's config (documents, videos, captions). */
export const MAX_ACTIVITY_FILE_BYTES = 512 * 1024 * 1024;
export const PROGRAMME_STATUSES = ['draft', 'published', 'archived'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

// ---------------------------------------------------------------- who may author

/** The subtrees whose programmes the principal authors: 'all' for platform admins, agency-admin units otherwise. */
export function authoringScope(p: Principal): 'all' | string[] {
  if (isPlatformAdmin(p)) return 'all';
  return p.roles.filter((r) => r.role === 'agency_admin' && r.unitPath).map((r) => r.unitPath!);
}

export function canAuthor(p: Principal): boolean {
  const s = authoringScope(p);
  return s === 'all' || s.length > 0;
}

export function assertAuthor(p: Principal): void {
  if (!canAuthor(p)) throw errors.forbidden();
}

/** True when the principal authors the programme organised by the unit at this path. */
export function authorsProgramme(p: Principal, organiserPath: string | null): boolean {
  const s = authoringScope(p);
  if (s === 'all') return true;
  return !!organiserPath && s.some((root) => organiserPath.startsWith(root));
}

/** The programme, or 404 when it does not exist or lies outside the principal's authoring scope. */
export async function loadProgramme(ctx: AppContext, p: Principal, id: number): Promise<ProgrammeRow> {
  assertAuthor(p);
  const row = await ctx.repos.authoring.programme(id);
  if (!row || !authorsProgramme(p, row.organiser_path)) throw errors.notFound();
  return row;
}

export async function listProgrammes(ctx: AppContext, p: Principal): Promise<ProgrammeRow[]> {
  assertAuthor(p);
  return ctx.repos.authoring.listProgrammes(authoringScope(p));
}

export interface ProgrammeOutline {
  programme: ProgrammeRow;
  cohorts: Cohort[];
  stages: (Stage & { activities: (Activity & { prerequisiteIds: number[]; usage?: number })[] })[];
}

/** Activities in programme order: by stage position, then activity position. */
export function orderActivities(stages: Stage[], activities: Activity[]): Activity[] {
  const order = new Map(stages.map((s, i) => [s.id, i]));
  return activities.filter((a) => order.has(a.stage_id)).sort((a, b) => order.get(a.stage_id)! - order.get(b.stage_id)! || a.position - b.position || a.id - b.id);
}

export const parseIds = (text: string): number[] => {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
};

export async function programmeOutline(ctx: AppContext, p: Principal, id: number): Promise<ProgrammeOutline> {
  const programme = await loadProgramme(ctx, p, id);
  const [cohorts, stages, activities] = await Promise.all([ctx.repos.authoring.cohortsOf(id), ctx.repos.authoring.stagesOf(id), ctx.repos.authoring.activitiesOf(id)]);
  const ordered = orderActivities(stages, activities);
  return {
    programme,
    cohorts,
    stages: stages.map((s) => ({ ...s, activities: ordered.filter((a) => a.stage_id === s.id).map((a) => ({ ...a, prerequisiteIds: parseIds(a.prerequisite_ids) })) })),
  };
}

// ---------------------------------------------------------------- form value helpers

type Fields = Record<string, FieldProblem[]>;
const add = (f: Fields, name: string, key: MessageKey, params?: FieldProblem['params']) => (f[name] ??= []).push(params ? { key, params } : { key });

export function str(values: FormValues, name: string, max = 1024): string {
  const v = values[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}
export const strs = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : [];
};
const checked = (values: FormValues, name: string) => ['1', 'on', 'true'].includes(str(values, name, 8));

function text(values: FormValues, f: Fields, name: string, opts: { max: number; required?: boolean }): string {
  const raw = values[name];
  const v = typeof raw === 'string' ? raw.trim() : '';
  if (opts.required && !v) add(f, name, 'error.field.required');
  if (v.length > opts.max) add(f, name, 'error.field.tooLong');
  return v.slice(0, opts.max);
}

function int(values: FormValues, f: Fields, name: string, min: number, max: number, required = false): number | null {
  const v = str(values, name, 32);
  if (!v) {
    if (required) add(f, name, 'error.field.required');
    return null;
  }
  if (!/^-?\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) {
    add(f, name, 'authoring.error.range', { min, max });
    return null;
  }
  return Number(v);
}

function date(values: FormValues, f: Fields, name: string): string | null {
  const v = str(values, name, 32);
  if (!v) return null;
  if (!isLocalDate(v)) {
    add(f, name, 'authoring.error.date');
    return null;
  }
  return v;
}

/** "YYYY-MM-DDTHH:MM" (a datetime-local field, read as WIB, the organiser's time) or an ISO 8601 instant; stored as UTC. */
function instant(values: FormValues, f: Fields, name: string): string | null {
  const v = str(values, name, 40);
  if (!v) return null;
  let ms = NaN;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}+07:00`);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) ms = Date.parse(v);
  if (!Number.isFinite(ms) || !isLocalDate(v.slice(0, 10))) {
    add(f, name, 'authoring.error.datetime');
    return null;
  }
  return new Date(ms).toISOString();
}

/** An instant shown in a datetime-local field (WIB). */
export function wibLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  return d.toISOString().slice(0, 16);
}

function fail(f: Fields): void {
  if (Object.keys(f).length) throw errors.validation(f);
}

// ---------------------------------------------------------------- programmes and cohorts

async function resolveOrganiser(ctx: AppContext, p: Principal, code: string, f: Fields): Promise<number | null> {
  const scope = authoringScope(p);
  if (!code) {
    if (scope === 'all') return null;
    const role = p.roles.find((r) => r.role === 'agency_admin' && r.unitId);
    return role?.unitId ?? null;
  }
  for (const u of await ctx.repos.units.findAllByCode(code)) {
    if (scope === 'all' || scope.some((root) => u.path.startsWith(root))) return u.id;
  }
  add(f, 'organiserUnitCode', 'authoring.error.unit');
  return null;
}

function programmeFields(values: FormValues, f: Fields): Omit<ProgrammeFields, 'organiser_unit_id'> {
  const code = text(values, f, 'code', { max: 64, required: true });
  if (code && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(code)) add(f, 'code', 'authoring.error.code');
  const status = str(values, 'status', 16) || 'draft';
  if (!(PROGRAMME_STATUSES as readonly string[]).includes(status)) add(f, 'status', 'error.field.invalid');
  return {
    code,
    title: text(values, f, 'title', { max: 200, required: true }),
    description: text(values, f, 'description', { max: 10_000 }) || null,
    jp: int(values, f, 'jp', 0, 1000, true) ?? 0,
    provider: text(values, f, 'provider', { max: 200 }) || null,
    status: status as ProgrammeStatus,
  };
}

export async function createProgramme(ctx: AppContext, actor: AuthorActor, values: FormValues): Promise<number> {
  assertAuthor(actor.principal);
  const f: Fields = {};
  const fields = programmeFields(values, f);
  const organiser = await resolveOrganiser(ctx, actor.principal, str(values, 'organiserUnitCode', 64), f);
  if (fields.code && (await ctx.repos.authoring.codeTaken(fields.code))) add(f, 'code', 'authoring.error.codeTaken');
  fail(f);
  const id = await ctx.repos.authoring.insertProgramme({ ...fields, organiser_unit_id: organiser }, ctx.clock().toISOString());
  await audit(ctx, actor, 'programme.created', { type: 'programme', id }, { code: fields.code });
  return id;
}

export async function updateProgramme(ctx: AppContext, actor: AuthorActor, id: number, values: FormValues): Promise<void> {
  await loadProgramme(ctx, actor.principal, id);
  const f: Fields = {};
  const fields = programmeFields(values, f);
  if (fields.code && (await ctx.repos.authoring.codeTaken(fields.code, id))) add(f, 'code', 'authoring.error.codeTaken');
  fail(f);
  await ctx.repos.authoring.updateProgramme(id, fields, ctx.clock().toISOString());
  await audit(ctx, actor, 'programme.updated', { type: 'programme', id }, { code: fields.code, status: fields.status });
}

function cohortFields(values: FormValues, f: Fields): CohortFields {
  const c: CohortFields = {
    code: text(values, f, 'code', { max: 64, required: true }),
    title: text(values, f, 'title', { max: 200, required: true }),
    starts_on: date(values, f, 'starts_on'),
    ends_on: date(values, f, 'ends_on'),
    start_by: date(values, f, 'start_by'),
    window_days: int(values, f, 'window_days', 1, 365),
    gelombang: int(values, f, 'gelombang', 1, 1000),
    angkatan: int(values, f, 'angkatan', 1, 10_000),
  };
  if (c.starts_on && c.ends_on && c.ends_on < c.starts_on) add(f, 'ends_on', 'authoring.error.endsBeforeStarts');
  return c;
}

export async function loadCohort(ctx: AppContext, p: Principal, programmeId: number, cohortId: number): Promise<Cohort> {
  await loadProgramme(ctx, p, programmeId);
  const c = await ctx.repos.authoring.cohort(cohortId);
  if (!c || c.programme_id !== programmeId) throw errors.notFound();
  return c;
}

export async function createCohort(ctx: AppContext, actor: AuthorActor, programmeId: number, values: FormValues): Promise<number> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const f: Fields = {};
  const c = cohortFields(values, f);
  if (c.code && (await ctx.repos.authoring.cohortCodeTaken(programmeId, c.code))) add(f, 'code', 'authoring.error.codeTaken');
  fail(f);
  const id = await ctx.repos.authoring.insertCohort(programmeId, c, ctx.clock().toISOString());
  await audit(ctx, actor, 'cohort.created', { type: 'cohort', id }, { programmeId, code: c.code });
  return id;
}

export async function updateCohort(ctx: AppContext, actor: AuthorActor, programmeId: number, cohortId: number, values: FormValues): Promise<void> {
  await loadCohort(ctx, actor.principal, programmeId, cohortId);
  const f: Fields = {};
  const c = cohortFields(values, f);
  if (c.code && (await ctx.repos.authoring.cohortCodeTaken(programmeId, c.code, cohortId))) add(f, 'code', 'authoring.error.codeTaken');
  fail(f);
  await ctx.repos.authoring.updateCohort(cohortId, c, ctx.clock().toISOString());
  await audit(ctx, actor, 'cohort.updated', { type: 'cohort', id: cohortId }, { programmeId, code: c.code });
}

// ---------------------------------------------------------------- stages

export const MAX_DAY = 365;

/** Checks a window of days (closes ≥ opens) and, for stages, the target day inside it. Pure. */
export function checkWindow(w: { opens_on_day: number | null; closes_after_day: number | null; target_day?: number | null }, maxWindowDays: number | null, f: Fields): void {
  if (w.opens_on_day !== null && w.closes_after_day !== null && w.closes_after_day < w.opens_on_day) add(f, 'closes_after_day', 'authoring.error.closesBeforeOpens');
  const t = w.target_day;
  if (t !== null && t !== undefined) {
    const lo = w.opens_on_day ?? 1;
    const hi = w.closes_after_day ?? maxWindowDays ?? MAX_DAY;
    if (t < lo || t > hi) add(f, 'target_day', 'authoring.error.targetOutsideWindow', { from: lo, to: hi });
  }
}

async function maxWindowOf(ctx: AppContext, programmeId: number): Promise<number | null> {
  const days = (await ctx.repos.authoring.cohortsOf(programmeId)).map((c) => c.window_days).filter((d): d is number => d !== null);
  return days.length ? Math.max(...days) : null;
}

async function stageFields(ctx: AppContext, programmeId: number, values: FormValues, f: Fields): Promise<StageFields> {
  const s: StageFields = {
    title: text(values, f, 'title', { max: 200, required: true }),
    description: text(values, f, 'description', { max: 10_000 }) || null,
    sequential: checked(values, 'sequential') ? 1 : 0,
    opens_at: instant(values, f, 'opens_at'),
    opens_on_day: int(values, f, 'opens_on_day', 1, MAX_DAY),
    closes_after_day: int(values, f, 'closes_after_day', 1, MAX_DAY),
    target_day: int(values, f, 'target_day', 1, MAX_DAY),
  };
  checkWindow(s, await maxWindowOf(ctx, programmeId), f);
  return s;
}

export async function loadStage(ctx: AppContext, p: Principal, programmeId: number, stageId: number): Promise<Stage> {
  await loadProgramme(ctx, p, programmeId);
  const s = await ctx.repos.authoring.stage(stageId);
  if (!s || s.programme_id !== programmeId) throw errors.notFound();
  return s;
}

export async function createStage(ctx: AppContext, actor: AuthorActor, programmeId: number, values: FormValues): Promise<number> {
  await loadProgramme(ctx, actor.principal, programmeId);
  const f: Fields = {};
  const s = await stageFields(ctx, programmeId, values, f);
  fail(f);
  const id = await ctx.repos.authoring.insertStage(programmeId, s, ctx.clock().toISOString());
  await audit(ctx, actor, 'stage.created', { type: 'stage', id }, { programmeId, title: s.title });
  programmeStructureChanged(ctx);
  return id;
}

export async function updateStage(ctx: AppContext, actor: AuthorActor, programmeId: number, stageId: number, values: FormValues): Promise<void> {
  await loadStage(ctx, actor.principal, programmeId, stageId);
  const f: Fields = {};
  const s = await stageFields(ctx, programmeId, values, f);
  fail(f);
  await ctx.repos.authoring.updateStage(stageId, s, ctx.clock().toISOString());
  await audit(ctx, actor, 'stage.updated', { type: 'stage', id: stageId }, { programmeId, title: s.title });
  programmeStructureChanged(ctx);
}

export async function moveStage(ctx: AppContext, actor: AuthorActor, programmeId: number, stageId: number, direction: 'up' | 'down'): Promise<void> {
  await loadStage(ctx, actor.principal, programmeId, stageId);
  await ctx.repos.authoring.moveStage(stageId, programmeId, direction === 'up' ? -1 : 1, ctx.clock().toISOString());
  await audit(ctx, actor, 'stage.moved', { type: 'stage', id: stageId }, { programmeId, direction });
  programmeStructureChanged(ctx);
}

export async function setStagePublished(ctx: AppContext, actor: AuthorActor, programmeId: number, stageId: number, published: boolean): Promise<void> {
  await loadStage(ctx, actor.principal, programmeId, stageId);
  await ctx.repos.authoring.updateStage(stageId, { published: published ? 1 : 0 }, ctx.clock().toISOString());
  await audit(ctx, actor, published ? 'stage.published' : 'stage.unpublished', { type: 'stage', id: stageId }, { programmeId });
  programmeStructureChanged(ctx);
}

export async function deleteStage(ctx: AppContext, actor: AuthorActor, programmeId: number, stageId: number): Promise<void> {
  await loadStage(ctx, actor.principal, programmeId, stageId);
  if (!(await ctx.repos.authoring.deleteEmptyStage(stageId, programmeId, ctx.clock().toISOString()))) throw errors.conflict('stage_not_empty', 'authoring.error.stageNotEmpty');
  await audit(ctx, actor, 'stage.deleted', { type: 'stage', id: stageId }, { programmeId });
  programmeStructureChanged(ctx);
}

// ---------------------------------------------------------------- activities

/** The top-level keys of a zod object schema (through defaults / pipes), or null. */
function shapeKeys(schema: unknown): string[] {
  let s = schema as { shape?: unknown; def?: { innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 6 && s; i++) {
    if (s.shape && typeof s.shape === 'object') return Object.keys(s.shape);
    s = (s.def?.innerType ?? s.def?.in ?? s.def?.schema) as typeof s;
  }
  return [];
}

export const isFileKey = (key: string) => /fileId$/i.test(key);

/** The config keys holding stored file ids (by name: `…FileId` / `fileId`), from the kind's schema and the current config. */
export function fileKeysOf(kind: ActivityKind<unknown>, config?: unknown): string[] {
  const keys = new Set(shapeKeys(kind.configSchema).filter(isFileKey));
  if (config && typeof config === 'object') for (const k of Object.keys(config)) if (isFileKey(k)) keys.add(k);
  return [...keys];
}

/** Zod issues of a kind's config, keyed by form field: `file_<key>` for file keys, `cfg_<key>` otherwise. */
export function configProblems(issues: z.core.$ZodIssue[], config: unknown): Fields {
  const f: Fields = {};
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'config';
    const name = isFileKey(key) ? `file_${key}` : key === 'config' ? 'config' : `cfg_${key}`;
    const value = issue.path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), config);
    const problem: MessageKey = issue.code === 'too_big' ? 'error.field.tooLong' : value === undefined || value === null || value === '' ? 'error.field.required' : 'error.field.invalid';
    if (!f[name]?.some((p) => p.key === problem)) add(f, name, problem);
  }
  return f;
}

export async function loadActivity(ctx: AppContext, p: Principal, programmeId: number, activityId: number): Promise<Activity> {
  await loadProgramme(ctx, p, programmeId);
  const a = await ctx.repos.authoring.activity(activityId);
  if (!a || a.programme_id !== programmeId) throw errors.notFound();
  return a;
}

/** Activities that come before `position` in programme order (candidates for prerequisites). */
export async function earlierActivities(ctx: AppContext, programmeId: number, at: { stageId: number; activityId?: number }): Promise<Activity[]> {
  const [stages, activities] = await Promise.all([ctx.repos.authoring.stagesOf(programmeId), ctx.repos.authoring.activitiesOf(programmeId)]);
  const ordered = orderActivities(stages, activities);
  if (at.activityId !== undefined) {
    const i = ordered.findIndex((a) => a.id === at.activityId);
    return i < 0 ? [] : ordered.slice(0, i);
  }
  const stageIndex = stages.findIndex((s) => s.id === at.stageId);
  const order = new Map(stages.map((s, i) => [s.id, i]));
  return ordered.filter((a) => order.get(a.stage_id)! <= stageIndex);
}

async function discard(ctx: AppContext, files: StoredFile[]): Promise<void> {
  for (const file of files) rmSync(pathOf(ctx, file), { force: true });
  await ctx.repos.authoring.deleteFileRows(files.map((x) => x.id)).catch(() => undefined);
}

interface ActivityInput {
  values: FormValues;
  files: UploadedFile[];
}

async function activityFields(
  ctx: AppContext,
  actor: AuthorActor,
  programmeId: number,
  kind: ActivityKind<unknown>,
  input: ActivityInput,
  at: { stageId: number; activityId?: number },
  previousConfig: unknown,
): Promise<{ fields: Omit<ActivityFields, 'config'>; config: unknown; stored: StoredFile[] }> {
  const { values } = input;
  const f: Fields = {};
  const title = text(values, f, 'title', { max: 200, required: true });
  const jp = int(values, f, 'jp', 0, 1000);
  const opens_at = instant(values, f, 'opens_at');
  const opens_on_day = int(values, f, 'opens_on_day', 1, MAX_DAY);
  const closes_after_day = int(values, f, 'closes_after_day', 1, MAX_DAY);
  checkWindow({ opens_on_day, closes_after_day }, null, f);

  const earlier = new Set((await earlierActivities(ctx, programmeId, at)).map((a) => a.id));
  const prerequisites: number[] = [];
  for (const raw of strs(values, 'prerequisites')) {
    const id = /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (!earlier.has(id)) {
      add(f, 'prerequisites', 'authoring.error.prerequisite');
      break;
    }
    if (!prerequisites.includes(id)) prerequisites.push(id);
  }

  // The kind's own fields, then uploaded files put into the config, then the kind's schema.
  let parsed: unknown;
  try {
    parsed = kind.parseAuthoringForm(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v])));
  } catch {
    parsed = {};
  }
  const config: Record<string, unknown> = parsed && typeof parsed === 'object' ? { ...(parsed as Record<string, unknown>) } : {};
  const previous = previousConfig && typeof previousConfig === 'object' ? (previousConfig as Record<string, unknown>) : {};
  const stored: StoredFile[] = [];
  try {
    for (const key of fileKeysOf(kind, previousConfig)) {
      const upload = input.files.find((u) => u.field === `file_${key}` && u.data.length > 0 && u.filename);
      if (upload) {
        const file = await storeFile(ctx, upload.data, { originalName: upload.filename, mime: upload.mime || 'application/octet-stream', createdBy: actor.userId, maxBytes: MAX_ACTIVITY_FILE_BYTES });
        stored.push(file);
        config[key] = file.id;
      } else if ((config[key] === undefined || config[key] === null || Number.isNaN(config[key])) && typeof previous[key] === 'number') {
        config[key] = previous[key];
      } else if (config[key] === undefined || Number.isNaN(config[key])) {
        delete config[key];
      }
    }
    const checkedConfig = kind.configSchema.safeParse(config);
    if (!checkedConfig.success) Object.assign(f, configProblems(checkedConfig.error.issues, config));
    fail(f);
    return {
      fields: { title, required: checked(values, 'required') ? 1 : 0, jp, prerequisite_ids: JSON.stringify(prerequisites), opens_at, opens_on_day, closes_after_day },
      config: checkedConfig.success ? checkedConfig.data : config,
      stored,
    };
  } catch (err) {
    await discard(ctx, stored);
    throw err;
  }
}

export async function createActivity(ctx: AppContext, actor: AuthorActor, programmeId: number, stageId: number, kindName: string, input: ActivityInput): Promise<number> {
  await loadStage(ctx, actor.principal, programmeId, stageId);
  const kind = activityKind(kindName);
  if (!kind) throw errors.validation({ kind: [{ key: 'authoring.error.kind' }] });
  const { fields, config, stored } = await activityFields(ctx, actor, programmeId, kind, input, { stageId }, null);
  const id = await ctx.repos.authoring.insertActivity({ ...fields, config: JSON.stringify(config), programme_id: programmeId, stage_id: stageId, kind: kind.kind }, ctx.clock().toISOString());
  await audit(ctx, actor, 'activity.created', { type: 'activity', id }, { programmeId, stageId, kind: kind.kind, title: fields.title, files: stored.map((x) => x.id) });
  programmeStructureChanged(ctx);
  return id;
}

export async function updateActivity(ctx: AppContext, actor: AuthorActor, programmeId: number, activityId: number, input: ActivityInput): Promise<void> {
  const a = await loadActivity(ctx, actor.principal, programmeId, activityId);
  const kind = activityKind(a.kind);
  if (!kind) throw errors.validation({ kind: [{ key: 'authoring.error.kind' }] });
  let previous: unknown = {};
  try {
    previous = JSON.parse(a.config);
  } catch {
    /* keep {} */
  }
  const { fields, config, stored } = await activityFields(ctx, actor, programmeId, kind, input, { stageId: a.stage_id, activityId }, previous);
  await ctx.repos.authoring.updateActivity(activityId, { ...fields, config: JSON.stringify(config) }, ctx.clock().toISOString());
  await audit(ctx, actor, 'activity.updated', { type: 'activity', id: activityId }, { programmeId, title: fields.title, files: stored.map((x) => x.id) });
  programmeStructureChanged(ctx);
}

export async function moveActivity(ctx: AppContext, actor: AuthorActor, programmeId: number, activityId: number, to: { direction: 'up' | 'down' } | { stageId: number }): Promise<void> {
  await loadActivity(ctx, actor.principal, programmeId, activityId);
  if ('stageId' in to) {
    const s = await ctx.repos.authoring.stage(to.stageId);
    if (!s || s.programme_id !== programmeId) throw errors.validation({ stageId: [{ key: 'error.field.invalid' }] });
    await ctx.repos.authoring.moveActivity(activityId, { stageId: to.stageId }, ctx.clock().toISOString());
  } else {
    await ctx.repos.authoring.moveActivity(activityId, { delta: to.direction === 'up' ? -1 : 1 }, ctx.clock().toISOString());
  }
  await audit(ctx, actor, 'activity.moved', { type: 'activity', id: activityId }, { programmeId, ...to });
  programmeStructureChanged(ctx);
}

export async function setActivityPublished(ctx: AppContext, actor: AuthorActor, programmeId: number, activityId: number, published: boolean): Promise<void> {
  await loadActivity(ctx, actor.principal, programmeId, activityId);
  await ctx.repos.authoring.updateActivity(activityId, { published: published ? 1 : 0 }, ctx.clock().toISOString());
  await audit(ctx, actor, published ? 'activity.published' : 'activity.unpublished', { type: 'activity', id: activityId }, { programmeId });
  programmeStructureChanged(ctx);
}

/** Deletes an activity nobody has progress on; otherwise 409 (unpublish it instead). */
export async function deleteActivity(ctx: AppContext, actor: AuthorActor, programmeId: number, activityId: number): Promise<void> {
  await loadActivity(ctx, actor.principal, programmeId, activityId);
  if (!(await ctx.repos.authoring.deleteUnusedActivity(activityId, ctx.clock().toISOString()))) throw errors.conflict('activity_in_use', 'authoring.error.activityInUse');
  await audit(ctx, actor, 'activity.deleted', { type: 'activity', id: activityId }, { programmeId });
  programmeStructureChanged(ctx);
}

/** A stage as authors, the API and packages describe it (without id or position). */
export function describeStage(s: Pick<Stage, 'title' | 'description' | 'sequential' | 'published' | 'opens_at' | 'opens_on_day' | 'closes_after_day' | 'target_day'>) {
  return {
    title: s.title,
    description: s.description,
    sequential: s.sequential === 1,
    published: s.published === 1,
    opensAt: s.opens_at,
    opensOnDay: s.opens_on_day,
    closesAfterDay: s.closes_after_day,
    targetDay: s.target_day,
  };
}

/** An activity as authors, the API and packages describe it (without id, position, prerequisites or config). */
export function describeActivity(a: Pick<Activity, 'kind' | 'title' | 'required' | 'published' | 'jp' | 'opens_at' | 'opens_on_day' | 'closes_after_day'>) {
  return {
    kind: a.kind,
    title: a.title,
    required: a.required === 1,
    published: a.published === 1,
    jp: a.jp,
    opensAt: a.opens_at,
    opensOnDay: a.opens_on_day,
    closesAfterDay: a.closes_after_day,
  };
}
