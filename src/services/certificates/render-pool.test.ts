import { availableParallelism } from 'node:os';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { createCertificateRenderer, RenderPool, renderWorkersOf } from './render-pool.js';
import { ensureDevSigningCertificate } from './signing.js';
import { SAMPLE_SIGNATURE_INFO, sampleCertificateContent } from '../../../test/support/certificates.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lentera-certpool-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** pdfsig's report; a missing pdfsig fails the test with a clear message (CI installs poppler-utils). */
function pdfsig(pdf: Buffer): string {
  const file = path.join(dir, `sig-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const res = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail('pdfsig is required by this test but is not installed: install poppler-utils (apt-get install poppler-utils)');
  }
  return `${res.stdout}\n${res.stderr}`;
}

function pdftotext(pdf: Buffer): string {
  const file = path.join(dir, `txt-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const res = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout;
}

const configOf = (env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: 'sqlite::memory:', CERT_SIGNING_DIR: path.join(dir, 'signing'), FILES_DIR: path.join(dir, 'files'), LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv);

const contentOf = (i: number) => sampleCertificateContent(i);
const info = SAMPLE_SIGNATURE_INFO;

function assertSigned(pdf: Buffer, i: number): void {
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const report = pdfsig(pdf);
  assert.match(report, /Signature is Valid\./, report);
  assert.match(report, /Total document signed/, report);
  assert.match(report, /Signer Certificate Common Name: Lentera Development Signing/, report);
  assert.ok(pdftotext(pdf).includes(`Yohanes Ñeno Bria ${i}`), `certificate ${i} carries its own holder`);
}

test('the pool size comes from CERT_RENDER_WORKERS, else one per CPU but one (at most 4)', () => {
  assert.equal(renderWorkersOf(configOf({ CERT_RENDER_WORKERS: '0' })), 0);
  assert.equal(renderWorkersOf(configOf({ CERT_RENDER_WORKERS: '3' })), 3);
  const byDefault = renderWorkersOf(configOf());
  assert.ok(byDefault >= 1 && byDefault <= 4 && byDefault <= Math.max(1, availableParallelism() - 1));
  assert.throws(() => configOf({ CERT_RENDER_WORKERS: '-1' }), /CERT_RENDER_WORKERS/);
});

test('a pool of worker threads renders and signs several certificates in parallel, then closes', async () => {
  const renderer = await createCertificateRenderer(configOf({ CERT_RENDER_WORKERS: '2' }));
  assert.ok(renderer instanceof RenderPool);
  assert.equal(renderer.size, 2);
  try {
    // More jobs than workers: the rest wait in the pool's queue.
    const n = 5;
    const pdfs = await Promise.all(Array.from({ length: n }, (_, i) => renderer.renderAndSign(contentOf(i + 1), info)));
    pdfs.forEach((pdf, i) => assertSigned(pdf, i + 1));
  } finally {
    await renderer.close();
  }
  await assert.rejects(renderer.renderAndSign(contentOf(9), info), /closed/);
  await renderer.close(); // idempotent
});

test('closing the pool rejects the jobs still queued or running', async () => {
  const renderer = await createCertificateRenderer(configOf({ CERT_RENDER_WORKERS: '1' }));
  const jobs = Array.from({ length: 3 }, (_, i) => renderer.renderAndSign(contentOf(i + 1), info).then(() => 'done', (err: Error) => err.message));
  await renderer.close();
  const outcomes = await Promise.all(jobs);
  assert.deepEqual(outcomes, ['the certificate render pool is closed', 'the certificate render pool is closed', 'the certificate render pool is closed']);
});

test('CERT_RENDER_WORKERS=0 renders and signs in-process with the same result', async () => {
  const renderer = await createCertificateRenderer(configOf({ CERT_RENDER_WORKERS: '0' }));
  assert.equal(renderer.size, 0);
  assert.ok(!(renderer instanceof RenderPool));
  const pdfs = await Promise.all([1, 2].map((i) => renderer.renderAndSign(contentOf(i), info)));
  pdfs.forEach((pdf, i) => assertSigned(pdf, i + 1));
  await renderer.close();
});

test('a worker that cannot open the signing key fails each job with the reason', async () => {
  const dev = await ensureDevSigningCertificate(path.join(dir, 'signing'));
  const pool = new RenderPool(1, { p12Path: dev.p12Path, passphrase: 'not the passphrase' });
  try {
    await assert.rejects(pool.renderAndSign(contentOf(1), info), (err: Error) => err.name === 'SigningKeyError');
    await assert.rejects(pool.renderAndSign(contentOf(2), info), (err: Error) => err.name === 'SigningKeyError');
  } finally {
    await pool.close();
  }
});
