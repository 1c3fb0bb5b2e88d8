// Personal API tokens: created and revoked by a platform admin; shown once; stored as a hash.
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { randomToken, sha256 } from './crypto.js';
import { API_TOKEN_PREFIX } from './auth.js';

export async function createApiToken(ctx: AppContext, actor: Actor & { principal: Principal }, input: { name: string; userId?: number; expiresInDays?: number | null }) {
  if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  const userId = input.userId ?? actor.principal.userId;
  const user = await ctx.repos.users.findById(userId);
  if (!user) throw errors.validation({ userId: [{ key: 'error.not_found' }] });
  const secret = randomToken(32);
  const token = `${API_TOKEN_PREFIX}${secret}`;
  const now = ctx.clock();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86400_000).toISOString() : null;
  const id = await ctx.repos.apiTokens.insert({
    user_id: userId,
    name: input.name.trim(),
    token_hash: sha256(token),
    token_prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    created_at: now.toISOString(),
    created_by: actor.userId,
    expires_at: expiresAt,
  });
  await audit(ctx, actor, 'api_token.created', { type: 'api_token', id }, { userId, name: input.name });
  return { id, token, userId, login: user.login, name: input.name.trim(), expiresAt, createdAt: now.toISOString() };
}

export async function listApiTokens(ctx: AppContext, principal: Principal) {
  if (!isPlatformAdmin(principal)) throw errors.forbidden();
  return ctx.repos.apiTokens.list({});
}

export async function revokeApiToken(ctx: AppContext, actor: Actor & { principal: Principal }, id: number) {
  if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  const row = await ctx.repos.apiTokens.findById(id);
  if (!row) throw errors.notFound();
  const changed = await ctx.repos.apiTokens.revoke(id, ctx.clock().toISOString());
  if (changed) await audit(ctx, actor, 'api_token.revoked', { type: 'api_token', id });
}
