// The quiz kind's authoring form (fields → post → config round trip, mistakes reported per field) and
// its pure view helpers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { quizKind } from './index.js';
import { quizConfig, type QuizConfig } from './config.js';
import { formatDrawRules, parseDrawRules, wibInstant, wibLocalValue, formatNumber, isAnswered, QuestionFieldset } from './views.js';
import { configProblems } from '../../services/authoring.js';
import { translator } from '../../i18n/index.js';
import type { ViewContext } from '../../views/context.js';

const v: ViewContext = { t: translator('id'), locale: 'id', path: '/admin', csrfToken: 'tok', zone: 'WITA', user: null, assetVersion: '1' };

/** What a browser would post for the rendered fields (text inputs, textareas, selected options, ticked boxes). */
function formValues(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    const value = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? 'text';
    if (type === 'checkbox') {
      if (/\schecked(="")?/.test(attrs)) out[name] = value;
    } else out[name] = value;
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = unescape(m[2]!);
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected(="")?>/.exec(m[2]!);
    out[m[1]!] = selected ? selected[1]! : (/<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '');
  }
  return out;
}

const render = (config: QuizConfig | null) => String(quizKind.authoringFields({ v, config }));

describe('quiz authoring form', () => {
  test('every configuration survives the round trip fields → post → parse → schema', () => {
    const configs: QuizConfig[] = [
      quizConfig.parse({ draw: [{ category: 'Wawasan Kebangsaan', count: null }] }),
      quizConfig.parse({
        purpose: 'final',
        instructions: 'Kerjakan dengan jujur.\n\n**Waktu 30 menit** & "tanpa" <bantuan>.',
        draw: [
          { category: 'Wawasan Kebangsaan', count: 10 },
          { category: 'Nilai: Dasar ASN', count: null },
        ],
        shuffleQuestions: false,
        shuffleOptions: true,
        timeLimitMinutes: 30,
        attempts: 2,
        passMark: 72.5,
        grading: 'last',
        review: { responses: false, correctness: true, correctAnswers: true, feedback: true },
        closesAt: '2026-12-15T09:00:00.000Z',
        evaluationActivityId: null,
        questionsPerPage: 4,
      }),
      quizConfig.parse({
        purpose: 'remedial',
        draw: [{ category: 'Nilai Dasar ASN', count: 5 }],
        attempts: null,
        timeLimitMinutes: null,
        evaluationActivityId: 42,
        review: { responses: false, correctness: false, correctAnswers: false, feedback: false },
        shuffleQuestions: true,
        shuffleOptions: false,
      }),
    ];
    for (const config of configs) {
      const values = formValues(render(config));
      const parsed = quizConfig.parse(quizKind.parseAuthoringForm(values));
      assert.deepEqual(parsed, config);
    }
  });

  test('a new quiz: the defaults are offered (shuffled, one attempt, pass mark 70, responses and correctness shown)', () => {
    const html = render(null);
    const values = formValues(html);
    assert.equal(values.cfg_purpose, 'post_test');
    assert.equal(values.cfg_attempts, '1');
    assert.equal(values.cfg_passMark, '70');
    assert.equal(values.cfg_shuffleQuestions, '1');
    assert.equal(values.cfg_review_responses, '1');
    assert.equal(values.cfg_review_correctness, '1');
    assert.equal(values.cfg_review_correctAnswers, undefined);
    assert.match(html, /<label for="cfg-draw">Soal yang diambil per percobaan<\/label>/);
    assert.match(html, /<fieldset><legend>Pengacakan<\/legend>/);
  });

  test('blank time limit and attempts mean none / unlimited; closes at is read as WIB', () => {
    const parsed = quizConfig.parse(
      quizKind.parseAuthoringForm({ cfg_purpose: 'post_test', cfg_draw: 'Wawasan Kebangsaan: semua\nNilai Dasar ASN: 3', cfg_timeLimitMinutes: ' ', cfg_attempts: '', cfg_passMark: '80', cfg_closesAt: '2026-12-01T17:00' }),
    );
    assert.equal(parsed.timeLimitMinutes, null);
    assert.equal(parsed.attempts, null);
    assert.equal(parsed.passMark, 80);
    assert.equal(parsed.closesAt, '2026-12-01T10:00:00.000Z');
    assert.deepEqual(parsed.draw, [
      { category: 'Wawasan Kebangsaan', count: null },
      { category: 'Nilai Dasar ASN', count: 3 },
    ]);
    assert.equal(parsed.shuffleQuestions, false, 'an unticked box is false');
  });

  test('mistakes are named per field and shown again as typed', () => {
    const body = { cfg_purpose: 'final', cfg_draw: 'Wawasan Kebangsaan: banyak', cfg_timeLimitMinutes: 'satu jam', cfg_attempts: '0', cfg_passMark: '150', cfg_closesAt: 'besok', cfg_questionsPerPage: '5' };
    const config = quizKind.parseAuthoringForm(body);
    const checked = quizConfig.safeParse(config);
    assert.equal(checked.success, false);
    const fields = Object.keys(configProblems(checked.error!.issues, config)).sort();
    assert.deepEqual(fields, ['cfg_attempts', 'cfg_closesAt', 'cfg_draw', 'cfg_passMark', 'cfg_timeLimitMinutes']);
    // The form shown again keeps what was typed.
    const values = formValues(String(quizKind.authoringFields({ v, config: config as QuizConfig })));
    assert.equal(values.cfg_timeLimitMinutes, 'satu jam');
    assert.equal(values.cfg_draw, 'Wawasan Kebangsaan: banyak');
    assert.equal(values.cfg_closesAt, 'besok');
    assert.equal(values.cfg_purpose, 'final');
    // No draw rule at all is a mistake too.
    const empty = quizConfig.safeParse(quizKind.parseAuthoringForm({ cfg_draw: '  \n ' }));
    assert.equal(empty.success, false);
  });

  test('draw rule lines and WIB helpers', () => {
    assert.deepEqual(parseDrawRules('A: 2\r\n\r\nB\nC: all\nKategori: Sub: 4'), [
      { category: 'A', count: 2 },
      { category: 'B', count: null },
      { category: 'C', count: null },
      { category: 'Kategori: Sub', count: 4 },
    ]);
    assert.equal(formatDrawRules([{ category: 'A', count: null }, { category: 'B', count: 3 }], 'semua'), 'A: semua\nB: 3');
    assert.equal(wibInstant('2026-01-01T00:00'), '2025-12-31T17:00:00.000Z');
    assert.equal(wibInstant(''), null);
    assert.equal(wibLocalValue('2025-12-31T17:00:00.000Z'), '2026-01-01T00:00');
    assert.equal(wibLocalValue('2025-12-31T18:00:00+01:00'), '2026-01-01T00:00');
  });

  test('view helpers: numbers in the participant language, what counts as answered', () => {
    assert.equal(formatNumber(72.5, 'id'), '72,5');
    assert.equal(formatNumber(72.5, 'en'), '72.5');
    assert.equal(formatNumber(2 / 3, 'id'), '0,67');
    assert.equal(isAnswered(undefined), false);
    assert.equal(isAnswered({ optionIds: [] }), false);
    assert.equal(isAnswered({ optionIds: [2] }), true);
    assert.equal(isAnswered({ text: '   ' }), false);
    assert.equal(isAnswered({ text: 'KPU' }), true);
  });

  test('a question with an image shows it from the question media route, with a text alternative', () => {
    const html = String(QuestionFieldset({ v, q: { id: 31, position: 4, type: 'single', text: 'Lihat **gambar**.', imageFileId: 9, options: [{ id: 1, text: 'A' }] }, total: 10, answer: { optionIds: [1] } }));
    assert.match(html, /<img class="quiz-image" src="\/media\/questions\/31\/image" alt="Gambar soal nomor 4"/);
    assert.match(html, /<legend>Soal 4 dari 10<\/legend>/);
    assert.match(html, /<strong>gambar<\/strong>/);
    assert.match(html, /name="q_31" value="1" checked/);
  });
});
