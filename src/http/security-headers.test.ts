import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, TestClient, type TestPlatform } from '../../test/support/platform.js';

describe('security headers', () => {
  let p: TestPlatform;
  before(async () => {
    p = await startTestPlatform('sqlite');
  });
  after(() => p.dispose());

  test('every response carries a strict CSP and the usual hardening headers, no HSTS over http', async () => {
    for (const url of ['/login', '/api/v1/me', '/static/css/app.css', '/no-such-page']) {
      const res = await new TestClient(p).get(url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(res.headers['strict-transport-security'], undefined);
    }
  });

  test('behind https: HSTS and upgrade-insecure-requests', async () => {
    const secure = await startTestPlatform('sqlite', { PUBLIC_URL: 'https://lentera.kpu.go.id' });
    try {
      const res = await new TestClient(secure).get('/login');
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
      assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
    } finally {
      await secure.dispose();
    }
  });
});
