// CSRF and cross-site protection: form tokens, JSON-only cookie API calls, Origin / Sec-Fetch-Site,
// and bearer tokens (which need neither).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import { createApiToken, revokeApiToken } from '../../../services/api-tokens.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

for (const kind of testDatabases()) {
  describe(`CSRF and cross-site requests [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    async function adminActor() {
      const admin = (await p.ctx.repos.users.findByLogin('admin'))!;
      return { userId: admin.id, ip: '127.0.0.1', principal: await loadPrincipal(p.ctx, admin.id) };
    }

    test('a form POST without _csrf or with a wrong one is 403', async () => {
      const c = new TestClient(p);
      await c.get('/login');
      const missing = await c.request({ method: 'POST', url: '/login', headers: FORM, payload: form({ login: 'admin', password: DEMO_PASSWORD }) });
      assert.equal(missing.status, 403);
      assert.match(missing.body, /Formulir kedaluwarsa atau tidak sah/);
      assert.equal(c.cookies.has('lentera_session'), false);
      const wrong = await c.request({ method: 'POST', url: '/login', headers: FORM, payload: form({ _csrf: 'A'.repeat(43), login: 'admin', password: DEMO_PASSWORD }) });
      assert.equal(wrong.status, 403);
      const empty = await c.request({ method: 'POST', url: '/login', headers: FORM, payload: form({ _csrf: '', login: 'admin', password: DEMO_PASSWORD }) });
      assert.equal(empty.status, 403);
      const array = await c.request({ method: 'POST', url: '/login', headers: FORM, payload: `_csrf=${encodeURIComponent(c.csrf)}&_csrf=x&login=admin&password=${DEMO_PASSWORD}` });
      assert.equal(array.status, 403);
      // Another browser's token does not fit this browser's cookie.
      const other = new TestClient(p);
      await other.get('/login');
      const foreign = await c.request({ method: 'POST', url: '/login', headers: FORM, payload: form({ _csrf: other.csrf, login: 'admin', password: DEMO_PASSWORD }) });
      assert.equal(foreign.status, 403);
      // The right one works.
      assert.equal((await c.postForm('/login', { login: 'admin', password: DEMO_PASSWORD })).status, 303);
    });

    test('signed-in forms need the token bound to the session', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      const anonymousToken = c.csrf;
      await c.get('/account');
      assert.notEqual(c.csrf, anonymousToken);
      const missing = await c.request({ method: 'POST', url: '/account/sign-out-everywhere', headers: FORM, payload: '' });
      assert.equal(missing.status, 403);
      const stale = await c.request({ method: 'POST', url: '/account/sign-out-everywhere', headers: FORM, payload: form({ _csrf: anonymousToken || 'x' }) });
      assert.equal(stale.status, 403);
      const ok = await c.postForm('/account/sign-out-everywhere', {});
      assert.equal(ok.status, 303);
      // The same token as a header works too (htmx).
      const byHeader = await c.request({ method: 'POST', url: '/account/sign-out-everywhere', headers: { ...FORM, 'x-csrf-token': c.csrf }, payload: '' });
      assert.equal(byHeader.status, 303);
    });

    test('a cookie-authenticated API call that changes state must be JSON', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      for (const [method, url] of [['POST', '/api/v1/auth/logout'], ['DELETE', '/api/v1/me/sessions'], ['POST', '/api/v1/auth/password']] as const) {
        const res = await c.request({ method, url, headers: { 'content-type': 'text/plain', accept: 'application/json' }, payload: '{}' });
        assert.equal(res.status, 415, `${method} ${url}`);
        assert.equal(res.json().error.code, 'unsupported_media_type');
        const formPost = await c.request({ method, url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, payload: 'a=b' });
        assert.equal(formPost.status, 415, `${method} ${url} as a form`);
      }
      const noType = await c.request({ method: 'POST', url: '/api/v1/auth/logout', headers: { accept: 'application/json' } });
      assert.equal(noType.status, 415);
      assert.equal((await c.getJson('/api/v1/me')).status, 200, 'still signed in');
    });

    test('a request from another site is 403 forbidden (Origin or Sec-Fetch-Site)', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      const evil = await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { origin: 'https://evil.example.com' });
      assert.equal(evil.status, 403);
      assert.equal(evil.json().error.code, 'forbidden');
      assert.equal(evil.json().error.message, 'Permintaan dari situs lain ditolak.');
      const fetchSite = await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { 'sec-fetch-site': 'cross-site' });
      assert.equal(fetchSite.status, 403);
      assert.equal(fetchSite.json().error.code, 'forbidden');
      const sameSite = await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { 'sec-fetch-site': 'same-site' });
      assert.equal(sameSite.status, 403);
      const garbageOrigin = await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { origin: 'not a url' });
      assert.equal(garbageOrigin.status, 403);
      // A cross-site login (login CSRF) is refused as well, also as a form.
      const login = await new TestClient(p).postJson('/api/v1/auth/login', { login: 'admin', password: DEMO_PASSWORD }, { origin: 'https://evil.example.com' });
      assert.equal(login.status, 403);
      const d = new TestClient(p);
      await d.get('/login');
      const formLogin = await d.postForm('/login', { login: 'admin', password: DEMO_PASSWORD }, { 'sec-fetch-site': 'cross-site' });
      assert.equal(formLogin.status, 403);
      assert.equal(d.cookies.has('lentera_session'), false);

      // The own site is fine: same-origin fetch metadata, the Host, or the public URL (behind a proxy).
      assert.equal((await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { 'sec-fetch-site': 'same-origin' })).status, 200);
      assert.equal((await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { origin: 'http://lentera.test', host: 'lentera.test' })).status, 200);
      assert.equal((await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { origin: 'http://lentera.test', host: '10.0.0.5:3000' })).status, 200);
      assert.equal((await c.sendJson('DELETE', '/api/v1/me/sessions', undefined, { origin: 'http://lentera.test.evil.example.com' })).status, 403);
    });

    test('bearer-token calls need neither CSRF nor JSON', async () => {
      const actor = await adminActor();
      const { token, id } = await createApiToken(p.ctx, actor, { name: 'integrasi SIASN' });
      const bearer = { authorization: `Bearer ${token}` };
      const c = new TestClient(p);
      const me = await c.getJson('/api/v1/me', bearer);
      assert.equal(me.status, 200);
      assert.equal(me.json().login, 'admin');

      const session = new TestClient(p);
      await session.login('admin', DEMO_PASSWORD);
      const del = await c.request({ method: 'DELETE', url: '/api/v1/me/sessions', headers: { ...bearer, accept: 'application/json' } });
      assert.equal(del.status, 200, del.body);
      assert.ok(del.json().ended >= 1);
      assert.equal((await session.getJson('/api/v1/me')).status, 401, 'the token ended the cookie sessions');
      const crossOrigin = await c.request({ method: 'DELETE', url: '/api/v1/me/sessions', headers: { ...bearer, accept: 'application/json', origin: 'https://tool.example.org' } });
      assert.equal(crossOrigin.status, 200);
      // A bearer token never yields a cookie.
      assert.equal(c.cookies.size, 0);

      await revokeApiToken(p.ctx, actor, id);
      const revoked = await c.getJson('/api/v1/me', bearer);
      assert.equal(revoked.status, 401);
      assert.equal(revoked.json().error.code, 'unauthenticated');
    });

    test('a malformed, unknown or expired bearer token is 401, also next to a valid cookie', async () => {
      const actor = await adminActor();
      const { token } = await createApiToken(p.ctx, actor, { name: 'kedaluwarsa', expiresInDays: 1 });
      const c = new TestClient(p);
      for (const value of ['Bearer', 'Bearer ', 'Bearer abc', `Bearer lnt_${'x'.repeat(43)}`, `Bearer lnt_${'x'.repeat(500)}`, 'Basic YWRtaW46YWRtaW4=', `Token ${token}`, `Bearer ${token} extra`]) {
        const res = await c.getJson('/api/v1/me', { authorization: value });
        assert.equal(res.status, 401, value);
        assert.equal(res.json().error.code, 'unauthenticated');
      }
      assert.equal((await c.getJson('/api/v1/me', { authorization: `bearer ${token}` })).status, 200, 'the scheme is case-insensitive');
      p.clock.advance(86400_000 + 1000);
      assert.equal((await c.getJson('/api/v1/me', { authorization: `Bearer ${token}` })).status, 401, 'expired');

      const s = new TestClient(p);
      await s.login('admin', DEMO_PASSWORD);
      const mixed = await s.getJson('/api/v1/me', { authorization: 'Bearer nonsense' });
      assert.equal(mixed.status, 401, 'a bad token is not rescued by the cookie');
      const page = await s.get('/', { authorization: 'Bearer nonsense' });
      assert.equal(page.status, 401);
    });
  });
}
