import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { videoKind, videoConfig, videoEvent, readVideoProgress, chosenQuality, formatClock, MAX_INTERVALS, type VideoConfig } from './index.js';
import type { ProgressData, ProgressEventInput } from '../types.js';
import { translator } from '../../i18n/index.js';
import type { ViewContext } from '../../views/context.js';

const config = (over: Partial<VideoConfig> = {}): VideoConfig => videoConfig.parse({ fileId: 1, durationSeconds: 100, ...over });
let n = 0;
const watched = (from: number, to: number): ProgressEventInput => ({ eventId: `evt-${++n}-abcdef`, type: 'watched', from, to });
const position = (at: number): ProgressEventInput => ({ eventId: `evt-${++n}-abcdef`, type: 'position', at });

/** Applies events in order, as recordProgress does, starting from nothing. */
function run(events: ProgressEventInput[], cfg = config(), start: ProgressData = {}) {
  let data = start;
  let result = videoKind.applyEvent(data, { eventId: 'evt-open-0001', type: 'opened' }, cfg);
  data = result.data;
  for (const e of events) {
    result = videoKind.applyEvent(data, e, cfg);
    data = result.data;
  }
  return { ...result, p: readVideoProgress(result.data) };
}

describe('video: applying watched events (only distinct seconds actually played count)', () => {
  const cases: { name: string; events: ProgressEventInput[]; cfg?: VideoConfig; intervals: [number, number][]; percent: number; completed: boolean }[] = [
    { name: 'nothing played yet', events: [], intervals: [], percent: 0, completed: false },
    { name: 'seeking ahead: 0–10 s, then a jump to 80–90 s, counts 20 s', events: [watched(0, 10), watched(80, 90)], intervals: [[0, 10], [80, 90]], percent: 20, completed: false },
    { name: 'a replay adds nothing', events: [watched(0, 10), watched(0, 10), watched(5, 15)], intervals: [[0, 15]], percent: 15, completed: false },
    { name: 'out of order events merge', events: [watched(20, 30), watched(0, 10), watched(10, 20)], intervals: [[0, 30]], percent: 30, completed: false },
    { name: 'the same interval reported twice (resent under a new id) counts once', events: [watched(0, 50), watched(0, 50)], intervals: [[0, 50]], percent: 50, completed: false },
    { name: 'clipped to the duration', events: [watched(95, 130)], intervals: [[95, 100]], percent: 5, completed: false },
    { name: 'at most 120 s per report', events: [watched(0, 500)], cfg: config({ durationSeconds: 1000 }), intervals: [[0, 120]], percent: 12, completed: false },
    { name: 'inverted and negative intervals count nothing', events: [watched(30, 20), watched(-10, 0)], intervals: [], percent: 0, completed: false },
    { name: 'just under 90 % is not complete', events: [watched(0, 60), watched(60, 89.9)], intervals: [[0, 89.9]], percent: 89.9, completed: false },
    { name: 'complete at 90 %', events: [watched(0, 45), watched(45, 90)], intervals: [[0, 90]], percent: 100, completed: true },
    { name: 'complete at the configured percentage', events: [watched(0, 50)], cfg: config({ completeAtPercent: 50 }), intervals: [[0, 50]], percent: 100, completed: true },
    { name: 'seeking to the end and playing the last 10 % does not complete', events: [watched(90, 100)], intervals: [[90, 100]], percent: 10, completed: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = run(c.events, c.cfg);
      assert.deepEqual(r.p.intervals, c.intervals);
      assert.equal(r.percent, c.percent);
      assert.equal(r.completed, c.completed);
    });
  }

  test('completion is never taken back (not by later events, not by a stricter configuration)', () => {
    const done = run([watched(0, 95)]);
    assert.equal(done.completed, true);
    const later = videoKind.applyEvent(done.data, position(3), config({ completeAtPercent: 100 }));
    assert.equal(later.completed, true);
    assert.equal(later.percent, 100);
    const replay = videoKind.applyEvent(later.data, watched(0, 1), config({ completeAtPercent: 100 }));
    assert.equal(replay.completed, true);
  });

  test('position is the resume point, clipped to the video, and adds nothing watched', () => {
    const r = run([watched(0, 10), position(42.25)]);
    assert.equal(r.p.position, 42.3);
    assert.equal(r.percent, 10);
    assert.equal(run([position(5000)]).p.position, 100);
    const kept = run([position(30), watched(30, 40)]);
    assert.equal(kept.p.position, 30, 'a watched event does not move the resume point');
  });

  test('damaged stored progress is read safely', () => {
    const r = videoKind.applyEvent({ intervals: 'x', position: 'y', completed: 'yes' }, watched(0, 10), config());
    assert.deepEqual(readVideoProgress(r.data).intervals, [[0, 10]]);
    assert.equal(readVideoProgress({ intervals: [[5, 1], [1, Number.NaN], [0, 2, 3], [0, 3]] }).watchedSeconds, 3);
  });

  test('a flood of tiny separate intervals is bounded', () => {
    const events = Array.from({ length: MAX_INTERVALS + 50 }, (_, i) => watched(i * 0.1, i * 0.1 + 0.01));
    const r = run(events, config({ durationSeconds: 1000 }));
    assert.ok(r.p.intervals.length <= MAX_INTERVALS);
    assert.equal(r.completed, false);
  });
});

describe('video: schemas', () => {
  test('config: defaults and the demo shape', () => {
    assert.deepEqual(videoConfig.parse({ fileId: 3, durationSeconds: 312 }), { fileId: 3, lowDataFileId: null, captionsFileId: null, durationSeconds: 312, completeAtPercent: 90 });
    const full = { fileId: 3, lowDataFileId: 4, captionsFileId: 5, durationSeconds: 312.5, completeAtPercent: 80 };
    assert.deepEqual(videoConfig.parse(full), full);
  });
  const bad: [string, unknown][] = [
    ['missing file', { durationSeconds: 10 }],
    ['file id as text', { fileId: '3', durationSeconds: 10 }],
    ['file id zero', { fileId: 0, durationSeconds: 10 }],
    ['no duration', { fileId: 1 }],
    ['zero duration', { fileId: 1, durationSeconds: 0 }],
    ['percent above 100', { fileId: 1, durationSeconds: 10, completeAtPercent: 150 }],
    ['percent zero', { fileId: 1, durationSeconds: 10, completeAtPercent: 0 }],
    ['low-data id not an integer', { fileId: 1, lowDataFileId: 1.5, durationSeconds: 10 }],
  ];
  for (const [name, value] of bad) test(`config refused: ${name}`, () => assert.equal(videoConfig.safeParse(value).success, false));

  test('events: opened, watched {from,to}, position {at}; nothing else', () => {
    assert.ok(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'opened' }).success);
    assert.ok(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'watched', from: 0, to: 10.5 }).success);
    assert.ok(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'position', at: 12 }).success);
    assert.equal(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'watched', from: 0 }).success, false);
    assert.equal(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'watched', from: '0', to: 5 }).success, false);
    assert.equal(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'position', at: -1 }).success, false);
    assert.equal(videoEvent.safeParse({ eventId: 'evt-12345678', type: 'read_to_end' }).success, false);
    assert.equal(videoEvent.safeParse({ eventId: 'short', type: 'opened' }).success, false);
  });

  test('authoring form: numbers read back, empty optional fields become null, the default is 90 %', () => {
    assert.deepEqual(videoKind.parseAuthoringForm({ cfg_fileId: '3', cfg_lowDataFileId: '', cfg_captionsFileId: ' 5 ', cfg_durationSeconds: '312,5', cfg_completeAtPercent: '' }), {
      fileId: 3,
      lowDataFileId: null,
      captionsFileId: 5,
      durationSeconds: 312.5,
      completeAtPercent: 90,
    });
    const parsed = videoConfig.safeParse(videoKind.parseAuthoringForm({ cfg_fileId: 'abc', cfg_durationSeconds: '10' }));
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error!.issues.map((i) => i.path.join('.')), ['fileId']);
  });
});

describe('video: the participant view', () => {
  const v: ViewContext = { t: translator('id'), locale: 'id', path: '/learn/7/activities/9', csrfToken: 'x', zone: 'WITA', user: null, assetVersion: 'test' };
  const activity = { id: 9, title: 'Nilai-Nilai Dasar ASN', kind: 'video', required: true };
  const render = (extra: unknown, data: ProgressData = {}, cfg = config({ lowDataFileId: 2, captionsFileId: 3 })) =>
    String(videoKind.view({ v, activity, enrolmentId: 7, config: cfg, progress: { state: 'in_progress', percent: 20, data }, extra }));

  test('normal quality: no data spent before Play, captions, progress endpoint, resume point, the JS notice', () => {
    const html = render({ quality: 'normal', main: { size: 12_400_000, name: 'a.mp4' }, low: { size: 3_100_000, name: 'b.mp4' } }, { intervals: [[0, 20]], position: 42 });
    assert.match(html, /<video[^>]*preload="none"/);
    assert.match(html, /src="\/media\/activities\/9\/main"/);
    assert.match(html, /<track kind="captions" srclang="id"[^>]*src="\/media\/activities\/9\/captions"/);
    assert.match(html, /data-progress-url="\/api\/v1\/enrolments\/7\/activities\/9\/progress"/);
    assert.match(html, /data-resume-at="42"/);
    assert.match(html, /data-content-type="application\/json"/);
    assert.match(html, /data-credentials="same-origin"/);
    assert.match(html, /Progres video hanya tercatat bila JavaScript aktif/);
    assert.match(html, /Ditonton: 20%/);
    assert.match(html, /Video 1:40, 12,4 MB/);
    assert.match(html, /<button type="submit" name="quality" value="low">Hemat data \(3,1 MB\)<\/button>/);
    assert.match(html, /<form method="get" action="\/learn\/7\/activities\/9"/);
    assert.match(html, /<script src="\/static\/js\/video.js\?v=test" defer=""><\/script>/);
    assert.doesNotMatch(html, /<script>/, 'no inline script');
  });

  test('"Hemat data" chosen: the low-data source, and a way back', () => {
    const html = render({ quality: 'low', main: { size: 12_400_000, name: 'a.mp4' }, low: { size: 3_100_000, name: 'b.mp4' } });
    assert.match(html, /src="\/media\/activities\/9\/low"/);
    assert.match(html, /Mode hemat data aktif/);
    assert.match(html, /value="normal"/);
  });

  test('without a low-data file there is no choice; without captions no track; without extra data it still renders', () => {
    const html = render(undefined, {}, config());
    assert.match(html, /src="\/media\/activities\/9\/main"/);
    assert.doesNotMatch(html, /<track/);
    assert.doesNotMatch(html, /name="quality"/);
    assert.match(html, /data-resume-at="0"/);
  });

  test('the remembered choice: the query wins over the cookie; anything else is normal', () => {
    assert.equal(chosenQuality({ quality: 'low' }, {}), 'low');
    assert.equal(chosenQuality({ quality: 'normal' }, { lentera_video_quality: 'low' }), 'normal');
    assert.equal(chosenQuality({}, { lentera_video_quality: 'low' }), 'low');
    assert.equal(chosenQuality({ quality: ['low'] }, {}), 'normal');
    assert.equal(chosenQuality(undefined, { lentera_video_quality: 'hd' }), 'normal');
    assert.equal(formatClock(3723), '1:02:03');
    assert.equal(formatClock(59), '0:59');
  });
});
