// Rendering and signing certificates off the event loop (issue 7). pdfkit takes ~24 ms of CPU per
// certificate and signing ~3.5 ms, both synchronous: on the server's thread a batch would block
// every request and use one core. The pool runs them in worker threads (CERT_RENDER_WORKERS,
// default one per CPU; 0 keeps the work in-process), each loading the fonts and the signing key
// once. Jobs queue in the pool (first come, first served), one at a time per worker; callers keep
// at least two jobs per worker in flight so no worker waits for the database between documents.
//
// The worker entry is found next to the running module: src/…/render-worker-tsx.mjs under tsx
// (tests, dev), dist/certificate-worker.js in the bundle (scripts/build.mjs builds both).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import { renderCertificatePdf, type CertificateContent } from './pdf.js';
import { ensureDevSigningCertificate, signerFromConfig, type SignatureInfo, type Signer } from './signing.js';

/** What a worker is started with (workerData). */
export interface WorkerSetup {
  p12Path: string;
  passphrase: string;
}
export interface WorkerJob {
  id: number;
  content: Omit<CertificateContent, 'photo'> & { photo: Uint8Array | null };
  info: SignatureInfo;
}
export type WorkerReply = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; error: { name: string; message: string } };

export interface CertificateRenderer {
  /** Worker threads (0: in-process). */
  readonly size: number;
  /** Renders the certificate and signs it; resolves with the signed PDF. */
  renderAndSign(content: CertificateContent, info: SignatureInfo): Promise<Buffer>;
  /** Stops the workers; queued and running jobs are rejected. Idempotent. */
  close(): Promise<void>;
}

/** Where the worker entry lives relative to this module: source (tsx) or bundle. */
function workerEntry(): URL {
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(fileURLToPath(here))) return new URL('./render-worker-tsx.mjs', here);
  return new URL('./certificate-worker.js', here);
}

/** The configured pool size: CERT_RENDER_WORKERS, else one per CPU (at least 1). */
export function renderWorkersOf(config: Pick<Config, 'CERT_RENDER_WORKERS'>): number {
  const configured = config.CERT_RENDER_WORKERS;
  if (configured !== undefined) return Math.max(0, configured);
  // One core stays with the serving thread (database steps, files, every other request): on the
  // 2-core machine one worker renders 3,400 certificates well inside the target, and each further
  // worker costs about 75 MB (fonts, pdfkit, its own heap) for little gain while the main thread is
  // the limit.
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** The signer's key file for the workers: CERT_SIGNING_P12, else the development certificate (created here, once, before any worker starts). */
async function workerSetupOf(config: Config): Promise<WorkerSetup> {
  if (config.certSigningP12Path) return { p12Path: config.certSigningP12Path, passphrase: config.certSigningPassphrase };
  const dev = await ensureDevSigningCertificate(config.certSigningDir);
  return { p12Path: dev.p12Path, passphrase: dev.passphrase };
}

/** The in-process renderer (CERT_RENDER_WORKERS=0): same contract, on the calling thread. */
export class InProcessRenderer implements CertificateRenderer {
  readonly size = 0;
  constructor(private readonly signer: Signer) {}
  async renderAndSign(content: CertificateContent, info: SignatureInfo): Promise<Buffer> {
    return this.signer.sign(await renderCertificatePdf(content), info);
  }
  async close(): Promise<void> {}
}

interface Pending {
  job: WorkerJob;
  transfer: ArrayBuffer[];
  resolve: (pdf: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

const errorFrom = (e: { name: string; message: string }) => Object.assign(new Error(e.message), { name: e.name });

/** A fixed number of worker threads, started on first use; a thread that dies is replaced on the next job. */
export class RenderPool implements CertificateRenderer {
  private readonly slots: (Slot | null)[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly setup: WorkerSetup,
    private readonly entry: URL = workerEntry(),
  ) {
    if (size < 1) throw new RangeError('a render pool needs at least one worker');
    this.slots = Array.from({ length: size }, () => null);
  }

  renderAndSign(content: CertificateContent, info: SignatureInfo): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the certificate render pool is closed'));
    // The photo is copied (not transferred): the caller's Buffer may be a slice of a shared pool.
    const job: WorkerJob = { id: this.nextId++, content: { ...content, photo: content.photo ? new Uint8Array(content.photo) : null }, info };
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ job, transfer: job.content.photo ? [job.content.photo.buffer as ArrayBuffer] : [], resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      let slot = this.slots[i];
      if (slot?.busy) continue;
      if (!slot) slot = this.slots[i] = this.start(i);
      const next = this.queue.shift()!;
      slot.busy = next;
      // A busy worker keeps the process alive; an idle one does not (a forgotten close never hangs a CLI or a test).
      slot.worker.ref();
      slot.worker.postMessage(next.job, next.transfer);
    }
  }

  private start(index: number): Slot {
    const worker = new Worker(this.entry, { workerData: this.setup, name: `certificate-${index + 1}` });
    const slot: Slot = { worker, busy: null };
    worker.unref();
    const fail = (err: Error) => {
      if (this.slots[index] === slot) this.slots[index] = null;
      const pending = slot.busy;
      slot.busy = null;
      pending?.reject(err);
      if (!this.closed) this.dispatch();
    };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      if (!pending || pending.job.id !== reply.id) return;
      slot.busy = null;
      worker.unref();
      if (reply.ok) pending.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else pending.reject(errorFrom(reply.error));
      this.dispatch();
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`certificate worker stopped (exit code ${code})`)));
    return slot;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new Error('the certificate render pool is closed');
    for (const p of this.queue.splice(0)) p.reject(closing);
    await Promise.all(
      this.slots.map(async (slot, i) => {
        this.slots[i] = null;
        if (!slot) return;
        slot.busy?.reject(closing);
        slot.busy = null;
        await slot.worker.terminate();
      }),
    );
  }
}

/** A renderer for a configuration: a pool of renderWorkersOf(config) threads, or in-process for 0. */
export async function createCertificateRenderer(config: Config, opts: { workers?: number } = {}): Promise<CertificateRenderer> {
  const workers = opts.workers ?? renderWorkersOf(config);
  if (workers === 0) return new InProcessRenderer(await signerFromConfig(config));
  return new RenderPool(workers, await workerSetupOf(config));
}

// One renderer per configuration object (one per platform), created on first use.
const renderers = new WeakMap<object, Promise<CertificateRenderer>>();

export function certificateRenderer(config: Config): Promise<CertificateRenderer> {
  const known = renderers.get(config);
  if (known) return known;
  const created = createCertificateRenderer(config);
  renderers.set(config, created);
  created.catch(() => renderers.delete(config));
  return created;
}

/** Stops the renderer of a configuration, if one was started (server shutdown). */
export async function closeCertificateRenderer(config: Config): Promise<void> {
  const known = renderers.get(config);
  if (!known) return;
  renderers.delete(config);
  const renderer = await known.catch(() => null);
  await renderer?.close();
}
