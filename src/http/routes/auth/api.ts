import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as auth from '../../../services/auth.js';
import { toApiUser } from '../../../services/users.js';
import { clearSessionCookie, cookieOptions } from '../../app.js';
import { SESSION_COOKIE, actorOf, requireAuth } from '../../request.js';
import { apiUser, errorResponse, loginBody, passwordChangeBody, resetConfirmBody, resetRequestBody } from './schema.js';

export async function authApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/v1/auth/login',
    {
      // Someone else may sign in on a browser where a pending account is still signed in.
      config: { allowPendingPasswordChange: true },
      schema: {
        tags,
        summary: 'Sign in with NIP / NI PPPK, email or login name and password; sets the session cookie',
        security: [],
        body: loginBody,
        response: { 200: z.object({ user: apiUser, mustChangePassword: z.boolean() }), 401: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const res = await auth.login(ctx, {
        identifier: req.body.login,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        locale: req.locale,
      });
      // The browser's previous session (if any) does not linger behind the new one.
      if (req.auth?.sessionId) await auth.logout(ctx, req.auth.sessionId);
      reply.setCookie(SESSION_COOKIE, res.token, cookieOptions(ctx, ctx.config.SESSION_TTL_HOURS * 3600));
      return { user: toApiUser(res.user), mustChangePassword: res.mustChangePassword };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { allowPendingPasswordChange: true }, schema: { tags, summary: 'End the current session', response: { 204: z.null() } } },
    async (req, reply) => {
      if (req.auth?.sessionId) await auth.logout(ctx, req.auth.sessionId);
      clearSessionCookie(ctx, reply);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { allowPendingPasswordChange: true },
      schema: { tags, summary: 'Change the own password (required after provisioning); other sessions end', body: passwordChangeBody, response: { 204: z.null(), 400: errorResponse } },
    },
    async (req, reply) => {
      const a = requireAuth(req);
      await auth.changePassword(ctx, { ...actorOf(req), userId: a.userId }, { ...req.body, keepSessionId: a.sessionId });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/password-reset/request',
    { schema: { tags, summary: 'Email a one-time reset link (always 202: does not reveal whether the account exists)', security: [], body: resetRequestBody, response: { 202: z.object({ status: z.literal('accepted') }) } } },
    async (req, reply) => {
      await auth.requestPasswordReset(ctx, { identifier: req.body.login, ip: req.ip, locale: req.locale });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    { schema: { tags, summary: 'Set a new password with a reset token; every session of the account ends', security: [], body: resetConfirmBody, response: { 204: z.null(), 400: errorResponse } } },
    async (req, reply) => {
      await auth.confirmPasswordReset(ctx, { token: req.body.token, newPassword: req.body.newPassword, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      return reply.code(204).send(null);
    },
  );

}
