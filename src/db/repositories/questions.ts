// The question bank: categories and questions per programme. (Issue 4; the bank's authoring and
// import functions are added below the basics used by attempts, demo content and tests.)
import type { Kysely } from 'kysely';
import type { Database, Question, QuestionType } from '../schema.js';
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
  };
}
export type QuestionsRepository = ReturnType<typeof questionsRepository>;
