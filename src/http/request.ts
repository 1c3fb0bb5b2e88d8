// What every request carries once the auth hook ran, and helpers routes use to ask for it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/authorization.js';
import type { Locale, Translator } from '../i18n/index.js';
import type { ResolvedAuth } from '../services/auth.js';
import type { AppContext, Actor } from '../services/context.js';
import { loadPrincipal } from '../services/auth.js';
import { errors } from './errors.js';
import type { UserWithUnit } from '../db/repositories/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: ResolvedAuth | null;
    locale: Locale;
    t: Translator;
    csrfToken: string;
    principalPromise?: Promise<Principal>;
    userPromise?: Promise<UserWithUnit | undefined>;
  }
  interface FastifyContextConfig {
    /** Reachable while a password change is pending (the change itself, sign-out, assets). */
    allowPendingPasswordChange?: boolean;
    /** Skips the CSRF check (the route authenticates differently, e.g. the JSON login). */
    skipCsrf?: boolean;
    /** An /api route that takes multipart/form-data (file uploads); cookie calls must then send the CSRF token (`?_csrf=` or x-csrf-token). */
    allowMultipart?: boolean;
  }
}

export const SESSION_COOKIE = 'lentera_session';
export const CSRF_COOKIE = 'lentera_csrf';
export const LANG_COOKIE = 'lentera_lang';

export const isApiRequest = (req: FastifyRequest): boolean => req.url.startsWith('/api/');

export function requireAuth(req: FastifyRequest): ResolvedAuth {
  if (!req.auth) throw errors.unauthenticated();
  return req.auth;
}

export async function requirePrincipal(ctx: AppContext, req: FastifyRequest): Promise<Principal> {
  const auth = requireAuth(req);
  req.principalPromise ??= loadPrincipal(ctx, auth.userId);
  return req.principalPromise;
}

/** The signed-in user with its unit, loaded once per request. */
export function currentUser(ctx: AppContext, req: FastifyRequest): Promise<UserWithUnit | undefined> {
  const auth = requireAuth(req);
  req.userPromise ??= auth.user ? Promise.resolve(auth.user) : ctx.repos.users.findById(auth.userId);
  return req.userPromise;
}

export function actorOf(req: FastifyRequest): Actor {
  return { userId: req.auth?.userId ?? null, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
}

export async function principalActor(ctx: AppContext, req: FastifyRequest): Promise<Actor & { userId: number; principal: Principal }> {
  const principal = await requirePrincipal(ctx, req);
  return { ...actorOf(req), userId: principal.userId, principal };
}

/** A safe local path to go back to after a form (never another site). */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500) return fallback;
  return value;
}

export function seeOther(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}
