// End-to-end: the pages work without JavaScript, and a keyboard/accessibility smoke test of the
// login page, in a real headless Chromium against a real server.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, heading, pathOf, phoneContext, sharedBrowser, startE2EServer, watchPage, type E2EServer } from '../support/browser.js';
import { DEMO } from '../../src/services/demo.js';

after(closeSharedBrowser);

for (const kind of testDatabases()) {
  describe(`e2e: without JavaScript, keyboard and labels [${kind}]`, () => {
    let server: E2EServer;
    let browser: Browser;
    let context: BrowserContext | null = null;

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

    test('(f) with JavaScript disabled: sign in, see the home page, sign out', async () => {
      // Launched (once per file) inside each test, so a missing browser fails every test, loudly.
      browser = await sharedBrowser();
      context = await phoneContext(browser, server.baseUrl, { javaScriptEnabled: false });
      const page = await context.newPage();
      const watched = watchPage(page);

      await page.goto('/');
      assert.equal(pathOf(page), '/login');
      // The page scripts really did not run (htmx would define window.htmx).
      assert.equal(await page.evaluate('typeof window.htmx'), 'undefined');
      await page.getByLabel('NIP / NI PPPK, email, atau nama pengguna').fill(DEMO.participant.nip);
      await page.getByLabel('Kata sandi', { exact: true }).fill(DEMO_PASSWORD);
      await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Masuk' }));
      assert.equal(pathOf(page), '/');
      assert.equal(await heading(page), `Selamat datang, ${DEMO.participant.name}`);
      assert.equal(await page.getByRole('heading', { name: DEMO.programme.title }).count(), 1);

      // The menu links are plain links.
      await clickAndLoad(page, page.getByRole('link', { name: 'Akun saya' }));
      assert.equal(pathOf(page), '/account');
      assert.equal(await heading(page), 'Akun saya');

      // The language switch is a plain form too.
      await clickAndLoad(page, page.getByRole('button', { name: 'English' }));
      assert.equal(pathOf(page), '/account');
      assert.equal(await heading(page), 'My account');
      await clickAndLoad(page, page.getByRole('button', { name: 'Bahasa Indonesia' }));
      assert.equal(await heading(page), 'Akun saya');

      await clickAndLoad(page, page.getByRole('button', { name: 'Keluar', exact: true }));
      assert.equal(pathOf(page), '/login?notice=logout.done');
      assert.equal(((await page.getByRole('status').textContent()) ?? '').trim(), 'Anda telah keluar.');
      await page.goto('/');
      assert.equal(pathOf(page), '/login');
      assert.deepEqual(watched.problems, []);
    });

    test('(g) the login page: a <main> landmark, a label for every field, the skip link first', async () => {
      // Launched (once per file) inside each test, so a missing browser fails every test, loudly.
      browser = await sharedBrowser();
      context = await phoneContext(browser, server.baseUrl);
      const page = await context.newPage();
      const watched = watchPage(page);
      await page.goto('/login');

      assert.equal(await page.getByRole('main').count(), 1, 'one <main> landmark');
      assert.equal(await page.locator('main#main').count(), 1);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one <h1>');
      assert.equal(await page.locator('html').getAttribute('lang'), 'id');
      assert.ok(((await page.title()) ?? '').startsWith('Masuk'), 'the title names the page');

      // Every field the user can fill or press has an accessible label.
      const inputs = page.locator('input:not([type=hidden]), select, textarea');
      const count = await inputs.count();
      assert.ok(count >= 2, 'the login form has its fields');
      for (let i = 0; i < count; i++) {
        const input = inputs.nth(i);
        const id = await input.getAttribute('id');
        assert.ok(id, `field #${i} has an id`);
        const label = page.locator(`label[for="${id}"]`);
        assert.equal(await label.count(), 1, `field ${id} has exactly one <label for>`);
        const text = ((await label.textContent()) ?? '').trim();
        assert.ok(text.length > 0, `the label of ${id} has text`);
        assert.equal(await page.getByLabel(text, { exact: true }).getAttribute('id'), id, `getByLabel(${JSON.stringify(text)}) finds ${id}`);
      }
      assert.equal(await page.getByLabel('NIP / NI PPPK, email, atau nama pengguna').getAttribute('autocomplete'), 'username');
      assert.equal(await page.getByLabel('Kata sandi', { exact: true }).getAttribute('type'), 'password');
      assert.equal(await page.getByLabel('Kata sandi', { exact: true }).getAttribute('autocomplete'), 'current-password');
      // Buttons are named by their visible text.
      for (const name of ['English', 'Masuk']) assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `a button named ${name}`);

      // Keyboard: the first Tab lands on the skip link, which moves focus into <main>.
      await page.keyboard.press('Tab');
      const first = page.locator(':focus');
      assert.equal(await first.count(), 1);
      assert.equal(await first.getAttribute('class'), 'skip');
      assert.equal(await first.getAttribute('href'), '#main');
      assert.equal(((await first.textContent()) ?? '').trim(), 'Langsung ke isi');
      const box = await first.boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 360, `the focused skip link is on screen (${JSON.stringify(box)})`);
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('main:focus').count(), 1, 'the skip link moves focus to <main>');

      // From there Tab reaches the form fields in order, and Enter submits.
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(':focus').getAttribute('id'), 'login');
      await page.keyboard.type(DEMO.participant.nip);
      await page.keyboard.press('Tab');
      assert.equal(await page.locator(':focus').getAttribute('id'), 'password');
      await page.keyboard.type(DEMO_PASSWORD);
      const loaded = page.waitForEvent('load');
      await page.keyboard.press('Enter');
      await loaded;
      assert.equal(pathOf(page), '/');
      assert.equal(await heading(page), `Selamat datang, ${DEMO.participant.name}`);

      // A failed sign-in puts the message in an alert region.
      await clickAndLoad(page, page.getByRole('button', { name: 'Keluar', exact: true }));
      await page.getByLabel('Kata sandi', { exact: true }).fill('salah-sekali-ini');
      await page.getByLabel('NIP / NI PPPK, email, atau nama pengguna').fill(DEMO.participant.nip);
      await clickAndLoad(page, page.getByRole('main').getByRole('button', { name: 'Masuk' }));
      assert.equal(await page.getByRole('alert').count(), 1);
      assert.deepEqual(watched.problems, []);
    });
  });
}
