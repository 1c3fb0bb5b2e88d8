import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import { viewContext } from '../../view-context.js';
import { renderPage } from '../../../views/layout.js';
import { ApiDocsPage, type DocOperation } from '../../../views/pages/api-docs.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[]; anyOf?: Schema[] };
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
};

const typeOf = (s: Schema | undefined): string => {
  if (!s) return 'any';
  if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join('|');
  if (s.anyOf) return s.anyOf.map(typeOf).join('|');
  if (s.type === 'array') return `${typeOf(s.items)}[]`;
  return Array.isArray(s.type) ? s.type.join('|') : (s.type ?? 'object');
};

export async function docsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()));

  app.get('/api/docs', { schema: { hide: true } }, async (req, reply) => {
    const spec = app.swagger() as { info: { title: string; description?: string }; paths: Record<string, Record<string, Operation>> };
    const operations: DocOperation[] = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        operations.push({
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? '',
          tag: op.tags?.[0] ?? 'other',
          params: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: !!p.required, type: typeOf(p.schema) })),
          body: Object.entries(body?.properties ?? {}).map(([name, s]) => ({ name, required: body?.required?.includes(name) ?? false, type: typeOf(s) })),
          responses: Object.keys(op.responses ?? {}),
        });
      }
    }
    const v = await viewContext(ctx, req);
    return reply.type('text/html; charset=utf-8').send(renderPage(ApiDocsPage({ v, title: spec.info.title, description: spec.info.description ?? '', operations })));
  });
}
