import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
// Kinds are imported through the registry (the upload kind looks other kinds up there).
import { activityKind } from '../registry.js';
import { uploadConfig, type UploadConfig } from './index.js';

const kind = activityKind('upload')!;
const config = (c: Partial<UploadConfig> = {}) => uploadConfig.parse(c);
const e = (id: number, kindName: string, opened: boolean) => ({ id, kind: kindName, title: `A${id}`, opened, completed: false, config: null, data: () => ({}) });

describe('upload kind', () => {
  test('config defaults: 5 MiB, material first; at most 20 MiB', () => {
    assert.deepEqual(config(), { instructions: '', maxBytes: 5 * 1024 * 1024, requireMaterialOpened: true });
    assert.equal(uploadConfig.safeParse({ maxBytes: 21 * 1024 * 1024 }).success, false);
    assert.equal(kind.isMaterial, false);
  });

  const cases: { name: string; earlier: ReturnType<typeof e>[]; cfg?: Partial<UploadConfig>; count: number | null }[] = [
    { name: 'nothing before it', earlier: [], count: null },
    { name: 'all material opened', earlier: [e(1, 'page', true), e(2, 'video', true), e(3, 'document', true)], count: null },
    { name: 'one page not opened', earlier: [e(1, 'page', true), e(2, 'page', false)], count: 1 },
    { name: 'video and document not opened (known material kinds)', earlier: [e(1, 'video', false), e(2, 'document', false), e(3, 'page', true)], count: 2 },
    { name: 'non-material kinds do not count', earlier: [e(1, 'quiz', false), e(2, 'upload', false), e(3, 'page', true)], count: null },
    { name: 'the rule switched off', earlier: [e(1, 'page', false)], cfg: { requireMaterialOpened: false }, count: null },
  ];
  for (const c of cases) {
    test(`kindLock: ${c.name}`, () => {
      const lock = kind.kindLock!({ config: config(c.cfg), earlier: c.earlier });
      if (c.count === null) assert.equal(lock, null);
      else assert.deepEqual(lock, { code: 'kind', key: 'upload.lock.afterMaterial', params: { count: c.count } });
    });
  }

  test('applyEvent: submitted and returned are in progress; accepted completes; opened keeps the status', () => {
    const cfg = config();
    const s = kind.applyEvent({}, { eventId: 'e-00000001', type: 'submitted', version: 1 }, cfg);
    assert.deepEqual([s.percent, s.completed, s.data.status], [50, false, 'submitted']);
    const r = kind.applyEvent(s.data, { eventId: 'e-00000002', type: 'returned' }, cfg);
    assert.deepEqual([r.completed, r.data.status], [false, 'returned']);
    const o = kind.applyEvent(r.data, { eventId: 'e-00000003', type: 'opened' }, cfg);
    assert.equal(o.data.status, 'returned');
    const a = kind.applyEvent(o.data, { eventId: 'e-00000004', type: 'accepted' }, cfg);
    assert.deepEqual([a.percent, a.completed], [100, true]);
  });

  test('participants may only send "opened" through the progress API', () => {
    assert.equal(kind.eventSchema.safeParse({ eventId: 'evt-000001', type: 'opened' }).success, true);
    assert.equal(kind.eventSchema.safeParse({ eventId: 'evt-000001', type: 'accepted' }).success, false);
  });
});
