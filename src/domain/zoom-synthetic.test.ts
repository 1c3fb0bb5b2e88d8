import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticZoomReport, type SyntheticZoomOptions } from './zoom-synthetic.js';
import { parseZoomReport } from './zoom-report.js';
import { matchAttendance, normalisePersonName, type CohortMember } from './attendance.js';
import { syntheticParticipant } from './synthetic.js';

function options(count: number, extra: Partial<SyntheticZoomOptions> = {}): SyntheticZoomOptions {
  const members = Array.from({ length: count }, (_, i) => {
    const p = syntheticParticipant(i);
    // Some without email, some without NIP, so every matching path is exercised.
    return { name: p.name, email: i % 5 === 4 ? null : p.email, nip: i % 7 === 3 ? null : p.nip };
  });
  return {
    seed: 7,
    meetingId: '891 2345 6789',
    topic: 'Pembukaan Orientasi PPPK, "Pola Pikir"; Platform',
    startAt: new Date('2026-11-28T00:00:00Z'),
    endAt: new Date('2026-11-28T03:00:00Z'),
    zone: 'WITA',
    members,
    segmentsPerPerson: [2, 4],
    strangers: 4,
    ...extra,
  };
}

const cohortOf = (o: SyntheticZoomOptions): CohortMember[] =>
  o.members.map((m, i) => ({ enrolmentId: 1000 + i, userId: 1 + i, name: m.name, email: m.email, nips: m.nip ? [m.nip] : [] }));

test('round trip of 50 members: parsed without errors, every member matched by the expected source', () => {
  const o = options(50);
  const report = syntheticZoomReport(o);
  assert.ok(report.csv.startsWith('\uFEFFMeeting ID,Topic,'));
  const parsed = parseZoomReport(report.csv, { zone: 'WITA' });
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.rows.length, report.rows);
  assert.equal(parsed.meta.meetingId, '891 2345 6789');
  assert.equal(parsed.meta.topic, o.topic);
  assert.equal(parsed.meta.startAt?.toISOString(), '2026-11-28T00:00:00.000Z');
  assert.equal(parsed.meta.participantsReported, 54);
  for (const r of parsed.rows) assert.ok(r.leaveAt >= r.joinAt);

  const cohort = cohortOf(o);
  const nameCount = new Map<string, number>();
  for (const m of cohort) nameCount.set(normalisePersonName(m.name), (nameCount.get(normalisePersonName(m.name)) ?? 0) + 1);
  const result = matchAttendance(parsed.rows, cohort);
  const sourceOf = new Map(result.matched.map((m) => [m.enrolmentId, m.source]));
  const ambiguousIds = new Set(result.ambiguous.flatMap((a) => a.candidates));
  let viaEmail = 0;
  let viaNip = 0;
  for (const p of report.people) {
    if (p.member === null) continue;
    const id = 1000 + p.member;
    const expected = p.email ? 'email' : p.renamedWithNip ? 'nip' : 'name';
    if (expected === 'email') viaEmail++;
    if (expected === 'nip') viaNip++;
    if (expected === 'name' && nameCount.get(normalisePersonName(o.members[p.member]!.name))! > 1) {
      // Two members share this name: the person can only be listed as ambiguous (or merged by another row).
      assert.ok(sourceOf.has(id) || ambiguousIds.has(id), p.displayName);
      continue;
    }
    assert.equal(sourceOf.get(id), expected, `${p.displayName} <${p.email}>`);
  }
  assert.ok(viaEmail > 10 && viaNip > 3, `email ${viaEmail}, nip ${viaNip}`);
  // The strangers match nobody.
  assert.deepEqual(result.unmatched.map((u) => u.displayNames[0]).sort(), ['Galaxy A12', 'OPPO A57', 'Redmi Note 9', 'iPhone']);
});

test('the same seed gives the same report; segments and options are honoured', () => {
  const o = options(20, { segmentsPerPerson: [3, 3], strangers: 0, bom: false, shareWithEmail: 1, shareRenamedWithNip: 0 });
  const a = syntheticZoomReport(o);
  assert.equal(a.csv, syntheticZoomReport(o).csv);
  assert.notEqual(a.csv, syntheticZoomReport({ ...o, seed: 8 }).csv);
  assert.ok(a.csv.startsWith('Meeting ID,'));
  assert.equal(a.rows, 60);
  assert.ok(a.people.every((p) => p.email === o.members[p.member!]!.email && !p.renamedWithNip));
});

test('3,400 members with 2–4 segments make about 10,000 rows that all parse and match', () => {
  const o = options(3400, { strangers: 25 });
  const report = syntheticZoomReport(o);
  assert.ok(report.rows > 9000 && report.rows < 11000, String(report.rows));
  const parsed = parseZoomReport(Buffer.from(report.csv, 'utf8'), { zone: 'WITA' });
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.rows.length, report.rows);
  const result = matchAttendance(parsed.rows, cohortOf(o));
  // 3,400 names drawn from a small list repeat (as real names do): those people are ambiguous, never
  // attributed to the wrong member; everyone signed in or renamed "NIP - Name" is matched by that.
  const sourceOf = new Map(result.matched.map((m) => [m.enrolmentId, m.source]));
  const ambiguousIds = new Set(result.ambiguous.flatMap((a) => a.candidates));
  for (const p of report.people) {
    if (p.member === null) continue;
    const id = 1000 + p.member;
    if (p.email) assert.equal(sourceOf.get(id), 'email', p.displayName);
    else if (p.renamedWithNip) assert.equal(sourceOf.get(id), 'nip', p.displayName);
    else assert.ok(sourceOf.has(id) || ambiguousIds.has(id), p.displayName);
  }
  assert.equal(result.unmatched.length, 25);
});
