import { z } from 'zod';
import { MONITORING_STATUSES } from '../../../domain/monitoring.js';

export const cohortParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const unitCode = z.string().trim().min(1).max(64).describe('A unit code: that unit and every unit below it (404 outside the caller’s scope)');

export const participantsQuery = z.object({
  unit: unitCode.optional(),
  status: z.enum(MONITORING_STATUSES).optional().describe('The exclusive status: never_signed_in, in_progress, behind, failed, passed, certified'),
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('nextCursor of the previous page (a participant id)'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Page size (1–500, default 100)'),
});

export const summaryQuery = z.object({ unit: unitCode.optional() });

const status = z.enum(MONITORING_STATUSES);
const unit = z.object({ code: z.string(), name: z.string() });

export const participantsResponse = z.object({
  items: z.array(
    z.object({
      id: z.number().int().describe('The participant (user) id; pages are in id order'),
      login: z.string(),
      nip: z.string().nullable(),
      name: z.string(),
      unit: unit.nullable(),
      status,
      progress: z.number().int().describe('Share of required activities completed, 0–100'),
    }),
  ),
  nextCursor: z.number().int().nullable(),
});

const counts = z.object(Object.fromEntries(MONITORING_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof MONITORING_STATUSES)[number], z.ZodNumber>);

export const summaryResponse = z.object({
  cohort: z.object({ id: z.number().int(), code: z.string(), title: z.string(), gelombang: z.number().int().nullable(), angkatan: z.number().int().nullable() }),
  unit: unit.nullable().describe('The unit of the filter, when given'),
  items: z.array(
    z.object({
      unit: unit.nullable().describe('A direct sub-unit (or the filtered / scope unit itself when direct; null: participants without a unit)'),
      direct: z.boolean().describe('Participants of the unit itself rather than of a sub-unit'),
      participants: z.number().int(),
      counts,
      completionRate: z.number().nullable().describe('(passed + certified) / participants, percent'),
    }),
  ),
  total: z.object({ participants: z.number().int(), counts, completionRate: z.number().nullable() }),
});
