// Certificate settings per programme: whether certificates are issued, which requirements count
// (read by the eligibility service), the number pattern, the signer printed on the PDF and the JP.
// A programme without a stored row uses the defaults.
import type { Principal } from '../../domain/authorization.js';
import { isAdministrator } from '../../domain/authorization.js';
import { DEFAULT_NUMBER_PATTERN, patternProblem } from '../../domain/certificate-number.js';
import type { CertificateSettingsRow } from '../../db/schema.js';
import { errors, type FieldProblem } from '../../http/errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { audit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { assertProgrammeInScope } from '../programme-scope.js';

export const CERTIFICATE_REQUIREMENTS = ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo'] as const;
export type CertificateRequirement = (typeof CERTIFICATE_REQUIREMENTS)[number];
export type CertificateRequirementFlags = Record<CertificateRequirement, boolean>;

export interface CertificateSettings {
  programmeId: number;
  enabled: boolean;
  /** Which eligibility requirements count (all by default). */
  requirements: CertificateRequirementFlags;
  numberPattern: string;
  signerName: string | null;
  signerPosition: string | null;
  signerPlace: string | null;
  /** The JP configured for the certificate, or null for the default. */
  jpConfigured: number | null;
  /** The JP printed: the configured one, else the sum of the required activities' JP, else the programme's JP. */
  jp: number;
  updatedAt: string | null;
}

export interface CertificateSettingsInput {
  enabled: boolean;
  requirements: CertificateRequirementFlags;
  numberPattern: string;
  signerName: string | null;
  signerPosition: string | null;
  signerPlace: string | null;
  jp: number | null;
}

export const MAX_SIGNER_TEXT = 200;
export const MAX_JP = 1000;

/** The settings of a programme (defaults when none are stored). 404 when the programme does not exist. */
export async function certificateSettings(ctx: AppContext, programmeId: number): Promise<CertificateSettings> {
  const [programme, row] = await Promise.all([ctx.repos.certificates.programme(programmeId), ctx.repos.certificates.settings(programmeId)]);
  if (!programme) throw errors.notFound();
  let jp = row?.jp ?? null;
  if (jp === null) {
    const sum = await ctx.repos.certificates.requiredActivitiesJp(programmeId);
    jp = sum > 0 ? sum : programme.jp;
  }
  return {
    programmeId,
    enabled: row ? row.enabled === 1 : true,
    requirements: {
      activities: row ? row.require_activities === 1 : true,
      evaluation: row ? row.require_evaluation === 1 : true,
      jurnal: row ? row.require_jurnal === 1 : true,
      confirmation: row ? row.require_confirmation === 1 : true,
      photo: row ? row.require_photo === 1 : true,
    },
    numberPattern: row?.number_pattern ?? DEFAULT_NUMBER_PATTERN,
    signerName: row?.signer_name ?? null,
    signerPosition: row?.signer_position ?? null,
    signerPlace: row?.signer_place ?? null,
    jpConfigured: row?.jp ?? null,
    jp,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Who may see and change a programme's settings: administrators whose programme scope holds it. */
export async function assertSettingsAccess(ctx: AppContext, principal: Principal, programmeId: number): Promise<void> {
  if (!isAdministrator(principal)) throw errors.forbidden();
  await assertProgrammeInScope(ctx, principal, programmeId, { facilitation: false });
}

export const patternProblemKey = (p: NonNullable<ReturnType<typeof patternProblem>>): MessageKey => `cert.pattern.${p}` as MessageKey;

const cleanText = (v: string | null): string | null => {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
};

/** Checks and stores a programme's settings (audited). */
export async function updateCertificateSettings(ctx: AppContext, actor: Actor & { principal: Principal }, programmeId: number, input: CertificateSettingsInput): Promise<CertificateSettings> {
  await assertSettingsAccess(ctx, actor.principal, programmeId);
  const fields: Record<string, FieldProblem[]> = {};
  const pattern = input.numberPattern.trim();
  const problem = patternProblem(pattern);
  if (problem) fields.numberPattern = [{ key: patternProblemKey(problem) }];
  for (const [name, value] of [['signerName', input.signerName], ['signerPosition', input.signerPosition], ['signerPlace', input.signerPlace]] as const) {
    if (value && value.length > MAX_SIGNER_TEXT) fields[name] = [{ key: 'error.field.tooLong', params: { max: MAX_SIGNER_TEXT } }];
  }
  if (input.jp !== null && (!Number.isInteger(input.jp) || input.jp < 1 || input.jp > MAX_JP)) fields.jp = [{ key: 'cert.settings.jp_invalid' as MessageKey, params: { max: MAX_JP } }];
  if (Object.keys(fields).length) throw errors.validation(fields);
  const now = ctx.clock().toISOString();
  const existing = await ctx.repos.certificates.settings(programmeId);
  const row: CertificateSettingsRow = {
    programme_id: programmeId,
    enabled: input.enabled ? 1 : 0,
    require_activities: input.requirements.activities ? 1 : 0,
    require_evaluation: input.requirements.evaluation ? 1 : 0,
    require_jurnal: input.requirements.jurnal ? 1 : 0,
    require_confirmation: input.requirements.confirmation ? 1 : 0,
    require_photo: input.requirements.photo ? 1 : 0,
    number_pattern: pattern,
    signer_name: cleanText(input.signerName),
    signer_position: cleanText(input.signerPosition),
    signer_place: cleanText(input.signerPlace),
    jp: input.jp,
    updated_by: actor.userId,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  await ctx.repos.certificates.saveSettings(row);
  await audit(ctx, actor, 'certificate.settings_updated', { type: 'programme', id: programmeId }, { ...input, numberPattern: pattern });
  return certificateSettings(ctx, programmeId);
}
