import type { NipKind } from './nip.js';

export type EmploymentType = 'PNS' | 'PPPK';

export const EMPLOYMENT_TYPES: readonly EmploymentType[] = ['PNS', 'PPPK'];

/** The employment type implied by the kind of employee number (NIP → PNS, NI PPPK → PPPK). */
export function employmentTypeOf(nipKind: NipKind): EmploymentType {
  switch (nipKind) {
    case 'PNS':
      return 'PNS';
    case 'PPPK':
      return 'PPPK';
    default: {
      const never: never = nipKind;
      throw new RangeError(`Unknown employee number kind: ${String(never)}`);
    }
  }
}
