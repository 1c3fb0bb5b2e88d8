// The question bank (issue 4, part 1): its API, its authoring pages and the question images.
// @fastify/multipart is registered in two scopes of this plugin only: streamed parts for the API
// import, and fields attached to the body for the page forms (question form with its image, import
// upload), which first require a signed-in author with a valid CSRF token in the query string.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { assertAuthor } from '../../../services/authoring.js';
import { questionImage } from '../../../services/question-bank.js';
import { MAX_IMPORT_BYTES } from '../../../services/question-import.js';
import { readFileStream } from '../../../services/files.js';
import { safeEqual } from '../../../services/crypto.js';
import { AppError, errors } from '../../errors.js';
import { requirePrincipal } from '../../request.js';
import { positiveInt } from '../users/access.js';
import { questionsApiRoutes } from './api.js';
import { questionsPageRoutes } from './pages.js';

export async function questionsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 4096 } });
    await questionsApiRoutes(scoped, ctx);
  });

  await app.register(async (scoped) => {
    await scoped.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_IMPORT_BYTES, files: 2, fields: 60, fieldSize: 64 * 1024, parts: 70 } });
    // Nobody streams an upload into memory before being known as an author with a valid CSRF token.
    scoped.addHook('preParsing', async (req) => {
      if (!req.isMultipart()) return;
      if (!req.auth) throw errors.unauthenticated();
      assertAuthor(await requirePrincipal(ctx, req));
      const sent = (req.query as Record<string, unknown> | undefined)?._csrf;
      if (req.auth.via !== 'token' && (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken))) throw new AppError(403, 'forbidden', 'error.csrf');
    });
    await questionsPageRoutes(scoped, ctx);
  });

  // A question's image: for the programme's authors and its enrolled participants; 404 for anyone
  // else signed in; 401 when not signed in (like every other file route).
  app.get('/media/questions/:id/image', { schema: { hide: true } }, async (req, reply) => {
    const id = positiveInt((req.params as Record<string, unknown>).id);
    if (id === null) throw errors.notFound();
    if (!req.auth) throw errors.unauthenticated();
    const file = await questionImage(ctx, req.auth.userId, () => requirePrincipal(ctx, req), id);
    return reply
      .type(file.row.mime)
      .header('content-length', String(file.size))
      .header('cache-control', 'private, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .send(readFileStream(file.path));
  });
}
