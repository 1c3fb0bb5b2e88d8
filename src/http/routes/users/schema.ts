import { z } from 'zod';
import { ROLES } from '../../../db/schema.js';
import { apiUser } from '../auth/schema.js';
import { idCursor, limitParam } from './access.js';

export const roleEnum = z.enum(['platform_admin', 'agency_admin', 'unit_operator', 'facilitator', 'participant'] satisfies typeof ROLES);

export const apiRoleAssignment = z.object({
  id: z.number().int(),
  role: roleEnum,
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  cohortId: z.number().int().nullable(),
});

export const userListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Matches login, NIP / NI PPPK (separators ignored), name or email'),
  unit: z.string().trim().min(1).max(64).optional().describe('Unit code: that unit and every unit below it'),
  cursor: idCursor,
  limit: limitParam,
});

const optText = (max: number) => z.string().trim().max(max).nullish();

export const provisionBody = z.object({
  nip: optText(64).describe('NIP (PNS) or NI PPPK, 18 digits; separators allowed. Becomes the login when `login` is empty'),
  login: optText(64),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullish(),
  phone: optText(32),
  employmentType: z.enum(['PNS', 'PPPK']).nullish().describe('Derived from the NIP when omitted'),
  position: optText(200),
  unitCode: z.string().trim().min(1).max(64),
  role: roleEnum.optional().describe('Defaults to participant; limited to the roles the caller may grant'),
  password: z.string().max(1024).nullish().describe('Initial password; generated when omitted'),
});

export const provisionResponse = z.object({ user: apiUser, initialPassword: z.string().describe('Shown once; the user must change it at first sign-in') });
export const userDetail = apiUser.extend({ roles: z.array(apiRoleAssignment) });
export const grantBody = z.object({ role: roleEnum, unitCode: z.string().trim().min(1).max(64).nullish().describe('Required for agency_admin and unit_operator') });
export const assignmentParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER), assignmentId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
