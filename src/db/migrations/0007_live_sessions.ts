// Live sessions (issue 6): the reusable speakers (narasumber), which speakers appear in which live
// session, every click on "Join" (time and device), and the per-participant calendar feed tokens.
// A session's own settings (times, provider, join URL, passcode, completion rule) live in the
// activity's config JSON like every other kind's.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema
    .createTable('speakers')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('institution', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('speakers_archived_name').on('speakers').columns(['archived', 'name']).execute();

  await db.schema
    .createTable('activity_speakers')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('speaker_id', 'integer', (c) => c.notNull().references('speakers.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('narasumber'))
    .addPrimaryKeyConstraint('activity_speakers_pk', ['activity_id', 'speaker_id'])
    .execute();
  await db.schema.createIndex('activity_speakers_speaker').on('activity_speakers').column('speaker_id').execute();

  await db.schema
    .createTable('live_joins')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('live_joins_activity_enrolment').on('live_joins').columns(['activity_id', 'enrolment_id']).execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('calendar_feeds_user').on('calendar_feeds').columns(['user_id', 'revoked_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
  await db.schema.dropTable('live_joins').execute();
  await db.schema.dropTable('activity_speakers').execute();
  await db.schema.dropTable('speakers').execute();
}
