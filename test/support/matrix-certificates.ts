// Authorisation-matrix rows of the certificate routes (issue 7), kept beside the table
// (matrix-routes.ts spreads them in). Certificates are issued on demand through the real pipeline,
// with the programme's requirements switched off (a setting) so that any enrolment qualifies.
import { processCertificate } from '../../src/services/certificates/pipeline.js';
import type { MatrixWorld, Scope } from './matrix-world.js';
import { by, F, L, N, O, row, who, type Fill, type Probe, type Row } from './matrix.js';

const REASON = 'Alasan uji matriks otorisasi';
const NO_REQUIREMENTS = { require_activities: 0, require_evaluation: 0, require_jurnal: 0, require_confirmation: 0, require_photo: 0 };

const programmeOf = (w: MatrixWorld, s: Scope) => (s === 'foreign' ? w.programme.foreign : w.programme.kpu);

async function openProgramme(w: MatrixWorld, programmeId: number): Promise<void> {
  const now = w.p.clock.fn().toISOString();
  const existing = await w.p.ctx.repos.certificates.settings(programmeId);
  await w.p.ctx.repos.certificates.saveSettings({
    programme_id: programmeId,
    enabled: 1,
    ...NO_REQUIREMENTS,
    number_pattern: existing?.number_pattern ?? '{seq}/ORIENT-PPPK/{agency}/{year}',
    signer_name: 'Penanda Tangan Uji',
    signer_position: 'Kepala Uji',
    signer_place: 'Jakarta',
    jp: null,
    updated_by: null,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  });
}

/** Issues (through the pipeline) the certificate of an enrolment; returns its id and code. */
async function issue(w: MatrixWorld, enrolmentId: number, programmeId: number): Promise<{ id: number; code: string }> {
  await openProgramme(w, programmeId);
  const outcome = await processCertificate(w.p.ctx, enrolmentId);
  if (outcome.status !== 'issued' || outcome.certificateId === null) throw new Error(`matrix: certificate of enrolment ${enrolmentId} not issued (${outcome.status})`);
  const c = (await w.p.ctx.repos.certificates.findById(outcome.certificateId))!;
  return { id: c.id, code: c.verification_code };
}

/** A fresh participant of the scope (NTT, Jawa Timur, BKN) with an issued certificate (one per probe: revoking changes it). */
const freshCertificate = (body?: Probe['body']): Partial<Record<Scope, Fill>> =>
  Object.fromEntries(
    (['inside', 'outside', 'foreign'] as Scope[]).map((s) => [
      s,
      async (w: MatrixWorld) => {
        const enrolmentId = await w.scratch.enrolment(s);
        const { id } = await issue(w, enrolmentId, programmeOf(w, s));
        return { params: { id }, ...(body ? { body } : {}) };
      },
    ]),
  );

/** The certificates of the world's own participants (inside: the NTT participant, outside: the Jawa Timur one, foreign: BKN), issued once. */
const worldCertificates = new WeakMap<MatrixWorld, Map<Scope, Promise<number>>>();
const ownCertificate = (): Partial<Record<Scope, Fill>> =>
  Object.fromEntries(
    (['inside', 'outside', 'foreign'] as Scope[]).map((s) => [
      s,
      async (w: MatrixWorld) => {
        let m = worldCertificates.get(w);
        if (!m) worldCertificates.set(w, (m = new Map()));
        if (!m.has(s)) m.set(s, issue(w, w.enrolment[s], programmeOf(w, s)).then((c) => c.id));
        return { params: { id: await m.get(s)! } };
      },
    ]),
  );

/** A public verification code: a fresh NTT participant's certificate. */
const verificationCode = async (w: MatrixWorld): Promise<Probe> => ({ params: { code: (await issue(w, await w.scratch.enrolment('inside'), w.programme.kpu)).code } });

const programme = (body?: Probe['body']): Partial<Record<Scope, Fill>> => ({
  inside: (w) => ({ params: { id: w.programme.kpu }, ...(body ? { body } : {}) }),
  foreign: (w) => ({ params: { id: w.programme.foreign }, ...(body ? { body } : {}) }),
});

/** Settings and batch runs: administrators whose programme scope holds the programme; facilitators and participants 403. */
const certificateAdmins = { admin: O, agencyAdmin: by(O, undefined, N), operator: by(O, undefined, N), facilitator: F, participant: F, otherParticipant: F, anonymous: L };
/** The list: reviewers of the programme (facilitators: the programme of their cohort). */
const certificateReaders = { admin: O, agencyAdmin: by(O, undefined, N), operator: by(O, undefined, N), facilitator: by(O, undefined, N), participant: F, otherParticipant: F, anonymous: L };
/** Revoke / re-issue: administrators whose unit subtree holds the participant; facilitators and participants 403. */
const certificateAdministrators = { admin: O, agencyAdmin: by(O, O, N), operator: by(O, N, N), facilitator: F, participant: F, otherParticipant: F, anonymous: L };

const settingsJson = { json: { enabled: true, requirements: { activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false }, numberPattern: '{seq}/ORIENT-PPPK/{agency}/{year}', signerName: 'Penanda Tangan Uji', signerPosition: 'Kepala Uji', signerPlace: 'Jakarta', jp: null } };
const settingsForm = { form: { enabled: '1', numberPattern: '{seq}/ORIENT-PPPK/{agency}/{year}', signerName: 'Penanda Tangan Uji', signerPosition: 'Kepala Uji', signerPlace: 'Jakarta', jp: '' } };

export const CERTIFICATE_ROWS: Row[] = [
  row('GET /api/v1/programmes/:id/certificate-settings', certificateAdmins, { fill: programme() }),
  row('PUT /api/v1/programmes/:id/certificate-settings', certificateAdmins, { fill: programme(settingsJson), strict: true }),
  row('GET /admin/programmes/:id/certificates/settings', certificateAdmins, { fill: programme() }),
  row('POST /admin/programmes/:id/certificates/settings', certificateAdmins, { fill: programme(settingsForm), strict: true }),
  row('GET /api/v1/programmes/:id/certificates', certificateReaders, { fill: programme() }),
  row('GET /admin/programmes/:id/certificates', certificateReaders, { fill: programme() }),
  row('POST /api/v1/programmes/:id/certificates/batch', certificateAdmins, { fill: programme({ json: {} }), strict: true }),
  row('POST /admin/programmes/:id/certificates/batch', certificateAdmins, { fill: programme({ form: { cohortId: '' } }), strict: true }),
  row('POST /api/v1/certificates/:id/revoke', certificateAdministrators, { fill: freshCertificate({ json: { reason: REASON } }), strict: true }),
  row('POST /api/v1/certificates/:id/reissue', certificateAdministrators, { fill: freshCertificate({ json: { reason: REASON } }), strict: true }),
  row('POST /admin/certificates/:id/revoke', certificateAdministrators, { fill: freshCertificate({ form: { reason: REASON } }), strict: true }),
  row('POST /admin/certificates/:id/reissue', certificateAdministrators, { fill: freshCertificate({ form: { reason: REASON } }), strict: true }),
  row(
    'GET /api/v1/certificates/:id/pdf',
    { admin: O, agencyAdmin: by(O, O, N), operator: by(O, N, N), facilitator: by(O, N, N), participant: by(O, N, N), otherParticipant: by(N, O, N), anonymous: L },
    { fill: ownCertificate(), note: 'its holder, or staff whose scope holds the holder (facilitators: their cohorts)' },
  ),
  row('GET /api/v1/certificates/verify/:code', who.public, { fill: verificationCode, note: 'public, rate-limited per address' }),
  row('GET /verify/:code', who.public, { fill: verificationCode, note: 'public, rate-limited per address' }),
];
