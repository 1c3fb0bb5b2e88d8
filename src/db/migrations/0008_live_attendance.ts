// Attendance of live sessions from the Zoom participant report (issue 6, part 3): the uploaded
// reports (one per file and session: re-uploading the same bytes is idempotent), the join/leave
// segments of every matched enrolment (the attended minutes are the union over every report of the
// session), the people of a report left for manual matching, the totals last sent as progress, and
// the manual marks (present / absent with a reason).
import type { Kysely } from 'kysely';
import { dialectOf, idColumn } from './helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const id = idColumn(await dialectOf(db));

  await db.schema
    .createTable('live_attendance_imports')
    .addColumn('id', 'integer', id)
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('topic', 'text')
    .addColumn('meeting_start_at', 'text')
    .addColumn('meeting_end_at', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('unmatched', 'integer', (c) => c.notNull())
    .addColumn('ambiguous', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    /** JSON: the first parse errors [{line, code, detail?}]. */
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_attendance_imports_file').unique().on('live_attendance_imports').columns(['activity_id', 'sha256']).execute();

  await db.schema
    .createTable('live_attendance_segments')
    .addColumn('id', 'integer', id)
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('live_attendance_imports.id'))
    .addColumn('enrolment_id', 'integer', (c) => c.notNull().references('enrolments.id'))
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_attendance_segments_enrolment').on('live_attendance_segments').columns(['activity_id', 'enrolment_id']).execute();
  await db.schema.createIndex('live_attendance_segments_import').on('live_attendance_segments').column('import_id').execute();

  await db.schema
    .createTable('live_attendance_people')
    .addColumn('id', 'integer', id)
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'integer', (c) => c.notNull().references('live_attendance_imports.id'))
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('display_names', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('segments', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('enrolment_id', 'integer')
    .addColumn('resolved_by', 'integer')
    .addColumn('resolved_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('live_attendance_people_import').on('live_attendance_people').columns(['import_id', 'status']).execute();
  await db.schema.createIndex('live_attendance_people_key').on('live_attendance_people').columns(['activity_id', 'person_key']).execute();

  await db.schema
    .createTable('live_attendance_totals')
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('enrolment_id', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_attendance_totals_pk', ['activity_id', 'enrolment_id'])
    .execute();

  await db.schema
    .createTable('live_attendance_marks')
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('enrolment_id', 'integer', (c) => c.notNull())
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'integer')
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_attendance_marks_pk', ['activity_id', 'enrolment_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0008_live_attendance cannot be reverted: restore a backup instead');
}
