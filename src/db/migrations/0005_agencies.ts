// Agencies and operators: bulk provisioning with activation codes, the encrypted NIK, the history of a
// participant's NIP / NI PPPK, one enrolment per programme (unless overridden with a reason),
// withdrawal, the monitoring status kept on each enrolment, and profile correction requests.
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema.alterTable('users').addColumn('nik_encrypted', 'text').execute();
  await db.schema.alterTable('users').addColumn('activation_code_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('activation_code_issued_at', 'text').execute();
  await db.schema.createIndex('users_activation_code').on('users').column('activation_code_hash').execute();

  await db.schema
    .createTable('user_nips')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('nip', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('reason', 'text')
    .addColumn('changed_by', 'integer')
    .execute();
  await db.schema.createIndex('user_nips_user').on('user_nips').column('user_id').execute();
  await db.schema.createIndex('user_nips_nip').on('user_nips').column('nip').execute();

  await db.schema.alterTable('enrolments').addColumn('programme_id', 'integer').execute();
  await sql`update enrolments set programme_id = (select programme_id from cohorts where cohorts.id = enrolments.cohort_id)`.execute(db);
  await db.schema.alterTable('enrolments').addColumn('override_reason', 'text').execute();
  await db.schema.alterTable('enrolments').addColumn('withdrawn_at', 'text').execute();
  await db.schema.alterTable('enrolments').addColumn('withdrawn_reason', 'text').execute();
  // Monitoring (kept as progress happens): the exclusive status apart from "behind", which is
  // state = 'in_progress' and due_on before today in the participant's zone.
  await db.schema.alterTable('enrolments').addColumn('state', 'text', (c) => c.notNull().defaultTo('never_signed_in')).execute();
  await db.schema.alterTable('enrolments').addColumn('zone', 'text').execute();
  await db.schema.alterTable('enrolments').addColumn('due_on', 'text').execute();
  await sql`update enrolments set state = case when completed_at is not null then 'passed' when first_signin_at is not null then 'in_progress' else 'never_signed_in' end`.execute(db);
  // Orientation is taken once: one enrolment per participant and programme, unless a programme
  // admin overrides it with a reason.
  await db.schema.createIndex('enrolments_once_per_programme').unique().on('enrolments').columns(['user_id', 'programme_id']).where(sql.ref('override_reason'), 'is', null).execute();
  await db.schema.createIndex('enrolments_cohort_state').on('enrolments').columns(['cohort_id', 'state']).execute();

  await db.schema
    .createTable('profile_corrections')
    .addColumn('id', 'integer', id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('current_value', 'text')
    .addColumn('requested_value', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('profile_corrections_status').on('profile_corrections').columns(['status', 'user_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('0005_agencies cannot be reverted: restore a backup instead');
}
