// The live sessions service: joining before / at / after the reveal with a moved clock, what a join
// records, and server facts (attendance, joins, manual marks) applied in batches, once each.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, DEMO_PASSWORD, type TestPlatform } from '../../test/support/platform.js';
import { createTestProgramme } from '../../test/support/learning.js';
import { loadDemo, DEMO } from './demo.js';
import { applyLiveFacts, deviceClass, joinLiveSession } from './live-sessions.js';
import { programmeStructureChanged } from './learning.js';
import { AppError } from '../http/errors.js';
import { DEMO_LIVE } from './demo-live.js';

const ANDROID = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

async function rejects(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected ${code}`);
}

for (const kind of testDatabases()) {
  describe(`live sessions service [${kind}]`, () => {
    let p: TestPlatform;
    let activityId: number;
    let userId: number;
    let enrolmentId: number;
    let adminId: number;
    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2026-11-28T01:00:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD);
      const programme = (await p.ctx.repos.programmes.findByCode(DEMO.programme.code))!;
      activityId = (await p.ctx.db.kysely.selectFrom('activities').select('id').where('programme_id', '=', programme.id).where('kind', '=', 'live_session').executeTakeFirstOrThrow()).id;
      userId = (await p.ctx.repos.users.findByLogin(DEMO.participant.nip))!.id;
      enrolmentId = (await p.ctx.db.kysely.selectFrom('enrolments').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
      adminId = (await p.ctx.repos.users.findByLogin(DEMO.admin.login))!.id;
    });
    after(() => p.dispose());

    test('the demo session starts the day after loading at 09:00 WIB and opens its link 30 minutes before', async () => {
      const a = (await p.ctx.repos.learning.activity(activityId))!;
      const c = JSON.parse(a.config);
      assert.equal(a.title, DEMO_LIVE.title);
      assert.equal(a.required, 0);
      assert.equal(c.startAt, '2026-11-29T02:00:00.000Z');
      assert.equal(c.revealMinutesBefore, 30);
      assert.equal(c.speakers.length, 3);
    });

    test('join: before the reveal 409 not_yet_open with opensAt; nothing is recorded', async () => {
      p.clock.set('2026-11-29T01:29:59.000Z');
      const err = await rejects(joinLiveSession(p.ctx, { userId, activityId, userAgent: ANDROID, ip: '10.0.0.1' }), 'not_yet_open');
      assert.equal(err.status, 409);
      assert.equal(err.options.details?.opensAt, '2026-11-29T01:30:00.000Z');
      assert.equal((await p.ctx.repos.liveSessions.joinsOf(activityId, enrolmentId)).length, 0);
    });

    test('join: from the reveal the click is recorded with its time and device, and the first one becomes the joined fact', async () => {
      p.clock.set('2026-11-29T01:30:00.000Z');
      const res = await joinLiveSession(p.ctx, { userId, activityId, userAgent: ANDROID, ip: '10.0.0.1' });
      assert.equal(res.url, DEMO_LIVE.joinUrl);
      assert.equal(res.passcode, DEMO_LIVE.passcode);
      assert.equal(res.phase, 'open');
      p.clock.set('2026-11-29T02:10:00.000Z');
      assert.equal((await joinLiveSession(p.ctx, { userId, activityId, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', ip: '10.0.0.2' })).phase, 'live');
      const joins = await p.ctx.repos.liveSessions.joinsOf(activityId, enrolmentId);
      assert.deepEqual(joins.map((j) => [j.joined_at, j.device, j.ip, j.user_id]), [
        ['2026-11-29T01:30:00.000Z', 'mobile', '10.0.0.1', userId],
        ['2026-11-29T02:10:00.000Z', 'desktop', '10.0.0.2', userId],
      ]);
      const row = await p.ctx.repos.learning.progressOne(enrolmentId, activityId);
      assert.equal(JSON.parse(row!.data).joinedAt, '2026-11-29T01:30:00.000Z');
      assert.equal(row!.state, 'in_progress', 'the demo rule is 60 minutes of attendance, not the join');
      const events = await p.ctx.db.kysely.selectFrom('progress_events').select(['event_id', 'type']).where('enrolment_id', '=', enrolmentId).where('activity_id', '=', activityId).execute();
      assert.deepEqual(events.map((e) => e.type), ['live_joined'], 'one fact for two clicks');
      assert.match(events[0]!.event_id, /^srv:/);
    });

    test('join: a click whose joined fact cannot be applied is still recorded on its own, and the link still given', async () => {
      p.clock.set('2026-11-29T02:20:00.000Z');
      const repo = p.ctx.repos.liveSessions;
      const original = repo.recordJoin;
      repo.recordJoin = async () => {
        throw new Error('simulated failure while applying the fact');
      };
      try {
        const res = await joinLiveSession(p.ctx, { userId, activityId, userAgent: ANDROID, ip: '10.0.0.3' });
        assert.equal(res.url, DEMO_LIVE.joinUrl);
      } finally {
        repo.recordJoin = original;
      }
      const joins = await repo.joinsOf(activityId, enrolmentId);
      assert.deepEqual(joins.map((j) => [j.joined_at, j.ip]).at(-1), ['2026-11-29T02:20:00.000Z', '10.0.0.3']);
      assert.equal(joins.length, 3);
    });

    test('join: after the end 409 ended; not enrolled (or an unknown session) 404', async () => {
      p.clock.set('2026-11-29T04:30:00.000Z');
      await rejects(joinLiveSession(p.ctx, { userId, activityId, userAgent: null, ip: null }), 'ended');
      p.clock.set('2026-11-29T02:00:00.000Z');
      await rejects(joinLiveSession(p.ctx, { userId: adminId, activityId, userAgent: null, ip: null }), 'not_found');
      await rejects(joinLiveSession(p.ctx, { userId, activityId: 999_999, userAgent: null, ip: null }), 'not_found');
    });

    test('device classes from user agents', () => {
      assert.equal(deviceClass(ANDROID), 'mobile');
      assert.equal(deviceClass('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)'), 'tablet');
      assert.equal(deviceClass('Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Safari/537.36'), 'tablet');
      assert.equal(deviceClass('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)'), 'desktop');
      assert.equal(deviceClass(''), 'unknown');
      assert.equal(deviceClass(null), 'unknown');
    });

    describe('applyLiveFacts', () => {
      const N = 300; // more than one write chunk
      let programmeId: number;
      let liveId: number;
      let enrolmentIds: number[];
      before(async () => {
        const now = p.clock.fn().toISOString();
        const unit = (await p.ctx.repos.units.findAllByCode('5371'))[0]!;
        const ids: number[] = [];
        for (let i = 0; i < N; i++) {
          ids.push(
            await p.ctx.repos.users.insert({
              login: `fakta.${i}`, nip: null, name: `Peserta Fakta ${i}`, email: null, phone: null, employment_type: null, position: null, unit_id: unit.id,
              password_hash: 'x', must_change_password: 0, locale: null, status: 'active', created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
            }),
          );
        }
        const prog = await createTestProgramme(p, { code: 'LIVE-FAKTA', participantIds: ids, windowDays: 30 });
        programmeId = prog.programmeId;
        enrolmentIds = prog.enrolmentIds;
        const stageId = await p.ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Pembukaan', now });
        liveId = await p.ctx.repos.learning.insertActivity({
          programme_id: programmeId, stage_id: stageId, position: 1, kind: 'live_session', title: 'Sesi uji', required: true, now,
          config: { startAt: '2026-11-29T02:00:00.000Z', endAt: '2026-11-29T04:00:00.000Z', provider: 'zoom_webinar', joinUrl: 'https://zoom.us/j/555', completion: { minMinutes: 60, joinCounts: false, recordingShare: null } },
        });
        programmeStructureChanged(p.ctx);
      });

      test('a batch of attendance totals: completion by the rule, the enrolment summary written, idempotent by eventId', async () => {
        p.clock.set('2026-11-29T05:00:00.000Z');
        const items = enrolmentIds.map((e, i) => ({ enrolmentId: e, eventId: `att-1-${e}`, fact: { type: 'attendance' as const, minutes: i % 2 === 0 ? 90 : 30 } }));
        const first = await applyLiveFacts(p.ctx, liveId, items);
        assert.deepEqual(first, { completed: N / 2, updated: N });
        const again = await applyLiveFacts(p.ctx, liveId, items);
        assert.deepEqual(again, { completed: N / 2, updated: 0 }, 'the same event ids change nothing');
        const e0 = await p.ctx.db.kysely.selectFrom('enrolments').select(['progress', 'state', 'completed_at']).where('id', '=', enrolmentIds[0]!).executeTakeFirstOrThrow();
        assert.deepEqual([e0.progress, e0.state, e0.completed_at], [100, 'passed', '2026-11-29T05:00:00.000Z'], 'the only required activity done: the programme is complete');
        const e1 = await p.ctx.db.kysely.selectFrom('enrolments').select(['progress', 'state']).where('id', '=', enrolmentIds[1]!).executeTakeFirstOrThrow();
        assert.equal(e1.progress, 0);
        const row1 = await p.ctx.repos.learning.progressOne(enrolmentIds[1]!, liveId);
        assert.deepEqual([row1!.state, row1!.percent, JSON.parse(row1!.data).attendedMinutes], ['in_progress', 50, 30]);
      });

      test('attendance SETS the minutes: a new total replaces the old one (and a correction can take completion back)', async () => {
        const e = enrolmentIds[1]!;
        await applyLiveFacts(p.ctx, liveId, [{ enrolmentId: e, eventId: `att-2-${e}`, fact: { type: 'attendance', minutes: 75 } }]);
        let row = await p.ctx.repos.learning.progressOne(e, liveId);
        assert.deepEqual([row!.state, JSON.parse(row!.data).attendedMinutes, JSON.parse(row!.data).completedBy], ['completed', 75, 'attendance']);
        await applyLiveFacts(p.ctx, liveId, [{ enrolmentId: e, eventId: `att-3-${e}`, fact: { type: 'attendance', minutes: 20 } }]);
        row = await p.ctx.repos.learning.progressOne(e, liveId);
        assert.deepEqual([row!.state, row!.completed_at, JSON.parse(row!.data).attendedMinutes], ['in_progress', null, 20]);
        const en = await p.ctx.db.kysely.selectFrom('enrolments').select(['progress', 'state']).where('id', '=', e).executeTakeFirstOrThrow();
        assert.deepEqual([en.progress, en.state], [0, 'never_signed_in'], 'completion taken back: no longer passed');
      });

      test('manual marks and joins; enrolments of other programmes are skipped', async () => {
        const e = enrolmentIds[3]!;
        const res = await applyLiveFacts(p.ctx, liveId, [
          { enrolmentId: e, eventId: `man-1-${e}`, fact: { type: 'manual', mark: 'present', reason: 'Hadir bersama di aula kantor' } },
          { enrolmentId: enrolmentIds[5]!, eventId: `join-x`, fact: { type: 'joined', at: '2026-11-29T02:01:00.000Z' } },
          { enrolmentId, eventId: 'other-programme', fact: { type: 'attendance', minutes: 120 } },
        ]);
        assert.deepEqual(res, { completed: 1, updated: 2 });
        const row = await p.ctx.repos.learning.progressOne(e, liveId);
        assert.deepEqual(JSON.parse(row!.data).manual, { mark: 'present', reason: 'Hadir bersama di aula kantor' });
        assert.equal(JSON.parse((await p.ctx.repos.learning.progressOne(enrolmentIds[5]!, liveId))!.data).joinedAt, '2026-11-29T02:01:00.000Z');
        assert.equal(await p.ctx.repos.learning.progressOne(enrolmentId, liveId), undefined);
      });

      test('a session that is not a live session is not found', async () => {
        const page = (await p.ctx.db.kysely.selectFrom('activities').select('id').where('kind', '=', 'page').executeTakeFirstOrThrow()).id;
        await rejects(applyLiveFacts(p.ctx, page, [{ enrolmentId: enrolmentIds[0]!, eventId: 'x-1', fact: { type: 'attendance', minutes: 1 } }]), 'not_found');
        assert.deepEqual(await applyLiveFacts(p.ctx, liveId, []), { completed: 0, updated: 0 });
      });
    });
  });
}
