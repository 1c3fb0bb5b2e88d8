import type { FastifyRequest } from 'fastify';
import { isAdministrator, isPlatformAdmin } from '../domain/authorization.js';
import type { AppContext } from '../services/context.js';
import { zoneOfUser } from '../services/users.js';
import type { ViewContext } from '../views/context.js';
import { currentUser, requirePrincipal } from './request.js';
import { ASSET_VERSION } from './assets.js';

/** Builds what a page needs; loads the signed-in user once. */
export async function viewContext(ctx: AppContext, req: FastifyRequest): Promise<ViewContext> {
  const base = { t: req.t, locale: req.locale, path: req.url.split('?')[0] ?? '/', csrfToken: req.csrfToken, assetVersion: ASSET_VERSION };
  if (!req.auth) return { ...base, user: null, zone: 'WIB' };
  const [user, principal] = await Promise.all([currentUser(ctx, req), requirePrincipal(ctx, req)]);
  if (!user) return { ...base, user: null, zone: 'WIB' };
  return {
    ...base,
    zone: zoneOfUser(user),
    user: {
      name: user.name,
      login: user.login,
      isAdmin: isAdministrator(principal),
      isPlatformAdmin: isPlatformAdmin(principal),
      isReviewer: isAdministrator(principal) || principal.roles.some((r) => r.role === 'facilitator'),
      mustChangePassword: req.auth.mustChangePassword,
    },
  };
}
