// End-to-end (issue 7): a participant finishes the demo programme, uploads a photo and downloads a
// signed certificate — in a real headless Chromium on a phone-sized screen against a real server with
// the demo data and its background-job workers running. The long parts of the programme (pages, PDF
// module, video, the Jurnal accepted by the NTT operator, the final evaluation) go through the real
// JSON API (test/support/certificates.ts); the certificate part happens in the browser: the profile's
// "Sertifikat" section lists what is missing, the photo is uploaded through the plain form, the data
// to be printed confirmed, the certificate issued by the job and downloaded. The PDF is checked with
// the standard tools (pdfsig, pdftotext, pdftoppm + jsqr), the QR code's URL opened signed out, the
// certificate revoked by the admin through the admin page (then re-issued with the next number), and
// the JP record shown. The job workers are started as `lentera serve` starts them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_PASSWORD, testDatabases } from '../support/platform.js';
import { clickAndLoad, closeSharedBrowser, eventually, heading, pathOf, phoneContext, sharedBrowser, signInThroughForm, startE2EServer, watchPage, type E2EServer } from '../support/browser.js';
import { completeDemoProgramme, passportPhotoPng, readCertificatePdf, saveIn, type CompletedDemo } from '../support/certificates.js';
import { DEMO } from '../../src/services/demo.js';
import { DEMO_EVALUATION, DEMO_JURNAL, DEMO_PAGES } from '../../src/services/demo-content.js';
import { formatDateTime } from '../../src/domain/time.js';

after(closeSharedBrowser);

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
/** The NIP as the verification shows it: the first four and the last three digits. */
const MASKED_NIP = `${DEMO.participant.nip.slice(0, 4)}${'*'.repeat(DEMO.participant.nip.length - 7)}${DEMO.participant.nip.slice(-3)}`;

for (const kind of testDatabases()) {
  describe(`e2e: the demo programme finished, a photo uploaded, a signed certificate downloaded, verified, revoked and re-issued [${kind}]`, () => {
    let server: E2EServer;
    let dir = '';
    const contexts: BrowserContext[] = [];
    const watched: { problems: string[] }[] = [];
    let demo: CompletedDemo;
    /** The issued certificate, as the database has it. */
    let cert: { id: number; number: string; code: string };
    let verifyUrl = '';

    before(async () => {
      server = await startE2EServer(kind);
      // As `lentera serve` does (src/cli.ts): this instance runs the background jobs.
      server.platform.ctx.jobs.start({ workers: 1, pollMs: 200 });
      dir = mkdtempSync(path.join(tmpdir(), 'lentera-cert-e2e-'));
    });
    after(async () => {
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    afterEach(async () => {
      for (const c of contexts.splice(0)) await c.close();
      watched.splice(0);
    });

    /** A fresh phone-sized context; signed in through the form as `login` unless null. */
    async function browse(login: string | null, opts: BrowserContextOptions = {}): Promise<Page> {
      const browser = await sharedBrowser();
      const context = await phoneContext(browser, server.baseUrl, opts);
      contexts.push(context);
      const page = await context.newPage();
      watched.push(watchPage(page));
      if (login !== null) {
        await page.goto('/login');
        await signInThroughForm(page, login, DEMO_PASSWORD);
        assert.equal(pathOf(page), '/');
      }
      return page;
    }
    const noProblems = () => assert.deepEqual(watched.flatMap((w) => w.problems), [], 'the pages had no script errors, console errors or failed requests');

    test('(7) the demo participant completes the demo programme through the API (Jurnal accepted by the operator, final evaluation passed)', async () => {
      demo = await completeDemoProgramme(server.platform);
      assert.deepEqual(demo.final, { percent: 100, passed: true });
      assert.ok(demo.done.includes(DEMO_PAGES.etika.title));
      assert.ok(demo.done.includes(DEMO_JURNAL.title));
      assert.equal(demo.done.at(-1), DEMO_EVALUATION.final.title);
      assert.equal(demo.outline.progress, 100);
      // Learning alone is not enough: no certificate before the photo and the confirmation.
      assert.equal(await server.platform.ctx.repos.certificates.findValid(demo.enrolmentId), undefined);
    });

    test('(7) profile: what is missing, the photo through the plain form, "Data sudah benar"; the certificate is issued and its signed PDF downloaded', async () => {
      const { ctx } = server.platform;
      const p = await browse(DEMO.participant.nip);
      await p.goto('/profile');
      const card = p.locator(`#sertifikat article[data-enrolment="${demo.enrolmentId}"]`);
      assert.equal(await card.count(), 1, 'the profile has a certificate card for the demo enrolment');
      assert.equal(await text(p, '#sertifikat-title'), 'Sertifikat');
      assert.match(await card.locator('h3').innerText(), new RegExp(`^${DEMO.programme.title} — ${DEMO.cohort.title}$`));
      assert.equal(await card.locator('.certificate-state').getAttribute('data-status'), 'missing');
      assert.equal(await text(p, '.certificate-state strong'), 'Belum memenuhi syarat');
      const met = async () => Object.fromEntries(await card.locator('li[data-requirement]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-requirement'), e.getAttribute('data-met') === '1'])));
      assert.deepEqual(await met(), { activities: true, evaluation: true, jurnal: true, confirmation: false, photo: false }, 'only the photo and the confirmation are missing');
      assert.match(await card.locator('li[data-requirement=photo]').innerText(), /Foto sudah diunggah — Belum/);
      assert.match(await card.locator('li[data-requirement=confirmation]').innerText(), /Data untuk sertifikat dikonfirmasi — Belum/);
      // What will be printed, shown for confirmation.
      assert.equal(await text(p, '[data-printed=name]'), DEMO.participant.name);
      assert.equal((await text(p, '[data-printed=nip]')).replace(/\s/g, ''), DEMO.participant.nip);
      assert.equal(await text(p, '[data-printed=unit]'), 'KPU Kota Kupang');
      assert.equal(await text(p, '#foto-sertifikat p.muted'), 'Belum ada foto.');

      // The photo: a PNG made with sharp, through the plain multipart form.
      const photo = saveIn(dir, 'pasfoto-yohanes.png', await passportPhotoPng());
      await p.getByLabel('Pilih foto (JPEG atau PNG)').setInputFiles(photo);
      await clickAndLoad(p, p.getByRole('button', { name: 'Unggah foto' }));
      assert.equal(pathOf(p), '/profile?notice=photo');
      assert.equal(await text(p, 'p.notice[role=status]'), 'Foto sertifikat tersimpan.');
      const img = p.locator('#foto-sertifikat img');
      assert.equal(await img.count(), 1, 'the framed photo is shown');
      assert.ok(await img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth === 300), 'the photo loads, framed to 300 × 400');
      assert.equal(await p.getByRole('button', { name: 'Ganti foto' }).count(), 1, 'it can be replaced');
      assert.deepEqual(await met(), { activities: true, evaluation: true, jurnal: true, confirmation: false, photo: true });
      assert.equal(await ctx.repos.certificates.findValid(demo.enrolmentId), undefined, 'still no certificate without the confirmation');

      // The confirmation of the printed data.
      await clickAndLoad(p, card.getByRole('button', { name: 'Data sudah benar' }));
      assert.equal(pathOf(p), '/profile?notice=confirmed');
      assert.equal(await text(p, 'p.notice[role=status]'), 'Terima kasih, data untuk sertifikat sudah dikonfirmasi.');

      // The job issues the certificate within a short wait; the page shows it (and the download) once issued.
      const issued = await eventually(
        'the certificate to be issued and shown on the profile',
        async () => {
          await p.reload();
          return (await card.locator('.certificate-state').getAttribute('data-status')) === 'issued';
        },
        60_000,
      );
      assert.equal(issued, true);
      // Issued by the background job (certificates.issue), not by the page request.
      const jobs = await ctx.db.kysely.selectFrom('jobs').select(['type', 'status']).where('type', '=', 'certificates.issue').execute();
      assert.ok(jobs.length >= 1 && jobs.some((j) => j.status === 'succeeded'), `a certificates.issue job succeeded: ${JSON.stringify(jobs)}`);
      const row = await ctx.repos.certificates.findValid(demo.enrolmentId);
      assert.ok(row && row.status === 'issued' && row.number, 'the database has the issued certificate');
      cert = { id: row.id, number: row.number, code: row.verification_code };
      assert.equal(await text(p, '.certificate-state strong'), 'Sertifikat sudah terbit');
      assert.equal(await text(p, '.certificate-state p:nth-of-type(2)'), `Nomor ${cert.number}`);
      assert.match(cert.number, new RegExp(`^\\d+/ORIENT-PPPK/${DEMO.agency.code}/2026$`), 'the default number pattern');
      assert.equal(await card.locator('li[data-requirement]').count(), 0, 'no checklist once issued');

      // Download through the browser.
      const link = card.getByRole('link', { name: 'Unduh sertifikat (PDF)' });
      assert.equal(await link.getAttribute('href'), `/api/v1/certificates/${cert.id}/pdf`);
      const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
      assert.match(download.suggestedFilename(), /^sertifikat-.+\.pdf$/);
      const file = path.join(dir, 'sertifikat.pdf');
      await download.saveAs(file);
      const pdf = readFileSync(file);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

      const read = await readCertificatePdf(file);
      assert.match(read.signature, /Signature is Valid\./, read.signature);
      assert.match(read.signature, /Total document signed/, read.signature);
      assert.ok(read.text.includes(DEMO.participant.name), `the holder's name in:\n${read.text}`);
      assert.ok(read.text.includes(cert.number), `the certificate number in:\n${read.text}`);
      for (const printed of [DEMO.participant.nip, 'KPU Kota Kupang', DEMO.agency.name, DEMO.programme.title, DEMO.cohort.title, `sebanyak ${DEMO.programme.jp} Jam Pelajaran (JP)`, '28 November 2026']) {
        assert.ok(read.text.includes(printed), `"${printed}" in:\n${read.text}`);
      }
      verifyUrl = `${server.platform.config.publicUrl.replace(/\/+$/, '')}/verify/${cert.code}`;
      assert.equal(read.qr, verifyUrl, 'the QR code is the public verification URL');
      assert.equal(read.images.length, 1, `the photo is embedded:\n${read.images.join('\n')}`);
      assert.match(read.images[0]!, /\s300\s+400\s/, 'framed to 300 × 400');

      // The in-app notice on the home page, and the email.
      await p.goto('/');
      assert.match(await text(p, '[data-certificate-notice]'), new RegExp(`Sertifikat ${DEMO.programme.title} sudah terbit\\.`));
      const mail = ctx.mailer.outbox.filter((m) => m.to === DEMO.participant.email && m.text.includes(cert.number));
      assert.equal(mail.length, 1, 'one email tells the participant');
      assert.ok(mail[0]!.subject.includes(DEMO.programme.title), mail[0]!.subject);
      assert.ok(mail[0]!.text.includes(verifyUrl), 'with the verification link');
      noProblems();
    });

    test('(7) the learning-hours page shows the programme’s JP for the year', async () => {
      const p = await browse(DEMO.participant.nip);
      await p.goto('/profile');
      await clickAndLoad(p, p.getByRole('link', { name: 'Lihat catatan Jam Pelajaran (JP) Anda' }));
      assert.equal(pathOf(p), '/account/learning-hours');
      assert.equal(await heading(p), 'Jam Pelajaran (JP)');
      const year = p.locator('tr[data-year="2026"]');
      assert.equal(await year.count(), 1);
      const cells = (await year.locator('th, td').allInnerTexts()).map((c) => c.trim());
      // PPPK: the orientation's JP are recorded but not counted toward the 24-JP cap.
      assert.deepEqual(cells.slice(0, 5), ['2026', String(DEMO.programme.jp), String(DEMO.programme.jp), '0', '1']);
      const record = p.locator(`tr[data-enrolment="${demo.enrolmentId}"]`);
      assert.equal(await record.count(), 1);
      const rec = (await record.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
      assert.match(rec[0]!, new RegExp(`^${DEMO.programme.title}`));
      assert.equal(rec[1], '28 November 2026');
      assert.equal(rec[2], String(DEMO.programme.jp));
      noProblems();
    });

    test('(7) the QR code’s page signed out: valid with the masked NIP; revoked by the admin through the form; an unknown code is 404', async () => {
      const { ctx } = server.platform;
      const verifyPath = new URL(verifyUrl).pathname;
      const anon = await browse(null);
      const res = await anon.goto(verifyPath);
      assert.equal(res?.status(), 200);
      assert.equal(await heading(anon), 'Verifikasi sertifikat');
      assert.equal(await anon.locator('[data-status]').first().getAttribute('data-status'), 'valid');
      assert.equal(await text(anon, 'p[role=status]'), 'Sertifikat ini sah dan berlaku.');
      const facts = async (page: Page) => Object.fromEntries(await page.locator('dl.facts dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.trim()])));
      const shown = await facts(anon);
      assert.equal(shown['Nomor sertifikat'], cert.number);
      assert.equal(shown['Nama pemegang'], DEMO.participant.name);
      assert.equal(shown['NIP/NI PPPK'], MASKED_NIP);
      assert.equal(shown['Program'], DEMO.programme.title);
      assert.equal(shown['Angkatan'], DEMO.cohort.title);
      assert.equal(shown['Tanggal terbit'], '28 November 2026');
      assert.equal(shown['Jam pelajaran'], `${DEMO.programme.jp} JP`);
      assert.ok(!(await anon.content()).includes(DEMO.participant.nip), 'the full NIP is not on the public page');
      const api = await anon.request.get(`/api/v1/certificates/verify/${cert.code}`, { headers: { accept: 'application/json' } });
      assert.equal(api.status(), 200);
      assert.deepEqual(await api.json().then((j: Record<string, unknown>) => [j.status, j.holderName, j.nipMasked, j.number]), ['valid', DEMO.participant.name, MASKED_NIP, cert.number]);

      // The admin revokes it through the admin page's form.
      const admin = await browse(DEMO.admin.login);
      await admin.goto(`/admin/programmes/${demo.programmeId}/certificates`);
      assert.equal(await heading(admin), `Sertifikat: ${DEMO.programme.title}`);
      const row = admin.locator(`tr[data-certificate-id="${cert.id}"]`);
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), new RegExp(DEMO.participant.name));
      const reason = 'Data unit kerja pada sertifikat keliru; diterbitkan ulang setelah koreksi.';
      await row.getByLabel('Alasan pencabutan').fill(reason);
      await clickAndLoad(admin, row.getByRole('button', { name: 'Cabut' }));
      assert.equal(pathOf(admin), `/admin/programmes/${demo.programmeId}/certificates?notice=cert.admin.notice.revoked`);
      assert.equal(await text(admin, 'p.notice[role=status]'), 'Sertifikat dicabut.');
      assert.match(await admin.locator(`tr[data-certificate-id="${cert.id}"]`).innerText(), new RegExp(reason.replace(/[.;]/g, '\\$&')));
      const revoked = await ctx.repos.certificates.findById(cert.id);
      assert.equal(revoked?.status, 'revoked');

      // The verification page (another visitor, signed out) shows it revoked, with the date and reason.
      const later = await browse(null);
      assert.equal((await later.goto(verifyPath))?.status(), 200);
      assert.equal(await later.locator('[data-status]').first().getAttribute('data-status'), 'revoked');
      assert.equal(await text(later, 'p[role=status]'), `Sertifikat ini telah DICABUT. Dicabut pada ${formatDateTime(revoked!.revoked_at!, 'WIB', 'id')}.`);
      assert.match(await text(later, 'main'), new RegExp(`Alasan: ${reason.replace(/[.;]/g, '\\$&')}`));
      assert.equal((await facts(later))['Nama pemegang'], DEMO.participant.name);
      const revokedApi = await later.request.get(`/api/v1/certificates/verify/${cert.code}`, { headers: { accept: 'application/json' } });
      assert.equal((await revokedApi.json()).status, 'revoked');

      // An unknown (well-formed) code, and a malformed one: the 404 page.
      const unknown = cert.code.slice(0, -1) + (cert.code.endsWith('A') ? 'B' : 'A');
      for (const code of [unknown, 'bukan-kode']) {
        const r = await later.goto(`/verify/${code}`);
        assert.equal(r?.status(), 404, code);
        assert.equal(await heading(later), 'Terjadi kesalahan (404)');
        assert.equal(await text(later, 'p.alert[role=alert]'), 'Halaman atau data tidak ditemukan.');
      }
      const unknownApi = await later.request.get(`/api/v1/certificates/verify/${unknown}`, { headers: { accept: 'application/json' } });
      assert.equal(unknownApi.status(), 404);
      assert.equal((await unknownApi.json()).error.code, 'not_found');

      // The participant sees it revoked on the profile.
      const p = await browse(DEMO.participant.nip);
      await p.goto('/profile');
      const card = p.locator(`#sertifikat article[data-enrolment="${demo.enrolmentId}"]`);
      assert.equal(await card.locator('.certificate-state').getAttribute('data-status'), 'revoked');
      assert.match(await card.locator('.certificate-state').innerText(), new RegExp(`Dicabut .*: ${reason.replace(/[.;]/g, '\\$&')}`));
      assert.equal(await card.getByRole('link', { name: 'Unduh sertifikat (PDF)' }).count(), 0, 'no download of a revoked certificate');
      noProblems();
    });

    test('(7) re-issued by the admin through the form: the job issues a replacement with the next number; the old code stays revoked', async () => {
      const { ctx } = server.platform;
      const admin = await browse(DEMO.admin.login);
      await admin.goto(`/admin/programmes/${demo.programmeId}/certificates`);
      await clickAndLoad(admin, admin.locator(`tr[data-certificate-id="${cert.id}"]`).getByRole('button', { name: 'Terbitkan ulang' }));
      assert.equal(await text(admin, 'p.notice[role=status]'), 'Sertifikat pengganti sedang diterbitkan.');

      const p = await browse(DEMO.participant.nip);
      const card = p.locator(`#sertifikat article[data-enrolment="${demo.enrolmentId}"]`);
      await eventually(
        'the replacement to be issued and shown on the profile',
        async () => {
          await p.goto('/profile');
          return (await card.locator('.certificate-state').getAttribute('data-status')) === 'issued';
        },
        60_000,
      );
      const replacement = await ctx.repos.certificates.findValid(demo.enrolmentId);
      assert.ok(replacement && replacement.status === 'issued' && replacement.number);
      assert.equal(replacement.replaces_id, cert.id);
      assert.notEqual(replacement.verification_code, cert.code);
      const [seq, ...rest] = cert.number.split('/');
      assert.equal(replacement.number, [String(Number(seq) + 1), ...rest].join('/'), 'the next number of the sequence, no gap');
      assert.equal(await text(p, '.certificate-state p:nth-of-type(2)'), `Nomor ${replacement.number}`);
      assert.equal(await card.getByRole('link', { name: 'Unduh sertifikat (PDF)' }).getAttribute('href'), `/api/v1/certificates/${replacement.id}/pdf`);

      const anon = await browse(null);
      await anon.goto(`/verify/${replacement.verification_code}`);
      assert.equal(await anon.locator('[data-status]').first().getAttribute('data-status'), 'valid');
      await anon.goto(new URL(verifyUrl).pathname);
      assert.equal(await anon.locator('[data-status]').first().getAttribute('data-status'), 'revoked', 'the old certificate stays revoked');
      noProblems();
    });
  });
}
