import { z } from 'zod';

export const jobParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export const apiJob = z.object({
  id: z.number().int(),
  type: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({
    current: z.number().int(),
    total: z.number().int().nullable(),
    message: z.string().nullable(),
    percent: z.number().int().min(0).max(100).nullable().describe('0–100 when the total is known, else null'),
  }),
  attempts: z.number().int().describe('Runs started so far (a retry counts as a new attempt)'),
  result: z.unknown().describe('What the job returned (JSON) once it succeeded; null before'),
  error: z.string().nullable().describe('The message of the last failed attempt'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
