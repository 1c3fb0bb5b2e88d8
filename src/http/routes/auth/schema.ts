import { z } from 'zod';

const secret = z.string().max(1024);

/** NIP / NI PPPK, email or login name: at most 320 characters (an email's maximum), no control characters. */
const identifier = z.string().trim().min(1).max(320).regex(/^[^\u0000-\u001f\u007f]*$/);

export const loginBody = z.object({
  login: identifier,
  password: secret,
});

export const passwordChangeBody = z.object({
  currentPassword: secret,
  newPassword: secret,
});

export const resetRequestBody = z.object({ login: identifier });
export const resetConfirmBody = z.object({ token: z.string().min(1).max(256), newPassword: secret });

export const apiUnit = z.object({ code: z.string(), name: z.string() }).nullable();
export const apiUser = z.object({
  id: z.number().int(),
  login: z.string(),
  nip: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  employmentType: z.enum(['PNS', 'PPPK']).nullable(),
  position: z.string().nullable(),
  unit: apiUnit,
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  timeZone: z.enum(['WIB', 'WITA', 'WIT']),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.array(z.string())).optional() }).passthrough(),
});
