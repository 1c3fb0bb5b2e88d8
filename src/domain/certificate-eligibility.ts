// Certificate eligibility (pure): which of a programme's configured requirements one enrolment still
// misses. The service (src/services/certificate-eligibility.ts) gathers the facts; this decides.
//
// - activities:   every required activity of the programme complete (the outline's own rule);
// - evaluation:   the final evaluation passed, directly or through its remedial (the remedial's pass is
//                 recorded on the final evaluation as passedByRemedial);
// - jurnal:       the Jurnal (upload activity) accepted by a reviewer;
// - confirmation: the participant confirmed name, NIP / NI PPPK and unit exactly as they will be
//                 printed; a pending correction of one of them blocks; a confirmation of values that
//                 have changed since (a correction approved) no longer counts;
// - photo:        a certificate photo uploaded.
// A requirement whose object the programme does not have (no final evaluation, no Jurnal) is met:
// there is nothing the participant could do about it.

export const REQUIREMENTS = ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
export type RequirementFlags = Record<Requirement, boolean>;

/** What will be printed on the certificate (and what a participant confirmed). */
export interface PrintedIdentity {
  name: string;
  nip: string | null;
  unit: string | null;
}

export type PresenceState = 'met' | 'not_met' | 'none';

export interface EligibilityFacts {
  /** Every required activity complete. */
  activitiesComplete: boolean;
  /** 'none' when the programme has no final evaluation. */
  evaluation: PresenceState;
  /** 'none' when the programme has no Jurnal. */
  jurnal: PresenceState;
  printed: PrintedIdentity;
  /** What the participant confirmed for this enrolment (null: never). */
  confirmed: PrintedIdentity | null;
  /** A correction of name, NIP or unit waits for an operator. */
  pendingCorrection: boolean;
  photo: boolean;
}

/** The state of the identity confirmation, for the checklist. */
export type ConfirmationState = 'confirmed' | 'missing' | 'changed' | 'pending_correction';

export interface EligibilityResult {
  eligible: boolean;
  missing: Requirement[];
  confirmation: ConfirmationState;
}

/** Compares two identities as printed: whitespace runs and NIP separators do not matter, letters and diacritics do. */
export function sameIdentity(a: PrintedIdentity, b: PrintedIdentity): boolean {
  const text = (s: string | null) => (s ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
  const digits = (s: string | null) => (s ?? '').replace(/[\s.\-]/g, '');
  return text(a.name) === text(b.name) && digits(a.nip) === digits(b.nip) && text(a.unit) === text(b.unit);
}

export function confirmationState(facts: Pick<EligibilityFacts, 'printed' | 'confirmed' | 'pendingCorrection'>): ConfirmationState {
  if (facts.pendingCorrection) return 'pending_correction';
  if (!facts.confirmed) return 'missing';
  return sameIdentity(facts.confirmed, facts.printed) ? 'confirmed' : 'changed';
}

/** Which enabled requirements are missing, in the fixed order of REQUIREMENTS. */
export function evaluateEligibility(flags: RequirementFlags, facts: EligibilityFacts): EligibilityResult {
  const confirmation = confirmationState(facts);
  const met: Record<Requirement, boolean> = {
    activities: facts.activitiesComplete,
    evaluation: facts.evaluation !== 'not_met',
    jurnal: facts.jurnal !== 'not_met',
    confirmation: confirmation === 'confirmed',
    photo: facts.photo,
  };
  const missing = REQUIREMENTS.filter((r) => flags[r] && !met[r]);
  return { eligible: missing.length === 0, missing, confirmation };
}
