// The signed-in user's sessions: listing, sign out everywhere, expiry; and the append-only audit log.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { DEMO, loadDemo } from '../../../services/demo.js';

const NEW_PASSWORD = 'Danau-Kelimutu-Tiga-Warna';

for (const kind of testDatabases()) {
  describe(`my sessions and the audit log [${kind}]`, () => {
    let p: TestPlatform;
    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
    after(() => p.dispose());

    const browser = (ua: string, address = '127.0.0.1') => new TestClient(p, { 'user-agent': ua }, { remoteAddress: address });

    test('GET /api/v1/me/sessions lists the live sessions and marks the current one', async () => {
      const a = browser('Browser A');
      const b = browser('Browser B', '10.20.30.40');
      await a.login('operator.ntt', DEMO_PASSWORD);
      await b.login('operator.ntt', DEMO_PASSWORD);
      const res = await a.getJson('/api/v1/me/sessions');
      assert.equal(res.status, 200);
      const items = res.json().items as { current: boolean; userAgent: string; ip: string; expiresAt: string }[];
      assert.equal(res.json().nextCursor, null);
      const mine = items.filter((s) => s.current);
      assert.equal(mine.length, 1);
      assert.equal(mine[0]!.userAgent, 'Browser A');
      const other = items.find((s) => s.userAgent === 'Browser B');
      assert.ok(other);
      assert.equal(other.current, false);
      assert.equal(other.ip, '10.20.30.40');
      assert.ok(new Date(other.expiresAt).getTime() > p.clock.now.getTime());
      // Another user's sessions are not listed.
      const c = browser('Browser C');
      await c.login('admin', DEMO_PASSWORD);
      const theirs = (await c.getJson('/api/v1/me/sessions')).json().items as { userAgent: string }[];
      assert.ok(theirs.every((s) => s.userAgent !== 'Browser A' && s.userAgent !== 'Browser B'));
      assert.equal((await new TestClient(p).getJson('/api/v1/me/sessions')).status, 401);
    });

    test('DELETE /api/v1/me/sessions ends the other sessions, keeps the current one, and is audited', async () => {
      const a = browser('Phone', '10.1.2.3');
      const b = browser('Laptop');
      const c = browser('Office PC');
      await a.login(DEMO.participant.nip, DEMO_PASSWORD);
      await b.login(DEMO.participant.nip, DEMO_PASSWORD);
      await c.login(DEMO.participant.email, DEMO_PASSWORD);
      const res = await a.sendJson('DELETE', '/api/v1/me/sessions');
      assert.equal(res.status, 200);
      assert.ok(res.json().ended >= 2);
      assert.equal((await a.getJson('/api/v1/me')).status, 200);
      assert.equal((await b.getJson('/api/v1/me')).status, 401);
      assert.equal((await c.getJson('/api/v1/me')).status, 401);
      const left = (await a.getJson('/api/v1/me/sessions')).json().items;
      assert.equal(left.length, 1);
      assert.equal(left[0].current, true);
      assert.equal((await new TestClient(p).sendJson('DELETE', '/api/v1/me/sessions')).status, 401);

      const user = (await p.ctx.repos.users.findByNip(DEMO.participant.nip))!;
      const row = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'auth.sign_out_everywhere').where('actor_user_id', '=', user.id).orderBy('id', 'desc').executeTakeFirst();
      assert.ok(row);
      assert.equal(row.ip, '10.1.2.3');
      assert.equal(row.user_agent, 'Phone');
      assert.equal(row.target_id, String(user.id));
      assert.ok(JSON.parse(row.details!).sessionsEnded >= 2);
    });

    test('a session ends after SESSION_TTL_HOURS without activity; activity slides it', async () => {
      const ttl = p.config.SESSION_TTL_HOURS * 3600_000;
      const idle = browser('Idle');
      await idle.login('admin', DEMO_PASSWORD);
      const active = browser('Active');
      await active.login('admin', DEMO_PASSWORD);
      p.clock.advance(ttl - 3600_000);
      assert.equal((await active.getJson('/api/v1/me')).status, 200);
      p.clock.advance(3600_000 + 1000);
      const expired = await idle.getJson('/api/v1/me');
      assert.equal(expired.status, 401);
      assert.equal(expired.json().error.code, 'unauthenticated');
      assert.equal((await active.getJson('/api/v1/me')).status, 200, 'used an hour ago: still alive');
      // The HTML side sends an expired session to the login and clears the cookie.
      const page = await idle.get('/');
      assert.equal(page.status, 303);
      assert.equal(page.headers.location, '/login');
      assert.equal(idle.cookies.has('lentera_session'), false);
      p.clock.advance(ttl + 1000);
      assert.equal((await active.getJson('/api/v1/me')).status, 401);
    });

    test('a disabled account loses its sessions at once', async () => {
      const c = browser('Soon disabled');
      await c.login('operator.ntt', DEMO_PASSWORD);
      const op = (await p.ctx.repos.users.findByLogin('operator.ntt'))!;
      await p.ctx.repos.users.update(op.id, { status: 'disabled' });
      try {
        assert.equal((await c.getJson('/api/v1/me')).status, 401);
        // The right password tells a disabled account apart, the wrong one does not.
        const wrong = await new TestClient(p).postJson('/api/v1/auth/login', { login: 'operator.ntt', password: 'wrong-password' });
        assert.equal(wrong.status, 401);
        assert.equal(wrong.json().error.code, 'invalid_credentials');
      } finally {
        await p.ctx.repos.users.update(op.id, { status: 'active' });
      }
    });

    test('the audit log is append-only: UPDATE and DELETE are rejected by the database', async () => {
      const db = p.ctx.db.kysely;
      const count = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      assert.ok(before > 0);
      await assert.rejects(db.updateTable('audit_log').set({ action: 'tampered' }).execute(), /append-only/);
      await assert.rejects(db.updateTable('audit_log').set({ ip: null }).where('id', '=', 1).execute(), /append-only/);
      await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
      await assert.rejects(db.deleteFrom('audit_log').where('id', '=', 1).execute(), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(db), /append-only/);
      if (kind === 'postgres') await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
      assert.equal(await count(), before);
      assert.equal((await db.selectFrom('audit_log').select('action').where('action', '=', 'tampered').execute()).length, 0);
      // Appending still works.
      await p.ctx.repos.audit.append(p.clock.now.toISOString(), { actorUserId: null, action: 'test.append', ip: '127.0.0.1' });
      assert.equal(await count(), before + 1);
    });

    test('a password change, a reset and sign-out-everywhere each write an audit row with actor, ip and action', async () => {
      const user = (await p.ctx.repos.users.findByLogin('admin'))!;
      const rows = async (action: string) =>
        p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', String(user.id)).orderBy('id', 'desc').execute();

      const c = browser('Auditor', '10.77.0.1');
      await c.login('admin', DEMO_PASSWORD);
      assert.equal((await c.postJson('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD })).status, 204);
      const changed = (await rows('auth.password_changed'))[0];
      assert.ok(changed);
      assert.equal(Number(changed.actor_user_id), user.id);
      assert.equal(changed.ip, '10.77.0.1');
      assert.equal(changed.user_agent, 'Auditor');

      await browser('Mailer', '10.77.0.2').postJson('/api/v1/auth/password-reset/request', { login: 'admin' });
      const requested = (await rows('auth.password_reset_requested'))[0];
      assert.ok(requested);
      assert.equal(requested.ip, '10.77.0.2');
      const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(p.ctx.mailer.outbox.at(-1)!.text)![1]!);
      assert.equal((await browser('Reset', '10.77.0.3').postJson('/api/v1/auth/password-reset/confirm', { token, newPassword: DEMO_PASSWORD + '!x' })).status, 204);
      const reset = (await rows('auth.password_reset'))[0];
      assert.ok(reset);
      assert.equal(Number(reset.actor_user_id), user.id);
      assert.equal(reset.ip, '10.77.0.3');

      const d = browser('Everywhere', '10.77.0.4');
      await d.login('admin', DEMO_PASSWORD + '!x');
      assert.equal((await d.sendJson('DELETE', '/api/v1/me/sessions')).status, 200);
      const everywhere = (await rows('auth.sign_out_everywhere'))[0];
      assert.ok(everywhere);
      assert.equal(Number(everywhere.actor_user_id), user.id);
      assert.equal(everywhere.ip, '10.77.0.4');

      // A failed sign-in of an existing account is recorded too (without an actor).
      await browser('Guess', '10.77.0.5').postJson('/api/v1/auth/login', { login: 'admin', password: 'guess-guess' });
      const failed = (await rows('auth.login_failed'))[0];
      assert.ok(failed);
      assert.equal(failed.actor_user_id, null);
      assert.equal(failed.ip, '10.77.0.5');
      await loadDemo(p.ctx, DEMO_PASSWORD);
    });
  });
}
