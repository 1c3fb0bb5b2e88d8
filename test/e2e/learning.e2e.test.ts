// End-to-end: staged self-paced learning in a real headless Chromium on a phone-sized screen against
// a real server — the demo programme's Tahap 1 worked through to unlock Tahap 2, honest video progress
// (seeking ahead counts nothing, resume where one stopped), nothing lost offline (the localStorage
// queues of progress.js and video.js, also across a reload), and the no-JavaScript fallbacks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, eventually, heading, pathOf, phoneContext, sharedBrowser, signInThroughForm, startE2EServer, watchPage, type E2EServer } from '../support/browser.js';
import { createTestProgramme } from '../support/learning.js';
import { DEMO } from '../../src/services/demo.js';
import { DEMO_CONTENT_DIR, DEMO_EVALUATION, DEMO_MEDIA, DEMO_PAGES, DEMO_STAGES } from '../../src/services/demo-content.js';
import { storeFile } from '../../src/services/files.js';
import { DEMO_LIVE } from '../../src/services/demo-live.js';

after(closeSharedBrowser);

/** The queues of unsent progress events (public/js/progress.js and public/js/video.js). */
const PAGE_QUEUE = 'lentera.progress.queue';
const VIDEO_QUEUE = 'lentera.progressQueue.v1';
/**
 * Playback speed for the 30-s video. video.js treats more than 1.5 s × min(2, rate) of media time
 * between two `timeupdate`s (≈250 ms apart in Chromium) as a seek, so at 16× (4 s per tick) nothing
 * counts; 4× keeps every tick at ~1 s of media time, well inside that, and plays 30 s in ~7.5 s.
 */
const RATE = 4;

/** A long page (must be scrolled on a 360×740 screen before its end is seen). */
const LONG_MARKDOWN = ['# Bacaan panjang', ...Array.from({ length: 40 }, (_, i) => `Paragraf ${i + 1}. ASN berorientasi pelayanan, akuntabel, kompeten, harmonis, loyal, adaptif, dan kolaboratif; nilai-nilai ini menjadi pedoman kerja sehari-hari.`)].join('\n\n');

/** Whether a response is the answer to a progress event of `activityId`. */
const isProgressPost = (activityId: number) => (r: Response) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/activities/${activityId}/progress`);

// Code that runs in the page: page.evaluate takes it as a string (the project's TypeScript has no DOM
// types); page.waitForFunction polls a function instead (a string would be eval'd in the page, which
// the app's Content-Security-Policy rightly forbids), typed through the small PageDom below.

/** The part of the page's DOM the polled functions use. */
interface PageDom {
  document: { querySelector(selector: 'video'): { paused: boolean; ended: boolean; currentTime: number; buffered: { length: number; end(i: number): number } } | null };
  localStorage: { getItem(key: string): string | null };
}

async function queueLength(page: Page, key: string): Promise<number> {
  return page.evaluate(`(() => {
    const raw = window.localStorage.getItem(${JSON.stringify(key)});
    const list = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.length : 0;
  })()`);
}

/** Runs `js` in the page with `v` bound to its <video>. */
const withVideo = <T = unknown>(page: Page, js: string): Promise<T> => page.evaluate(`(async () => { const v = document.querySelector('video'); ${js} })()`);
/** Starts the page's video muted (autoplay policy) at `rate`× from where it is. */
const playVideo = (page: Page, rate = RATE) => withVideo(page, `v.muted = true; v.defaultPlaybackRate = ${rate}; v.playbackRate = ${rate}; await v.play();`);
const seekVideo = (page: Page, seconds: number) => withVideo(page, `v.currentTime = ${seconds};`);
const waitForMediaTime = (page: Page, seconds: number) =>
  page.waitForFunction((s) => {
    const v = (globalThis as unknown as PageDom).document.querySelector('video');
    return !!v && !v.paused && v.currentTime >= s;
  }, seconds);
const waitForEnded = (page: Page) =>
  page.waitForFunction(() => (globalThis as unknown as PageDom).document.querySelector('video')?.ended === true, undefined, { timeout: 30_000 });
/** Every queued video event was answered by the server (video.js removes each once it has its answer). */
const waitForVideoQueueSent = (page: Page) =>
  page.waitForFunction((key) => {
    const raw = (globalThis as unknown as PageDom).localStorage.getItem(key);
    return !raw || (JSON.parse(raw) as unknown[]).length === 0;
  }, VIDEO_QUEUE);
/** The whole file is in the player's buffer and it has played `seconds`. */
const waitForFullyBuffered = (page: Page, seconds: number) =>
  page.waitForFunction((s) => {
    const v = (globalThis as unknown as PageDom).document.querySelector('video');
    return !!v && v.buffered.length > 0 && v.buffered.end(v.buffered.length - 1) >= 29.9 && v.currentTime >= s;
  }, seconds);

interface VideoData {
  intervals: [number, number][];
  position: number;
  watchedSeconds: number;
  completed: boolean;
}

for (const kind of testDatabases()) {
  describe(`e2e: staged learning, honest video, offline, without JavaScript [${kind}]`, () => {
    let server: E2EServer;
    let browser: Browser;
    let context: BrowserContext | null = null;
    let watched: { problems: string[] } = { problems: [] };
    let participantId = 0;
    let videoFileId = 0;
    let pdfFileId = 0;

    before(async () => {
      server = await startE2EServer(kind);
      const { ctx } = server.platform;
      participantId = (await ctx.repos.users.findByLogin(DEMO.participant.nip))!.id;
      const store = async (file: string, mime: string) => {
        const bytes = readFileSync(path.join(DEMO_CONTENT_DIR, file));
        return (await storeFile(ctx, bytes, { originalName: file, mime, createdBy: null, maxBytes: bytes.length })).id;
      };
      videoFileId = await store(DEMO_MEDIA.video.file, DEMO_MEDIA.video.mime);
      pdfFileId = await store(DEMO_MEDIA.modul.file, DEMO_MEDIA.modul.mime);
    });
    after(async () => {
      await server?.close();
    });
    /** Undone after each test, also when it failed half-way. */
    let cleanups: (() => void)[] = [];
    afterEach(async () => {
      for (const undo of cleanups) undo();
      cleanups = [];
      await context?.close();
      context = null;
    });

    /** A fresh phone-sized context with the demo participant signed in (through the form) on the home page. */
    async function signedInParticipant(opts: BrowserContextOptions = {}): Promise<Page> {
      // Launched (once per file) inside each test, so a missing browser fails every test, loudly.
      browser = await sharedBrowser();
      context = await phoneContext(browser, server.baseUrl, opts);
      const page = await context.newPage();
      watched = watchPage(page);
      await page.goto('/login');
      await signInThroughForm(page, DEMO.participant.nip, DEMO_PASSWORD);
      assert.equal(pathOf(page), '/');
      return page;
    }
    /** Problems on the page fail the test; `offline` ignores the requests that fail because the test cut the network. */
    const noProblems = (opts: { offline?: boolean } = {}) =>
      assert.deepEqual(
        watched.problems.filter((p) => !(opts.offline && /ERR_INTERNET_DISCONNECTED|^server error: 500 POST .*\/progress$/.test(p))),
        [],
        'the pages had no script errors, console errors or failed requests',
      );

    /** A fresh programme (one stage) for the demo participant with the given activities. */
    async function testProgramme(code: string, activities: { kind: string; title: string; config: unknown }[]) {
      const { ctx, clock } = server.platform;
      const { programmeId, enrolmentIds } = await createTestProgramme(server.platform, { code, participantIds: [participantId] });
      const now = clock.fn().toISOString();
      const stageId = await ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: `Tahap ${code}`, now });
      const activityIds: number[] = [];
      for (const [i, a] of activities.entries()) {
        activityIds.push(await ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stageId, position: i + 1, kind: a.kind, title: a.title, config: a.config, now }));
      }
      return { enrolmentId: enrolmentIds[0]!, activityIds };
    }
    const videoActivity = (title: string) => ({ kind: 'video', title, config: { fileId: videoFileId, durationSeconds: 30, completeAtPercent: 90 } });

    async function progressRow(enrolmentId: number, activityId: number) {
      return server.platform.ctx.repos.learning.progressOne(enrolmentId, activityId);
    }
    async function videoProgress(enrolmentId: number, activityId: number) {
      const row = await progressRow(enrolmentId, activityId);
      assert.ok(row, 'a progress row exists');
      return { state: row.state, percent: row.percent, data: JSON.parse(row.data) as VideoData };
    }
    /** The activity as GET /api/v1/enrolments/{id}/outline reports it (with the browser's cookies). */
    async function outlineActivity(page: Page, enrolmentId: number, activityId: number) {
      const res = await page.request.get(`/api/v1/enrolments/${enrolmentId}/outline`, { headers: { accept: 'application/json' } });
      assert.equal(res.status(), 200);
      const body = (await res.json()) as { stages: { activities: { id: number; state: string; progress: number }[] }[] };
      const found = body.stages.flatMap((s) => s.activities).find((a) => a.id === activityId);
      assert.ok(found, `activity ${activityId} is in the outline`);
      return found;
    }

    /** The card of the demo programme on the home page, and its progress in percent. */
    async function homeCard(page: Page) {
      await page.goto('/');
      const card = page.locator('section.card.enrolment', { has: page.getByRole('heading', { name: DEMO.programme.title, level: 3 }) });
      assert.equal(await card.count(), 1, 'the demo programme has one card');
      const text = ((await card.locator('.progress-line strong').textContent()) ?? '').trim();
      const m = /^(\d+) %$/.exec(text);
      assert.ok(m, `the card shows the progress as "N %" (got ${JSON.stringify(text)})`);
      assert.equal(await card.locator('progress').getAttribute('value'), m[1]);
      return { card, percent: Number(m[1]) };
    }
    /** The stage of the programme page (current page) titled `title`: its state badge, reason and activities. */
    function stageOn(page: Page, title: string) {
      const stage = page.locator('li.stage', { has: page.getByRole('heading', { name: title, level: 3 }) });
      return {
        badge: async () => ((await stage.locator('.stage-meta .badge').textContent()) ?? '').replace(/\s+/g, ' ').trim(),
        reason: stage.locator(':scope > p.reason'),
        links: stage.locator('ul.activities a.title'),
        items: stage.locator('ul.activities li.activity'),
      };
    }
    const badgeText = async (page: Page) => ((await page.locator('.activity-meta .badge, .activity-meta [data-progress-for]').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const activityIdOf = (page: Page) => Number(/\/activities\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);

    test('(1) the demo participant works through Tahap 1 and Tahap 2 opens right after its last activity', async () => {
      const page = await signedInParticipant();
      assert.equal(await page.getByRole('heading', { name: 'Program saya', level: 2 }).count(), 1);
      const start = await homeCard(page);
      assert.equal(start.percent, 0, 'nothing done yet');
      const cta = start.card.locator('a.button.cta');
      assert.match(((await cta.textContent()) ?? '').trim(), /^Mulai: /, 'a fresh participant is offered "Mulai"');
      // The optional pre-test comes first in Tahap 1.
      assert.equal(((await start.card.locator('.next-step .hint').textContent()) ?? '').trim(), `Berikutnya: ${DEMO_EVALUATION.preTest.title}`);

      // Before anything: Tahap 2 is locked on the programme page, with the reason.
      await clickAndLoad(page, start.card.getByRole('link', { name: 'Lihat semua tahap' }));
      const enrolmentId = Number(/^\/learn\/(\d+)$/.exec(pathOf(page))?.[1]);
      assert.ok(enrolmentId > 0);
      assert.equal(await heading(page), DEMO.programme.title);
      assert.equal(await stageOn(page, DEMO_STAGES.lan).badge(), '○ Tersedia');
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).badge(), 'Terkunci');
      assert.equal(((await stageOn(page, DEMO_STAGES.kpu).reason.textContent()) ?? '').trim(), `Terbuka setelah ${DEMO_STAGES.lan} selesai`);
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).links.count(), 0, 'no links into a locked stage');
      // Seven self-paced activities and, last, the (optional) live opening session.
      assert.equal(await stageOn(page, DEMO_STAGES.lan).links.count(), 8);
      assert.equal(((await stageOn(page, DEMO_STAGES.lan).links.last().textContent()) ?? '').trim(), DEMO_LIVE.title);

      // Follow "Mulai" from the home page to the pre-test; it is taken through the API (the quiz pages
      // have their own tests), and never blocks. Its next link leads to the welcome page, which
      // completes on opening.
      await page.goto('/');
      await clickAndLoad(page, page.locator('section.card.enrolment', { has: page.getByRole('heading', { name: DEMO.programme.title }) }).locator('a.button.cta'));
      assert.equal(await heading(page), DEMO_EVALUATION.preTest.title);
      const started = await page.request.post(`/api/v1/enrolments/${enrolmentId}/activities/${activityIdOf(page)}/attempts`, { data: {} });
      assert.equal(started.status(), 201);
      const submitted = await page.request.post(`/api/v1/attempts/${((await started.json()) as { attemptId: number }).attemptId}/submit`, { data: {} });
      assert.equal(submitted.status(), 200);
      await clickAndLoad(page, page.locator('a[rel=next]'));
      assert.equal(await heading(page), DEMO_PAGES.welcome.title);
      assert.equal(await badgeText(page), '✓ Selesai');

      // Pages read to the end: scrolling to the end sends read_to_end (progress.js). (With JavaScript,
      // reaching the "Saya sudah selesai membaca" button means scrolling past the end, which already
      // completes the page and hides the button; the button itself is tested without JavaScript.)
      for (const p of [DEMO_PAGES.belaNegara, DEMO_PAGES.berakhlak, DEMO_PAGES.pppk]) {
        await clickAndLoad(page, page.locator('a[rel=next]'));
        assert.equal(await heading(page), p.title);
        const id = activityIdOf(page);
        assert.equal(await badgeText(page), '◐ Sedang berjalan · 50 %');
        assert.equal(await page.getByRole('button', { name: 'Saya sudah selesai membaca' }).isVisible(), true);
        const answered = page.waitForResponse(isProgressPost(id));
        await page.locator('[data-read-end]').scrollIntoViewIfNeeded();
        const res = await answered;
        assert.equal(res.status(), 200);
        assert.equal(((await res.json()) as { state: string }).state, 'completed');
        await page.locator(`[data-progress-for="${id}"][data-state="completed"]`).waitFor();
        assert.equal(((await page.locator(`[data-progress-for="${id}"]`).textContent()) ?? '').trim(), '✓ Selesai');
        await page.locator('form.read-done').waitFor({ state: 'hidden' });
        assert.equal((await progressRow(enrolmentId, id))?.state, 'completed');
      }

      // The PDF module: opening its page completes it.
      await clickAndLoad(page, page.locator('a[rel=next]'));
      assert.equal(await heading(page), DEMO_MEDIA.modul.title);
      assert.equal(await badgeText(page), '✓ Selesai');
      assert.equal((await progressRow(enrolmentId, activityIdOf(page)))?.state, 'completed');

      // Before the last activity: Tahap 2 is still locked, with the reason; the home progress went up.
      await page.goto(`/learn/${enrolmentId}`);
      assert.equal(await stageOn(page, DEMO_STAGES.lan).badge(), '◐ Sedang berjalan');
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).badge(), 'Terkunci');
      assert.equal(((await stageOn(page, DEMO_STAGES.kpu).reason.textContent()) ?? '').trim(), `Terbuka setelah ${DEMO_STAGES.lan} selesai`);
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).links.count(), 0);
      const middle = await homeCard(page);
      assert.ok(middle.percent > start.percent, `the progress went up (${start.percent} → ${middle.percent})`);
      assert.match(((await middle.card.locator('a.button.cta').textContent()) ?? '').trim(), /^Lanjutkan: /, 'once started, the button says "Lanjutkan"');

      // The video, from the programme page: played to the end (at 4×: real media time, only faster).
      await page.goto(`/learn/${enrolmentId}`);
      await clickAndLoad(page, stageOn(page, DEMO_STAGES.lan).links.filter({ hasText: DEMO_MEDIA.video.title }));
      assert.equal(await heading(page), DEMO_MEDIA.video.title);
      const videoId = activityIdOf(page);
      await playVideo(page);
      await waitForEnded(page);
      await waitForVideoQueueSent(page);
      await page.locator('[data-video-status]').filter({ hasText: 'Selesai ditonton' }).waitFor();
      const v = await videoProgress(enrolmentId, videoId);
      assert.equal(v.state, 'completed');
      assert.ok(v.data.watchedSeconds >= 27, `at least 90 % of 30 s counted (${v.data.watchedSeconds} s)`);

      // Right after: Tahap 1 complete, Tahap 2 open with active links, the progress went up again.
      await page.goto(`/learn/${enrolmentId}`);
      assert.equal(await stageOn(page, DEMO_STAGES.lan).badge(), '✓ Selesai');
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).badge(), '○ Tersedia');
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).reason.count(), 0, 'no lock reason any more');
      assert.equal(await stageOn(page, DEMO_STAGES.kpu).links.count(), 3, 'every Tahap 2 activity is a link');
      assert.equal(await stageOn(page, DEMO_STAGES.jurnal).badge(), 'Terkunci');
      assert.equal(((await stageOn(page, DEMO_STAGES.jurnal).reason.textContent()) ?? '').trim(), `Terbuka setelah ${DEMO_STAGES.kpu} selesai`);
      const end = await homeCard(page);
      assert.ok(end.percent > middle.percent, `the progress went up (${middle.percent} → ${end.percent})`);
      // The optional live opening session (last in Tahap 1, scheduled for tomorrow) is not done yet: it
      // is the next step offered, without holding back Tahap 2, whose first activity follows it.
      assert.equal(((await end.card.locator('.next-step .hint').textContent()) ?? '').trim(), `Berikutnya: ${DEMO_LIVE.title}`);
      await clickAndLoad(page, end.card.locator('a.button.cta'));
      assert.equal(await heading(page), DEMO_LIVE.title, 'the next step is the live session, and its page opens');
      assert.equal(await page.locator('.locked').count(), 0);
      await clickAndLoad(page, page.locator('a[rel=next]'));
      assert.equal(await heading(page), DEMO_PAGES.organisasi.title, 'after it comes the first Tahap 2 activity, and it opens');
      assert.equal(await page.locator('.locked').count(), 0);
      noProblems();
    });

    test('(2) honest video: seeking ahead counts nothing, playing it all completes, and it resumes where one stopped', async () => {
      const { enrolmentId, activityIds } = await testProgramme('E2E-VIDEO', [videoActivity('Video jujur')]);
      const videoId = activityIds[0]!;
      const page = await signedInParticipant();
      await page.goto(`/learn/${enrolmentId}/activities/${videoId}`);
      assert.equal(await heading(page), 'Video jujur');
      assert.equal(((await page.locator('[data-video-status]').textContent()) ?? '').trim(), 'Ditonton: 0%');

      // ~3 s, then a jump to 25 s, then on to the end.
      await playVideo(page);
      await waitForMediaTime(page, 3);
      await seekVideo(page, 25);
      await waitForEnded(page);
      await waitForVideoQueueSent(page);
      const partial = await videoProgress(enrolmentId, videoId);
      assert.equal(partial.state, 'in_progress', 'not completed');
      assert.ok(partial.data.watchedSeconds >= 6 && partial.data.watchedSeconds <= 11, `only the ~3 s before and the 5 s after the jump count (${partial.data.watchedSeconds} s)`);
      assert.ok(partial.percent < 40, `well below 90 % (${partial.percent} %)`);
      assert.equal(partial.data.intervals.length, 2, `two separate ranges: ${JSON.stringify(partial.data.intervals)}`);
      assert.ok(partial.data.intervals[0]![0] < 0.5 && partial.data.intervals[1]![1] === 30, JSON.stringify(partial.data.intervals));
      assert.ok(partial.data.intervals[1]![0] >= 24.5, `the second range starts at the jump target: ${JSON.stringify(partial.data.intervals)}`);
      const o1 = await outlineActivity(page, enrolmentId, videoId);
      assert.equal(o1.state, 'in_progress');
      assert.ok(o1.progress < 40, `the outline agrees (${o1.progress} %)`);
      assert.match(((await page.locator('[data-video-status]').textContent()) ?? '').trim(), /^Ditonton: \d+%$/);

      // From the start to the end: completed.
      await seekVideo(page, 0);
      await playVideo(page);
      await waitForEnded(page);
      await waitForVideoQueueSent(page);
      const full = await videoProgress(enrolmentId, videoId);
      assert.equal(full.state, 'completed');
      assert.equal(full.percent, 100);
      assert.ok(full.data.watchedSeconds >= 27, `${full.data.watchedSeconds} s counted`);
      assert.equal((await outlineActivity(page, enrolmentId, videoId)).state, 'completed');
      await page.locator('[data-video-status]').filter({ hasText: 'Selesai ditonton' }).waitFor();

      // Watch again up to ~15 s and stop: the position is kept; after a reload the player resumes there.
      await seekVideo(page, 0);
      await playVideo(page);
      await waitForMediaTime(page, 15);
      await withVideo(page, 'v.pause();');
      await waitForVideoQueueSent(page);
      const stopped = await videoProgress(enrolmentId, videoId);
      assert.ok(stopped.data.position >= 14.5 && stopped.data.position <= 24, `the stop position is kept (${stopped.data.position} s)`);
      assert.equal(stopped.state, 'completed', 'completion is never taken back');

      await page.reload();
      const root = page.locator('[data-lentera-video]');
      assert.equal(Number(await root.getAttribute('data-resume-at')), stopped.data.position);
      assert.match(((await page.locator('.video-activity .hint').textContent()) ?? ''), /Video dilanjutkan dari 0:1\d\./);
      // Registered after video.js's own listener, so this sees the player after video.js moved it.
      const resumedAt = await withVideo<number>(page, `
        v.muted = true;
        const meta = new Promise((resolve) => v.addEventListener('loadedmetadata', () => resolve(v.currentTime), { once: true }));
        void v.play();
        const at = await meta;
        v.pause();
        return at;
      `);
      assert.ok(Math.abs(resumedAt - stopped.data.position) < 1, `the player resumes at ${stopped.data.position} s once the metadata is loaded (currentTime ${resumedAt})`);
      noProblems();
    });

    test('(3) nothing is lost offline: a page read and a video watched without signal reach the server later, also across a reload', async () => {
      const { enrolmentId, activityIds } = await testProgramme('E2E-OFFLINE', [
        { kind: 'page', title: 'Bacaan luring', config: { markdown: LONG_MARKDOWN, completeOn: 'scroll_end' } },
        { kind: 'page', title: 'Bacaan luring kedua', config: { markdown: LONG_MARKDOWN, completeOn: 'scroll_end' } },
        videoActivity('Video luring'),
      ]);
      const [pageId, page2Id, videoId] = activityIds as [number, number, number];
      let page = await signedInParticipant();
      /**
       * Reloads without signal (it fails), then closes the tab — Chromium's error page would reload
       * by itself once the signal is back — and opens a new one later (same cookies and localStorage).
       */
      const reloadOfflineAndReopen = async (old: Page) => {
        // The error page replaces the document only after reload() gave up; until then the old one
        // lives on (and closing it would end the offline emulation under its feet).
        const errorPage = old.waitForEvent('framenavigated', { predicate: (f) => f === old.mainFrame() && f.url().startsWith('chrome-error:') });
        await assert.rejects(old.reload(), /ERR_INTERNET_DISCONNECTED/, 'no signal: the reload fails');
        await errorPage;
        const problems = watched.problems;
        await old.close();
        const next = await context!.newPage();
        watched = watchPage(next);
        watched.problems.push(...problems);
        return next;
      };
      // Chromium's offline emulation leaks where a phone without signal does not: page.reload()
      // briefly turns it off (the page gets an `online` event and its scripts' flush goes out just
      // before the reload fails), and a beacon (progress.js and video.js hand their queue to
      // navigator.sendBeacon when a page goes away) outlives the page and is delivered anyway. Either
      // would hide whether the localStorage queues work. So while "offline", whatever slips through
      // does not arrive at the server either (it fails like a request lost on the way, and the scripts
      // keep the event queued): whatever arrives after the signal is back came from the queue.
      const learningRepo = server.platform.ctx.repos.learning;
      const recordEvent = learningRepo.recordEvent;
      cleanups.push(() => {
        learningRepo.recordEvent = recordEvent;
      });
      const offline = async (on: boolean) => {
        learningRepo.recordEvent = on
          ? async () => {
              throw new Error('no signal (test): this request never reached the server');
            }
          : recordEvent;
        await context!.setOffline(on);
      };
      const offlineNotice = page.locator('[data-offline-notice]');

      // (a) A page scrolled to its end while offline: queued, shown as saved on the device, sent once back online.
      await page.goto(`/learn/${enrolmentId}/activities/${pageId}`);
      assert.equal(await page.locator('[data-read-end]').isVisible(), true);
      assert.equal((await progressRow(enrolmentId, pageId))?.state, 'in_progress');
      await offline(true);
      await page.locator('[data-read-end]').scrollIntoViewIfNeeded();
      await offlineNotice.waitFor({ state: 'visible' });
      assert.equal(((await offlineNotice.textContent()) ?? '').trim(), 'Kemajuan tersimpan di perangkat dan akan dikirim saat sinyal kembali.');
      assert.equal(await queueLength(page, PAGE_QUEUE), 1, 'the event waits in localStorage');
      assert.equal((await progressRow(enrolmentId, pageId))?.state, 'in_progress', 'nothing reached the server');
      const answered = page.waitForResponse(isProgressPost(pageId));
      await offline(false);
      assert.equal((await answered).status(), 200);
      await page.locator(`[data-progress-for="${pageId}"][data-state="completed"]`).waitFor();
      await offlineNotice.waitFor({ state: 'hidden' });
      assert.equal(await queueLength(page, PAGE_QUEUE), 0);
      assert.equal((await progressRow(enrolmentId, pageId))?.state, 'completed');

      // (b) The same across a reload while offline: the queue survives in localStorage and the next
      // activity page sends it.
      await page.goto(`/learn/${enrolmentId}/activities/${page2Id}`);
      await offline(true);
      await page.locator('[data-read-end]').scrollIntoViewIfNeeded();
      await offlineNotice.waitFor({ state: 'visible' });
      assert.equal(await queueLength(page, PAGE_QUEUE), 1);
      page = await reloadOfflineAndReopen(page);
      await offline(false);
      await page.goto(`/learn/${enrolmentId}`);
      assert.equal(await queueLength(page, PAGE_QUEUE), 1, 'the event survived the reload in localStorage');
      assert.equal((await progressRow(enrolmentId, page2Id))?.state, 'in_progress', 'still queued (the programme page sends nothing)');
      const sent = page.waitForResponse(isProgressPost(page2Id));
      await page.goto(`/learn/${enrolmentId}/activities/${pageId}`);
      assert.equal((await sent).status(), 200, 'the next activity page sends the queued event');
      await eventually('the offline read to reach the server', async () => (await progressRow(enrolmentId, page2Id))?.state === 'completed');
      assert.equal(await queueLength(page, PAGE_QUEUE), 0);

      // (c) A video played to the end after the signal dropped, then a reload while offline, then back online.
      await page.goto(`/learn/${enrolmentId}/activities/${videoId}`);
      await playVideo(page);
      // The whole file (570 KB) is in the player's buffer before the signal goes.
      await waitForFullyBuffered(page, 2);
      await offline(true);
      await waitForEnded(page);
      const status = page.locator('[data-video-status]');
      await status.filter({ hasText: 'Progres tersimpan di ponsel ini dan dikirim saat tersambung kembali.' }).waitFor();
      assert.ok((await queueLength(page, VIDEO_QUEUE)) >= 2, 'the watched ranges and the position wait in localStorage');
      const before = await videoProgress(enrolmentId, videoId);
      assert.notEqual(before.state, 'completed', 'nothing completed while offline');
      page = await reloadOfflineAndReopen(page);
      assert.notEqual((await videoProgress(enrolmentId, videoId)).state, 'completed');
      await offline(false);
      await page.goto(`/learn/${enrolmentId}/activities/${videoId}`);
      await waitForVideoQueueSent(page);
      const after = await eventually('the offline video progress to reach the server', async () => {
        const p = await videoProgress(enrolmentId, videoId);
        return p.state === 'completed' ? p : null;
      });
      assert.ok(after.data.watchedSeconds >= 27, `${after.data.watchedSeconds} s counted`);
      await page.reload();
      assert.equal(((await page.locator('[data-video-status]').textContent()) ?? '').trim(), 'Selesai ditonton');
      noProblems({ offline: true });
    });

    test('(4) without JavaScript: "Saya sudah selesai membaca" completes a page, a document completes on opening, the video says it needs JavaScript', async () => {
      const { enrolmentId, activityIds } = await testProgramme('E2E-NOJS', [
        { kind: 'page', title: 'Bacaan tanpa JavaScript', config: { markdown: LONG_MARKDOWN, completeOn: 'scroll_end' } },
        { kind: 'document', title: 'Modul PDF tanpa JavaScript', config: { fileId: pdfFileId, completeOn: 'open' } },
        videoActivity('Video tanpa JavaScript'),
      ]);
      const [pageId, docId, videoId] = activityIds as [number, number, number];
      const page = await signedInParticipant({ javaScriptEnabled: false });
      assert.equal(await page.evaluate('typeof window.LenteraProgress'), 'undefined', 'the scripts really do not run');

      await page.goto(`/learn/${enrolmentId}/activities/${pageId}`);
      assert.equal(await heading(page), 'Bacaan tanpa JavaScript');
      assert.equal(await badgeText(page), '◐ Sedang berjalan · 50 %');
      assert.equal(((await page.locator('#read-to-end-hint').textContent()) ?? '').trim(), 'Baca sampai akhir halaman untuk menyelesaikan kegiatan ini.');
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      assert.equal((await progressRow(enrolmentId, pageId))?.state, 'in_progress', 'scrolling alone records nothing without JavaScript');
      await clickAndLoad(page, page.getByRole('button', { name: 'Saya sudah selesai membaca' }));
      assert.equal(pathOf(page), `/learn/${enrolmentId}/activities/${pageId}?notice=read`);
      assert.equal(((await page.locator('main p.notice[role=status]').first().textContent()) ?? '').trim(), 'Terima kasih, bacaan ini tercatat selesai.');
      assert.equal(await badgeText(page), '✓ Selesai');
      assert.equal(await page.getByRole('button', { name: 'Saya sudah selesai membaca' }).count(), 0);
      assert.equal((await progressRow(enrolmentId, pageId))?.state, 'completed');

      await clickAndLoad(page, page.locator('a[rel=next]'));
      assert.equal(pathOf(page), `/learn/${enrolmentId}/activities/${docId}`);
      assert.equal(await heading(page), 'Modul PDF tanpa JavaScript');
      assert.equal(await badgeText(page), '✓ Selesai');
      assert.equal((await progressRow(enrolmentId, docId))?.state, 'completed');
      assert.equal(await page.getByRole('link', { name: 'Buka PDF' }).count(), 1, 'the PDF can be opened as a plain link');
      // (Only up to DOMContentLoaded: the frame's PDF viewer need not finish loading for this.)
      await Promise.all([page.waitForURL(/\?view=inline/, { waitUntil: 'domcontentloaded' }), page.getByRole('link', { name: /^Tampilkan PDF di halaman ini/ }).click()]);
      assert.equal(await page.locator('iframe.pdf-frame').count(), 1, 'the PDF can be shown in the page without JavaScript');
      await page.goto(`/learn/${enrolmentId}/activities/${docId}`);

      await clickAndLoad(page, page.locator('a[rel=next]'));
      assert.equal(pathOf(page), `/learn/${enrolmentId}/activities/${videoId}`);
      assert.equal(await heading(page), 'Video tanpa JavaScript');
      assert.match(((await page.locator('.video-activity .hint').textContent()) ?? '').replace(/\s+/g, ' '), /Progres video hanya tercatat bila JavaScript aktif\./);
      assert.equal(await page.locator('video[controls]').count(), 1, 'the player is still there');
      assert.notEqual((await progressRow(enrolmentId, videoId))?.state, 'completed');

      await page.goto(`/learn/${enrolmentId}`);
      const items = page.locator('ul.activities li.activity');
      assert.equal(await items.count(), 3);
      const states = await items.evaluateAll((els) => els.map((el) => el.className));
      assert.deepEqual(states, ['activity state-completed', 'activity state-completed', 'activity state-in_progress']);
      noProblems();
    });
  });
}
