// Certificates (issue 7): per-programme settings, the certificates with their issuing pipeline
// (eligible → generated → signed → issued, or revoked) and the gapless number sequences per agency
// and year. Two rules live in the database itself so that racing workers or app instances cannot
// break them: one valid (not revoked) certificate per enrolment, and one certificate per
// (agency, year, sequence number).
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema
    .createTable('certificate_settings')
    .addColumn('programme_id', 'integer', (c) => c.primaryKey().references('programmes.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_activities', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_evaluation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_jurnal', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_confirmation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('require_photo', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('number_pattern', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text')
    .addColumn('signer_position', 'text')
    .addColumn('signer_place', 'text')
    // null: the sum of the required activities' JP (or the programme's JP when they have none).
    .addColumn('jp', 'integer')
    .addColumn('updated_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('certificate_sequences')
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('certificate_sequences_pk', ['agency_key', 'year'])
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('year', 'integer')
    .addColumn('seq', 'integer')
    .addColumn('verification_code', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('pdf_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('signer_id', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .addColumn('revoked_by', 'integer')
    .addColumn('replaces_id', 'integer')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('requested_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Exactly one valid certificate per enrolment (a partial unique index: SQLite and PostgreSQL).
  await db.schema.createIndex('certificates_one_valid').unique().on('certificates').column('enrolment_id').where(sql.ref('status'), '<>', 'revoked').execute();
  // A number is given once: never two certificates with the same sequence number of an agency and year.
  await db.schema.createIndex('certificates_number_once').unique().on('certificates').columns(['agency_key', 'year', 'seq']).where(sql.ref('seq'), 'is not', null).execute();
  await db.schema.createIndex('certificates_code').unique().on('certificates').column('verification_code').execute();
  await db.schema.createIndex('certificates_programme').on('certificates').columns(['programme_id', 'status']).execute();
  await db.schema.createIndex('certificates_user').on('certificates').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certificates').execute();
  await db.schema.dropTable('certificate_sequences').execute();
  await db.schema.dropTable('certificate_settings').execute();
}
