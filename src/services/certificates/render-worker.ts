// The certificate worker thread (see render-pool.ts): renders a certificate with pdfkit and signs
// it, off the server's event loop. The fonts are parsed and the PKCS#12 file read once, when the
// thread starts; then it answers one job at a time (rendering is synchronous anyway).
// Built as its own entry point (dist/certificate-worker.js); under tsx it is loaded through
// render-worker-tsx.mjs.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { certificateFonts, renderCertificatePdf, type CertificateContent } from './pdf.js';
import { P12Signer, type SignatureInfo } from './signing.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './render-pool.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let signer: P12Signer | null = null;
let setupError: { name: string; message: string } | null = null;
// Jobs wait for the set-up (the libraries are loaded on first use, see heavy-modules.ts).
const ready = (async () => {
  try {
    signer = await P12Signer.load(readFileSync(setup.p12Path), setup.passphrase);
    await certificateFonts();
  } catch (err) {
    // Reported with every job rather than crashing the thread: the pipeline records it on the certificate.
    setupError = { name: (err as Error).name ?? 'Error', message: (err as Error).message ?? String(err) };
  }
})();

/** Structured cloning turns Buffers into plain Uint8Arrays; pdfkit and the signer want Buffers. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function run(job: WorkerJob): Promise<Buffer> {
  await ready;
  if (setupError || !signer) throw Object.assign(new Error(setupError?.message ?? 'certificate worker not set up'), { name: setupError?.name ?? 'Error' });
  const content: CertificateContent = { ...job.content, photo: job.content.photo ? asBuffer(job.content.photo) : null };
  const info: SignatureInfo = job.info;
  const pdf = await renderCertificatePdf(content);
  return signer.sign(pdf, info);
}

port.on('message', (job: WorkerJob) => {
  run(job).then(
    (pdf) => {
      // Copy into a buffer of its own (not a slice of Node's shared pool) so it can be transferred.
      const out = new Uint8Array(pdf.byteLength);
      out.set(pdf);
      const reply: WorkerReply = { id: job.id, ok: true, pdf: out };
      port.postMessage(reply, [out.buffer]);
    },
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const reply: WorkerReply = { id: job.id, ok: false, error: { name: e.name, message: e.message } };
      port.postMessage(reply);
    },
  );
});
