// Password reset by email: request (never reveals the account), the link, confirm once, expiry, sessions.
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { DEMO, loadDemo } from '../../../services/demo.js';

const NEW_PASSWORD = 'Tenun-Ikat-Sumba-2026';
const NIP = DEMO.participant.nip;

for (const kind of testDatabases()) {
  describe(`password reset [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
    });
    beforeEach(async () => {
      // Every test starts from the demo password.
      await loadDemo(p.ctx, DEMO_PASSWORD);
      p.ctx.mailer.outbox.length = 0;
      // A fresh window for the per-account limit on reset mails.
      p.clock.advance(p.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000 + 1000);
    });
    after(() => p.dispose());

    async function requestToken(identifier: string = NIP): Promise<string> {
      const res = await new TestClient(p).postJson('/api/v1/auth/password-reset/request', { login: identifier });
      assert.equal(res.status, 202);
      const mail = p.ctx.mailer.outbox.at(-1);
      assert.ok(mail, 'an email was sent');
      const m = /http:\/\/lentera\.test\/password\/reset\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
      assert.ok(m, mail.text);
      return decodeURIComponent(m[1]!);
    }

    test('the request is always 202; only an existing account with an email gets a mail', async () => {
      const c = new TestClient(p);
      const unknown = await c.postJson('/api/v1/auth/password-reset/request', { login: 'nobody.here' });
      assert.equal(unknown.status, 202);
      assert.deepEqual(unknown.json(), { status: 'accepted' });
      const unknownNip = await c.postJson('/api/v1/auth/password-reset/request', { login: '199501072022212016' });
      assert.equal(unknownNip.status, 202);
      assert.equal(p.ctx.mailer.outbox.length, 0, 'nothing sent for unknown logins');

      const known = await c.postJson('/api/v1/auth/password-reset/request', { login: NIP });
      assert.equal(known.status, 202);
      assert.deepEqual(known.json(), unknown.json(), 'the same answer for known and unknown');
      assert.equal(p.ctx.mailer.outbox.length, 1);
      const mail = p.ctx.mailer.outbox[0]!;
      assert.equal(mail.to, DEMO.participant.email);
      assert.match(mail.subject, /Atur ulang kata sandi/);
      assert.match(mail.text, new RegExp(`Halo ${DEMO.participant.name}`));
      assert.match(mail.text, /http:\/\/lentera\.test\/password\/reset\?token=/);

      const missing = await c.postJson('/api/v1/auth/password-reset/request', {});
      assert.equal(missing.status, 400);
      assert.ok(missing.json().error.fields.login);
    });

    test('the link shows the form; confirming sets the new password once, and every session ends', async () => {
      const s1 = new TestClient(p);
      const s2 = new TestClient(p);
      await s1.login(NIP, DEMO_PASSWORD);
      await s2.login(DEMO.participant.email, DEMO_PASSWORD);
      const token = await requestToken();

      const page = await new TestClient(p).get(`/password/reset?token=${encodeURIComponent(token)}`);
      assert.equal(page.status, 200);
      assert.match(page.body, /name="token" value="/);
      assert.match(page.body, /name="newPassword"/);
      assert.equal(page.headers['referrer-policy'], 'no-referrer', 'the token does not leak through the Referer');

      const c = new TestClient(p);
      const res = await c.postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD });
      assert.equal(res.status, 204, res.body);

      assert.equal((await s1.getJson('/api/v1/me')).status, 401);
      assert.equal((await s2.getJson('/api/v1/me')).status, 401);
      const old = await new TestClient(p).postJson('/api/v1/auth/login', { login: NIP, password: DEMO_PASSWORD });
      assert.equal(old.status, 401);
      await new TestClient(p).login(NIP, NEW_PASSWORD);

      const again = await c.postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: 'Another-Good-Passphrase-9' });
      assert.equal(again.status, 400);
      assert.equal(again.json().error.code, 'validation_failed');
      assert.ok(again.json().error.fields.token);
      assert.equal((await new TestClient(p).get(`/password/reset?token=${encodeURIComponent(token)}`)).status, 400);

      const user = (await p.ctx.repos.users.findByNip(NIP))!;
      const row = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.password_reset').where('target_id', '=', String(user.id)).orderBy('id', 'desc').executeTakeFirst();
      assert.ok(row, 'the reset is audited');
      assert.equal(row.ip, '127.0.0.1');
      assert.equal(Number(row.actor_user_id), user.id, 'the account holder (proven by the emailed link) is the actor');
    });

    test('a reset invalidates the other outstanding links', async () => {
      const first = await requestToken();
      const second = await requestToken();
      assert.notEqual(first, second);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token: second, newPassword: NEW_PASSWORD })).status, 204);
      const stale = await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token: first, newPassword: 'Attacker-Chosen-Pass-42' });
      assert.equal(stale.status, 400);
      await new TestClient(p).login(NIP, NEW_PASSWORD);
    });

    test('a password change invalidates outstanding links', async () => {
      const token = await requestToken();
      const c = new TestClient(p);
      await c.login(NIP, DEMO_PASSWORD);
      assert.equal((await c.postJson('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD })).status, 204);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: 'Attacker-Chosen-Pass-42' })).status, 400);
    });

    test('after PASSWORD_RESET_TTL_MINUTES the token is refused', async () => {
      const token = await requestToken();
      p.clock.advance(p.config.PASSWORD_RESET_TTL_MINUTES * 60_000 + 1000);
      const page = await new TestClient(p).get(`/password/reset?token=${encodeURIComponent(token)}`);
      assert.equal(page.status, 400);
      assert.match(page.body, /tidak berlaku atau sudah kedaluwarsa/);
      const res = await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD });
      assert.equal(res.status, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      await new TestClient(p).login(NIP, DEMO_PASSWORD);
    });

    test('a token still inside its lifetime works', async () => {
      const token = await requestToken();
      p.clock.advance(p.config.PASSWORD_RESET_TTL_MINUTES * 60_000 - 60_000);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD })).status, 204);
    });

    test('the policy applies, and a rejected password does not use up the token', async () => {
      const token = await requestToken();
      const weak = await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: `x${NIP}x` });
      assert.equal(weak.status, 400);
      assert.ok(weak.json().error.fields.newPassword);
      assert.equal((await new TestClient(p).postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD })).status, 204);
    });

    test('a mailbox is not flooded: at most 3 links per account per window, the answer stays 202', async () => {
      p.clock.advance(p.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000 + 1000);
      const c = new TestClient(p);
      for (let i = 0; i < 6; i++) assert.equal((await c.postJson('/api/v1/auth/password-reset/request', { login: i % 2 ? NIP : DEMO.participant.email })).status, 202);
      assert.equal(p.ctx.mailer.outbox.length, 3);
      p.clock.advance(p.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000 + 1000);
      await requestToken();
      assert.equal(p.ctx.mailer.outbox.length, 4);
    });

    test('garbage tokens are 400, never 500', async () => {
      const c = new TestClient(p);
      for (const token of ['x', 'y'.repeat(256), '../../etc/passwd', '%00']) {
        const res = await c.postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD });
        assert.equal(res.status, 400, token);
      }
      assert.equal((await c.postJson('/api/v1/auth/password-reset/confirm', { token: 'z'.repeat(257), newPassword: NEW_PASSWORD })).status, 400);
      assert.equal((await c.get('/password/reset')).status, 400);
      assert.equal((await c.get('/password/reset?token=a&token=b')).status, 400);
    });

    test('the HTML pages: forgot form, reset form with mismatch, then success', async () => {
      const c = new TestClient(p);
      const forgot = await c.get('/password/forgot');
      assert.equal(forgot.status, 200);
      const sent = await c.postForm('/password/forgot', { login: DEMO.participant.email });
      assert.equal(sent.status, 200);
      assert.match(sent.body, /Jika akun tersebut ada/);
      const unknown = await c.postForm('/password/forgot', { login: 'nobody.here' });
      assert.equal(unknown.status, 200);
      assert.equal(p.ctx.mailer.outbox.length, 1);
      const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(p.ctx.mailer.outbox[0]!.text)![1]!);

      const form = await c.get(`/password/reset?token=${encodeURIComponent(token)}`);
      assert.equal(form.status, 200);
      const mismatch = await c.postForm('/password/reset', { token, newPassword: NEW_PASSWORD, confirmPassword: 'something-else-entirely' });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body, /Kedua kata sandi baru tidak sama\./);
      const ok = await c.postForm('/password/reset', { token, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.location, '/login?notice=reset.done');
      const login = await c.get('/login?notice=reset.done');
      assert.match(login.body, /Kata sandi telah diatur ulang/);
      const res = await c.postForm('/login', { login: NIP, password: NEW_PASSWORD });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/');
    });
  });
}
