import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { loadConfig } from '../../config.js';
import { renderCertificatePdf } from './pdf.js';
import { ensureDevSigningCertificate, P12Signer, SigningKeyError, signerFromConfig } from './signing.js';
import { SAMPLE_SIGNATURE_INFO, sampleCertificateContent } from '../../../test/support/certificates.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lentera-certsign-'));
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

const content = sampleCertificateContent();
const info = SAMPLE_SIGNATURE_INFO;

test('the development certificate is created once, then reused', async () => {
  const signingDir = path.join(dir, 'dev');
  const first = await ensureDevSigningCertificate(signingDir);
  assert.equal(first.created, true);
  assert.equal(first.p12Path, path.join(signingDir, 'dev-signing.p12'));
  assert.ok(first.passphrase.length >= 24);
  assert.equal(statSync(first.p12Path).mode & 0o077, 0, 'the key file is private to its owner');
  const bytes = readFileSync(first.p12Path);
  const again = await ensureDevSigningCertificate(signingDir);
  assert.deepEqual(again, { ...first, created: false });
  assert.ok(readFileSync(first.p12Path).equals(bytes), 'not regenerated');

  // RSA 2048, CN/O as documented, 10 years, digitalSignature + nonRepudiation.
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), first.passphrase);
  const bag = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!]![0]!;
  const x509 = new X509Certificate(forge.pki.certificateToPem(bag.cert!));
  assert.match(x509.subject, /CN=Lentera Development Signing/);
  assert.match(x509.subject, /O=Lentera \(development\)/);
  assert.equal(x509.issuer, x509.subject, 'self-signed');
  assert.equal(x509.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  const years = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / (365.25 * 86400_000);
  assert.ok(years > 9.9 && years < 10.1, `about 10 years, got ${years}`);
  const keyUsage = bag.cert!.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean; keyCertSign?: boolean };
  assert.equal(keyUsage.digitalSignature, true);
  assert.equal(keyUsage.nonRepudiation, true);
  assert.notEqual(keyUsage.keyCertSign, true);

  const signer = await P12Signer.load(bytes, first.passphrase);
  assert.equal(signer.subjectCommonName, 'Lentera Development Signing');
  assert.match(signer.id, /^p12:[0-9a-f]{16}$/);
});

test('a signed certificate validates with pdfsig; one changed byte breaks it', async () => {
  const dev = await ensureDevSigningCertificate(path.join(dir, 'dev'));
  const signer = await P12Signer.load(readFileSync(dev.p12Path), dev.passphrase);
  const pdf = await renderCertificatePdf(content);
  const signed = await signer.sign(pdf, info);
  assert.ok(signed.subarray(0, pdf.length).equals(pdf), 'an incremental update: the rendered bytes are kept as they were');

  const report = pdfsig(signed);
  assert.match(report, /Signature is Valid\./, report);
  assert.match(report, /Total document signed/, report);
  assert.match(report, /Signer Certificate Common Name: Lentera Development Signing/, report);
  assert.match(report, /Signing Hash Algorithm: SHA-256/, report);
  assert.match(report, /Signature Type: ETSI\.CAdES\.detached/, report);
  // The self-signed development certificate is not trusted by anyone: expected.
  assert.doesNotMatch(report, /Certificate Validation: Certificate is Trusted/, report);

  // One byte inside the signed range (the binary comment on line 2, harmless to parsers).
  const tampered = Buffer.from(signed);
  tampered[11] = tampered[11]! ^ 0x01;
  const bad = pdfsig(tampered);
  assert.doesNotMatch(bad, /Signature is Valid\./, bad);
  assert.match(bad, /Digest Mismatch|Signature is Invalid/, bad);

  // A change in the rendered page content (the holder's name in the text stream is compressed, so
  // flip a byte in the middle of the original document instead).
  const middle = Buffer.from(signed);
  const at = Math.floor(pdf.length / 2);
  middle[at] = middle[at]! ^ 0xff;
  assert.doesNotMatch(pdfsig(middle), /Signature is Valid\./);
});

test('batch signing gives valid signatures for each document', async () => {
  const dev = await ensureDevSigningCertificate(path.join(dir, 'dev'));
  const signer = await P12Signer.load(readFileSync(dev.p12Path), dev.passphrase);
  const pdfs = await Promise.all(['Stefanus Görres', 'Ni Luh Putu Ayu Widyāsari'].map((holderName) => renderCertificatePdf({ ...content, holderName })));
  const signed = await signer.signBatch(pdfs.map((pdf) => ({ pdf, info: { ...info, signingTime: new Date('2026-11-28T03:00:00Z') } })));
  assert.equal(signed.length, 2);
  for (const s of signed) {
    const report = pdfsig(s);
    assert.match(report, /Signature is Valid\./, report);
    assert.match(report, /Signing Time: Nov 28 2026 03:00:00/, report);
  }
});

test('a wrong passphrase or a file that is not PKCS#12 fails with a clear error', async () => {
  const dev = await ensureDevSigningCertificate(path.join(dir, 'dev'));
  const bytes = readFileSync(dev.p12Path);
  await assert.rejects(P12Signer.load(bytes, 'not-the-passphrase'), (err: unknown) => {
    assert.ok(err instanceof SigningKeyError);
    assert.match(err.message, /Cannot open the signing PKCS#12 file: wrong passphrase/);
    return true;
  });
  await assert.rejects(P12Signer.load(Buffer.from('%PDF-1.7 not a key'), ''), SigningKeyError);
});

test('signerFromConfig: the development certificate by default, CERT_SIGNING_P12 when configured', async () => {
  const dbDir = path.join(dir, 'db');
  const config = loadConfig({ DATABASE_URL: `sqlite:${dbDir}/x.db`, FILES_DIR: path.join(dir, 'files') });
  assert.equal(config.certSigningP12Path, null);
  assert.equal(config.certSigningDir, path.join(dbDir, 'signing'));
  const devSigner = await signerFromConfig(config);
  const dev = await ensureDevSigningCertificate(config.certSigningDir);
  assert.equal(dev.created, false, 'signerFromConfig created it');
  assert.equal((await signerFromConfig(config)).id, devSigner.id, 'reused, not regenerated');

  const configured = loadConfig({
    DATABASE_URL: `sqlite:${dbDir}/x.db`,
    CERT_SIGNING_P12: dev.p12Path,
    CERT_SIGNING_PASSPHRASE: dev.passphrase,
  });
  assert.equal(configured.certSigningP12Path, dev.p12Path);
  const signer = await signerFromConfig(configured);
  assert.equal(signer.id, devSigner.id);
  const report = pdfsig(await signer.sign(await renderCertificatePdf(content), info));
  assert.match(report, /Signature is Valid\./, report);

  await assert.rejects(
    signerFromConfig(loadConfig({ DATABASE_URL: `sqlite:${dbDir}/x.db`, CERT_SIGNING_P12: dev.p12Path, CERT_SIGNING_PASSPHRASE: 'wrong' })),
    SigningKeyError,
  );
});
