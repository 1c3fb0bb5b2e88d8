import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../services/api-tokens.js';
import type { Principal } from '../../../domain/authorization.js';
import { classifyIdentifier } from '../../../services/auth.js';
import { AppError, errors } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { TokensPage } from '../../../views/pages/admin/tokens.js';
import { adminPageActor, html, positiveInt, queryString } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;
const PAGE_SIZE = 50;

export async function tokensPageRoutes(app: FastifyInstance, ctx: AppContext) {
  const render = async (req: FastifyRequest, reply: FastifyReply, principal: Principal, extra: Partial<Parameters<typeof TokensPage>[0]> = {}, status = 200) => {
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = req.method === 'GET' && cursorText ? (positiveInt(cursorText) ?? undefined) : undefined;
    const [list, v] = await Promise.all([listApiTokens(ctx, principal, { cursor, limit: PAGE_SIZE }), viewContext(ctx, req)]);
    const notice = queryString(req, 'notice', 32) === 'revoked' ? req.t('admin.tokens.revoked') : null;
    return html(reply, renderPage(TokensPage({ v, items: list.items, nextCursor: list.nextCursor, paged: cursor !== undefined, notice, ...extra })), status);
  };

  app.get('/admin/tokens', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply, { platformOnly: true });
    if (!actor) return reply;
    return render(req, reply, actor.principal);
  });

  app.post('/admin/tokens', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply, { platformOnly: true });
    if (!actor) return reply;
    const values = { name: formString(req, 'name', 100), login: formString(req, 'login', 320), expiresInDays: formString(req, 'expiresInDays', 4) };
    try {
      let userId: number | undefined;
      if (values.login.trim()) {
        const id = classifyIdentifier(values.login);
        const user = id.by === 'nip' ? ((await ctx.repos.users.findByNip(id.value)) ?? (await ctx.repos.users.findByLogin(id.value))) : id.by === 'email' ? await ctx.repos.users.findByEmail(id.value) : await ctx.repos.users.findByLogin(id.value);
        if (!user) throw errors.validation({ login: [{ key: 'error.not_found' }] });
        userId = user.id;
      }
      const days = values.expiresInDays.trim();
      if (days && !/^[0-9]{1,4}$/.test(days)) throw errors.validation({ expiresInDays: [{ key: 'error.field.invalid' }] });
      const created = await createApiToken(ctx, actor, { name: values.name, userId, expiresInDays: days ? Number(days) : null });
      return render(req, reply, actor.principal, { created: { token: created.token, name: created.name, login: created.login } }, 201);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      return render(req, reply, actor.principal, { values, errors: fieldMessages(req, err), error: req.t(err.messageKey) }, 400);
    }
  });

  app.post('/admin/tokens/:id/revoke', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply, { platformOnly: true });
    if (!actor) return reply;
    const id = positiveInt((req.params as Record<string, unknown>).id);
    if (id === null) throw errors.notFound();
    await revokeApiToken(ctx, actor, id);
    return seeOther(reply, '/admin/tokens?notice=revoked');
  });
}
