import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { listUnits } from '../../../services/org.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { UnitsPage } from '../../../views/pages/admin/units.js';
import { adminPageActor, html, queryString } from '../users/access.js';

const hidden = { schema: { hide: true } } as const;

export async function unitsPageRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/admin/units', hidden, async (req, reply) => {
    const actor = await adminPageActor(ctx, req, reply);
    if (!actor) return reply;
    const parent = queryString(req, 'parent', 64);
    const cursor = queryString(req, 'cursor', 64);
    const [res, v] = await Promise.all([listUnits(ctx, actor.principal, { parent: parent || undefined, cursor: cursor || undefined, limit: 100 }), viewContext(ctx, req)]);
    return html(reply, renderPage(UnitsPage({ v, parent: res.parent, items: res.items, nextCursor: res.nextCursor, paged: !!cursor })));
  });
}
