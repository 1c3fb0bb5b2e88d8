import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../../services/context.js';
import * as users from '../../../services/users.js';
import { apiUser, errorResponse } from '../auth/schema.js';
import { adminActor, idParam } from './access.js';
import { apiRoleAssignment, assignmentParams, grantBody, provisionBody, provisionResponse, userDetail, userListQuery } from './schema.js';

const roleOut = (r: users.UserRoleView) => ({ id: r.id, role: r.role, unit: r.unit, cohortId: r.cohortId });

export async function usersApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Users in the caller’s administrative scope (platform: all; agency admin: its agency; operator: its unit and below)',
        querystring: userListQuery,
        response: { 200: z.object({ items: z.array(apiUser), nextCursor: z.number().int().nullable() }), 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const res = await users.listVisibleUsers(ctx, actor.principal, req.query);
      return { items: res.items.map(users.toApiUser), nextCursor: res.nextCursor };
    },
  );

  r.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Provision an account in a unit of the caller’s scope; returns the initial password once',
        body: provisionBody,
        response: { 201: provisionResponse, 400: errorResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const actor = await adminActor(ctx, req);
      const res = await users.provisionUser(ctx, actor, req.body);
      return reply.code(201).send({ user: users.toApiUser(res.user), initialPassword: res.initialPassword });
    },
  );

  r.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'A user in the caller’s scope with its role assignments (404 outside the scope)', params: idParam, response: { 200: userDetail, 403: errorResponse, 404: errorResponse } } },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const { user, roles } = await users.getUserDetail(ctx, actor.principal, req.params.id);
      return { ...users.toApiUser(user), roles: roles.map(roleOut) };
    },
  );

  r.post(
    '/api/v1/users/:id/roles',
    {
      schema: {
        tags,
        summary: 'Grant a role (limited to the roles the caller may grant; unit roles need a unit in the caller’s scope)',
        params: idParam,
        body: grantBody,
        response: { 201: apiRoleAssignment, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const actor = await adminActor(ctx, req);
      const res = await users.grantRole(ctx, actor, req.params.id, req.body);
      return reply.code(201).send(roleOut(res.assignment));
    },
  );

  r.delete(
    '/api/v1/users/:id/roles/:assignmentId',
    { schema: { tags, summary: 'Revoke a role assignment', params: assignmentParams, response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse } } },
    async (req, reply) => {
      const actor = await adminActor(ctx, req);
      await users.revokeRole(ctx, actor, req.params.id, req.params.assignmentId);
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/v1/users/:id/password-reset',
    {
      schema: {
        tags,
        summary: 'Reset a user’s password: a new initial password (returned once), change required at next sign-in, every session ends',
        params: idParam,
        response: { 200: z.object({ initialPassword: z.string() }), 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const actor = await adminActor(ctx, req);
      const res = await users.resetUserPassword(ctx, actor, req.params.id);
      return { initialPassword: res.initialPassword };
    },
  );
}
