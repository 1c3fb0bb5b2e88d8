// Monitoring (issue 5): counts by exclusive status per unit, participant lists, who is behind, for
// one cohort and the caller's scope. Everything is aggregated in SQL from the monitoring columns the
// learning service keeps on each enrolment (state, zone, due_on); "behind" is computed here from
// today's local date in each zone, passed in by the caller. Withdrawn enrolments are never counted.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { MonitoringStatus, TodayByZone } from '../../domain/monitoring.js';

/**
 * Which participants count, by their unit: all of them, those of these units (the subtrees resolved
 * to unit ids: the query then walks from the units' users to their enrolments, through indexes),
 * or those of these subtrees (paths; for very large subtrees).
 */
export type UnitRestriction = 'all' | { ids: number[] } | { paths: string[] };

export interface MonitorPopulation {
  cohortId: number;
  units: UnitRestriction;
  status?: MonitoringStatus;
  today: TodayByZone;
}

export const PARTICIPANT_SORTS = ['name', 'nip', 'unit', 'status', 'progress', 'due'] as const;
export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

export interface UnitCountRow {
  unit_id: number | null;
  never_signed_in: number;
  in_progress: number;
  behind: number;
  failed: number;
  passed: number;
  certified: number;
}

export interface ParticipantRow {
  enrolment_id: number;
  user_id: number;
  login: string;
  nip: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  unit_id: number | null;
  unit_code: string | null;
  unit_name: string | null;
  state: string;
  status: MonitoringStatus;
  progress: number;
  due_on: string | null;
  zone: 'WIB' | 'WITA' | 'WIT' | null;
  first_signin_at: string | null;
  last_activity_at: string | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export function monitoringRepository(db: Kysely<Database>) {
  /** Today's local date in the enrolment's zone (WIB when unknown). */
  const todayExpr = (t: TodayByZone) => sql<string>`(case e.zone when 'WITA' then ${t.WITA} when 'WIT' then ${t.WIT} else ${t.WIB} end)`;
  const behindExpr = (t: TodayByZone) => sql<boolean>`(e.state = 'in_progress' and e.due_on is not null and e.due_on < ${todayExpr(t)})`;
  const statusExpr = (t: TodayByZone) => sql<MonitoringStatus>`(case when ${behindExpr(t)} then 'behind' else e.state end)`;

  const statusWhere = (status: MonitoringStatus, t: TodayByZone): RawBuilder<boolean> => {
    if (status === 'behind') return behindExpr(t);
    if (status === 'in_progress') return sql<boolean>`(e.state = 'in_progress' and (e.due_on is null or e.due_on >= ${todayExpr(t)}))`;
    return sql<boolean>`e.state = ${status}`;
  };

  /** Active enrolments of the cohort in the population (e and u joined). */
  const population = (f: MonitorPopulation) => {
    let q = db
      .selectFrom('enrolments as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .where('e.cohort_id', '=', f.cohortId)
      .where('e.status', '=', 'active');
    const r = f.units;
    if (r !== 'all') {
      if ('ids' in r) q = r.ids.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('u.unit_id', 'in', r.ids);
      else {
        const paths = r.paths;
        q = q.where((eb) =>
          paths.length === 0 ? sql<boolean>`1 = 0` : eb('u.unit_id', 'in', eb.selectFrom('org_units as ps').select('ps.id').where((e2) => e2.or(paths.map((p) => e2('ps.path', 'like', `${p}%`))))),
        );
      }
    }
    if (f.status !== undefined) q = q.where(statusWhere(f.status, f.today));
    return q;
  };
  /** The population with the participants' units joined (for lists). */
  const populationWithUnits = (f: MonitorPopulation) => population(f).leftJoin('org_units as ou', 'ou.id', 'u.unit_id');

  const participantColumns = (t: TodayByZone) =>
    [
      'e.id as enrolment_id',
      'u.id as user_id',
      'u.login as login',
      'u.nip as nip',
      'u.name as name',
      'u.email as email',
      'u.phone as phone',
      'u.unit_id as unit_id',
      'ou.code as unit_code',
      'ou.name as unit_name',
      'e.state as state',
      statusExpr(t).as('status'),
      'e.progress as progress',
      'e.due_on as due_on',
      'e.zone as zone',
      'e.first_signin_at as first_signin_at',
      'e.last_activity_at as last_activity_at',
    ] as const;

  const toParticipant = (r: Record<string, unknown>): ParticipantRow => ({
    enrolment_id: Number(r.enrolment_id),
    user_id: Number(r.user_id),
    login: String(r.login),
    nip: (r.nip as string | null) ?? null,
    name: String(r.name),
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    unit_id: r.unit_id === null || r.unit_id === undefined ? null : Number(r.unit_id),
    unit_code: (r.unit_code as string | null) ?? null,
    unit_name: (r.unit_name as string | null) ?? null,
    state: String(r.state),
    status: r.status as MonitoringStatus,
    progress: num(r.progress),
    due_on: (r.due_on as string | null) ?? null,
    zone: (r.zone as ParticipantRow['zone']) ?? null,
    first_signin_at: (r.first_signin_at as string | null) ?? null,
    last_activity_at: (r.last_activity_at as string | null) ?? null,
  });

  const SORTS: Record<ParticipantSort, string> = { name: 'r.name', nip: 'r.nip', unit: 'r.unit_name', status: 'r.status_rank', progress: 'r.progress', due: 'r.due_on' };
  const statusRank = (t: TodayByZone) =>
    sql<number>`(case when ${behindExpr(t)} then 3 when e.state = 'never_signed_in' then 1 when e.state = 'in_progress' then 2 when e.state = 'failed' then 4 when e.state = 'passed' then 5 else 6 end)`;

  return {
    /** A cohort with its programme and the agency (root unit id) of the programme's organiser. */
    cohort: (id: number) =>
      db
        .selectFrom('cohorts as c')
        .innerJoin('programmes as p', 'p.id', 'c.programme_id')
        .leftJoin('org_units as ou', 'ou.id', 'p.organiser_unit_id')
        .select(['c.id', 'c.code', 'c.title', 'c.gelombang', 'c.angkatan', 'c.programme_id', 'p.title as programme_title', 'p.code as programme_code', 'ou.agency_id as organiser_agency_id'])
        .where('c.id', '=', id)
        .executeTakeFirst(),

    /**
     * Cohorts (newest first) with their programme: all, or those in `ids`, or those organised inside
     * these agencies or with an active participant in these subtrees; optionally one gelombang / angkatan.
     */
    cohorts(f: { ids?: number[]; agencyIds?: number[]; unitPaths?: string[]; gelombang?: number; angkatan?: number }) {
      let q = db
        .selectFrom('cohorts as c')
        .innerJoin('programmes as p', 'p.id', 'c.programme_id')
        .leftJoin('org_units as ou', 'ou.id', 'p.organiser_unit_id')
        .select(['c.id', 'c.code', 'c.title', 'c.gelombang', 'c.angkatan', 'c.programme_id', 'p.title as programme_title']);
      if (f.gelombang !== undefined) q = q.where('c.gelombang', '=', f.gelombang);
      if (f.angkatan !== undefined) q = q.where('c.angkatan', '=', f.angkatan);
      if (f.ids !== undefined || f.agencyIds !== undefined || f.unitPaths !== undefined) {
        const ids = f.ids ?? [];
        const agencyIds = f.agencyIds ?? [];
        const paths = f.unitPaths ?? [];
        q = q.where((eb) =>
          eb.or([
            ...(ids.length ? [eb('c.id', 'in', ids)] : []),
            ...(agencyIds.length ? [eb('ou.agency_id', 'in', agencyIds)] : []),
            ...(paths.length
              ? [
                  eb.exists(
                    eb
                      .selectFrom('enrolments as e2')
                      .innerJoin('users as u2', 'u2.id', 'e2.user_id')
                      .innerJoin('org_units as ou2', 'ou2.id', 'u2.unit_id')
                      .select(sql`1`.as('one'))
                      .whereRef('e2.cohort_id', '=', 'c.id')
                      .where('e2.status', '=', 'active')
                      .where((e3) => e3.or(paths.map((p) => e3('ou2.path', 'like', `${p}%`)))),
                  ),
                ]
              : []),
            sql<boolean>`1 = 0`,
          ]),
        );
      }
      return q.orderBy('c.id', 'desc').limit(500).execute();
    },

    /** Whether an active participant of these subtrees is enrolled in the cohort. */
    async cohortHasParticipantIn(cohortId: number, paths: string[]): Promise<boolean> {
      if (paths.length === 0) return false;
      const row = await db
        .selectFrom('enrolments as e')
        .innerJoin('users as u', 'u.id', 'e.user_id')
        .innerJoin('org_units as ou', 'ou.id', 'u.unit_id')
        .select('e.id')
        .where('e.cohort_id', '=', cohortId)
        .where('e.status', '=', 'active')
        .where((eb) => eb.or(paths.map((p) => eb('ou.path', 'like', `${p}%`))))
        .limit(1)
        .executeTakeFirst();
      return !!row;
    },

    /** Counts per status for each unit of the participants in the population (one grouped query). */
    async unitCounts(f: MonitorPopulation): Promise<UnitCountRow[]> {
      const t = f.today;
      const behind = behindExpr(t);
      const rows = await population(f)
        .select([
          'u.unit_id as unit_id',
          sql<number>`sum(case when e.state = 'never_signed_in' then 1 else 0 end)`.as('never_signed_in'),
          sql<number>`sum(case when e.state = 'in_progress' and not ${behind} then 1 else 0 end)`.as('in_progress'),
          sql<number>`sum(case when ${behind} then 1 else 0 end)`.as('behind'),
          sql<number>`sum(case when e.state = 'failed' then 1 else 0 end)`.as('failed'),
          sql<number>`sum(case when e.state = 'passed' then 1 else 0 end)`.as('passed'),
          sql<number>`sum(case when e.state = 'certified' then 1 else 0 end)`.as('certified'),
        ])
        .groupBy('u.unit_id')
        .execute();
      return rows.map((r) => ({
        unit_id: r.unit_id === null ? null : Number(r.unit_id),
        never_signed_in: num(r.never_signed_in),
        in_progress: num(r.in_progress),
        behind: num(r.behind),
        failed: num(r.failed),
        passed: num(r.passed),
        certified: num(r.certified),
      }));
    },

    /** One page of participants, sorted (empty values last), by offset. */
    async participantPage(f: MonitorPopulation, o: { sort: ParticipantSort; dir: 'asc' | 'desc'; offset: number; limit: number }): Promise<ParticipantRow[]> {
      const col = sql.ref(SORTS[o.sort]);
      const rows = await db
        .with('r', () => populationWithUnits(f).select([...participantColumns(f.today), statusRank(f.today).as('status_rank')]))
        .selectFrom('r')
        .selectAll('r')
        .orderBy(sql`case when ${col} is null then 1 else 0 end`)
        .orderBy(col, o.dir)
        .orderBy('r.name')
        .orderBy('r.user_id')
        .limit(o.limit)
        .offset(o.offset)
        .execute();
      return rows.map((r) => toParticipant(r as Record<string, unknown>));
    },

    /** Participants after a participant (user) id, in id order: keyset pages for the API and the streamed exports. */
    async participantsAfter(f: MonitorPopulation, afterUserId: number, limit: number): Promise<ParticipantRow[]> {
      const rows = await populationWithUnits(f).select(participantColumns(f.today)).where('e.user_id', '>', afterUserId).orderBy('e.user_id').limit(limit).execute();
      return rows.map((r) => toParticipant(r as Record<string, unknown>));
    },

    /** Number of participants matching the population. */
    async count(f: MonitorPopulation): Promise<number> {
      const row = await population(f).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      return num(row?.n);
    },

    /** Stages of a programme with a target day, in order (to name the stage a participant is behind in). */
    stagesWithTarget: (programmeId: number) =>
      db
        .selectFrom('stages')
        .select(['id', 'title', 'target_day', 'position'])
        .where('programme_id', '=', programmeId)
        .where('published', '=', 1)
        .where('target_day', 'is not', null)
        .orderBy('position')
        .orderBy('id')
        .execute(),

    /** The cohort's "start by" date (day 1 for those who never signed in). */
    cohortStartBy: async (cohortId: number): Promise<string | null> =>
      (await db.selectFrom('cohorts').select('start_by').where('id', '=', cohortId).executeTakeFirst())?.start_by ?? null,
  };
}
