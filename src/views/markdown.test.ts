import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownToHtml, withoutRepeatedTitle } from './markdown.js';

test('raw HTML is escaped and dangerous links are not rendered as links', () => {
  const html = markdownToHtml('<script>alert(1)</script>\n\n[klik](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)>');
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /<img src=x/);
  assert.doesNotMatch(html, /href="javascript:/);
  assert.doesNotMatch(html, /href="data:text\/html/);
  assert.match(html, /&lt;script&gt;/);
});

test('external links open safely; headings start at h2 under the page title', () => {
  const html = markdownToHtml('# Judul\n\n## Sub\n\n[LAN](https://lan.go.id)');
  assert.match(html, /<h2>Judul<\/h2>/);
  assert.match(html, /<h3>Sub<\/h3>/);
  assert.match(html, /<a href="https:\/\/lan.go.id" rel="noopener noreferrer" target="_blank">LAN<\/a>/);
});

test('a leading heading that repeats the activity title is dropped', () => {
  assert.equal(withoutRepeatedTitle('# Panduan Belajar Mandiri\n\nIsi.', 'Panduan Belajar Mandiri').trim(), 'Isi.');
  assert.equal(withoutRepeatedTitle('# Lain\n\nIsi.', 'Panduan'), '# Lain\n\nIsi.');
  assert.equal(withoutRepeatedTitle('Isi tanpa judul', 'Panduan'), 'Isi tanpa judul');
});
