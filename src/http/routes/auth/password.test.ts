// Forced password change after provisioning: the API and the HTML form, the policy, other sessions, audit.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import { provisionUser } from '../../../services/users.js';

const NEW_PASSWORD = 'Sasando-Rote-Ndao-77';

for (const kind of testDatabases()) {
  describe(`forced password change [${kind}]`, () => {
    let p: TestPlatform;
    let seq = 0;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    /** A fresh account provisioned by the demo admin (must change its password). */
    async function provision() {
      const admin = (await p.ctx.repos.users.findByLogin('admin'))!;
      const principal = await loadPrincipal(p.ctx, admin.id);
      seq++;
      const nip = `19950107202221201${seq}`;
      const { user, initialPassword } = await provisionUser(p.ctx, { userId: admin.id, ip: '10.0.0.1', principal }, { nip, name: `Peserta ${seq}`, unitCode: '5371', email: `peserta${seq}@kpu.example.go.id` });
      return { user, nip, initialPassword };
    }

    test('a provisioned account must change its password before anything else', async () => {
      const { nip, initialPassword, user } = await provision();
      const c = new TestClient(p);
      const res = await c.login(nip, initialPassword);
      assert.equal(res.json().mustChangePassword, true);
      assert.equal(res.json().user.mustChangePassword, true);

      const me = await c.getJson('/api/v1/me');
      assert.equal(me.status, 403);
      assert.equal(me.json().error.code, 'password_change_required');
      const sessions = await c.getJson('/api/v1/me/sessions');
      assert.equal(sessions.status, 403);
      for (const path of ['/', '/account', '/login']) {
        const page = await c.get(path);
        assert.equal(page.status, 303, path);
        assert.equal(page.headers.location, '/password/change');
      }
      const changePage = await c.get('/password/change');
      assert.equal(changePage.status, 200);
      assert.match(changePage.body, /wajib mengganti kata sandi awal/);
      // Other state-changing forms stay shut.
      const other = await c.postForm('/account/sign-out-everywhere', {});
      assert.equal(other.status, 403);

      const ok = await c.postJson('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: NEW_PASSWORD });
      assert.equal(ok.status, 204, ok.body);
      const after = await c.getJson('/api/v1/me');
      assert.equal(after.status, 200);
      assert.equal(after.json().mustChangePassword, false);
      assert.equal((await c.get('/')).status, 200);

      // The old password is gone, the new one works.
      const old = await new TestClient(p).postJson('/api/v1/auth/login', { login: nip, password: initialPassword });
      assert.equal(old.status, 401);
      const fresh = await new TestClient(p).login(nip, NEW_PASSWORD);
      assert.equal(fresh.json().mustChangePassword, false);

      const row = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.password_changed').where('target_id', '=', String(user.id)).executeTakeFirst();
      assert.ok(row, 'the change is audited');
      assert.equal(Number(row.actor_user_id), user.id);
      assert.equal(row.ip, '127.0.0.1');
    });

    test('the password policy answers 400 validation_failed with fields.newPassword', async () => {
      const { nip, initialPassword } = await provision();
      const c = new TestClient(p);
      await c.login(nip, initialPassword);
      const cases: [string, RegExp][] = [
        ['Pendek-1', /minimal 10 karakter/],
        [`Sandi-${nip}-x`, /NIP/],
        [`x-${nip.slice(0, 8)}-rahasia`, /tanggal lahir/],
        ['Password123!', /terlalu umum/],
        ['qwertyuiop', /terlalu umum/],
        [initialPassword, /terlalu umum/],
        ['', /minimal 10 karakter/],
      ];
      for (const [newPassword, message] of cases) {
        const res = await c.postJson('/api/v1/auth/password', { currentPassword: initialPassword, newPassword });
        assert.equal(res.status, 400, newPassword);
        assert.equal(res.json().error.code, 'validation_failed');
        assert.ok(Array.isArray(res.json().error.fields.newPassword), newPassword);
        assert.match(res.json().error.fields.newPassword.join(' '), message, newPassword);
      }
      const tooLong = await c.postJson('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: 'Ab-'.repeat(100) });
      assert.equal(tooLong.status, 400);
      assert.ok(tooLong.json().error.fields.newPassword);
      // Still pending.
      assert.equal((await c.getJson('/api/v1/me')).status, 403);
    });

    test('a wrong current password is 400 on currentPassword', async () => {
      const { nip, initialPassword } = await provision();
      const c = new TestClient(p);
      await c.login(nip, initialPassword);
      const res = await c.postJson('/api/v1/auth/password', { currentPassword: 'not-the-current-one', newPassword: NEW_PASSWORD });
      assert.equal(res.status, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.deepEqual(res.json().error.fields, { currentPassword: ['Kata sandi saat ini salah.'] });
      const missing = await c.postJson('/api/v1/auth/password', { newPassword: NEW_PASSWORD });
      assert.equal(missing.status, 400);
      assert.ok(missing.json().error.fields.currentPassword);
    });

    test('without a session the change is 401', async () => {
      const res = await new TestClient(p).postJson('/api/v1/auth/password', { currentPassword: 'x', newPassword: NEW_PASSWORD });
      assert.equal(res.status, 401);
      assert.equal(res.json().error.code, 'unauthenticated');
    });

    test('a change ends the other sessions and keeps the current one', async () => {
      const { nip, initialPassword } = await provision();
      const a = new TestClient(p);
      const b = new TestClient(p);
      await a.login(nip, initialPassword);
      await b.login(nip, initialPassword);
      assert.equal((await a.postJson('/api/v1/auth/password', { currentPassword: initialPassword, newPassword: NEW_PASSWORD })).status, 204);
      assert.equal((await a.getJson('/api/v1/me')).status, 200);
      const other = await b.getJson('/api/v1/me');
      assert.equal(other.status, 401);
      // The voluntary change of a normal account (the demo operator) works the same.
      const o1 = new TestClient(p);
      const o2 = new TestClient(p);
      await o1.login('operator.ntt', DEMO_PASSWORD);
      await o2.login('operator.ntt', DEMO_PASSWORD);
      assert.equal((await o1.postJson('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD })).status, 204);
      assert.equal((await o2.getJson('/api/v1/me')).status, 401);
      assert.equal((await o1.postJson('/api/v1/auth/password', { currentPassword: NEW_PASSWORD, newPassword: DEMO_PASSWORD })).status, 204);
    });

    test('the HTML form does the same, with messages for a mismatch, a wrong current password and the policy', async () => {
      const { nip, initialPassword } = await provision();
      const c = new TestClient(p);
      await c.get('/login');
      const signIn = await c.postForm('/login', { login: nip, password: initialPassword });
      assert.equal(signIn.status, 303);
      assert.equal(signIn.headers.location, '/password/change');
      const page = await c.get('/password/change');
      assert.equal(page.status, 200);

      const mismatch = await c.postForm('/password/change', { currentPassword: initialPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD + 'x' });
      assert.equal(mismatch.status, 400);
      assert.match(mismatch.body, /Kedua kata sandi baru tidak sama\./);

      const wrong = await c.postForm('/password/change', { currentPassword: 'not-the-current-one', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /Kata sandi saat ini salah\./);

      const weak = await c.postForm('/password/change', { currentPassword: initialPassword, newPassword: 'pendek', confirmPassword: 'pendek' });
      assert.equal(weak.status, 400);
      assert.match(weak.body, /Kata sandi minimal 10 karakter\./);
      assert.match(weak.body, /aria-invalid="true"/);

      const missingCsrf = await c.request({ method: 'POST', url: '/password/change', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: new URLSearchParams({ currentPassword: initialPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).toString() });
      assert.equal(missingCsrf.status, 403);

      const ok = await c.postForm('/password/change', { currentPassword: initialPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.location, '/?notice=password.changed');
      const home = await c.get('/?notice=password.changed');
      assert.equal(home.status, 200);
      assert.match(home.body, /Kata sandi berhasil diganti\./);
      assert.equal((await c.getJson('/api/v1/me')).status, 200);
    });

    test('on a browser where a pending account is signed in, someone else can still sign in (and the old session ends)', async () => {
      const { nip, initialPassword } = await provision();
      const c = new TestClient(p);
      await c.login(nip, initialPassword);
      const pending = c.cookies.get('lentera_session')!;
      const res = await c.postJson('/api/v1/auth/login', { login: 'operator.ntt', password: DEMO_PASSWORD });
      assert.equal(res.status, 200);
      assert.equal((await c.getJson('/api/v1/me')).json().login, 'operator.ntt');
      assert.equal((await new TestClient(p).getJson('/api/v1/me', { cookie: `lentera_session=${pending}` })).status, 401);
      // The same through the form.
      const d = new TestClient(p);
      await d.login(nip, initialPassword);
      await d.get('/password/change');
      const form = await d.postForm('/login', { login: 'operator.ntt', password: DEMO_PASSWORD });
      assert.equal(form.status, 303);
      assert.equal(form.headers.location, '/');
    });

    test('the change page without a session sends to the login', async () => {
      const res = await new TestClient(p).get('/password/change');
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/login?next=/password/change');
    });
  });
}
