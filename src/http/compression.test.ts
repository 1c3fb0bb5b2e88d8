import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestPlatform, TestClient, type TestPlatform } from '../../test/support/platform.js';
import { chooseEncoding } from './compression.js';

test('choosing the encoding from Accept-Encoding', () => {
  assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
  assert.equal(chooseEncoding('gzip'), 'gzip');
  assert.equal(chooseEncoding('br;q=0, gzip;q=0.8'), 'gzip');
  assert.equal(chooseEncoding('identity'), null);
  assert.equal(chooseEncoding(undefined), null);
});

describe('compressed pages and JSON', () => {
  let p: TestPlatform;
  before(async () => {
    p = await startTestPlatform('sqlite');
  });
  after(() => p.dispose());

  test('a page is sent brotli- or gzip-compressed as asked, and decompresses to the same HTML', async () => {
    const c = new TestClient(p);
    const plain = await p.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'lentera_csrf=fixed-anchor-123' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    const br = await p.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'lentera_csrf=fixed-anchor-123', 'accept-encoding': 'gzip, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${br.rawPayload.length} vs ${plain.rawPayload.length}`);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    const gz = await p.app.inject({ method: 'GET', url: '/login', headers: { cookie: 'lentera_csrf=fixed-anchor-123', 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
    void c;
  });

  test('small responses and static files are handled as before', async () => {
    const health = await p.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br' } });
    assert.equal(health.headers['content-encoding'], undefined, 'below 1 KB: sent as it is');
    const css = await p.app.inject({ method: 'GET', url: '/static/css/app.css', headers: { 'accept-encoding': 'br' } });
    assert.equal(css.statusCode, 200);
    assert.equal(css.headers['content-encoding'], 'br', 'static files are still compressed (by @fastify/compress)');
    assert.match(brotliDecompressSync(css.rawPayload).toString(), /:root/);
  });
});
