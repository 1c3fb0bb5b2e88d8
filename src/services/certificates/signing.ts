// Digital signatures on the certificate PDFs: a CMS detached signature (PAdES baseline-B shape,
// sub-filter ETSI.CAdES.detached) in an incremental update added by @signpdf/placeholder-plain,
// filled in by @signpdf/signpdf. The X.509 certificate and key come from a PKCS#12 file, parsed
// once; hashing and the RSA operation use node:crypto (native), node-forge only handles ASN.1.
// `Signer` is the seam for the government's signing service (BSrE TTE): another implementation
// that sends the document (or its digest) with the signer's identity and passphrase.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type forge from 'node-forge';
import type { Config } from '../../config.js';
import { loadForge, loadSignPdf } from '../heavy-modules.js';

/** The signing configuration (an alias: the rest of the code calls it Config). */
export type AppConfig = Config;

export interface SignatureInfo {
  reason: string;
  location: string | null;
  signerName: string | null;
  contactInfo?: string | null;
  /** The signing time written in the signature dictionary (default: now). */
  signingTime?: Date;
}

/** Signs a PDF (PAdES-style CMS detached, ETSI.CAdES.detached). BSrE TTE (signer identity + passphrase, batch) can be added later as another implementation. */
export interface Signer {
  readonly id: string;
  sign(pdf: Buffer, info: SignatureInfo): Promise<Buffer>;
  signBatch?(pdfs: { pdf: Buffer; info: SignatureInfo }[]): Promise<Buffer[]>;
}

/** The PKCS#12 file cannot be used: wrong passphrase, damaged file, no RSA key or no matching certificate. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

// node-forge and @signpdf are loaded on first use (loadSigningLibraries): a server that signs no
// certificate never holds them in memory.
type SignPdfLib = Awaited<ReturnType<typeof loadSignPdf>>;
let nf: typeof forge;
let signPdf: SignPdfLib;
let asn1: typeof forge.asn1;
let T: typeof forge.asn1.Type;
let UNIVERSAL: number;
let CONTEXT: number;
let CmsSigner: new (material: KeyMaterial) => InstanceType<SignPdfLib['Signer']>;
let loaded: Promise<void> | null = null;

/** Loads node-forge and @signpdf (once); every signing function awaits it before it starts. */
export function loadSigningLibraries(): Promise<void> {
  loaded ??= (async () => {
    const [f, sp] = await Promise.all([loadForge(), loadSignPdf()]);
    nf = f;
    signPdf = sp;
    asn1 = f.asn1;
    T = f.asn1.Type;
    UNIVERSAL = f.asn1.Class.UNIVERSAL;
    CONTEXT = f.asn1.Class.CONTEXT_SPECIFIC;
    /** The bridge to @signpdf/signpdf, which hands over the bytes covered by the ByteRange. */
    CmsSigner = class extends sp.Signer {
      constructor(private readonly material: KeyMaterial) {
        super();
      }
      override async sign(pdfBuffer: Buffer): Promise<Buffer> {
        return buildCms(this.material, pdfBuffer);
      }
    };
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}

const seq = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, T.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(UNIVERSAL, T.SET, true, items);
const oid = (value: string) => asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(UNIVERSAL, T.OCTETSTRING, false, bytes.toString('binary'));
const int = (n: number) => asn1.create(UNIVERSAL, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const derOf = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** PKCS#12 bag types (RFC 7292). */
const BAG = { key: '1.2.840.113549.1.12.10.1.1', shroudedKey: '1.2.840.113549.1.12.10.1.2', cert: '1.2.840.113549.1.12.10.1.3' };

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};
const sha256AlgId = () => seq([oid(OID.sha256), asn1.create(UNIVERSAL, T.NULL, false, '')]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

interface KeyMaterial {
  key: KeyObject;
  /** The signer's certificate first, then the rest of the chain found in the file (DER). */
  certificates: Buffer[];
  issuer: forge.asn1.Asn1;
  serial: forge.asn1.Asn1;
  subjectCommonName: string | null;
}

/** Parses a PKCS#12 file into a node KeyObject and the certificates (once per signer). */
function readPkcs12(p12: Buffer, passphrase: string): KeyMaterial {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = nf.pkcs12.pkcs12FromAsn1(asn1.fromDer(p12.toString('binary')), false, passphrase);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new SigningKeyError(`Cannot open the signing PKCS#12 file: wrong passphrase or not a PKCS#12 file (${detail})`);
  }
  const bags = (type: string): forge.pkcs12.Bag[] => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bags(BAG.shroudedKey), ...bags(BAG.key)];
  const privateKey = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!privateKey?.n) throw new SigningKeyError('The signing PKCS#12 file holds no RSA private key');
  const certs = bags(BAG.cert)
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c);
  const own = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n && pub.n.compareTo(privateKey.n) === 0 && pub.e.compareTo(privateKey.e) === 0;
  });
  if (!own) throw new SigningKeyError('The signing PKCS#12 file holds no certificate for its private key');
  // forge re-encodes a certificate from the TBSCertificate it kept while parsing, so the signed
  // part (and the issuer's signature over it) stays byte-for-byte the original.
  const toDer = (c: forge.pki.Certificate) => derOf(nf.pki.certificateToAsn1(c));
  const ownAsn1 = nf.pki.certificateToAsn1(own);
  // TBSCertificate: [0] version, serialNumber, signature, issuer, …
  const tbs = (ownAsn1.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const hasVersion = tbs[0]!.tagClass === CONTEXT;
  const key = createPrivateKey(nf.pki.privateKeyToPem(privateKey));
  const cn = own.subject.getField('CN') as { value?: string } | null;
  return {
    key,
    certificates: [toDer(own), ...certs.filter((c) => c !== own).map(toDer)],
    serial: tbs[hasVersion ? 1 : 0]!,
    issuer: tbs[hasVersion ? 3 : 2]!,
    subjectCommonName: cn?.value ?? null,
  };
}

/** CMS SignedData (detached) over `content`, with the PAdES baseline-B signed attributes. */
function buildCms(m: KeyMaterial, content: Buffer): Buffer {
  const digest = createHash('sha256').update(content).digest();
  const certHash = createHash('sha256').update(m.certificates[0]!).digest();
  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(digest)),
    // ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate (hash algorithm sha256, the default, omitted).
    attribute(OID.signingCertificateV2, seq([seq([seq([octets(certHash)])])])),
  ];
  // The signature covers the DER of the attributes as a SET; in SignerInfo they are [0] IMPLICIT.
  const signature = cryptoSign('sha256', derOf(set(signedAttrs)), m.key);
  const signerInfo = seq([
    int(1),
    seq([m.issuer, m.serial]),
    sha256AlgId(),
    asn1.create(CONTEXT, 0, true, signedAttrs),
    seq([oid(OID.rsaEncryption), asn1.create(UNIVERSAL, T.NULL, false, '')]),
    octets(signature),
  ]);
  const certificates = asn1.create(
    CONTEXT,
    0,
    true,
    m.certificates.map((der) => asn1.fromDer(der.toString('binary'))),
  );
  const signedData = seq([int(1), set([sha256AlgId()]), seq([oid(OID.data)]), certificates, set([signerInfo])]);
  return derOf(seq([oid(OID.signedData), asn1.create(CONTEXT, 0, true, [signedData])]));
}

/**
 * Signs with an X.509 certificate and RSA key from a PKCS#12 file (parsed once, in the constructor).
 * Create it with `await P12Signer.load(…)` (or after `await loadSigningLibraries()`).
 */
export class P12Signer implements Signer {
  /** Throws SigningKeyError when the passphrase is wrong or the file is unusable. */
  static async load(p12: Buffer, passphrase: string): Promise<P12Signer> {
    await loadSigningLibraries();
    return new P12Signer(p12, passphrase);
  }

  readonly id: string;
  /** The signing certificate's SHA-256 fingerprint (hex). */
  readonly fingerprint: string;
  readonly subjectCommonName: string | null;
  private readonly material: KeyMaterial;
  private readonly cms: InstanceType<SignPdfLib['Signer']>;
  private readonly signatureLength: number;

  /** Throws SigningKeyError when the passphrase is wrong or the file is unusable (use P12Signer.load). */
  private constructor(p12: Buffer, passphrase: string) {
    if (!loaded || !nf) throw new Error('P12Signer: the signing libraries are not loaded yet (use P12Signer.load)');
    this.material = readPkcs12(p12, passphrase);
    this.cms = new CmsSigner(this.material);
    this.fingerprint = createHash('sha256').update(this.material.certificates[0]!).digest('hex');
    this.id = `p12:${this.fingerprint.slice(0, 16)}`;
    this.subjectCommonName = this.material.subjectCommonName;
    // Room for the CMS: the certificates, the signature and attributes, with a margin.
    const certBytes = this.material.certificates.reduce((n, c) => n + c.length, 0);
    this.signatureLength = Math.max(8192, certBytes + 4096);
  }

  async sign(pdf: Buffer, info: SignatureInfo): Promise<Buffer> {
    // placeholder-plain reads the trailer and a classic cross-reference table and appends an
    // incremental update (AcroForm, signature field, /Contents placeholder). pdfkit's default
    // output suits it as is: a classic xref table, no object or xref streams (only page content,
    // font and image streams are compressed), so no pdfkit option is needed; the rendered bytes
    // stay unchanged in front of the update.
    const withPlaceholder = signPdf.plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: info.reason,
      location: info.location ?? '',
      name: info.signerName ?? this.subjectCommonName ?? '',
      contactInfo: info.contactInfo ?? '',
      signingTime: info.signingTime,
      signatureLength: this.signatureLength,
      subFilter: 'ETSI.CAdES.detached',
      widgetRect: [0, 0, 0, 0], // an invisible signature: the page shows the signer block itself
      appName: 'Lentera',
    });
    return new signPdf.SignPdf().sign(withPlaceholder, this.cms);
  }

  async signBatch(pdfs: { pdf: Buffer; info: SignatureInfo }[]): Promise<Buffer[]> {
    const out: Buffer[] = [];
    for (const item of pdfs) out.push(await this.sign(item.pdf, item.info));
    return out;
  }
}

const DEV_P12 = 'dev-signing.p12';
const DEV_PASSPHRASE = 'dev-signing.passphrase';

/** A self-signed development certificate as a PKCS#12 file (RSA 2048, 10 years). */
function createDevPkcs12(passphrase: string): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = nf.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const cert = nf.pki.createCertificate();
  cert.publicKey = nf.pki.setRsaPublicKey(key.n, key.e);
  // A positive serial: 16 random bytes with the top bit cleared.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + 10);
  const name = [
    { name: 'commonName', value: 'Lentera Development Signing' },
    { name: 'organizationName', value: 'Lentera (development)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, nf.md.sha256.create());
  const p12 = nf.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: 'aes256', friendlyName: 'Lentera Development Signing' });
  return derOf(p12);
}

/**
 * Creates (once) a self-signed development signing certificate as a PKCS#12 file in `dir` and
 * returns its path and passphrase (kept beside it, mode 0600); idempotent and safe when two
 * processes race: the passphrase file is claimed with an exclusive link, the .p12 appears last.
 */
export async function ensureDevSigningCertificate(dir: string): Promise<{ p12Path: string; passphrase: string; created: boolean }> {
  const p12Path = path.join(dir, DEV_P12);
  const passPath = path.join(dir, DEV_PASSPHRASE);
  const existing = () => ({ p12Path, passphrase: readFileSync(passPath, 'utf8').trim(), created: false });
  if (existsSync(p12Path)) return existing();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const passphrase = randomBytes(24).toString('base64url');
  await loadSigningLibraries();
  const p12 = createDevPkcs12(passphrase);
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const passTmp = `${passPath}.${tag}.tmp`;
  const p12Tmp = `${p12Path}.${tag}.tmp`;
  writeFileSync(passTmp, passphrase + '\n', { mode: 0o600 });
  writeFileSync(p12Tmp, p12, { mode: 0o600 });
  try {
    try {
      linkSync(passTmp, passPath); // fails with EEXIST when another process got there first
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      for (let i = 0; i < 200 && !existsSync(p12Path); i++) await sleep(50);
      if (!existsSync(p12Path)) throw new Error(`${passPath} exists but ${p12Path} does not: remove both to regenerate the development certificate`);
      return existing();
    }
    linkSync(p12Tmp, p12Path);
    return { p12Path, passphrase, created: true };
  } finally {
    rmSync(passTmp, { force: true });
    rmSync(p12Tmp, { force: true });
  }
}

/**
 * The configured signer: CERT_SIGNING_P12 + CERT_SIGNING_PASSPHRASE when set, else the development
 * certificate in CERT_SIGNING_DIR (generated on first use). Call once at start-up and reuse it.
 */
export async function signerFromConfig(config: AppConfig): Promise<Signer> {
  if (config.certSigningP12Path) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(config.certSigningP12Path);
    } catch (err) {
      throw new SigningKeyError(`CERT_SIGNING_P12: cannot read ${config.certSigningP12Path} (${(err as Error).message})`);
    }
    return P12Signer.load(bytes, config.certSigningPassphrase);
  }
  const dev = await ensureDevSigningCertificate(config.certSigningDir);
  return P12Signer.load(readFileSync(dev.p12Path), dev.passphrase);
}
