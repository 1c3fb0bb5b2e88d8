// Live sessions (issue 6): joining, the participant's session API, calendars, and the speakers.
// @fastify/multipart is registered in two scopes of this plugin only: streamed parts for the API's
// photo upload, and fields attached to the body for the speaker form pages, which first require a
// signed-in author with a valid CSRF token in the query string.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { assertManager, MAX_PHOTO_BYTES } from '../../../services/speakers.js';
import { safeEqual } from '../../../services/crypto.js';
import { AppError, errors } from '../../errors.js';
import { requirePrincipal } from '../../request.js';
import { liveSessionsApiRoutes } from './api.js';
import { liveSessionPageRoutes, speakerFormRoutes } from './pages.js';

export async function liveSessionsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024 } });
    await liveSessionsApiRoutes(scoped, ctx);
  });
  await app.register(async (scoped) => {
    // Up to twice the photo limit is read, so that a photo a little too big gets the form back with the message.
    await scoped.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 2 * MAX_PHOTO_BYTES, files: 1, fields: 10, fieldSize: 8 * 1024, parts: 12 } });
    // Nobody streams a photo into memory before being known as an author with a valid CSRF token.
    scoped.addHook('preParsing', async (req) => {
      if (!req.isMultipart()) return;
      if (!req.auth) throw errors.unauthenticated();
      assertManager(await requirePrincipal(ctx, req));
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (req.auth.via !== 'token' && (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken))) throw new AppError(403, 'forbidden', 'error.csrf');
    });
    await speakerFormRoutes(scoped, ctx);
  });
  await liveSessionPageRoutes(app, ctx);
}
