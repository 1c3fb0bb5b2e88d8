// Certificate requirements (issue 7): the participant's photo for the certificate, the confirmation of
// the identity as it will be printed (what was confirmed is stored, so a later correction voids it),
// and the yearly learning-hours (JP) record written when a certificate is issued.
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  // One current photo per participant (a new upload replaces the row; the old file stays referenced nowhere).
  await db.schema
    .createTable('participant_photos')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('source_format', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();

  // The latest confirmation per enrolment: the values shown when the participant said "Data sudah benar".
  await db.schema
    .createTable('identity_confirmations')
    .addColumn('enrolment_id', 'integer', (c) => c.primaryKey().references('enrolments.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('nip', 'text')
    .addColumn('unit', 'text')
    .addColumn('confirmed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('learning_hours')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('jp', 'integer', (c) => c.notNull())
    .addColumn('counts_toward_limit', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('learning_hours_user_year').on('learning_hours').columns(['user_id', 'year']).execute();
  await db.schema.createIndex('learning_hours_year').on('learning_hours').columns(['year', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('learning_hours').execute();
  await db.schema.dropTable('identity_confirmations').execute();
  await db.schema.dropTable('participant_photos').execute();
}
