import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { liveSessionKind, liveSessionConfig, liveSessionEvent, readLiveProgress, countdownText, fromLocalInput, toLocalInput, parseSpeakerLines, type LiveSessionConfig } from './index.js';
import type { ProgressData, ProgressEventInput } from '../types.js';
import { translator } from '../../i18n/index.js';
import type { ViewContext } from '../../views/context.js';

const base = { startAt: '2026-12-01T02:00:00.000Z', endAt: '2026-12-01T04:30:00.000Z', provider: 'zoom_meeting', joinUrl: 'https://zoom.us/j/123456789' };
const config = (over: Record<string, unknown> = {}): LiveSessionConfig => liveSessionConfig.parse({ ...base, ...over });
let n = 0;
const id = () => `evt-${++n}-abcdef`;
const run = (events: ProgressEventInput[], cfg: LiveSessionConfig, start: ProgressData = {}) => {
  let data = start;
  let r = liveSessionKind.applyEvent(data, { eventId: id(), type: 'opened' }, cfg);
  data = r.data;
  for (const e of events) {
    r = liveSessionKind.applyEvent(data, e, cfg);
    data = r.data;
  }
  return { ...r, p: readLiveProgress(r.data) };
};
const attendance = (minutes: number): ProgressEventInput => ({ eventId: id(), type: 'live_attendance', minutes });
const joined = (at = '2026-12-01T01:50:00.000Z'): ProgressEventInput => ({ eventId: id(), type: 'live_joined', at });
const manual = (mark: 'present' | 'absent' | null): ProgressEventInput => ({ eventId: id(), type: 'live_manual', mark, reason: 'Hadir di ruang rapat kantor' });
const watched = (from: number, to: number): ProgressEventInput => ({ eventId: id(), type: 'watched', from, to });

describe('live session: config', () => {
  test('defaults: reveal 30 minutes before, no capacity, completion by 60 minutes of attendance', () => {
    const c = config();
    assert.equal(c.revealMinutesBefore, 30);
    assert.equal(c.capacity, null);
    assert.deepEqual(c.completion, { minMinutes: 60, joinCounts: false, recordingShare: null });
    assert.deepEqual(c.speakers, []);
    assert.equal(c.authoringZone, 'WIB');
    assert.equal(liveSessionKind.isMaterial, false);
  });
  const bad: [string, Record<string, unknown>][] = [
    ['end before start', { endAt: '2026-12-01T01:00:00.000Z' }],
    ['longer than a day', { endAt: '2026-12-03T01:00:00.000Z' }],
    ['a local time without zone', { startAt: '2026-12-01T09:00' }],
    ['not a URL', { joinUrl: 'zoom meeting 123' }],
    ['a javascript: URL', { joinUrl: 'javascript:alert(1)' }],
    ['unknown provider', { provider: 'teams' }],
    ['negative reveal', { revealMinutesBefore: -5 }],
    ['zero capacity', { capacity: 0 }],
    ['recording file without its length', { recordingFileId: 4 }],
    ['recording share above 100', { completion: { recordingShare: 150 } }],
    ['unknown speaker role', { speakers: [{ speakerId: 1, role: 'guest' }] }],
  ];
  for (const [name, over] of bad) test(`refused: ${name}`, () => assert.equal(liveSessionConfig.safeParse({ ...base, ...over }).success, false));
});

describe('live session: events and completion', () => {
  test('the progress API accepts only opened and the recording ranges; server facts and reserved ids are refused', () => {
    assert.ok(liveSessionEvent.safeParse({ eventId: 'evt-12345678', type: 'opened' }).success);
    assert.ok(liveSessionEvent.safeParse({ eventId: 'evt-12345678', type: 'watched', from: 0, to: 10 }).success);
    assert.ok(liveSessionEvent.safeParse({ eventId: 'evt-12345678', type: 'position', at: 3 }).success);
    for (const fake of [
      { eventId: 'evt-12345678', type: 'live_joined', at: '2026-12-01T02:00:00Z' },
      { eventId: 'evt-12345678', type: 'live_attendance', minutes: 120 },
      { eventId: 'evt-12345678', type: 'live_manual', mark: 'present', reason: 'x' },
      { eventId: 'evt-12345678', type: 'joined' },
      { eventId: 'srv:join-1-2', type: 'opened' },
    ]) assert.equal(liveSessionEvent.safeParse(fake).success, false, JSON.stringify(fake));
  });

  test('attendance SETS the minutes (a recomputed total replaces the previous one) and completes at the minimum', () => {
    const c = config();
    const r = run([attendance(30), attendance(45)], c);
    assert.equal(r.p.attendedMinutes, 45);
    assert.equal(r.completed, false);
    assert.equal(r.percent, 75);
    const done = run([attendance(45), attendance(61)], c);
    assert.equal(done.completed, true);
    assert.equal(done.p.completedBy, 'attendance');
    assert.equal(done.percent, 100);
  });

  test('joining completes only when the rule says so; the first join time is kept', () => {
    const noJoin = run([joined()], config());
    assert.equal(noJoin.completed, false);
    assert.equal(noJoin.p.joinedAt, '2026-12-01T01:50:00.000Z');
    const c = config({ completion: { minMinutes: null, joinCounts: true } });
    const r = run([joined('2026-12-01T02:05:00Z'), joined('2026-12-01T01:58:00Z')], c);
    assert.equal(r.completed, true);
    assert.equal(r.p.completedBy, 'join');
    assert.equal(r.p.joinedAt, '2026-12-01T01:58:00.000Z');
  });

  test('a manual mark "present" completes; "absent" alone does not; clearing it returns to the facts', () => {
    const c = config();
    assert.equal(run([manual('present')], c).p.completedBy, 'manual');
    assert.equal(run([manual('absent')], c).completed, false);
    assert.equal(run([manual('present'), manual(null)], c).completed, false);
    assert.equal(run([attendance(90), manual('absent')], c).completed, true, 'an absent mark does not cancel attendance');
  });

  test('the recording completes at the configured share, counting only distinct seconds played', () => {
    const c = config({ recordingFileId: 7, recordingDurationSeconds: 100, completion: { minMinutes: 60, recordingShare: 80 } });
    const partial = run([watched(0, 40), watched(0, 40), watched(90, 100)], c);
    assert.equal(partial.completed, false);
    assert.equal(partial.p.watchedSeconds, 50);
    const done = run([watched(0, 60), watched(60, 80)], c);
    assert.equal(done.completed, true);
    assert.equal(done.p.completedBy, 'recording');
    // Without a tracked recording the share never counts.
    const link = config({ recordingUrl: 'https://www.youtube.com/watch?v=abc', completion: { minMinutes: 60, recordingShare: 10 } });
    assert.equal(run([watched(0, 100)], link).completed, false);
  });

  test('damaged stored progress is read safely', () => {
    const p = readLiveProgress({ joinedAt: 5, attendedMinutes: 'x', manual: { mark: 'maybe' }, intervals: [[3, 1], [0, 2]], completedBy: 'magic' });
    assert.deepEqual([p.joinedAt, p.attendedMinutes, p.manual, p.watchedSeconds, p.completedBy], [null, 0, null, 2, null]);
  });
});

describe('live session: authoring and display helpers', () => {
  test('datetime-local values are read in the chosen zone and shown back in it', () => {
    assert.equal(fromLocalInput('2026-12-01T09:00', 'WIB'), '2026-12-01T02:00:00.000Z');
    assert.equal(fromLocalInput('2026-12-01T09:00', 'WITA'), '2026-12-01T01:00:00.000Z');
    assert.equal(fromLocalInput('2026-12-01T09:00', 'WIT'), '2026-12-01T00:00:00.000Z');
    assert.equal(fromLocalInput('2026-02-31T09:00', 'WIB'), '2026-02-31T09:00', 'an impossible date is left for the schema to refuse');
    assert.equal(toLocalInput('2026-12-01T02:00:00.000Z', 'WITA'), '2026-12-01T10:00');
  });

  test('the authoring form reads back into a valid config', () => {
    const parsed = liveSessionKind.parseAuthoringForm({
      cfg_agenda: '1. Pembukaan',
      cfg_authoringZone: 'WITA',
      cfg_startAt: '2026-12-01T10:00',
      cfg_endAt: '2026-12-01T12:30',
      cfg_provider: 'zoom_webinar',
      cfg_joinUrl: ' https://zoom.us/j/98765 ',
      cfg_passcode: '',
      cfg_revealMinutesBefore: '15',
      cfg_capacity: '1000',
      cfg_livestreamUrl: '',
      cfg_recordingFileId: '',
      cfg_recordingDurationSeconds: '',
      cfg_recordingUrl: '',
      cfg_minMinutes: '60',
      cfg_joinCounts: '1',
      cfg_recordingShare: '',
      cfg_speakers: '3 narasumber\n5, moderator\n',
    });
    const c = liveSessionConfig.parse(parsed);
    assert.equal(c.startAt, '2026-12-01T02:00:00.000Z');
    assert.equal(c.provider, 'zoom_webinar');
    assert.equal(c.passcode, null);
    assert.equal(c.capacity, 1000);
    assert.deepEqual(c.completion, { minMinutes: 60, joinCounts: true, recordingShare: null });
    assert.deepEqual(c.speakers, [{ speakerId: 3, role: 'narasumber' }, { speakerId: 5, role: 'moderator' }]);
    assert.equal(liveSessionConfig.safeParse({ ...(parsed as object), speakers: parseSpeakerLines('tiga') }).success, false);
  });

  test('the countdown says days, hours and minutes', () => {
    const v = { t: translator('id') } as Pick<ViewContext, 't'>;
    assert.equal(countdownText(v, (2 * 60 + 5) * 60_000), '2 jam 5 menit');
    assert.equal(countdownText(v, 30_000), '1 menit');
    assert.equal(countdownText(v, (26 * 60 + 10) * 60_000), '1 hari 2 jam');
    assert.equal(countdownText({ t: translator('en') }, 61 * 60_000), '1 hour 1 minute');
  });
});
