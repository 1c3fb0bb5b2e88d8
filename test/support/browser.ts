// End-to-end support: a real headless Chromium (Debian's, via playwright-core) against a real
// Lentera server listening on 127.0.0.1, with the demo data loaded.
// One browser per test file (`sharedBrowser()`), a fresh context per test (`phoneContext()`).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { loadDemo } from '../../src/services/demo.js';
import { DEMO_PASSWORD, startTestPlatform, type DatabaseKind, type TestPlatform } from './platform.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for running as root in a closed network: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A phone-sized viewport: the participants mostly use the platform on their phones. */
export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * Launches headless Chromium. Never skips: when the browser cannot start, this throws an error
 * that says which executable was tried and how to provide one, so the suite fails loudly.
 */
export async function launchBrowser(): Promise<Browser> {
  const hint =
    `End-to-end tests need Chromium at ${CHROMIUM_PATH}. Install Debian's package ` +
    '(apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium/Chrome executable. ' +
    'Do not run `playwright install`.';
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found. ${hint}`);
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(`Chromium could not be launched. ${hint}\nCause: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

let shared: Promise<Browser> | null = null;

/** The browser of this test file, launched on first use. */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser();
  return shared;
}

/** Closes the browser of this test file (if it was launched). */
export async function closeSharedBrowser(): Promise<void> {
  const b = shared;
  shared = null;
  if (b) await b.then((browser) => browser.close(), () => undefined);
}

export interface E2EServer {
  platform: TestPlatform;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  close(): Promise<void>;
}

/** A real server on a free port of 127.0.0.1, on a fresh database of `kind` with the demo data. */
export async function startE2EServer(kind: DatabaseKind, env: Record<string, string> = {}): Promise<E2EServer> {
  const platform = await startTestPlatform(kind, env);
  try {
    await loadDemo(platform.ctx, DEMO_PASSWORD);
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await platform.dispose();
    throw err;
  }
  const { port } = platform.app.server.address() as AddressInfo;
  return { platform, baseUrl: `http://127.0.0.1:${port}`, close: () => platform.dispose() };
}

/**
 * A new browser context like an Indonesian participant's phone: 360×740, Indonesian browser
 * language, the server as base URL. Pass `{ javaScriptEnabled: false }` etc. to adjust.
 */
export async function phoneContext(browser: Browser, baseURL: string, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, locale: 'id-ID', baseURL, ...opts });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/**
 * Records what should never happen on a page: script errors, console errors (e.g. CSP
 * violations) and failed or 5xx requests. Check `problems` at the end of a test.
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium logs every 4xx document as "Failed to load resource"; the tests check statuses themselves.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    const at = msg.location();
    problems.push(`console error: ${msg.text()}${at.url ? ` (at ${at.url}:${at.lineNumber})` : ''}`);
  });
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '?';
    // ERR_ABORTED: the browser cancelled it because the test moved on to the next page (e.g. the favicon).
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${reason})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) problems.push(`server error: ${res.status()} ${res.request().method()} ${res.url()}`);
    else if (res.status() === 404 && res.url().includes('/static/')) problems.push(`missing asset: ${res.url()}`);
  });
  return { problems };
}

/** Clicks something that submits a form or follows a link and waits until the next page has loaded. */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const loaded = page.waitForEvent('load');
  await target.click();
  await loaded;
}

/** Fills the login form of the current page and submits it; resolves once the next page has loaded. */
export async function signInThroughForm(page: Page, login: string, password: string): Promise<void> {
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await clickAndLoad(page, page.locator('main form').getByRole('button'));
}

/** The text of the page's <h1>. */
export async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent()) ?? '').trim();
}

/** The path (and query) of the page's current URL. */
export function pathOf(page: Page): string {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/**
 * Polls `probe` until it returns a truthy value, which it then returns; fails with `what` when it
 * has not within `timeoutMs`. For state that settles in the background (e.g. the database after a
 * page's scripts sent queued progress) — a robust wait, not a fixed sleep.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The signed-in phone pages of one suite: each sign-in gets its own context (demo password),
 * watched for page problems; `close()` after each test closes them and forgets the problems.
 */
export function phoneSessions(baseUrl: () => string) {
  const contexts: BrowserContext[] = [];
  const watched: { problems: string[] }[] = [];
  return {
    async signedIn(login: string, opts: BrowserContextOptions = {}): Promise<Page> {
      // Launched (once per file) inside each test, so a missing browser fails every test, loudly.
      const context = await phoneContext(await sharedBrowser(), baseUrl(), opts);
      contexts.push(context);
      const page = await context.newPage();
      watched.push(watchPage(page));
      await page.goto('/login');
      await signInThroughForm(page, login, DEMO_PASSWORD);
      if (pathOf(page) !== '/') throw new Error(`signing in as ${login} ended on ${pathOf(page)}, not /`);
      return page;
    },
    /** Script errors, console errors, failed requests and 5xx of every page since the last close(). */
    problems: (): string[] => watched.flatMap((w) => w.problems),
    async close(): Promise<void> {
      for (const c of contexts.splice(0)) await c.close();
      watched.splice(0);
    },
  };
}
