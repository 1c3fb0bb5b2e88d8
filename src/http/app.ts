// Builds the HTTP application: plugins, the request pipeline (locale, auth, CSRF, pending password
// change), error mapping, and every route. Routes stay thin and call services.
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { securityHeaders } from './security-headers.js';
import { registerSmallResponseCompression } from './compression.js';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../services/context.js';
import { resolveApiToken, resolveSession } from '../services/auth.js';
import { hmac, randomToken, safeEqual } from '../services/crypto.js';
import { negotiateLocale, translator, isLocale, type MessageKey } from '../i18n/index.js';
import { AppError, errors } from './errors.js';
import { CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, isApiRequest } from './request.js';
import { HTMX_FILE, PUBLIC_DIR } from './assets.js';
import { renderPage } from '../views/layout.js';
import { ErrorPage } from '../views/pages/error.js';
import { viewContext } from './view-context.js';
import { registerRoutes } from './routes/index.js';

export type App = FastifyInstance;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    logController: new LogController({ disableRequestLogging: ctx.config.LOG_LEVEL !== 'debug' && ctx.config.LOG_LEVEL !== 'trace' }),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Lentera API', version: '1', description: 'JSON API of the Lentera learning platform. Errors are {"error":{"code","message"}}.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (lnt_…)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const headers = securityHeaders({ https: ctx.config.secureCookies });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  registerSmallResponseCompression(app);
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  if (ctx.config.RATE_LIMIT_PER_MINUTE > 0) {
    await app.register(rateLimit, {
      max: ctx.config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      allowList: (req) => req.url.startsWith('/static/') || req.url === '/healthz',
      errorResponseBuilder: (_req, c) => errors.rateLimited(Math.max(1, Math.ceil(c.ttl / 1000))),
    });
  }
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    maxAge: '365d',
    immutable: true,
    index: false,
  });
  app.get('/static/js/htmx.min.js', { schema: { hide: true } }, (_req, reply) =>
    reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/javascript').sendFile('htmx.min.js', HTMX_FILE.replace(/htmx\.min\.js$/, '')),
  );

  // JSON bodies: an empty body is allowed (state-changing calls without a payload, e.g. logout).
  // Parsed with Fastify's own parser, which refuses __proto__ / constructor.prototype keys (prototype poisoning).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    parseJson(req, text, (err, value) => (err ? done(errors.validation({ body: [{ key: 'error.field.invalid' }] }), undefined) : done(null, value)));
  });

  app.decorateRequest('auth', null);
  app.decorateRequest('locale', 'id');
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('t', null as never);

  // 1. Who is calling, in which language.
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/static/') || req.url === '/healthz') {
      req.t = translator('id');
      return;
    }
    const authz = req.headers.authorization;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      req.auth = m ? await resolveApiToken(ctx, m[1]!) : null;
      if (!req.auth) {
        req.locale = negotiateLocale(req.cookies[LANG_COOKIE], req.headers['accept-language']);
        req.t = translator(req.locale);
        throw errors.unauthenticated();
      }
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        req.auth = await resolveSession(ctx, token);
        if (!req.auth) clearSessionCookie(ctx, reply);
      }
    }
    req.locale = negotiateLocale(req.cookies[LANG_COOKIE] ?? req.auth?.locale, req.headers['accept-language']);
    req.t = translator(req.locale);

    // The CSRF token is bound to the session, or to an anonymous random cookie before sign-in.
    let anchor = req.auth?.sessionId;
    if (!anchor) {
      anchor = req.cookies[CSRF_COOKIE];
      if (!anchor || anchor.length > 64) {
        anchor = randomToken(18);
        if (!isApiRequest(req)) reply.setCookie(CSRF_COOKIE, anchor, cookieOptions(ctx));
      }
    }
    req.csrfToken = hmac(ctx.config.sessionSecret, `csrf:${anchor}`);

    // 2. A pending password change shuts every other door.
    if (req.auth?.mustChangePassword && !req.routeOptions.config?.allowPendingPasswordChange) {
      if (isApiRequest(req)) throw errors.passwordChangeRequired();
      if (req.method === 'GET') return reply.code(303).header('location', '/password/change').send();
      throw errors.passwordChangeRequired();
    }
  });

  // 3. State-changing requests must come from this site.
  app.addHook('preValidation', async (req) => {
    if (SAFE_METHODS.has(req.method) || req.auth?.via === 'token') return;
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') throw crossSite();
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null' && !sameOrigin(origin, req, ctx.config.publicUrl)) throw crossSite();
    if (isApiRequest(req)) {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'multipart/form-data' && req.routeOptions.config?.allowMultipart) {
        // A file upload with the session cookie: a browser may send multipart cross-site without a
        // preflight, so the CSRF token is required (query `_csrf` or header x-csrf-token; the body is read later).
        const sent = headerString(req.headers['x-csrf-token']) ?? (req.query as Record<string, unknown> | undefined)?._csrf;
        if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken)) throw new AppError(403, 'forbidden', 'error.csrf');
        return;
      }
      if (type !== 'application/json') throw new AppError(415, 'unsupported_media_type', 'error.unsupported_media_type');
      return;
    }
    if (req.routeOptions.config?.skipCsrf) return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined) ?? headerString(req.headers['x-csrf-token']) ?? (req.query as Record<string, unknown> | undefined)?._csrf;
    if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken)) throw new AppError(403, 'forbidden', 'error.csrf');
  });

  // API answers carry personal data: no shared or browser cache keeps them unless a route says otherwise.
  app.addHook('onSend', async (req, reply) => {
    if (isApiRequest(req) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // 4. Authorisation before validation of the body: an API route's handler checks who is calling
  // and whether the object is in their scope before it reads the body, so a refused caller gets
  // 401 / 403 / 404 whatever it sent (a malformed body never tells it more than that). Fastify
  // validates before the handler runs; for API routes with a body schema the verdict is kept and
  // thrown only when the handler first reads `req.body`. Problems with parameters or the query
  // string still answer at once.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.schema?.body) route.attachValidation = true;
  });
  app.addHook('preHandler', async (req) => {
    const invalid = req.validationError as (Error & { validationContext?: string }) | undefined;
    if (!invalid) return;
    if (invalid.validationContext !== 'body') throw invalid;
    const problem = toAppError(invalid, req);
    // The body becomes an object that throws the 400 on first use — also when the handler hands it
    // to a service that checks the scope before it looks inside.
    const fail = (): never => {
      throw problem;
    };
    const unusable = new Proxy(Object.create(null) as object, {
      get: (_target, key) => (key === 'then' ? undefined : fail()),
      has: fail,
      ownKeys: fail,
      getOwnPropertyDescriptor: fail,
    });
    Object.defineProperty(req, 'body', { configurable: true, value: unusable });
  });

  app.setErrorHandler(async (error: FastifyError | AppError, req, reply) => sendError(ctx, req, reply, toAppError(error, req)));
  app.setNotFoundHandler(async (req, reply) => sendError(ctx, req, reply, errors.notFound()));

  await registerRoutes(app, ctx);
  return app;
}

export function cookieOptions(ctx: AppContext, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

/** Clears the session cookie with the attributes it was set with (a Secure cookie is only replaced by a Secure one). */
export function clearSessionCookie(ctx: AppContext, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

const crossSite = () => new AppError(403, 'forbidden', 'error.cross_site');
const headerString = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** The Origin is this site: the public URL (also behind a proxy that rewrites Host), or the Host the request was sent to. */
function sameOrigin(origin: string, req: FastifyRequest, publicUrl: string): boolean {
  try {
    const o = new URL(origin);
    if (o.origin === new URL(publicUrl).origin) return true;
    const host = req.headers.host;
    // Normalize the Host header the same way (a default port such as :80 drops out).
    return typeof host === 'string' && host !== '' && o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/** Maps anything thrown to a client error with a stable code; the unknown becomes a 500. */
export function toAppError(error: unknown, req: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validation?: { keyword?: string; instancePath?: string; message?: string; params?: Record<string, unknown> }[] };
  if (e.validation) {
    const fields: Record<string, { key: MessageKey }[]> = {};
    const context = e.validationContext ?? 'body';
    const source = (req as unknown as Record<string, unknown>)[context];
    for (const v of e.validation) {
      // fastify-type-provider-zod hands over the zod issue as keyword (its code) + params (the rest).
      const issue = { code: v.keyword, ...v.params, ...((v.params?.issue ?? {}) as object) } as { code?: string; origin?: string; format?: string; path?: (string | number)[] };
      const path = issue.path?.length ? issue.path.map(String) : (v.instancePath ?? '').split('/').filter(Boolean);
      const name = path.join('.') || context;
      // Missing = nothing at that place in what the client sent (zod 4 does not report the input).
      const missing = path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), source) === undefined;
      let key: MessageKey = 'error.field.invalid';
      if (issue.code === 'invalid_type' && missing) key = 'error.field.required';
      else if (issue.code === 'too_big') key = 'error.field.tooLong';
      else if (issue.code === 'invalid_format' && issue.format === 'email') key = 'error.field.email';
      else if (issue.code === 'too_small' && issue.origin === 'string') key = 'error.field.required';
      (fields[name] ??= []).push({ key });
    }
    return errors.validation(fields);
  }
  const status = e.statusCode ?? 500;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return new AppError(413, 'payload_too_large', 'error.payload_too_large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return new AppError(415, 'unsupported_media_type', 'error.unsupported_media_type');
  if (status === 429) return errors.rateLimited(60);
  if (status === 404) return errors.notFound();
  if (status === 401) return errors.unauthenticated();
  if (status === 403) return errors.forbidden();
  if (status === 409) return errors.conflict();
  if (status >= 400 && status < 500) return errors.validation({ [e.code?.startsWith('FST_ERR_CTP') ? 'body' : 'request']: [{ key: 'error.field.invalid' }] });
  req.log.error({ err: error }, 'unhandled error');
  return new AppError(500, 'internal', 'error.internal');
}

async function sendError(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, err: AppError) {
  if (!req.t) {
    req.locale = negotiateLocale(req.cookies?.[LANG_COOKIE], req.headers['accept-language']);
    req.t = translator(req.locale);
  }
  const t = req.t;
  const message = t(err.messageKey, err.options.params);
  for (const [k, v] of Object.entries(err.options.headers ?? {})) reply.header(k, v);
  reply.code(err.status);
  if (isApiRequest(req) || !acceptsHtml(req)) {
    const body: Record<string, unknown> = { code: err.code, message };
    if (err.options.fields) {
      body.fields = Object.fromEntries(Object.entries(err.options.fields).map(([f, problems]) => [f, problems.map((p) => t(p.key, p.params))]));
    }
    if (err.options.details) Object.assign(body, err.options.details);
    return reply.type('application/json; charset=utf-8').send({ error: body });
  }
  let v;
  try {
    v = await viewContext(ctx, req);
  } catch {
    v = { t, locale: isLocale(req.locale) ? req.locale : 'id', path: '/', csrfToken: req.csrfToken ?? '', zone: 'WIB' as const, user: null, assetVersion: '0' };
  }
  return reply.type('text/html; charset=utf-8').send(renderPage(ErrorPage({ v, status: err.status, message })));
}

function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}
