import { Csrf } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import type { ApiTokenView } from '../../../services/api-tokens.js';
import { formatDateTime } from '../../../domain/time.js';
import { AdminLayout, OneTimeSecret, Pager, TextField, type FieldMessages } from './common.js';

export function TokensPage(props: {
  v: ViewContext;
  items: ApiTokenView[];
  nextCursor: number | null;
  paged: boolean;
  created?: { token: string; name: string; login: string } | null;
  values?: { name?: string; login?: string; expiresInDays?: string };
  errors?: FieldMessages;
  notice?: string | null;
  error?: string | null;
}) {
  const { v } = props;
  const { t } = v;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, v.zone, v.locale) : '—');
  return (
    <AdminLayout v={v} title={t('admin.tokens.title')} section="tokens" notice={props.notice} error={props.error}>
      <h1>{t('admin.tokens.title')}</h1>
      <p>{t('admin.tokens.intro')}</p>
      {props.created ? (
        <OneTimeSecret label={t('admin.tokens.createdFor', { name: props.created.name, login: props.created.login })} value={props.created.token} note={t('admin.tokens.created')} />
      ) : null}
      <h2>{t('admin.tokens.create.title')}</h2>
      <form method="post" action="/admin/tokens" class="stack">
        <Csrf v={v} />
        <TextField id="name" name="name" label={t('admin.tokens.name')} value={props.values?.name} errors={props.errors} required maxlength={100} />
        <TextField id="login" name="login" label={t('field.login')} value={props.values?.login} errors={props.errors} hint={t('admin.tokens.loginHint')} maxlength={320} />
        <TextField id="expiresInDays" name="expiresInDays" label={t('admin.tokens.expiresInDays')} value={props.values?.expiresInDays} errors={props.errors} hint={t('admin.tokens.expiresHint')} inputmode="numeric" maxlength={4} />
        <div><button type="submit">{t('admin.tokens.create.submit')}</button></div>
      </form>
      <h2>{t('admin.tokens.list')}</h2>
      {props.items.length === 0 ? (
        <p class="muted">{t('admin.tokens.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.tokens.name')}</th>
                <th scope="col">{t('field.login')}</th>
                <th scope="col">{t('admin.field.status')}</th>
                <th scope="col">{t('admin.tokens.lastUsed')}</th>
                <th scope="col">{t('field.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((k) => (
                <tr>
                  <td>{k.name}<br /><code>{k.prefix}…</code></td>
                  <td>{k.user.login}</td>
                  <td>{t(`admin.tokens.status.${k.status}`)}<br /><span class="muted">{t('admin.tokens.expiresAt')}: {when(k.expiresAt)}</span></td>
                  <td>{when(k.lastUsedAt)}</td>
                  <td>
                    {k.status === 'active' ? (
                      <form method="post" action={`/admin/tokens/${k.id}/revoke`}>
                        <Csrf v={v} />
                        <button type="submit" class="secondary" aria-label={t('admin.tokens.revokeNamed', { name: k.name })}>{t('admin.tokens.revoke')}</button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base="/admin/tokens" nextCursor={props.nextCursor} paged={props.paged} />
    </AdminLayout>
  );
}
