// The participant's quiz attempt pages; every one works without JavaScript (public/js/quiz.js adds
// autosave, the countdown and the retry queue on top of the same forms).
//   POST /learn/:enrolmentId/activities/:activityId/attempts   start or resume → 303 to page 1 (409 page with the reason)
//   GET  /learn/attempts/:attemptId?page=N                      the questions of page N as a form
//   POST /learn/attempts/:attemptId                             saves the page's answers, then prev / next / page n / finish
//   GET  /learn/attempts/:attemptId/confirm                     answered / unanswered, and the final submit form
//   POST /learn/attempts/:attemptId/submit                      submits → 303 to the result
//   GET  /learn/attempts/:attemptId/result                      score, pass, and the review the quiz's policy allows
// The answer key never reaches a page before the attempt is finished: these pages only see the
// attempts service's public questions, and the review only after finishing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { attemptReview, getAttempt, saveAnswers, startAttempt, submitAttempt, type AttemptView, type ReviewItem } from '../../../services/quiz-attempts.js';
import { ownEnrolment, zoneOfEnrolment } from '../../../services/learning.js';
import { quizConfig, type QuizConfig } from '../../../activities/quiz/config.js';
import {
  AttemptPage,
  CannotStartPage,
  ConfirmPage,
  ResultPage,
  attemptHref,
  isAnswered,
  resultHref,
  type AttemptQuestionView,
  type ReviewItemView,
} from '../../../activities/quiz/views.js';
import type { Answer } from '../../../domain/quiz.js';
import { AppError, errors } from '../../errors.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { describeReason } from '../../../views/reasons.js';
import type { MessageKey } from '../../../i18n/index.js';

const hidden = { schema: { hide: true } } as const;
const html = (reply: FastifyReply, node: unknown, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(renderPage(node));

const NOTICES: Record<string, MessageKey> = { deadline: 'quiz.notice.deadline', closed: 'quiz.notice.closed' };

/** A positive integer path parameter, else 404 (never a 500 for a mistyped URL). */
function idParam(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) throw errors.notFound();
  const n = Number(value);
  if (n > 2_147_483_647) throw errors.notFound();
  return n;
}

function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
}

/** Every string a form field carried (a repeated field arrives as an array). */
function strings(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** The activity's title and quiz configuration (for pages per attempt: questions per page, review policy). */
async function quizOfActivity(ctx: AppContext, activityId: number): Promise<{ title: string; config: QuizConfig | null }> {
  const row = await ctx.repos.learning.activity(activityId);
  if (!row) return { title: '', config: null };
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(row.config);
  } catch {
    /* stays {} */
  }
  const c = quizConfig.safeParse(parsed);
  return { title: row.title, config: c.success ? c.data : null };
}

/** Pages of an attempt: how many, and the (clamped) page asked for. */
export function pagesOf(total: number, perPage: number, asked: unknown): { pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  const n = typeof asked === 'string' && /^\d{1,4}$/.test(asked) ? Number(asked) : 1;
  return { pages, page: Math.min(pages, Math.max(1, n)) };
}

/** Reads one question's answer from the page's form (a missing field = no choice / empty text). */
export function answerFromForm(q: Pick<AttemptQuestionView, 'id' | 'type'>, body: Record<string, unknown>): Answer {
  const values = strings(body, `q_${q.id}`);
  if (q.type === 'short') return { text: (values[values.length - 1] ?? '').slice(0, 2000) };
  const ids = values.filter((x) => /^\d{1,9}$/.test(x)).map(Number);
  if (q.type === 'multiple') return { optionIds: [...new Set(ids)].sort((a, b) => a - b) };
  return { optionIds: ids.length ? [ids[ids.length - 1]!] : [] };
}

/** Whether two answers say the same (nothing and an empty answer are the same). */
export function sameAnswer(a: Answer | undefined, b: Answer): boolean {
  if (!isAnswered(a) && !isAnswered(b)) return true;
  if (!a) return false;
  if ('text' in b) return 'text' in a && a.text === b.text;
  if (!('optionIds' in a)) return false;
  const x = [...a.optionIds].sort((p, q) => p - q);
  const y = [...b.optionIds].sort((p, q) => p - q);
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

const answerOf = (a: AttemptView, questionId: number): Answer | undefined => a.answers[String(questionId)];

function pageDone(a: AttemptView, perPage: number, pages: number): boolean[] {
  const done = [false];
  for (let p = 1; p <= pages; p++) {
    const slice = a.questions.slice((p - 1) * perPage, p * perPage);
    done.push(slice.length > 0 && slice.every((q) => isAnswered(answerOf(a, q.id))));
  }
  return done;
}

/** A review item as the result page shows it, with only what the quiz's review policy allows. */
export function reviewItemView(item: ReviewItem, review: QuizConfig['review']): ReviewItemView {
  const q = item.question;
  const response = review.responses ? (item.response ?? null) : undefined;
  const chosen = new Set(response && 'optionIds' in response ? response.optionIds : []);
  const correctIds = review.correctAnswers && item.correctAnswer && 'optionIds' in item.correctAnswer ? new Set(item.correctAnswer.optionIds) : null;
  const verdict = review.correctness && item.outcome ? ({ correct: 'right', partial: 'partial', incorrect: 'wrong' } as const)[item.outcome] : null;
  return {
    questionId: q.id,
    position: item.position,
    type: q.type,
    text: q.text,
    imageFileId: q.imageFileId,
    points: item.points,
    score: review.correctness && typeof item.score === 'number' ? item.score : null,
    verdict,
    options: q.options.map((o) => ({ id: o.id, text: o.text, chosen: review.responses ? chosen.has(o.id) : null, correct: correctIds ? correctIds.has(o.id) : null })),
    responseText: q.type === 'short' && review.responses ? (response && 'text' in response ? response.text : '') : null,
    acceptedAnswers: q.type === 'short' && review.correctAnswers && item.correctAnswer && 'acceptedAnswers' in item.correctAnswer ? item.correctAnswer.acceptedAnswers : null,
    feedback: review.feedback ? (item.feedback ?? null) : null,
  };
}

/** Where an attempt that is no longer open sends the participant. */
const finishedTarget = (a: Pick<AttemptView, 'attemptId' | 'status'>) => resultHref(a.attemptId, a.status === 'expired' ? 'deadline' : undefined);

const isFinishedError = (err: unknown): err is AppError => err instanceof AppError && err.status === 409 && (err.code === 'deadline_passed' || err.code === 'attempt_closed');

export async function attemptsPageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const signIn = (req: FastifyRequest, reply: FastifyReply) => seeOther(reply, `/login?next=${encodeURIComponent(req.url.split('?')[0]!)}`);

  app.post('/learn/:enrolmentId/activities/:activityId/attempts', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const params = req.params as Record<string, string>;
    const enrolmentId = idParam(params.enrolmentId);
    const activityId = idParam(params.activityId);
    const enrolment = await ownEnrolment(ctx, req.auth.userId, enrolmentId);
    const zone = zoneOfEnrolment(enrolment);
    try {
      const { attempt } = await startAttempt(ctx, {
        userId: req.auth.userId,
        enrolmentId,
        activityId,
        ip: req.ip,
        enrolment,
        describeLock: (r) => describeReason(r, req.t, req.locale, zone),
      });
      return seeOther(reply, attemptHref(attempt.attemptId, 1));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      const [v, quiz] = await Promise.all([viewContext(ctx, req), quizOfActivity(ctx, activityId)]);
      return html(reply, CannotStartPage({ v, title: quiz.title || req.t('quiz.cannotStart.title'), message: req.t(err.messageKey, err.options.params), enrolmentId, activityId }), 409);
    }
  });

  app.get('/learn/attempts/:attemptId', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const attemptId = idParam((req.params as Record<string, string>).attemptId);
    const a = await getAttempt(ctx, { userId: req.auth.userId, attemptId, ip: req.ip });
    if (a.status !== 'open') return seeOther(reply, finishedTarget(a));
    const [v, quiz] = await Promise.all([viewContext(ctx, req), quizOfActivity(ctx, a.activityId)]);
    const perPage = quiz.config?.questionsPerPage ?? 5;
    const { pages, page } = pagesOf(a.questions.length, perPage, (req.query as Record<string, unknown>).page);
    const first = (page - 1) * perPage;
    const questions: AttemptQuestionView[] = a.questions.slice(first, first + perPage).map((q, i) => ({
      id: q.id,
      position: first + i + 1,
      type: q.type,
      text: q.text,
      imageFileId: q.imageFileId,
      options: q.options.map((o) => ({ id: o.id, text: o.text })),
    }));
    const answers: Record<number, Answer> = {};
    for (const q of questions) {
      const x = answerOf(a, q.id);
      if (x) answers[q.id] = x;
    }
    return html(
      reply,
      AttemptPage({
        v,
        d: {
          attemptId: a.attemptId,
          number: a.number,
          title: quiz.title,
          enrolmentId: a.enrolmentId,
          activityId: a.activityId,
          deadline: a.deadline,
          serverNow: ctx.clock().toISOString(),
          page,
          pages,
          total: a.questions.length,
          questions,
          answers,
          pageDone: pageDone(a, perPage, pages),
          answeredCount: a.questions.filter((q) => isAnswered(answerOf(a, q.id))).length,
        },
      }),
    );
  });

  app.post('/learn/attempts/:attemptId', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const userId = req.auth.userId;
    const attemptId = idParam((req.params as Record<string, string>).attemptId);
    const body = bodyOf(req);
    const a = await getAttempt(ctx, { userId, attemptId, ip: req.ip });
    if (a.status !== 'open') return seeOther(reply, finishedTarget(a));

    // The questions the page showed (only this attempt's): an unticked box or an emptied field clears the answer.
    const listed = new Set(
      strings(body, 'qids')
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => /^\d{1,10}$/.test(s))
        .map(Number),
    );
    const changed = a.questions
      .filter((q) => listed.has(q.id))
      .map((q) => ({ questionId: q.id, answer: answerFromForm(q, body) }))
      .filter((x) => !sameAnswer(answerOf(a, x.questionId), x.answer));
    try {
      if (changed.length) await saveAnswers(ctx, { userId, attemptId, answers: changed, ip: req.ip });
    } catch (err) {
      if (isFinishedError(err)) return seeOther(reply, resultHref(attemptId, err.code === 'deadline_passed' ? 'deadline' : 'closed'));
      throw err;
    }

    // The countdown reached zero (quiz.js): what the page held is saved; the attempt ends now.
    if (strings(body, 'timeup').includes('1')) {
      const result = await submitAttempt(ctx, { userId, attemptId, ip: req.ip });
      return seeOther(reply, resultHref(attemptId, result.finishedBy === 'deadline' ? 'deadline' : undefined));
    }

    const quiz = await quizOfActivity(ctx, a.activityId);
    const perPage = quiz.config?.questionsPerPage ?? 5;
    const { pages, page } = pagesOf(a.questions.length, perPage, strings(body, 'page')[0]);
    const go = strings(body, 'go').filter(Boolean).pop() ?? 'next';
    if (go === 'finish') return seeOther(reply, `/learn/attempts/${attemptId}/confirm`);
    const jump = /^p(\d{1,4})$/.exec(go);
    const target = jump ? Number(jump[1]) : go === 'prev' ? page - 1 : page + 1;
    if (!jump && go !== 'prev' && page >= pages) return seeOther(reply, `/learn/attempts/${attemptId}/confirm`);
    return seeOther(reply, attemptHref(attemptId, Math.min(pages, Math.max(1, target))));
  });

  app.get('/learn/attempts/:attemptId/confirm', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const attemptId = idParam((req.params as Record<string, string>).attemptId);
    const a = await getAttempt(ctx, { userId: req.auth.userId, attemptId, ip: req.ip });
    if (a.status !== 'open') return seeOther(reply, finishedTarget(a));
    const [v, quiz] = await Promise.all([viewContext(ctx, req), quizOfActivity(ctx, a.activityId)]);
    const perPage = quiz.config?.questionsPerPage ?? 5;
    const unanswered = a.questions
      .map((q, i) => ({ questionId: q.id, position: i + 1, page: Math.floor(i / perPage) + 1 }))
      .filter((x) => !isAnswered(answerOf(a, x.questionId)));
    return html(
      reply,
      ConfirmPage({
        v,
        d: {
          attemptId,
          number: a.number,
          title: quiz.title,
          deadline: a.deadline,
          serverNow: ctx.clock().toISOString(),
          total: a.questions.length,
          answeredCount: a.questions.length - unanswered.length,
          unanswered,
        },
      }),
    );
  });

  app.post('/learn/attempts/:attemptId/submit', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const attemptId = idParam((req.params as Record<string, string>).attemptId);
    const result = await submitAttempt(ctx, { userId: req.auth.userId, attemptId, ip: req.ip });
    return seeOther(reply, resultHref(attemptId, result.finishedBy === 'deadline' ? 'deadline' : undefined));
  });

  app.get('/learn/attempts/:attemptId/result', hidden, async (req, reply) => {
    if (!req.auth) return signIn(req, reply);
    const userId = req.auth.userId;
    const attemptId = idParam((req.params as Record<string, string>).attemptId);
    const a = await getAttempt(ctx, { userId, attemptId, ip: req.ip });
    if (a.status === 'open') return seeOther(reply, attemptHref(attemptId, 1));
    const [v, quiz, r] = await Promise.all([viewContext(ctx, req), quizOfActivity(ctx, a.activityId), attemptReview(ctx, { userId, attemptId, ip: req.ip })]);
    const notice = (req.query as Record<string, unknown>).notice;
    return html(
      reply,
      ResultPage({
        v,
        notice: typeof notice === 'string' && NOTICES[notice] ? req.t(NOTICES[notice]!) : null,
        d: {
          attemptId,
          number: a.number,
          title: quiz.title,
          enrolmentId: a.enrolmentId,
          activityId: a.activityId,
          status: a.status,
          finishedAt: r.result.finishedAt,
          finishedBy: r.result.finishedBy,
          score: r.result.score,
          maxScore: r.result.maxScore,
          percent: r.result.percent,
          passed: r.result.passed,
          passMark: quiz.config?.passMark ?? null,
          review: r.review,
          items: r.items.map((item) => reviewItemView(item, r.review)),
        },
      }),
    );
  });
}
