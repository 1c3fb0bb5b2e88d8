// End-to-end (issue 6): the demo's live opening session in a real headless Chromium on a phone-sized
// screen against a real server. The demo participant (Kota Kupang, NTT: WITA) opens the session page
// the day before: start and end in WITA, a countdown that the script ticks down, and neither the
// meeting link nor the passcode anywhere in the page; /live/{id}/join says when the link opens. Once
// the link is revealed (the server's clock moved), the page shows the Join button and the passcode, and
// the click goes — recorded — to Zoom (intercepted: the test never leaves 127.0.0.1). After the session
// the admin uploads Zoom's participant report through the plain form (the participant renamed
// "NIP - Name", two overlapping segments; one unknown device, dismissed by hand), and the participant's
// page and outline show the session complete.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, eventually, heading, pathOf, phoneSessions, startE2EServer, type E2EServer } from '../support/browser.js';
import { DEMO } from '../../src/services/demo.js';
import { DEMO_STAGES } from '../../src/services/demo-content.js';
import { DEMO_LIVE } from '../../src/services/demo-live.js';

after(closeSharedBrowser);

const MIN = 60_000;
/** An Android phone's browser: the join is recorded with the device class. */
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** "Dimulai dalam 1 hari 1 jam" / "… 50 menit" → minutes (what the countdown says, parsed back). */
function countdownMinutes(s: string): number {
  const m = /^Dimulai dalam (?:(\d+) hari)? ?(?:(\d+) jam)? ?(?:(\d+) menit)?$/.exec(s);
  assert.ok(m && (m[1] || m[2] || m[3]), `a countdown "Dimulai dalam …" (got ${JSON.stringify(s)})`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Zoom's 12-hour export format ("11/29/2026 09:02:00 AM") of an instant, in WIB (UTC+7). */
function zoomWib(ms: number): string {
  const d = new Date(ms + 7 * 60 * MIN);
  const p = (n: number) => String(n).padStart(2, '0');
  const h = d.getUTCHours();
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(h % 12 === 0 ? 12 : h % 12)}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * A Zoom participant report as Zoom exports it ("with meeting summary" layout, UTF-8 BOM, CRLF,
 * 12-hour times in WIB): the demo participant renamed "NIP - Name" on a phone that drops out at
 * +41 min, with a laptop already in from +38 min until +80 (union 78 minutes, 81 by the durations);
 * an unsigned-in "iPhone" that matches nobody.
 */
function zoomReport(startAt: string): string {
  const s = Date.parse(startAt);
  const at = (minutes: number) => zoomWib(s + minutes * MIN);
  const who = `${DEMO.participant.nip} - ${DEMO.participant.name}`;
  return (
    '\uFEFF' +
    [
      'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,',
      `912 3456 7890,${DEMO_LIVE.title},${at(-10)},${at(155)},penyelenggara@kpu.go.id,165,3,`,
      '',
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room',
      `iPhone,,${at(-5)},${at(120)},125,Yes,Y,No`,
      `${who},,${at(2)},${at(41)},39,Yes,Y,No`,
      `${who} (Laptop),,${at(38)},${at(80)},42,Yes,Y,No`,
      '',
    ].join('\r\n')
  );
}

for (const kind of testDatabases()) {
  describe(`e2e: live session — countdown, join through the platform, complete after the Zoom report [${kind}]`, () => {
    let server: E2EServer;
    const sessions = phoneSessions(() => server.baseUrl);
    const signedIn = sessions.signedIn;

    before(async () => {
      server = await startE2EServer(kind);
    });
    after(async () => {
      await server?.close();
    });
    afterEach(() => sessions.close());


    test('(6) a participant sees the countdown, joins, and after the report upload the session is complete', async () => {
      const { ctx, clock } = server.platform;
      const programme = await ctx.repos.programmes.findByCode(DEMO.programme.code);
      assert.ok(programme);
      const live = (await ctx.repos.learning.activitiesOf(programme.id, { publishedOnly: true })).find((a) => a.kind === 'live_session');
      assert.ok(live, 'the demo has its live opening session');
      assert.equal(live.title, DEMO_LIVE.title);
      const { startAt, endAt } = JSON.parse(live.config) as { startAt: string; endAt: string };
      // Loaded on 28 November 2026 at 08:00 WIB: the opening is the next day, 09:00–11:30 WIB.
      assert.equal(startAt, '2026-11-29T02:00:00.000Z');
      assert.equal(endAt, '2026-11-29T04:30:00.000Z');
      const start = Date.parse(startAt);

      // --- The day before, 09:00 WITA: the participant finds the session last in Tahap 1.
      const p = await signedIn(DEMO.participant.nip, { userAgent: ANDROID_UA });
      await clickAndLoad(p, p.getByRole('link', { name: 'Lihat semua tahap' }));
      const enrolmentId = Number(/^\/learn\/(\d+)$/.exec(pathOf(p))?.[1]);
      assert.ok(enrolmentId > 0);
      const lan = p.locator('li.stage', { has: p.getByRole('heading', { name: DEMO_STAGES.lan, level: 3 }) });
      await clickAndLoad(p, lan.locator('ul.activities a.title').last());
      const sessionUrl = `/learn/${enrolmentId}/activities/${live.id}`;
      assert.equal(pathOf(p), sessionUrl);
      assert.equal(await heading(p), DEMO_LIVE.title);
      // Times in the participant's zone (NTT: WITA, an hour ahead of WIB).
      assert.equal((await p.locator('.live-when').innerText()).replace(/[ \t]+/g, ' ').trim(), 'Waktu: 29 Nov 2026, 10.00 WITA – 29 Nov 2026, 12.30 WITA\nWaktu ditampilkan dalam WITA · Zoom Meeting');
      assert.equal(await p.locator('.live-session').getAttribute('data-phase'), 'scheduled');
      const dayBefore = countdownMinutes(await text(p, '[data-live-countdown]'));
      assert.equal(dayBefore, 25 * 60, 'a day and an hour before the start');
      assert.equal(await text(p, '.live-session > p.hint'), 'Tautan dan kode akses ditampilkan mulai 29 Nov 2026, 09.30 WITA.');
      // Neither the link nor the passcode is in the page before the reveal.
      const early = await p.content();
      assert.equal(await p.locator('.live-join').count(), 0, 'no Join button yet');
      assert.ok(!early.includes('zoom.us'), 'no meeting link in the HTML');
      assert.ok(!early.includes(DEMO_LIVE.passcode), 'no passcode in the HTML');
      assert.ok(!early.includes(`/live/${live.id}/join`), 'no join link in the HTML');

      // The join address, tried early (e.g. from the calendar entry), says when the link opens.
      const tooEarly = await p.goto(`/live/${live.id}/join`);
      assert.equal(tooEarly?.status(), 409);
      assert.equal(await heading(p), DEMO_LIVE.title);
      assert.equal(await text(p, 'main p.alert[role=status]'), 'Tautan sesi belum dibuka. Tautan tersedia mulai 29 Nov 2026, 09.30 WITA.');
      assert.equal(new URL(p.url()).host, new URL(server.baseUrl).host, 'not sent anywhere');
      await clickAndLoad(p, p.getByRole('link', { name: 'Kembali ke halaman sesi' }));
      assert.equal(pathOf(p), sessionUrl);

      // --- 50 minutes before the start, still before the reveal: the script counts down. The page's
      // timers are the test's (Playwright's clock), so ten minutes pass without waiting for them.
      clock.set(new Date(start - 50 * MIN).toISOString());
      await p.clock.install();
      await p.goto(sessionUrl);
      const shown = countdownMinutes(await text(p, '[data-live-countdown]'));
      assert.equal(shown, 50);
      assert.equal(await p.locator('.live-join').count(), 0, 'still no Join button');
      await p.clock.fastForward('10:00');
      // (Polled from here: the page's own timers and animation frames belong to the fake clock.)
      const ticked = await eventually('the countdown to tick', async () => {
        const now = countdownMinutes(await text(p, '[data-live-countdown]'));
        return now !== shown ? now : null;
      });
      assert.ok(ticked < shown, `the countdown went down (${shown} → ${ticked} minutes)`);
      assert.ok(ticked > 0);

      // --- 20 minutes before the start: the link is revealed; the click goes through the platform to Zoom.
      clock.set(new Date(start - 20 * MIN).toISOString());
      await p.goto(sessionUrl);
      assert.equal(await p.locator('.live-session').getAttribute('data-phase'), 'open');
      const join = p.locator('.live-join').getByRole('link', { name: 'Gabung ke sesi' });
      assert.equal(await join.getAttribute('href'), `/live/${live.id}/join`);
      assert.equal(await text(p, '.live-join code'), DEMO_LIVE.passcode);
      assert.equal(await text(p, '.live-status li'), 'Belum bergabung melalui platform.');
      // Zoom itself is out of reach here: its page is played by the test. (Through Chromium's own
      // request interception: Playwright's context.route() does not see the hops of a redirect, and the
      // request to Zoom is exactly that — the browser following the platform's 302.)
      const zoomRequests: string[] = [];
      const cdp = await p.context().newCDPSession(p);
      cdp.on('Fetch.requestPaused', (e) => {
        if (e.resourceType === 'Document') zoomRequests.push(e.request.url);
        const body = Buffer.from('<!doctype html><title>Zoom</title><h1>Zoom Meeting (test)</h1>').toString('base64');
        void cdp.send('Fetch.fulfillRequest', { requestId: e.requestId, responseCode: 200, responseHeaders: [{ name: 'content-type', value: 'text/html; charset=utf-8' }], body });
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: 'https://zoom.us/*', requestStage: 'Request' }] });
      const joinAnswer = p.waitForResponse((r) => new URL(r.url()).pathname === `/live/${live.id}/join`);
      await Promise.all([p.waitForURL((u) => u.host === 'zoom.us', { waitUntil: 'load' }), join.click()]);
      assert.equal(p.url(), DEMO_LIVE.joinUrl, 'the browser landed on the meeting');
      assert.equal(await heading(p), 'Zoom Meeting (test)');
      assert.deepEqual(zoomRequests, [DEMO_LIVE.joinUrl], 'one page load at Zoom');
      const answer = await joinAnswer;
      assert.equal(answer.status(), 302, 'the platform answered the click with a redirect');
      assert.equal(answer.headers().location, DEMO_LIVE.joinUrl);
      await cdp.detach();

      // The click was recorded: time, device.
      const joins = await ctx.repos.liveSessions.joinsOf(live.id, enrolmentId);
      assert.equal(joins.length, 1);
      assert.equal(joins[0]!.device, 'mobile');
      await p.goto(sessionUrl);
      assert.equal(await text(p, '.live-status li'), 'Bergabung melalui platform: 29 Nov 2026, 09.40 WITA');
      const api = await p.request.get(`/api/v1/live-sessions/${live.id}`, { headers: { accept: 'application/json' } });
      assert.equal(api.status(), 200);
      const joined = (await api.json()) as { phase: string; zone: string; startLocal: string; join: { url: string; passcode: string } | null; own: { joinedAt: string | null; joins: number; completed: boolean } };
      assert.equal(joined.phase, 'open');
      assert.equal(joined.zone, 'WITA');
      assert.equal(joined.startLocal, '29 Nov 2026, 10.00 WITA');
      assert.deepEqual(joined.join, { url: DEMO_LIVE.joinUrl, passcode: DEMO_LIVE.passcode });
      assert.equal(joined.own.joinedAt, new Date(start - 20 * MIN).toISOString());
      assert.equal(joined.own.joins, 1);
      assert.equal(joined.own.completed, false, 'joining alone does not complete this session (60 minutes of attendance do)');

      // --- After the session (12:00 WIB): the admin uploads Zoom's participant report through the form.
      clock.set(new Date(Date.parse(endAt) + 30 * MIN).toISOString());
      const admin = await signedIn(DEMO.admin.login);
      const attendanceUrl = `/admin/activities/${live.id}/attendance`;
      await admin.goto(attendanceUrl);
      assert.equal(await heading(admin), `Kehadiran: ${DEMO_LIVE.title}`);
      // The admin (Setjen, Jakarta) sees the schedule in WIB.
      assert.equal(await text(admin, 'main dl.facts dd:nth-of-type(2)'), '29 Nov 2026, 09.00 WIB – 29 Nov 2026, 11.30 WIB');
      assert.equal(await text(admin, '[data-summary=completed]'), '0');
      await admin.locator('#zoom-file').setInputFiles({ name: 'participants_91234567890.csv', mimeType: 'text/csv', buffer: Buffer.from(zoomReport(startAt), 'utf8') });
      await admin.locator('#zoom-zone').selectOption('WIB');
      await clickAndLoad(admin, admin.getByRole('button', { name: 'Unggah dan cocokkan' }));
      assert.match(pathOf(admin), new RegExp(`^${attendanceUrl}/imports/\\d+\\?done=1$`));
      assert.equal(await text(admin, 'main p.notice[role=status]'), 'Laporan diimpor: 1 orang cocok, 1 menunggu pencocokan manual.');
      const summary = async (key: string) => text(admin, `main [data-summary=${key}]`);
      assert.deepEqual(
        { rows: await summary('rows'), people: await summary('people'), matched: await summary('matched'), unmatched: await summary('unmatched'), ambiguous: await summary('ambiguous'), pending: await summary('pending') },
        { rows: '3', people: '2', matched: '1', unmatched: '1', ambiguous: '0', pending: '1' },
      );
      assert.equal(await admin.locator('[data-list=errors]').count(), 0, 'every row was readable');
      // Zoom's long file name in the heading wraps: the page stays as wide as the phone (otherwise the
      // table's links end up out of reach under the zoomed-out page).
      assert.equal(await admin.evaluate('document.documentElement.scrollWidth'), 360);

      // The unknown device waits for a decision; the admin dismisses it (an operator's phone in the room).
      const guest = admin.locator('table[data-table=people] tbody tr');
      assert.equal(await guest.count(), 1);
      const cells = async () => (await guest.locator('td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
      // Names, email, report lines, minutes, kind, status, action.
      assert.deepEqual(await cells(), ['iPhone', '–', '5', '125', 'Tidak cocok', 'Menunggu', 'Cocokkan']);
      await clickAndLoad(admin, guest.getByRole('link', { name: 'Cocokkan' }));
      assert.equal(await heading(admin), 'Cocokkan orang dalam laporan: iPhone');
      await admin.locator('#note').fill('Ponsel operator di ruang rapat');
      await clickAndLoad(admin, admin.getByRole('button', { name: 'Abaikan (narasumber, tamu, dan sebagainya)' }));
      assert.match(pathOf(admin), new RegExp(`^${attendanceUrl}/imports/\\d+$`));
      assert.deepEqual((await cells()).slice(-2), ['Diabaikan', 'Ponsel operator di ruang rapat']);
      assert.equal(await summary('pending'), '0');

      // The attendance list: 78 minutes (the overlap counted once), matched by the NIP, complete.
      await admin.goto(attendanceUrl);
      const row = admin.locator(`tr[data-enrolment-id="${enrolmentId}"]`);
      assert.equal(await row.count(), 1);
      assert.equal(await text(admin, `tr[data-enrolment-id="${enrolmentId}"] [data-col=minutes]`), '78');
      assert.equal(await text(admin, `tr[data-enrolment-id="${enrolmentId}"] [data-col=source]`), 'NIP di nama tampilan');
      assert.equal(await text(admin, `tr[data-enrolment-id="${enrolmentId}"] [data-col=completed]`), 'Ya');
      assert.equal(await text(admin, `tr[data-enrolment-id="${enrolmentId}"] [data-col=joined]`), 'Ya · 29 Nov 2026, 08.40 WIB');
      assert.equal(await text(admin, '[data-summary=completed]'), '1');

      // --- The participant reloads the session page: complete, by attendance.
      await p.goto(sessionUrl);
      assert.equal(await p.locator('.live-session').getAttribute('data-phase'), 'ended');
      assert.equal(await p.locator('.live-join').count(), 0, 'no Join button after the end');
      const status = await p.locator('.live-status li').allTextContents();
      assert.deepEqual(status.map((s) => s.replace(/\s+/g, ' ').trim()), [
        'Bergabung melalui platform: 29 Nov 2026, 09.40 WITA',
        'Lama hadir menurut laporan Zoom: 78 menit',
        'Selesai (kehadiran).',
      ]);
      assert.equal(await text(p, '.activity-meta [data-progress-for], .activity-meta .badge'), '✓ Selesai');
      // The outline marks it done, on the programme page and in the API.
      await p.goto(`/learn/${enrolmentId}`);
      const item = lan.locator('li.activity', { hasText: DEMO_LIVE.title });
      assert.equal(await item.count(), 1);
      assert.match((await item.getAttribute('class')) ?? '', /\bstate-completed\b/);
      const outline = await p.request.get(`/api/v1/enrolments/${enrolmentId}/outline`, { headers: { accept: 'application/json' } });
      assert.equal(outline.status(), 200);
      const acts = ((await outline.json()) as { stages: { activities: { id: number; state: string }[] }[] }).stages.flatMap((s) => s.activities);
      assert.equal(acts.find((a) => a.id === live.id)?.state, 'completed');
      const after = (await (await p.request.get(`/api/v1/live-sessions/${live.id}`, { headers: { accept: 'application/json' } })).json()) as { phase: string; join: unknown; own: { attendedMinutes: number; completed: boolean; completedBy: string | null } };
      assert.equal(after.phase, 'ended');
      assert.equal(after.join, null);
      assert.deepEqual({ minutes: after.own.attendedMinutes, completed: after.own.completed, by: after.own.completedBy }, { minutes: 78, completed: true, by: 'attendance' });

      assert.deepEqual(sessions.problems(), [], 'the pages had no script errors, console errors or failed requests');
    });
  });
}
