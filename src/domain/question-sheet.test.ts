import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignOptionIds, columnOf, parsePoints, parseSheet, renameInDrawRules, suggestCode, toSheetRow, typeOf, validateDraft, SHEET_COLUMNS, type QuestionDraft } from './question-sheet.js';

const draft = (over: Partial<QuestionDraft> = {}): QuestionDraft => ({
  code: 'Q-1', category: 'Umum', type: 'single', text: 'Soal?', options: [{ text: 'A', correct: true }, { text: 'B', correct: false }], acceptedAnswers: [], points: 1, partialCredit: false, feedback: null, tags: [], ...over,
});
const codes = (d: QuestionDraft) => validateDraft(d).map((p) => p.code);

test('validateDraft: the rules of each type', () => {
  assert.deepEqual(codes(draft()), []);
  assert.deepEqual(codes(draft({ options: [{ text: 'A', correct: true }, { text: 'B', correct: true }] })), ['correct_many']);
  assert.deepEqual(codes(draft({ type: 'multiple', options: [{ text: 'A', correct: true }, { text: 'B', correct: true }] })), []);
  assert.deepEqual(codes(draft({ type: 'multiple', options: [{ text: 'A', correct: false }, { text: 'B', correct: false }] })), ['correct_none']);
  assert.deepEqual(codes(draft({ options: [{ text: 'A', correct: true }] })), ['options_min']);
  assert.deepEqual(codes(draft({ options: [{ text: 'A', correct: false }, { text: 'B', correct: false }, { text: '', correct: true }] })), ['correct_empty_option', 'correct_none']);
  assert.deepEqual(codes(draft({ type: 'short', options: [], acceptedAnswers: [] })), ['accepted_required']);
  assert.deepEqual(codes(draft({ type: 'true_false', options: [{ text: 'Benar', correct: false }, { text: 'Salah', correct: false }] })), ['tf_correct']);
  assert.deepEqual(codes(draft({ points: 0, code: 'bad code', text: ' ', category: '' })), ['code_invalid', 'category_required', 'text_required', 'points_invalid']);
});

test('assignOptionIds: ids kept by position, new slots max+1, true/false fixed', () => {
  const stored = [{ id: 1, text: 'A', correct: true }, { id: 3, text: 'C', correct: false }];
  assert.deepEqual(assignOptionIds('single', [{ text: 'A2', correct: false }, { text: 'C', correct: true }, { text: 'D', correct: false }], stored), [
    { id: 1, text: 'A2', correct: false },
    { id: 3, text: 'C', correct: true },
    { id: 4, text: 'D', correct: false },
  ]);
  assert.deepEqual(assignOptionIds('single', [{ text: 'A', correct: true }, { text: '', correct: false }, { text: 'X', correct: false }], stored), [
    { id: 1, text: 'A', correct: true },
    { id: 4, text: 'X', correct: false },
  ]);
  assert.deepEqual(assignOptionIds('true_false', [{ text: 'x', correct: false }, { text: 'y', correct: true }], []), [
    { id: 1, text: 'Benar', correct: false },
    { id: 2, text: 'Salah', correct: true },
  ]);
  assert.deepEqual(assignOptionIds('short', [{ text: 'A', correct: true }], stored), []);
});

test('template helpers: aliases, points, codes, draw-rule renames', () => {
  assert.equal(columnOf(' Opsi A '), 'option_a');
  assert.equal(columnOf('\uFEFFKode'), 'code');
  assert.equal(columnOf('Jawaban Diterima'), 'accepted_answers');
  assert.equal(columnOf('unknown'), null);
  assert.equal(typeOf('Benar Salah'), 'true_false');
  assert.equal(typeOf('essay'), null);
  assert.equal(parsePoints(''), 1);
  assert.equal(parsePoints('1,5'), 1.5);
  assert.ok(Number.isNaN(parsePoints('1e3')));
  assert.equal(suggestCode([]), 'SOAL-001');
  assert.equal(suggestCode(['SOAL-009', 'soal-002', 'X-100']), 'SOAL-010');
  assert.deepEqual(renameInDrawRules({ draw: [{ category: 'A', count: 1 }, { category: 'B', count: null }], passMark: 70 }, 'A', 'Z'), { draw: [{ category: 'Z', count: 1 }, { category: 'B', count: null }], passMark: 70 });
  assert.equal(renameInDrawRules({ draw: [{ category: 'B' }] }, 'A', 'Z'), null);
  assert.equal(renameInDrawRules('not json', 'A', 'Z'), null);
});

test('parseSheet ↔ toSheetRow: an exported row reads back as the same draft', () => {
  const q = { code: 'M-1', category: 'K', type: 'multiple' as const, text: 'Baris 1\nBaris 2', options: [{ id: 1, text: 'a', correct: true }, { id: 2, text: 'b', correct: false }, { id: 5, text: 'c', correct: true }], acceptedAnswers: [], points: 2.5, partialCredit: true, feedback: 'f', tags: ['x', 'y z'] };
  const row = toSheetRow(q);
  assert.equal(row.correct, 'A,C');
  const parsed = parseSheet([{ row: 1, cells: [...SHEET_COLUMNS] }, { row: 2, cells: SHEET_COLUMNS.map((c) => String(row[c])) }]);
  assert.deepEqual(parsed.problems, []);
  const d = parsed.drafts[0]!.draft;
  assert.deepEqual(assignOptionIds(d.type, d.options, q.options), q.options);
  assert.deepEqual({ text: d.text, points: d.points, partialCredit: d.partialCredit, tags: d.tags, feedback: d.feedback }, { text: q.text, points: 2.5, partialCredit: true, tags: q.tags, feedback: 'f' });
  assert.deepEqual(parseSheet([{ row: 1, cells: ['code', 'type'] }]).problems.map((p) => `${p.code}:${p.params?.column}`), ['column_missing:category', 'column_missing:text']);
});
