import { z } from 'zod';
import { CERTIFICATE_STATUSES, type CertificateStatus } from '../../../db/schema.js';
import type { CertificateListRow } from '../../../db/repositories/certificates.js';
import type { CertificateSettings } from '../../../services/certificates/settings.js';
import type { VerifiedCertificate } from '../../../services/certificates/verification.js';

const id = z.coerce.number().int().min(1).max(2_147_483_647);

export const programmeParams = z.object({ id });
export const certificateParams = z.object({ id });
export const codeParams = z.object({ code: z.string().min(1).max(64).describe('The verification code printed as a QR code on the certificate') });

const statusEnum = z.enum(CERTIFICATE_STATUSES as [CertificateStatus, ...CertificateStatus[]]);

const flags = z.object({
  activities: z.boolean().describe('Every required activity complete'),
  evaluation: z.boolean().describe('The final evaluation passed (or its remedial)'),
  jurnal: z.boolean().describe('The Jurnal accepted'),
  confirmation: z.boolean().describe('The participant confirmed name, NIP and unit as printed'),
  photo: z.boolean().describe('A certificate photo uploaded'),
});

export const settingsResponse = z.object({
  programmeId: z.number().int(),
  enabled: z.boolean(),
  requirements: flags,
  numberPattern: z.string().describe('Placeholders: {seq} (or {seq:N}, zero-padded to N digits), {agency}, {year}, {programme}, {cohort}'),
  signerName: z.string().nullable(),
  signerPosition: z.string().nullable(),
  signerPlace: z.string().nullable(),
  jpConfigured: z.number().int().nullable().describe('The JP set for the certificate; null = the default'),
  jp: z.number().int().describe('The JP printed: the configured one, else the sum of the required activities’ JP, else the programme’s JP'),
  updatedAt: z.string().nullable(),
});
export const toApiSettings = (s: CertificateSettings) => s;

export const settingsBody = z.object({
  enabled: z.boolean(),
  requirements: flags,
  numberPattern: z.string().max(500),
  signerName: z.string().max(500).nullable().optional(),
  signerPosition: z.string().max(500).nullable().optional(),
  signerPlace: z.string().max(500).nullable().optional(),
  jp: z.number().int().min(1).max(1000).nullable().optional().describe('null or absent: the default'),
});

export const listQuery = z.object({
  status: statusEnum.optional(),
  cohortId: id.optional().describe('Only this cohort of the programme'),
  cursor: z.coerce.number().int().min(0).max(100_000_000).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const apiCertificate = z.object({
  id: z.number().int(),
  enrolmentId: z.number().int(),
  status: statusEnum,
  number: z.string().nullable(),
  verificationCode: z.string(),
  holder: z.object({ id: z.number().int(), name: z.string(), nip: z.string().nullable(), unit: z.string().nullable() }),
  cohort: z.object({ id: z.number().int(), title: z.string() }),
  issuedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  replacesId: z.number().int().nullable(),
  lastError: z.string().nullable(),
  pdfUrl: z.string().nullable(),
});

export const toApiCertificate = (c: CertificateListRow) => ({
  id: c.id,
  enrolmentId: c.enrolment_id,
  status: c.status,
  number: c.number,
  verificationCode: c.verification_code,
  holder: { id: c.user_id, name: c.holder_name, nip: c.nip, unit: c.unit_name },
  cohort: { id: c.cohort_id, title: c.cohort_title },
  issuedAt: c.issued_at,
  revokedAt: c.revoked_at,
  revokedReason: c.revoked_reason,
  replacesId: c.replaces_id,
  lastError: c.last_error,
  pdfUrl: c.pdf_file_id ? `/api/v1/certificates/${c.id}/pdf` : null,
});

export const listResponse = z.object({
  programme: z.object({ id: z.number().int(), code: z.string(), title: z.string() }),
  counts: z.object({ eligible: z.number().int(), generated: z.number().int(), signed: z.number().int(), issued: z.number().int(), revoked: z.number().int() }),
  items: z.array(apiCertificate),
  nextCursor: z.number().int().nullable(),
});

export const revokeBody = z.object({ reason: z.string().max(2000).describe('Why (5–500 characters); shown on the verification page') });
export const reissueBody = z.object({ reason: z.string().max(2000).optional().describe('Required when the certificate is still valid: it is revoked first') });

export const certificateStateResponse = z.object({
  id: z.number().int(),
  enrolmentId: z.number().int(),
  status: statusEnum,
  number: z.string().nullable(),
  replacesId: z.number().int().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
});

export const batchBody = z.object({ cohortId: id.nullable().optional().describe('Only this cohort (default: every cohort of the programme)') });
export const batchResponse = z.object({ jobId: z.number().int(), jobUrl: z.string() });

export const verifyResponse = z.object({
  status: z.enum(['valid', 'revoked']),
  number: z.string(),
  holderName: z.string(),
  nipMasked: z.string().nullable().describe('First four and last three digits; the others are *'),
  programme: z.string(),
  cohort: z.string(),
  unit: z.string().nullable(),
  agency: z.string().nullable(),
  issuedOn: z.string().describe('Local date printed on the certificate (YYYY-MM-DD)'),
  issuedAt: z.string().nullable(),
  jp: z.number().int(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
});
export const toApiVerified = (v: VerifiedCertificate) => v;
