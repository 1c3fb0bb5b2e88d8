import type { ViewContext } from '../../context.js';
import type { ApiAuditEntry } from '../../../services/org.js';
import { formatDateTime } from '../../../domain/time.js';
import { AdminLayout, Pager } from './common.js';

export function AuditPage(props: { v: ViewContext; items: ApiAuditEntry[]; nextCursor: number | null; paged: boolean; full: boolean }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('admin.audit.title')} section="audit">
      <h1>{t('admin.audit.title')}</h1>
      {props.full ? null : <p class="muted">{t('admin.audit.scoped')}</p>}
      {props.items.length === 0 ? (
        <p class="muted">{t('admin.audit.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.at')}</th>
                <th scope="col">{t('admin.audit.actor')}</th>
                <th scope="col">{t('admin.audit.action')}</th>
                <th scope="col">{t('admin.audit.target')}</th>
                <th scope="col">{t('admin.audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((e) => (
                <tr>
                  <td>{formatDateTime(e.at, v.zone, v.locale)}</td>
                  <td>{e.actor ? (e.actor.login ?? `#${e.actor.id}`) : t('admin.audit.system')}{e.ip ? <><br /><span class="muted">{e.ip}</span></> : null}</td>
                  <td><code>{e.action}</code></td>
                  <td>
                    {e.targetType === 'user' && e.targetId ? <a href={`/admin/users/${encodeURIComponent(e.targetId)}`}>{`user #${e.targetId}`}</a> : e.targetType ? `${e.targetType} #${e.targetId ?? ''}` : '—'}
                  </td>
                  <td>{e.details ? <code>{JSON.stringify(e.details).slice(0, 300)}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base="/admin/audit" nextCursor={props.nextCursor} paged={props.paged} />
    </AdminLayout>
  );
}
