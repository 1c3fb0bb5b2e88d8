// Authoring: programmes, cohorts, stages and activities as programme admins edit them, and the
// one-transaction import of a programme package. Positions are rewritten inside a transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Programme } from '../schema.js';

export interface ProgrammeFields {
  code: string;
  title: string;
  description: string | null;
  jp: number;
  provider: string | null;
  status: 'draft' | 'published' | 'archived';
  organiser_unit_id: number | null;
}

export interface CohortFields {
  code: string;
  title: string;
  starts_on: string | null;
  ends_on: string | null;
  start_by: string | null;
  window_days: number | null;
  gelombang: number | null;
  angkatan: number | null;
}

export interface StageFields {
  title: string;
  description: string | null;
  sequential: number;
  opens_at: string | null;
  opens_on_day: number | null;
  closes_after_day: number | null;
  target_day: number | null;
}

export interface ActivityFields {
  title: string;
  required: number;
  jp: number | null;
  config: string;
  prerequisite_ids: string;
  opens_at: string | null;
  opens_on_day: number | null;
  closes_after_day: number | null;
}

export interface ImportedProgramme {
  programme: ProgrammeFields;
  stages: (StageFields & { published: number; activities: (Omit<ActivityFields, 'prerequisite_ids'> & { kind: string; published: number; prerequisites: { stage: number; activity: number }[] })[] })[];
}

export type ProgrammeRow = Programme & { organiser_path: string | null; organiser_name: string | null };

/** Rewrites positions 1..n in the given order. */
async function renumber(trx: Transaction<Database>, table: 'stages' | 'activities', ids: number[], now: string) {
  for (const [i, id] of ids.entries()) await trx.updateTable(table).set({ position: i + 1, updated_at: now }).where('id', '=', id).execute();
}

export function authoringRepository(db: Kysely<Database>) {
  const programmeQuery = () =>
    db
      .selectFrom('programmes')
      .leftJoin('org_units', 'org_units.id', 'programmes.organiser_unit_id')
      .selectAll('programmes')
      .select(['org_units.path as organiser_path', 'org_units.name as organiser_name']);

  return {
    /** Programmes whose organiser lies in one of the subtrees (or all). */
    listProgrammes(scope: 'all' | string[]): Promise<ProgrammeRow[]> {
      let q = programmeQuery();
      if (scope !== 'all') {
        if (scope.length === 0) return Promise.resolve([]);
        q = q.where((eb) => eb.or(scope.map((root) => eb('org_units.path', 'like', `${root}%`))));
      }
      return q.orderBy('programmes.id').execute();
    },
    programme: (id: number) => programmeQuery().where('programmes.id', '=', id).executeTakeFirst() as Promise<ProgrammeRow | undefined>,
    codeTaken: async (code: string, exceptId?: number) => {
      let q = db.selectFrom('programmes').select('id').where('code', '=', code);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async insertProgramme(p: ProgrammeFields, now: string): Promise<number> {
      const row = await db.insertInto('programmes').values({ ...p, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async updateProgramme(id: number, p: Omit<ProgrammeFields, 'organiser_unit_id'>, now: string): Promise<void> {
      await db.updateTable('programmes').set({ ...p, updated_at: now }).where('id', '=', id).execute();
    },

    cohortsOf: (programmeId: number) => db.selectFrom('cohorts').selectAll().where('programme_id', '=', programmeId).orderBy('id').execute(),
    cohort: (id: number) => db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst(),
    cohortCodeTaken: async (programmeId: number, code: string, exceptId?: number) => {
      let q = db.selectFrom('cohorts').select('id').where('programme_id', '=', programmeId).where('code', '=', code);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },
    async insertCohort(programmeId: number, c: CohortFields, now: string): Promise<number> {
      const row = await db.insertInto('cohorts').values({ ...c, programme_id: programmeId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async updateCohort(id: number, c: CohortFields, now: string): Promise<void> {
      await db.updateTable('cohorts').set({ ...c, updated_at: now }).where('id', '=', id).execute();
    },

    stagesOf: (programmeId: number) => db.selectFrom('stages').selectAll().where('programme_id', '=', programmeId).orderBy('position').orderBy('id').execute(),
    stage: (id: number) => db.selectFrom('stages').selectAll().where('id', '=', id).executeTakeFirst(),
    async insertStage(programmeId: number, s: StageFields, now: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const max = await trx.selectFrom('stages').select(sql<number | null>`max(position)`.as('m')).where('programme_id', '=', programmeId).executeTakeFirst();
        const row = await trx
          .insertInto('stages')
          .values({ ...s, programme_id: programmeId, position: Number(max?.m ?? 0) + 1, published: 0, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
    },
    async updateStage(id: number, s: Partial<StageFields> & { published?: number }, now: string): Promise<void> {
      await db.updateTable('stages').set({ ...s, updated_at: now }).where('id', '=', id).execute();
    },
    /** Deletes a stage without activities (false when it has some). */
    async deleteEmptyStage(id: number, programmeId: number, now: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const used = await trx.selectFrom('activities').select('id').where('stage_id', '=', id).executeTakeFirst();
        if (used) return false;
        await trx.deleteFrom('stages').where('id', '=', id).execute();
        const rest = await trx.selectFrom('stages').select('id').where('programme_id', '=', programmeId).orderBy('position').orderBy('id').execute();
        await renumber(trx, 'stages', rest.map((r) => r.id), now);
        return true;
      });
    },
    /** Moves a stage one place up (-1) or down (+1); every position of the programme is rewritten in one transaction. */
    async moveStage(id: number, programmeId: number, delta: -1 | 1, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ids = (await trx.selectFrom('stages').select('id').where('programme_id', '=', programmeId).orderBy('position').orderBy('id').execute()).map((r) => r.id);
        const i = ids.indexOf(id);
        const j = i + delta;
        if (i < 0 || j < 0 || j >= ids.length) return;
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
        await renumber(trx, 'stages', ids, now);
      });
    },

    activitiesOf: (programmeId: number) => db.selectFrom('activities').selectAll().where('programme_id', '=', programmeId).orderBy('position').orderBy('id').execute(),
    activity: (id: number) => db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst(),
    async insertActivity(a: ActivityFields & { programme_id: number; stage_id: number; kind: string }, now: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const max = await trx.selectFrom('activities').select(sql<number | null>`max(position)`.as('m')).where('stage_id', '=', a.stage_id).executeTakeFirst();
        const row = await trx
          .insertInto('activities')
          .values({ ...a, position: Number(max?.m ?? 0) + 1, published: 0, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      });
    },
    async updateActivity(id: number, a: Partial<ActivityFields> & { published?: number }, now: string): Promise<void> {
      await db.updateTable('activities').set({ ...a, updated_at: now }).where('id', '=', id).execute();
    },
    /** Moves an activity within its stage (delta) or to the end of another stage; positions rewritten in one transaction. */
    async moveActivity(id: number, to: { delta: -1 | 1 } | { stageId: number }, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const a = await trx.selectFrom('activities').select(['id', 'stage_id']).where('id', '=', id).executeTakeFirst();
        if (!a) return;
        const idsOf = async (stageId: number) => (await trx.selectFrom('activities').select('id').where('stage_id', '=', stageId).orderBy('position').orderBy('id').execute()).map((r) => r.id);
        if ('delta' in to) {
          const ids = await idsOf(a.stage_id);
          const i = ids.indexOf(id);
          const j = i + to.delta;
          if (i < 0 || j < 0 || j >= ids.length) return;
          [ids[i], ids[j]] = [ids[j]!, ids[i]!];
          await renumber(trx, 'activities', ids, now);
          return;
        }
        if (to.stageId === a.stage_id) return;
        const target = await idsOf(to.stageId);
        await trx.updateTable('activities').set({ stage_id: to.stageId, updated_at: now }).where('id', '=', id).execute();
        await renumber(trx, 'activities', [...target, id], now);
        await renumber(trx, 'activities', (await idsOf(a.stage_id)), now);
      });
    },
    /** Participants' traces on an activity (progress rows and submissions). */
    async activityUsage(id: number): Promise<number> {
      const p = await db.selectFrom('activity_progress').select(sql<number>`count(*)`.as('n')).where('activity_id', '=', id).executeTakeFirstOrThrow();
      const s = await db.selectFrom('submissions').select(sql<number>`count(*)`.as('n')).where('activity_id', '=', id).executeTakeFirstOrThrow();
      return Number(p.n) + Number(s.n);
    },
    /** Deletes an activity nobody has progress on (false otherwise); drops it from other activities' prerequisites. */
    async deleteUnusedActivity(id: number, now: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const a = await trx.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
        if (!a) return false;
        const p = await trx.selectFrom('activity_progress').select('activity_id').where('activity_id', '=', id).executeTakeFirst();
        const s = await trx.selectFrom('submissions').select('id').where('activity_id', '=', id).executeTakeFirst();
        if (p || s) return false;
        await trx.deleteFrom('progress_events').where('activity_id', '=', id).execute();
        await trx.deleteFrom('activities').where('id', '=', id).execute();
        const others = await trx.selectFrom('activities').select(['id', 'prerequisite_ids']).where('programme_id', '=', a.programme_id).execute();
        for (const o of others) {
          const ids = JSON.parse(o.prerequisite_ids) as number[];
          if (ids.includes(id)) await trx.updateTable('activities').set({ prerequisite_ids: JSON.stringify(ids.filter((x) => x !== id)), updated_at: now }).where('id', '=', o.id).execute();
        }
        const rest = await trx.selectFrom('activities').select('id').where('stage_id', '=', a.stage_id).orderBy('position').orderBy('id').execute();
        await renumber(trx, 'activities', rest.map((r) => r.id), now);
        return true;
      });
    },

    /** Creates a whole programme (stages, activities, prerequisites) in one transaction. */
    async importProgramme(p: ImportedProgramme, now: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const { id: programmeId } = await trx.insertInto('programmes').values({ ...p.programme, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
        const ids: number[][] = [];
        for (const [si, s] of p.stages.entries()) {
          const { activities, ...stage } = s;
          const { id: stageId } = await trx.insertInto('stages').values({ ...stage, programme_id: programmeId, position: si + 1, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
          const row: number[] = [];
          for (const [ai, a] of activities.entries()) {
            const { prerequisites: _p, ...act } = a;
            const { id } = await trx
              .insertInto('activities')
              .values({ ...act, programme_id: programmeId, stage_id: stageId, position: ai + 1, prerequisite_ids: '[]', created_at: now, updated_at: now })
              .returning('id')
              .executeTakeFirstOrThrow();
            row.push(id);
          }
          ids.push(row);
        }
        for (const [si, s] of p.stages.entries()) {
          for (const [ai, a] of s.activities.entries()) {
            if (!a.prerequisites.length) continue;
            const pre = a.prerequisites.map((r) => ids[r.stage - 1]![r.activity - 1]!);
            await trx.updateTable('activities').set({ prerequisite_ids: JSON.stringify(pre) }).where('id', '=', ids[si]![ai]!).execute();
          }
        }
        return programmeId;
      });
    },
    filesByIds: (ids: number[]) => (ids.length ? db.selectFrom('files').selectAll().where('id', 'in', ids).execute() : Promise.resolve([])),
    async deleteFileRows(ids: number[]): Promise<void> {
      if (ids.length) await db.deleteFrom('files').where('id', 'in', ids).execute();
    },
  };
}
export type AuthoringRepository = ReturnType<typeof authoringRepository>;
