import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import jsQRModule from 'jsqr';
import { formatLocalDate, renderCertificatePdf, type CertificateContent } from './pdf.js';
import { preparePhoto } from './photo.js';
import { sampleCertificateContent } from '../../../test/support/certificates.js';

// jsqr is CommonJS typed as an ES module: its default export is the module itself (which also has .default).
const jsQR = jsQRModule.default;

const dir = mkdtempSync(path.join(tmpdir(), 'lentera-certpdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a poppler-utils tool; a missing tool fails the test with a clear message (CI installs them). */
function poppler(tool: string, args: string[]): string {
  const res = spawnSync(tool, args, { encoding: 'utf8' });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${tool} is required by this test but is not installed: install poppler-utils (apt-get install poppler-utils)`);
  }
  assert.equal(res.status, 0, `${tool} ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

let n = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `c${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

const base: CertificateContent = {
  ...sampleCertificateContent(),
  number: '0007/ORIENT-PPPK/KEMENKES/2026',
  holderName: 'Ni Luh Putu Ayu Widyāsari',
  nip: '199001012023212001',
  unitName: 'Bagian Umum dan Kepegawaian',
  agencyName: 'Kementerian Kesehatan',
  signerName: 'Stefanus Görres',
  signerPosition: 'Kepala Pusat Pengembangan Kompetensi',
  signerPlace: 'Kupang',
  verifyUrl: 'https://lentera.example.go.id/verify/k7Qm2xW9pLr4sT8vYb3nZcQ1',
};

test('A4 landscape, one page, fonts embedded, deterministic bytes', async () => {
  const pdf = await renderCertificatePdf(base);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = save(pdf);
  const info = poppler('pdfinfo', [file]);
  assert.match(info, /^Pages:\s+1$/m);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  assert.ok(size, info);
  assert.ok(Math.abs(Number(size[1]) - 841.89) < 0.5 && Math.abs(Number(size[2]) - 595.28) < 0.5, `A4 landscape expected, got ${size[0]}`);
  assert.match(info, /^Title:\s+Sertifikat 0007\/ORIENT-PPPK\/KEMENKES\/2026$/m);

  const fonts = poppler('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(fonts.length >= 2, 'the regular and bold faces are used');
  for (const line of fonts) {
    assert.match(line, /\+DejaVuSerif/, line);
    // Columns: … emb sub uni object ID — every font embedded and subset.
    assert.match(line, /\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/, `embedded, subset, with a ToUnicode map: ${line}`);
  }

  assert.ok(pdf.equals(await renderCertificatePdf(base)), 'the same content gives the same bytes');
});

test('names with Latin diacritics are extractable exactly, with the printed facts', async () => {
  const names = ['Ni Luh Putu Ayu Widyāsari', 'Muhammad Fauzi Syarif Hidayatullāh', 'Yohanes Ñeno Bria', 'Stefanus Görres', 'Đặng Thị Ánh Nguyệt Łukasz Żółć', 'Taufik Alfian Rafli Syafiq']; // the last: "fi"/"fl" must not come out as ligature characters
  for (const holderName of names) {
    // A decomposed input (a + combining macron) is printed as the precomposed letter.
    const text = poppler('pdftotext', ['-enc', 'UTF-8', save(await renderCertificatePdf({ ...base, holderName: holderName.normalize('NFD') })), '-']);
    assert.ok(text.includes(holderName), `"${holderName}" in:\n${text}`);
  }
  const text = poppler('pdftotext', ['-enc', 'UTF-8', save(await renderCertificatePdf(base)), '-']);
  for (const expected of [
    'diberikan kepada',
    'NIP/NI PPPK: 199001012023212001',
    'Bagian Umum dan Kepegawaian',
    'Kementerian Kesehatan',
    'Orientasi PPPK Tahun 2026',
    'Formasi Tahun 2024 Periode I',
    'pada tanggal 2 November 2026 s.d. 27 November 2026, sebanyak 50 Jam Pelajaran (JP).',
    'Kupang, 28 November 2026',
    'Kepala Pusat Pengembangan Kompetensi',
    'Stefanus Görres',
    'Nomor: 0007/ORIENT-PPPK/KEMENKES/2026',
  ]) {
    assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
  }
  const en = poppler('pdftotext', ['-enc', 'UTF-8', save(await renderCertificatePdf({ ...base, locale: 'en', signerPlace: null })), '-']);
  assert.ok(en.includes('from 2 November 2026 to 27 November 2026, totalling 50 learning hours (JP).'), en);
  assert.ok(en.includes('\n28 November 2026'), 'no place: the date alone');
});

test('the QR code rendered from the PDF decodes to the verification URL', async () => {
  for (const verifyUrl of [base.verifyUrl, 'http://localhost:3000/verify/AbCdEfGhIjKlMnOpQrStUvWx']) {
    const file = save(await renderCertificatePdf({ ...base, verifyUrl }));
    const prefix = path.join(dir, `qr${n}`);
    poppler('pdftoppm', ['-png', '-r', '150', '-singlefile', file, prefix]);
    const { data, info } = await sharp(readFileSync(`${prefix}.png`)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
    assert.ok(code, 'a QR code is found on the page');
    assert.equal(code.data, verifyUrl);
  }
});

test('the photo is embedded as the JPEG given', async () => {
  const source = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  const photo = (await preparePhoto(source)).jpeg;
  const file = save(await renderCertificatePdf({ ...base, photo }));
  const images = poppler('pdfimages', ['-list', file]).split('\n').slice(2).filter((l) => l.trim());
  assert.equal(images.length, 1, images.join('\n'));
  assert.match(images[0]!, /\s300\s+400\s+rgb\s+3\s+8\s+jpeg\s/);
  const none = poppler('pdfimages', ['-list', save(await renderCertificatePdf(base))]).split('\n').slice(2).filter((l) => l.trim());
  assert.equal(none.length, 0, 'no photo: an empty frame, no image');
});

test('local dates are written out in Indonesian and English', () => {
  assert.equal(formatLocalDate('2026-11-28', 'id'), '28 November 2026');
  assert.equal(formatLocalDate('2026-08-01', 'id'), '1 Agustus 2026');
  assert.equal(formatLocalDate('2026-08-01', 'en'), '1 August 2026');
  assert.throws(() => formatLocalDate('2026-02-30', 'id'), RangeError);
});
