import { Csrf } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import type { Role } from '../../../db/schema.js';
import { formatDateTime } from '../../../domain/time.js';
import { AdminLayout, OneTimeSecret, Pager, SelectField, TextField, type FieldMessages } from './common.js';

export interface UserRow {
  id: number;
  name: string;
  login: string;
  nip: string | null;
  unit: string | null;
  roles: { role: Role; unit: string | null }[];
  status: 'active' | 'disabled';
}

export interface UnitOption {
  code: string;
  name: string;
  depth: number;
}

const roleText = (v: ViewContext, r: { role: Role; unit: string | null }) => v.t(`role.${r.role}`) + (r.unit ? ` (${r.unit})` : '');

export function UserListPage(props: { v: ViewContext; rows: UserRow[]; q: string; unit: string; units: UnitOption[]; nextCursor: number | null; paged: boolean; notice?: string | null; formerNips?: { id: number; name: string; nip: string; current: string | null }[] }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('admin.users.title')} section="users" notice={props.notice}>
      <h1>{t('admin.users.title')}</h1>
      <p><a class="button" href="/admin/users/new">{t('admin.users.new')}</a> · <a href="/admin/corrections">{t('care.corrections.link')}</a></p>
      <form method="get" action="/admin/users" class="stack" role="search">
        <TextField id="q" name="q" type="search" label={t('admin.users.search')} value={props.q} hint={t('admin.users.searchHint')} />
        <SelectField id="unit" name="unit" label={t('field.unit')} value={props.unit} options={[{ value: '', label: t('admin.users.allUnits') }, ...unitOptions(props.units)]} />
        <div><button type="submit">{t('admin.users.searchSubmit')}</button></div>
      </form>
      {props.formerNips?.length ? (
        <section aria-labelledby="former-nips">
          <h2 id="former-nips">{t('care.formerNip.title')}</h2>
          <ul>{props.formerNips.map((f) => <li><a href={`/admin/users/${f.id}`}>{f.name}</a> — {t('care.formerNip.item', { nip: f.nip, current: f.current ?? '—' })}</li>)}</ul>
        </section>
      ) : null}
      {props.rows.length === 0 ? (
        <p class="muted">{t('admin.users.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr">{t('admin.users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.name')}</th>
                <th scope="col">{t('field.nip')}</th>
                <th scope="col">{t('field.unit')}</th>
                <th scope="col">{t('field.role')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((u) => (
                <tr>
                  <td>
                    <a href={`/admin/users/${u.id}`}>{u.name}</a>
                    {u.nip ? null : <><br /><span class="muted">{u.login}</span></>}
                    {u.status === 'disabled' ? <><br /><span class="muted">{t('admin.status.disabled')}</span></> : null}
                  </td>
                  <td>{u.nip ?? '—'}</td>
                  <td>{u.unit ?? '—'}</td>
                  <td>{u.roles.map((r) => roleText(v, r)).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base="/admin/users" params={{ q: props.q || undefined, unit: props.unit || undefined }} nextCursor={props.nextCursor} paged={props.paged} />
    </AdminLayout>
  );
}

export function unitOptions(units: UnitOption[]) {
  return units.map((u) => ({ value: u.code, label: `${'\u00a0\u00a0'.repeat(u.depth)}${u.name} (${u.code})` }));
}

export interface NewUserValues {
  nip?: string;
  login?: string;
  name?: string;
  email?: string;
  phone?: string;
  position?: string;
  employmentType?: string;
  unitCode?: string;
  role?: string;
}

export function NewUserPage(props: { v: ViewContext; units: UnitOption[]; roles: Role[]; values?: NewUserValues; errors?: FieldMessages; error?: string | null }) {
  const { v } = props;
  const { t } = v;
  const val = props.values ?? {};
  return (
    <AdminLayout v={v} title={t('admin.users.create.title')} section="users" error={props.error}>
      <h1>{t('admin.users.create.title')}</h1>
      <form method="post" action="/admin/users/new" class="stack" novalidate>
        <Csrf v={v} />
        <TextField id="nip" name="nip" label={t('field.nip')} value={val.nip} errors={props.errors} hint={t('admin.users.create.nipHint')} inputmode="numeric" maxlength={64} />
        <TextField id="login" name="login" label={t('field.login')} value={val.login} errors={props.errors} hint={t('admin.users.create.loginHint')} maxlength={64} />
        <TextField id="name" name="name" label={t('field.name')} value={val.name} errors={props.errors} required autocomplete="off" maxlength={200} />
        <TextField id="email" name="email" type="email" label={t('field.email')} value={val.email} errors={props.errors} maxlength={320} />
        <TextField id="phone" name="phone" type="tel" label={t('field.phone')} value={val.phone} errors={props.errors} maxlength={32} />
        <TextField id="position" name="position" label={t('field.position')} value={val.position} errors={props.errors} maxlength={200} />
        <SelectField
          id="employmentType"
          name="employmentType"
          label={t('field.employmentType')}
          value={val.employmentType}
          errors={props.errors}
          options={[{ value: '', label: t('admin.users.employment.auto') }, { value: 'PPPK', label: 'PPPK' }, { value: 'PNS', label: 'PNS' }]}
        />
        <SelectField id="unitCode" name="unitCode" label={t('field.unit')} value={val.unitCode} errors={props.errors} required options={[{ value: '', label: t('admin.users.chooseUnit') }, ...unitOptions(props.units)]} />
        <SelectField id="role" name="role" label={t('field.role')} value={val.role ?? 'participant'} errors={props.errors} required options={props.roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <div><button type="submit">{t('admin.users.create.submit')}</button></div>
      </form>
      <p><a href="/admin/users">{t('admin.users.back')}</a></p>
    </AdminLayout>
  );
}

/** After provisioning or a reset: the initial password, once. */
export function InitialPasswordPage(props: { v: ViewContext; title: string; user: { id: number; name: string; login: string; nip: string | null }; password: string }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={props.title} section="users">
      <h1>{props.title}</h1>
      <dl class="facts">
        <dt>{t('field.name')}</dt><dd>{props.user.name}</dd>
        <dt>{t('field.login')}</dt><dd>{props.user.login}</dd>
        {props.user.nip ? (<><dt>{t('field.nip')}</dt><dd>{props.user.nip}</dd></>) : null}
      </dl>
      <OneTimeSecret label={t('admin.users.initialPassword')} value={props.password} note={t('admin.users.initialPassword.note')} />
      <p><a href={`/admin/users/${props.user.id}`}>{t('admin.users.open')}</a> · <a href="/admin/users">{t('admin.users.back')}</a></p>
    </AdminLayout>
  );
}

export interface UserDetailData {
  id: number;
  name: string;
  login: string;
  nip: string | null;
  email: string | null;
  phone: string | null;
  position: string | null;
  employmentType: string | null;
  unit: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  roles: { id: number; role: Role; unit: string | null; revocable: boolean }[];
  grantable: Role[];
  canResetPassword: boolean;
  enrolments: { id: number; programme: string; cohort: string; progress: number; status: string }[];
}

export function UserDetailPage(props: { v: ViewContext; data: UserDetailData; units: UnitOption[]; errors?: FieldMessages; notice?: string | null; error?: string | null; grant?: { role?: string; unitCode?: string } }) {
  const { v, data } = props;
  const { t } = v;
  const facts: [string, string | null][] = [
    [t('field.login'), data.login],
    [t('field.nip'), data.nip],
    [t('field.email'), data.email],
    [t('field.phone'), data.phone],
    [t('field.position'), data.position],
    [t('field.employmentType'), data.employmentType],
    [t('field.unit'), data.unit],
    [t('admin.field.status'), data.status === 'active' ? t('admin.status.active') : t('admin.status.disabled')],
    [t('admin.users.passwordState'), data.mustChangePassword ? t('admin.users.mustChange') : t('admin.users.passwordSet')],
    [t('field.createdAt'), formatDateTime(data.createdAt, v.zone, v.locale)],
    [t('admin.users.lastLogin'), data.lastLoginAt ? formatDateTime(data.lastLoginAt, v.zone, v.locale) : t('admin.users.never')],
  ];
  return (
    <AdminLayout v={v} title={data.name} section="users" notice={props.notice} error={props.error}>
      <h1>{data.name}</h1>
      <dl class="facts">
        {facts.filter(([, value]) => value).map(([label, value]) => (<><dt>{label}</dt><dd>{value}</dd></>))}
      </dl>

      <h2>{t('enrolment.list.title')}</h2>
      {data.enrolments.length === 0 ? <p class="muted">{t('enrolment.list.none')}</p> : (
        <ul>
          {data.enrolments.map((e) => (
            <li><a href={`/admin/enrolments/${e.id}`}>{e.programme} — {e.cohort}</a> · {e.progress} %</li>
          ))}
        </ul>
      )}
      <h2>{t('admin.users.roles')}</h2>
      {data.roles.length === 0 ? <p class="muted">{t('admin.users.noRoles')}</p> : (
        <ul>
          {data.roles.map((r) => (
            <li>
              {t(`role.${r.role}`)}{r.unit ? ` (${r.unit})` : ''}
              {r.revocable ? (
                <form method="post" action={`/admin/users/${data.id}/roles/${r.id}/revoke`} class="inline">
                  <Csrf v={v} />
                  {' '}<button type="submit" class="link" aria-label={t('admin.users.revokeRole', { role: t(`role.${r.role}`) })}>{t('admin.users.revoke')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {data.grantable.length ? (
        <>
          <h2>{t('admin.users.grant.title')}</h2>
          <form method="post" action={`/admin/users/${data.id}/roles`} class="stack">
            <Csrf v={v} />
            <SelectField id="grant-role" name="role" label={t('field.role')} value={props.grant?.role} errors={props.errors} required options={data.grantable.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            <SelectField id="grant-unit" name="unitCode" label={t('field.unit')} value={props.grant?.unitCode} errors={props.errors} hint={t('admin.users.grant.unitHint')} options={[{ value: '', label: '—' }, ...unitOptions(props.units)]} />
            <div><button type="submit">{t('admin.users.grant.submit')}</button></div>
          </form>
        </>
      ) : null}

      {data.canResetPassword ? <p><a href={`/admin/users/${data.id}/care`}>{t('care.link')}</a></p> : null}
      {data.canResetPassword ? (
        <>
          <h2>{t('admin.users.reset.title')}</h2>
          <p>{t('admin.users.reset.intro')}</p>
          <form method="post" action={`/admin/users/${data.id}/password-reset`}>
            <Csrf v={v} />
            <p><button type="submit" class="secondary">{t('admin.users.reset.submit')}</button></p>
          </form>
        </>
      ) : null}
      <p><a href="/admin/users">{t('admin.users.back')}</a></p>
    </AdminLayout>
  );
}
