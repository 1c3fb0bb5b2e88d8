import { Csrf, Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import { formatDateTime } from '../../domain/time.js';
import type { Role } from '../../db/schema.js';
import { EnrolmentCard, type EnrolmentSummary } from './learning/common.js';
import { IssuedCertificatesNotice } from './certificates-participant.js';

export interface HomeData {
  name: string;
  nip: string | null;
  unit: string | null;
  roles: { role: Role; unit: string | null }[];
  enrolments: EnrolmentSummary[];
  /** Issued certificates to announce (issue 7). */
  certificates?: { programme: string; downloadUrl: string }[];
}

export function HomePage(props: { v: ViewContext; data: HomeData; notice?: string | null }) {
  const { v, data } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('home.title')} notice={props.notice}>
      <h1>{t('home.welcome', { name: data.name })}</h1>
      <IssuedCertificatesNotice v={v} items={data.certificates ?? []} />
      <dl class="facts">
        {data.nip ? (<><dt>{t('field.nip')}</dt><dd>{data.nip}</dd></>) : null}
        {data.unit ? (<><dt>{t('home.unit')}</dt><dd>{data.unit}</dd></>) : null}
        <dt>{t('home.roles')}</dt>
        <dd>{data.roles.map((r) => t(`role.${r.role}`) + (r.unit ? ` (${r.unit})` : '')).join(', ')}</dd>
      </dl>
      <h2>{t('home.programmes')}</h2>
      {data.enrolments.length === 0 ? (
        <p class="muted">{t('home.noProgrammes')}</p>
      ) : (
        data.enrolments.map((e) => <EnrolmentCard v={v} e={e} />)
      )}
    </Layout>
  );
}

export interface AccountData {
  name: string;
  login: string;
  nip: string | null;
  email: string | null;
  phone: string | null;
  position: string | null;
  unit: string | null;
  sessions: { current: boolean; lastSeenAt: string; ip: string | null; userAgent: string | null }[];
}

export function AccountPage(props: { v: ViewContext; data: AccountData; notice?: string | null }) {
  const { v, data } = props;
  const { t } = v;
  const rows: [string, string | null][] = [
    [t('field.name'), data.name],
    [t('field.login'), data.login],
    [t('field.nip'), data.nip],
    [t('field.email'), data.email],
    [t('field.phone'), data.phone],
    [t('field.position'), data.position],
    [t('field.unit'), data.unit],
  ];
  return (
    <Layout v={v} title={t('account.title')} notice={props.notice}>
      <h1>{t('account.title')}</h1>
      <h2>{t('account.profile')}</h2>
      <dl class="facts">
        {rows.filter(([, value]) => value).map(([label, value]) => (<><dt>{label}</dt><dd>{value}</dd></>))}
      </dl>
      <p><a href="/profile">{t('account.profileCorrections')}</a></p>
      <p><a href="/account/learning-hours">{t('hours.title')}</a></p>
      <p><a href="/password/change">{t('password.change.title')}</a></p>
      <h2>{t('account.sessions')}</h2>
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('account.device')}</th><th scope="col">{t('account.lastSeen')}</th></tr></thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr>
                <td>{(s.userAgent ?? '—').slice(0, 80)} {s.current ? <strong>({t('account.sessionCurrent')})</strong> : null}<br /><span class="muted">{s.ip ?? ''}</span></td>
                <td>{formatDateTime(s.lastSeenAt, v.zone, v.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/account/sign-out-everywhere">
        <Csrf v={v} />
        <p><button type="submit" class="secondary">{t('account.signOutEverywhere')}</button></p>
      </form>
    </Layout>
  );
}
