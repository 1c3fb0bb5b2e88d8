// Live sessions: speakers, the speakers of a session, join clicks, calendar feed tokens, and the
// batched progress writes of server-side facts (attendance from the Zoom report, joins, manual marks).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { ActivityProgressRow, Database, Speaker } from '../schema.js';
import { enrolmentById, enrolmentByIdForUpdate, enrolmentContextQuery, insertEvent, insertEventReadingAll, progressOfEnrolment, writeProgress, type EnrolmentContext, type EnrolmentSummary, type ProgressWriteResult, type RecordedProgress } from './learning.js';
import { preparedQuery } from '../prepared.js';

export interface SpeakerFields {
  name: string;
  institution: string;
  topic: string;
  bio: string;
}

export interface ActivitySpeakerRow extends Speaker {
  role: string;
  position: number;
}

/** A live-session activity as the calendar and the join route need it. */
export interface LiveActivityRow {
  id: number;
  title: string;
  config: string;
  updated_at: string;
  programme_id: number;
  programme_title: string;
  organiser_path: string | null;
}

export interface FactWrite {
  enrolmentId: number;
  eventId: string;
  type: string;
  payload: string;
}

const CHUNK = 500;
const chunks = <T>(xs: T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** The published live sessions (with programme and organiser) as the calendar and the join route read them. */
const liveActivitiesQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('activities')
    .innerJoin('stages', 'stages.id', 'activities.stage_id')
    .innerJoin('programmes', 'programmes.id', 'activities.programme_id')
    .leftJoin('org_units', 'org_units.id', 'programmes.organiser_unit_id')
    .select(['activities.id', 'activities.title', 'activities.config', 'activities.updated_at', 'programmes.id as programme_id', 'programmes.title as programme_title', 'org_units.path as organiser_path'])
    .where('activities.kind', '=', 'live_session')
    .where('activities.published', '=', 1)
    .where('stages.published', '=', 1);

// The statements of a join click (thousands within the same seconds), compiled once.
const participantActivityQuery = preparedQuery((db, a: { activityId: number; userId: number }) =>
  liveActivitiesQuery(db)
    .innerJoin('enrolments', (j) => j.onRef('enrolments.programme_id', '=', 'activities.programme_id').on('enrolments.user_id', '=', a.userId).on('enrolments.status', '=', 'active'))
    .select('enrolments.id as enrolment_id')
    .where('activities.id', '=', a.activityId)
    .orderBy('enrolments.id')
    .limit(1),
);
// Whether an earlier click exists is answered with the insert (the subquery leaves out the row just
// inserted, which PostgreSQL does not see there and SQLite may).
const insertJoinQuery = preparedQuery((db, a: { enrolmentId: number; activityId: number; userId: number; at: string; device: string; userAgent: string | null; ip: string | null }) =>
  db
    .insertInto('live_joins')
    .values({ enrolment_id: a.enrolmentId, activity_id: a.activityId, user_id: a.userId, joined_at: a.at, device: a.device, user_agent: a.userAgent, ip: a.ip })
    .returning(['id', sql<boolean | number>`exists (select 1 from live_joins earlier where earlier.activity_id = ${a.activityId} and earlier.enrolment_id = ${a.enrolmentId} and earlier.id <> live_joins.id)`.as('earlier')]),
);

export function liveSessionsRepository(db: Kysely<Database>) {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const liveActivities = () => liveActivitiesQuery(db);

  return {
    // ------------------------------------------------------------ speakers
    listSpeakers: (opts: { includeArchived: boolean }) => {
      let q = db.selectFrom('speakers').selectAll();
      if (!opts.includeArchived) q = q.where('archived', '=', 0);
      return q.orderBy('archived').orderBy('name').orderBy('id').limit(1000).execute();
    },
    speaker: (id: number) => db.selectFrom('speakers').selectAll().where('id', '=', id).executeTakeFirst(),
    speakersByIds: async (ids: number[]): Promise<Speaker[]> => (ids.length === 0 ? [] : db.selectFrom('speakers').selectAll().where('id', 'in', ids).execute()),
    async insertSpeaker(s: SpeakerFields & { photoFileId: number | null; createdBy: number | null; now: string }): Promise<number> {
      const row = await db
        .insertInto('speakers')
        .values({ name: s.name, institution: s.institution, topic: s.topic, bio: s.bio, photo_file_id: s.photoFileId, archived: 0, created_by: s.createdBy, created_at: s.now, updated_at: s.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async updateSpeaker(id: number, s: Partial<SpeakerFields> & { photoFileId?: number | null; archived?: boolean; now: string }): Promise<void> {
      await db
        .updateTable('speakers')
        .set({
          ...(s.name !== undefined ? { name: s.name } : {}),
          ...(s.institution !== undefined ? { institution: s.institution } : {}),
          ...(s.topic !== undefined ? { topic: s.topic } : {}),
          ...(s.bio !== undefined ? { bio: s.bio } : {}),
          ...(s.photoFileId !== undefined ? { photo_file_id: s.photoFileId } : {}),
          ...(s.archived !== undefined ? { archived: s.archived ? 1 : 0 } : {}),
          updated_at: s.now,
        })
        .where('id', '=', id)
        .execute();
    },
    /** How many live sessions name each speaker. */
    async speakerUsage(): Promise<Map<number, number>> {
      const rows = await db.selectFrom('activity_speakers').select(['speaker_id', sql<number>`count(*)`.as('n')]).groupBy('speaker_id').execute();
      return new Map(rows.map((r) => [r.speaker_id, Number(r.n)]));
    },

    // ------------------------------------------------------------ speakers of a session
    /** Every live session (published or not) with its config, for keeping activity_speakers in step. */
    allLiveConfigs: () => db.selectFrom('activities').select(['id', 'config']).where('kind', '=', 'live_session').execute(),
    allActivitySpeakers: () => db.selectFrom('activity_speakers').selectAll().orderBy('activity_id').orderBy('position').execute(),
    speakersOfActivity: (activityId: number) =>
      db
        .selectFrom('activity_speakers')
        .innerJoin('speakers', 'speakers.id', 'activity_speakers.speaker_id')
        .selectAll('speakers')
        .select(['activity_speakers.role', 'activity_speakers.position'])
        .where('activity_speakers.activity_id', '=', activityId)
        .orderBy('activity_speakers.position')
        .execute() as Promise<ActivitySpeakerRow[]>,
    /** Replaces the speakers of a session (unknown speaker ids are left out). */
    async setActivitySpeakers(activityId: number, list: { speakerId: number; role: string }[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('activity_speakers').where('activity_id', '=', activityId).execute();
        const ids = [...new Set(list.map((x) => x.speakerId))];
        if (ids.length === 0) return;
        const known = new Set((await trx.selectFrom('speakers').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
        const seen = new Set<number>();
        const rows = list.filter((x) => known.has(x.speakerId) && !seen.has(x.speakerId) && seen.add(x.speakerId)).map((x, i) => ({ activity_id: activityId, speaker_id: x.speakerId, position: i + 1, role: x.role }));
        if (rows.length) await trx.insertInto('activity_speakers').values(rows).execute();
      });
    },

    // ------------------------------------------------------------ sessions, enrolments, joins
    liveActivity: (id: number) => liveActivities().where('activities.id', '=', id).executeTakeFirst() as Promise<LiveActivityRow | undefined>,
    /** The published live sessions of the programmes the user is actively enrolled in. */
    liveActivitiesOfUser: (userId: number) =>
      liveActivities()
        .where('activities.programme_id', 'in', db.selectFrom('enrolments').select('enrolments.programme_id').where('enrolments.user_id', '=', userId).where('enrolments.status', '=', 'active'))
        .orderBy('activities.id')
        .limit(500)
        .execute() as Promise<LiveActivityRow[]>,
    /** A published live session with the user's first active enrolment in its programme (one query); undefined when either is missing. */
    participantActivity: (activityId: number, userId: number) => participantActivityQuery.takeFirst(db, { activityId, userId }) as Promise<(LiveActivityRow & { enrolment_id: number }) | undefined>,
    /** The user's active enrolment in the programme (the first one), or undefined. */
    activeEnrolmentIn: (userId: number, programmeId: number) =>
      db
        .selectFrom('enrolments')
        .select(['id'])
        .where('user_id', '=', userId)
        .where('programme_id', '=', programmeId)
        .where('status', '=', 'active')
        .orderBy('id')
        .executeTakeFirst(),
    async activeEnrolmentCount(programmeId: number): Promise<number> {
      const r = await db.selectFrom('enrolments').select(sql<number>`count(*)`.as('n')).where('programme_id', '=', programmeId).where('status', '=', 'active').executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Records a click on Join; `first` tells whether it is the enrolment's first for this session. */
    /** A click on Join on its own (when its fact could not be applied: see joinLiveSession). */
    async recordJoinClick(j: { enrolmentId: number; activityId: number; userId: number; at: string; device: string; userAgent: string | null; ip: string | null }): Promise<number> {
      const click = await insertJoinQuery.takeFirst(db, j);
      if (!click) throw new Error('live_joins insert returned no row');
      return click.id;
    },
    joinsOf: (activityId: number, enrolmentId: number) =>
      db.selectFrom('live_joins').selectAll().where('activity_id', '=', activityId).where('enrolment_id', '=', enrolmentId).orderBy('joined_at').orderBy('id').execute(),
    /** The enrolments (with what the progress summary needs) of the given ids. */
    async enrolmentContexts(ids: number[]): Promise<EnrolmentContext[]> {
      const out: EnrolmentContext[] = [];
      for (const part of chunks([...new Set(ids)])) {
        const rows = await enrolmentContextQuery(db).where('enrolments.id', 'in', part).execute();
        out.push(...(rows as EnrolmentContext[]));
      }
      return out;
    },

    /**
     * A click on Join in one short transaction (thousands click within the same seconds): the
     * enrolment is read (with what its summary needs; on PostgreSQL also locked, as recordEventIn
     * does, so a double click waits and then sees the first click), the click is recorded, and the
     * first click of the enrolment is applied as the 'joined' fact (`fact`): the event recorded once
     * by its id, the progress rows read, the activity's row written and the summary stored. The fact
     * is left out unless the enrolment is active in the programme. `summary` gets the enrolment and
     * its progress rows after the change.
     */
    async recordJoin(
      j: { enrolmentId: number; activityId: number; programmeId: number; userId: number; at: string; device: string; userAgent: string | null; ip: string | null },
      fact: Omit<FactWrite, 'enrolmentId'>,
      apply: (previous: ActivityProgressRow | undefined) => ProgressWriteResult,
      summary: (enrolment: EnrolmentContext, rows: ActivityProgressRow[]) => EnrolmentSummary | null,
    ): Promise<{ joinId: number; first: boolean; fact: RecordedProgress | null }> {
      return db.transaction().execute(async (trx) => {
        const enrolment = (await (isPostgres ? enrolmentByIdForUpdate : enrolmentById).takeFirst(trx, { id: j.enrolmentId })) as EnrolmentContext | undefined;
        const click = await insertJoinQuery.takeFirst(trx, { enrolmentId: j.enrolmentId, activityId: j.activityId, userId: j.userId, at: j.at, device: j.device, userAgent: j.userAgent, ip: j.ip });
        if (!click) throw new Error('live_joins insert returned no row');
        const first = !click.earlier;
        if (!first || !enrolment || enrolment.status !== 'active' || enrolment.programme_id !== j.programmeId) return { joinId: click.id, first, fact: null };
        const event = { enrolmentId: j.enrolmentId, activityId: j.activityId, eventId: fact.eventId, type: fact.type, payload: fact.payload, now: j.at };
        let inserted: boolean;
        let rows: ActivityProgressRow[];
        if (isPostgres) {
          // Each statement is a round trip with the transaction open: on PostgreSQL the event's insert
          // and the read of the progress rows go together (a data-modifying WITH; the rows read are
          // of another table, so nothing is hidden by the statement's snapshot).
          const res = await insertEventReadingAll.execute(trx, event);
          inserted = Number(res[0]?.inserted ?? 0) > 0;
          rows = res.filter((r) => r.enrolment_id !== null).map(({ inserted: _, ...r }) => r);
        } else {
          inserted = (await insertEvent.takeFirst(trx, event)) !== undefined;
          rows = await progressOfEnrolment.execute(trx, { enrolmentId: j.enrolmentId });
        }
        const index = rows.findIndex((r) => r.activity_id === j.activityId);
        if (!inserted) return { joinId: click.id, first, fact: { duplicate: true, row: rows[index] } };
        const next = apply(rows[index]);
        const row: ActivityProgressRow = { enrolment_id: j.enrolmentId, activity_id: j.activityId, state: next.state, percent: next.percent, data: next.data, completed_at: next.completedAt, updated_at: j.at };
        if (index >= 0) rows[index] = row;
        else rows.push(row);
        // The progress row and the enrolment's summary: two statements on SQLite, one on PostgreSQL.
        await writeProgress(trx, isPostgres, row, summary(enrolment, rows), j.at);
        return { joinId: click.id, first, fact: { duplicate: false, row } };
      });
    },

    /**
     * Records server-side facts as progress events of one activity, each exactly once (by its event
     * id), in one transaction per chunk of items with a handful of statements per chunk (not per
     * item): 3,400 facts are a few dozen statements. The chunk's enrolments are locked first on
     * PostgreSQL (as recordEventIn does, so a participant's own events interleave safely). `apply`
     * gets the previous progress row (the result of an earlier item of the same enrolment in this
     * batch, if any); `summary` computes the enrolment's summary from its rows after the change.
     * Returns, per item, whether it was a duplicate and the activity's row afterwards.
     */
    async recordFacts(
      activityId: number,
      items: FactWrite[],
      now: string,
      apply: (item: FactWrite, previous: ActivityProgressRow | undefined) => ProgressWriteResult,
      summary: (enrolmentId: number, rows: ActivityProgressRow[]) => EnrolmentSummary | null,
    ): Promise<RecordedProgress[]> {
      const results: RecordedProgress[] = [];
      for (const part of chunks(items, 500)) {
        const out = await db.transaction().execute(async (trx) => {
          const enrolmentIds = [...new Set(part.map((i) => i.enrolmentId))].sort((a, b) => a - b);
          if (isPostgres) await trx.selectFrom('enrolments').select('id').where('id', 'in', enrolmentIds).orderBy('id').forUpdate().execute();
          const inserted = await trx
            .insertInto('progress_events')
            .values(part.map((i) => ({ enrolment_id: i.enrolmentId, activity_id: activityId, event_id: i.eventId, type: i.type, payload: i.payload, received_at: now })))
            .onConflict((oc) => oc.columns(['enrolment_id', 'event_id']).doNothing())
            .returning(['enrolment_id', 'event_id'])
            .execute();
          const fresh = new Set(inserted.map((r) => `${r.enrolment_id}\u0000${r.event_id}`));
          const current = new Map<number, ActivityProgressRow>();
          for (const r of await trx.selectFrom('activity_progress').selectAll().where('activity_id', '=', activityId).where('enrolment_id', 'in', enrolmentIds).execute()) current.set(r.enrolment_id, r);
          const changed = new Set<number>();
          const seen = new Set<string>();
          const perItem: { duplicate: boolean; enrolmentId: number }[] = [];
          for (const item of part) {
            const key = `${item.enrolmentId}\u0000${item.eventId}`;
            // The same event twice in one batch: the first is recorded, the second is a duplicate.
            const isNew = fresh.has(key) && !seen.has(key);
            seen.add(key);
            perItem.push({ duplicate: !isNew, enrolmentId: item.enrolmentId });
            if (!isNew) continue;
            const next = apply(item, current.get(item.enrolmentId));
            current.set(item.enrolmentId, { enrolment_id: item.enrolmentId, activity_id: activityId, state: next.state, percent: next.percent, data: next.data, completed_at: next.completedAt, updated_at: now });
            changed.add(item.enrolmentId);
          }
          if (changed.size > 0) {
            const rows = [...changed].map((id) => current.get(id)!);
            await trx
              .insertInto('activity_progress')
              .values(rows)
              .onConflict((oc) =>
                oc.columns(['enrolment_id', 'activity_id']).doUpdateSet((eb) => ({
                  state: eb.ref('excluded.state'),
                  percent: eb.ref('excluded.percent'),
                  data: eb.ref('excluded.data'),
                  completed_at: eb.ref('excluded.completed_at'),
                  updated_at: eb.ref('excluded.updated_at'),
                })),
              )
              .execute();
            const all = await trx.selectFrom('activity_progress').selectAll().where('enrolment_id', 'in', [...changed]).execute();
            const byEnrolment = new Map<number, ActivityProgressRow[]>();
            for (const r of all) byEnrolment.set(r.enrolment_id, [...(byEnrolment.get(r.enrolment_id) ?? []), r]);
            // The summaries in one statement (UPDATE … FROM a list of values, on both databases), not one per enrolment.
            const summaries: { id: number; s: EnrolmentSummary }[] = [];
            const touchedOnly: number[] = [];
            for (const id of changed) {
              const s = summary(id, byEnrolment.get(id) ?? []);
              if (s) summaries.push({ id, s });
              else touchedOnly.push(id);
            }
            if (summaries.length > 0) {
              const values = sql.join(
                summaries.map(
                  ({ id, s }) =>
                    sql`(cast(${id} as integer), cast(${s.progress} as integer), cast(${s.completedAt} as text), cast(${s.state} as text), cast(${s.dueOn} as text), cast(${s.zone} as text))`,
                ),
              );
              await sql`with v (id, progress, completed_at, state, due_on, zone) as (values ${values})
                update enrolments set last_activity_at = ${now}, progress = v.progress, completed_at = v.completed_at, state = v.state, due_on = v.due_on, zone = v.zone
                from v where enrolments.id = v.id`.execute(trx);
            }
            if (touchedOnly.length > 0) await trx.updateTable('enrolments').set({ last_activity_at: now }).where('id', 'in', touchedOnly).execute();
          }
          return perItem.map((x) => ({ duplicate: x.duplicate, row: current.get(x.enrolmentId) }));
        });
        results.push(...out);
      }
      return results;
    },

    // ------------------------------------------------------------ calendar feeds
    activeFeed: (userId: number) => db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('id', 'desc').executeTakeFirst(),
    feedByHash: (hash: string) => db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst(),
    /** Revokes the user's active feed (if any) and stores a new one. */
    async replaceFeed(userId: number, tokenHash: string, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('calendar_feeds').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
        await trx.insertInto('calendar_feeds').values({ user_id: userId, token_hash: tokenHash, created_at: now, revoked_at: null }).execute();
      });
    },
    async revokeFeeds(userId: number, now: string): Promise<number> {
      const res = await db.updateTable('calendar_feeds').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows ?? 0);
    },
  };
}
export type LiveSessionsRepository = ReturnType<typeof liveSessionsRepository>;
