// Demo data helpers that no other repository needs.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export function demoRepository(db: Kysely<Database>) {
  return {
    /** Sets the cohort's start-by date and personal window, but only where none was set (an operator's choice wins). */
    async setCohortScheduleIfUnset(cohortId: number, s: { start_by: string; window_days: number; now: string }): Promise<void> {
      await db.updateTable('cohorts').set({ start_by: s.start_by, updated_at: s.now }).where('id', '=', cohortId).where('start_by', 'is', null).execute();
      await db.updateTable('cohorts').set({ window_days: s.window_days, updated_at: s.now }).where('id', '=', cohortId).where('window_days', 'is', null).execute();
    },
  };
}
export type DemoRepository = ReturnType<typeof demoRepository>;
