import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationState, evaluateEligibility, REQUIREMENTS, sameIdentity, type EligibilityFacts, type Requirement, type RequirementFlags } from './certificate-eligibility.js';

const printed = { name: 'Maria Goreti Nggaa', nip: '199501072022212016', unit: 'KPU Kota Kupang' };
const allMet: EligibilityFacts = { activitiesComplete: true, evaluation: 'met', jurnal: 'met', printed, confirmed: { ...printed }, pendingCorrection: false, photo: true };
const allOn: RequirementFlags = { activities: true, evaluation: true, jurnal: true, confirmation: true, photo: true };
const only = (r: Requirement): RequirementFlags => ({ activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false, [r]: true });

/** For each requirement: the facts that fail it (everything else met). */
const failing: Record<Requirement, Partial<EligibilityFacts>> = {
  activities: { activitiesComplete: false },
  evaluation: { evaluation: 'not_met' },
  jurnal: { jurnal: 'not_met' },
  confirmation: { confirmed: null },
  photo: { photo: false },
};

describe('certificate eligibility', () => {
  test('everything met with every requirement on: eligible, nothing missing', () => {
    assert.deepEqual(evaluateEligibility(allOn, allMet), { eligible: true, missing: [], confirmation: 'confirmed' });
  });

  for (const r of REQUIREMENTS) {
    test(`${r}: missing when required and not met; ignored when the programme does not require it`, () => {
      const facts = { ...allMet, ...failing[r] };
      assert.deepEqual(evaluateEligibility(allOn, facts).missing, [r]);
      assert.equal(evaluateEligibility(allOn, facts).eligible, false);
      assert.equal(evaluateEligibility(only(r), facts).eligible, false);
      // Off: the same facts are fine.
      const off = { ...allOn, [r]: false };
      assert.deepEqual(evaluateEligibility(off, facts), { ...evaluateEligibility(off, facts), eligible: true, missing: [] });
    });
  }

  test('nothing met and every flag off: eligible (a programme may require nothing)', () => {
    const none: RequirementFlags = { activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false };
    const facts: EligibilityFacts = { activitiesComplete: false, evaluation: 'not_met', jurnal: 'not_met', printed, confirmed: null, pendingCorrection: true, photo: false };
    assert.equal(evaluateEligibility(none, facts).eligible, true);
    assert.deepEqual(evaluateEligibility(allOn, facts).missing, ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo']);
  });

  test('a programme without a final evaluation or a Jurnal: those requirements are met', () => {
    assert.equal(evaluateEligibility(allOn, { ...allMet, evaluation: 'none', jurnal: 'none' }).eligible, true);
  });

  test('a pending correction of name, NIP or unit blocks, even after a confirmation', () => {
    const r = evaluateEligibility(allOn, { ...allMet, pendingCorrection: true });
    assert.equal(r.eligible, false);
    assert.deepEqual(r.missing, ['confirmation']);
    assert.equal(r.confirmation, 'pending_correction');
  });

  test('printed data changed after the confirmation (a correction approved): the confirmation no longer counts', () => {
    for (const changed of [{ name: 'Maria Goreti Nggaa, S.Sos.' }, { nip: '198609072023211016' }, { unit: 'KPU Kabupaten Kupang' }]) {
      const r = evaluateEligibility(allOn, { ...allMet, printed: { ...printed, ...changed } });
      assert.deepEqual(r.missing, ['confirmation'], JSON.stringify(changed));
      assert.equal(r.confirmation, 'changed');
    }
  });

  test('identity comparison: whitespace and NIP separators do not matter, letters and diacritics do', () => {
    assert.ok(sameIdentity(printed, { name: ' Maria  Goreti Nggaa ', nip: '19950107 2022 21 2 016', unit: 'KPU Kota Kupang' }));
    assert.ok(!sameIdentity({ ...printed, name: 'Sébastien' }, { ...printed, name: 'Sebastien' }));
    // The same letter composed or decomposed is the same name.
    assert.ok(sameIdentity({ ...printed, name: 'S\u00e9bastien' }, { ...printed, name: 'Se\u0301bastien' }));
    assert.ok(!sameIdentity(printed, { ...printed, unit: null }));
  });

  test('confirmation states', () => {
    assert.equal(confirmationState({ printed, confirmed: null, pendingCorrection: false }), 'missing');
    assert.equal(confirmationState({ printed, confirmed: printed, pendingCorrection: false }), 'confirmed');
    assert.equal(confirmationState({ printed, confirmed: null, pendingCorrection: true }), 'pending_correction');
  });
});
