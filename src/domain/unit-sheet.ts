// The organisation tree's pure rules: what a valid unit is (code, name, kind, region code), the
// CSV/XLSX import template (columns code, name, parent_code, kind, region_code; one unit per row;
// parents may appear before or after their children) and the import plan: which rows create a
// unit, which rename/move an existing one, and every bad row with its reasons (unknown parent,
// parent outside the scope, cycle, duplicate code, unknown kind, …). No I/O.
import { UNIT_KINDS, type UnitKind } from '../db/schema.js';
import { zoneForRegionCode } from './regions.js';

export const UNIT_SHEET_COLUMNS = ['code', 'name', 'parent_code', 'kind', 'region_code'] as const;
export type UnitSheetColumn = (typeof UNIT_SHEET_COLUMNS)[number];
const REQUIRED: readonly UnitSheetColumn[] = ['code', 'name', 'parent_code', 'kind'];

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_UNIT_NAME = 200;
export const MAX_UNIT_ROWS = 10_000;

export type UnitProblemCode =
  | 'file_empty'
  | 'file_unreadable'
  | 'column_missing'
  | 'too_many_rows'
  | 'code_required'
  | 'code_invalid'
  | 'name_required'
  | 'name_too_long'
  | 'kind_required'
  | 'kind_unknown'
  | 'region_invalid'
  | 'duplicate_code'
  | 'code_ambiguous'
  | 'code_taken'
  | 'parent_required'
  | 'parent_unknown'
  | 'parent_outside_scope'
  | 'parent_ambiguous'
  | 'agency_immovable'
  | 'cycle';

export interface UnitProblem {
  field: string;
  code: UnitProblemCode;
  params?: Record<string, string | number>;
}
export interface UnitRowProblem extends UnitProblem {
  row: number;
}

export interface UnitSheetRow {
  row: number;
  cells: string[];
}

/** One valid row of the file. */
export interface UnitDraft {
  row: number;
  code: string;
  name: string;
  /** Null: a new agency (a root), or for an existing unit "keep its parent". */
  parentCode: string | null;
  kind: UnitKind;
  regionCode: string | null;
}

// ---------------------------------------------------------------- single values

const KIND_ALIASES: Record<string, UnitKind> = {
  agency: 'agency',
  instansi: 'agency',
  secretariat: 'secretariat',
  sekretariat: 'secretariat',
  province: 'province',
  provinsi: 'province',
  regency: 'regency',
  kabupaten: 'regency',
  kota: 'regency',
  'kabupaten/kota': 'regency',
  kabupaten_kota: 'regency',
  unit: 'unit',
};

/** A kind in English (`province`) or Indonesian (`provinsi`, `kabupaten/kota`), any case; null when unknown. */
export function parseUnitKind(text: string): UnitKind | null {
  const v = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return KIND_ALIASES[v] ?? KIND_ALIASES[v.replace(/ /g, '_')] ?? null;
}

export const isUnitKind = (v: string): v is UnitKind => (UNIT_KINDS as readonly string[]).includes(v);

/** A Kemendagri region code ('53', '5371' or '53.71') normalised to digits, or null when malformed or unknown. Empty → undefined. */
export function parseRegionCode(text: string): string | null | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  if (!zoneForRegionCode(v)) return null;
  return v.replace('.', '');
}

/** Problems of one unit's own fields (the form, the API and each sheet row share them). */
export function unitFieldProblems(u: { code?: string; name?: string; kind?: string; regionCode?: string }): UnitProblem[] {
  const out: UnitProblem[] = [];
  if (u.code !== undefined) {
    if (u.code === '') out.push({ field: 'code', code: 'code_required' });
    else if (!UNIT_CODE_PATTERN.test(u.code)) out.push({ field: 'code', code: 'code_invalid' });
  }
  if (u.name !== undefined) {
    if (u.name === '') out.push({ field: 'name', code: 'name_required' });
    else if (u.name.length > MAX_UNIT_NAME) out.push({ field: 'name', code: 'name_too_long', params: { max: MAX_UNIT_NAME } });
  }
  if (u.kind !== undefined) {
    if (u.kind.trim() === '') out.push({ field: 'kind', code: 'kind_required' });
    else if (!parseUnitKind(u.kind)) out.push({ field: 'kind', code: 'kind_unknown', params: { value: u.kind.trim().slice(0, 40) } });
  }
  if (u.regionCode !== undefined && parseRegionCode(u.regionCode) === null) out.push({ field: 'region_code', code: 'region_invalid' });
  return out;
}

// ---------------------------------------------------------------- the sheet

const HEADER_ALIASES: Record<string, UnitSheetColumn> = {
  code: 'code',
  kode: 'code',
  kode_unit: 'code',
  unit_code: 'code',
  name: 'name',
  nama: 'name',
  nama_unit: 'name',
  unit_name: 'name',
  parent_code: 'parent_code',
  parent: 'parent_code',
  kode_induk: 'parent_code',
  induk: 'parent_code',
  kode_unit_induk: 'parent_code',
  kind: 'kind',
  jenis: 'kind',
  jenis_unit: 'kind',
  region_code: 'region_code',
  region: 'region_code',
  kode_wilayah: 'region_code',
  wilayah: 'region_code',
};

const columnOf = (header: string): UnitSheetColumn | undefined =>
  HEADER_ALIASES[
    header
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
      .replace(/[^a-z_]/g, '')
  ];

export interface ParsedUnitSheet {
  drafts: UnitDraft[];
  problems: UnitRowProblem[];
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** The code of every data row, valid or not (a child of a bad row is not reported again). */
  fileCodes: Set<string>;
}

/** Reads the rows (the first non-blank row is the header) into drafts, listing every problem of every row. */
export function parseUnitSheet(rows: readonly UnitSheetRow[]): ParsedUnitSheet {
  const problems: UnitRowProblem[] = [];
  const drafts: UnitDraft[] = [];
  const fileCodes = new Set<string>();
  const header = rows.find((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header) return { drafts, problems: [{ row: 1, field: 'file', code: 'file_empty' }], rows: 0, fileCodes };
  const index = new Map<UnitSheetColumn, number>();
  header.cells.forEach((c, i) => {
    const col = columnOf(c);
    if (col && !index.has(col)) index.set(col, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) return { drafts, problems: missing.map((c) => ({ row: header.row, field: c, code: 'column_missing' as const, params: { column: c } })), rows: 0, fileCodes };
  const data = rows.filter((r) => r.row > header.row && r.cells.some((c) => c.trim() !== ''));
  if (data.length > MAX_UNIT_ROWS) return { drafts, problems: [{ row: header.row, field: 'file', code: 'too_many_rows', params: { max: MAX_UNIT_ROWS } }], rows: data.length, fileCodes };
  if (data.length === 0) return { drafts, problems: [{ row: header.row, field: 'file', code: 'file_empty' }], rows: 0, fileCodes };

  const firstRowOf = new Map<string, number>();
  for (const r of data) {
    const cell = (col: UnitSheetColumn) => {
      const i = index.get(col);
      return (i === undefined ? '' : (r.cells[i] ?? '')).trim();
    };
    const code = cell('code');
    const name = cell('name').replace(/\s+/g, ' ');
    const parentCode = cell('parent_code');
    const kindText = cell('kind');
    const regionText = cell('region_code');
    const rowProblems = unitFieldProblems({ code, name, kind: kindText, regionCode: regionText });
    if (parentCode !== '' && !UNIT_CODE_PATTERN.test(parentCode)) rowProblems.push({ field: 'parent_code', code: 'parent_unknown', params: { code: parentCode.slice(0, 64) } });
    if (code) {
      fileCodes.add(code);
      const first = firstRowOf.get(code);
      if (first === undefined) firstRowOf.set(code, r.row);
      else rowProblems.push({ field: 'code', code: 'duplicate_code', params: { code, row: first } });
    }
    if (rowProblems.length) {
      for (const p of rowProblems) problems.push({ row: r.row, ...p });
      continue;
    }
    drafts.push({ row: r.row, code, name, parentCode: parentCode || null, kind: parseUnitKind(kindText)!, regionCode: parseRegionCode(regionText) ?? null });
  }
  // A code seen twice: its first row is no more valid than the second (which one would win?).
  const dupCodes = new Set(problems.filter((p) => p.code === 'duplicate_code').map((p) => String(p.params!.code)));
  const kept: UnitDraft[] = [];
  for (const d of drafts) {
    if (dupCodes.has(d.code)) problems.push({ row: d.row, field: 'code', code: 'duplicate_code', params: { code: d.code, row: d.row } });
    else kept.push(d);
  }
  return { drafts: kept, problems, rows: data.length, fileCodes };
}

// ---------------------------------------------------------------- the plan

/** A stored unit inside the caller's scope. */
export interface ScopeUnit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string | null;
  parentId: number | null;
  agencyId: number;
  depth: number;
}

/** Where a planned unit goes: under a stored unit (id), under a unit created by the same file (code), or at the top (a new agency). */
export type ParentRef = { id: number } | { code: string } | null;

export interface PlannedCreate {
  row: number;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string | null;
  parent: ParentRef;
  /** Depth in the resulting tree: creates and moves are applied in this order (parents first). */
  depth: number;
}

export interface PlannedUpdate {
  row: number;
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string | null;
  /** Set when the unit moves. */
  moveTo?: Exclude<ParentRef, null>;
  depth: number;
}

export interface UnitImportPlan {
  problems: UnitRowProblem[];
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  totals: { new: number; updated: number; moved: number; unchanged: number };
}

export interface PlanInput {
  drafts: readonly UnitDraft[];
  fileCodes: ReadonlySet<string>;
  /** Every stored unit inside the caller's scope. */
  scope: readonly ScopeUnit[];
  /** Stored units outside the scope whose code appears in the file (their agency only: nothing else is revealed). */
  outside: readonly { code: string; agencyId: number }[];
  /** Platform admins may create agencies (rows without a parent code). */
  canCreateAgencies: boolean;
}

type Key = string; // 'u:<id>' for a stored unit, 'n:<code>' for a unit the file creates

/**
 * Resolves every valid row against the scope and the rest of the file and lists what an apply
 * would write. Rows that cannot be applied are reported; the caller applies nothing then.
 */
export function planUnitImport(input: PlanInput): UnitImportPlan {
  const problems: UnitRowProblem[] = [];
  const byCode = new Map<string, ScopeUnit[]>();
  const byId = new Map<number, ScopeUnit>();
  for (const u of input.scope) {
    byId.set(u.id, u);
    const list = byCode.get(u.code);
    if (list) list.push(u);
    else byCode.set(u.code, [u]);
  }
  const outsideCodes = new Set(input.outside.map((o) => o.code));
  const draftByCode = new Map(input.drafts.map((d) => [d.code, d]));

  /** The stored unit a code of the file names, 'ambiguous' when several units of the scope carry it. */
  const stored = (code: string): ScopeUnit | 'ambiguous' | null => {
    const list = byCode.get(code);
    if (!list) return null;
    return list.length > 1 ? 'ambiguous' : list[0]!;
  };

  interface Node {
    draft: UnitDraft;
    key: Key;
    existing: ScopeUnit | null;
    /** Resulting parent; undefined = unchanged stored parent. */
    parent?: Key | null;
    bad: boolean;
  }
  const nodes = new Map<Key, Node>();
  const nodeOfCode = new Map<string, Node>();
  const fail = (n: Node, p: UnitProblem) => {
    n.bad = true;
    problems.push({ row: n.draft.row, ...p });
  };

  // 1. Each row: a stored unit of the scope (update) or a new one (create).
  for (const d of input.drafts) {
    const s = stored(d.code);
    const node: Node = { draft: d, key: s && s !== 'ambiguous' ? `u:${s.id}` : `n:${d.code}`, existing: s && s !== 'ambiguous' ? s : null, bad: false };
    nodeOfCode.set(d.code, node);
    if (s === 'ambiguous') {
      fail(node, { field: 'code', code: 'code_ambiguous', params: { code: d.code } });
      continue;
    }
    nodes.set(node.key, node);
  }

  // 2. Each row's parent.
  const unresolved = new Set<Node>();
  for (const node of nodeOfCode.values()) {
    if (node.bad) continue;
    const d = node.draft;
    if (d.parentCode === null) {
      if (node.existing) node.parent = undefined;
      else if (input.canCreateAgencies) node.parent = null;
      else fail(node, { field: 'parent_code', code: 'parent_required' });
      continue;
    }
    if (node.existing && node.existing.parentId === null) {
      fail(node, { field: 'parent_code', code: 'agency_immovable', params: { code: d.code } });
      continue;
    }
    if (d.parentCode === d.code) {
      fail(node, { field: 'parent_code', code: 'cycle', params: { code: d.code } });
      continue;
    }
    const inFile = nodeOfCode.get(d.parentCode);
    if (inFile) {
      if (inFile.bad) unresolved.add(node);
      else node.parent = inFile.key;
      continue;
    }
    if (input.fileCodes.has(d.parentCode) && !draftByCode.has(d.parentCode)) {
      // The parent's own row is bad (reported there): nothing more to say about this one.
      unresolved.add(node);
      continue;
    }
    const s = stored(d.parentCode);
    if (s === 'ambiguous') fail(node, { field: 'parent_code', code: 'parent_ambiguous', params: { code: d.parentCode } });
    else if (s) node.parent = `u:${s.id}`;
    else if (outsideCodes.has(d.parentCode)) fail(node, { field: 'parent_code', code: 'parent_outside_scope', params: { code: d.parentCode } });
    else fail(node, { field: 'parent_code', code: 'parent_unknown', params: { code: d.parentCode } });
  }

  // 3. The resulting tree: parent of a key (undefined: outside the scope, i.e. above it).
  const parentOf = (key: Key): Key | null | undefined => {
    const n = nodes.get(key);
    if (n && !n.bad && !unresolved.has(n) && n.parent !== undefined) return n.parent;
    if (key.startsWith('n:')) return null;
    const u = byId.get(Number(key.slice(2)))!;
    if (u.parentId === null) return null;
    return byId.has(u.parentId) ? `u:${u.parentId}` : undefined;
  };
  const depth = new Map<Key, number>();
  const agency = new Map<Key, string>();
  const state = new Map<Key, 'visiting' | 'done'>();
  const inCycle = new Set<Key>();
  const belowCycle = new Set<Key>();
  const visit = (start: Key) => {
    const stack: Key[] = [];
    let k: Key | null | undefined = start;
    // Walk up until a key whose depth is known, the top, or a key already on this walk (a cycle).
    while (k !== null && k !== undefined && state.get(k) !== 'done') {
      if (state.get(k) === 'visiting') {
        const from = stack.indexOf(k);
        for (const c of stack.slice(from)) inCycle.add(c);
        break;
      }
      state.set(k, 'visiting');
      stack.push(k);
      k = parentOf(k);
    }
    for (let i = stack.length - 1; i >= 0; i--) {
      const key = stack[i]!;
      state.set(key, 'done');
      if (inCycle.has(key)) continue;
      const p = parentOf(key);
      if (p === null) {
        depth.set(key, 0);
        agency.set(key, key.startsWith('u:') ? `u:${byId.get(Number(key.slice(2)))!.agencyId}` : key);
      } else if (p === undefined) {
        const u = byId.get(Number(key.slice(2)))!;
        depth.set(key, u.depth);
        agency.set(key, `u:${u.agencyId}`);
      } else if (!depth.has(p)) {
        belowCycle.add(key); // below a cycle: no place in the tree either
      } else {
        depth.set(key, depth.get(p)! + 1);
        agency.set(key, agency.get(p)!);
      }
    }
  };
  for (const key of nodes.keys()) visit(key);
  for (const u of input.scope) visit(`u:${u.id}`);
  for (const n of nodes.values()) {
    if (n.bad || unresolved.has(n)) continue;
    if (inCycle.has(n.key) && n.parent !== undefined) fail(n, { field: 'parent_code', code: 'cycle', params: { code: n.draft.code } });
    else if (belowCycle.has(n.key)) unresolved.add(n);
  }

  // 4. Codes are unique per agency: in the resulting tree, and against units outside the scope.
  const taken = new Map<string, Key[]>();
  const at = (agencyKey: string, code: string) => `${agencyKey}\u0000${code}`;
  for (const u of input.scope) {
    const a = agency.get(`u:${u.id}`);
    if (a === undefined) continue;
    const list = taken.get(at(a, u.code)) ?? [];
    list.push(`u:${u.id}`);
    taken.set(at(a, u.code), list);
  }
  for (const n of nodes.values()) {
    if (n.bad || n.existing) continue;
    const a = agency.get(n.key);
    if (a === undefined) continue;
    const list = taken.get(at(a, n.draft.code)) ?? [];
    list.push(n.key);
    taken.set(at(a, n.draft.code), list);
  }
  const outsideAt = new Set(input.outside.map((o) => at(`u:${o.agencyId}`, o.code)));
  for (const n of nodes.values()) {
    if (n.bad) continue;
    const a = agency.get(n.key);
    if (a === undefined) continue;
    const k = at(a, n.draft.code);
    if ((taken.get(k)?.length ?? 0) > 1 || outsideAt.has(k)) fail(n, { field: 'code', code: 'code_taken', params: { code: n.draft.code } });
  }

  // 5. What an apply writes, parents first.
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  const totals = { new: 0, updated: 0, moved: 0, unchanged: 0 };
  const refOf = (key: Key): Exclude<ParentRef, null> => (key.startsWith('u:') ? { id: Number(key.slice(2)) } : { code: key.slice(2) });
  for (const n of nodes.values()) {
    if (n.bad || unresolved.has(n)) continue;
    const d = n.draft;
    const dep = depth.get(n.key) ?? 0;
    if (!n.existing) {
      totals.new++;
      creates.push({ row: d.row, code: d.code, name: d.name, kind: d.kind, regionCode: d.regionCode, parent: n.parent ? refOf(n.parent) : null, depth: dep });
      continue;
    }
    const e = n.existing;
    const currentParent = e.parentId === null ? null : `u:${e.parentId}`;
    const moves = n.parent !== undefined && n.parent !== null && n.parent !== currentParent;
    const changed = e.name !== d.name || e.kind !== d.kind || e.regionCode !== d.regionCode;
    if (!moves && !changed) {
      totals.unchanged++;
      continue;
    }
    if (moves) totals.moved++;
    if (changed) totals.updated++;
    updates.push({ row: d.row, id: e.id, code: d.code, name: d.name, kind: d.kind, regionCode: d.regionCode, ...(moves ? { moveTo: refOf(n.parent!) } : {}), depth: dep });
  }
  creates.sort((a, b) => a.depth - b.depth || a.row - b.row);
  updates.sort((a, b) => a.depth - b.depth || a.row - b.row);
  problems.sort((a, b) => a.row - b.row);
  return { problems, creates, updates, totals };
}
