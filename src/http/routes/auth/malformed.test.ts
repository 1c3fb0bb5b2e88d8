// Malformed input never becomes a 500 on the sign-in, password, reset, session and language routes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo } from '../../../services/demo.js';

const JSON_ROUTES = ['/api/v1/auth/login', '/api/v1/auth/password', '/api/v1/auth/password-reset/request', '/api/v1/auth/password-reset/confirm'];

for (const kind of testDatabases()) {
  describe(`malformed input [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    const raw = (c: TestClient, url: string, payload: string | Buffer, type = 'application/json', method = 'POST') =>
      c.request({ method, url, headers: { 'content-type': type, accept: 'application/json' }, payload });

    test('invalid JSON is 400 validation_failed', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      for (const url of JSON_ROUTES) {
        for (const body of ['{', '{"login":', 'nul', "{'login':'admin'}", '\u0000']) {
          const res = await raw(c, url, body);
          assert.equal(res.status, 400, `${url} ${body}`);
          assert.equal(res.json().error.code, 'validation_failed');
          assert.ok(res.json().error.fields, 'the body is named');
        }
      }
    });

    test('missing and mistyped fields are 400 with fields', async () => {
      const c = new TestClient(p);
      const empty = await c.postJson('/api/v1/auth/login', {});
      assert.equal(empty.status, 400);
      assert.equal(empty.json().error.code, 'validation_failed');
      assert.deepEqual(Object.keys(empty.json().error.fields).sort(), ['login', 'password']);
      assert.deepEqual(empty.json().error.fields.login, ['Wajib diisi.']);
      const noBody = await c.postJson('/api/v1/auth/login');
      assert.equal(noBody.status, 400);
      const blank = await c.postJson('/api/v1/auth/login', { login: '   ', password: 'x' });
      assert.equal(blank.status, 400);
      assert.ok(blank.json().error.fields.login);
      for (const body of [{ login: 123, password: 'x' }, { login: 'admin', password: null }, { login: ['admin'], password: 'x' }, { login: { $ne: '' }, password: 'x' }, [], 'admin', 42, null, true]) {
        const res = await c.postJson('/api/v1/auth/login', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, 'validation_failed');
      }
      const reset = await c.postJson('/api/v1/auth/password-reset/confirm', { token: 'abc' });
      assert.equal(reset.status, 400);
      assert.ok(reset.json().error.fields.newPassword);
      await c.login('admin', DEMO_PASSWORD);
      const change = await c.postJson('/api/v1/auth/password', {});
      assert.equal(change.status, 400);
      assert.deepEqual(Object.keys(change.json().error.fields).sort(), ['currentPassword', 'newPassword']);
    });

    test('prototype-poisoning JSON is refused', async () => {
      const c = new TestClient(p);
      const res = await raw(c, '/api/v1/auth/login', '{"login":"admin","password":"x","__proto__":{"isAdmin":true}}');
      assert.equal(res.status, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      const ctor = await raw(c, '/api/v1/auth/login', '{"login":"admin","password":"x","constructor":{"prototype":{"isAdmin":true}}}');
      assert.equal(ctor.status, 400);
    });

    test('a 2 MB body is 413 payload_too_large, as JSON and as a form', async () => {
      const c = new TestClient(p);
      const big = JSON.stringify({ login: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
      const res = await raw(c, '/api/v1/auth/login', big);
      assert.equal(res.status, 413);
      assert.equal(res.json().error.code, 'payload_too_large');
      await c.get('/login');
      const formRes = await c.postForm('/login', { login: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
      assert.equal(formRes.status, 413);
      assert.match(String(formRes.headers['content-type']), /text\/html/);
      // A long but legal password is simply wrong.
      const long = await c.postJson('/api/v1/auth/login', { login: 'admin', password: 'x'.repeat(1024) });
      assert.equal(long.status, 401);
      const tooLong = await c.postJson('/api/v1/auth/login', { login: 'admin', password: 'x'.repeat(1025) });
      assert.equal(tooLong.status, 400);
    });

    test('Content-Type application/xml (and other unknown types) on the API is 415', async () => {
      const c = new TestClient(p);
      for (const type of ['application/xml', 'text/xml', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
        const res = await raw(c, '/api/v1/auth/login', '<login>admin</login>', type);
        assert.equal(res.status, 415, type);
        assert.equal(res.json().error.code, 'unsupported_media_type');
      }
      const charset = await raw(c, '/api/v1/auth/login', JSON.stringify({ login: 'admin', password: DEMO_PASSWORD }), 'application/json; charset=utf-8');
      assert.equal(charset.status, 200);
    });

    test('NUL and control characters in identifiers are refused, never a database error', async () => {
      const c = new TestClient(p);
      for (const login of ['\u0000admin', 'admin\u0000', 'ad\u0007min', '1990010120242\u000011001']) {
        const res = await c.postJson('/api/v1/auth/login', { login, password: DEMO_PASSWORD });
        assert.equal(res.status, 400, JSON.stringify(login));
        assert.equal(res.json().error.code, 'validation_failed');
        const reset = await c.postJson('/api/v1/auth/password-reset/request', { login });
        assert.ok(reset.status === 400 || reset.status === 202, `${reset.status}`);
      }
      await c.get('/login');
      const form = await c.postForm('/login', { login: 'admin\u0000', password: DEMO_PASSWORD });
      assert.equal(form.status, 400);
      const forgot = await c.postForm('/password/forgot', { login: 'admin\u0000' });
      assert.equal(forgot.status, 200);
      const resetPage = await c.get('/password/reset?token=%00abc');
      assert.equal(resetPage.status, 400);
      const resetForm = await c.postForm('/password/reset', { token: '\u0000', newPassword: 'Good-Long-Passphrase', confirmPassword: 'Good-Long-Passphrase' });
      assert.equal(resetForm.status, 400);
      // A NUL in a password is just a wrong password.
      assert.equal((await c.postJson('/api/v1/auth/login', { login: 'admin', password: 'a\u0000b' })).status, 401);
      // Odd cookies are ignored.
      const odd = await new TestClient(p, { cookie: 'lentera_session=%00%ff; lentera_csrf=%00; lentera_lang=%00' }).get('/login');
      assert.equal(odd.status, 200);
    });

    test('odd form and query shapes on the HTML routes are never 500', async () => {
      const c = new TestClient(p);
      await c.get('/login');
      const dup = await c.request({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: `_csrf=${encodeURIComponent(c.csrf)}&login=a&login=b&password=x` });
      assert.equal(dup.status, 401);
      const json = await c.request({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json', accept: 'text/html', 'x-csrf-token': c.csrf }, payload: '[1,2,3]' });
      assert.ok(json.status < 500, String(json.status));
      const badJson = await c.request({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json', accept: 'text/html' }, payload: '{' });
      assert.equal(badJson.status, 400);
      const xml = await c.request({ method: 'POST', url: '/login', headers: { 'content-type': 'application/xml', accept: 'text/html' }, payload: '<a/>' });
      assert.equal(xml.status, 415);
      for (const url of ['/login?next[]=x', '/login?next=%E0%A4%A', '/password/reset?token[a]=b', '/login?notice[]=logout.done']) {
        const res = await c.get(url);
        assert.ok(res.status < 500, `${url}: ${res.status}`);
      }
      const lang = await c.postForm('/lang?next[]=x', { locale: 'en' });
      assert.equal(lang.status, 303);
    });
  });
}
