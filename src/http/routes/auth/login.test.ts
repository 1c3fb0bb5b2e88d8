// Sign-in contract: identifiers, the JSON error shape, no account enumeration, logout, the HTML form,
// cookie flags and input limits.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { DEMO, loadDemo } from '../../../services/demo.js';

const NIP = DEMO.participant.nip;

for (const kind of testDatabases()) {
  describe(`sign-in [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    for (const [label, identifier, login] of [
      ['the NIP', NIP, NIP],
      ['the NIP with spaces', '19900101 2024 21 1 001', NIP],
      ['the NIP with dots and surrounding blanks', '  19900101.2024.21.1.001 ', NIP],
      ['the email', DEMO.participant.email, NIP],
      ['the email in other case', 'Yohanes.Ndun@Demo.Lentera.ID', NIP],
      ['the login name', 'admin', 'admin'],
      ['the login name in upper case', 'ADMIN', 'admin'],
      ['a login name with a dot in mixed case', 'Operator.NTT', 'operator.ntt'],
    ] as const) {
      test(`signs in by ${label}`, async () => {
        const c = new TestClient(p);
        const res = await c.postJson('/api/v1/auth/login', { login: identifier, password: DEMO_PASSWORD });
        assert.equal(res.status, 200, res.body);
        assert.equal(res.json().user.login, login);
        assert.equal(res.json().mustChangePassword, false);
        const me = await c.getJson('/api/v1/me');
        assert.equal(me.status, 200);
        assert.equal(me.json().login, login);
      });
    }

    test('a wrong password and an unknown login answer the same 401 invalid_credentials', async () => {
      const c = new TestClient(p);
      const wrong = await c.postJson('/api/v1/auth/login', { login: 'admin', password: 'not-the-password' });
      const unknown = await c.postJson('/api/v1/auth/login', { login: 'nobody.here', password: 'not-the-password' });
      const unknownNip = await c.postJson('/api/v1/auth/login', { login: '199501072022212016', password: DEMO_PASSWORD });
      for (const res of [wrong, unknown, unknownNip]) {
        assert.equal(res.status, 401);
        assert.match(String(res.headers['content-type']), /application\/json/);
        assert.deepEqual(res.json(), { error: { code: 'invalid_credentials', message: 'NIP/nama pengguna atau kata sandi salah.' } });
        assert.equal(res.headers['set-cookie'] === undefined || !String(res.headers['set-cookie']).includes('lentera_session='), true);
      }
    });

    test('the error message follows the language cookie (Accept-Language is deliberately not followed)', async () => {
      const byCookie = await new TestClient(p, { cookie: 'lentera_lang=en' }).postJson('/api/v1/auth/login', { login: 'admin', password: 'nope-nope-nope' });
      assert.equal(byCookie.json().error.message, 'Wrong NIP/user name or password.');
      const byHeader = await new TestClient(p).postJson('/api/v1/auth/login', { login: 'admin', password: 'nope-nope-nope' }, { 'accept-language': 'en-GB,en;q=0.8' });
      assert.equal(byHeader.json().error.message, 'NIP/nama pengguna atau kata sandi salah.');
    });

    test('without a session /api/v1/me is 401 unauthenticated', async () => {
      const res = await new TestClient(p).getJson('/api/v1/me');
      assert.equal(res.status, 401);
      assert.deepEqual(res.json(), { error: { code: 'unauthenticated', message: 'Silakan masuk terlebih dahulu.' } });
      const garbage = await new TestClient(p).getJson('/api/v1/me', { cookie: 'lentera_session=' + 'x'.repeat(500) });
      assert.equal(garbage.status, 401);
    });

    test('logout ends the session: the old cookie no longer works', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      const token = c.cookies.get('lentera_session')!;
      assert.ok(token);
      const out = await c.postJson('/api/v1/auth/logout');
      assert.equal(out.status, 204);
      assert.equal(c.cookies.has('lentera_session'), false, 'the cookie is cleared');
      const replay = await new TestClient(p).getJson('/api/v1/me', { cookie: `lentera_session=${token}` });
      assert.equal(replay.status, 401);
      assert.equal(replay.json().error.code, 'unauthenticated');
      // Logging out twice (or without a session) is harmless.
      assert.equal((await c.postJson('/api/v1/auth/logout')).status, 204);
    });

    test('the HTML logout ends the session and shows the notice', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      const token = c.cookies.get('lentera_session')!;
      await c.get('/');
      const out = await c.postForm('/logout', {});
      assert.equal(out.status, 303);
      assert.equal(out.headers.location, '/login?notice=logout.done');
      const page = await c.get('/login?notice=logout.done');
      assert.match(page.body, /Anda telah keluar\./);
      assert.equal((await new TestClient(p).getJson('/api/v1/me', { cookie: `lentera_session=${token}` })).status, 401);
    });

    test('GET /login shows the form; POST /login with the CSRF token signs in and redirects to /', async () => {
      const c = new TestClient(p);
      const page = await c.get('/login');
      assert.equal(page.status, 200);
      assert.match(page.body, /<html lang="id">/);
      assert.match(page.body, /<form method="post" action="\/login"/);
      assert.match(page.body, /name="_csrf" value="[^"]+"/);
      assert.equal(page.headers['cache-control'], 'no-store');
      const res = await c.postForm('/login', { login: '19900101 2024 21 1 001', password: DEMO_PASSWORD });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
      assert.ok(c.cookies.get('lentera_session'));
      const home = await c.get('/');
      assert.equal(home.status, 200);
      assert.match(home.body, new RegExp(DEMO.participant.name));
      // Signed in, the login page sends you home.
      assert.equal((await c.get('/login')).status, 303);
    });

    test('POST /login follows a local next and ignores another site', async () => {
      const c = new TestClient(p);
      await c.get('/login?next=/account');
      const res = await c.postForm('/login?next=/account', { login: 'admin', password: DEMO_PASSWORD });
      assert.equal(res.headers.location, '/account');
      const d = new TestClient(p);
      await d.get('/login');
      const evil = await d.postForm('/login?next=//evil.example.com/x', { login: 'admin', password: DEMO_PASSWORD });
      assert.equal(evil.headers.location, '/');
    });

    test('a wrong password re-renders the form with the Indonesian message and 401; the English one with lentera_lang=en', async () => {
      const c = new TestClient(p);
      await c.get('/login');
      const res = await c.postForm('/login', { login: 'admin', password: 'wrong-password-here' });
      assert.equal(res.status, 401);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /NIP\/nama pengguna atau kata sandi salah\./);
      assert.match(res.body, /value="admin"/, 'the identifier is kept');
      assert.doesNotMatch(res.body, /wrong-password-here/, 'the password is not echoed');
      assert.equal(c.cookies.has('lentera_session'), false);

      const unknown = await c.postForm('/login', { login: 'nobody.here', password: 'wrong-password-here' });
      assert.equal(unknown.status, 401);
      assert.match(unknown.body, /NIP\/nama pengguna atau kata sandi salah\./);

      const en = new TestClient(p, { cookie: 'lentera_lang=en' });
      // The default cookie header replaces the jar; add the CSRF cookie by hand.
      const page = await en.get('/login');
      const csrfCookie = /lentera_csrf=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
      const enRes = await en.request({
        method: 'POST',
        url: '/login',
        headers: { cookie: `lentera_lang=en; lentera_csrf=${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: en.csrf, login: 'admin', password: 'wrong-password-here' }).toString(),
      });
      assert.equal(enRes.status, 401);
      assert.match(enRes.body, /<html lang="en">/);
      assert.match(enRes.body, /Wrong NIP\/user name or password\./);
    });

    test('an identifier longer than 320 characters is rejected by validation and leaves no throttle row', async () => {
      const before = await p.ctx.db.kysely.selectFrom('login_throttles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const c = new TestClient(p);
      const res = await c.postJson('/api/v1/auth/login', { login: 'a'.repeat(321), password: 'x' });
      assert.equal(res.status, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.ok(res.json().error.fields.login);
      await c.get('/login');
      const form = await c.postForm('/login', { login: 'b'.repeat(5000), password: 'x' });
      assert.equal(form.status, 400);
      assert.equal(c.cookies.has('lentera_session'), false);
      const reset = await c.postJson('/api/v1/auth/password-reset/request', { login: 'c'.repeat(321) });
      assert.equal(reset.status, 400);
      const afterRows = await p.ctx.db.kysely.selectFrom('login_throttles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterRows.n), Number(before.n));
      const long = await p.ctx.db.kysely.selectFrom('login_throttles').select('key').execute();
      assert.ok(long.every((r) => r.key.length <= 400), 'throttle keys stay bounded');
    });

    test('API answers are not cached', async () => {
      const c = new TestClient(p);
      const res = await c.login('admin', DEMO_PASSWORD);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal((await c.getJson('/api/v1/me')).headers['cache-control'], 'no-store');
      assert.equal((await new TestClient(p).getJson('/api/v1/me')).headers['cache-control'], 'no-store');
    });

    test('signing in again on the same browser ends the previous session', async () => {
      const c = new TestClient(p);
      await c.login('admin', DEMO_PASSWORD);
      const first = c.cookies.get('lentera_session')!;
      await c.login('admin', DEMO_PASSWORD);
      assert.notEqual(c.cookies.get('lentera_session'), first);
      assert.equal((await new TestClient(p).getJson('/api/v1/me', { cookie: `lentera_session=${first}` })).status, 401);
      assert.equal((await c.getJson('/api/v1/me')).status, 200);
    });

    test('the session cookie is HttpOnly, SameSite=Lax and not Secure over http', async () => {
      const res = await new TestClient(p).login('admin', DEMO_PASSWORD);
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /lentera_session=[^;]+;.*HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/);
    });
  });

  describe(`sign-in behind https [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind, { PUBLIC_URL: 'https://lentera.example.go.id' });
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('session, CSRF and language cookies are Secure when PUBLIC_URL is https', async () => {
      const c = new TestClient(p);
      const page = await c.get('/login');
      const csrfCookie = [page.headers['set-cookie']].flat().find((x) => String(x).startsWith('lentera_csrf='));
      assert.match(String(csrfCookie), /; Secure/);
      const res = await c.login('admin', DEMO_PASSWORD);
      const session = [res.headers['set-cookie']].flat().find((x) => String(x).startsWith('lentera_session='));
      assert.match(String(session), /; Secure/);
      assert.match(String(session), /HttpOnly/);
      assert.ok(res.headers['strict-transport-security'], 'HSTS is on');
      await c.get('/');
      const lang = await c.postForm('/lang', { locale: 'en' });
      const langCookie = [lang.headers['set-cookie']].flat().find((x) => String(x).startsWith('lentera_lang='));
      assert.match(String(langCookie), /; Secure/);
      const out = await c.postJson('/api/v1/auth/logout');
      const cleared = [out.headers['set-cookie']].flat().find((x) => String(x).startsWith('lentera_session='));
      assert.match(String(cleared), /; Secure/, 'the clearing cookie carries the same attributes');
    });
  });
}
