import type { Kysely } from 'kysely';
import type { Database, NewUser, OrgUnit, Role, RoleAssignment, User, UserUpdate } from '../schema.js';
import { preparedQuery, tableColumns } from '../prepared.js';

/** Every column of users (for prepared queries, which list their columns). */
export const USER_COLUMNS = tableColumns('users', {
  id: true, login: true, nip: true, name: true, email: true, phone: true, employment_type: true, position: true, unit_id: true, password_hash: true,
  must_change_password: true, locale: true, status: true, created_at: true, updated_at: true, password_changed_at: true, last_login_at: true,
  nik_encrypted: true, activation_code_hash: true, activation_code_issued_at: true,
});

export type UserWithUnit = User & { unit_code: string | null; unit_name: string | null; unit_region_code: string | null; unit_path: string | null };

/** The roles of a user with their units: read for the principal of most signed-in requests. */
const rolesWithUnitsQuery = preparedQuery((db, a: { userId: number }) =>
  db
    .selectFrom('role_assignments')
    .leftJoin('org_units', 'org_units.id', 'role_assignments.unit_id')
    .select(tableColumns('role_assignments', { id: true, user_id: true, role: true, unit_id: true, cohort_id: true, created_at: true, created_by: true }))
    .select(['org_units.code as unit_code', 'org_units.name as unit_name', 'org_units.path as unit_path'])
    .where('role_assignments.user_id', '=', a.userId)
    .orderBy('role_assignments.id'),
);

export function usersRepository(db: Kysely<Database>) {
  const withUnit = () =>
    db
      .selectFrom('users')
      .leftJoin('org_units', 'org_units.id', 'users.unit_id')
      .selectAll('users')
      .select(['org_units.code as unit_code', 'org_units.name as unit_name', 'org_units.region_code as unit_region_code', 'org_units.path as unit_path']);

  return {
    findById: (id: number) => withUnit().where('users.id', '=', id).executeTakeFirst() as Promise<UserWithUnit | undefined>,
    findByLogin: (login: string) => withUnit().where('users.login', '=', login).executeTakeFirst() as Promise<UserWithUnit | undefined>,
    findByNip: (nip: string) => withUnit().where('users.nip', '=', nip).executeTakeFirst() as Promise<UserWithUnit | undefined>,
    findByEmail: (email: string) => withUnit().where('users.email', '=', email).executeTakeFirst() as Promise<UserWithUnit | undefined>,

    async insert(user: NewUser): Promise<number> {
      const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async update(id: number, patch: UserUpdate): Promise<void> {
      await db.updateTable('users').set(patch).where('id', '=', id).execute();
    },

    /** Users whose unit lies in one of the given subtrees (by materialised path), newest id first after the cursor. */
    async listInScope(opts: { unitPaths: string[] | 'all'; afterId?: number; limit: number; q?: string; withinPath?: string }): Promise<UserWithUnit[]> {
      let query = withUnit();
      if (opts.unitPaths !== 'all') {
        const paths = opts.unitPaths;
        if (paths.length === 0) return [];
        query = query.where((eb) => eb.or(paths.map((p) => eb('org_units.path', 'like', `${p}%`))));
      }
      if (opts.withinPath !== undefined) query = query.where('org_units.path', 'like', `${opts.withinPath}%`);
      if (opts.afterId !== undefined) query = query.where('users.id', '>', opts.afterId);
      if (opts.q) {
        const like = `%${opts.q.toLowerCase()}%`;
        query = query.where((eb) =>
          eb.or([
            eb('users.login', 'like', like),
            eb('users.nip', 'like', like),
            eb(eb.fn('lower', ['users.name']), 'like', like),
            eb(eb.fn('lower', ['users.email']), 'like', like),
          ]),
        );
      }
      return (await query.orderBy('users.id').limit(opts.limit).execute()) as UserWithUnit[];
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    rolesOf: (userId: number) => db.selectFrom('role_assignments').selectAll().where('user_id', '=', userId).orderBy('id').execute(),

    async rolesWithUnits(userId: number): Promise<(RoleAssignment & { unit_code: string | null; unit_name: string | null; unit_path: string | null })[]> {
      return rolesWithUnitsQuery.execute(db, { userId });
    },

    /** Role assignments (with their unit) of several users at once: one query for a page of users. */
    async rolesOfUsers(userIds: number[]): Promise<(RoleAssignment & { unit_code: string | null; unit_name: string | null; unit_path: string | null })[]> {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('role_assignments')
        .leftJoin('org_units', 'org_units.id', 'role_assignments.unit_id')
        .selectAll('role_assignments')
        .select(['org_units.code as unit_code', 'org_units.name as unit_name', 'org_units.path as unit_path'])
        .where('role_assignments.user_id', 'in', userIds)
        .orderBy('role_assignments.id')
        .execute();
    },

    async addRole(a: { user_id: number; role: Role; unit_id: number | null; cohort_id: number | null; created_at: string; created_by: number | null }): Promise<number> {
      const existing = await db
        .selectFrom('role_assignments')
        .select('id')
        .where('user_id', '=', a.user_id)
        .where('role', '=', a.role)
        .where((eb) => (a.unit_id === null ? eb('unit_id', 'is', null) : eb('unit_id', '=', a.unit_id)))
        .where((eb) => (a.cohort_id === null ? eb('cohort_id', 'is', null) : eb('cohort_id', '=', a.cohort_id)))
        .executeTakeFirst();
      if (existing) return existing.id;
      const row = await db.insertInto('role_assignments').values(a).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async removeRole(userId: number, assignmentId: number): Promise<boolean> {
      const res = await db.deleteFrom('role_assignments').where('id', '=', assignmentId).where('user_id', '=', userId).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
export type { OrgUnit };
