// Certificate admin pages: a programme's certificates with counts per status, the batch run, revocation
// and re-issue (plain forms), and the programme's certificate settings.
import { Csrf, FieldErrors, Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import { Pager } from './admin/common.js';
import { formatDateTime } from '../../domain/time.js';
import { CERTIFICATE_STATUSES, type CertificateStatus } from '../../db/schema.js';
import type { MessageKey } from '../../i18n/index.js';
import type { CertificateList } from '../../services/certificates/pipeline.js';
import { CERTIFICATE_REQUIREMENTS, type CertificateSettings } from '../../services/certificates/settings.js';

export const certStatusKey = (s: CertificateStatus): MessageKey => `cert.admin.status.${s}` as MessageKey;
export const CERT_NOTICES: readonly MessageKey[] = ['cert.admin.notice.revoked', 'cert.admin.notice.reissued', 'cert.settings.saved'] as MessageKey[];

export interface CertificatesPageProps {
  v: ViewContext;
  data: CertificateList;
  status: string;
  cohortId: string;
  cohorts: { id: number; title: string }[];
  canAdminister: boolean;
  paged: boolean;
  notice?: string | null;
  error?: string | null;
}

export function CertificatesPage(props: CertificatesPageProps) {
  const { v, data } = props;
  const { t } = v;
  const p = data.programme;
  const title = t('cert.admin.title', { programme: p.title });
  const base = `/admin/programmes/${p.id}/certificates`;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, v.zone, v.locale) : '–');
  return (
    <Layout v={v} title={title} notice={props.notice} error={props.error}>
      <h1>{title}</h1>
      {props.canAdminister ? <p><a href={`${base}/settings`}>{t('cert.settings.link')}</a></p> : null}
      <section aria-labelledby="cert-counts">
        <h2 id="cert-counts">{t('cert.admin.counts')}</h2>
        <dl class="facts" data-testid="cert-counts">
          {CERTIFICATE_STATUSES.map((s) => (
            <>
              <dt>{t(certStatusKey(s))}</dt>
              <dd data-status={s}>{data.counts[s]}</dd>
            </>
          ))}
        </dl>
      </section>
      {props.canAdminister ? (
        <section aria-labelledby="cert-batch">
          <h2 id="cert-batch">{t('cert.admin.batch')}</h2>
          <p class="hint">{t('cert.admin.batchHint')}</p>
          <form method="post" action={`${base}/batch`}>
            <Csrf v={v} />
            <label for="batch-cohort">{t('cert.admin.cohort')}</label>
            <select id="batch-cohort" name="cohortId">
              <option value="">{t('cert.admin.allCohorts')}</option>
              {props.cohorts.map((c) => <option value={String(c.id)}>{c.title}</option>)}
            </select>
            <button type="submit">{t('cert.admin.batchStart')}</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="cert-list">
        <h2 id="cert-list">{t('cert.admin.list')}</h2>
        <form method="get" action={base} class="filters">
          <label for="f-status">{t('cert.admin.statusFilter')}</label>
          <select id="f-status" name="status">
            <option value="">{t('cert.admin.allStatuses')}</option>
            {CERTIFICATE_STATUSES.map((s) => <option value={s} selected={s === props.status}>{t(certStatusKey(s))}</option>)}
          </select>
          <label for="f-cohort">{t('cert.admin.cohort')}</label>
          <select id="f-cohort" name="cohortId">
            <option value="">{t('cert.admin.allCohorts')}</option>
            {props.cohorts.map((c) => <option value={String(c.id)} selected={String(c.id) === props.cohortId}>{c.title}</option>)}
          </select>
          <button type="submit">{t('cert.admin.filter')}</button>
        </form>
        {data.items.length === 0 ? (
          <p class="empty">{t('cert.admin.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cert.admin.number')}</th>
                  <th scope="col">{t('cert.admin.holder')}</th>
                  <th scope="col">{t('cert.admin.cohort')}</th>
                  <th scope="col">{t('cert.admin.status')}</th>
                  <th scope="col">{t('cert.admin.issuedAt')}</th>
                  <th scope="col">{t('cert.admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr data-certificate-id={c.id}>
                    <td>{c.number ?? '–'}</td>
                    <td>{c.holder_name}{c.nip ? <><br /><span class="muted">{c.nip}</span></> : null}{c.unit_name ? <><br /><span class="muted">{c.unit_name}</span></> : null}</td>
                    <td>{c.cohort_title}</td>
                    <td>
                      <strong class={`status status-${c.status}`}>{t(certStatusKey(c.status))}</strong>
                      {c.status === 'revoked' ? <><br /><span class="muted">{when(c.revoked_at)}: {c.revoked_reason}</span></> : null}
                      {c.last_error && c.status !== 'issued' && c.status !== 'revoked' ? <><br /><span class="muted">{t('cert.admin.lastError')}: {c.last_error}</span></> : null}
                    </td>
                    <td>{when(c.issued_at)}</td>
                    <td>
                      {c.pdf_file_id ? <a href={`/api/v1/certificates/${c.id}/pdf`}>{t('cert.admin.pdf')}</a> : null}
                      {c.status === 'issued' ? <> · <a href={`/verify/${c.verification_code}`}>{t('cert.admin.verifyLink')}</a></> : null}
                      {props.canAdminister && c.status !== 'revoked' ? (
                        <form method="post" action={`/admin/certificates/${c.id}/revoke`}>
                          <Csrf v={v} />
                          <label for={`reason-${c.id}`}>{t('cert.admin.reason')}</label>
                          <input id={`reason-${c.id}`} name="reason" required minlength={5} maxlength={500} />
                          <button type="submit">{t('cert.admin.revoke')}</button>
                        </form>
                      ) : null}
                      {props.canAdminister && c.status === 'revoked' ? (
                        <form method="post" action={`/admin/certificates/${c.id}/reissue`}>
                          <Csrf v={v} />
                          <button type="submit">{t('cert.admin.reissue')}</button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager v={v} base={base} params={{ status: props.status || undefined, cohortId: props.cohortId || undefined }} nextCursor={data.nextCursor} paged={props.paged} />
      </section>
    </Layout>
  );
}

export interface SettingsForm {
  enabled: boolean;
  requirements: Record<string, boolean>;
  numberPattern: string;
  signerName: string;
  signerPosition: string;
  signerPlace: string;
  jp: string;
}

export const settingsFormOf = (s: CertificateSettings): SettingsForm => ({
  enabled: s.enabled,
  requirements: { ...s.requirements },
  numberPattern: s.numberPattern,
  signerName: s.signerName ?? '',
  signerPosition: s.signerPosition ?? '',
  signerPlace: s.signerPlace ?? '',
  jp: s.jpConfigured === null ? '' : String(s.jpConfigured),
});

export function CertificateSettingsPage(props: { v: ViewContext; programme: { id: number; title: string }; settings: CertificateSettings; form: SettingsForm; errors?: Record<string, string[]>; notice?: string | null; error?: string | null }) {
  const { v, form } = props;
  const { t } = v;
  const title = t('cert.settings.title', { programme: props.programme.title });
  const errs = props.errors ?? {};
  const text = (name: keyof SettingsForm, label: MessageKey, hint?: MessageKey) => (
    <div class="field">
      <label for={`s-${name}`}>{t(label)}</label>
      <input id={`s-${name}`} name={name} value={String(form[name])} maxlength={name === 'jp' ? 4 : 200} aria-describedby={`s-${name}-errors${hint ? ` s-${name}-hint` : ''}`} inputmode={name === 'jp' ? 'numeric' : undefined} />
      {hint ? <p class="hint" id={`s-${name}-hint`}>{t(hint, { jp: props.settings.jp })}</p> : null}
      <FieldErrors id={`s-${name}-errors`} messages={errs[name]} />
    </div>
  );
  return (
    <Layout v={v} title={title} notice={props.notice} error={props.error}>
      <h1>{title}</h1>
      <p><a href={`/admin/programmes/${props.programme.id}/certificates`}>{t('cert.settings.back')}</a></p>
      <form method="post" action={`/admin/programmes/${props.programme.id}/certificates/settings`}>
        <Csrf v={v} />
        <div class="field">
          <label><input type="checkbox" name="enabled" value="1" checked={form.enabled} /> {t('cert.settings.enabled')}</label>
        </div>
        <fieldset>
          <legend>{t('cert.settings.requirements')}</legend>
          {CERTIFICATE_REQUIREMENTS.map((r) => (
            <label class="check"><input type="checkbox" name={`require_${r}`} value="1" checked={form.requirements[r]} /> {t(`cert.settings.require.${r}` as MessageKey)}</label>
          ))}
        </fieldset>
        {text('numberPattern', 'cert.settings.numberPattern', 'cert.settings.numberPatternHint')}
        {text('signerName', 'cert.settings.signerName')}
        {text('signerPosition', 'cert.settings.signerPosition')}
        {text('signerPlace', 'cert.settings.signerPlace')}
        {text('jp', 'cert.settings.jp', 'cert.settings.jpHint')}
        <button type="submit">{t('cert.settings.save')}</button>
      </form>
    </Layout>
  );
}
