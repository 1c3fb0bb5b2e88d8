// End-to-end: the KPU NTT operator provisions participants from a spreadsheet in a real headless
// Chromium on a phone-sized screen — the dry run lists the bad rows with their reasons, the corrected
// file is applied (as a background job), the activation codes are ready to hand out, and the new
// participants appear on the monitoring dashboard. Then one of them signs in with the NIP and the
// activation code and is asked to choose a password.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, eventually, heading, pathOf, phoneContext, sharedBrowser, signInThroughForm, startE2EServer, watchPage, type E2EServer } from '../support/browser.js';
import { DEMO } from '../../src/services/demo.js';
import { issueActivationCodes } from '../../src/services/activation.js';
import { loadPrincipal } from '../../src/services/auth.js';

after(closeSharedBrowser);

const HEADER = 'nip;nama;email;telepon;kode_unit;jabatan;jenis_kepegawaian;nik;gelombang;angkatan;ndh';
const GOOD = [
  '199205172024212003;Maria Goreti Nenobais;maria.nenobais@kpu-kupang.go.id;081234567001;5371;Penata Kelola Pemilu Ahli Pertama;PPPK;;1;5;41',
  '199111032024211002;Yohanes Fanggidae;yohanes.fanggidae@kpu-sikka.go.id;081234567002;5310;Arsiparis Terampil;PPPK;;1;5;42',
];
const BAD_DATE = '199213402024211001;Petrus Tefa;petrus.tefa@kpu-kupang.go.id;081234567003;5371;Pranata Komputer Ahli Pertama;PPPK;;1;5;43';
const BAD_EMAIL = '199304212024212005;Agnes Lenggu;agnes.lenggu(at)kpu-kupang.go.id;081234567004;5371;Analis Hukum;PPPK;;1;5;44';
const csv = (rows: string[]) => '\uFEFF' + [HEADER, ...rows].join('\r\n') + '\r\n';
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

for (const kind of testDatabases()) {
  describe(`e2e: the NTT operator imports participants, fixes the errors, applies, sees them on the dashboard [${kind}]`, () => {
    let server: E2EServer;
    const contexts: BrowserContext[] = [];
    const watched: { problems: string[] }[] = [];
    let dir = '';

    before(async () => {
      server = await startE2EServer(kind);
      dir = mkdtempSync(path.join(tmpdir(), 'lentera-import-'));
      writeFileSync(path.join(dir, 'peserta-ntt.csv'), csv([GOOD[0]!, BAD_DATE, GOOD[1]!, BAD_EMAIL]));
      writeFileSync(path.join(dir, 'peserta-ntt-perbaikan.csv'), csv([GOOD[0]!, GOOD[1]!]));
    });
    after(async () => {
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    afterEach(async () => {
      for (const c of contexts.splice(0)) await c.close();
      watched.splice(0);
    });

    async function newPage(): Promise<Page> {
      const browser = await sharedBrowser();
      const context = await phoneContext(browser, server.baseUrl);
      contexts.push(context);
      const page = await context.newPage();
      watched.push(watchPage(page));
      return page;
    }

    async function dryRun(page: Page, file: string) {
      await page.goto('/admin/participants/import');
      await page.getByLabel('Berkas (CSV atau XLSX, maks. 5 MB)').setInputFiles(path.join(dir, file));
      const cohort = await page.locator('#import-cohort option', { hasText: DEMO.cohort.title }).getAttribute('value');
      await page.getByLabel('Angkatan (kohort) tujuan').selectOption(cohort!);
      await clickAndLoad(page, page.getByRole('button', { name: 'Uji coba' }));
    }

    test('(8) import with errors → fix → apply → the new participants on the dashboard; one signs in with the activation code', async () => {
      const { ctx } = server.platform;
      const page = await newPage();
      await page.goto('/login');
      await signInThroughForm(page, DEMO.operator.login, DEMO_PASSWORD);
      assert.equal(pathOf(page), '/');

      // --- The first file: two bad rows, each listed with its row number and reason; nothing written.
      await dryRun(page, 'peserta-ntt.csv');
      assert.match(await text(page, 'main [role=status]'), /masalah ditemukan/);
      const rows = page.locator('main table').first().locator('tbody tr');
      const problems: string[][] = [];
      for (let i = 0; i < (await rows.count()); i++) problems.push((await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim()));
      assert.deepEqual(
        problems.map((cells) => [cells[0], cells[cells.length - 1]]),
        [
          ['3', 'Delapan angka pertama NIP bukan tanggal lahir yang valid.'],
          ['5', 'Alamat email tidak valid.'],
        ],
        'every bad row is listed with its number and reason',
      );
      assert.equal(await page.getByRole('button', { name: 'Terapkan' }).count(), 0, 'a file with bad rows cannot be applied');
      assert.equal(await ctx.repos.users.findByLogin('199205172024212003'), undefined, 'the dry run wrote nothing');

      // --- The corrected file: valid, applied as a job.
      await dryRun(page, 'peserta-ntt-perbaikan.csv');
      assert.match(await text(page, 'main [role=status]'), /Semua baris valid/);
      await clickAndLoad(page, page.getByRole('button', { name: 'Terapkan' }));
      assert.match(pathOf(page), /^\/admin\/participants\/import\/jobs\/\d+$/);
      await eventually('the import job ran', async () => {
        await ctx.jobs.runOnce();
        await page.reload();
        return (await page.getByRole('link', { name: /PDF/ }).count()) > 0;
      });
      const slips = await page.request.get(await page.getByRole('link', { name: /PDF/ }).first().getAttribute('href') ?? '');
      assert.equal(slips.status(), 200);
      assert.equal((await slips.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      for (const nip of ['199205172024212003', '199111032024211002']) {
        const u = await ctx.repos.users.findByLogin(nip);
        assert.ok(u, `${nip} was created`);
        assert.ok(u.activation_code_hash, 'with an activation code (stored as a keyed hash)');
      }

      // --- The dashboard of the NTT operator counts them as never signed in and lists them.
      await page.goto('/admin/monitoring');
      assert.equal(await heading(page), 'Pemantauan peserta');
      assert.ok(await page.locator('main svg').count(), 'the bar chart is rendered on the server');
      await page.goto('/admin/monitoring/participants?status=never_signed_in');
      const listed = await text(page, 'main');
      assert.match(listed, /Maria Goreti Nenobais/);
      assert.match(listed, /Yohanes Fanggidae/);

      // --- One of them signs in with the NIP and an activation code re-issued for the test
      //     (codes are shown once, in the slips); she must then choose a password.
      const maria = (await ctx.repos.users.findByLogin('199205172024212003'))!;
      const operator = (await ctx.repos.users.findByLogin(DEMO.operator.login))!;
      const [slip] = await issueActivationCodes(ctx, { userId: operator.id, ip: 'e2e', principal: await loadPrincipal(ctx, operator.id) }, [maria.id]);
      const code = slip!.code;
      const participant = await newPage();
      await participant.goto('/login');
      await signInThroughForm(participant, '199205172024212003', code.toLowerCase().replace(/-/g, ''));
      assert.equal(pathOf(participant), '/password/change');
      assert.equal(await participant.getByLabel('Kata sandi saat ini').count(), 0, 'no current password is asked for');
      assert.deepEqual(watched.flatMap((w) => w.problems), [], 'the pages had no script errors, console errors or failed requests');
    });
  });
}
