// The public verification page of a certificate (/verify/{code}): small, no sign-in needed.
import { Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import { formatDateTime } from '../../domain/time.js';
import { formatLocalDate } from '../../services/certificates/pdf.js';
import type { VerifiedCertificate } from '../../services/certificates/verification.js';

export function VerifyPage(props: { v: ViewContext; c: VerifiedCertificate }) {
  const { v, c } = props;
  const { t } = v;
  const valid = c.status === 'valid';
  return (
    <Layout v={v} title={t('cert.verify.title')}>
      <h1>{t('cert.verify.title')}</h1>
      <p class={valid ? 'notice' : 'alert'} role="status" data-status={c.status}>
        <strong>{valid ? t('cert.verify.valid') : t('cert.verify.revoked')}</strong>
        {!valid && c.revokedAt ? <> {t('cert.verify.revokedOn', { date: formatDateTime(c.revokedAt, 'WIB', v.locale) })}</> : null}
      </p>
      {!valid && c.revokedReason ? <p>{t('cert.verify.reason')}: {c.revokedReason}</p> : null}
      <dl class="facts">
        <dt>{t('cert.verify.number')}</dt><dd>{c.number}</dd>
        <dt>{t('cert.verify.holder')}</dt><dd>{c.holderName}</dd>
        <dt>{t('cert.verify.nip')}</dt><dd>{c.nipMasked ?? '–'}</dd>
        {c.unit ? <><dt>{t('cert.verify.unit')}</dt><dd>{c.unit}</dd></> : null}
        <dt>{t('cert.verify.programme')}</dt><dd>{c.programme}</dd>
        <dt>{t('cert.verify.cohort')}</dt><dd>{c.cohort}</dd>
        <dt>{t('cert.verify.issuedOn')}</dt><dd>{formatLocalDate(c.issuedOn, v.locale)}</dd>
        <dt>{t('cert.verify.jp')}</dt><dd>{t('cert.verify.jpValue', { jp: c.jp })}</dd>
      </dl>
    </Layout>
  );
}
