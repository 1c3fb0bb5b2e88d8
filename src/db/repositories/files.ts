import type { Kysely } from 'kysely';
import type { Database, StoredFile } from '../schema.js';

export function filesRepository(db: Kysely<Database>) {
  return {
    async insert(f: Omit<StoredFile, 'id'>): Promise<StoredFile> {
      const row = await db.insertInto('files').values(f).returning('id').executeTakeFirstOrThrow();
      return { ...f, id: row.id };
    },
    findById: (id: number) => db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}
export type FilesRepository = ReturnType<typeof filesRepository>;
