// Home and account pages, the sign-out-everywhere form, and the language switch.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { DEMO, loadDemo } from '../../../services/demo.js';

for (const kind of testDatabases()) {
  describe(`home and account pages [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    test('without a session / and /account send to the login', async () => {
      const c = new TestClient(p);
      const home = await c.get('/');
      assert.equal(home.status, 303);
      assert.equal(home.headers.location, '/login');
      const account = await c.get('/account');
      assert.equal(account.status, 303);
      assert.equal(account.headers.location, '/login?next=/account');
      const form = await c.postForm('/account/sign-out-everywhere', {});
      assert.equal(form.status, 303);
      assert.equal(form.headers.location, '/login');
    });

    test('the home page greets the participant with the formatted NIP, unit and programme', async () => {
      const c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      const res = await c.get('/');
      assert.equal(res.status, 200);
      assert.match(res.body, /<html lang="id">/);
      assert.match(res.body, new RegExp(`Selamat datang, ${DEMO.participant.name}`));
      assert.match(res.body, /KPU Kota Kupang/);
      assert.match(res.body, /Orientasi PPPK/);
      assert.match(String(res.headers['cache-control']), /private/);
      // Unknown notices are ignored, known ones are shown.
      assert.doesNotMatch((await c.get('/?notice=%3Cscript%3E')).body, /<script>/);
    });

    test('the account page lists the sessions, and "Keluar dari semua perangkat" ends the others', async () => {
      const a = new TestClient(p, { 'user-agent': 'Firefox di laptop kantor' });
      const b = new TestClient(p, { 'user-agent': 'Chrome di ponsel <b>' });
      await a.login('operator.ntt', DEMO_PASSWORD);
      await b.login('operator.ntt', DEMO_PASSWORD);
      const page = await a.get('/account');
      assert.equal(page.status, 200);
      assert.match(page.body, /Sesi aktif/);
      assert.match(page.body, /Firefox di laptop kantor <strong>\(sesi ini\)<\/strong>/);
      assert.match(page.body, /Chrome di ponsel &lt;b&gt;/, 'the user agent is escaped');
      assert.match(page.body, /<form method="post" action="\/account\/sign-out-everywhere">/);
      assert.match(page.body, /Keluar dari semua perangkat/);

      const res = await a.postForm('/account/sign-out-everywhere', {});
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/account?notice=account.signedOutEverywhere');
      const after = await a.get('/account?notice=account.signedOutEverywhere');
      assert.equal(after.status, 200);
      assert.match(after.body, /Semua sesi lain telah diakhiri\./);
      assert.doesNotMatch(after.body, /Chrome di ponsel/);
      assert.equal((await b.getJson('/api/v1/me')).status, 401);
      assert.equal((await a.getJson('/api/v1/me')).status, 200);
    });

    test('POST /lang sets the cookie, pages turn English, and the choice is stored on the account', async () => {
      const c = new TestClient(p);
      await c.login(DEMO.participant.nip, DEMO_PASSWORD);
      await c.get('/');
      const res = await c.postForm('/lang?next=/account', { locale: 'en' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/account');
      const cookie = [res.headers['set-cookie']].flat().find((x) => String(x).startsWith('lentera_lang='));
      assert.match(String(cookie), /^lentera_lang=en;/);
      assert.match(String(cookie), /Max-Age=\d+/);
      assert.equal(c.cookies.get('lentera_lang'), 'en');
      const page = await c.get('/account');
      assert.match(page.body, /<html lang="en">/);
      assert.match(page.body, /Sign out everywhere/);
      const user = (await p.ctx.repos.users.findByNip(DEMO.participant.nip))!;
      assert.equal(user.locale, 'en');

      // Another device without the cookie follows the account's choice once signed in.
      const other = new TestClient(p);
      await other.login(DEMO.participant.nip, DEMO_PASSWORD);
      assert.match((await other.get('/')).body, /<html lang="en">/);
      assert.equal((await other.getJson('/api/v1/me/sessions', { accept: 'application/json' })).status, 200);
      const apiError = await other.postJson('/api/v1/auth/password', { currentPassword: 'wrong-one-here', newPassword: 'Another-Fine-Passphrase' });
      assert.deepEqual(apiError.json().error.fields, { currentPassword: ['The current password is wrong.'] });

      // And back to Indonesian.
      await c.postForm('/lang', { locale: 'id' });
      assert.match((await c.get('/')).body, /<html lang="id">/);
      assert.equal((await p.ctx.repos.users.findByNip(DEMO.participant.nip))!.locale, 'id');
    });

    test('POST /lang before sign-in only sets the cookie; bad values and foreign next are ignored', async () => {
      const c = new TestClient(p);
      await c.get('/login');
      const res = await c.postForm('/lang?next=/login', { locale: 'en' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/login');
      assert.match((await c.get('/login')).body, /<html lang="en">/);
      const bad = await c.postForm('/lang?next=//evil.example.com', { locale: 'fr' });
      assert.equal(bad.status, 303);
      assert.equal(bad.headers.location, '/');
      assert.equal(c.cookies.get('lentera_lang'), 'en', 'unchanged');
      const noCsrf = await c.request({ method: 'POST', url: '/lang', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: 'locale=id' });
      assert.equal(noCsrf.status, 403);
      // A garbage language cookie falls back to Indonesian.
      assert.match((await new TestClient(p, { cookie: 'lentera_lang=xx' }).get('/login')).body, /<html lang="id">/);
    });
  });
}
