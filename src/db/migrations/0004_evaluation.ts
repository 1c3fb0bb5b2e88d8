// Evaluation: a question bank per programme (categories, questions with their options and accepted
// answers), quiz attempts with a snapshot of the questions drawn for each attempt, every start /
// answer / submit recorded with time and address, and per-participant grants (extra attempts/time).
import { sql, type Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema
    .createTable('question_categories')
    .addColumn('id', 'integer', id)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('question_categories_name').unique().on('question_categories').columns(['programme_id', 'name']).execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'integer', id)
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('question_categories.id'))
    // A stable identifier for import/export round trips (unique per programme), e.g. "LAN-001".
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('image_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('accepted_answers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('points', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('partial_credit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('feedback', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_code').unique().on('questions').columns(['programme_id', 'code']).execute();
  await db.schema.createIndex('questions_category').on('questions').columns(['category_id', 'status']).execute();

  await db.schema
    .createTable('quiz_attempts')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('finished_by', 'text')
    .addColumn('score', 'real')
    .addColumn('max_score', 'real')
    .addColumn('percent', 'real')
    .addColumn('passed', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Two starts racing for the same participant and quiz: only one attempt number, only one open attempt.
  await db.schema.createIndex('quiz_attempts_number').unique().on('quiz_attempts').columns(['enrolment_id', 'activity_id', 'number']).execute();
  await db.schema.createIndex('quiz_attempts_one_open').unique().on('quiz_attempts').columns(['enrolment_id', 'activity_id']).where(sql.ref('status'), '=', 'open').execute();
  await db.schema.createIndex('quiz_attempts_activity').on('quiz_attempts').columns(['activity_id', 'status']).execute();
  await db.schema.createIndex('quiz_attempts_deadline').on('quiz_attempts').columns(['status', 'deadline']).execute();

  await db.schema
    .createTable('attempt_questions')
    .addColumn('attempt_id', 'integer', (c) => c.notNull().references('quiz_attempts.id'))
    .addColumn('question_id', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // The question as drawn for this attempt (text, options in their shuffled order, the key): later
    // edits to the bank never change an attempt.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('score', 'real')
    .addPrimaryKeyConstraint('attempt_questions_pk', ['attempt_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('attempt_events')
    .addColumn('id', 'integer', id)
    .addColumn('attempt_id', 'integer', (c) => c.notNull().references('quiz_attempts.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('question_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('attempt_events_attempt').on('attempt_events').column('attempt_id').execute();

  await db.schema
    .createTable('quiz_grants')
    .addColumn('id', 'integer', id)
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('extra_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extra_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quiz_grants_enrolment').on('quiz_grants').columns(['enrolment_id', 'activity_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('0004_evaluation cannot be reverted: restore a backup instead');
}
