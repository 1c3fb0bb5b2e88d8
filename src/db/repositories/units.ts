import { sql, type Kysely } from 'kysely';
import type { Database, OrgUnit, UnitKind } from '../schema.js';

export function unitsRepository(db: Kysely<Database>) {
  return {
    findById: (id: number) => db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst(),
    findByCode: (code: string, agencyId?: number) => {
      let q = db.selectFrom('org_units').selectAll().where('code', '=', code);
      if (agencyId !== undefined) q = q.where('agency_id', '=', agencyId);
      return q.orderBy('id').executeTakeFirst();
    },
    /** Every unit with this code (codes are unique per agency, so several agencies may share one). */
    findAllByCode: (code: string) => db.selectFrom('org_units').selectAll().where('code', '=', code).orderBy('id').execute(),
    findManyByIds: (ids: number[]) => (ids.length ? db.selectFrom('org_units').selectAll().where('id', 'in', ids).execute() : Promise.resolve([] as OrgUnit[])),
    /** Children of a unit (or the roots), ordered by code, after a code cursor. */
    childrenPage: (parentId: number | null, opts: { afterCode?: string; limit: number }) => {
      let q = db
        .selectFrom('org_units')
        .selectAll()
        .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)));
      if (opts.afterCode !== undefined) q = q.where('code', '>', opts.afterCode);
      return q.orderBy('code').limit(opts.limit).execute();
    },
    /** Number of direct children per unit. */
    async childCounts(ids: number[]): Promise<Map<number, number>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('org_units')
        .select(['parent_id', (eb) => eb.fn.countAll().as('n')])
        .where('parent_id', 'in', ids)
        .groupBy('parent_id')
        .execute();
      return new Map(rows.map((r) => [Number(r.parent_id), Number(r.n)]));
    },
    /** Number of users in each unit's whole subtree (the unit itself and every unit below). */
    async subtreeUserCounts(ids: number[]): Promise<Map<number, number>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('org_units as c')
        .innerJoin('org_units as d', (j) => j.on(sql`d.path`, 'like', sql`c.path || '%'`))
        .innerJoin('users as u', 'u.unit_id', 'd.id')
        .select(['c.id', (eb) => eb.fn.count('u.id').as('n')])
        .where('c.id', 'in', ids)
        .groupBy('c.id')
        .execute();
      return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
    },
    findManyByCodes: (codes: string[]) => (codes.length ? db.selectFrom('org_units').selectAll().where('code', 'in', codes).execute() : Promise.resolve([] as OrgUnit[])),
    /** Inserts a unit under its parent (or as an agency root), keeping path, depth and agency in step. */
    insert: (u: NewUnit): Promise<OrgUnit> => db.transaction().execute((trx) => insertUnit(trx, u)),
    /** Name, kind and region code of one unit. */
    async update(id: number, fields: Partial<Pick<OrgUnit, 'name' | 'kind' | 'region_code'>>, now: string): Promise<void> {
      await db.updateTable('org_units').set({ ...fields, updated_at: now }).where('id', '=', id).execute();
    },
    /**
     * Moves a unit with its whole subtree under another parent in one transaction: the paths, depths
     * and agency of every unit below are rewritten (ids stay, so users, enrolments and history keep
     * pointing at them). 'cycle' (nothing written) when the new parent is the unit or lies below it.
     */
    moveSubtree: (unitId: number, parentId: number, now: string): Promise<MoveResult> => db.transaction().execute((trx) => moveUnit(trx, unitId, parentId, now)),
    /** Number of units below a unit (its whole subtree without itself). */
    async descendantCount(path: string): Promise<number> {
      const row = await db.selectFrom('org_units').select((eb) => eb.fn.countAll().as('n')).where('path', 'like', `${path}%`).executeTakeFirstOrThrow();
      return Math.max(0, Number(row.n) - 1);
    },
    /**
     * Applies an import plan all or nothing, in the given order (parents before children): creates,
     * renames and subtree moves. Returns the created units by code and each updated unit as it was before.
     */
    applyImport: (ops: readonly UnitImportOp[], now: string) =>
      db.transaction().execute(async (trx) => {
        const created = new Map<string, OrgUnit>();
        const before = new Map<number, OrgUnit>();
        const parentRow = async (ref: { id: number } | { code: string }): Promise<OrgUnit> => {
          if ('code' in ref) {
            const c = created.get(ref.code);
            if (!c) throw new Error(`import: parent ${ref.code} not created yet`);
            return (await trx.selectFrom('org_units').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
          }
          return trx.selectFrom('org_units').selectAll().where('id', '=', ref.id).executeTakeFirstOrThrow();
        };
        for (const op of ops) {
          if (op.op === 'create') {
            const parent = op.parent ? await parentRow(op.parent) : null;
            created.set(op.code, await insertUnit(trx, { parent, code: op.code, name: op.name, kind: op.kind, region_code: op.regionCode, now }));
            continue;
          }
          const current = await trx.selectFrom('org_units').selectAll().where('id', '=', op.id).executeTakeFirstOrThrow();
          before.set(op.id, current);
          if (current.name !== op.name || current.kind !== op.kind || current.region_code !== op.regionCode) {
            await trx.updateTable('org_units').set({ name: op.name, kind: op.kind, region_code: op.regionCode, updated_at: now }).where('id', '=', op.id).execute();
          }
          if (op.moveTo) {
            const res = await moveUnit(trx, op.id, (await parentRow(op.moveTo)).id, now);
            if (res.status !== 'moved') throw new Error(`import: move of unit ${op.id} refused (${res.status})`);
          }
        }
        return { created, before };
      }),
    children: (parentId: number | null) =>
      db
        .selectFrom('org_units')
        .selectAll()
        .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
        .orderBy('code')
        .execute(),
    subtree: (path: string) => db.selectFrom('org_units').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute(),
    all: () => db.selectFrom('org_units').selectAll().orderBy('path').execute(),
    async count(): Promise<number> {
      const row = await db.selectFrom('org_units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export interface NewUnit {
  parent: OrgUnit | null;
  code: string;
  name: string;
  kind: UnitKind;
  region_code: string | null;
  now: string;
}

export type MoveResult = { status: 'moved'; before: OrgUnit; after: OrgUnit; descendants: number } | { status: 'cycle' | 'missing' | 'unchanged' };

export type UnitImportOp =
  | { op: 'create'; code: string; name: string; kind: UnitKind; regionCode: string | null; parent: { id: number } | { code: string } | null }
  | { op: 'update'; id: number; name: string; kind: UnitKind; regionCode: string | null; moveTo?: { id: number } | { code: string } };

async function insertUnit(trx: Kysely<Database>, u: NewUnit): Promise<OrgUnit> {
  const row = await trx
    .insertInto('org_units')
    .values({
      parent_id: u.parent?.id ?? null,
      agency_id: u.parent ? u.parent.agency_id : null,
      path: '/',
      depth: u.parent ? u.parent.depth + 1 : 0,
      code: u.code,
      name: u.name,
      kind: u.kind,
      region_code: u.region_code,
      created_at: u.now,
      updated_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${u.parent ? u.parent.path : '/'}${row.id}/`;
  await trx
    .updateTable('org_units')
    .set({ path, agency_id: u.parent ? u.parent.agency_id : row.id })
    .where('id', '=', row.id)
    .execute();
  return trx.selectFrom('org_units').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

async function moveUnit(trx: Kysely<Database>, unitId: number, parentId: number, now: string): Promise<MoveResult> {
  const unit = await trx.selectFrom('org_units').selectAll().where('id', '=', unitId).executeTakeFirst();
  const parent = await trx.selectFrom('org_units').selectAll().where('id', '=', parentId).executeTakeFirst();
  if (!unit || !parent) return { status: 'missing' };
  if (parent.path.startsWith(unit.path)) return { status: 'cycle' };
  if (unit.parent_id === parent.id) return { status: 'unchanged' };
  const oldPath = unit.path;
  const newPath = `${parent.path}${unit.id}/`;
  const delta = parent.depth + 1 - unit.depth;
  const res = await trx
    .updateTable('org_units')
    .set({
      path: sql<string>`cast(${newPath} as text) || substr(path, cast(${oldPath.length + 1} as integer))`,
      depth: sql<number>`depth + cast(${delta} as integer)`,
      agency_id: parent.agency_id,
    })
    .where('path', 'like', `${oldPath}%`)
    .executeTakeFirst();
  await trx.updateTable('org_units').set({ parent_id: parent.id, updated_at: now }).where('id', '=', unit.id).execute();
  const after = await trx.selectFrom('org_units').selectAll().where('id', '=', unit.id).executeTakeFirstOrThrow();
  return { status: 'moved', before: unit, after, descendants: Math.max(0, Number(res.numUpdatedRows) - 1) };
}

export type UnitsRepository = ReturnType<typeof unitsRepository>;
