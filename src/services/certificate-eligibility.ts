// Certificate eligibility and the participant's own requirements: the photo (checked by content,
// framed by preparePhoto, kept in the file store), the confirmation of the identity as it will be
// printed, and the checklist per enrolment. When an input changes, the certificate pipeline is asked
// (cheaply, idempotently) to issue: `certificateInputChanged`, called from the places that complete
// activities and from here — wrapped so that a failure never breaks the participant's request.
import { readFileSync, rmSync } from 'node:fs';
import type { EnrolmentContext } from '../db/repositories/learning.js';
import type { UserWithUnit } from '../db/repositories/users.js';
import type { ParticipantPhoto } from '../db/schema.js';
import { evaluateEligibility, REQUIREMENTS, type ConfirmationState, type EligibilityFacts, type PresenceState, type PrintedIdentity, type Requirement, type RequirementFlags } from '../domain/certificate-eligibility.js';
import { quizConfig } from '../activities/quiz/config.js';
import { AppError, errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { findFile, pathOf, storeFile } from './files.js';
import { loadEnrolmentView, ownEnrolment } from './learning.js';
import { certificateSettings } from './certificates/settings.js';
import { certificateOfEnrolment, requestCertificate } from './certificates/pipeline.js';
import { PHOTO_MAX_BYTES, PhotoRejected, preparePhoto } from './certificates/photo.js';

/** The profile fields printed on the certificate: a pending correction of one of them blocks. */
export const PRINTED_FIELDS = ['name', 'nip', 'unit'] as const;

/** What will be printed for this user: the name, the NIP / NI PPPK and the unit's name. */
export function printedIdentityOf(user: Pick<UserWithUnit, 'name' | 'nip' | 'unit_name'>): PrintedIdentity {
  return { name: user.name, nip: user.nip, unit: user.unit_name };
}

const parseJson = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};

export interface EligibilityDetail {
  enrolmentId: number;
  /** False: the programme issues no certificates (nothing is missing, nothing will be issued). */
  enabled: boolean;
  withdrawn: boolean;
  eligible: boolean;
  missing: Requirement[];
  /** The programme's configured requirements. */
  flags: RequirementFlags;
  confirmation: ConfirmationState;
  printed: PrintedIdentity;
  /** When the current confirmation was given (null: never). */
  confirmedAt: string | null;
  photoUploadedAt: string | null;
  /** Where the participant fixes what is missing (the next activity to do, the Jurnal, the evaluation). */
  links: Partial<Record<Requirement, string>>;
}

/** The learning facts (activities, evaluation, Jurnal) of an enrolment, from its outline. */
async function learningFacts(ctx: AppContext, enrolment: EnrolmentContext): Promise<Pick<EligibilityFacts, 'activitiesComplete' | 'evaluation' | 'jurnal'> & { links: Partial<Record<Requirement, string>> }> {
  // Loading the view of someone who never opened the programme would start their personal clock:
  // without a first sign-in there is no progress either.
  if (!enrolment.first_signin_at) return { activitiesComplete: false, evaluation: 'not_met', jurnal: 'not_met', links: { activities: `/learn/${enrolment.id}` } };
  const view = await loadEnrolmentView(ctx, enrolment);
  const outlined = new Map(view.outline.stages.flatMap((s) => s.activities).map((a) => [a.id, a]));
  const required = [...outlined.values()].filter((a) => a.required);
  const activitiesComplete = required.every((a) => a.state === 'completed');

  const finals = view.activities.filter((a) => {
    if (a.row.kind !== 'quiz') return false;
    const c = quizConfig.safeParse(a.config);
    return c.success && c.data.purpose === 'final';
  });
  // The final evaluation is passed directly or through its remedial (recorded on it as passedByRemedial).
  const passed = (id: number) => {
    const p = view.progress.get(id);
    return p?.state === 'completed' || (p ? parseJson(p.data).passed === true : false);
  };
  const evaluation: PresenceState = finals.length === 0 ? 'none' : finals.every((a) => passed(a.row.id)) ? 'met' : 'not_met';

  const uploads = view.activities.filter((a) => a.row.kind === 'upload');
  const requiredUploads = uploads.filter((a) => outlined.get(a.row.id)?.required);
  const jurnals = requiredUploads.length > 0 ? requiredUploads : uploads;
  // Accepting the Jurnal is what completes the upload activity.
  const jurnal: PresenceState = jurnals.length === 0 ? 'none' : jurnals.every((a) => view.progress.get(a.row.id)?.state === 'completed') ? 'met' : 'not_met';

  const links: Partial<Record<Requirement, string>> = {};
  const nextRequired = required.find((a) => a.state !== 'completed');
  if (nextRequired) links.activities = `/learn/${enrolment.id}/activities/${view.outline.nextActivityId ?? nextRequired.id}`;
  const openFinal = finals.find((a) => !passed(a.row.id));
  if (openFinal) {
    // The remedial that stands in for it, when it is the one open now.
    const remedial = view.activities.find((a) => {
      if (a.row.kind !== 'quiz') return false;
      const c = quizConfig.safeParse(a.config);
      return c.success && c.data.purpose === 'remedial' && outlined.get(a.row.id)?.state !== 'locked';
    });
    links.evaluation = `/learn/${enrolment.id}/activities/${(remedial ?? openFinal).row.id}`;
  }
  const openJurnal = jurnals.find((a) => view.progress.get(a.row.id)?.state !== 'completed');
  if (openJurnal) links.jurnal = `/learn/${enrolment.id}/activities/${openJurnal.row.id}`;
  return { activitiesComplete, evaluation, jurnal, links };
}

async function detailOf(ctx: AppContext, enrolment: EnrolmentContext, user?: UserWithUnit): Promise<EligibilityDetail> {
  const settings = await certificateSettings(ctx, enrolment.programme_id);
  const flags: RequirementFlags = { ...settings.requirements };
  const person = user ?? (await ctx.repos.users.findById(enrolment.user_id));
  if (!person) throw errors.notFound();
  const printed = printedIdentityOf(person);
  const needsLearning = flags.activities || flags.evaluation || flags.jurnal;
  const [learning, confirmation, pending, photo] = await Promise.all([
    needsLearning ? learningFacts(ctx, enrolment) : Promise.resolve({ activitiesComplete: true, evaluation: 'none' as const, jurnal: 'none' as const, links: {} }),
    ctx.repos.certificateRequirements.confirmation(enrolment.id),
    ctx.repos.certificateRequirements.pendingCorrections(person.id, PRINTED_FIELDS),
    ctx.repos.certificateRequirements.photo(person.id),
  ]);
  const result = evaluateEligibility(flags, {
    activitiesComplete: learning.activitiesComplete,
    evaluation: learning.evaluation,
    jurnal: learning.jurnal,
    printed,
    confirmed: confirmation ? { name: confirmation.name, nip: confirmation.nip, unit: confirmation.unit } : null,
    pendingCorrection: pending > 0,
    photo: !!photo,
  });
  const withdrawn = enrolment.status !== 'active';
  const links: Partial<Record<Requirement, string>> = { ...learning.links, confirmation: '/profile#sertifikat', photo: '/profile#foto-sertifikat' };
  return {
    enrolmentId: enrolment.id,
    enabled: settings.enabled,
    withdrawn,
    eligible: settings.enabled && !withdrawn && result.eligible,
    missing: settings.enabled ? result.missing : [],
    flags,
    confirmation: result.confirmation,
    printed,
    confirmedAt: confirmation?.confirmed_at ?? null,
    photoUploadedAt: photo?.uploaded_at ?? null,
    links,
  };
}

/** Whether an enrolment meets its programme's certificate requirements, and which are missing (404 for an unknown enrolment). */
export async function eligibilityOf(ctx: AppContext, enrolmentId: number): Promise<{ eligible: boolean; missing: Requirement[] }> {
  const enrolment = await ctx.repos.learning.enrolment(enrolmentId);
  if (!enrolment) throw errors.notFound();
  const d = await detailOf(ctx, enrolment);
  return { eligible: d.eligible, missing: d.missing };
}

/** The checklist of one of the participant's own enrolments (404 for anyone else's). */
export async function myRequirements(ctx: AppContext, userId: number, enrolmentId: number): Promise<EligibilityDetail> {
  const enrolment = await ownEnrolment(ctx, userId, enrolmentId);
  return detailOf(ctx, enrolment);
}

/**
 * Asks the certificate pipeline to issue when an input of the eligibility changed. Never throws:
 * the participant's request that changed the input has succeeded whatever happens here (the
 * pipeline's batch run catches up on anything missed).
 */
export async function certificateInputChanged(ctx: AppContext, enrolmentId: number): Promise<void> {
  try {
    if (await lacksPhotoOrConfirmation(ctx, enrolmentId)) return;
    await requestCertificate(ctx, enrolmentId);
  } catch (err) {
    ctx.log.warn({ err, enrolmentId }, 'certificate request after an eligibility change failed');
  }
}

/**
 * The usual case on the hot paths (a passed final evaluation, a completed programme): the photo and
 * the confirmation come after the pass, so a requirement that is on and still missing settles it in
 * three small queries instead of the full check (learning facts, corrections, settings with JP).
 * The photo upload and the confirmation call this hook again, and then the full check runs.
 */
async function lacksPhotoOrConfirmation(ctx: AppContext, enrolmentId: number): Promise<boolean> {
  const enrolment = await ctx.repos.learning.enrolment(enrolmentId);
  if (!enrolment) return false; // the full path reports it
  const row = await ctx.repos.certificates.settings(enrolment.programme_id);
  if (row && row.enabled !== 1) return true;
  if ((!row || row.require_photo === 1) && !(await ctx.repos.certificateRequirements.photo(enrolment.user_id))) return true;
  if ((!row || row.require_confirmation === 1) && !(await ctx.repos.certificateRequirements.confirmation(enrolment.id))) return true;
  return false;
}

/** The same for every active enrolment of a user (a new photo, a correction request decided). */
export async function certificateInputsChangedForUser(ctx: AppContext, userId: number): Promise<void> {
  try {
    const list = await ctx.repos.learning.enrolmentsOfUser(userId);
    for (const e of list) if (e.status === 'active') await certificateInputChanged(ctx, e.id);
  } catch (err) {
    ctx.log.warn({ err, userId }, 'certificate requests after an eligibility change failed');
  }
}

// ---------------------------------------------------------------------------------------------
// The photo.

export const photoTooLarge = () => new AppError(413, 'payload_too_large', 'certreq.photo.error.tooLarge', { params: { mb: String(PHOTO_MAX_BYTES / (1024 * 1024)) } });
export const photoNotImage = () => new AppError(415, 'unsupported_media_type', 'certreq.photo.error.notImage');
export const photoTooSmall = () => new AppError(422, 'photo_too_small', 'certreq.photo.error.tooSmall');
export const photoMissing = () => errors.validation({ file: [{ key: 'certreq.photo.error.missing' }] }, 'certreq.photo.error.missing');

/**
 * Stores the participant's certificate photo: JPEG or PNG (by content) of at most 2 MB, framed 3:4 and
 * resized by preparePhoto; replaces the previous one. 413 larger, 415 not a JPEG/PNG, 422 too small.
 */
export async function uploadPhoto(ctx: AppContext, actor: Actor & { userId: number }, bytes: Buffer): Promise<ParticipantPhoto> {
  if (bytes.length === 0) throw photoMissing();
  if (bytes.length > PHOTO_MAX_BYTES) throw photoTooLarge();
  let prepared;
  try {
    prepared = await preparePhoto(bytes);
  } catch (err) {
    if (err instanceof PhotoRejected) {
      if (err.code === 'too_large') throw photoTooLarge();
      if (err.code === 'too_small') throw photoTooSmall();
      throw photoNotImage();
    }
    // Anything the image library could not read is not an image we accept.
    throw photoNotImage();
  }
  const stored = await storeFile(ctx, prepared.jpeg, { originalName: 'foto-sertifikat.jpg', mime: 'image/jpeg', createdBy: actor.userId, maxBytes: Math.max(PHOTO_MAX_BYTES, prepared.jpeg.length) });
  const now = ctx.clock().toISOString();
  const replaced = await ctx.repos.certificateRequirements.setPhoto({ userId: actor.userId, fileId: stored.id, width: prepared.width, height: prepared.height, sourceFormat: prepared.sourceFormat, now });
  if (replaced !== null && replaced !== stored.id) await discardPhotoFile(ctx, replaced);
  await audit(ctx, actor, 'certificate.photo_uploaded', { type: 'user', id: actor.userId }, { fileId: stored.id, size: bytes.length, sourceFormat: prepared.sourceFormat });
  await certificateInputsChangedForUser(ctx, actor.userId);
  return (await ctx.repos.certificateRequirements.photo(actor.userId))!;
}

/** The replaced photo's bytes and record go (an issued certificate keeps its own PDF); a failure only leaves an orphan file. */
async function discardPhotoFile(ctx: AppContext, fileId: number): Promise<void> {
  try {
    const row = await ctx.repos.files.findById(fileId);
    if (row && (await ctx.repos.certificateRequirements.deleteUnusedPhotoFile(fileId))) rmSync(pathOf(ctx, row), { force: true });
  } catch (err) {
    ctx.log.warn({ err, fileId }, 'removing a replaced certificate photo failed');
  }
}

/** The framed photo's bytes for the certificate (null when there is none or its file is gone). */
export async function certificatePhoto(ctx: AppContext, userId: number): Promise<Buffer | null> {
  const photo = await ctx.repos.certificateRequirements.photo(userId);
  const file = photo ? await findFile(ctx, photo.file_id) : null;
  if (!file) return null;
  try {
    return readFileSync(file.path);
  } catch {
    return null;
  }
}

/** The owner's framed photo (404 when there is none). */
export async function myPhoto(ctx: AppContext, userId: number): Promise<{ photo: ParticipantPhoto; path: string; size: number }> {
  const photo = await ctx.repos.certificateRequirements.photo(userId);
  const file = photo ? await findFile(ctx, photo.file_id) : null;
  if (!photo || !file) throw errors.notFound();
  return { photo, path: file.path, size: file.size };
}

// ---------------------------------------------------------------------------------------------
// The identity confirmation.

/**
 * The participant confirms that name, NIP / NI PPPK and unit are right exactly as shown; the values
 * are stored with it (a later change voids it). Refused with 409 while a correction of one of them is
 * pending, and for a withdrawn enrolment.
 */
export async function confirmIdentity(ctx: AppContext, actor: Actor & { userId: number }, enrolmentId: number): Promise<EligibilityDetail> {
  const enrolment = await ownEnrolment(ctx, actor.userId, enrolmentId);
  if (enrolment.status !== 'active') throw errors.conflict('enrolment_withdrawn', 'error.enrolment_withdrawn');
  const user = await ctx.repos.users.findById(actor.userId);
  if (!user) throw errors.unauthenticated();
  if ((await ctx.repos.certificateRequirements.pendingCorrections(user.id, PRINTED_FIELDS)) > 0) throw errors.conflict('correction_pending', 'certreq.confirm.error.pending');
  const printed = printedIdentityOf(user);
  await ctx.repos.certificateRequirements.setConfirmation({ enrolmentId: enrolment.id, userId: user.id, ...printed, now: ctx.clock().toISOString() });
  await audit(ctx, actor, 'certificate.identity_confirmed', { type: 'enrolment', id: enrolment.id }, { ...printed });
  await certificateInputChanged(ctx, enrolment.id);
  return detailOf(ctx, enrolment, user);
}

// ---------------------------------------------------------------------------------------------
// The participant's certificates section and the home notice.

export type CertificateStatus = 'disabled' | 'missing' | 'eligible' | 'generating' | 'issued' | 'revoked';

export interface ParticipantCertificate {
  requirements: EligibilityDetail;
  programme: string;
  cohort: string;
  status: CertificateStatus;
  certificate: { id: number; number: string | null; code: string; issuedAt: string | null; revokedAt: string | null; revokedReason: string | null } | null;
  /** The PDF, once issued. */
  downloadUrl: string | null;
}

export const certificatePdfUrl = (certificateId: number) => `/api/v1/certificates/${certificateId}/pdf`;

function statusOf(d: EligibilityDetail, c: Awaited<ReturnType<typeof certificateOfEnrolment>>): CertificateStatus {
  if (c?.status === 'issued') return 'issued';
  if (c?.status === 'revoked') return 'revoked';
  if (c) return 'generating';
  if (!d.enabled) return 'disabled';
  return d.eligible ? 'eligible' : 'missing';
}

/** One row per enrolment of the participant: the checklist and the certificate's state. */
export async function myCertificates(ctx: AppContext, userId: number): Promise<ParticipantCertificate[]> {
  const [user, enrolments] = await Promise.all([ctx.repos.users.findById(userId), ctx.repos.learning.enrolmentsOfUser(userId)]);
  if (!user) throw errors.unauthenticated();
  const out: ParticipantCertificate[] = [];
  for (const e of enrolments) {
    if (e.status !== 'active') continue;
    const [requirements, c] = await Promise.all([detailOf(ctx, e, user), certificateOfEnrolment(ctx, e.id)]);
    const status = statusOf(requirements, c);
    out.push({
      requirements,
      programme: e.programme_title,
      cohort: e.cohort_title,
      status,
      certificate: c ? { id: c.id, number: c.number, code: c.code, issuedAt: c.issuedAt, revokedAt: c.revokedAt, revokedReason: c.revokedReason } : null,
      downloadUrl: c && status === 'issued' ? certificatePdfUrl(c.id) : null,
    });
  }
  return out;
}

/** Issued certificates of the given enrolments (the home page's notice: one small lookup per enrolment). */
export async function issuedCertificates(ctx: AppContext, enrolments: { id: number; programmeTitle: string }[]): Promise<{ programme: string; issuedAt: string | null; downloadUrl: string }[]> {
  const out = [];
  for (const e of enrolments) {
    try {
      const c = await certificateOfEnrolment(ctx, e.id);
      if (c?.status === 'issued') out.push({ programme: e.programmeTitle, issuedAt: c.issuedAt, downloadUrl: certificatePdfUrl(c.id) });
    } catch (err) {
      ctx.log.warn({ err, enrolmentId: e.id }, 'certificate lookup for the home notice failed');
    }
  }
  return out;
}

export { REQUIREMENTS };
// The pipeline records the JP when it issues a certificate.
export { recordLearningHours } from './learning-hours.js';
