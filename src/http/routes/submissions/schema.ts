import { z } from 'zod';
import type { SubmissionDetail } from '../../../db/repositories/submissions.js';

export const submissionStatus = z.enum(['submitted', 'accepted', 'returned']);

export const apiSubmission = z.object({
  id: z.number().int(),
  enrolmentId: z.number().int(),
  activityId: z.number().int(),
  version: z.number().int().describe('1 for the first upload, +1 for every new one'),
  status: submissionStatus,
  latest: z.boolean().describe('False once a newer version exists'),
  comment: z.string().nullable().describe('The reviewer’s comment (required when returned)'),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewer: z.string().nullable(),
  file: z.object({ name: z.string(), size: z.number().int(), url: z.string() }),
  participant: z.object({ id: z.number().int(), name: z.string(), nip: z.string().nullable(), unit: z.string().nullable() }),
  cohort: z.object({ id: z.number().int(), title: z.string() }),
  activity: z.object({ id: z.number().int(), title: z.string() }),
});

export const submitResponse = z.object({ submission: apiSubmission, duplicate: z.boolean().describe('True when the same file was already the latest version awaiting review (nothing new was stored)') });

export const reviewListQuery = z.object({
  status: z.enum(['submitted', 'accepted', 'returned', 'all']).default('submitted').describe('Status of the latest version (default submitted)'),
  cohort: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('Cohort id'),
  unit: z.string().max(64).optional().describe('Unit code: participants of that unit and below'),
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const reviewBody = z.object({
  decision: z.enum(['accept', 'return']),
  comment: z.string().max(2000).optional().nullable().describe('Required when returning'),
});

export const submissionParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export function toApiSubmission(s: SubmissionDetail) {
  return {
    id: s.id,
    enrolmentId: s.enrolment_id,
    activityId: s.activity_id,
    version: s.version,
    status: s.status,
    latest: s.latest,
    comment: s.comment,
    submittedAt: s.submitted_at,
    reviewedAt: s.reviewed_at,
    reviewer: s.reviewer_name,
    file: { name: s.file_name, size: s.file_size, url: `/api/v1/submissions/${s.id}/file` },
    participant: { id: s.user_id, name: s.user_name, nip: s.user_nip, unit: s.unit_name },
    cohort: { id: s.cohort_id, title: s.cohort_title },
    activity: { id: s.activity_id, title: s.activity_title },
  };
}
