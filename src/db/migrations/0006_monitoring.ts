// Monitoring (issue 5): one covering index for the dashboard's counts and lists. A cohort's
// enrolments are read by (cohort, user) — either all of them (the national dashboard) or those of
// the users of an operator's units (looked up through users_unit) — with every column the status
// needs in the index itself, so neither path touches the enrolment rows.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('enrolments_monitoring').on('enrolments').columns(['cohort_id', 'user_id', 'status', 'state', 'zone', 'due_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrolments_monitoring').execute();
}
