// End-to-end: signing in, the forced password change, the language switch and signing out,
// in a real headless Chromium on a phone-sized screen against a real server.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, heading, pathOf, phoneContext, sharedBrowser, signInThroughForm, startE2EServer, watchPage, type E2EServer } from '../support/browser.js';
import { DEMO } from '../../src/services/demo.js';
import { loadPrincipal } from '../../src/services/auth.js';
import { provisionUser } from '../../src/services/users.js';

after(closeSharedBrowser);

for (const kind of testDatabases()) {
  describe(`e2e: sign-in, password change, language, sign-out [${kind}]`, () => {
    let server: E2EServer;
    let browser: Browser;
    let context: BrowserContext | null = null;
    let watched: { problems: string[] } = { problems: [] };

    before(async () => {
      server = await startE2EServer(kind);
    });
    after(async () => {
      await server?.close();
    });
    afterEach(async () => {
      await context?.close();
      context = null;
    });

    /** A fresh phone-sized browser context and page for one test; problems on the page fail the test. */
    async function openPage(): Promise<Page> {
      // Launched (once per file) inside each test, so a missing browser fails every test, loudly.
      browser = await sharedBrowser();
      context = await phoneContext(browser, server.baseUrl);
      const page = await context.newPage();
      watched = watchPage(page);
      return page;
    }
    const noProblems = () => assert.deepEqual(watched.problems, [], 'the pages had no script errors, console errors or failed requests');

    test('(a) the demo participant signs in with the NI PPPK and sees the home page with the programme', async () => {
      const page = await openPage();
      const res = await page.goto('/');
      assert.equal(res?.status(), 200);
      assert.equal(pathOf(page), '/login', 'an anonymous visitor is sent to the login page');
      assert.equal(await heading(page), 'Masuk');
      assert.equal(await page.locator('html').getAttribute('lang'), 'id');

      await page.getByLabel('NIP / NI PPPK, email, atau nama pengguna').fill(DEMO.participant.nip);
      await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
      await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Masuk' }));

      assert.equal(pathOf(page), '/');
      assert.equal(await heading(page), 'Selamat datang, Yohanes Benediktus Ndun');
      assert.equal(await page.getByRole('heading', { name: 'Orientasi PPPK', level: 3 }).count(), 1, 'the programme is listed');
      assert.match((await page.locator('main').textContent()) ?? '', /KPU Kota Kupang/);
      assert.equal(await page.getByRole('navigation', { name: 'Menu utama' }).count(), 1);
      // Nothing overflows sideways on a 360 px wide screen.
      const widths = await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
      const [scrollWidth, clientWidth] = widths as [number, number];
      assert.ok(scrollWidth <= clientWidth, `no horizontal scrolling on a phone (scrollWidth ${scrollWidth} > ${clientWidth})`);
      noProblems();
    });

    test('(b) a wrong password shows the Indonesian message and keeps the login', async () => {
      const page = await openPage();
      await page.goto('/login');
      await signInThroughForm(page, DEMO.participant.nip, 'bukan-kata-sandinya');

      assert.equal(pathOf(page), '/login');
      assert.equal(((await page.getByRole('alert').textContent()) ?? '').trim(), 'NIP/nama pengguna atau kata sandi salah.');
      assert.equal(await page.locator('#login').inputValue(), DEMO.participant.nip, 'the login field keeps its value');
      assert.equal(await page.locator('#password').inputValue(), '', 'the password is not echoed back');
      // A second try from the same page works (the form still carries a valid CSRF token).
      await signInThroughForm(page, DEMO.participant.nip, DEMO_PASSWORD);
      assert.equal(pathOf(page), '/');
      assert.equal(await heading(page), `Selamat datang, ${DEMO.participant.name}`);
      noProblems();
    });

    test('(c) a provisioned account must change its initial password before anything else', async () => {
      const { ctx } = server.platform;
      const admin = await ctx.repos.users.findByLogin(DEMO.admin.login);
      assert.ok(admin);
      const principal = await loadPrincipal(ctx, admin.id);
      const nip = '199203152024212004';
      const initial = 'Awal-Lentera-5371x';
      await provisionUser(ctx, { userId: admin.id, ip: '127.0.0.1', principal }, { nip, name: 'Maria Goreti Bria', unitCode: '5371', password: initial });

      const page = await openPage();
      await page.goto('/login');
      await signInThroughForm(page, nip, initial);
      assert.equal(pathOf(page), '/password/change');
      assert.equal(await heading(page), 'Ganti kata sandi');
      assert.equal(
        ((await page.getByRole('main').getByRole('status').textContent()) ?? '').trim(),
        'Demi keamanan, Anda wajib mengganti kata sandi awal sebelum melanjutkan.',
      );
      assert.equal(await page.getByRole('navigation').count(), 0, 'no menu while the change is pending');

      // Every other page leads back here.
      await page.goto('/account');
      assert.equal(pathOf(page), '/password/change');

      // A common password is refused with the policy's message.
      await page.getByLabel('Kata sandi saat ini').fill(initial);
      await page.getByLabel('Kata sandi baru', { exact: true }).fill('password123');
      await page.getByLabel('Ulangi kata sandi baru').fill('password123');
      await clickAndLoad(page, page.getByRole('button', { name: 'Simpan kata sandi' }));
      assert.equal(pathOf(page), '/password/change');
      assert.equal(((await page.locator('#newPassword-errors').textContent()) ?? '').trim(), 'Kata sandi ini terlalu umum dan mudah ditebak.');
      assert.equal(await page.locator('#newPassword').getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('#newPassword').getAttribute('aria-describedby')) ?? '', /newPassword-errors/);

      // A good one leads home.
      const chosen = 'Tenun-Ikat-Sumba-2026';
      await page.getByLabel('Kata sandi saat ini').fill(initial);
      await page.getByLabel('Kata sandi baru', { exact: true }).fill(chosen);
      await page.getByLabel('Ulangi kata sandi baru').fill(chosen);
      await clickAndLoad(page, page.getByRole('button', { name: 'Simpan kata sandi' }));
      assert.equal(pathOf(page), '/?notice=password.changed');
      assert.equal(await heading(page), 'Selamat datang, Maria Goreti Bria');
      assert.equal(((await page.getByRole('status').textContent()) ?? '').trim(), 'Kata sandi berhasil diganti.');

      await page.goto('/');
      assert.equal(pathOf(page), '/');
      assert.equal(await heading(page), 'Selamat datang, Maria Goreti Bria');
      await page.goto('/account');
      assert.equal(pathOf(page), '/account', 'the other pages open again');

      // The new password is the one that works from now on.
      await clickAndLoad(page, page.getByRole('button', { name: 'Keluar', exact: true }));
      await signInThroughForm(page, nip, chosen);
      assert.equal(pathOf(page), '/');
      noProblems();
    });

    test('(d) the language switch turns the pages English, is remembered, and switches back', async () => {
      const page = await openPage();
      await page.goto('/login');
      const toEnglish = page.getByRole('button', { name: 'English' });
      assert.equal(await toEnglish.getAttribute('lang'), 'en');
      await clickAndLoad(page, toEnglish);
      assert.equal(pathOf(page), '/login', 'the switch returns to the same page');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await heading(page), 'Sign in');
      assert.equal(await page.getByLabel('Password', { exact: true }).count(), 1);

      // Sign in (the operator, so the other tests' participant keeps Indonesian): still English.
      await signInThroughForm(page, DEMO.operator.login, DEMO_PASSWORD);
      assert.equal(pathOf(page), '/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await heading(page), `Welcome, ${DEMO.operator.name}`);
      await clickAndLoad(page, page.getByRole('link', { name: 'My account' }));
      assert.equal(pathOf(page), '/account');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await heading(page), 'My account');
      await clickAndLoad(page, page.getByRole('link', { name: 'Home' }));
      assert.equal(await heading(page), `Welcome, ${DEMO.operator.name}`);

      // Back to Indonesian, signed in: the choice is stored on the account too.
      const toIndonesian = page.getByRole('button', { name: 'Bahasa Indonesia' });
      assert.equal(await toIndonesian.getAttribute('lang'), 'id');
      await clickAndLoad(page, toIndonesian);
      assert.equal(pathOf(page), '/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'id');
      assert.equal(await heading(page), `Selamat datang, ${DEMO.operator.name}`);
      await page.goto('/account');
      assert.equal(await heading(page), 'Akun saya');

      // English chosen while signed in follows the account to a new browser without the cookie.
      await clickAndLoad(page, page.getByRole('button', { name: 'English' }));
      assert.equal(await heading(page), 'My account');
      const other = await phoneContext(browser, server.baseUrl);
      try {
        const page2 = await other.newPage();
        await page2.goto('/login');
        assert.equal(await heading(page2), 'Masuk', 'anonymous pages follow the browser language');
        await signInThroughForm(page2, DEMO.operator.login, DEMO_PASSWORD);
        assert.equal(await page2.locator('html').getAttribute('lang'), 'en');
        assert.equal(await heading(page2), `Welcome, ${DEMO.operator.name}`);
        await clickAndLoad(page2, page2.getByRole('button', { name: 'Bahasa Indonesia' }));
        assert.equal(await page2.locator('html').getAttribute('lang'), 'id');
        assert.equal(await heading(page2), `Selamat datang, ${DEMO.operator.name}`);
      } finally {
        await other.close();
      }
      noProblems();
    });

    test('(e) signing out ends the session and shows the notice', async () => {
      const page = await openPage();
      await page.goto('/login');
      await signInThroughForm(page, DEMO.participant.nip, DEMO_PASSWORD);
      assert.equal(pathOf(page), '/');

      await clickAndLoad(page, page.getByRole('button', { name: 'Keluar', exact: true }));
      assert.equal(pathOf(page), '/login?notice=logout.done');
      assert.equal(await heading(page), 'Masuk');
      assert.equal(((await page.getByRole('status').textContent()) ?? '').trim(), 'Anda telah keluar.');
      assert.equal(await page.getByRole('button', { name: 'Keluar' }).count(), 0);
      const cookies = await context!.cookies();
      assert.equal(cookies.find((c) => c.name === 'lentera_session'), undefined, 'the session cookie is gone');

      await page.goto('/');
      assert.equal(pathOf(page), '/login');
      await page.goto('/account');
      assert.equal(pathOf(page), '/login?next=/account');
      noProblems();
    });
  });
}
