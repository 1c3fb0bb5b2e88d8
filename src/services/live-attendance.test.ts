// Attendance from the Zoom participant report, as a service: matching stored, idempotent re-upload,
// two reports of one meeting not double counted, manual matching (unmatched and ambiguous), dismissal,
// manual marks with their reason audited, completion through the session's rule, and the scopes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../test/support/platform.js';
import { attendanceWorld, PEOPLE, REPORT_ONE, REPORT_TWO, type AttendanceWorld } from '../http/routes/live-attendance/test-fixtures.js';
import { syntheticZoomReport } from '../domain/zoom-synthetic.js';
import { AppError } from '../http/errors.js';
import * as attendance from './live-attendance.js';

const actorOf = async (w: AttendanceWorld, userId: number) => ({ userId, ip: '127.0.0.1', userAgent: 'test', principal: await w.principal(userId) });

async function rejects(promise: Promise<unknown>, status: number, code?: string) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, status);
    if (code) assert.equal(err.code, code);
    return true;
  });
}

for (const kind of testDatabases()) {
  describe(`live attendance service [${kind}]`, () => {
    let p: TestPlatform;
    let w: AttendanceWorld;

    before(async () => {
      p = await startTestPlatform(kind);
      w = await attendanceWorld(p, { minMinutes: 45 });
    });
    after(() => p.dispose());

    const progress = (enrolmentId: number) =>
      p.ctx.db.kysely.selectFrom('activity_progress').select(['state', 'data']).where('enrolment_id', '=', enrolmentId).where('activity_id', '=', w.activityId).executeTakeFirst();
    const listAs = async (userId: number, f: attendance.AttendanceListFilters = {}) => attendance.attendanceList(p.ctx, await w.principal(userId), w.activityId, f);
    const rowOf = (list: attendance.AttendanceList, key: keyof typeof PEOPLE) => list.items.find((i) => i.enrolment_id === w.enrolments[key]);

    test('an import stores the matches by email and by the NIP in the display name, and lists the rest for manual matching', async () => {
      const admin = await actorOf(w, w.ids.admin);
      const res = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(REPORT_ONE), filename: 'peserta.csv', zone: 'WITA' });
      assert.equal(res.duplicate, false);
      assert.deepEqual(
        { rows: res.import.rows, matched: res.import.matched, unmatched: res.import.unmatched, ambiguous: res.import.ambiguous, pending: res.import.pending, errors: res.import.errorCount },
        { rows: 6, matched: 3, unmatched: 2, ambiguous: 1, pending: 3, errors: 1 },
      );
      assert.deepEqual(res.import.errors.map((e) => [e.line, e.code]), [[8, 'bad_time']]);

      const list = await listAs(w.ids.admin);
      assert.equal(list.summary.participants, 6);
      assert.deepEqual([rowOf(list, 'yohanes')?.minutes, rowOf(list, 'yohanes')?.source], [60, 'email']);
      assert.deepEqual([rowOf(list, 'maria')?.minutes, rowOf(list, 'maria')?.source], [50, 'nip']);
      assert.deepEqual([rowOf(list, 'dewi')?.minutes, rowOf(list, 'dewi')?.source], [30, 'email']);
      assert.equal(rowOf(list, 'budi')?.minutes, null);
      assert.equal(list.summary.attended, 3);

      const pending = await attendance.pendingPeople(p.ctx, await w.principal(w.ids.admin), w.activityId);
      const byName = new Map(pending.map((x) => [x.displayNames[0], x]));
      assert.deepEqual(byName.get('HP Samsung')?.kind, 'unmatched');
      assert.deepEqual(byName.get('HP Samsung')?.minutes, 120);
      assert.deepEqual(byName.get('HP Samsung')?.lines, [5]);
      const agus = byName.get('Agus Salim')!;
      assert.equal(agus.kind, 'ambiguous');
      assert.deepEqual(agus.candidates.map((c) => c.enrolmentId).sort(), [w.enrolments.agus1, w.enrolments.agus2].sort());
      assert.ok(byName.has('Narasumber LAN'));
    });

    test('a participant matched by the NIP in the display name completes the session when the minutes reach the rule (45)', async () => {
      assert.equal((await progress(w.enrolments.maria))?.state, 'completed');
      assert.equal((await progress(w.enrolments.yohanes))?.state, 'completed');
      assert.notEqual((await progress(w.enrolments.dewi))?.state, 'completed');
      const list = await listAs(w.ids.admin, { status: 'completed' });
      assert.deepEqual(list.items.map((i) => i.enrolment_id).sort(), [w.enrolments.maria, w.enrolments.yohanes].sort());
    });

    test('uploading the same file again changes nothing', async () => {
      const admin = await actorOf(w, w.ids.admin);
      const before = await attendance.listImports(p.ctx, admin.principal, w.activityId);
      const res = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(REPORT_ONE), filename: 'lagi.csv', zone: 'WITA' });
      assert.equal(res.duplicate, true);
      assert.equal(res.import.id, before[0]!.id);
      assert.equal((await attendance.listImports(p.ctx, admin.principal, w.activityId)).length, before.length);
      assert.equal(rowOf(await listAs(w.ids.admin), 'yohanes')?.minutes, 60);
      assert.equal((await attendance.pendingPeople(p.ctx, admin.principal, w.activityId)).length, 3);
    });

    test('manual matching of an unmatched person, then a second report of the same meeting: overlaps are not counted twice; a bare display name waits for a person again', async () => {
      const admin = await actorOf(w, w.ids.admin);
      const pending = await attendance.pendingPeople(p.ctx, admin.principal, w.activityId);
      const samsung = pending.find((x) => x.displayNames[0] === 'HP Samsung')!;
      const found = await attendance.searchMembers(p.ctx, admin.principal, w.activityId, PEOPLE.budi.nip.slice(0, 12));
      assert.deepEqual(found.map((f) => f.enrolmentId), [w.enrolments.budi]);
      const res = await attendance.resolvePerson(p.ctx, admin, w.activityId, samsung.id, { action: 'match', enrolmentId: w.enrolments.budi });
      assert.equal(res.person.status, 'matched');
      assert.equal(res.completed, 1);
      const list = await listAs(w.ids.admin);
      assert.deepEqual([rowOf(list, 'budi')?.minutes, rowOf(list, 'budi')?.source], [120, 'manual']);
      await rejects(attendance.resolvePerson(p.ctx, admin, w.activityId, samsung.id, { action: 'dismiss' }), 409, 'already_resolved');

      const second = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(REPORT_TWO), filename: 'peserta-2.csv', zone: 'WITA' });
      assert.equal(second.duplicate, false);
      // A bare display name may be somebody else this time: it waits for a person again.
      assert.equal(second.import.pending, 1);
      const again = (await attendance.getImport(p.ctx, admin.principal, w.activityId, second.import.id)).people[0]!;
      assert.deepEqual([again.displayNames, again.status], [['HP Samsung'], 'pending']);
      await attendance.resolvePerson(p.ctx, admin, w.activityId, again.id, { action: 'match', enrolmentId: w.enrolments.budi });
      const after = await listAs(w.ids.admin);
      assert.equal(rowOf(after, 'yohanes')?.minutes, 90, '08:00–09:00 ∪ 08:30–09:30 = 90 minutes, not 120');
      assert.equal(rowOf(after, 'budi')?.minutes, 150);
      assert.equal(rowOf(after, 'maria')?.minutes, 50);
      const data = JSON.parse((await progress(w.enrolments.yohanes))!.data) as { attendedMinutes: number };
      assert.equal(data.attendedMinutes, 90);
    });

    test('a person known by an email outside the programme, matched by hand once, is matched alike in the next report', async () => {
      const admin = await actorOf(w, w.ids.admin);
      const header = 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest';
      const first = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(`${header}\r\nMaria di Rumah,maria.rumah@pribadi.test,11/28/2026 09:00:00,11/28/2026 09:30:00,30,No\r\n`), filename: 'a.csv', zone: 'WITA' });
      const person = (await attendance.getImport(p.ctx, admin.principal, w.activityId, first.import.id)).people[0]!;
      assert.equal(person.email, 'maria.rumah@pribadi.test');
      await attendance.resolvePerson(p.ctx, admin, w.activityId, person.id, { action: 'match', enrolmentId: w.enrolments.maria });
      assert.equal(rowOf(await listAs(w.ids.admin), 'maria')?.minutes, 80);
      const second = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(`${header}\r\nMaria Rumah,maria.rumah@pribadi.test,11/28/2026 09:20:00,11/28/2026 09:50:00,30,No\r\n`), filename: 'b.csv', zone: 'WITA' });
      assert.equal(second.import.pending, 0);
      const auto = (await attendance.getImport(p.ctx, admin.principal, w.activityId, second.import.id)).people[0]!;
      assert.deepEqual([auto.status, auto.enrolmentId, auto.note], ['matched', w.enrolments.maria, 'live.attendance.resolvedEarlier']);
      const row = rowOf(await listAs(w.ids.admin), 'maria')!;
      assert.deepEqual([row.minutes, row.source], [100, 'nip'], '08:00–08:50 ∪ 09:00–09:50');
    });

    test('manual matching of an ambiguous person to one of its candidates, and dismissing a speaker; both audited', async () => {
      const admin = await actorOf(w, w.ids.admin);
      const pending = await attendance.pendingPeople(p.ctx, admin.principal, w.activityId);
      const agus = pending.find((x) => x.kind === 'ambiguous')!;
      await attendance.resolvePerson(p.ctx, admin, w.activityId, agus.id, { action: 'match', enrolmentId: w.enrolments.agus1, note: 'Hadir di Sumba Barat' });
      const speaker = pending.find((x) => x.displayNames[0] === 'Narasumber LAN')!;
      const dismissed = await attendance.resolvePerson(p.ctx, admin, w.activityId, speaker.id, { action: 'dismiss', note: 'Narasumber' });
      assert.equal(dismissed.person.status, 'dismissed');
      assert.equal(dismissed.changed, 0);
      assert.equal((await attendance.pendingPeople(p.ctx, admin.principal, w.activityId)).length, 0);
      const list = await listAs(w.ids.admin);
      assert.deepEqual([rowOf(list, 'agus1')?.minutes, rowOf(list, 'agus1')?.source], [60, 'manual']);
      assert.equal(rowOf(list, 'agus2')?.minutes, null);
      const actions = (await p.ctx.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'live.attendance.%').orderBy('id').execute()).map((a) => a.action);
      assert.deepEqual(actions, ['live.attendance.import', 'live.attendance.match', 'live.attendance.import', 'live.attendance.match', 'live.attendance.import', 'live.attendance.match', 'live.attendance.import', 'live.attendance.match', 'live.attendance.dismiss']);
      // A person matched to somebody outside the programme is not found.
      const fresh = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from('Name (Original Name),User Email,Join Time,Leave Time\r\nTamu Misterius,,11/28/2026 08:00:00,11/28/2026 08:20:00\r\n'), filename: 'tamu.csv', zone: 'WITA' });
      const guest = (await attendance.getImport(p.ctx, admin.principal, w.activityId, fresh.import.id)).people[0]!;
      await rejects(attendance.resolvePerson(p.ctx, admin, w.activityId, guest.id, { action: 'match', enrolmentId: 999_999 }), 404);
    });

    test('a manual mark needs a reason, is audited with it, and completes the session', async () => {
      const facilitator = await actorOf(w, w.ids.facilitator2);
      await rejects(attendance.markAttendance(p.ctx, facilitator, w.activityId, { enrolmentId: w.enrolments.dewi, mark: 'present', reason: '  ' }), 400);
      const res = await attendance.markAttendance(p.ctx, facilitator, w.activityId, { enrolmentId: w.enrolments.dewi, mark: 'present', reason: 'Sinyal putus, hadir lewat telepon' });
      assert.equal(res.completed, 1);
      assert.equal((await progress(w.enrolments.dewi))?.state, 'completed');
      const row = rowOf(await listAs(w.ids.admin), 'dewi')!;
      assert.deepEqual([row.mark, row.mark_reason], ['present', 'Sinyal putus, hadir lewat telepon']);
      const entry = await p.ctx.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'live.attendance.mark').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(entry.actor_user_id, w.ids.facilitator2);
      assert.equal(entry.target_id, String(w.enrolments.dewi));
      assert.deepEqual(JSON.parse(entry.details!), { activityId: w.activityId, mark: 'present', reason: 'Sinyal putus, hadir lewat telepon', previous: null });
      // The facilitator of cohort 2 cannot mark a participant of cohort 1.
      await rejects(attendance.markAttendance(p.ctx, facilitator, w.activityId, { enrolmentId: w.enrolments.yohanes, mark: 'absent', reason: 'Bukan angkatannya' }), 404);
      await attendance.markAttendance(p.ctx, facilitator, w.activityId, { enrolmentId: w.enrolments.dewi, mark: 'clear', reason: 'Salah tandai' });
      assert.equal(rowOf(await listAs(w.ids.admin), 'dewi')?.mark, null);
    });

    test('scopes: operators see their units only and may not upload; an operator of another unit sees nobody; facilitators see their cohort', async () => {
      const ntt = await listAs(w.ids.operatorNtt);
      assert.equal(ntt.access.manage, false);
      assert.deepEqual(ntt.items.map((i) => i.enrolment_id).sort(), [w.enrolments.yohanes, w.enrolments.maria, w.enrolments.agus1, w.enrolments.budi].sort());
      const bali = await listAs(w.ids.operatorBali);
      assert.equal(bali.items.length, 0);
      assert.equal(bali.summary.participants, 0);
      const operator = await actorOf(w, w.ids.operatorNtt);
      await rejects(attendance.importReport(p.ctx, operator, w.activityId, { data: Buffer.from(REPORT_TWO), filename: 'x.csv' }), 403);
      await rejects(attendance.markAttendance(p.ctx, operator, w.activityId, { enrolmentId: w.enrolments.yohanes, mark: 'present', reason: 'Coba-coba' }), 403);
      await rejects(attendance.pendingPeople(p.ctx, operator.principal, w.activityId), 403);
      const jatimUnit = (await p.ctx.repos.units.findAllByCode('35'))[0]!;
      await rejects(listAs(w.ids.operatorNtt, { unitId: jatimUnit.id }), 404);
      const fasil = await listAs(w.ids.facilitator2);
      assert.equal(fasil.access.manage, true);
      assert.deepEqual(fasil.items.map((i) => i.enrolment_id).sort(), [w.enrolments.agus2, w.enrolments.dewi].sort());
      // A participant reviews nothing: 403; a session that is not a live session: 404.
      await rejects(listAs(w.users.yohanes), 403);
      const stage = await p.ctx.db.kysely.selectFrom('activities').select('stage_id').where('id', '=', w.activityId).executeTakeFirstOrThrow();
      const page = await p.ctx.repos.learning.insertActivity({ programme_id: w.programmeId, stage_id: stage.stage_id, position: 9, kind: 'page', title: 'Materi', config: { markdown: '# x', completeOn: 'open' }, now: p.clock.fn().toISOString() });
      await rejects(attendance.attendanceList(p.ctx, await w.principal(w.ids.admin), page, {}), 404);
    });

    test('joined through the platform: the first click is shown, and the status filter finds it', async () => {
      const db = p.ctx.db.kysely;
      for (const at of ['2026-11-27T23:58:00.000Z', '2026-11-28T00:40:00.000Z']) {
        await db.insertInto('live_joins').values({ enrolment_id: w.enrolments.budi, activity_id: w.activityId, user_id: w.users.budi, joined_at: at, device: 'mobile', user_agent: null, ip: null }).execute();
      }
      const list = await listAs(w.ids.admin, { status: 'joined' });
      assert.deepEqual(list.items.map((i) => [i.enrolment_id, i.joined_at]), [[w.enrolments.budi, '2026-11-27T23:58:00.000Z']]);
      assert.equal(list.summary.joined, 1);
      assert.equal(list.summary.matching, 1);
    });

    test('a file that is not a Zoom report is refused with 422', async () => {
      const admin = await actorOf(w, w.ids.admin);
      await rejects(attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from('nip;nama;email\n199001012024211001;Yohanes;\n'), filename: 'peserta.csv' }), 422, 'not_a_zoom_report');
    });
  });

  describe(`live attendance service with 200 synthetic participants [${kind}]`, () => {
    let p: TestPlatform;
    let w: AttendanceWorld;
    before(async () => {
      p = await startTestPlatform(kind);
      w = await attendanceWorld(p, { code: 'UJI-BESAR' });
    });
    after(() => p.dispose());

    test('a synthetic report of 200 participants: every signed-in or renamed participant matched, totals stored, and a second identical report ignored', async () => {
      const now = p.clock.fn().toISOString();
      const members: { name: string; email: string | null; nip: string }[] = [];
      const values = [];
      for (let i = 0; i < 200; i++) {
        const nip = `1990${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}2024211${String(100 + i).padStart(3, '0')}`;
        const name = `Peserta Sintetis ${['Ama', 'Beni', 'Cici', 'Dodi', 'Eli', 'Fani', 'Gita', 'Hadi', 'Ina', 'Joni'][i % 10]} ${['Bria', 'Seran', 'Ndoen', 'Nahak', 'Tefa', 'Laka', 'Mau', 'Bere', 'Taek', 'Kase', 'Lopo', 'Nenu', 'Sabu', 'Rote', 'Alor', 'Lembata', 'Flores', 'Sumba', 'Timor', 'Solor'][Math.floor(i / 10)]}`;
        members.push({ name, email: `sintetis${i}@uji.test`, nip });
        values.push({ login: `sintetis.${i}`, nip, name, email: `sintetis${i}@uji.test`, phone: null, employment_type: 'PPPK' as const, position: null, unit_id: null, password_hash: null, must_change_password: 0, locale: null, status: 'active' as const, created_at: now, updated_at: now, password_changed_at: null, last_login_at: null });
      }
      const inserted = await p.ctx.db.kysely.insertInto('users').values(values).returning('id').execute();
      for (const u of inserted) await p.ctx.repos.programmes.enrol({ cohort_id: w.cohort1, user_id: u.id, ndh: null, now });
      const report = syntheticZoomReport({ seed: 7, meetingId: '891 2345 6789', topic: 'Pembukaan', startAt: new Date('2026-11-28T00:00:00Z'), endAt: new Date('2026-11-28T03:00:00Z'), zone: 'WITA', members, segmentsPerPerson: [1, 4], strangers: 5 });
      const admin = await actorOf(w, w.ids.admin);
      const res = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(report.csv), filename: 'sintetis.csv', zone: 'WITA' });
      assert.equal(res.import.rows, report.rows);
      assert.equal(res.import.errorCount, 0);
      // Signed in (email) or renamed "NIP - Name": matched; names are unique here, so everybody is.
      assert.equal(res.import.matched, 200);
      assert.equal(res.import.unmatched, 5);
      const stored = await p.ctx.db.kysely.selectFrom('live_attendance_totals').select((eb) => eb.fn.countAll().as('n')).where('activity_id', '=', w.activityId).executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 200);
      const list = await attendance.attendanceList(p.ctx, admin.principal, w.activityId, { limit: 500 });
      assert.ok(list.items.filter((i) => i.minutes !== null).every((i) => i.minutes! <= 180 + 15 + 60));
      const again = await attendance.importReport(p.ctx, admin, w.activityId, { data: Buffer.from(report.csv), filename: 'sintetis.csv', zone: 'WITA' });
      assert.equal(again.duplicate, true);
    });
  });
}
