// Personal API tokens: created and revoked by a platform admin; shown once; stored as a hash.
import { isPlatformAdmin, type Principal } from '../domain/authorization.js';
import { errors } from '../http/errors.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { randomToken, sha256 } from './crypto.js';
import { API_TOKEN_PREFIX } from './auth.js';

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  user: { id: number; login: string };
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export async function createApiToken(ctx: AppContext, actor: Actor & { principal: Principal }, input: { name: string; userId?: number | null; expiresInDays?: number | null }) {
  if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  if (!input.name?.trim()) throw errors.validation({ name: [{ key: 'error.field.required' }] });
  if (input.expiresInDays != null && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 3650)) {
    throw errors.validation({ expiresInDays: [{ key: 'error.field.invalid' }] });
  }
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

/** Every token (never the secret), newest first, paged by id. Platform admins only. */
export async function listApiTokens(ctx: AppContext, principal: Principal, opts: { cursor?: number; limit: number } = { limit: 50 }): Promise<{ items: ApiTokenView[]; nextCursor: number | null }> {
  if (!isPlatformAdmin(principal)) throw errors.forbidden();
  const rows = await ctx.repos.apiTokens.list({ beforeId: opts.cursor, limit: opts.limit + 1 });
  const now = ctx.clock().toISOString();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.token_prefix,
      user: { id: r.user_id, login: r.user_login },
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
      status: r.revoked_at ? 'revoked' : r.expires_at && r.expires_at <= now ? 'expired' : 'active',
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

export async function revokeApiToken(ctx: AppContext, actor: Actor & { principal: Principal }, id: number) {
  if (!isPlatformAdmin(actor.principal)) throw errors.forbidden();
  const row = await ctx.repos.apiTokens.findById(id);
  if (!row) throw errors.notFound();
  const changed = await ctx.repos.apiTokens.revoke(id, ctx.clock().toISOString());
  if (changed) await audit(ctx, actor, 'api_token.revoked', { type: 'api_token', id });
}
