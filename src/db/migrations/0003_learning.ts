// Staged self-paced learning: stages, activities, the personal clock on enrolments, progress,
// idempotent progress events, stored files and Jurnal submissions.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema.alterTable('cohorts').addColumn('start_by', 'text').execute();
  await db.schema.alterTable('cohorts').addColumn('window_days', 'integer').execute();

  await db.schema.alterTable('enrolments').addColumn('first_signin_at', 'text').execute();
  await db.schema.alterTable('enrolments').addColumn('extension_days', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('enrolments').addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('enrolments').addColumn('completed_at', 'text').execute();
  await db.schema.alterTable('enrolments').addColumn('last_activity_at', 'text').execute();

  await db.schema
    .createTable('stages')
    .addColumn('id', 'integer', id)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('sequential', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('opens_at', 'text')
    .addColumn('opens_on_day', 'integer')
    .addColumn('closes_after_day', 'integer')
    .addColumn('target_day', 'integer')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stages_programme').on('stages').columns(['programme_id', 'position']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'integer', id)
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', id)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('stage_id', 'integer', (c) => c.notNull().references('stages.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('jp', 'integer')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('prerequisite_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('opens_at', 'text')
    .addColumn('opens_on_day', 'integer')
    .addColumn('closes_after_day', 'integer')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_stage').on('activities').columns(['stage_id', 'position']).execute();
  await db.schema.createIndex('activities_programme').on('activities').column('programme_id').execute();

  await db.schema
    .createTable('activity_progress')
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('percent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('completed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_progress_pk', ['enrolment_id', 'activity_id'])
    .execute();

  await db.schema
    .createTable('progress_events')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('progress_events_idempotency').unique().on('progress_events').columns(['enrolment_id', 'event_id']).execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'integer')
    .execute();
  await db.schema.createIndex('submissions_enrolment_activity').unique().on('submissions').columns(['enrolment_id', 'activity_id', 'version']).execute();
  await db.schema.createIndex('submissions_status').on('submissions').columns(['activity_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('0003_learning cannot be reverted: restore a backup instead');
}
