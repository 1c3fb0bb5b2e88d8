// The organisation tree as an administrator sees it: only the subtrees of its scope. Administrators
// create units inside their scope (platform admins also agencies, the roots), rename them and move
// them with their whole subtree to another parent in the scope (ids stay, so users, enrolments and
// history keep pointing at the same units), and import a tree from CSV/XLSX: a dry run listing every
// bad row, then an all-or-nothing apply; a re-import updates existing codes and creates new ones.
// Every change is audited with before/after.
import { loadExcelJS } from './heavy-modules.js';
import { adminScope, canAdministerUnit, isAdministrator, isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { zoneForRegionCode, type IndonesianZone } from '../domain/regions.js';
import {
  UNIT_SHEET_COLUMNS,
  parseRegionCode,
  parseUnitKind,
  parseUnitSheet,
  planUnitImport,
  unitFieldProblems,
  type UnitProblem,
  type UnitProblemCode,
  type UnitRowProblem,
} from '../domain/unit-sheet.js';
import type { OrgUnit, UnitKind } from '../db/schema.js';
import type { UnitImportOp } from '../db/repositories/units.js';
import { AppError, errors, type FieldProblem } from '../http/errors.js';
import { translate, type MessageKey, type Translator } from '../i18n/index.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { readKeptUpload, storeFile } from './files.js';
import { readSheetFile } from './question-import.js';

export interface ApiUnitSummary {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string | null;
  timeZone: IndonesianZone;
  /** Direct sub-units. */
  childCount: number;
  /** Users in the unit and in every unit below it. */
  userCount: number;
}

export interface ApiUnitDetail extends ApiUnitSummary {
  /** Ancestors inside the caller's scope, from the top down (excluding the unit itself). */
  path: { code: string; name: string; kind: UnitKind }[];
}

export const zoneOfUnit = (u: Pick<OrgUnit, 'region_code'>): IndonesianZone => (u.region_code && zoneForRegionCode(u.region_code)) || 'WIB';

/** Administrative pages and collections are closed to participants and facilitators (403, not 404: nothing about a single object is revealed). */
export function assertAdministrator(principal: Principal): void {
  if (!isAdministrator(principal)) throw errors.forbidden();
}

/** The unit with this code that the principal administers; 404 when none (also when it exists outside the scope). */
export async function findVisibleUnit(ctx: AppContext, principal: Principal, code: string): Promise<OrgUnit> {
  const units = code ? await ctx.repos.units.findAllByCode(code) : [];
  const unit = units.find((u) => canAdministerUnit(principal, u.path));
  if (!unit) throw errors.notFound();
  return unit;
}

/** The topmost units of a scope: for a platform admin the roots, otherwise the units of its scoped roles (nested ones dropped). */
export async function scopeRoots(ctx: AppContext, principal: Principal): Promise<OrgUnit[] | 'all'> {
  const scope = adminScope(principal);
  if (scope === 'all') return 'all';
  const top = [...new Set(scope)].filter((p) => !scope.some((other) => other !== p && p.startsWith(other)));
  const ids = top.map((p) => Number(p.split('/').filter(Boolean).pop()));
  const units = await ctx.repos.units.findManyByIds(ids);
  return units.sort((a, b) => a.code.localeCompare(b.code));
}

async function summarise(ctx: AppContext, units: OrgUnit[]): Promise<ApiUnitSummary[]> {
  const ids = units.map((u) => u.id);
  const [children, users] = await Promise.all([ctx.repos.units.childCounts(ids), ctx.repos.units.subtreeUserCounts(ids)]);
  return units.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    regionCode: u.region_code,
    timeZone: zoneOfUnit(u),
    childCount: children.get(u.id) ?? 0,
    userCount: users.get(u.id) ?? 0,
  }));
}

/** Children of `parent` (a unit code inside the scope), or the roots the principal may see. Paged by code. */
export async function listUnits(ctx: AppContext, principal: Principal, opts: { parent?: string; cursor?: string; limit: number }) {
  assertAdministrator(principal);
  let units: OrgUnit[];
  let parent: ApiUnitDetail | null = null;
  if (opts.parent) {
    const p = await findVisibleUnit(ctx, principal, opts.parent);
    parent = await describeUnit(ctx, principal, p);
    units = await ctx.repos.units.childrenPage(p.id, { afterCode: opts.cursor, limit: opts.limit + 1 });
  } else {
    const roots = await scopeRoots(ctx, principal);
    if (roots === 'all') units = await ctx.repos.units.childrenPage(null, { afterCode: opts.cursor, limit: opts.limit + 1 });
    else units = roots.filter((u) => opts.cursor === undefined || u.code > opts.cursor).slice(0, opts.limit + 1);
  }
  const page = units.slice(0, opts.limit);
  return { parent, items: await summarise(ctx, page), nextCursor: units.length > opts.limit ? page[page.length - 1]!.code : null };
}

async function describeUnit(ctx: AppContext, principal: Principal, unit: OrgUnit): Promise<ApiUnitDetail> {
  const ancestorIds = unit.path.split('/').filter(Boolean).map(Number).filter((id) => id !== unit.id);
  const ancestors = (await ctx.repos.units.findManyByIds(ancestorIds)).filter((a) => canAdministerUnit(principal, a.path)).sort((a, b) => a.depth - b.depth);
  const [summary] = await summarise(ctx, [unit]);
  return { ...summary!, path: ancestors.map((a) => ({ code: a.code, name: a.name, kind: a.kind })) };
}

export async function getUnit(ctx: AppContext, principal: Principal, code: string): Promise<ApiUnitDetail> {
  assertAdministrator(principal);
  return describeUnit(ctx, principal, await findVisibleUnit(ctx, principal, code));
}

/** Every unit the principal administers, in tree order (for a unit select). */
export async function unitsInScope(ctx: AppContext, principal: Principal): Promise<OrgUnit[]> {
  const roots = await scopeRoots(ctx, principal);
  if (roots === 'all') return ctx.repos.units.all();
  const lists = await Promise.all(roots.map((r) => ctx.repos.units.subtree(r.path)));
  return lists.flat();
}

// ---------------------------------------------------------------- create, rename, move

export type UnitActor = Actor & { userId: number; principal: Principal };

export const unitProblemKey = (code: UnitProblemCode): MessageKey => `units.problem.${code}` as MessageKey;
const FIELD_NAMES: Record<string, string> = { region_code: 'regionCode', parent_code: 'parentCode' };
const fieldsOf = (problems: readonly UnitProblem[]): Record<string, FieldProblem[]> => {
  const f: Record<string, FieldProblem[]> = {};
  for (const p of problems) (f[FIELD_NAMES[p.field] ?? p.field] ??= []).push({ key: unitProblemKey(p.code), ...(p.params ? { params: p.params } : {}) });
  return f;
};
const invalid = (field: string, code: UnitProblemCode, params?: Record<string, string | number>) => errors.validation(fieldsOf([{ field, code, params }]));
const codeTaken = (code: string) => new AppError(409, 'code_taken', unitProblemKey('code_taken'), { params: { code }, fields: { code: [{ key: unitProblemKey('code_taken'), params: { code } }] } });
const uniqueViolation = (err: unknown) => /unique|duplicate key/i.test(String((err as Error)?.message ?? ''));

/** The unit with this id that the principal administers; 404 when none (also when it exists outside the scope). */
export async function findVisibleUnitById(ctx: AppContext, principal: Principal, id: number): Promise<OrgUnit> {
  const unit = Number.isSafeInteger(id) && id > 0 ? await ctx.repos.units.findById(id) : undefined;
  if (!unit || !canAdministerUnit(principal, unit.path)) throw errors.notFound();
  return unit;
}

/** A unit code inside the scope (preferring the given agency when several agencies use the code); 404 otherwise. */
async function visibleUnitByCode(ctx: AppContext, principal: Principal, code: string, preferAgencyId?: number | null): Promise<OrgUnit> {
  const units = (code ? await ctx.repos.units.findAllByCode(code) : []).filter((u) => canAdministerUnit(principal, u.path));
  const unit = units.find((u) => u.agency_id === preferAgencyId) ?? units[0];
  if (!unit) throw errors.notFound();
  return unit;
}

const snapshot = (u: OrgUnit) => ({ name: u.name, kind: u.kind, regionCode: u.region_code });

export interface NewUnitInput {
  /** The parent: by id (pages) or by code (API); neither = a new agency (platform admins only). */
  parentId?: number;
  parentCode?: string;
  code: string;
  name: string;
  kind: string;
  regionCode?: string | null;
}

/** Creates a unit under a parent in the caller's scope (404 outside), or an agency (platform admins; 403 for others). */
export async function createUnit(ctx: AppContext, actor: UnitActor, input: NewUnitInput): Promise<ApiUnitDetail> {
  assertAdministrator(actor.principal);
  const code = input.code.trim();
  const name = input.name.trim().replace(/\s+/g, ' ');
  const problems = unitFieldProblems({ code, name, kind: input.kind, regionCode: input.regionCode ?? '' });
  let parent: OrgUnit | null = null;
  if (input.parentId !== undefined) parent = await findVisibleUnitById(ctx, actor.principal, input.parentId);
  else if (input.parentCode) parent = await visibleUnitByCode(ctx, actor.principal, input.parentCode.trim());
  else if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  if (problems.length) throw errors.validation(fieldsOf(problems));
  const kind = parseUnitKind(input.kind)!;
  const regionCode = parseRegionCode(input.regionCode ?? '') ?? null;
  const clash = parent ? await ctx.repos.units.findByCode(code, parent.agency_id!) : (await ctx.repos.units.findAllByCode(code)).find((u) => u.parent_id === null);
  if (clash) throw codeTaken(code);
  let unit: OrgUnit;
  try {
    unit = await ctx.repos.units.insert({ parent, code, name, kind, region_code: regionCode, now: ctx.clock().toISOString() });
  } catch (err) {
    if (uniqueViolation(err)) throw codeTaken(code);
    throw err;
  }
  await audit(ctx, actor, 'unit.created', { type: 'unit', id: unit.id }, { code, name, kind, regionCode, parentCode: parent?.code ?? null, path: unit.path, source: 'form' });
  return describeUnit(ctx, actor.principal, unit);
}

export interface UnitChanges {
  name?: string;
  kind?: string;
  regionCode?: string | null;
  /** Move the unit (with everything below it) under this unit of the scope. */
  parentCode?: string;
  /** The same by id (pages). */
  parentId?: number;
}

/**
 * Renames and/or moves a unit of the caller's scope. Everything is checked before anything is
 * written: a parent outside the scope (or unknown) is 404, the unit itself or one of its
 * descendants as the new parent 400 `cycle`, an agency (a root) cannot be moved.
 */
export async function updateUnit(ctx: AppContext, actor: UnitActor, id: number, changes: UnitChanges): Promise<ApiUnitDetail> {
  assertAdministrator(actor.principal);
  const unit = await findVisibleUnitById(ctx, actor.principal, id);
  const name = changes.name === undefined ? undefined : changes.name.trim().replace(/\s+/g, ' ');
  const problems = unitFieldProblems({ name, kind: changes.kind, regionCode: changes.regionCode ?? undefined });
  let parent: OrgUnit | null = null;
  if (changes.parentId !== undefined) parent = await findVisibleUnitById(ctx, actor.principal, changes.parentId);
  else if (changes.parentCode !== undefined) parent = await visibleUnitByCode(ctx, actor.principal, changes.parentCode.trim(), unit.agency_id);
  if (problems.length) throw errors.validation(fieldsOf(problems));
  if (parent) {
    if (unit.parent_id === null) throw invalid('parent_code', 'agency_immovable', { code: unit.code });
    if (parent.path.startsWith(unit.path)) throw invalid('parent_code', 'cycle', { code: unit.code });
  }
  const next = {
    name: name ?? unit.name,
    kind: changes.kind === undefined ? unit.kind : parseUnitKind(changes.kind)!,
    region_code: changes.regionCode === undefined ? unit.region_code : (parseRegionCode(changes.regionCode ?? '') ?? null),
  };
  const now = ctx.clock().toISOString();
  if (next.name !== unit.name || next.kind !== unit.kind || next.region_code !== unit.region_code) {
    await ctx.repos.units.update(unit.id, next, now);
    const before = snapshot(unit);
    const after = { name: next.name, kind: next.kind, regionCode: next.region_code };
    const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
    await audit(ctx, actor, next.name !== unit.name ? 'unit.renamed' : 'unit.updated', { type: 'unit', id: unit.id }, {
      code: unit.code,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  }
  if (parent && parent.id !== unit.parent_id) {
    let res;
    try {
      res = await ctx.repos.units.moveSubtree(unit.id, parent.id, now);
    } catch (err) {
      // A unit below has a code the target agency already uses: nothing was moved.
      if (uniqueViolation(err)) throw codeTaken(unit.code);
      throw err;
    }
    if (res.status === 'cycle') throw invalid('parent_code', 'cycle', { code: unit.code });
    if (res.status === 'missing') throw errors.notFound();
    if (res.status === 'moved') {
      const oldParent = unit.parent_id === null ? null : await ctx.repos.units.findById(unit.parent_id);
      await audit(ctx, actor, 'unit.moved', { type: 'unit', id: unit.id }, {
        code: unit.code,
        before: { parentCode: oldParent?.code ?? null, path: res.before.path, depth: res.before.depth, agencyId: res.before.agency_id },
        after: { parentCode: parent.code, path: res.after.path, depth: res.after.depth, agencyId: res.after.agency_id },
        descendants: res.descendants,
      });
    }
  }
  return describeUnit(ctx, actor.principal, (await ctx.repos.units.findById(unit.id))!);
}

// ---------------------------------------------------------------- import (CSV/XLSX)

export const MAX_UNIT_IMPORT_BYTES = 5 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface UnitImportReport {
  valid: boolean;
  /** Data rows read (blank rows not counted). */
  rows: number;
  errors: UnitRowProblem[];
  totals: { new: number; updated: number; moved: number; unchanged: number };
}

const emptyTotals = () => ({ new: 0, updated: 0, moved: 0, unchanged: 0 });
const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Compares the file with the tree of the caller's scope: every problem, the totals, and the writes of an apply (parents first). */
async function planUnitFile(ctx: AppContext, principal: Principal, data: Buffer): Promise<{ report: UnitImportReport; ops: UnitImportOp[] }> {
  const read = await readSheetFile(data);
  if ('problem' in read) {
    const code: UnitProblemCode = read.problem.code === 'file_empty' ? 'file_empty' : 'file_unreadable';
    return { report: { valid: false, rows: 0, errors: [{ row: 1, field: 'file', code }], totals: emptyTotals() }, ops: [] };
  }
  const sheet = parseUnitSheet(read.rows);
  const scopeUnits = await unitsInScope(ctx, principal);
  const inScope = new Set(scopeUnits.map((u) => u.id));
  const codes = [...new Set([...sheet.fileCodes, ...sheet.drafts.map((d) => d.parentCode).filter((c): c is string => !!c)])];
  const outside: { code: string; agencyId: number }[] = [];
  if (!isPlatformAdmin(principal)) {
    for (const part of chunks(codes, 500)) {
      for (const u of await ctx.repos.units.findManyByCodes(part)) if (!inScope.has(u.id)) outside.push({ code: u.code, agencyId: u.agency_id ?? u.id });
    }
  }
  const plan = planUnitImport({
    drafts: sheet.drafts,
    fileCodes: sheet.fileCodes,
    scope: scopeUnits.map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, regionCode: u.region_code, parentId: u.parent_id, agencyId: u.agency_id ?? u.id, depth: u.depth })),
    outside,
    canCreateAgencies: isPlatformAdmin(principal),
  });
  const problems = [...sheet.problems, ...plan.problems].sort((a, b) => a.row - b.row);
  const ops: (UnitImportOp & { depth: number; row: number })[] = [
    ...plan.creates.map((c) => ({ op: 'create' as const, code: c.code, name: c.name, kind: c.kind, regionCode: c.regionCode, parent: c.parent, depth: c.depth, row: c.row })),
    ...plan.updates.map((u) => ({ op: 'update' as const, id: u.id, name: u.name, kind: u.kind, regionCode: u.regionCode, ...(u.moveTo ? { moveTo: u.moveTo } : {}), depth: u.depth, row: u.row })),
  ].sort((a, b) => a.depth - b.depth || a.row - b.row);
  return { report: { valid: problems.length === 0, rows: sheet.rows, errors: problems, totals: plan.totals }, ops };
}

/** The report with each problem's message in the caller's language (the API and page shape). */
export function translateUnitReport(report: UnitImportReport, t: Translator) {
  return {
    valid: report.valid,
    rows: report.rows,
    errors: report.errors.map((e) => ({ row: e.row, field: e.field, code: e.code, message: t(unitProblemKey(e.code), e.params) })),
    totals: report.totals,
  };
}
export type TranslatedUnitReport = ReturnType<typeof translateUnitReport>;

async function applyUnitPlan(ctx: AppContext, actor: UnitActor, plan: { report: UnitImportReport; ops: UnitImportOp[] }, fileId: number | null): Promise<UnitImportReport & { applied: boolean }> {
  if (!plan.report.valid) return { ...plan.report, applied: false };
  // Re-importing a file that is already in the tree changes nothing (and records nothing).
  if (plan.ops.length === 0) return { ...plan.report, applied: true };
  let result: Awaited<ReturnType<typeof ctx.repos.units.applyImport>>;
  try {
    result = await ctx.repos.units.applyImport(plan.ops, ctx.clock().toISOString());
  } catch (err) {
    // A unit created or moved at the same moment with a code of the file: nothing was written.
    if (uniqueViolation(err)) throw errors.conflict('conflict', 'units.import.conflict');
    throw err;
  }
  const afterRows = new Map((await ctx.repos.units.findManyByIds([...result.before.keys()])).map((u) => [u.id, u]));
  const parentIds = new Set<number>();
  for (const u of [...result.before.values(), ...afterRows.values(), ...result.created.values()]) if (u.parent_id !== null) parentIds.add(u.parent_id);
  const codeOf = new Map((await ctx.repos.units.findManyByIds([...parentIds])).map((u) => [u.id, u.code]));
  const parentCode = (u: OrgUnit) => (u.parent_id === null ? null : (codeOf.get(u.parent_id) ?? null));
  for (const u of result.created.values()) {
    await audit(ctx, actor, 'unit.created', { type: 'unit', id: u.id }, { code: u.code, name: u.name, kind: u.kind, regionCode: u.region_code, parentCode: parentCode(u), path: u.path, source: 'import', fileId });
  }
  for (const [id, before] of result.before) {
    const after = afterRows.get(id);
    if (!after) continue;
    const b = snapshot(before);
    const a = snapshot(after);
    const changed = (Object.keys(b) as (keyof typeof b)[]).filter((k) => b[k] !== a[k]);
    if (changed.length) {
      await audit(ctx, actor, b.name !== a.name ? 'unit.renamed' : 'unit.updated', { type: 'unit', id }, {
        code: after.code,
        before: Object.fromEntries(changed.map((k) => [k, b[k]])),
        after: Object.fromEntries(changed.map((k) => [k, a[k]])),
        source: 'import',
        fileId,
      });
    }
    if (before.parent_id !== after.parent_id) {
      await audit(ctx, actor, 'unit.moved', { type: 'unit', id }, {
        code: after.code,
        before: { parentCode: parentCode(before), path: before.path, depth: before.depth, agencyId: before.agency_id },
        after: { parentCode: parentCode(after), path: after.path, depth: after.depth, agencyId: after.agency_id },
        source: 'import',
        fileId,
      });
    }
  }
  await audit(ctx, actor, 'unit.imported', { type: 'unit_import', id: fileId }, { fileId, rows: plan.report.rows, ...plan.report.totals });
  return { ...plan.report, applied: true };
}

/** The API: a dry run of the uploaded file, or (apply) the all-or-nothing import of it. */
export async function importUnits(ctx: AppContext, actor: UnitActor, data: Buffer, opts: { apply: boolean }): Promise<UnitImportReport & { applied: boolean }> {
  assertAdministrator(actor.principal);
  const plan = await planUnitFile(ctx, actor.principal, data);
  if (!opts.apply) return { ...plan.report, applied: false };
  return applyUnitPlan(ctx, actor, plan, null);
}

const isZip = (data: Buffer) => data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

/** The page flow, step 1: keeps the upload and reports what an apply would do (nothing is written to the tree). */
export async function dryRunUnitUpload(ctx: AppContext, actor: UnitActor, upload: { filename: string; data: Buffer }): Promise<{ report: UnitImportReport; file: { id: number; sha256: string; name: string } }> {
  assertAdministrator(actor.principal);
  const plan = await planUnitFile(ctx, actor.principal, upload.data);
  const stored = await storeFile(ctx, upload.data, { originalName: upload.filename || 'unit.csv', mime: isZip(upload.data) ? XLSX_MIME : 'text/csv', createdBy: actor.userId, maxBytes: MAX_UNIT_IMPORT_BYTES });
  return { report: plan.report, file: { id: stored.id, sha256: stored.sha256, name: stored.original_name } };
}

/** The page flow, step 2: applies the kept upload named by id + SHA-256 (a changed file is refused with 409 import_file_changed). */
export async function applyStoredUnitUpload(ctx: AppContext, actor: UnitActor, ref: { fileId: number; sha256: string }): Promise<UnitImportReport & { applied: boolean }> {
  assertAdministrator(actor.principal);
  const file = await readKeptUpload(ctx, actor.userId, ref, 'units.import.changed');
  return applyUnitPlan(ctx, actor, await planUnitFile(ctx, actor.principal, file.data), file.row.id);
}

const TEMPLATE_HELP = Array.from({ length: 8 }, (_, i) => `units.template.help${i + 1}` as MessageKey);

/** The XLSX template: the header, example rows (a KPU branch) and an instructions sheet (in Indonesian). */
export async function unitTemplateWorkbook(): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lentera';
  const sheet = wb.addWorksheet('Unit');
  sheet.columns = UNIT_SHEET_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'name' ? 44 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of UNIT_SHEET_COLUMNS) sheet.getColumn(c).numFmt = '@';
  const examples: Record<(typeof UNIT_SHEET_COLUMNS)[number], string>[] = [
    { code: '53', name: 'KPU Provinsi Nusa Tenggara Timur', parent_code: 'SETJEN', kind: 'province', region_code: '53' },
    { code: '5310', name: 'KPU Kabupaten Sikka', parent_code: '53', kind: 'regency', region_code: '5310' },
    { code: '5310-SEKRE', name: 'Sekretariat KPU Kabupaten Sikka', parent_code: '5310', kind: 'unit', region_code: '' },
  ];
  for (const r of examples) sheet.addRow(r);
  const h = wb.addWorksheet('Petunjuk');
  h.getColumn(1).width = 110;
  TEMPLATE_HELP.forEach((k, i) => {
    const row = h.addRow([translate('id', k)]);
    row.alignment = { wrapText: true };
    if (i === 0) row.font = { bold: true, size: 13 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ApiAuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { id: number; login: string | null; name: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  /** Only platform admins see where a change came from. */
  ip: string | null;
  userAgent: string | null;
}

/**
 * The audit log, newest first, paged by id. A platform admin sees every entry; an agency admin or unit
 * operator only entries whose target is a user inside its scope (without address and browser of the actor).
 */
export async function listAuditEntries(
  ctx: AppContext,
  principal: Principal,
  opts: { cursor?: number; limit: number; targetType?: string; targetId?: string },
): Promise<{ items: ApiAuditEntry[]; nextCursor: number | null }> {
  assertAdministrator(principal);
  const scope = adminScope(principal);
  const rows = await ctx.repos.audit.list({
    beforeId: opts.cursor,
    limit: opts.limit + 1,
    targetType: opts.targetType,
    targetId: opts.targetId,
    targetUserUnitPaths: scope === 'all' ? undefined : scope,
  });
  const full = scope === 'all';
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      actor: r.actor_user_id === null ? null : { id: r.actor_user_id, login: r.actor_login ?? null, name: r.actor_name ?? null },
      targetType: r.target_type,
      targetId: r.target_id,
      details: parseDetails(r.details),
      ip: full ? r.ip : null,
      userAgent: full ? r.user_agent : null,
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

function parseDetails(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { text };
  }
}
