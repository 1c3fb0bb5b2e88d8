import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

// Placeholder: filled in by the evaluation work (issue 4).
export function quizReportsRepository(_db: Kysely<Database>) {
  return {};
}
