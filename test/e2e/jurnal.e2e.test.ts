// End-to-end: the Jurnal (upload activity) in a real headless Chromium on a phone-sized screen against
// a real server — locked until the material was opened, a real PDF uploaded through the form with and
// without JavaScript, a non-PDF refused in Indonesian, returned with a comment by the NTT operator,
// uploaded again, accepted, and shown as completed to the participant.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { minimalPdf } from '../support/pdf.js';
import { clickAndLoad, closeSharedBrowser, heading, pathOf, phoneSessions, startE2EServer, type E2EServer } from '../support/browser.js';
import { createTestProgramme } from '../support/learning.js';
import { DEMO } from '../../src/services/demo.js';

after(closeSharedBrowser);

const UPLOAD_TITLE = 'Unggah Jurnal Orientasi';
const PAGE_TITLE = 'Materi sebelum Jurnal';
const NOT_PDF = 'Berkas harus PDF. Simpan atau ekspor Jurnal Anda sebagai PDF (ukuran maksimal 5 MB), lalu unggah lagi.';
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

for (const kind of testDatabases()) {
  describe(`e2e: the Jurnal — upload, review, resubmit, accept [${kind}]`, () => {
    let server: E2EServer;
    const sessions = phoneSessions(() => server.baseUrl);
    const signedIn = sessions.signedIn;
    let dir = '';
    let files: { v1: string; v2: string; notPdf: string };

    before(async () => {
      server = await startE2EServer(kind);
      dir = mkdtempSync(path.join(tmpdir(), 'lentera-jurnal-'));
      files = { v1: path.join(dir, 'jurnal-yohanes.pdf'), v2: path.join(dir, 'jurnal-yohanes-perbaikan.pdf'), notPdf: path.join(dir, 'jurnal.docx') };
      writeFileSync(files.v1, minimalPdf('Jurnal Orientasi PPPK - Yohanes'));
      writeFileSync(files.v2, minimalPdf('Jurnal Orientasi PPPK - Yohanes (perbaikan)'));
      writeFileSync(files.notPdf, 'PK\u0003\u0004 ini bukan PDF, melainkan dokumen pengolah kata.');
    });
    after(async () => {
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    afterEach(() => sessions.close());

    /** A fresh phone-sized context signed in (through the form) as `login`. */
    const noProblems = () => assert.deepEqual(sessions.problems(), [], 'the pages had no script errors, console errors or failed requests');

    /** Chooses `file` in the Jurnal form and submits it; resolves once the answer page has loaded. */
    async function upload(page: Page, file: string, button: string) {
      await page.getByLabel('Berkas Jurnal (PDF)').setInputFiles(file);
      await clickAndLoad(page, page.getByRole('button', { name: button }));
    }

    /** The operator opens the latest Jurnal awaiting review and returns or accepts it. */
    async function review(page: Page, version: number, decision: { return: string } | 'accept') {
      await page.goto('/review/submissions');
      assert.equal(await heading(page), 'Pemeriksaan Jurnal');
      const row = page.locator('table.list tbody tr', { hasText: DEMO.participant.name });
      assert.equal(await row.count(), 1, 'the participant’s Jurnal awaits review');
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      assert.equal(cells[2], 'KPU Kota Kupang');
      assert.equal(cells[4], UPLOAD_TITLE);
      assert.equal(cells[5], String(version));
      assert.equal(cells[7], 'Menunggu pemeriksaan');
      await clickAndLoad(page, row.getByRole('link', { name: DEMO.participant.name }));
      assert.equal(await heading(page), `Jurnal ${DEMO.participant.name}`);
      // The PDF opens for the reviewer.
      const pdf = await page.request.get(await page.getByRole('link', { name: 'Buka PDF' }).getAttribute('href') ?? '');
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.equal((await pdf.body()).subarray(0, 8).toString('latin1'), '%PDF-1.4');
      if (decision === 'accept') {
        await clickAndLoad(page, page.getByRole('button', { name: 'Terima Jurnal' }));
        assert.equal(await text(page, 'main p.notice[role=status]'), 'Jurnal diterima.');
        assert.equal(await text(page, 'dd[data-status]'), 'Diterima');
      } else {
        await page.getByLabel('Catatan untuk peserta').fill(decision.return);
        await clickAndLoad(page, page.getByRole('button', { name: 'Kembalikan dengan catatan' }));
        assert.equal(await text(page, 'main p.notice[role=status]'), 'Jurnal dikembalikan kepada peserta.');
        assert.equal(await text(page, 'dd[data-status]'), 'Dikembalikan untuk diperbaiki');
      }
      assert.equal(await page.getByRole('button', { name: 'Terima Jurnal' }).count(), 0, 'a reviewed Jurnal has no review forms');
    }

    test('(5) locked until the material was opened; a PDF uploaded with and without JavaScript; returned, resubmitted, accepted', async () => {
      const { ctx, clock } = server.platform;
      const participant = await ctx.repos.users.findByLogin(DEMO.participant.nip);
      assert.ok(participant);
      const { programmeId, enrolmentIds } = await createTestProgramme(server.platform, { code: 'E2E-JURNAL', participantIds: [participant.id] });
      const enrolmentId = enrolmentIds[0]!;
      const now = clock.fn().toISOString();
      const stageId = await ctx.repos.learning.insertStage({ programme_id: programmeId, position: 1, title: 'Tahap Jurnal', now });
      const pageId = await ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stageId, position: 1, kind: 'page', title: PAGE_TITLE, config: { markdown: '# Materi\n\nBaca materi ini sebelum menulis Jurnal.', completeOn: 'open' }, now });
      const uploadId = await ctx.repos.learning.insertActivity({
        programme_id: programmeId, stage_id: stageId, position: 2, kind: 'upload', title: UPLOAD_TITLE,
        config: { instructions: 'Unggah **Jurnal** Anda sebagai satu berkas PDF.', maxBytes: 5 * 1024 * 1024, requireMaterialOpened: true }, now,
      });
      const uploadUrl = `/learn/${enrolmentId}/activities/${uploadId}`;

      // --- The participant, with JavaScript: locked before the material was opened.
      const p = await signedIn(DEMO.participant.nip);
      await p.goto(`/learn/${enrolmentId}`);
      const uploadItem = p.locator('li.activity', { hasText: UPLOAD_TITLE });
      assert.equal(await uploadItem.locator('a').count(), 0, 'no link to a locked Jurnal');
      assert.equal(await text(p, 'li.activity:has-text("Unggah Jurnal Orientasi") .badge'), 'Terkunci');
      assert.equal(await uploadItem.locator('.reason').textContent(), 'Jurnal dapat diunggah setelah semua materi dibuka (masih 1 materi)');
      const locked = await p.goto(uploadUrl);
      assert.equal(locked?.status(), 409);
      assert.equal(await text(p, 'section.locked .reason'), 'Jurnal dapat diunggah setelah semua materi dibuka (masih 1 materi)');
      assert.equal(await p.locator('input[type=file]').count(), 0, 'no upload form while locked');

      // Opening the material unlocks it.
      await clickAndLoad(p, p.locator('section.locked').getByRole('link', { name: 'Kembali ke program' }));
      await clickAndLoad(p, p.getByRole('link', { name: PAGE_TITLE, exact: true }));
      assert.equal(await text(p, '.activity-meta [data-progress-for]'), '✓ Selesai');
      await clickAndLoad(p, p.locator('a[rel=next]'));
      assert.equal(pathOf(p), uploadUrl);
      assert.equal(await heading(p), UPLOAD_TITLE);
      assert.equal(await text(p, '.upload-status [data-status]'), 'Belum diunggah');
      assert.equal(await p.getByLabel('Berkas Jurnal (PDF)').getAttribute('accept'), 'application/pdf,.pdf');
      assert.equal(await text(p, '#jurnal-file-hint'), 'Hanya PDF, ukuran maksimal 5 MB.');

      // A non-PDF is refused in Indonesian, with the form again; nothing is stored.
      await upload(p, files.notPdf, 'Unggah Jurnal');
      assert.equal(await heading(p), 'Jurnal belum terunggah');
      assert.equal(await text(p, 'main p.alert[role=alert]'), NOT_PDF);
      assert.equal(await p.getByLabel('Berkas Jurnal (PDF)').count(), 1, 'the form is offered again');
      assert.equal((await ctx.db.kysely.selectFrom('submissions').select('id').execute()).length, 0);

      // The real PDF, from that same form (JavaScript on).
      await upload(p, files.v1, 'Unggah Jurnal');
      assert.equal(pathOf(p), `${uploadUrl}?notice=submitted`);
      assert.equal(await text(p, '.upload-activity p.notice[role=status]'), 'Jurnal berhasil diunggah dan menunggu pemeriksaan.');
      assert.equal(await text(p, '.upload-status [data-status]'), 'Menunggu pemeriksaan · versi 1');
      assert.equal(await text(p, 'table.versions tbody tr td:nth-child(5) a'), 'jurnal-yohanes.pdf');
      assert.equal(await text(p, '.activity-meta [data-progress-for]'), '◐ Sedang berjalan · 50 %');

      // --- The NTT operator returns it with a comment.
      const comment = 'Mohon lengkapi refleksi tentang nilai Akuntabel dan Kolaboratif, lalu unggah lagi.';
      const op = await signedIn(DEMO.operator.login);
      await review(op, 1, { return: comment });

      // --- The participant, now without JavaScript: sees the comment and uploads a new version.
      const q = await signedIn(DEMO.participant.nip, { javaScriptEnabled: false });
      await q.goto(uploadUrl);
      assert.equal(await text(q, '.upload-status [data-status]'), 'Dikembalikan untuk diperbaiki · versi 1');
      assert.equal(await text(q, '.reviewer-comment p'), 'Catatan pemeriksa:');
      assert.equal(await text(q, '.reviewer-comment blockquote'), comment);
      assert.equal(await text(q, 'table.versions tbody tr td:nth-child(4)'), comment);
      // A non-PDF without JavaScript: the same message.
      await upload(q, files.notPdf, 'Unggah versi baru');
      assert.equal(await text(q, 'main p.alert[role=alert]'), NOT_PDF);
      await q.goto(uploadUrl);
      await upload(q, files.v2, 'Unggah versi baru');
      assert.equal(pathOf(q), `${uploadUrl}?notice=submitted`);
      assert.equal(await text(q, '.upload-activity p.notice[role=status]'), 'Jurnal berhasil diunggah dan menunggu pemeriksaan.');
      assert.equal(await text(q, '.upload-status [data-status]'), 'Menunggu pemeriksaan · versi 2');
      assert.equal(await q.locator('table.versions tbody tr').count(), 2, 'both versions are listed');

      // --- The operator accepts version 2.
      await review(op, 2, 'accept');

      // --- The participant sees it completed (with and without JavaScript).
      for (const page of [q, p]) {
        await page.goto(uploadUrl);
        assert.equal(await text(page, '.upload-status [data-status]'), 'Diterima · versi 2');
        assert.equal(await page.getByText('Jurnal Anda sudah diterima. Tidak perlu mengunggah lagi.').count(), 1);
        assert.equal(await page.locator('input[type=file]').count(), 0, 'no more uploads once accepted');
        assert.equal(await text(page, '.activity-meta [data-progress-for]'), '✓ Selesai');
      }
      await p.goto(`/learn/${enrolmentId}`);
      assert.equal(await text(p, '.progress-line strong'), '100 %');
      assert.equal(await text(p, '.next-step .done'), '✓ Selesai — semua kegiatan wajib sudah Anda tuntaskan.');
      assert.equal((await ctx.repos.learning.progressOne(enrolmentId, uploadId))?.state, 'completed');
      assert.equal((await ctx.repos.learning.progressOne(enrolmentId, pageId))?.state, 'completed');
      noProblems();
    });
  });
}
