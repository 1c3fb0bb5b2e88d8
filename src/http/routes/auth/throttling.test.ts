// Sign-in throttling per account+address, per account and per address; offices behind one address.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { DEMO, loadDemo } from '../../../services/demo.js';
import { loadPrincipal } from '../../../services/auth.js';
import { provisionUser } from '../../../services/users.js';

const LIMITS = { LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '6', LOGIN_MAX_FAILURES_PER_ADDRESS: '50' };
const NIP = DEMO.participant.nip;

for (const kind of testDatabases()) {
  describe(`sign-in throttling [${kind}]`, () => {
    let p: TestPlatform;
    let window: number;
    before(async () => {
      p = await startTestPlatform(kind, LIMITS);
      await loadDemo(p.ctx, DEMO_PASSWORD);
      window = p.config.LOGIN_THROTTLE_WINDOW_SECONDS * 1000;
    });
    after(() => p.dispose());

    const from = (address: string) => new TestClient(p, {}, { remoteAddress: address });
    const attempt = (address: string, login: string, password: string) => from(address).postJson('/api/v1/auth/login', { login, password });
    /** Starts the next test in a fresh throttle window. */
    const nextWindow = () => p.clock.advance(window + 1000);

    test('after 3 failures from one address the 4th attempt, even with the right password, is 429 with Retry-After', async () => {
      nextWindow();
      for (let i = 0; i < 3; i++) assert.equal((await attempt('10.1.0.1', 'admin', `wrong-${i}`)).status, 401);
      const res = await attempt('10.1.0.1', 'admin', DEMO_PASSWORD);
      assert.equal(res.status, 429);
      assert.equal(res.json().error.code, 'rate_limited');
      const retry = Number(res.headers['retry-after']);
      assert.ok(Number.isInteger(retry) && retry > 0 && retry <= window / 1000, String(res.headers['retry-after']));
      assert.equal(res.json().error.retryAfterSeconds, retry);
      // The admin's unit is in Jakarta: the time is given in WIB.
      assert.match(res.json().error.message, /^Terlalu banyak percobaan masuk yang gagal\. Coba lagi dalam \d+ menit \(pukul \d{2}\.\d{2} WIB\)\.$/);
      assert.equal(res.headers['set-cookie'] === undefined || !String(res.headers['set-cookie']).includes('lentera_session='), true);

      const en = await from('10.1.0.1').postJson('/api/v1/auth/login', { login: 'admin', password: DEMO_PASSWORD }, { cookie: 'lentera_lang=en' });
      assert.match(en.json().error.message, /Try again in \d+ minutes \(at \d{2}:\d{2} WIB\)/);

      // The same account from another address still works.
      assert.equal((await attempt('10.1.0.2', 'admin', DEMO_PASSWORD)).status, 200);

      // The HTML form says the same and sends Retry-After too.
      const c = from('10.1.0.1');
      await c.get('/login');
      const page = await c.postForm('/login', { login: 'admin', password: DEMO_PASSWORD });
      assert.equal(page.status, 429);
      assert.ok(page.headers['retry-after']);
      assert.match(page.body, /Terlalu banyak percobaan masuk yang gagal/);

      // After the window the account signs in again from the first address.
      p.clock.advance(retry * 1000);
      assert.equal((await attempt('10.1.0.1', 'admin', DEMO_PASSWORD)).status, 200);
    });

    test('the participant in Kupang is told the time in WITA', async () => {
      nextWindow();
      for (let i = 0; i < 3; i++) await attempt('10.1.1.1', NIP, `wrong-${i}`);
      const res = await attempt('10.1.1.1', NIP, DEMO_PASSWORD);
      assert.equal(res.status, 429);
      assert.match(res.json().error.message, /WITA\)\.$/);
    });

    test('writing the identifier differently does not reset the count (NIP, spaced NIP, email are one account)', async () => {
      nextWindow();
      assert.equal((await attempt('10.1.2.1', NIP, 'wrong-a')).status, 401);
      assert.equal((await attempt('10.1.2.1', '19900101 2024 21 1 001', 'wrong-b')).status, 401);
      assert.equal((await attempt('10.1.2.1', DEMO.participant.email.toUpperCase(), 'wrong-c')).status, 401);
      assert.equal((await attempt('10.1.2.1', DEMO.participant.email, DEMO_PASSWORD)).status, 429);
      assert.equal((await attempt('10.1.2.1', NIP, DEMO_PASSWORD)).status, 429);
      // Login-name case does not matter either.
      nextWindow();
      for (const login of ['Operator.NTT', 'OPERATOR.NTT', 'operator.ntt']) assert.equal((await attempt('10.1.2.2', login, 'wrong')).status, 401);
      assert.equal((await attempt('10.1.2.2', 'operator.ntt', DEMO_PASSWORD)).status, 429);
    });

    test('the per-account limit holds across addresses', async () => {
      nextWindow();
      for (let i = 0; i < 6; i++) assert.equal((await attempt(`10.2.0.${i + 1}`, 'admin', `wrong-${i}`)).status, 401);
      const res = await attempt('10.2.1.1', 'admin', DEMO_PASSWORD);
      assert.equal(res.status, 429);
      // Spreading over identifiers of the same account does not help.
      const byEmail = await attempt('10.2.1.2', DEMO.admin.email, DEMO_PASSWORD);
      assert.equal(byEmail.status, 429);
      nextWindow();
      assert.equal((await attempt('10.2.1.1', 'admin', DEMO_PASSWORD)).status, 200);
    });

    test('a successful sign-in clears the account+address counter', async () => {
      nextWindow();
      for (let i = 0; i < 2; i++) assert.equal((await attempt('10.3.0.1', 'operator.ntt', `wrong-${i}`)).status, 401);
      assert.equal((await attempt('10.3.0.1', 'operator.ntt', DEMO_PASSWORD)).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await attempt('10.3.0.1', 'operator.ntt', `wrong-again-${i}`)).status, 401);
      assert.equal((await attempt('10.3.0.1', 'operator.ntt', DEMO_PASSWORD)).status, 200);
    });

    test('an unknown login is throttled exactly like a known one (no enumeration by the throttle)', async () => {
      nextWindow();
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) known.push((await attempt('10.4.0.1', 'admin', `wrong-${i}`)).status);
      for (let i = 0; i < 4; i++) unknown.push((await attempt('10.4.0.1', 'no.such.user', `wrong-${i}`)).status);
      assert.deepEqual(known, [401, 401, 401, 429]);
      assert.deepEqual(unknown, known);
    });

    test('200 colleagues behind one address: one person\'s typos do not lock out 20 others signing in correctly', async () => {
      nextWindow();
      const admin = (await p.ctx.repos.users.findByLogin('admin'))!;
      const actor = { userId: admin.id, ip: '10.0.0.1', principal: await loadPrincipal(p.ctx, admin.id) };
      const colleagues: { login: string; password: string }[] = [];
      for (let i = 0; i < 20; i++) {
        const login = `rekan.kupang.${i}`;
        const password = `Rekan-Kupang-Sandi-${i}x`;
        await provisionUser(p.ctx, actor, { login, name: `Rekan ${i}`, unitCode: '5371', password });
        colleagues.push({ login, password });
      }
      const office = '10.5.0.1';
      // One person keeps mistyping (also in different spellings of the identifier).
      const typos: number[] = [];
      for (let i = 0; i < 30; i++) typos.push((await attempt(office, i % 2 ? NIP : DEMO.participant.email, `typo-${i}`)).status);
      assert.deepEqual(typos.slice(0, 3), [401, 401, 401]);
      assert.ok(typos.slice(3).every((s) => s === 429), 'the typing person is throttled');
      // Some colleagues also mistype once before getting it right.
      for (const [i, c] of colleagues.entries()) {
        if (i % 3 === 0) assert.equal((await attempt(office, c.login, 'salah-ketik')).status, 401);
        const res = await attempt(office, c.login, c.password);
        assert.equal(res.status, 200, `${c.login}: ${res.body}`);
        assert.equal(res.json().mustChangePassword, true);
      }
    });

    test('the per-address limit stops password spraying from one address, not other addresses', async () => {
      nextWindow();
      for (let i = 0; i < 50; i++) assert.equal((await attempt('10.6.0.1', `sprayed.${i}`, 'Password123')).status, 401);
      const blocked = await attempt('10.6.0.1', 'admin', DEMO_PASSWORD);
      assert.equal(blocked.status, 429);
      assert.equal((await attempt('10.6.0.2', 'admin', DEMO_PASSWORD)).status, 200);
      nextWindow();
      assert.equal((await attempt('10.6.0.1', 'admin', DEMO_PASSWORD)).status, 200);
    });

    test('throttled attempts are not counted: waiting out the window is enough', async () => {
      nextWindow();
      for (let i = 0; i < 3; i++) await attempt('10.7.0.1', 'operator.ntt', `wrong-${i}`);
      for (let i = 0; i < 20; i++) assert.equal((await attempt('10.7.0.1', 'operator.ntt', `wrong-more-${i}`)).status, 429);
      nextWindow();
      assert.equal((await attempt('10.7.0.1', 'operator.ntt', DEMO_PASSWORD)).status, 200);
    });
  });
}
