import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { documentKind, documentConfig, documentEvent } from './index.js';
import { formatBytes, mediaUrl } from './media.js';
import { translator } from '../../i18n/index.js';
import type { ViewContext } from '../../views/context.js';

describe('document kind', () => {
  const cfg = documentConfig.parse({ fileId: 4 });

  test('config: the demo shape, completeOn defaults to open; nothing else accepted', () => {
    assert.deepEqual(cfg, { fileId: 4, completeOn: 'open' });
    assert.deepEqual(documentConfig.parse({ fileId: 4, completeOn: 'open' }), { fileId: 4, completeOn: 'open' });
    for (const bad of [{}, { fileId: 0 }, { fileId: '4' }, { fileId: 4, completeOn: 'scroll_end' }, { fileId: 1.5 }]) assert.equal(documentConfig.safeParse(bad).success, false, JSON.stringify(bad));
  });

  test('events: opened and downloaded only', () => {
    assert.ok(documentEvent.safeParse({ eventId: 'evt-12345678', type: 'opened' }).success);
    assert.ok(documentEvent.safeParse({ eventId: 'evt-12345678', type: 'downloaded' }).success);
    assert.equal(documentEvent.safeParse({ eventId: 'evt-12345678', type: 'watched', from: 0, to: 1 }).success, false);
  });

  const cases: { name: string; types: ('opened' | 'downloaded')[]; data: Record<string, unknown> }[] = [
    { name: 'opened completes', types: ['opened'], data: { opened: true, downloaded: false } },
    { name: 'downloaded (to read offline) completes too', types: ['downloaded'], data: { opened: true, downloaded: true } },
    { name: 'out of order and repeated events keep what was seen', types: ['downloaded', 'opened', 'opened'], data: { opened: true, downloaded: true } },
  ];
  for (const c of cases) {
    test(`applyEvent: ${c.name}`, () => {
      let data: Record<string, unknown> = {};
      let last;
      for (const type of c.types) {
        last = documentKind.applyEvent(data, { eventId: 'evt-12345678', type }, cfg);
        data = last.data;
      }
      assert.deepEqual(last, { data: c.data, percent: 100, completed: true });
    });
  }

  test('sizes are said the way data is paid for', () => {
    assert.equal(formatBytes(1_234_567, 'id'), '1,2 MB');
    assert.equal(formatBytes(1_234_567, 'en'), '1.2 MB');
    assert.equal(formatBytes(850, 'id'), '850 B');
    assert.equal(formatBytes(45_300, 'id'), '45,3 KB');
    assert.equal(formatBytes(123_456_789, 'id'), '123 MB');
    assert.equal(mediaUrl(5, 'document', { download: true }), '/media/activities/5/document?download=1');
  });

  test('view: the PDF is loaded inside the page only on request (data is expensive); open and download links with the size', () => {
    const v: ViewContext = { t: translator('id'), locale: 'id', path: '/learn/1/activities/5', csrfToken: 'x', zone: 'WITA', user: null, assetVersion: 't' };
    const html = String(documentKind.view({ v, activity: { id: 5, title: 'Modul BerAKHLAK', kind: 'document', required: true }, enrolmentId: 1, config: cfg, progress: { state: 'available', percent: 0, data: {} }, extra: { file: { size: 1_234_567, name: 'modul.pdf' }, showInline: false } }));
    assert.doesNotMatch(html, /<iframe/, 'nothing is downloaded until asked');
    assert.match(html, /href="\?view=inline#main"/);
    const inline = String(documentKind.view({ v, activity: { id: 5, title: 'Modul BerAKHLAK', kind: 'document', required: true }, enrolmentId: 1, config: cfg, progress: { state: 'available', percent: 0, data: {} }, extra: { file: { size: 1_234_567, name: 'modul.pdf' }, showInline: true } }));
    assert.match(inline, /<iframe[^>]*src="\/media\/activities\/5\/document"/);
    assert.match(html, /href="\/media\/activities\/5\/document\?download=1"/);
    assert.match(html, /PDF, 1,2 MB/);
    assert.match(html, /Unduh PDF/);
    const noExtra = String(documentKind.view({ v, activity: { id: 5, title: 'x', kind: 'document', required: true }, enrolmentId: 1, config: cfg, progress: { state: 'available', percent: 0, data: {} } }));
    assert.match(noExtra, /href="\/media\/activities\/5\/document"/);
  });

  test('authoring: reads the file id back; completeOn is always open', () => {
    assert.deepEqual(documentKind.parseAuthoringForm({ cfg_fileId: '12' }), { fileId: 12, completeOn: 'open' });
    assert.equal(documentConfig.safeParse(documentKind.parseAuthoringForm({ cfg_fileId: '' })).success, false);
  });
});
