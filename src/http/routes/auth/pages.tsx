import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as auth from '../../../services/auth.js';
import { AppError } from '../../errors.js';
import { clearSessionCookie, cookieOptions } from '../../app.js';
import { LANG_COOKIE, SESSION_COOKIE, actorOf, safeNext, seeOther } from '../../request.js';
import { fieldMessages, formString } from '../../form.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { ForgotPasswordPage, LoginPage, PasswordChangePage, ResetPasswordPage } from '../../../views/pages/auth.js';
import { isLocale, type MessageKey } from '../../../i18n/index.js';

const hidden = { schema: { hide: true } } as const;
const NOTICES = new Set<MessageKey>(['logout.done', 'reset.done', 'password.changed', 'account.signedOutEverywhere']);

export function noticeFrom(req: FastifyRequest): string | null {
  const key = (req.query as Record<string, unknown>)?.notice;
  return typeof key === 'string' && NOTICES.has(key as MessageKey) ? req.t(key as MessageKey) : null;
}

const html = (reply: FastifyReply, node: unknown, status = 200) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(node));

export async function authPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/login', hidden, async (req, reply) => {
    if (req.auth) return seeOther(reply, '/');
    const next = safeNext((req.query as Record<string, unknown>).next);
    return html(reply, LoginPage({ v: await viewContext(ctx, req), notice: noticeFrom(req), next }));
  });

  app.post('/login', { ...hidden, config: { allowPendingPasswordChange: true } }, async (req, reply) => {
    // One character more than allowed, so an over-long identifier is refused rather than silently cut.
    const identifier = formString(req, 'login', auth.MAX_IDENTIFIER_LENGTH + 1);
    const next = safeNext((req.query as Record<string, unknown>).next);
    try {
      const res = await auth.login(ctx, { identifier, password: formString(req, 'password'), ip: req.ip, userAgent: req.headers['user-agent'] ?? null, locale: req.locale });
      if (req.auth?.sessionId) await auth.logout(ctx, req.auth.sessionId);
      reply.setCookie(SESSION_COOKIE, res.token, cookieOptions(ctx, ctx.config.SESSION_TTL_HOURS * 3600));
      return seeOther(reply, res.mustChangePassword ? '/password/change' : next);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      for (const [k, v] of Object.entries(err.options.headers ?? {})) reply.header(k, v);
      const v = await viewContext(ctx, req);
      return html(reply, LoginPage({ v, identifier, error: req.t(err.messageKey, err.options.params), next }), err.status);
    }
  });

  app.post('/logout', { ...hidden, config: { allowPendingPasswordChange: true } }, async (req, reply) => {
    if (req.auth?.sessionId) await auth.logout(ctx, req.auth.sessionId);
    clearSessionCookie(ctx, reply);
    return seeOther(reply, '/login?notice=logout.done');
  });

  /** Activated with a code and no password yet (the form then asks only for the new one). */
  const firstPassword = async (userId: number) => {
    const u = await ctx.repos.users.findById(userId);
    return !!u && u.password_hash === null && u.must_change_password === 1;
  };
  app.get('/password/change', { ...hidden, config: { allowPendingPasswordChange: true } }, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/password/change');
    return html(reply, PasswordChangePage({ v: await viewContext(ctx, req), required: req.auth.mustChangePassword, firstPassword: await firstPassword(req.auth.userId) }));
  });

  app.post('/password/change', { ...hidden, config: { allowPendingPasswordChange: true } }, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/password/change');
    const a = req.auth;
    const newPassword = formString(req, 'newPassword');
    const render = async (errors: Record<string, string[]>, status = 400) =>
      html(reply, PasswordChangePage({ v: await viewContext(ctx, req), required: a.mustChangePassword, firstPassword: await firstPassword(a.userId), errors }), status);
    if (newPassword !== formString(req, 'confirmPassword')) return render({ confirmPassword: [req.t('password.mismatch')] });
    try {
      await auth.changePassword(ctx, { ...actorOf(req), userId: a.userId }, { currentPassword: formString(req, 'currentPassword'), newPassword, keepSessionId: a.sessionId });
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return render(fieldMessages(req, err));
      throw err;
    }
    return seeOther(reply, '/?notice=password.changed');
  });

  app.get('/password/forgot', hidden, async (req, reply) => html(reply, ForgotPasswordPage({ v: await viewContext(ctx, req) })));

  app.post('/password/forgot', hidden, async (req, reply) => {
    const identifier = formString(req, 'login', 320);
    if (identifier.trim()) await auth.requestPasswordReset(ctx, { identifier, ip: req.ip, locale: req.locale });
    const notice = req.t('reset.request.sent', { minutes: ctx.config.PASSWORD_RESET_TTL_MINUTES });
    return html(reply, ForgotPasswordPage({ v: await viewContext(ctx, req), notice }));
  });

  app.get('/password/reset', hidden, async (req, reply) => {
    const token = String((req.query as Record<string, unknown>).token ?? '').slice(0, 256);
    const valid = await auth.isResetTokenLive(ctx, token);
    return html(reply, ResetPasswordPage({ v: await viewContext(ctx, req), token, valid }), valid ? 200 : 400);
  });

  app.post('/password/reset', hidden, async (req, reply) => {
    const token = formString(req, 'token', 256);
    const newPassword = formString(req, 'newPassword');
    const render = async (errors: Record<string, string[]>, valid = true) =>
      html(reply, ResetPasswordPage({ v: await viewContext(ctx, req), token, valid, errors }), 400);
    if (newPassword !== formString(req, 'confirmPassword')) return render({ confirmPassword: [req.t('password.mismatch')] });
    try {
      await auth.confirmPasswordReset(ctx, { token, newPassword, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    } catch (err) {
      if (err instanceof AppError && err.status === 400) return render(fieldMessages(req, err), !err.options.fields?.token);
      throw err;
    }
    clearSessionCookie(ctx, reply);
    return seeOther(reply, '/login?notice=reset.done');
  });

  // Language switch: a plain form post (works without JavaScript); remembered in a cookie and on the account.
  app.post('/lang', { ...hidden, config: { allowPendingPasswordChange: true } }, async (req, reply) => {
    const locale = formString(req, 'locale', 5);
    if (isLocale(locale)) {
      reply.setCookie(LANG_COOKIE, locale, { ...cookieOptions(ctx, 365 * 86400), httpOnly: false });
      if (req.auth) await ctx.repos.users.update(req.auth.userId, { locale });
    }
    return seeOther(reply, safeNext((req.query as Record<string, unknown>).next));
  });
}
