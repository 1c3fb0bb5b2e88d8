import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface AuditEntry {
  actorUserId: number | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
  userAgent?: string | null;
}

export function auditRepository(db: Kysely<Database>) {
  return {
    async append(at: string, e: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          at,
          actor_user_id: e.actorUserId,
          action: e.action,
          target_type: e.targetType ?? null,
          target_id: e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
          details: e.details ? JSON.stringify(e.details) : null,
          ip: e.ip ?? null,
          user_agent: e.userAgent ? e.userAgent.slice(0, 300) : null,
        })
        .execute();
    },
    /**
     * Newest first. With `targetUserUnitPaths`, only entries whose target is a user whose unit lies in
     * one of those subtrees (the view of an agency admin or unit operator).
     */
    list: (opts: { beforeId?: number; limit: number; targetType?: string; targetId?: string; targetUserUnitPaths?: string[] }) => {
      let q = db
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
        .selectAll('audit_log')
        .select(['users.login as actor_login', 'users.name as actor_name']);
      if (opts.targetUserUnitPaths !== undefined) {
        const paths = opts.targetUserUnitPaths;
        q = q
          .innerJoin('users as tu', (j) => j.on('audit_log.target_id', '=', sql<string>`cast(tu.id as text)`))
          .innerJoin('org_units as tou', 'tou.id', 'tu.unit_id')
          .where('audit_log.target_type', '=', 'user')
          .where((eb) => (paths.length ? eb.or(paths.map((p) => eb('tou.path', 'like', `${p}%`))) : sql<boolean>`1 = 0`));
      }
      if (opts.beforeId !== undefined) q = q.where('audit_log.id', '<', opts.beforeId);
      if (opts.targetType) q = q.where('audit_log.target_type', '=', opts.targetType);
      if (opts.targetId) q = q.where('audit_log.target_id', '=', opts.targetId);
      return q.orderBy('audit_log.id', 'desc').limit(opts.limit).execute();
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
