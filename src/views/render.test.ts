import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jsx } from 'hono/jsx';
import { renderToString } from './render.js';
import { Layout, renderPage } from './layout.js';
import { translate, type MessageKey, type Params } from '../i18n/index.js';
import type { ViewContext } from './context.js';

const Item = (p: { label: string }) => jsx('li', { class: 'item' }, p.label);
const content = () =>
  jsx(
    'section',
    { 'data-x': '"quoted" & <b>' },
    jsx('h1', {}, 'Sesi <pembukaan> & diskusi'),
    jsx('ul', {}, ...['Satu', '<script>alert(1)</script>', 'Tiga'].map((label) => jsx(Item, { label }))),
    jsx('script', { src: '/static/js/live.js?v=1', defer: true }),
    jsx('svg', { viewBox: '0 0 10 10' }, jsx('title', {}, 'Grafik <a>'), jsx('rect', { width: 5, height: 5 })),
    jsx('input', { type: 'text', value: "O'Brien", disabled: true }),
  );

function countAsyncLocalStorageRuns(fn: () => void): number {
  const original = AsyncLocalStorage.prototype.run;
  let runs = 0;
  AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, ...args: Parameters<typeof original>) {
    runs++;
    return original.apply(this, args);
  } as typeof original;
  try {
    fn();
  } finally {
    AsyncLocalStorage.prototype.run = original;
  }
  return runs;
}

const view = (): ViewContext => ({ locale: 'id', t: (key: MessageKey, params?: Params) => translate('id', key, params), path: '/x', csrfToken: 'tok', zone: 'WITA', assetVersion: '1', user: null });

test('a whole page (head, title, meta, link, script, svg) renders escaped and without entering an AsyncLocalStorage', () => {
  let html = '';
  const runs = countAsyncLocalStorageRuns(() => {
    html = renderPage(jsx(Layout, { v: view(), title: 'Judul <b>&' }, content()));
  });
  assert.equal(runs, 0, 'an AsyncLocalStorage#run turns on promise hooks for the whole process');
  assert.match(html, /^<!doctype html><html lang="id"><head><meta charset="utf-8"\/>/);
  assert.match(html, /<title>Judul &lt;b&gt;&amp; · [^<]+<\/title>/);
  assert.match(html, /<link rel="stylesheet" href="\/static\/css\/app.css\?v=1"\/>/);
  assert.match(html, /<script src="\/static\/js\/htmx.min.js\?v=1" defer=""><\/script>/);
  assert.match(html, /<h1>Sesi &lt;pembukaan&gt; &amp; diskusi<\/h1>/);
  assert.match(html, /<li class="item">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/li>/);
  assert.match(html, /data-x="&quot;quoted&quot; &amp; &lt;b&gt;"/);
  assert.match(html, /<svg viewBox="0 0 10 10"><title>Grafik &lt;a&gt;<\/title><rect width="5" height="5"><\/rect><\/svg>/);
  assert.match(html, /value="O&#39;Brien" disabled=""/);
  // The script of the content stays where it was written (no hoisting into <head>).
  assert.ok(html.indexOf('/static/js/live.js') > html.indexOf('<main'));
});

test('renderToString renders fragments and plain values', () => {
  assert.equal(renderToString(jsx('p', {}, 'a & b')), '<p>a &amp; b</p>');
  assert.equal(renderToString('text'), 'text');
  assert.equal(renderPage(jsx('p', {}, 'x')), '<!doctype html><p>x</p>');
});

test('also under a CommonJS entry point (process.mainModule set), rendering enters no AsyncLocalStorage', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lentera-render-'));
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const main = path.join(dir, 'main.cjs');
    writeFileSync(
      main,
      `const { AsyncLocalStorage } = require('node:async_hooks');
let runs = 0; const run = AsyncLocalStorage.prototype.run;
AsyncLocalStorage.prototype.run = function (...a) { runs++; return run.apply(this, a); };
(async () => {
  const { renderToString } = await import(${JSON.stringify(pathToFileURL(path.join(here, 'render.ts')).href)});
  const { jsx } = await import(${JSON.stringify(import.meta.resolve('hono/jsx'))});
  const html = renderToString(jsx('html', {}, jsx('head', {}, jsx('title', {}, 'a & b'))));
  process.stdout.write(JSON.stringify({ mainModule: !!process.mainModule, runs, html }));
})();`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', main], { cwd: path.resolve(here, '../..'), encoding: 'utf8' }));
    assert.deepEqual(out, { mainModule: true, runs: 0, html: '<html><head><title>a &amp; b</title></head></html>' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
