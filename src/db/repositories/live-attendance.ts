// Attendance of live sessions from the Zoom participant report (issue 6, part 3). A report of
// 10,000 rows is stored in one transaction with batched inserts (never one round trip per row); the
// attended minutes are computed in the service from the segments read back per batch of enrolments.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AttendanceSource, Database, LiveAttendanceImportTable, LiveAttendancePersonTable } from '../schema.js';
import type { Insertable, Selectable } from 'kysely';

/** 'all' or the unit subtrees (paths) and cohorts whose participants the caller sees. */
export type AttendanceScope = 'all' | { unitPaths: string[]; cohortIds: number[] };

export const ATTENDANCE_STATUSES = ['attended', 'absent', 'completed', 'incomplete', 'marked', 'joined'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface AttendanceFilter {
  activityId: number;
  programmeId: number;
  scope: AttendanceScope;
  /** Participants of the unit with this path and below. */
  unitPath?: string;
  status?: AttendanceStatus;
}

export interface AttendanceRow {
  enrolment_id: number;
  user_id: number;
  name: string;
  nip: string | null;
  unit_name: string | null;
  unit_code: string | null;
  cohort_id: number;
  cohort_title: string;
  minutes: number | null;
  source: AttendanceSource | null;
  mark: 'present' | 'absent' | null;
  mark_reason: string | null;
  joined_at: string | null;
  completed: number;
}

export interface SegmentRow {
  enrolment_id: number;
  start_at: string;
  end_at: string;
  source: AttendanceSource;
}

export type ImportRow = Selectable<LiveAttendanceImportTable>;
export type PersonRow = Selectable<LiveAttendancePersonTable>;
export type NewImport = Omit<Insertable<LiveAttendanceImportTable>, 'id'>;
export type NewPerson = Omit<Insertable<LiveAttendancePersonTable>, 'id' | 'import_id' | 'activity_id'>;
export type NewSegment = { enrolment_id: number; start_at: string; end_at: string; source: AttendanceSource };

/** Rows per INSERT: 1,000 × 7 parameters stays far below SQLite's and PostgreSQL's limits. */
const CHUNK = 1000;
/** Ids per IN list. */
const IN_CHUNK = 500;

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export function liveAttendanceRepository(db: Kysely<Database>) {
  /** Active enrolments of the programme within the scope (e, c, u, ou joined). */
  const population = (programmeId: number, scope: AttendanceScope, unitPath?: string) => {
    let q = db
      .selectFrom('enrolments as e')
      .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('org_units as ou', 'ou.id', 'u.unit_id')
      .where('c.programme_id', '=', programmeId)
      .where('e.status', '=', 'active');
    if (scope !== 'all') {
      const { unitPaths, cohortIds } = scope;
      if (unitPaths.length === 0 && cohortIds.length === 0) q = q.where(sql<boolean>`1 = 0`);
      else q = q.where((eb) => eb.or([...unitPaths.map((p) => eb('ou.path', 'like', `${p}%`)), ...(cohortIds.length ? [eb('e.cohort_id', 'in', cohortIds)] : [])]));
    }
    if (unitPath !== undefined) q = q.where('ou.path', 'like', `${unitPath}%`);
    return q;
  };

  const listQuery = (f: AttendanceFilter) => {
    const joinedAt = sql<string | null>`(select min(lj.joined_at) from live_joins lj where lj.activity_id = ${f.activityId} and lj.enrolment_id = e.id)`;
    let q = population(f.programmeId, f.scope, f.unitPath)
      .leftJoin('live_attendance_totals as t', (j) => j.onRef('t.enrolment_id', '=', 'e.id').on('t.activity_id', '=', f.activityId))
      .leftJoin('live_attendance_marks as m', (j) => j.onRef('m.enrolment_id', '=', 'e.id').on('m.activity_id', '=', f.activityId))
      .leftJoin('activity_progress as ap', (j) => j.onRef('ap.enrolment_id', '=', 'e.id').on('ap.activity_id', '=', f.activityId));
    switch (f.status) {
      case 'attended':
        q = q.where((eb) => eb.or([eb('t.minutes', '>', 0), eb('m.mark', '=', 'present')]));
        break;
      case 'absent':
        q = q.where((eb) => eb.and([eb.or([eb('t.minutes', 'is', null), eb('t.minutes', '=', 0)]), eb.or([eb('m.mark', 'is', null), eb('m.mark', '=', 'absent')])]));
        break;
      case 'completed':
        q = q.where('ap.state', '=', 'completed');
        break;
      case 'incomplete':
        q = q.where((eb) => eb.or([eb('ap.state', 'is', null), eb('ap.state', '!=', 'completed')]));
        break;
      case 'marked':
        q = q.where('m.mark', 'is not', null);
        break;
      case 'joined':
        q = q.where(({ exists, selectFrom }) => exists(selectFrom('live_joins as lj').select(sql`1`.as('one')).where('lj.activity_id', '=', f.activityId).whereRef('lj.enrolment_id', '=', 'e.id')));
        break;
      default:
        break;
    }
    return { q, joinedAt };
  };

  return {
    /** The activity with its programme and the programme's organiser unit. */
    session(activityId: number) {
      return db
        .selectFrom('activities as a')
        .innerJoin('programmes as p', 'p.id', 'a.programme_id')
        .leftJoin('org_units as ou', 'ou.id', 'p.organiser_unit_id')
        .select(['a.id', 'a.title', 'a.kind', 'a.config', 'a.programme_id', 'p.code as programme_code', 'p.title as programme_title', 'ou.path as organiser_path', 'ou.region_code as organiser_region_code'])
        .where('a.id', '=', activityId)
        .executeTakeFirst();
    },

    async cohortIdsOf(programmeId: number): Promise<number[]> {
      const rows = await db.selectFrom('cohorts').select('id').where('programme_id', '=', programmeId).execute();
      return rows.map((r) => r.id);
    },

    /** Every active member of the programme with name, email and current NIP (one query). */
    members(programmeId: number) {
      return population(programmeId, 'all').select(['e.id as enrolment_id', 'u.id as user_id', 'u.name', 'u.email', 'u.nip']).orderBy('e.id').execute();
    },

    /** Earlier and current NIPs / NI PPPKs of the programme's active members (one query). */
    memberNips(programmeId: number) {
      return db
        .selectFrom('user_nips as n')
        .innerJoin('enrolments as e', 'e.user_id', 'n.user_id')
        .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
        .select(['n.user_id', 'n.nip'])
        .where('c.programme_id', '=', programmeId)
        .where('e.status', '=', 'active')
        .execute();
    },

    /** One active member of the programme within the scope, or undefined. */
    member(programmeId: number, scope: AttendanceScope, enrolmentId: number) {
      return population(programmeId, scope)
        .select(['e.id as enrolment_id', 'u.id as user_id', 'u.name', 'u.nip', 'ou.name as unit_name', 'c.title as cohort_title'])
        .where('e.id', '=', enrolmentId)
        .executeTakeFirst();
    },

    /** Members within the scope by id (candidates of an ambiguous person). */
    membersByIds(programmeId: number, scope: AttendanceScope, enrolmentIds: number[]) {
      if (enrolmentIds.length === 0) return Promise.resolve([]);
      return population(programmeId, scope)
        .select(['e.id as enrolment_id', 'u.name', 'u.nip', 'u.email', 'ou.name as unit_name', 'c.title as cohort_title'])
        .where('e.id', 'in', enrolmentIds.slice(0, IN_CHUNK))
        .orderBy('u.name')
        .execute();
    },

    /** Members within the scope whose NIP starts with the digits or whose name contains the text. */
    searchMembers(programmeId: number, scope: AttendanceScope, q: { digits: string | null; text: string }, limit: number) {
      return population(programmeId, scope)
        .select(['e.id as enrolment_id', 'u.name', 'u.nip', 'u.email', 'ou.name as unit_name', 'c.title as cohort_title'])
        .where((eb) =>
          eb.or([
            ...(q.digits ? [eb('u.nip', 'like', `${q.digits}%`)] : []),
            ...(q.text ? [eb(eb.fn('lower', ['u.name']), 'like', `%${q.text.toLowerCase().replace(/[\\%_]/g, '')}%`)] : []),
          ]),
        )
        .orderBy('u.name')
        .orderBy('e.id')
        .limit(limit)
        .execute();
    },

    findImport(activityId: number, sha256: string) {
      return db.selectFrom('live_attendance_imports').selectAll().where('activity_id', '=', activityId).where('sha256', '=', sha256).executeTakeFirst();
    },

    importById(activityId: number, importId: number) {
      return db.selectFrom('live_attendance_imports').selectAll().where('activity_id', '=', activityId).where('id', '=', importId).executeTakeFirst();
    },

    /** The imports of a session, newest first, with their pending people. */
    async imports(activityId: number) {
      const rows = await db.selectFrom('live_attendance_imports').selectAll().where('activity_id', '=', activityId).orderBy('id', 'desc').execute();
      const pending = await db
        .selectFrom('live_attendance_people')
        .select(['import_id', sql<number>`count(*)`.as('n')])
        .where('activity_id', '=', activityId)
        .where('status', '=', 'pending')
        .groupBy('import_id')
        .execute();
      const byImport = new Map(pending.map((p) => [p.import_id, num(p.n)]));
      return rows.map((r) => ({ ...r, pending: byImport.get(r.id) ?? 0 }));
    },

    /**
     * Stores a report in one transaction: the import row, the matched segments and the people left
     * for manual matching. `null` when the same file was stored meanwhile (the unique index decides).
     */
    async storeImport(imp: NewImport, segments: NewSegment[], people: NewPerson[]): Promise<number | null> {
      try {
        return await db.transaction().execute(async (trx: Transaction<Database>) => {
          const { id } = await trx.insertInto('live_attendance_imports').values(imp).returning('id').executeTakeFirstOrThrow();
          for (const part of chunks(segments, CHUNK)) {
            await trx.insertInto('live_attendance_segments').values(part.map((s) => ({ ...s, activity_id: imp.activity_id, import_id: id }))).execute();
          }
          for (const part of chunks(people, 200)) {
            await trx.insertInto('live_attendance_people').values(part.map((p) => ({ ...p, activity_id: imp.activity_id, import_id: id }))).execute();
          }
          return id;
        });
      } catch (err) {
        if (await db.selectFrom('live_attendance_imports').select('id').where('activity_id', '=', imp.activity_id).where('sha256', '=', imp.sha256).executeTakeFirst()) return null;
        throw err;
      }
    },

    /** Segments of the session, of these enrolments only when given (batched IN lists). */
    async segmentsOf(activityId: number, enrolmentIds?: number[]): Promise<SegmentRow[]> {
      const base = () => db.selectFrom('live_attendance_segments').select(['enrolment_id', 'start_at', 'end_at', 'source']).where('activity_id', '=', activityId);
      if (!enrolmentIds) return base().execute() as Promise<SegmentRow[]>;
      const out: SegmentRow[] = [];
      for (const part of chunks(enrolmentIds, IN_CHUNK)) out.push(...((await base().where('enrolment_id', 'in', part).execute()) as SegmentRow[]));
      return out;
    },

    async totalsOf(activityId: number, enrolmentIds: number[]) {
      const out: { enrolment_id: number; minutes: number; source: AttendanceSource }[] = [];
      for (const part of chunks(enrolmentIds, IN_CHUNK)) {
        const rows = await db.selectFrom('live_attendance_totals').select(['enrolment_id', 'minutes', 'source']).where('activity_id', '=', activityId).where('enrolment_id', 'in', part).execute();
        out.push(...rows.map((r) => ({ ...r, minutes: num(r.minutes) })));
      }
      return out;
    },

    async upsertTotals(activityId: number, rows: { enrolment_id: number; minutes: number; source: AttendanceSource }[], now: string): Promise<void> {
      for (const part of chunks(rows, CHUNK)) {
        await db
          .insertInto('live_attendance_totals')
          .values(part.map((r) => ({ activity_id: activityId, enrolment_id: r.enrolment_id, minutes: r.minutes, source: r.source, updated_at: now })))
          .onConflict((oc) => oc.columns(['activity_id', 'enrolment_id']).doUpdateSet((eb) => ({ minutes: eb.ref('excluded.minutes'), source: eb.ref('excluded.source'), updated_at: eb.ref('excluded.updated_at') })))
          .execute();
      }
    },

    /** How people with these keys were resolved in earlier reports of the session (the latest resolution per key). */
    async resolutionsByKey(activityId: number, keys: string[]) {
      const out = new Map<string, { status: 'matched' | 'dismissed'; enrolment_id: number | null }>();
      for (const part of chunks([...new Set(keys)], IN_CHUNK)) {
        const rows = await db
          .selectFrom('live_attendance_people')
          .select(['person_key', 'status', 'enrolment_id', 'id'])
          .where('activity_id', '=', activityId)
          .where('status', '!=', 'pending')
          .where('person_key', 'in', part)
          .orderBy('id')
          .execute();
        for (const r of rows) out.set(r.person_key, { status: r.status as 'matched' | 'dismissed', enrolment_id: r.enrolment_id });
      }
      return out;
    },

    async pendingCount(activityId: number): Promise<number> {
      const row = await db.selectFrom('live_attendance_people').select(sql<number>`count(*)`.as('n')).where('activity_id', '=', activityId).where('status', '=', 'pending').executeTakeFirstOrThrow();
      return num(row.n);
    },

    person(activityId: number, personId: number) {
      return db.selectFrom('live_attendance_people').selectAll().where('activity_id', '=', activityId).where('id', '=', personId).executeTakeFirst();
    },

    /** People of a session left for manual matching (of one import when given), pending first; at most 2,000. */
    people(activityId: number, opts: { importId?: number; status?: 'pending' }) {
      let q = db.selectFrom('live_attendance_people').selectAll().where('activity_id', '=', activityId);
      if (opts.importId !== undefined) q = q.where('import_id', '=', opts.importId);
      if (opts.status) q = q.where('status', '=', opts.status);
      return q.orderBy(sql`case when status = 'pending' then 0 else 1 end`).orderBy('id').limit(2000).execute();
    },

    /**
     * Resolves a pending person and (when matched) stores its segments for the enrolment, in one
     * transaction. False when it was resolved meanwhile.
     */
    async resolvePerson(p: { id: number; activityId: number; importId: number; status: 'matched' | 'dismissed'; enrolmentId: number | null; by: number | null; at: string; note: string | null; segments: NewSegment[] }): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('live_attendance_people')
          .set({ status: p.status, enrolment_id: p.enrolmentId, resolved_by: p.by, resolved_at: p.at, note: p.note })
          .where('id', '=', p.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (num(res.numUpdatedRows) !== 1) return false;
        if (p.segments.length) await trx.insertInto('live_attendance_segments').values(p.segments.map((s) => ({ ...s, activity_id: p.activityId, import_id: p.importId }))).execute();
        return true;
      });
    },

    mark(activityId: number, enrolmentId: number) {
      return db.selectFrom('live_attendance_marks').selectAll().where('activity_id', '=', activityId).where('enrolment_id', '=', enrolmentId).executeTakeFirst();
    },

    async setMark(m: { activityId: number; enrolmentId: number; mark: 'present' | 'absent'; reason: string; by: number | null; at: string }): Promise<void> {
      await db
        .insertInto('live_attendance_marks')
        .values({ activity_id: m.activityId, enrolment_id: m.enrolmentId, mark: m.mark, reason: m.reason, marked_by: m.by, marked_at: m.at })
        .onConflict((oc) => oc.columns(['activity_id', 'enrolment_id']).doUpdateSet({ mark: m.mark, reason: m.reason, marked_by: m.by, marked_at: m.at }))
        .execute();
    },

    async clearMark(activityId: number, enrolmentId: number): Promise<void> {
      await db.deleteFrom('live_attendance_marks').where('activity_id', '=', activityId).where('enrolment_id', '=', enrolmentId).execute();
    },

    /** One page of the attendance list (sorted by name), or every row without `page`. */
    async list(f: AttendanceFilter, page?: { offset: number; limit: number }): Promise<AttendanceRow[]> {
      const { q, joinedAt } = listQuery(f);
      let query = q
        .select([
          'e.id as enrolment_id',
          'u.id as user_id',
          'u.name as name',
          'u.nip as nip',
          'ou.name as unit_name',
          'ou.code as unit_code',
          'c.id as cohort_id',
          'c.title as cohort_title',
          't.minutes as minutes',
          't.source as source',
          'm.mark as mark',
          'm.reason as mark_reason',
          joinedAt.as('joined_at'),
          sql<number>`case when ap.state = 'completed' then 1 else 0 end`.as('completed'),
        ])
        .orderBy('u.name')
        .orderBy('e.id');
      if (page) query = query.offset(page.offset).limit(page.limit);
      const rows = await query.execute();
      return rows.map((r) => ({ ...r, minutes: r.minutes === null ? null : num(r.minutes), completed: num(r.completed) })) as AttendanceRow[];
    },

    /** Counts over the population in scope (filters apart from the status). */
    async summary(f: AttendanceFilter) {
      const { q } = listQuery({ ...f, status: undefined });
      const row = await q
        .select([
          sql<number>`count(*)`.as('participants'),
          sql<number>`sum(case when t.minutes > 0 or m.mark = 'present' then 1 else 0 end)`.as('attended'),
          sql<number>`sum(case when ap.state = 'completed' then 1 else 0 end)`.as('completed'),
          sql<number>`sum(case when m.mark is not null then 1 else 0 end)`.as('marked'),
          sql<number>`sum(case when exists (select 1 from live_joins lj where lj.activity_id = ${f.activityId} and lj.enrolment_id = e.id) then 1 else 0 end)`.as('joined'),
        ])
        .executeTakeFirstOrThrow();
      const matching = f.status ? num((await listQuery(f).q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n) : num(row.participants);
      return { participants: num(row.participants), attended: num(row.attended), completed: num(row.completed), marked: num(row.marked), joined: num(row.joined), matching };
    },

    /** The units of the participants in scope (for the unit filter). */
    populationUnits(programmeId: number, scope: AttendanceScope) {
      return population(programmeId, scope).select(['ou.id', 'ou.path']).where('ou.id', 'is not', null).distinct().execute();
    },
  };
}
