// The certificate pipeline (issue 7): eligible → generated → signed → issued, on the platform's job
// queue (src/jobs/certificates.ts), plus revocation and re-issue.
//
// Guarantees (see also src/db/repositories/certificates.ts):
// - exactly one valid certificate per enrolment: the database refuses a second one (partial unique
//   index), so racing requests, workers or instances end up with the same row;
// - one worker at a time per certificate: each run takes the row's lease (compare-and-set on
//   locked_by / locked_until); a run that finds it held returns 'busy' and changes nothing;
// - resumable: every step is stored before the next starts, and a run continues from the stored
//   status. The number is given once, in the transaction that bumps the agency's sequence, and kept
//   by every retry (no gaps). A run that dies holding the lease is taken over when the lease expires.
//   'generated' stores what is printed (the content snapshot); resuming from it renders the same
//   content again (the unsigned PDF is not kept). 'signed' means the signed PDF is stored.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { agencyPathOf, type Principal } from '../../domain/authorization.js';
import { formatCertificateNumber, verificationCodeFrom, yearOf } from '../../domain/certificate-number.js';
import { localDate, type IndonesianZone } from '../../domain/time.js';
import { zoneForRegionCode } from '../../domain/regions.js';
import type { CertificateListRow, CertificateScope, CertificateSubject } from '../../db/repositories/certificates.js';
import type { Certificate, CertificateStatus } from '../../db/schema.js';
import { errors, AppError } from '../../http/errors.js';
import { translator, type Locale } from '../../i18n/index.js';
import { audit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { findFile, storeFile } from '../files.js';
import { isReviewer, reviewScope } from '../submissions.js';
import { assertProgrammeInScope } from '../programme-scope.js';
import { loadPrincipal } from '../auth.js';
import { certificatePhoto, eligibilityOf, recordLearningHours } from '../certificate-eligibility.js';
import type { CertificateContent } from './pdf.js';
import { certificateRenderer, renderWorkersOf } from './render-pool.js';
import { signerFromConfig, type Signer } from './signing.js';
import { certificateSettings, type CertificateSettings } from './settings.js';
import { parseSnapshot, type ContentSnapshot } from './verification.js';

export { parseSnapshot, type ContentSnapshot };

export const CERTIFICATES_ISSUE = 'certificates.issue';
export const CERTIFICATES_BATCH = 'certificates.batch';
/** How long one run may hold a certificate before another worker may take it over. */
export const CERTIFICATE_LEASE_MS = 2 * 60_000;
const MAX_PDF_BYTES = 50 * 1024 * 1024;
const MAX_ERROR = 1000;

export type ProcessStatus = CertificateStatus | 'not_eligible' | 'disabled' | 'busy' | 'withdrawn';

export interface ProcessOutcome {
  status: ProcessStatus;
  certificateId: number | null;
  /** True when this run moved the certificate on (false: nothing to do or someone else has it). */
  progressed: boolean;
  missing?: string[];
}

/** Test hook: called after each stored step; throwing simulates a crash at that point. */
export interface PipelineHooks {
  afterStep?: (status: CertificateStatus, certificate: Certificate) => void | Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The signer: created once per configuration and reused (creating one may generate a key pair).

const signers = new WeakMap<object, Promise<Signer>>();
export function certificateSigner(ctx: Pick<AppContext, 'config'>): Promise<Signer> {
  const known = signers.get(ctx.config);
  if (known) return known;
  const created = signerFromConfig(ctx.config);
  signers.set(ctx.config, created);
  created.catch(() => signers.delete(ctx.config));
  return created;
}

// ---------------------------------------------------------------------------------------------
// Content.

const zoneOf = (s: Pick<CertificateSubject, 'unit_region_code'>): IndonesianZone => (s.unit_region_code && zoneForRegionCode(s.unit_region_code)) || 'WIB';

/** The numbering sequence a participant's certificate draws from: their agency's code. */
export function agencyKeyOf(s: Pick<CertificateSubject, 'agency_code' | 'organiser_agency_code' | 'unit_path'>): string {
  return s.agency_code ?? s.organiser_agency_code ?? 'LENTERA';
}

export const verifyUrlOf = (ctx: Pick<AppContext, 'config'>, code: string): string => `${ctx.config.publicUrl.replace(/\/+$/, '')}/verify/${code}`;


function buildContent(ctx: AppContext, cert: Certificate, s: CertificateSubject, settings: CertificateSettings, issuedOn: string, photo: Buffer | null): CertificateContent {
  const zone = zoneOf(s);
  const startFallback = localDate(new Date(s.first_signin_at ?? s.enrolled_at), zone);
  const endFallback = s.completed_at ? localDate(new Date(s.completed_at), zone) : issuedOn;
  return {
    number: cert.number!,
    holderName: s.holder_name,
    nip: s.nip ?? '',
    unitName: s.unit_name ?? '',
    agencyName: s.agency_name ?? '',
    programmeTitle: s.programme_title,
    cohortName: s.cohort_title,
    startDate: s.starts_on ?? startFallback,
    endDate: s.ends_on ?? endFallback,
    issuedOn,
    jp: settings.jp,
    signerName: settings.signerName ?? '',
    signerPosition: settings.signerPosition ?? '',
    signerPlace: settings.signerPlace,
    photo,
    verifyUrl: verifyUrlOf(ctx, cert.verification_code),
    locale: s.locale === 'en' ? 'en' : 'id',
  };
}

const snapshotOf = (c: CertificateContent): ContentSnapshot => {
  const { photo, ...rest } = c;
  return { ...rest, hasPhoto: photo !== null };
};


// ---------------------------------------------------------------------------------------------
// Requesting.

const newCode = () => verificationCodeFrom(randomBytes(13));
const hourWindow = (ctx: AppContext) => ctx.clock().toISOString().slice(0, 13);

async function enqueueIssue(ctx: AppContext, cert: Certificate): Promise<void> {
  await ctx.jobs.enqueue(CERTIFICATES_ISSUE, { enrolmentId: cert.enrolment_id }, { uniqueKey: `${CERTIFICATES_ISSUE}:${cert.id}:${cert.attempts}:${hourWindow(ctx)}`, maxAttempts: 5 });
}

/**
 * The valid certificate of an enrolment, created (status eligible) when there is none and the
 * participant is eligible under the programme's settings. Idempotent and safe under races.
 */
async function ensureCertificate(ctx: AppContext, enrolmentId: number, requestedBy: number | null): Promise<{ certificate: Certificate | null; status?: ProcessStatus; missing?: string[] }> {
  const existing = await ctx.repos.certificates.findValid(enrolmentId);
  if (existing) return { certificate: existing };
  const subject = await ctx.repos.certificates.subject(enrolmentId);
  if (!subject) throw errors.notFound();
  if (subject.enrolment_status !== 'active') return { certificate: null, status: 'withdrawn' };
  const settings = await certificateSettings(ctx, subject.programme_id);
  if (!settings.enabled) return { certificate: null, status: 'disabled' };
  const eligibility = await eligibilityOf(ctx, enrolmentId);
  if (!eligibility.eligible) return { certificate: null, status: 'not_eligible', missing: [...eligibility.missing] };
  const { certificate } = await ctx.repos.certificates.insertEligible({
    enrolmentId,
    userId: subject.user_id,
    programmeId: subject.programme_id,
    cohortId: subject.cohort_id,
    agencyKey: agencyKeyOf(subject),
    verificationCode: newCode(),
    replacesId: null,
    requestedBy,
    now: ctx.clock().toISOString(),
  });
  return { certificate };
}

/**
 * Cheap and idempotent: when the participant is eligible and has no valid certificate, records one
 * (eligible) and queues its issue; an unfinished certificate is queued again. Called when anything
 * a requirement depends on changes.
 */
export async function requestCertificate(ctx: AppContext, enrolmentId: number): Promise<{ status: ProcessStatus; certificateId: number | null; missing?: string[] }> {
  const r = await ensureCertificate(ctx, enrolmentId, null);
  if (!r.certificate) return { status: r.status!, certificateId: null, missing: r.missing };
  if (r.certificate.status !== 'issued' && r.certificate.status !== 'revoked') await enqueueIssue(ctx, r.certificate);
  return { status: r.certificate.status, certificateId: r.certificate.id };
}

/** The certificate of an enrolment as participants see it: the valid one, else the latest (revoked) one. */
export async function certificateOfEnrolment(ctx: AppContext, enrolmentId: number): Promise<{ id: number; status: CertificateStatus; number: string | null; code: string; issuedAt: string | null; revokedAt: string | null; revokedReason: string | null } | null> {
  const c = (await ctx.repos.certificates.findValid(enrolmentId)) ?? (await ctx.repos.certificates.latestOfEnrolment(enrolmentId));
  if (!c) return null;
  return { id: c.id, status: c.status, number: c.number, code: c.verification_code, issuedAt: c.issued_at, revokedAt: c.revoked_at, revokedReason: c.revoked_reason };
}

// ---------------------------------------------------------------------------------------------
// Processing.

/**
 * Runs the pipeline for an enrolment (creating its certificate when it is eligible and has none) up
 * to `issued`, continuing from the stored status. Safe to call concurrently: one caller works, the
 * others get 'busy'.
 */
export async function processCertificate(ctx: AppContext, enrolmentId: number, opts: { requestedBy?: number | null; hooks?: PipelineHooks } = {}): Promise<ProcessOutcome> {
  const r = await ensureCertificate(ctx, enrolmentId, opts.requestedBy ?? null);
  if (!r.certificate) return { status: r.status!, certificateId: null, progressed: false, missing: r.missing };
  return runPipeline(ctx, r.certificate, opts.hooks ?? {});
}

async function runPipeline(ctx: AppContext, cert: Certificate, hooks: PipelineHooks): Promise<ProcessOutcome> {
  if (cert.status === 'issued' || cert.status === 'revoked') return { status: cert.status, certificateId: cert.id, progressed: false };
  const repo = ctx.repos.certificates;
  // Unique per run: two runs in one process must not share a lease.
  const lockedBy = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  const now = () => ctx.clock().toISOString();
  const started = ctx.clock();
  let c = await repo.claim(cert.id, lockedBy, started.toISOString(), new Date(started.getTime() + CERTIFICATE_LEASE_MS).toISOString());
  if (!c) {
    const current = await repo.findById(cert.id);
    return { status: current?.status === 'issued' || current?.status === 'revoked' ? current.status : 'busy', certificateId: cert.id, progressed: false };
  }
  const lost = () => new Error(`certificate ${cert.id}: the lease was lost (another worker took it over)`);
  try {
    const subject = await repo.subject(c.enrolment_id);
    if (!subject) throw errors.notFound();
    const settings = await certificateSettings(ctx, c.programme_id);
    const issuedOn = localDate(started, zoneOf(subject));

    if (c.number === null) {
      const year = yearOf(issuedOn);
      const parts = { agency: c.agency_key, year, programme: subject.programme_code, cohort: subject.cohort_code };
      const numbered = await repo.assignNumber(c.id, lockedBy, year, (seq) => formatCertificateNumber(settings.numberPattern, { ...parts, seq }), now());
      if (!numbered || numbered.locked_by !== lockedBy || numbered.number === null) throw lost();
      c = numbered;
    }

    // Rendering and signing run together in a worker thread (render-pool.ts); the statuses still
    // move eligible → generated → signed, each stored before the next (the signed bytes wait in
    // memory while 'generated' is stored, as the unsigned ones did).
    const renderer = await certificateRenderer(ctx.config);
    const signer = await certificateSigner(ctx);
    const signatureInfo = (content: CertificateContent) => ({ reason: translator(content.locale)('cert.signature_reason', { number: c!.number! }), location: settings.signerPlace, signerName: settings.signerName });
    let signed: Buffer | null = null;
    if (c.status === 'eligible') {
      const content = buildContent(ctx, c, subject, settings, issuedOn, await certificatePhoto(ctx, c.user_id));
      signed = await renderer.renderAndSign(content, signatureInfo(content));
      const snapshot = JSON.stringify(snapshotOf(content));
      if (!(await repo.advance(c.id, lockedBy, 'eligible', 'generated', { content: snapshot }, now()))) throw lost();
      c = { ...c, status: 'generated', content: snapshot };
      await hooks.afterStep?.('generated', c);
    }

    if (c.status === 'generated') {
      if (!signed) {
        // Resumed after a crash: print exactly what was generated (the stored snapshot).
        const snap = parseSnapshot(c.content);
        if (!snap) throw new Error(`certificate ${c.id}: the content snapshot is missing`);
        const { hasPhoto, ...rest } = snap;
        const content: CertificateContent = { ...rest, photo: hasPhoto ? await certificatePhoto(ctx, c.user_id) : null };
        signed = await renderer.renderAndSign(content, signatureInfo(content));
      }
      const file = await storeFile(ctx, signed, { originalName: `sertifikat-${c.id}.pdf`, mime: 'application/pdf', createdBy: null, maxBytes: MAX_PDF_BYTES });
      if (!(await repo.advance(c.id, lockedBy, 'generated', 'signed', { pdf_file_id: file.id, signer_id: signer.id }, now()))) throw lost();
      c = { ...c, status: 'signed', pdf_file_id: file.id, signer_id: signer.id };
      await hooks.afterStep?.('signed', c);
    }

    if (c.status === 'signed') {
      // Each of these is idempotent: a retry after a crash here repeats them harmlessly.
      await recordLearningHours(ctx, c.enrolment_id);
      await repo.setEnrolmentCertified(c.enrolment_id, true);
      const issuedAt = now();
      if (!(await repo.advance(c.id, lockedBy, 'signed', 'issued', { issued_at: issuedAt }, issuedAt))) throw lost();
      c = { ...c, status: 'issued', issued_at: issuedAt };
      await hooks.afterStep?.('issued', c);
      await notifyIssued(ctx, c, subject);
    }
    await repo.release(c.id, lockedBy, null, now());
    return { status: c.status, certificateId: c.id, progressed: true };
  } catch (err) {
    const message = err instanceof Error ? err.message || err.name : String(err);
    await repo.release(cert.id, lockedBy, message.slice(0, MAX_ERROR), now()).catch(() => undefined);
    throw err;
  }
}

/** The "your certificate is ready" email, sent at most once (the marker is set before sending). */
async function notifyIssued(ctx: AppContext, c: Certificate, s: CertificateSubject): Promise<void> {
  if (!s.email) return;
  if (!(await ctx.repos.certificates.markNotified(c.id, ctx.clock().toISOString()))) return;
  const locale: Locale = s.locale === 'en' ? 'en' : 'id';
  const t = translator(locale);
  const base = ctx.config.publicUrl.replace(/\/+$/, '');
  try {
    await ctx.mailer.send({
      to: s.email,
      subject: t('cert.mail.subject', { programme: s.programme_title }),
      text: t('cert.mail.text', { name: s.holder_name, programme: s.programme_title, number: c.number ?? '', url: `${base}/api/v1/certificates/${c.id}/pdf`, verify: verifyUrlOf(ctx, c.verification_code) }),
    });
  } catch (err) {
    // The certificate stays issued; the participant also sees it on their profile.
    ctx.log.warn({ err, certificateId: c.id }, 'certificates: the issued notice could not be sent');
  }
}

// ---------------------------------------------------------------------------------------------
// Staff: scope, revocation, re-issue, batch.

export const certificateScopeOf = (p: Principal): CertificateScope => reviewScope(p);

const inScope = (scope: CertificateScope, row: { unit_path: string | null; cohort_id: number }): boolean =>
  scope === 'all' || (row.unit_path !== null && scope.unitPaths.some((root) => row.unit_path!.startsWith(root))) || scope.cohortIds.includes(row.cohort_id);

/** Staff who administer certificates: platform admins, agency admins and unit operators (facilitators only read). */
export function canAdministerCertificates(p: Principal): boolean {
  const s = reviewScope(p);
  return s === 'all' || s.unitPaths.length > 0;
}

/**
 * A certificate the caller may see: its own, or its holder is in the caller's scope (facilitators:
 * their cohorts). `administer`: only platform admins, agency admins and unit operators whose subtree
 * holds the participant (others 403; out of scope 404).
 */
export async function visibleCertificate(ctx: AppContext, p: Principal, id: number, opts: { administer?: boolean } = {}): Promise<Certificate> {
  const where = await ctx.repos.certificates.scopeOf(id);
  if (!where) throw errors.notFound();
  const scope = reviewScope(p);
  if (opts.administer) {
    if (!canAdministerCertificates(p)) throw errors.forbidden();
    if (!inScope(scope === 'all' ? 'all' : { unitPaths: scope.unitPaths, cohortIds: [] }, where)) throw errors.notFound();
  } else if (where.user_id !== p.userId && !inScope(scope, where)) throw errors.notFound();
  return (await ctx.repos.certificates.findById(id))!;
}

export const MAX_REASON = 500;

function checkReason(reason: string | null | undefined): string {
  const r = (reason ?? '').trim();
  if (r.length < 5) throw errors.validation({ reason: [{ key: 'cert.reason_required' }] });
  if (r.length > MAX_REASON) throw errors.validation({ reason: [{ key: 'error.field.tooLong' }] });
  return r;
}

/** Revokes a certificate with a reason (audited). It keeps its number; the verification page shows it revoked. */
export async function revokeCertificate(ctx: AppContext, actor: Actor & { principal: Principal }, id: number, reason: string): Promise<Certificate> {
  const cert = await visibleCertificate(ctx, actor.principal, id, { administer: true });
  const why = checkReason(reason);
  if (cert.status === 'revoked') throw errors.conflict('already_revoked', 'cert.already_revoked');
  if (!(await ctx.repos.certificates.revoke(id, actor.userId, why, ctx.clock().toISOString()))) throw errors.conflict('already_revoked', 'cert.already_revoked');
  await ctx.repos.certificates.setEnrolmentCertified(cert.enrolment_id, false);
  await audit(ctx, actor, 'certificate.revoked', { type: 'certificate', id }, { number: cert.number, enrolmentId: cert.enrolment_id, reason: why });
  return (await ctx.repos.certificates.findById(id))!;
}

/**
 * Re-issues: a new certificate (new number, `replaces_id` = this one) for the same enrolment, queued
 * for issue. A certificate still valid is revoked first (a reason is then required).
 */
export async function reissueCertificate(ctx: AppContext, actor: Actor & { principal: Principal }, id: number, reason: string | null): Promise<Certificate> {
  let cert = await visibleCertificate(ctx, actor.principal, id, { administer: true });
  if (cert.status !== 'revoked') cert = await revokeCertificate(ctx, actor, id, reason ?? '');
  const subject = await ctx.repos.certificates.subject(cert.enrolment_id);
  if (!subject) throw errors.notFound();
  if (subject.enrolment_status !== 'active') throw errors.conflict('enrolment_withdrawn', 'cert.enrolment_withdrawn');
  const { certificate, created } = await ctx.repos.certificates.insertEligible({
    enrolmentId: cert.enrolment_id,
    userId: cert.user_id,
    programmeId: cert.programme_id,
    cohortId: cert.cohort_id,
    agencyKey: agencyKeyOf(subject),
    verificationCode: newCode(),
    replacesId: cert.id,
    requestedBy: actor.userId,
    now: ctx.clock().toISOString(),
  });
  if (!created) throw errors.conflict('already_valid', 'cert.already_valid');
  await enqueueIssue(ctx, certificate);
  await audit(ctx, actor, 'certificate.reissued', { type: 'certificate', id: certificate.id }, { replaces: cert.id, enrolmentId: cert.enrolment_id });
  return certificate;
}

export interface BatchPayload {
  programmeId: number;
  cohortId: number | null;
  createdBy: number;
}

export interface BatchResult {
  total: number;
  issued: number;
  alreadyIssued: number;
  notEligible: number;
  busy: number;
  failed: number;
}

/** Queues a batch run for a programme (or one cohort) over the caller's participants; returns the job id. */
export async function startBatch(ctx: AppContext, actor: Actor & { principal: Principal }, programmeId: number, cohortId: number | null): Promise<{ jobId: number }> {
  if (!canAdministerCertificates(actor.principal)) throw errors.forbidden();
  await assertProgrammeInScope(ctx, actor.principal, programmeId, { facilitation: false });
  if (cohortId !== null) {
    const cohort = await ctx.repos.certificates.cohortOf(cohortId);
    if (!cohort || cohort.programme_id !== programmeId) throw errors.validation({ cohortId: [{ key: 'error.field.invalid' }] });
  }
  const payload: BatchPayload = { programmeId, cohortId, createdBy: actor.principal.userId };
  const { id } = await ctx.jobs.enqueue(CERTIFICATES_BATCH, payload, { createdBy: actor.userId, maxAttempts: 3 });
  await audit(ctx, actor, 'certificate.batch_started', { type: 'programme', id: programmeId }, { cohortId, jobId: id });
  return { jobId: id };
}

/**
 * How many enrolments a batch processes at once: at least two per render worker, so a worker has
 * its next document queued while the database steps of the previous one run (render-pool.ts).
 */
const batchConcurrencyOf = (ctx: AppContext) => Math.max(4, renderWorkersOf(ctx.config) * 2);
const PAGE = 200;

/** The batch job: every active enrolment in the creator's scope, processed to issued where eligible. Idempotent. */
export async function runBatch(ctx: AppContext, payload: BatchPayload, progress: (current: number, total: number) => Promise<void>, signal?: AbortSignal): Promise<BatchResult> {
  const principal = await loadPrincipal(ctx, payload.createdBy);
  const scope = canAdministerCertificates(principal) ? certificateScopeOf(principal) : { unitPaths: [], cohortIds: [] };
  const filter = { programmeId: payload.programmeId, cohortId: payload.cohortId ?? undefined, scope };
  const total = await ctx.repos.certificates.countEnrolments(filter);
  const result: BatchResult = { total, issued: 0, alreadyIssued: 0, notEligible: 0, busy: 0, failed: 0 };
  await progress(0, total);
  let done = 0;
  let reported = 0;
  let afterId = 0;
  const concurrency = batchConcurrencyOf(ctx);
  for (;;) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    const ids = await ctx.repos.certificates.enrolmentIds({ ...filter, afterId, limit: PAGE });
    if (ids.length === 0) break;
    afterId = ids[ids.length - 1]!;
    // A sliding window over the page (no wait for the slowest of a group): `concurrency` runners
    // each take the next enrolment as soon as their previous one is done.
    let next = 0;
    const runner = async () => {
      while (next < ids.length) {
        const enrolmentId = ids[next++]!;
        try {
          const o = await processCertificate(ctx, enrolmentId, { requestedBy: payload.createdBy });
          if (o.status === 'issued') result[o.progressed ? 'issued' : 'alreadyIssued']++;
          else if (o.status === 'busy') result.busy++;
          else if (o.status === 'not_eligible' || o.status === 'disabled' || o.status === 'withdrawn') result.notEligible++;
          else if (o.status === 'revoked') result.alreadyIssued++;
        } catch (err) {
          if (!(err instanceof AppError && err.status === 404)) {
            result.failed++;
            ctx.log.warn({ err, enrolmentId }, 'certificates: batch item failed');
          }
        }
        done++;
        // One progress write (it also renews the job's lease) per ~20 enrolments, by one runner at a time.
        if (done - reported >= 20) {
          reported = done;
          await progress(Math.min(done, total), total);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, runner));
  }
  await progress(total, total);
  return result;
}

/** The job `certificates.issue`: processes one enrolment; another worker holding it makes the job retry later. */
export async function runIssueJob(ctx: AppContext, payload: { enrolmentId: number }): Promise<ProcessOutcome> {
  const outcome = await processCertificate(ctx, payload.enrolmentId);
  if (outcome.status === 'busy') throw new Error(`certificate of enrolment ${payload.enrolmentId} is being processed by another worker`);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Staff lists and the PDF.

export interface CertificateList {
  programme: { id: number; code: string; title: string };
  counts: Record<CertificateStatus, number>;
  items: CertificateListRow[];
  nextCursor: number | null;
}

/** A programme's certificates with status counts, scoped like the programme reports (participants 403, out of scope 404). */
export async function listCertificates(ctx: AppContext, principal: Principal, programmeId: number, f: { cohortId?: number | null; status?: CertificateStatus | null; offset: number; limit: number }): Promise<CertificateList> {
  if (!isReviewer(principal)) throw errors.forbidden();
  await assertProgrammeInScope(ctx, principal, programmeId);
  const programme = await ctx.repos.certificates.programme(programmeId);
  if (!programme) throw errors.notFound();
  if (f.cohortId != null) {
    const cohort = await ctx.repos.certificates.cohortOf(f.cohortId);
    if (!cohort || cohort.programme_id !== programmeId) throw errors.notFound();
  }
  const scope = certificateScopeOf(principal);
  const filter = { programmeId, cohortId: f.cohortId ?? null, scope };
  const [rows, counts] = await Promise.all([
    ctx.repos.certificates.list({ ...filter, status: f.status ?? undefined, offset: f.offset, limit: f.limit + 1 }),
    ctx.repos.certificates.countsByStatus(filter),
  ]);
  return { programme: { id: programme.id, code: programme.code, title: programme.title }, counts, items: rows.slice(0, f.limit), nextCursor: rows.length > f.limit ? f.offset + f.limit : null };
}

/** The signed PDF: its holder (once issued) and staff in scope; 404 when there is none yet. */
export async function certificatePdf(ctx: AppContext, principal: Principal, id: number): Promise<{ certificate: Certificate; path: string; size: number }> {
  const c = await visibleCertificate(ctx, principal, id);
  const own = c.user_id === principal.userId;
  if (!c.pdf_file_id || (own && c.status !== 'issued' && !isReviewer(principal))) throw errors.notFound();
  const file = await findFile(ctx, c.pdf_file_id);
  if (!file) throw errors.notFound();
  return { certificate: c, path: file.path, size: file.size };
}
