import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { listAuditEntries } from '../../../services/org.js';
import { isPlatformAdmin } from '../../../domain/authorization.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { AuditPage } from '../../../views/pages/admin/audit.js';
import { adminPageActor, html, positiveInt, queryString } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;

export async function auditPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/audit', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const cursorText = queryString(req, 'cursor', 20);
    const cursor = cursorText ? (positiveInt(cursorText) ?? undefined) : undefined;
    const [res, v] = await Promise.all([listAuditEntries(ctx, actor.principal, { cursor, limit: 50 }), viewContext(ctx, req)]);
    return html(reply, renderPage(AuditPage({ v, items: res.items, nextCursor: res.nextCursor, paged: cursor !== undefined, full: isPlatformAdmin(actor.principal) })));
  });
}
