// Monitoring dashboard and HR API against a hand-built dataset. The clock stands at 23:30 WIB on
// 27 November 2026 = 00:30 WITA on 28 November: an NTT (WITA) participant due on the 27th is
// behind, a Jawa Timur (WIB) participant due on the 27th is not (yet).
//
//   login  unit                state (DB)        due_on      → status
//   k1     5371 Kota Kupang    never_signed_in   –             never_signed_in
//   k2     5371                in_progress       2026-11-30    in_progress
//   k3     5371                in_progress       2026-11-27    behind (1 day), phone 0812-3456-7001
//   k4     5371                passed            –             passed
//   k5     5371                certified         –             certified
//   s1     5301 Sumba Barat    in_progress       2026-11-20    behind (8 days), phone +62 813 0000 0002
//   s2     5301                failed            –             failed
//   s3     5301                passed, WITHDRAWN                (not counted)
//   s4     5301                in_progress       –             in_progress
//   p1     53 KPU Prov. NTT    in_progress       –             in_progress (the province itself)
//   j1     35 Jawa Timur       in_progress       2026-11-27    in_progress (WIB: still the 27th)
//   j2     35 Jawa Timur       in_progress       2026-11-20    behind
//
// NTT operator: 9 participants — never 1, in progress 3, behind 2, failed 1, passed 1, certified 1.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { SaxesParser } from 'saxes';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { createTestProgramme } from '../../../../test/support/learning.js';
import { addTestUser } from '../../../../test/support/quiz.js';
import { loadDemo } from '../../../services/demo.js';
import type { EnrolmentState } from '../../../db/schema.js';

type Spec = [login: string, unit: string, state: EnrolmentState, dueOn: string | null, phone: string | null, withdrawn?: boolean];
const PEOPLE: Spec[] = [
  ['k1', '5371', 'never_signed_in', null, null],
  ['k2', '5371', 'in_progress', '2026-11-30', null],
  ['k3', '5371', 'in_progress', '2026-11-27', '0812-3456-7001'],
  ['k4', '5371', 'passed', null, null],
  ['k5', '5371', 'certified', null, null],
  ['s1', '5301', 'in_progress', '2026-11-20', '+62 813 0000 0002'],
  ['s2', '5301', 'failed', null, null],
  ['s3', '5301', 'passed', null, null, true],
  ['s4', '5301', 'in_progress', null, null],
  ['p1', '53', 'in_progress', null, null],
  ['j1', '35', 'in_progress', '2026-11-27', null],
  ['j2', '35', 'in_progress', '2026-11-20', null],
];
const zoneOf = (unit: string) => (unit.startsWith('53') ? 'WITA' : 'WIB');
const NTT_TOTAL = { never_signed_in: 1, in_progress: 3, behind: 2, failed: 1, passed: 1, certified: 1 };

for (const kind of testDatabases()) {
  describe(`monitoring dashboard and HR API [${kind}]`, () => {
    let p: TestPlatform;
    let cohortA = 0;
    let cohortB = 0;
    let cohortJatim = 0;
    let cohortKpu = 0;
    const users: Record<string, number> = {};
    const enrol: Record<string, number> = {};
    let admin: TestClient;
    let operator: TestClient;
    let participant: TestClient;
    let facilitatorA: TestClient;
    let facilitatorB: TestClient;

    before(async () => {
      p = await startTestPlatform(kind);
      p.clock.set('2026-11-27T16:30:00.000Z');
      await loadDemo(p.ctx, DEMO_PASSWORD, { content: false });
      for (const [i, [login, unit]] of PEOPLE.entries()) {
        users[login] = await addTestUser(p, { login: `mon.${login}`, name: `Peserta ${login.toUpperCase()}`, nip: `1990010120242110${String(10 + i)}`, unitCode: unit, password: DEMO_PASSWORD });
      }
      const db = p.ctx.db.kysely;
      const prog = await createTestProgramme(p, { code: 'UJI-MON', participantIds: PEOPLE.map(([l]) => users[l]!), startBy: '2026-11-20', windowDays: 30 });
      cohortA = prog.cohortId;
      // Two stages with target days and a page each, for the participant page.
      const now = p.clock.fn().toISOString();
      const st1 = await p.ctx.repos.learning.insertStage({ programme_id: prog.programmeId, position: 1, title: 'Tahap 1 Pengenalan', target_day: 1, now });
      const st2 = await p.ctx.repos.learning.insertStage({ programme_id: prog.programmeId, position: 2, title: 'Tahap 2 Pendalaman', target_day: 8, now });
      await p.ctx.repos.learning.insertActivity({ programme_id: prog.programmeId, stage_id: st1, position: 1, kind: 'page', title: 'Bacaan Pembuka', config: { markdown: 'Halo' }, now });
      await p.ctx.repos.learning.insertActivity({ programme_id: prog.programmeId, stage_id: st2, position: 1, kind: 'page', title: 'Bacaan Lanjutan', config: { markdown: 'Lanjut' }, now });
      for (const [i, [login, unit, state, dueOn, phone, withdrawn]] of PEOPLE.entries()) {
        enrol[login] = prog.enrolmentIds[i]!;
        await db
          .updateTable('enrolments')
          .set({ state, due_on: dueOn, zone: zoneOf(unit), first_signin_at: state === 'never_signed_in' ? null : '2026-11-20T01:00:00.000Z', progress: state === 'passed' || state === 'certified' ? 100 : 50, ...(withdrawn ? { status: 'withdrawn', withdrawn_at: now, withdrawn_reason: 'uji' } : {}) })
          .where('id', '=', enrol[login]!)
          .execute();
        if (phone) await db.updateTable('users').set({ phone }).where('id', '=', users[login]!).execute();
      }
      // Cohort B (gelombang 2, angkatan 3) in the same programme: k1 and j1 only.
      cohortB = await p.ctx.repos.programmes.insertCohort({ programme_id: prog.programmeId, code: 'UJI-MON-B', title: 'Angkatan B', starts_on: null, ends_on: null, gelombang: 2, angkatan: 3, now });
      // A cohort of another programme (no organiser) with only Jawa Timur people, and one organised by Setjen KPU with nobody enrolled.
      const other = await createTestProgramme(p, { code: 'UJI-JATIM', participantIds: [users.j1!] });
      cohortJatim = other.cohortId;
      const setjen = (await p.ctx.repos.units.findAllByCode('SETJEN'))[0]!;
      const kpuProg = await p.ctx.repos.programmes.insert({ code: 'UJI-KPU', title: 'Program KPU', description: null, jp: 5, organiser_unit_id: setjen.id, provider: null, status: 'published', now });
      cohortKpu = await p.ctx.repos.programmes.insertCohort({ programme_id: kpuProg, code: 'UJI-KPU-1', title: 'Angkatan KPU', starts_on: null, ends_on: null, gelombang: 1, angkatan: 9, now });
      // Enrol into B directly (a second enrolment in the same programme needs an override reason).
      for (const login of ['k1', 'j1']) {
        await db.insertInto('enrolments').values({ cohort_id: cohortB, user_id: users[login]!, programme_id: prog.programmeId, ndh: null, status: 'active', enrolled_at: now, override_reason: 'uji angkatan B', state: 'in_progress', zone: zoneOf(login === 'k1' ? '5371' : '35') }).execute();
      }

      admin = new TestClient(p);
      await admin.login('admin', DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login('operator.ntt', DEMO_PASSWORD);
      participant = new TestClient(p);
      await participant.login('mon.k2', DEMO_PASSWORD);
      await addTestUser(p, { login: 'mon.fasil.a', role: 'facilitator', cohortId: cohortA, password: DEMO_PASSWORD });
      await addTestUser(p, { login: 'mon.fasil.b', role: 'facilitator', cohortId: cohortB, password: DEMO_PASSWORD });
      facilitatorA = new TestClient(p);
      await facilitatorA.login('mon.fasil.a', DEMO_PASSWORD);
      facilitatorB = new TestClient(p);
      await facilitatorB.login('mon.fasil.b', DEMO_PASSWORD);
    });
    after(() => p.dispose());

    const summary = (c: TestClient, cohort: number, query = '') => c.getJson(`/api/v1/cohorts/${cohort}/summary${query}`);
    const rowOf = (items: any[], code: string | null) => items.find((i) => (i.unit?.code ?? null) === code && !i.direct);

    test('summary for the NTT operator: one row per NTT regency plus the province itself, numbers by hand', async () => {
      const res = await summary(operator, cohortA);
      assert.equal(res.status, 200, res.body);
      const s = res.json();
      assert.deepEqual(s.total.counts, NTT_TOTAL);
      assert.equal(s.total.participants, 9);
      assert.equal(s.total.completionRate, 22.2);
      const kupang = rowOf(s.items, '5371');
      assert.deepEqual(kupang.counts, { never_signed_in: 1, in_progress: 1, behind: 1, failed: 0, passed: 1, certified: 1 });
      assert.equal(kupang.participants, 5);
      assert.equal(kupang.completionRate, 40);
      const sumba = rowOf(s.items, '5301');
      assert.deepEqual(sumba.counts, { never_signed_in: 0, in_progress: 1, behind: 1, failed: 1, passed: 0, certified: 0 });
      const direct = s.items.find((i: any) => i.direct);
      assert.equal(direct.unit.code, '53');
      assert.equal(direct.participants, 1);
      // Every one of the 22 regencies is listed, zeros included; nobody from Jawa Timur.
      assert.equal(s.items.filter((i: any) => !i.direct).length, 22);
      assert.equal(s.items.reduce((n: number, i: any) => n + i.participants, 0), 9);
    });

    test('summary for the platform admin: by agency, then by province under Setjen; Jawa Timur WIB participant due today is not behind', async () => {
      const top = (await summary(admin, cohortA)).json();
      assert.equal(top.items.length, 1);
      assert.equal(top.items[0].unit.code, 'KPU');
      assert.deepEqual(top.total.counts, { ...NTT_TOTAL, in_progress: 4, behind: 3 });
      const setjen = (await summary(admin, cohortA, '?unit=SETJEN')).json();
      assert.equal(setjen.unit.code, 'SETJEN');
      assert.deepEqual(rowOf(setjen.items, '35').counts, { never_signed_in: 0, in_progress: 1, behind: 1, failed: 0, passed: 0, certified: 0 });
      assert.equal(rowOf(setjen.items, '53').participants, 9);
      assert.equal(setjen.items.filter((i: any) => !i.direct).length, 38);
      // The unit filter narrows to a subtree.
      const kupang = (await summary(admin, cohortA, '?unit=5371')).json();
      assert.equal(kupang.total.participants, 5);
      assert.equal(kupang.items.length, 1);
      assert.equal(kupang.items[0].direct, true);
    });

    test('HR participants: shape, keyset pages by id, limit up to 500, unit and status filters', async () => {
      const first = await operator.getJson(`/api/v1/cohorts/${cohortA}/participants`);
      assert.equal(first.status, 200, first.body);
      const body = first.json();
      assert.equal(body.items.length, 9);
      assert.equal(body.nextCursor, null);
      const k3 = body.items.find((i: any) => i.login === 'mon.k3');
      assert.deepEqual(Object.keys(k3).sort(), ['id', 'login', 'name', 'nip', 'progress', 'status', 'unit']);
      assert.deepEqual(k3, { id: users.k3, login: 'mon.k3', nip: k3.nip, name: 'Peserta K3', unit: { code: '5371', name: 'KPU Kota Kupang' }, status: 'behind', progress: 50 });
      assert.ok(!body.items.some((i: any) => i.login === 's3'), 'withdrawn excluded');
      // Pages of two.
      const seen: number[] = [];
      let cursor: number | null = null;
      let pages = 0;
      do {
        const page: any = (await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
        seen.push(...page.items.map((i: any) => i.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      assert.equal(pages, 5);
      assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
      assert.deepEqual(new Set(seen), new Set(body.items.map((i: any) => i.id)));
      assert.equal((await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?limit=500`)).status, 200);
      assert.equal((await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?limit=501`)).status, 400);
      assert.equal((await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?status=nonsense`)).status, 400);
      const kupang = (await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?unit=5371`)).json();
      assert.deepEqual(kupang.items.map((i: any) => i.login).sort(), ['mon.k1', 'mon.k2', 'mon.k3', 'mon.k4', 'mon.k5']);
      const behind = (await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?status=behind`)).json();
      assert.deepEqual(behind.items.map((i: any) => i.login).sort(), ['mon.k3', 'mon.s1']);
      const inProgress = (await admin.getJson(`/api/v1/cohorts/${cohortA}/participants?status=in_progress&unit=35`)).json();
      assert.deepEqual(inProgress.items.map((i: any) => i.login), ['mon.j1']);
    });

    test('scope: 404 outside, 403 for participants, facilitators only their cohorts, operators any cohort of their agency', async () => {
      assert.equal((await summary(operator, cohortA, '?unit=35')).status, 404);
      assert.equal((await operator.getJson(`/api/v1/cohorts/${cohortA}/participants?unit=35`)).status, 404);
      assert.equal((await operator.get(`/admin/monitoring?cohortId=${cohortA}&unit=35`)).status, 404);
      assert.equal((await operator.get(`/admin/monitoring/enrolments/${enrol.j1}`)).status, 404);
      assert.equal((await operator.get(`/admin/monitoring/enrolments/${enrol.s3}`)).status, 404, 'withdrawn');
      assert.equal((await summary(operator, cohortJatim)).status, 404, 'a cohort with none of its people, organised elsewhere');
      assert.equal((await summary(operator, 999_999)).status, 404);
      const kpu = await summary(operator, cohortKpu);
      assert.equal(kpu.status, 200, 'a cohort organised inside its agency: zeros');
      assert.equal(kpu.json().total.participants, 0);
      assert.equal((await summary(participant, cohortA)).status, 403);
      assert.equal((await participant.get(`/admin/monitoring?cohortId=${cohortA}`)).status, 403);
      assert.equal((await participant.getJson(`/api/v1/cohorts/${cohortA}/participants`)).status, 403);
      assert.equal((await new TestClient(p).getJson(`/api/v1/cohorts/${cohortA}/summary`)).status, 401);
      assert.equal((await summary(facilitatorA, cohortA)).json().total.participants, 11);
      assert.equal((await summary(facilitatorA, cohortB)).status, 404);
      assert.equal((await summary(facilitatorB, cohortB)).json().total.participants, 2);
      assert.equal((await facilitatorB.get(`/admin/monitoring/enrolments/${enrol.k3}`)).status, 404);
      assert.equal((await facilitatorA.get(`/admin/monitoring/enrolments/${enrol.j2}`)).status, 200);
      // The operator's cohort select lists what it may see.
      const page = await operator.get('/admin/monitoring');
      assert.equal(page.status, 200);
      assert.match(page.body, new RegExp(`value="${cohortA}"`));
      assert.match(page.body, new RegExp(`value="${cohortKpu}"`));
      assert.doesNotMatch(page.body, new RegExp(`<option value="${cohortJatim}"`));
    });

    test('dashboard page: totals, unit table sortable, SVG chart well-formed and accessible', async () => {
      const res = await operator.get(`/admin/monitoring?cohortId=${cohortA}`);
      assert.equal(res.status, 200, res.body);
      for (const [s, n] of Object.entries(NTT_TOTAL)) assert.match(res.body, new RegExp(`data-total="${s}">${n}<`));
      assert.match(res.body, /data-total="participants">9</);
      const svg = /<svg[\s\S]*?<\/svg>/.exec(res.body)?.[0];
      assert.ok(svg, 'an SVG chart');
      const parser = new SaxesParser();
      let rects = 0;
      parser.on('opentag', (tag) => {
        if (tag.name === 'rect' && tag.attributes['data-status']) rects++;
      });
      parser.write(svg!).close();
      assert.match(svg!, /role="img"/);
      assert.match(svg!, /<title id="chart-title">/);
      assert.match(svg!, /<desc id="chart-desc">/);
      assert.equal(rects, 5 + 3 + 1, 'one segment per non-zero status per unit');
      // Sort by participants, descending: Kupang (5), Sumba Barat (3), the province itself (1), …
      const sorted = await operator.get(`/admin/monitoring?cohortId=${cohortA}&sort=participants&dir=desc`);
      const units = [...sorted.body.matchAll(/<tr data-unit="([^"]*)" data-direct="(\d)"/g)].map((m) => m[1]);
      assert.deepEqual(units.slice(0, 3), ['5371', '5301', '53']);
      const byBehind = await operator.get(`/admin/monitoring?cohortId=${cohortA}&sort=behind&dir=desc`);
      const first2 = [...byBehind.body.matchAll(/<tr data-unit="([^"]*)"/g)].map((m) => m[1]).slice(0, 2).sort();
      assert.deepEqual(first2, ['5301', '5371']);
      const byName = await operator.get(`/admin/monitoring?cohortId=${cohortA}&sort=name&dir=asc`);
      const names = [...byName.body.matchAll(/<tr data-unit="([^"]*)" data-direct="0"[^>]*>\s*<th scope="row"><a [^>]*>([^<]*)</g)].map((m) => m[2]!);
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'id')));
      // Drill-down: agency → Setjen → province → regency → participants.
      const agency = await admin.get(`/admin/monitoring?cohortId=${cohortA}`);
      assert.match(agency.body, /href="\/admin\/monitoring\?cohortId=\d+&amp;unit=KPU"/);
      const setjen = await admin.get(`/admin/monitoring?cohortId=${cohortA}&unit=KPU`);
      assert.match(setjen.body, /unit=SETJEN/);
      const ntt = await admin.get(`/admin/monitoring?cohortId=${cohortA}&unit=53`);
      assert.match(ntt.body, /data-total="participants">9</);
      assert.match(ntt.body, /href="\/admin\/monitoring\/participants\?cohortId=\d+&amp;unit=5371"/);
    });

    test('filters: status, unit subtree, gelombang / angkatan choose the cohort', async () => {
      const behind = await operator.get(`/admin/monitoring?cohortId=${cohortA}&status=behind`);
      assert.match(behind.body, /data-total="participants">2</);
      assert.match(behind.body, /data-total="in_progress">0</);
      const sumba = await operator.get(`/admin/monitoring?cohortId=${cohortA}&unit=5301`);
      assert.match(sumba.body, /data-total="participants">3</);
      const g2 = await admin.get('/admin/monitoring?gelombang=2&angkatan=3');
      assert.equal(g2.status, 200);
      assert.match(g2.body, /Angkatan B/);
      assert.match(g2.body, /data-total="participants">2</);
      assert.doesNotMatch(g2.body, new RegExp(`<option value="${cohortA}"`));
      const none = await admin.get('/admin/monitoring?gelombang=7');
      assert.equal(none.status, 200);
      assert.doesNotMatch(none.body, /data-total=/);
      const list = await operator.get(`/admin/monitoring/participants?cohortId=${cohortA}&unit=5371&status=passed`);
      assert.equal(list.status, 200);
      assert.match(list.body, /data-count="1"/);
      assert.match(list.body, /Peserta K4/);
      const sorted = await operator.get(`/admin/monitoring/participants?cohortId=${cohortA}&sort=name&dir=desc`);
      const names = [...sorted.body.matchAll(/<td><a href="\/admin\/monitoring\/enrolments\/\d+">([^<]+)</g)].map((m) => m[1]!);
      assert.equal(names.length, 9);
      assert.deepEqual(names, [...names].sort().reverse());
    });

    test('who is behind: stage, days, contacts and a prefilled WhatsApp link', async () => {
      const res = await operator.get(`/admin/monitoring/behind?cohortId=${cohortA}`);
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, /data-count="2"/);
      const rows = [...res.body.matchAll(/<tr data-user-id="(\d+)">([\s\S]*?)<\/tr>/g)];
      assert.deepEqual(rows.map((r) => Number(r[1])), [users.s1, users.k3], 'longest behind first');
      const s1 = rows[0]![2]!;
      assert.match(s1, /data-days="8"/);
      assert.match(s1, /Tahap 1 Pengenalan/, 'due on day 1 (20 Nov): the stage with target day 1');
      const link = /href="(https:\/\/wa\.me\/[^"]+)"/.exec(s1)![1]!.replace(/&amp;/g, '&');
      const url = new URL(link);
      assert.equal(url.pathname, '/6281300000002');
      const text = url.searchParams.get('text')!;
      assert.match(text, /Peserta S1/);
      assert.match(text, /Program UJI-MON/);
      assert.match(text, /Yth\./);
      const k3 = rows[1]![2]!;
      assert.match(k3, /data-days="1"/);
      assert.match(k3, /Tahap 2 Pendalaman/, 'due on day 8 (27 Nov)');
      assert.match(k3, /wa\.me\/6281234567001\?text=/);
    });

    test('participant page: full progress, read-only', async () => {
      const before = await p.ctx.db.kysely.selectFrom('enrolments').selectAll().where('id', '=', enrol.k1!).executeTakeFirstOrThrow();
      const res = await operator.get(`/admin/monitoring/enrolments/${enrol.k1}`);
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, /Tahap 1 Pengenalan/);
      assert.match(res.body, /Bacaan Lanjutan/);
      assert.match(res.body, /data-status="never_signed_in"/);
      const after = await p.ctx.db.kysely.selectFrom('enrolments').selectAll().where('id', '=', enrol.k1!).executeTakeFirstOrThrow();
      assert.deepEqual(after, before, 'looking changes nothing (the clock does not start)');
      const k3 = await operator.get(`/admin/monitoring/enrolments/${enrol.k3}`);
      assert.match(k3.body, /data-status="behind"/);
      assert.match(k3.body, /wa\.me\/6281234567001/);
    });

    async function download(c: TestClient, url: string) {
      const res = await p.app.inject({ method: 'GET', url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return res;
    }
    async function xlsxRows(buf: Buffer): Promise<unknown[][]> {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as any);
      const ws = wb.worksheets[0]!;
      const out: unknown[][] = [];
      ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    }

    test('exports: unit table, participants and who is behind, XLSX and CSV equal to the page numbers', async () => {
      const base = `cohortId=${cohortA}&sort=participants&dir=desc`;
      const x = await download(operator, `/admin/monitoring/export?${base}&format=xlsx`);
      assert.match(String(x.headers['content-type']), /spreadsheetml/);
      const rows = await xlsxRows(x.rawPayload);
      assert.equal(rows[0]![1], 'Unit');
      const kupang = rows.find((r) => r[0] === '5371')!;
      assert.deepEqual(kupang.slice(2, 9), [5, 1, 1, 1, 0, 1, 1]);
      assert.equal(kupang[9], 40);
      assert.equal(rows[1]![0], '5371', 'sorted like the page');
      const total = rows[rows.length - 1]!;
      assert.deepEqual(total.slice(2, 9), [9, 1, 3, 2, 1, 1, 1]);
      const c = await download(operator, `/admin/monitoring/export?${base}&format=csv`);
      assert.match(String(c.headers['content-type']), /text\/csv/);
      assert.ok(c.body.startsWith('\ufeff'));
      const csv: string[][] = parse(c.body.slice(1));
      assert.equal(csv.length, rows.length);
      assert.deepEqual(csv.find((r) => r[0] === '5371')!.slice(2, 9), ['5', '1', '1', '1', '0', '1', '1']);

      const px = await xlsxRows((await download(operator, `/admin/monitoring/participants/export?cohortId=${cohortA}&format=xlsx`)).rawPayload);
      assert.equal(px.length, 1 + 9);
      assert.deepEqual(px.slice(1).map((r) => r[0]), [...px.slice(1).map((r) => r[0] as number)].sort((a, b) => a - b));
      const pc: string[][] = parse((await download(operator, `/admin/monitoring/participants/export?cohortId=${cohortA}&unit=5371&status=certified&format=csv`)).body.slice(1));
      assert.deepEqual(pc.slice(1).map((r) => r[1]), ['mon.k5']);

      const bx = await xlsxRows((await download(operator, `/admin/monitoring/behind/export?cohortId=${cohortA}&format=xlsx`)).rawPayload);
      assert.equal(bx.length, 1 + 2);
      const s1 = bx.find((r) => r[0] === users.s1)!;
      assert.equal(s1[6], 8);
      assert.match(String(s1[10]), /^https:\/\/wa\.me\/6281300000002\?text=/);
      const bc: string[][] = parse((await download(operator, `/admin/monitoring/behind/export?cohortId=${cohortA}&format=csv`)).body.slice(1));
      assert.equal(bc.length, 3);
      // Scope holds for exports too.
      const out = await p.app.inject({ method: 'GET', url: `/admin/monitoring/participants/export?cohortId=${cohortA}&unit=35&format=csv`, headers: { cookie: [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(out.statusCode, 404);
    });
  });
}
