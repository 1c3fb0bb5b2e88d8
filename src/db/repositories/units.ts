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
    async insert(u: { parent: OrgUnit | null; code: string; name: string; kind: UnitKind; region_code: string | null; now: string }): Promise<OrgUnit> {
      return db.transaction().execute(async (trx) => {
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
      });
    },
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
export type UnitsRepository = ReturnType<typeof unitsRepository>;
