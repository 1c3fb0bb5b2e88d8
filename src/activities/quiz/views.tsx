// The quiz activity's views: authoring fields (and reading them back), the participant's activity
// view, the attempt pages that work without JavaScript, and the result with its review.
//
// Authoring the quiz activity: the form fields of its configuration and reading them back from the
// form post. Field names are `cfg_<configKey>` so the authoring pages report schema problems per field
// (src/services/authoring.ts configProblems). Values that cannot be read are passed on as typed, so
// the schema rejects them (with the field named) and the form shows them again as typed.
import type { ViewContext } from '../../views/context.js';
import { Csrf, Layout } from '../../views/layout.js';
import { Markdown } from '../../views/markdown.js';
import { formatDateTime } from '../../domain/time.js';
import type { Answer, QuestionType } from '../../domain/quiz.js';
import { QUIZ_PURPOSES, type QuizConfig } from './config.js';
import type { MessageKey } from '../../i18n/index.js';
import { describeReason } from '../../views/reasons.js';
import type { QuizOverview } from '../../services/quiz-attempts.js';

export const PURPOSE_KEY: Record<QuizConfig['purpose'], MessageKey> = {
  pre_test: 'quiz.purpose.pre_test',
  post_test: 'quiz.purpose.post_test',
  final: 'quiz.purpose.final',
  remedial: 'quiz.purpose.remedial',
};

const REVIEW_KEYS = ['responses', 'correctness', 'correctAnswers', 'feedback'] as const;
const REVIEW_LABEL: Record<(typeof REVIEW_KEYS)[number], MessageKey> = {
  responses: 'quiz.authoring.review.responses',
  correctness: 'quiz.authoring.review.correctness',
  correctAnswers: 'quiz.authoring.review.correctAnswers',
  feedback: 'quiz.authoring.review.feedback',
};

/** "all" in a draw rule line: every active question of the category. */
const ALL_WORDS = new Set(['semua', 'all', '*', '']);

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[v.length - 1] === 'string') return v[v.length - 1] as string;
  return '';
}
const isChecked = (body: Record<string, unknown>, name: string) => {
  const v = field(body, name);
  return v === '1' || v === 'on' || v === 'true';
};

/** Blank → `blank`; digits → a number; anything else → the text as typed (the schema rejects it). */
function numberField(body: Record<string, unknown>, name: string, blank: null | undefined, decimals = false): number | string | null | undefined {
  const v = field(body, name).trim();
  if (v === '') return blank;
  if (/^\d{1,9}$/.test(v)) return Number(v);
  if (decimals && /^\d{1,3}[.,]\d{1,2}$/.test(v)) return Number(v.replace(',', '.'));
  return v;
}

/** "Kategori: 5" / "Kategori: semua" / "Kategori" per line → draw rules (a bad count stays as typed). */
export function parseDrawRules(text: string): { category: string; count: number | string | null }[] {
  const rules: { category: string; count: number | string | null }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.lastIndexOf(':');
    if (colon < 0) {
      rules.push({ category: line, count: null });
      continue;
    }
    const category = line.slice(0, colon).trim();
    const count = line.slice(colon + 1).trim();
    if (ALL_WORDS.has(count.toLowerCase())) rules.push({ category, count: null });
    else if (/^\d{1,6}$/.test(count)) rules.push({ category, count: Number(count) });
    else rules.push({ category, count });
  }
  return rules;
}

export function formatDrawRules(rules: readonly { category?: unknown; count?: unknown }[] | undefined, all: string): string {
  return (rules ?? []).map((r) => `${String(r.category ?? '')}: ${r.count === null || r.count === undefined ? all : String(r.count)}`).join('\n');
}

/** A datetime-local value read as WIB (as the authoring pages read dates) → ISO instant; anything else as typed. */
export function wibInstant(value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) {
    const ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}+07:00`);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return v;
}

/** An instant shown in a datetime-local field (WIB); text that is not an instant is shown as it is. */
export function wibLocalValue(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(iso) || !/(Z|[+-]\d{2}:\d{2})$/.test(iso)) return iso;
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
}

export function parseQuizAuthoringForm(body: Record<string, unknown>): Record<string, unknown> {
  const purpose = field(body, 'cfg_purpose').trim();
  const grading = field(body, 'cfg_grading').trim();
  const config: Record<string, unknown> = {
    purpose: purpose || undefined,
    instructions: field(body, 'cfg_instructions'),
    draw: parseDrawRules(field(body, 'cfg_draw')),
    shuffleQuestions: isChecked(body, 'cfg_shuffleQuestions'),
    shuffleOptions: isChecked(body, 'cfg_shuffleOptions'),
    timeLimitMinutes: numberField(body, 'cfg_timeLimitMinutes', null),
    attempts: numberField(body, 'cfg_attempts', null),
    passMark: numberField(body, 'cfg_passMark', undefined, true),
    grading: grading || undefined,
    review: Object.fromEntries(REVIEW_KEYS.map((k) => [k, isChecked(body, `cfg_review_${k}`)])),
    closesAt: wibInstant(field(body, 'cfg_closesAt')),
    evaluationActivityId: numberField(body, 'cfg_evaluationActivityId', null),
    questionsPerPage: numberField(body, 'cfg_questionsPerPage', undefined),
  };
  for (const k of Object.keys(config)) if (config[k] === undefined) delete config[k];
  return config;
}

const text = (x: unknown) => (x === null || x === undefined ? '' : String(x));

/** The quiz's configuration fields on the activity form (config may be partial or invalid after a failed post). */
export function QuizAuthoringFields(props: { v: ViewContext; config: Partial<Record<keyof QuizConfig, unknown>> | null }) {
  const { v } = props;
  const { t } = v;
  const c = props.config ?? {};
  const review = (c.review && typeof c.review === 'object' ? c.review : null) as Record<string, unknown> | null;
  const reviewChecked = (k: (typeof REVIEW_KEYS)[number]) => (review ? review[k] === true : k === 'responses' || k === 'correctness');
  const purpose = typeof c.purpose === 'string' ? c.purpose : 'post_test';
  const grading = c.grading === 'last' ? 'last' : 'highest';
  const draw = Array.isArray(c.draw) ? formatDrawRules(c.draw as { category?: unknown; count?: unknown }[], t('quiz.authoring.all')) : '';
  return (
    <div class="quiz-authoring stack">
      <div>
        <label for="cfg-purpose">{t('quiz.authoring.purpose')}</label>
        <select id="cfg-purpose" name="cfg_purpose" aria-describedby="cfg-purpose-hint">
          {QUIZ_PURPOSES.map((p) => (
            <option value={p} selected={p === purpose}>{t(PURPOSE_KEY[p])}</option>
          ))}
        </select>
        <p class="hint" id="cfg-purpose-hint">{t('quiz.authoring.purposeHint')}</p>
      </div>
      <div>
        <label for="cfg-instructions">{t('quiz.authoring.instructions')}</label>
        <textarea id="cfg-instructions" name="cfg_instructions" rows={6}>{text(c.instructions)}</textarea>
      </div>
      <div>
        <label for="cfg-draw">{t('quiz.authoring.draw')}</label>
        <textarea id="cfg-draw" name="cfg_draw" rows={4} required aria-describedby="cfg-draw-hint">{draw}</textarea>
        <p class="hint" id="cfg-draw-hint">{t('quiz.authoring.drawHint', { all: t('quiz.authoring.all') })}</p>
      </div>
      <fieldset>
        <legend>{t('quiz.authoring.shuffle')}</legend>
        <label class="check">
          <input type="checkbox" name="cfg_shuffleQuestions" value="1" checked={c.shuffleQuestions !== false} /> {t('quiz.authoring.shuffleQuestions')}
        </label>
        <label class="check">
          <input type="checkbox" name="cfg_shuffleOptions" value="1" checked={c.shuffleOptions !== false} /> {t('quiz.authoring.shuffleOptions')}
        </label>
      </fieldset>
      <div>
        <label for="cfg-time-limit">{t('quiz.authoring.timeLimit')}</label>
        <input id="cfg-time-limit" name="cfg_timeLimitMinutes" type="text" inputmode="numeric" value={text(c.timeLimitMinutes)} aria-describedby="cfg-time-limit-hint" />
        <p class="hint" id="cfg-time-limit-hint">{t('quiz.authoring.timeLimitHint')}</p>
      </div>
      <div>
        <label for="cfg-attempts">{t('quiz.authoring.attempts')}</label>
        <input id="cfg-attempts" name="cfg_attempts" type="text" inputmode="numeric" value={c.attempts === undefined ? '1' : text(c.attempts)} aria-describedby="cfg-attempts-hint" />
        <p class="hint" id="cfg-attempts-hint">{t('quiz.authoring.attemptsHint')}</p>
      </div>
      <div>
        <label for="cfg-pass-mark">{t('quiz.authoring.passMark')}</label>
        <input id="cfg-pass-mark" name="cfg_passMark" type="text" inputmode="decimal" value={c.passMark === undefined ? '70' : text(c.passMark)} />
      </div>
      <div>
        <label for="cfg-grading">{t('quiz.authoring.grading')}</label>
        <select id="cfg-grading" name="cfg_grading">
          <option value="highest" selected={grading === 'highest'}>{t('quiz.grading.highest')}</option>
          <option value="last" selected={grading === 'last'}>{t('quiz.grading.last')}</option>
        </select>
      </div>
      <fieldset>
        <legend>{t('quiz.authoring.review')}</legend>
        {REVIEW_KEYS.map((k) => (
          <label class="check">
            <input type="checkbox" name={`cfg_review_${k}`} value="1" checked={reviewChecked(k)} /> {t(REVIEW_LABEL[k])}
          </label>
        ))}
      </fieldset>
      <div>
        <label for="cfg-closes-at">{t('quiz.authoring.closesAt')}</label>
        <input id="cfg-closes-at" name="cfg_closesAt" type="datetime-local" value={wibLocalValue(c.closesAt)} aria-describedby="cfg-closes-at-hint" />
        <p class="hint" id="cfg-closes-at-hint">{t('quiz.authoring.closesAtHint')}</p>
      </div>
      <div>
        <label for="cfg-evaluation">{t('quiz.authoring.evaluationActivityId')}</label>
        <input id="cfg-evaluation" name="cfg_evaluationActivityId" type="text" inputmode="numeric" value={text(c.evaluationActivityId)} aria-describedby="cfg-evaluation-hint" />
        <p class="hint" id="cfg-evaluation-hint">{t('quiz.authoring.evaluationActivityIdHint')}</p>
      </div>
      <div>
        <label for="cfg-per-page">{t('quiz.authoring.questionsPerPage')}</label>
        <input id="cfg-per-page" name="cfg_questionsPerPage" type="text" inputmode="numeric" value={c.questionsPerPage === undefined ? '5' : text(c.questionsPerPage)} />
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The participant's side: the activity view, the attempt pages (no JavaScript needed), the result.

/** What the activity view shows: the attempts service's overview of this quiz for the participant. */
export type QuizViewModel = QuizOverview;
type AttemptRow = QuizOverview['attempts'][number];

export const attemptHref = (attemptId: number, page?: number) => `/learn/attempts/${attemptId}${page ? `?page=${page}` : ''}`;
export const resultHref = (attemptId: number, notice?: string) => `/learn/attempts/${attemptId}/result${notice ? `?notice=${notice}` : ''}`;
export const startAction = (enrolmentId: number, activityId: number) => `/learn/${enrolmentId}/activities/${activityId}/attempts`;

/** "7,5" (id) / "7.5" (en): at most two decimals. */
export function formatNumber(n: number, locale: 'id' | 'en'): string {
  const r = Math.round(n * 100) / 100;
  const s = String(r);
  return locale === 'id' ? s.replace('.', ',') : s;
}

const STATUS_KEY: Record<AttemptRow['status'], MessageKey> = {
  open: 'quiz.status.open',
  submitted: 'quiz.status.submitted',
  expired: 'quiz.status.expired',
};

export function PassBadge(props: { v: ViewContext; passed: boolean }) {
  return <span class={`badge ${props.passed ? 'quiz-pass' : 'quiz-fail'}`}>{props.v.t(props.passed ? 'quiz.passed' : 'quiz.failed')}</span>;
}

export function QuizRules(props: { v: ViewContext; m: QuizViewModel }) {
  const { v, m } = props;
  const { t } = v;
  const minutes = m.timeLimitMinutes;
  return (
    <dl class="facts quiz-rules">
      <dt>{t('quiz.rules.purpose')}</dt>
      <dd>{t(PURPOSE_KEY[m.config.purpose])}</dd>
      <dt>{t('quiz.rules.questions')}</dt>
      <dd>{m.questionCount}</dd>
      <dt>{t('quiz.rules.timeLimit')}</dt>
      <dd>
        {minutes === null ? t('quiz.rules.noTimeLimit') : t('quiz.rules.minutes', { minutes })}
        {minutes !== null && m.extraMinutes > 0 ? ` ${t('quiz.rules.extraMinutes', { minutes: m.extraMinutes })}` : ''}
      </dd>
      <dt>{t('quiz.rules.attempts')}</dt>
      <dd>{m.attemptsAllowed === null ? t('quiz.rules.attemptsUnlimited', { used: m.attemptsUsed }) : t('quiz.rules.attemptsOf', { used: m.attemptsUsed, allowed: m.attemptsAllowed })}</dd>
      <dt>{t('quiz.rules.passMark')}</dt>
      <dd>{formatNumber(m.config.passMark, v.locale)} %</dd>
      <dt>{t('quiz.rules.grading')}</dt>
      <dd>{t(m.config.grading === 'last' ? 'quiz.grading.last' : 'quiz.grading.highest')}</dd>
      {m.closesAt ? (
        <>
          <dt>{t('quiz.rules.closesAt')}</dt>
          <dd>{formatDateTime(m.closesAt, v.zone, v.locale)}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function AttemptsTable(props: { v: ViewContext; attempts: readonly AttemptRow[] }) {
  const { v } = props;
  const { t } = v;
  if (props.attempts.length === 0) return <p class="muted">{t('quiz.attempts.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="quiz-attempts">
        <caption class="sr">{t('quiz.attempts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('quiz.attempts.number')}</th>
            <th scope="col">{t('quiz.attempts.date')}</th>
            <th scope="col">{t('quiz.attempts.status')}</th>
            <th scope="col">{t('quiz.attempts.score')}</th>
            <th scope="col">{t('quiz.attempts.result')}</th>
          </tr>
        </thead>
        <tbody>
          {props.attempts.map((a) => (
            <tr>
              <td data-label={t('quiz.attempts.number')}>{a.number}</td>
              <td data-label={t('quiz.attempts.date')}>{formatDateTime(a.finishedAt ?? a.startedAt, v.zone, v.locale)}</td>
              <td data-label={t('quiz.attempts.status')}>{t(STATUS_KEY[a.status])}</td>
              <td data-label={t('quiz.attempts.score')}>
                {a.status === 'open' || a.score === null || a.maxScore === null
                  ? '–'
                  : `${formatNumber(a.score, v.locale)} / ${formatNumber(a.maxScore, v.locale)} (${formatNumber(a.percent ?? 0, v.locale)} %)`}
              </td>
              <td data-label={t('quiz.attempts.result')}>
                {a.status === 'open' ? (
                  <a href={attemptHref(a.attemptId, 1)}>{t('quiz.resume')}</a>
                ) : (
                  <>
                    {a.passed === null ? null : <PassBadge v={v} passed={a.passed} />}{' '}
                    <a href={resultHref(a.attemptId)} aria-label={t('quiz.attempts.resultOf', { number: a.number })}>{t('quiz.attempts.view')}</a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The purpose's own note: a pre-test never blocks; remedial stands in for the final evaluation. */
function purposeNote(v: ViewContext, m: QuizViewModel): string | null {
  if (m.passedByRemedial) return v.t('quiz.note.passedByRemedial');
  if (m.config.purpose === 'pre_test') return v.t('quiz.note.preTest');
  if (m.config.purpose === 'remedial') return v.t('quiz.note.remedial');
  if (m.config.purpose === 'final' && !m.passed && m.refusal === 'no_attempts_left') return v.t('quiz.note.finalFailed');
  return null;
}

/** Why a new attempt cannot start, as a sentence (dates in the participant's zone). */
export function refusalText(v: ViewContext, m: Pick<QuizViewModel, 'refusal' | 'lockReason'>): string | null {
  if (!m.refusal) return null;
  if (m.lockReason) {
    const reason = describeReason(m.lockReason, v.t, v.locale, v.zone);
    return m.refusal === 'closed' ? v.t('error.closed_reason', { reason }) : reason;
  }
  return v.t(`error.${m.refusal}` as MessageKey);
}

export function QuizActivityView(props: { v: ViewContext; enrolmentId: number; activityId: number; instructions: string; m: QuizViewModel | null; locked: boolean }) {
  const { v, m } = props;
  const { t } = v;
  const note = m ? purposeNote(v, m) : null;
  const open = m && m.openAttemptId !== null ? (m.attempts.find((a) => a.attemptId === m.openAttemptId) ?? null) : null;
  const cannotStart = m && !open ? refusalText(v, m) : null;
  return (
    <div class="quiz-activity">
      {props.instructions ? (
        <article class="prose">
          <Markdown source={props.instructions} />
        </article>
      ) : null}
      {m ? (
        <>
          <section class="card" aria-labelledby="quiz-rules-title">
            <h2 id="quiz-rules-title">{t('quiz.rules.title')}</h2>
            <QuizRules v={v} m={m} />
          </section>
          {note ? <p class="warn quiz-note">{note}</p> : null}
          {m.grade ? (
            <p class="quiz-grade" data-passed={m.passed ? 'true' : 'false'}>
              <strong>{t('quiz.grade', { percent: formatNumber(m.grade.percent, v.locale) })}</strong> <PassBadge v={v} passed={m.passed} />
            </p>
          ) : null}
          {props.locked ? null : open ? (
            <form method="post" action={startAction(props.enrolmentId, props.activityId)} class="quiz-start">
              <Csrf v={v} />
              <p>{open.deadline ? t('quiz.resumeDeadline', { deadline: formatDateTime(open.deadline, v.zone, v.locale) }) : t('quiz.resumeOpen')}</p>
              <button type="submit" class="cta">{t('quiz.resume')}</button>
            </form>
          ) : cannotStart ? (
            <p class="alert quiz-cannot-start" role="status" data-refusal={m.refusal ?? ''}>{cannotStart}</p>
          ) : (
            <form method="post" action={startAction(props.enrolmentId, props.activityId)} class="quiz-start">
              <Csrf v={v} />
              {m.timeLimitMinutes !== null ? <p class="hint">{t('quiz.startHint', { minutes: m.timeLimitMinutes })}</p> : null}
              <button type="submit" class="cta">{t(m.attemptsUsed > 0 ? 'quiz.startAgain' : 'quiz.start')}</button>
            </form>
          )}
          <section aria-labelledby="quiz-attempts-title">
            <h2 id="quiz-attempts-title">{t('quiz.attempts.title')}</h2>
            <AttemptsTable v={v} attempts={m.attempts.slice().reverse()} />
          </section>
        </>
      ) : (
        <p class="alert">{t('quiz.unavailable')}</p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The attempt pages.

/** A question as the attempt page may show it: never the key, never the feedback. */
export interface AttemptQuestionView {
  id: number;
  /** 1-based position in the attempt. */
  position: number;
  type: QuestionType;
  text: string;
  imageFileId: number | null;
  options: { id: number; text: string }[];
}

export interface AttemptPageData {
  attemptId: number;
  number: number;
  title: string;
  enrolmentId: number;
  activityId: number;
  deadline: string | null;
  /** The server's time when the page was rendered (the countdown corrects a wrong phone clock with it). */
  serverNow: string;
  page: number;
  pages: number;
  total: number;
  questions: AttemptQuestionView[];
  answers: Record<number, Answer>;
  /** Per page (1-based index = page), whether every question on it has an answer. */
  pageDone: boolean[];
  answeredCount: number;
}

/** An answer that says something (an empty choice or blank text counts as unanswered). */
export function isAnswered(a: Answer | null | undefined): boolean {
  if (!a) return false;
  if ('optionIds' in a) return Array.isArray(a.optionIds) && a.optionIds.length > 0;
  return typeof a.text === 'string' && a.text.trim() !== '';
}

export const questionImageHref = (questionId: number) => `/media/questions/${questionId}/image`;

const TYPE_HINT: Record<QuestionType, MessageKey> = {
  single: 'quiz.type.single',
  true_false: 'quiz.type.true_false',
  multiple: 'quiz.type.multiple',
  short: 'quiz.type.short',
};

function QuestionImage(props: { v: ViewContext; questionId: number; position: number }) {
  return <img class="quiz-image" src={questionImageHref(props.questionId)} alt={props.v.t('quiz.imageAlt', { number: props.position })} loading="lazy" />;
}

export function QuestionFieldset(props: { v: ViewContext; q: AttemptQuestionView; total: number; answer: Answer | undefined }) {
  const { v, q } = props;
  const { t } = v;
  const name = `q_${q.id}`;
  const chosen = new Set(props.answer && 'optionIds' in props.answer ? props.answer.optionIds : []);
  const textAnswer = props.answer && 'text' in props.answer ? props.answer.text : '';
  const textId = `q-${q.id}-text`;
  const hintId = `q-${q.id}-hint`;
  return (
    <fieldset class="quiz-question" id={`q-${q.id}`} data-question-id={String(q.id)} data-question-type={q.type} aria-describedby={`${textId} ${hintId}`}>
      <legend>{t('quiz.questionOf', { number: q.position, total: props.total })}</legend>
      <div class="prose quiz-text" id={textId}>
        <Markdown source={q.text} />
      </div>
      {q.imageFileId !== null ? <QuestionImage v={v} questionId={q.id} position={q.position} /> : null}
      <p class="hint" id={hintId}>{t(TYPE_HINT[q.type])}</p>
      {q.type === 'short' ? (
        <div class="quiz-short">
          <label for={`q-${q.id}-answer`}>{t('quiz.answerLabel')}</label>
          <input id={`q-${q.id}-answer`} type="text" name={name} value={textAnswer} maxlength={500} autocomplete="off" spellcheck={false} />
        </div>
      ) : (
        <ul class="quiz-options">
          {q.options.map((o) => (
            <li>
              <label class="quiz-option" for={`q-${q.id}-o-${o.id}`}>
                <input id={`q-${q.id}-o-${o.id}`} type={q.type === 'multiple' ? 'checkbox' : 'radio'} name={name} value={String(o.id)} checked={chosen.has(o.id)} />
                <span>{o.text}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The deadline line: the time in the participant's zone, and a countdown the script keeps (none without JavaScript). */
export function Deadline(props: { v: ViewContext; deadline: string | null; serverNow: string }) {
  const { v } = props;
  const { t } = v;
  if (!props.deadline) return <p class="quiz-deadline muted">{t('quiz.noDeadline')}</p>;
  return (
    <div class="quiz-deadline" data-quiz-timer="" data-deadline={props.deadline} data-server-now={props.serverNow} data-msg-left={t('quiz.timer.left', { time: '{time}' })} data-msg-minute={t('quiz.timer.lastMinute')} data-msg-up={t('quiz.timer.up')}>
      <p>
        {t('quiz.deadline')}: <time datetime={props.deadline}>{formatDateTime(props.deadline, v.zone, v.locale)}</time>
      </p>
      <p class="quiz-countdown" data-countdown="" hidden></p>
      <p class="sr" aria-live="assertive" data-timer-live=""></p>
    </div>
  );
}

export function AttemptPage(props: { v: ViewContext; d: AttemptPageData; notice?: string | null; error?: string | null }) {
  const { v, d } = props;
  const { t } = v;
  const last = d.page >= d.pages;
  return (
    <Layout v={v} title={t('quiz.attemptTitle', { title: d.title, number: d.number })} notice={props.notice} error={props.error}>
      <h1>{d.title}</h1>
      <p class="activity-meta">{t('quiz.attemptMeta', { number: d.number, page: d.page, pages: d.pages, answered: d.answeredCount, total: d.total })}</p>
      <Deadline v={v} deadline={d.deadline} serverNow={d.serverNow} />
      <form
        method="post"
        action={attemptHref(d.attemptId)}
        class="quiz-form"
        data-quiz-attempt={String(d.attemptId)}
        data-answer-url={`/api/v1/attempts/${d.attemptId}/answers/`}
        data-result-url={resultHref(d.attemptId)}
        data-csrf={v.csrfToken}
        data-msg-saving={t('quiz.save.saving')}
        data-msg-saved={t('quiz.save.saved')}
        data-msg-offline={t('quiz.save.offline')}
        data-msg-failed={t('quiz.save.failed')}
      >
        <Csrf v={v} />
        <input type="hidden" name="page" value={String(d.page)} />
        <input type="hidden" name="qids" value={d.questions.map((q) => q.id).join(',')} />
        <input type="hidden" name="timeup" value="" data-timeup="" />
        {d.questions.map((q) => (
          <QuestionFieldset v={v} q={q} total={d.total} answer={d.answers[q.id]} />
        ))}
        <p class="quiz-save-status" role="status" aria-live="polite" data-save-status="">{t('quiz.save.withPage')}</p>
        <div class="quiz-buttons">
          {last ? (
            <button type="submit" name="go" value="finish">{t('quiz.finish')}</button>
          ) : (
            <button type="submit" name="go" value="next">{t('quiz.next')}</button>
          )}
          {d.page > 1 ? (
            <button type="submit" name="go" value="prev" class="secondary quiz-prev">{t('quiz.previous')}</button>
          ) : null}
          {last ? null : (
            <button type="submit" name="go" value="finish" class="secondary">{t('quiz.finish')}</button>
          )}
        </div>
        {d.pages > 1 ? (
          <nav class="quiz-pages" aria-label={t('quiz.pages')}>
            <ul>
              {d.pageDone.slice(1).map((done, i) => {
                const n = i + 1;
                const label = t(done ? 'quiz.pageDone' : 'quiz.pageOpen', { page: n });
                return (
                  <li>
                    <button type="submit" name="go" value={`p${n}`} class={`secondary ${done ? 'done' : 'todo'}`} aria-current={n === d.page ? 'page' : undefined} aria-label={label} title={label}>
                      {String(n)}
                      <span aria-hidden="true">{done ? ' ✓' : ' ○'}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </nav>
        ) : null}
      </form>
      <script src={`/static/js/quiz.js?v=${v.assetVersion}`} defer></script>
    </Layout>
  );
}

export interface ConfirmPageData {
  attemptId: number;
  number: number;
  title: string;
  deadline: string | null;
  serverNow: string;
  total: number;
  answeredCount: number;
  /** Unanswered questions with the page each is on. */
  unanswered: { questionId: number; position: number; page: number }[];
}

export function ConfirmPage(props: { v: ViewContext; d: ConfirmPageData }) {
  const { v, d } = props;
  const { t } = v;
  const open = d.total - d.answeredCount;
  return (
    <Layout v={v} title={t('quiz.confirm.title')}>
      <h1>{t('quiz.confirm.title')}</h1>
      <p class="activity-meta">{t('quiz.attemptTitle', { title: d.title, number: d.number })}</p>
      <Deadline v={v} deadline={d.deadline} serverNow={d.serverNow} />
      <dl class="facts quiz-confirm-counts">
        <dt>{t('quiz.confirm.answered')}</dt>
        <dd data-answered={String(d.answeredCount)}>{d.answeredCount}</dd>
        <dt>{t('quiz.confirm.unanswered')}</dt>
        <dd data-unanswered={String(open)}>{open}</dd>
      </dl>
      {open > 0 ? (
        <section class="warn" aria-labelledby="quiz-unanswered-title">
          <h2 id="quiz-unanswered-title">{t('quiz.confirm.unansweredTitle')}</h2>
          <ul class="quiz-unanswered">
            {d.unanswered.map((u) => (
              <li><a href={`${attemptHref(d.attemptId, u.page)}#q-${u.questionId}`}>{t('quiz.confirm.question', { number: u.position, page: u.page })}</a></li>
            ))}
          </ul>
        </section>
      ) : (
        <p class="notice">{t('quiz.confirm.allAnswered')}</p>
      )}
      <p>{t('quiz.confirm.final')}</p>
      <form method="post" action={`/learn/attempts/${d.attemptId}/submit`} class="quiz-submit" data-quiz-submit={String(d.attemptId)}>
        <Csrf v={v} />
        <button type="submit" class="cta">{t('quiz.confirm.submit')}</button>
      </form>
      <p><a href={attemptHref(d.attemptId, 1)}>{t('quiz.confirm.back')}</a></p>
      <script src={`/static/js/quiz.js?v=${v.assetVersion}`} defer></script>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// The result and its review (what the quiz's review policy allows, nothing more).

export interface ReviewItemView {
  questionId: number;
  position: number;
  type: QuestionType;
  text: string;
  imageFileId: number | null;
  points: number;
  /** Points earned (correctness allowed), else null. */
  score: number | null;
  /** Correctness allowed: right / partly right / wrong; else null. */
  verdict: 'right' | 'partial' | 'wrong' | null;
  /** Choice questions: each option, with `chosen` when responses may be shown and `correct` when correct answers may. */
  options: { id: number; text: string; chosen: boolean | null; correct: boolean | null }[];
  /** Short answer: the participant's text (responses allowed), else null. */
  responseText: string | null;
  /** Short answer: accepted answers (correct answers allowed), else null. */
  acceptedAnswers: string[] | null;
  /** The explanation (feedback allowed), else null. */
  feedback: string | null;
}

export interface ResultPageData {
  attemptId: number;
  number: number;
  title: string;
  enrolmentId: number;
  activityId: number;
  status: 'open' | 'submitted' | 'expired';
  finishedAt: string | null;
  finishedBy: 'participant' | 'deadline' | null;
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
  passMark: number | null;
  review: { responses: boolean; correctness: boolean; correctAnswers: boolean; feedback: boolean };
  items: ReviewItemView[];
}

const VERDICT_KEY: Record<'right' | 'partial' | 'wrong', MessageKey> = {
  right: 'quiz.review.right',
  partial: 'quiz.review.partial',
  wrong: 'quiz.review.wrong',
};

function ReviewItem(props: { v: ViewContext; item: ReviewItemView; total: number }) {
  const { v, item } = props;
  const { t } = v;
  return (
    <li class={`quiz-review-item${item.verdict ? ` verdict-${item.verdict}` : ''}`}>
      <h3>{t('quiz.questionOf', { number: item.position, total: props.total })}</h3>
      <div class="prose quiz-text">
        <Markdown source={item.text} />
      </div>
      {item.imageFileId !== null ? <QuestionImage v={v} questionId={item.questionId} position={item.position} /> : null}
      {item.type === 'short' ? (
        <dl class="facts">
          {item.responseText !== null ? (
            <>
              <dt>{t('quiz.review.yourAnswer')}</dt>
              <dd>{item.responseText.trim() === '' ? t('quiz.review.noAnswer') : item.responseText}</dd>
            </>
          ) : null}
          {item.acceptedAnswers !== null ? (
            <>
              <dt>{t('quiz.review.acceptedAnswers')}</dt>
              <dd class="quiz-key">{item.acceptedAnswers.join(' · ')}</dd>
            </>
          ) : null}
        </dl>
      ) : item.options.some((o) => o.chosen !== null || o.correct !== null) ? (
        <ul class="quiz-options review">
          {item.options.map((o) => (
            <li class={`${o.chosen ? 'chosen' : ''}${o.correct ? ' quiz-key' : ''}`.trim() || undefined}>
              <span>{o.text}</span>
              {o.chosen ? <span class="tag"> · {t('quiz.review.chosen')}</span> : null}
              {o.correct ? <span class="tag"> · {t('quiz.review.correctOption')}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {item.verdict !== null ? (
        <p class="quiz-verdict">
          <strong>{t(VERDICT_KEY[item.verdict])}</strong>
          {item.score !== null ? ` · ${t('quiz.review.points', { score: formatNumber(item.score, v.locale), points: formatNumber(item.points, v.locale) })}` : null}
        </p>
      ) : null}
      {item.feedback ? (
        <div class="quiz-feedback">
          <p><strong>{t('quiz.review.feedback')}</strong></p>
          <div class="prose">
            <Markdown source={item.feedback} />
          </div>
        </div>
      ) : null}
    </li>
  );
}

export function ResultPage(props: { v: ViewContext; d: ResultPageData; notice?: string | null }) {
  const { v, d } = props;
  const { t } = v;
  const showReview = d.items.length > 0 && (d.review.responses || d.review.correctness || d.review.correctAnswers || d.review.feedback);
  return (
    <Layout v={v} title={t('quiz.result.title', { title: d.title })} notice={props.notice}>
      <h1>{t('quiz.result.title', { title: d.title })}</h1>
      <p class="activity-meta">
        {t('quiz.attemptNumber', { number: d.number })}
        {d.finishedAt ? ` · ${formatDateTime(d.finishedAt, v.zone, v.locale)}` : ''}
        {d.finishedBy === 'deadline' ? ` · ${t('quiz.result.byDeadline')}` : ''}
      </p>
      <section class="card quiz-result" aria-labelledby="quiz-result-title" data-passed={d.passed ? 'true' : 'false'}>
        <h2 id="quiz-result-title">{t('quiz.result.score')}</h2>
        <p class="quiz-score">
          <strong data-score={String(d.score)} data-max-score={String(d.maxScore)}>
            {formatNumber(d.score, v.locale)} / {formatNumber(d.maxScore, v.locale)}
          </strong>{' '}
          (<span data-percent={String(d.percent)}>{formatNumber(d.percent, v.locale)} %</span>) <PassBadge v={v} passed={d.passed} />
        </p>
        {d.passMark !== null ? <p class="hint">{t('quiz.result.passMark', { passMark: formatNumber(d.passMark, v.locale) })}</p> : null}
      </section>
      {showReview ? (
        <section aria-labelledby="quiz-review-title">
          <h2 id="quiz-review-title">{t('quiz.review.title')}</h2>
          <ol class="quiz-review">
            {d.items.map((item) => (
              <ReviewItem v={v} item={item} total={d.items.length} />
            ))}
          </ol>
        </section>
      ) : (
        <p class="muted">{t('quiz.review.none')}</p>
      )}
      <p>
        <a class="button secondary" href={`/learn/${d.enrolmentId}/activities/${d.activityId}`}>{t('quiz.backToActivity')}</a>
      </p>
    </Layout>
  );
}

/** A start that was refused (409): the reason and the way back. */
export function CannotStartPage(props: { v: ViewContext; title: string; message: string; enrolmentId: number; activityId: number }) {
  const { v } = props;
  return (
    <Layout v={v} title={props.title}>
      <h1>{props.title}</h1>
      <p class="alert" role="alert">{props.message}</p>
      <p>
        <a class="button secondary" href={`/learn/${props.enrolmentId}/activities/${props.activityId}`}>{v.t('quiz.backToActivity')}</a>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------
// Operators: extra attempts / extra minutes for one participant and one quiz (on /admin/enrolments/:id).

export interface QuizGrantsData {
  enrolmentId: number;
  quizzes: { id: number; title: string; extraAttempts: number; extraMinutes: number }[];
  /** Newest first. */
  grants: { id: number; activityTitle: string; extraAttempts: number; extraMinutes: number; reason: string; grantedBy: string | null; createdAt: string }[];
}

export function QuizGrantsSection(props: {
  v: ViewContext;
  d: QuizGrantsData;
  values?: { activityId?: string; extraAttempts?: string; extraMinutes?: string; reason?: string };
  errors?: Record<string, string[]>;
  error?: string | null;
}) {
  const { v, d } = props;
  const { t } = v;
  const errs = props.errors ?? {};
  const field = (id: string, name: 'extraAttempts' | 'extraMinutes' | 'reason', label: string, value: string, opts: { numeric?: boolean; hint?: string } = {}) => (
    <div>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputmode={opts.numeric ? 'numeric' : undefined}
        maxlength={opts.numeric ? 4 : 500}
        value={value}
        required={name === 'reason'}
        aria-invalid={errs[name]?.length ? 'true' : undefined}
        aria-describedby={[opts.hint ? `${id}-hint` : '', errs[name]?.length ? `${id}-errors` : ''].filter(Boolean).join(' ') || undefined}
      />
      {opts.hint ? <p class="hint" id={`${id}-hint`}>{opts.hint}</p> : null}
      {errs[name]?.length ? (
        <ul class="field-errors" id={`${id}-errors`}>
          {errs[name]!.map((m) => <li>{m}</li>)}
        </ul>
      ) : null}
    </div>
  );
  return (
    <section class="quiz-grants" id="quiz-grants" aria-labelledby="quiz-grants-title">
      <h2 id="quiz-grants-title">{t('quiz.grant.title')}</h2>
      {d.quizzes.length === 0 ? (
        <p class="muted">{t('quiz.grant.noQuizzes')}</p>
      ) : (
        <>
          {props.error ? <p class="alert" role="alert">{props.error}</p> : null}
          <form method="post" action={`/admin/enrolments/${d.enrolmentId}/quiz-grants`} class="stack">
            <Csrf v={v} />
            <div>
              <label for="grant-activity">{t('quiz.grant.quiz')}</label>
              <select id="grant-activity" name="activityId" aria-invalid={errs.activityId?.length ? 'true' : undefined}>
                {d.quizzes.map((q) => (
                  <option value={String(q.id)} selected={props.values?.activityId === String(q.id)}>
                    {q.extraAttempts || q.extraMinutes ? `${q.title} (${t('quiz.grant.sofar', { attempts: q.extraAttempts, minutes: q.extraMinutes })})` : q.title}
                  </option>
                ))}
              </select>
              {errs.activityId?.length ? (
                <ul class="field-errors" id="grant-activity-errors">
                  {errs.activityId.map((m) => <li>{m}</li>)}
                </ul>
              ) : null}
            </div>
            {field('grant-attempts', 'extraAttempts', t('quiz.grant.extraAttempts'), props.values?.extraAttempts ?? '0', { numeric: true })}
            {field('grant-minutes', 'extraMinutes', t('quiz.grant.extraMinutes'), props.values?.extraMinutes ?? '0', { numeric: true, hint: t('quiz.grant.minutesHint') })}
            {field('grant-reason', 'reason', t('quiz.grant.reason'), props.values?.reason ?? '')}
            <div><button type="submit">{t('quiz.grant.submit')}</button></div>
          </form>
        </>
      )}
      {d.grants.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>{t('quiz.grant.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('quiz.grant.quiz')}</th>
                <th scope="col">{t('quiz.grant.extraAttempts')}</th>
                <th scope="col">{t('quiz.grant.extraMinutes')}</th>
                <th scope="col">{t('quiz.grant.reason')}</th>
                <th scope="col">{t('quiz.grant.by')}</th>
              </tr>
            </thead>
            <tbody>
              {d.grants.map((g) => (
                <tr>
                  <td>{g.activityTitle}</td>
                  <td>{g.extraAttempts}</td>
                  <td>{g.extraMinutes}</td>
                  <td>{g.reason}</td>
                  <td>{g.grantedBy ?? '–'} · {formatDateTime(g.createdAt, v.zone, v.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
