import type { AppContext, Actor } from './context.js';

export async function audit(
  ctx: AppContext,
  actor: Actor,
  action: string,
  target?: { type: string; id: string | number | null },
  details?: Record<string, unknown>,
): Promise<void> {
  await ctx.repos.audit.append(ctx.clock().toISOString(), {
    actorUserId: actor.userId,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    details: details ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
  });
}
