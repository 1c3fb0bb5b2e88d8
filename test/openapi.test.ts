// The OpenAPI document lists every API route, and the human-readable docs page shows them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, TestClient, type TestPlatform } from './support/platform.js';
import { registeredRoutes } from '../src/http/routes/index.js';

describe('OpenAPI document', () => {
  let p: TestPlatform;
  before(async () => {
    p = await startTestPlatform('sqlite');
  });
  after(() => p.dispose());

  test('GET /api/openapi.json is OpenAPI 3 and lists every /api/v1 route and /healthz', async () => {
    const res = await new TestClient(p).getJson('/api/openapi.json');
    assert.equal(res.status, 200);
    const spec = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(spec.openapi, /^3\./);
    const missing: string[] = [];
    for (const r of registeredRoutes(p.app)) {
      if (!(r.url.startsWith('/api/v1/') || r.url === '/healthz') || r.method === 'HEAD') continue;
      const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      if (!spec.paths[path]?.[r.method.toLowerCase()]) missing.push(`${r.method} ${path}`);
    }
    assert.deepEqual(missing, [], 'API routes missing from the OpenAPI document');
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { summary?: string }>)) {
        assert.ok(op.summary, `${method.toUpperCase()} ${path} has no summary`);
      }
    }
    assert.ok(spec.paths['/api/v1/auth/login']?.post, 'login is documented');
    assert.ok(spec.paths['/api/v1/me']?.get, '/me is documented');
  });

  test('GET /api/docs renders every documented operation for people', async () => {
    const c = new TestClient(p);
    const spec = (await c.getJson('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const res = await c.get('/api/docs');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops)) assert.ok(res.body.includes(`${method.toUpperCase()} ${path}`), `docs page lacks ${method} ${path}`);
    }
  });
});
