import { z } from 'zod';

export const activityIdParams = z.object({ activityId: z.coerce.number().int().positive().max(2_147_483_647) });
export const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const joinResponse = z.object({ url: z.string(), passcode: z.string().nullable() });

const speaker = z.object({
  id: z.number().int(),
  name: z.string(),
  institution: z.string(),
  topic: z.string(),
  bio: z.string(),
  role: z.enum(['narasumber', 'moderator', 'host']),
  photoUrl: z.string().nullable(),
});

export const sessionResponse = z.object({
  id: z.number().int(),
  title: z.string(),
  programme: z.object({ id: z.number().int(), title: z.string() }),
  provider: z.enum(['zoom_meeting', 'zoom_webinar', 'livestream', 'other']),
  startAt: z.string().describe('UTC, ISO 8601'),
  endAt: z.string(),
  revealAt: z.string().describe('When the join link and passcode are shown'),
  phase: z.enum(['scheduled', 'open', 'live', 'ended']),
  zone: z.enum(['WIB', 'WITA', 'WIT']).describe("The caller's zone"),
  startLocal: z.string().describe("The start in the caller's zone, formatted"),
  endLocal: z.string(),
  agenda: z.string(),
  speakers: z.array(speaker),
  capacity: z.number().int().nullable(),
  enrolled: z.number().int(),
  overCapacity: z.boolean(),
  livestreamUrl: z.string().nullable(),
  recording: z.object({ available: z.boolean(), tracked: z.boolean(), url: z.string().nullable() }),
  join: z.object({ url: z.string(), passcode: z.string().nullable() }).nullable().describe('Only once revealed and until the end'),
  completionRule: z.object({ minMinutes: z.number().nullable(), joinCounts: z.boolean(), recordingShare: z.number().nullable() }),
  own: z.object({
    enrolmentId: z.number().int(),
    joinedAt: z.string().nullable(),
    joins: z.number().int(),
    attendedMinutes: z.number(),
    manual: z.enum(['present', 'absent']).nullable(),
    completed: z.boolean(),
    completedBy: z.string().nullable(),
  }),
});

export const feedCreated = z.object({ url: z.string(), token: z.string(), createdAt: z.string() });
export const feedRevoked = z.object({ revoked: z.boolean() });

export const apiSpeaker = z.object({
  id: z.number().int(),
  name: z.string(),
  institution: z.string(),
  topic: z.string(),
  bio: z.string(),
  photoUrl: z.string().nullable(),
  archived: z.boolean(),
  sessions: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const text = (max: number) => z.string().max(max);
export const speakerBody = z.object({
  name: text(200),
  institution: text(200).optional(),
  topic: text(300).optional(),
  bio: text(2000).optional(),
});
export const speakerPatch = z.object({
  name: text(200).optional(),
  institution: text(200).optional(),
  topic: text(300).optional(),
  bio: text(2000).optional(),
  archived: z.boolean().optional(),
});
export const speakerListQuery = z.object({ archived: z.enum(['0', '1']).optional() });
