import { z } from 'zod';
import { INDONESIAN_ZONES } from '../../../domain/time.js';
import { ATTENDANCE_STATUSES, type AttendanceRow, type ImportSummary, type MemberChoice, type PendingPerson } from '../../../services/live-attendance.js';

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const int = z.number().int();

export const sessionParams = z.object({ activityId: id });
export const importParams = z.object({ activityId: id, importId: id });

export const listQuery = z.object({
  unitId: id.optional().describe('Only participants of this unit and the units below it (404 outside the caller’s scope)'),
  status: z.enum(ATTENDANCE_STATUSES).optional().describe('attended (minutes or marked present), absent, completed, incomplete, marked (a manual mark), joined (through the platform)'),
  cursor: z.coerce.number().int().min(0).max(100_000_000).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const exportQuery = listQuery.omit({ cursor: true, limit: true });

export const searchQuery = z.object({ q: z.string().trim().min(2).max(100).describe('Digits of an NIP / NI PPPK (a prefix) or a part of the name') });

const source = z.enum(['email', 'nip', 'name', 'manual']);
const session = z.object({
  id: int,
  title: z.string(),
  programme: z.object({ id: int, code: z.string(), title: z.string() }),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  defaultZone: z.enum(INDONESIAN_ZONES as unknown as ['WIB', 'WITA', 'WIT']).describe('The zone assumed for an uploaded report without one (the organiser’s)'),
});

const reportError = z.object({ line: int, code: z.string(), detail: z.string().optional() });
export const importSchema = z.object({
  id: int,
  fileName: z.string(),
  zone: z.string(),
  meetingId: z.string().nullable(),
  topic: z.string().nullable(),
  meetingStartAt: z.string().nullable(),
  meetingEndAt: z.string().nullable(),
  rows: int.describe('Participant rows read'),
  people: int.describe('People after grouping the rows'),
  matched: int,
  unmatched: int,
  ambiguous: int,
  pending: int.describe('People of this report still awaiting manual matching'),
  errorCount: int,
  errors: z.array(reportError).describe('Rows that could not be read (the first 500), with their line'),
  createdAt: z.string(),
});
export const toApiImport = (i: ImportSummary) => {
  const { uploadedBy: _ignored, ...rest } = i;
  return rest;
};

const choice = z.object({ enrolmentId: int, name: z.string(), nip: z.string().nullable(), email: z.string().nullable(), unit: z.string().nullable(), cohort: z.string() });
export const toApiChoice = (c: MemberChoice) => c;

export const personSchema = z.object({
  id: int,
  importId: int,
  kind: z.enum(['unmatched', 'ambiguous']),
  status: z.enum(['pending', 'matched', 'dismissed']),
  displayNames: z.array(z.string()),
  email: z.string().nullable(),
  lines: z.array(int),
  minutes: int.describe('Minutes of this person in the report (within the counting window)'),
  candidates: z.array(choice).describe('Ambiguous: the participants it could be (those within the caller’s scope)'),
  enrolmentId: int.nullable(),
  note: z.string().nullable(),
});
export const toApiPerson = (p: PendingPerson) => p;

export const listResponse = z.object({
  session,
  canManage: z.boolean().describe('The caller may upload reports, resolve people and mark attendance'),
  unit: z.object({ id: int, code: z.string(), name: z.string() }).nullable(),
  summary: z.object({ participants: int, attended: int, completed: int, marked: int, joined: int, matching: int.describe('Participants matching the status filter'), pending: int.describe('People awaiting manual matching (managers; 0 otherwise)') }),
  items: z.array(
    z.object({
      enrolmentId: int,
      participant: z.object({ id: int, name: z.string(), nip: z.string().nullable(), unit: z.string().nullable(), unitCode: z.string().nullable() }),
      cohort: z.object({ id: int, title: z.string() }),
      minutes: int.nullable().describe('Attended minutes from the reports (union of every segment, within the counting window); null without any'),
      source: source.nullable().describe('How the participant was found in the reports'),
      mark: z.enum(['present', 'absent']).nullable(),
      markReason: z.string().nullable(),
      joinedViaPlatform: z.boolean(),
      joinedAt: z.string().nullable().describe('First click on Join through the platform (ISO 8601 UTC)'),
      completed: z.boolean(),
    }),
  ),
  nextCursor: int.nullable(),
});
export const toApiRow = (r: AttendanceRow) => ({
  enrolmentId: r.enrolment_id,
  participant: { id: r.user_id, name: r.name, nip: r.nip, unit: r.unit_name, unitCode: r.unit_code },
  cohort: { id: r.cohort_id, title: r.cohort_title },
  minutes: r.minutes,
  source: r.source,
  mark: r.mark,
  markReason: r.mark_reason,
  joinedViaPlatform: r.joined_at !== null,
  joinedAt: r.joined_at,
  completed: r.completed === 1,
});

export const importResponse = z.object({
  import: importSchema,
  duplicate: z.boolean().describe('The same file had been imported for this session before: nothing changed'),
  changed: int.describe('Participants whose minutes changed'),
  completed: int.describe('Of them, those who completed the session with it'),
});

export const importDetailResponse = z.object({ import: importSchema, people: z.array(personSchema) });
export const importsResponse = z.object({ items: z.array(importSchema), pending: z.array(personSchema) });
export const searchResponse = z.object({ items: z.array(choice) });

export const resolutionBody = z.discriminatedUnion('action', [
  z.object({ personId: id, action: z.literal('match'), enrolmentId: id, note: z.string().max(500).optional() }),
  z.object({ personId: id, action: z.literal('dismiss'), note: z.string().max(500).optional() }),
]);
export const resolutionResponse = z.object({ person: personSchema, changed: int, completed: int });

export const markBody = z.object({
  enrolmentId: id,
  mark: z.enum(['present', 'absent', 'clear']).describe('clear removes the mark'),
  reason: z.string().max(500).describe('Required (at least 3 characters); kept in the audit log'),
});
export const markResponse = z.object({ ok: z.literal(true), completed: int.describe('1 when the session became complete for the participant') });
