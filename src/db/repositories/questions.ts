// The question bank: categories and questions per programme. (Issue 4; the bank's authoring and
// import functions are added below the basics used by attempts, demo content and tests.)
import { sql, type Kysely } from 'kysely';
import type { Database, Question, QuestionCategory, QuestionType } from '../schema.js';
import type { BankQuestion, QuestionOption } from '../../domain/quiz.js';

export interface NewQuestion {
  programmeId: number;
  categoryId: number;
  code: string;
  type: QuestionType;
  text: string;
  imageFileId?: number | null;
  options?: QuestionOption[];
  acceptedAnswers?: string[];
  points?: number;
  partialCredit?: boolean;
  feedback?: string | null;
  tags?: string[];
  now: string;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A stored question as the drawing sees it. */
export function toBankQuestion(q: Question, category: string): BankQuestion {
  return {
    id: q.id,
    category,
    type: q.type,
    text: q.text,
    imageFileId: q.image_file_id,
    options: parseJson<QuestionOption[]>(q.options, []),
    acceptedAnswers: parseJson<string[]>(q.accepted_answers, []),
    points: q.points,
    partialCredit: q.partial_credit === 1,
    feedback: q.feedback,
  };
}

/** A stored question with its category's name. */
export type QuestionRow = Question & { category_name: string };

export interface QuestionFilters {
  categoryId?: number;
  type?: QuestionType;
  tag?: string;
  status?: 'active' | 'archived';
  /** Text search in the code and the text (case-insensitive). */
  q?: string;
}

/** The stored fields of a question (authoring and import). */
export interface QuestionFields {
  category_id: number;
  code: string;
  type: QuestionType;
  text: string;
  image_file_id: number | null;
  options: QuestionOption[];
  accepted_answers: string[];
  points: number;
  partial_credit: boolean;
  feedback: string | null;
  tags: string[];
}

/** What an import writes: categories by name, then questions created or updated by code. */
export interface ImportWrite {
  categories: string[];
  creates: (Omit<QuestionFields, 'category_id' | 'image_file_id'> & { category: string })[];
  updates: (Omit<QuestionFields, 'category_id' | 'image_file_id'> & { id: number; category: string })[];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const fieldValues = (f: Omit<QuestionFields, 'category_id' | 'image_file_id'>) => ({
  code: f.code,
  type: f.type,
  text: f.text,
  options: JSON.stringify(f.options),
  accepted_answers: JSON.stringify(f.accepted_answers),
  points: f.points,
  partial_credit: f.partial_credit ? 1 : 0,
  feedback: f.feedback,
  tags: JSON.stringify(f.tags),
});

export function questionsRepository(db: Kysely<Database>) {
  return {
    categoriesOf: (programmeId: number) => db.selectFrom('question_categories').selectAll().where('programme_id', '=', programmeId).orderBy('name').execute(),
    categoryByName: (programmeId: number, name: string) =>
      db.selectFrom('question_categories').selectAll().where('programme_id', '=', programmeId).where('name', '=', name).executeTakeFirst(),

    /** The category's id, created when missing (idempotent). */
    async ensureCategory(programmeId: number, name: string, now: string): Promise<number> {
      await db
        .insertInto('question_categories')
        .values({ programme_id: programmeId, name, description: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['programme_id', 'name']).doNothing())
        .execute();
      const row = await db.selectFrom('question_categories').select('id').where('programme_id', '=', programmeId).where('name', '=', name).executeTakeFirstOrThrow();
      return row.id;
    },

    async insertQuestion(q: NewQuestion): Promise<number> {
      const row = await db
        .insertInto('questions')
        .values({
          programme_id: q.programmeId,
          category_id: q.categoryId,
          code: q.code,
          type: q.type,
          text: q.text,
          image_file_id: q.imageFileId ?? null,
          options: JSON.stringify(q.options ?? []),
          accepted_answers: JSON.stringify(q.acceptedAnswers ?? []),
          points: q.points ?? 1,
          partial_credit: q.partialCredit ? 1 : 0,
          feedback: q.feedback ?? null,
          tags: JSON.stringify(q.tags ?? []),
          status: 'active',
          created_at: q.now,
          updated_at: q.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    question: (id: number) => db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Every active question of the programme with its category's name (what attempts draw from). */
    async activeBank(programmeId: number): Promise<BankQuestion[]> {
      const rows = await db
        .selectFrom('questions')
        .innerJoin('question_categories', 'question_categories.id', 'questions.category_id')
        .selectAll('questions')
        .select('question_categories.name as category_name')
        .where('questions.programme_id', '=', programmeId)
        .where('questions.status', '=', 'active')
        .orderBy('questions.id')
        .execute();
      return rows.map((r) => toBankQuestion(r, r.category_name));
    },

    // ------------------------------------------------------------ authoring (issue 4, part 1)

    category: (id: number) => db.selectFrom('question_categories').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Categories with their count of active and archived questions. */
    async categoriesWithCounts(programmeId: number): Promise<(QuestionCategory & { active: number; archived: number })[]> {
      const rows = await db
        .selectFrom('question_categories as c')
        .leftJoin('questions as q', 'q.category_id', 'c.id')
        .selectAll('c')
        .select([
          sql<number>`sum(case when q.status = 'active' then 1 else 0 end)`.as('active'),
          sql<number>`sum(case when q.status = 'archived' then 1 else 0 end)`.as('archived'),
        ])
        .where('c.programme_id', '=', programmeId)
        .groupBy(['c.id', 'c.programme_id', 'c.name', 'c.description', 'c.created_at', 'c.updated_at'])
        .orderBy('c.name')
        .execute();
      return rows.map((r) => ({ ...r, active: Number(r.active ?? 0), archived: Number(r.archived ?? 0) }));
    },

    async insertCategory(programmeId: number, name: string, description: string | null, now: string): Promise<number> {
      const row = await db.insertInto('question_categories').values({ programme_id: programmeId, name, description, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Renames / describes a category and, in the same transaction, rewrites the configuration of the
     * programme's quiz activities whose draw rules name the old name (`rewrite` returns the new
     * config text, or null when it does not change). Returns the ids of the activities rewritten.
     */
    async updateCategory(programmeId: number, id: number, fields: { name: string; description: string | null }, now: string, rewrite: (config: string) => string | null): Promise<number[]> {
      return db.transaction().execute(async (trx) => {
        await trx.updateTable('question_categories').set({ name: fields.name, description: fields.description, updated_at: now }).where('id', '=', id).where('programme_id', '=', programmeId).execute();
        const quizzes = await trx.selectFrom('activities').select(['id', 'config']).where('programme_id', '=', programmeId).where('kind', '=', 'quiz').execute();
        const changed: number[] = [];
        for (const a of quizzes) {
          const next = rewrite(a.config);
          if (next === null) continue;
          await trx.updateTable('activities').set({ config: next, updated_at: now }).where('id', '=', a.id).execute();
          changed.push(a.id);
        }
        return changed;
      });
    },

    /** A page of the programme's questions (by id), filtered. */
    async listQuestions(programmeId: number, f: QuestionFilters, page: { cursor?: number; limit: number }): Promise<{ items: QuestionRow[]; nextCursor: number | null }> {
      let q = db
        .selectFrom('questions')
        .innerJoin('question_categories', 'question_categories.id', 'questions.category_id')
        .selectAll('questions')
        .select('question_categories.name as category_name')
        .where('questions.programme_id', '=', programmeId);
      if (f.categoryId !== undefined) q = q.where('questions.category_id', '=', f.categoryId);
      if (f.type) q = q.where('questions.type', '=', f.type);
      if (f.status) q = q.where('questions.status', '=', f.status);
      if (f.tag) {
        const pattern = `%${likeEscape(JSON.stringify(f.tag.toLowerCase()))}%`;
        q = q.where(sql<boolean>`lower(questions.tags) like ${pattern} escape '\\'`);
      }
      if (f.q) {
        const pattern = `%${likeEscape(f.q.toLowerCase())}%`;
        q = q.where((eb) => eb.or([sql<boolean>`lower(questions.text) like ${pattern} escape '\\'`, sql<boolean>`lower(questions.code) like ${pattern} escape '\\'`]));
      }
      if (page.cursor !== undefined) q = q.where('questions.id', '>', page.cursor);
      const rows = await q.orderBy('questions.id').limit(page.limit + 1).execute();
      const more = rows.length > page.limit;
      const items = more ? rows.slice(0, page.limit) : rows;
      return { items, nextCursor: more ? items[items.length - 1]!.id : null };
    },

    /** Every question of the programme (any status) with its category's name, by id. */
    allQuestions: (programmeId: number, status?: 'active' | 'archived'): Promise<QuestionRow[]> => {
      let q = db
        .selectFrom('questions')
        .innerJoin('question_categories', 'question_categories.id', 'questions.category_id')
        .selectAll('questions')
        .select('question_categories.name as category_name')
        .where('questions.programme_id', '=', programmeId);
      if (status) q = q.where('questions.status', '=', status);
      return q.orderBy('questions.id').execute();
    },

    questionWithCategory: (id: number): Promise<QuestionRow | undefined> =>
      db
        .selectFrom('questions')
        .innerJoin('question_categories', 'question_categories.id', 'questions.category_id')
        .selectAll('questions')
        .select('question_categories.name as category_name')
        .where('questions.id', '=', id)
        .executeTakeFirst(),

    questionByCode: (programmeId: number, code: string) => db.selectFrom('questions').select(['id', 'code']).where('programme_id', '=', programmeId).where('code', '=', code).executeTakeFirst(),

    codesOf: async (programmeId: number): Promise<string[]> => (await db.selectFrom('questions').select('code').where('programme_id', '=', programmeId).execute()).map((r) => r.code),

    async createQuestion(programmeId: number, f: QuestionFields, now: string): Promise<number> {
      const row = await db
        .insertInto('questions')
        .values({ programme_id: programmeId, category_id: f.category_id, image_file_id: f.image_file_id, ...fieldValues(f), status: 'active', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    updateQuestion: (id: number, f: QuestionFields, now: string) =>
      db.updateTable('questions').set({ category_id: f.category_id, image_file_id: f.image_file_id, ...fieldValues(f), updated_at: now }).where('id', '=', id).execute(),

    setStatus: (id: number, status: 'active' | 'archived', now: string) => db.updateTable('questions').set({ status, updated_at: now }).where('id', '=', id).execute(),

    /** How many attempts drew the question (a used question is archived, never deleted). */
    async usage(id: number): Promise<number> {
      const row = await db.selectFrom('attempt_questions').select(sql<number>`count(*)`.as('n')).where('question_id', '=', id).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Deletes the question unless an attempt uses it (checked in the same transaction); true when deleted. */
    async deleteUnused(id: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const used = await trx.selectFrom('attempt_questions').select('question_id').where('question_id', '=', id).limit(1).executeTakeFirst();
        if (used) return false;
        await trx.deleteFrom('questions').where('id', '=', id).execute();
        return true;
      });
    },

    /** An import, all or nothing: categories created by name, then every create and update, in one transaction. */
    async applyImport(programmeId: number, w: ImportWrite, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ids = new Map<string, number>();
        for (const name of w.categories) {
          await trx
            .insertInto('question_categories')
            .values({ programme_id: programmeId, name, description: null, created_at: now, updated_at: now })
            .onConflict((oc) => oc.columns(['programme_id', 'name']).doNothing())
            .execute();
          const row = await trx.selectFrom('question_categories').select('id').where('programme_id', '=', programmeId).where('name', '=', name).executeTakeFirstOrThrow();
          ids.set(name, row.id);
        }
        for (const c of w.creates) {
          await trx
            .insertInto('questions')
            .values({ programme_id: programmeId, category_id: ids.get(c.category)!, image_file_id: null, ...fieldValues(c), status: 'active', created_at: now, updated_at: now })
            .execute();
        }
        for (const u of w.updates) {
          await trx.updateTable('questions').set({ category_id: ids.get(u.category)!, ...fieldValues(u), updated_at: now }).where('id', '=', u.id).where('programme_id', '=', programmeId).execute();
        }
      });
    },
  };
}
export type QuestionsRepository = ReturnType<typeof questionsRepository>;
