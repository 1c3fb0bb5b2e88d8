// The participant's side of certificates: the "Sertifikat" section of the profile page (photo, the
// identity to be printed with "Data sudah benar" / "Ajukan koreksi", and per enrolment the checklist,
// the certificate's status and its download), the home page's notice, and the failed-upload page.
// Plain forms with CSRF: nothing here needs JavaScript.
import type { ViewContext } from '../context.js';
import { Csrf, Layout } from '../layout.js';
import { formatDateTime } from '../../domain/time.js';
import { formatEmployeeNumber } from '../../domain/nip.js';
import { REQUIREMENTS, type Requirement } from '../../domain/certificate-eligibility.js';
import type { ParticipantCertificate } from '../../services/certificate-eligibility.js';
import type { MessageKey } from '../../i18n/index.js';

export const PHOTO_FORM_ACTION = '/account/photo';
const nipText = (nip: string | null) => (nip && /^\d{18}$/.test(nip) ? formatEmployeeNumber(nip) : nip);

export interface CertificateSectionData {
  photo: { uploadedAt: string } | null;
  certificates: ParticipantCertificate[];
}

function Checklist(props: { v: ViewContext; c: ParticipantCertificate }) {
  const { v, c } = props;
  const { t } = v;
  const r = c.requirements;
  const shown = REQUIREMENTS.filter((k) => r.flags[k]);
  return (
    <>
      <h4>{t('certreq.checklist.title')}</h4>
      <ul class="checklist">
        {shown.map((k: Requirement) => {
          const missing = r.missing.includes(k);
          const href = r.links[k];
          return (
            <li data-requirement={k} data-met={missing ? '0' : '1'}>
              <span aria-hidden="true">{missing ? '○' : '✓'}</span> {t(`certreq.req.${k}` as MessageKey)} — <strong>{missing ? t('certreq.req.todo') : t('certreq.req.done')}</strong>
              {missing && href ? <> · <a href={href}>{t('certreq.req.go')}</a></> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Confirmation(props: { v: ViewContext; c: ParticipantCertificate }) {
  const { v, c } = props;
  const { t } = v;
  const r = c.requirements;
  const state = r.confirmation;
  return (
    <div class="confirmation" data-confirmation={state}>
      <h4>{t('certreq.confirm.title')}</h4>
      <p class="hint">{t('certreq.confirm.intro')}</p>
      <dl class="facts">
        <dt>{t('field.name')}</dt><dd data-printed="name">{r.printed.name}</dd>
        <dt>{t('field.nip')}</dt><dd data-printed="nip">{nipText(r.printed.nip) ?? '—'}</dd>
        <dt>{t('field.unit')}</dt><dd data-printed="unit">{r.printed.unit ?? '—'}</dd>
      </dl>
      <p>
        {state === 'confirmed' && r.confirmedAt ? t('certreq.confirm.confirmed', { at: formatDateTime(r.confirmedAt, v.zone, v.locale) }) : null}
        {state === 'changed' ? t('certreq.confirm.changed') : null}
        {state === 'pending_correction' ? t('certreq.confirm.pending') : null}
        {state === 'missing' ? t('certreq.confirm.missing') : null}
      </p>
      {state !== 'confirmed' && state !== 'pending_correction' ? (
        <form method="post" action={`/account/certificates/${r.enrolmentId}/confirm`} class="inline">
          <Csrf v={v} />
          <button type="submit">{t('certreq.confirm.submit')}</button> <a href="/profile#field">{t('certreq.confirm.correct')}</a>
        </form>
      ) : null}
    </div>
  );
}

function CertificateState(props: { v: ViewContext; c: ParticipantCertificate }) {
  const { v, c } = props;
  const { t } = v;
  const cert = c.certificate;
  return (
    <div class="certificate-state" data-status={c.status}>
      <p><strong>{t(`certreq.status.${c.status}` as MessageKey)}</strong></p>
      {cert?.number ? <p>{t('certreq.certificate.number', { number: cert.number })}</p> : null}
      {c.status === 'issued' && cert?.issuedAt ? <p>{t('certreq.certificate.issuedAt', { at: formatDateTime(cert.issuedAt, v.zone, v.locale) })}</p> : null}
      {c.status === 'revoked' && cert?.revokedAt ? <p>{t('certreq.certificate.revoked', { at: formatDateTime(cert.revokedAt, v.zone, v.locale), reason: cert.revokedReason ?? '—' })}</p> : null}
      {c.downloadUrl ? <p><a href={c.downloadUrl} class="button" download>{t('certreq.certificate.download')}</a></p> : null}
    </div>
  );
}

/** The "Sertifikat" section of the profile page (anchor #sertifikat; the photo form at #foto-sertifikat). */
export function CertificateSection(props: { v: ViewContext; data: CertificateSectionData }) {
  const { v, data } = props;
  const { t } = v;
  const needsPhoto = data.certificates.some((c) => c.requirements.flags.photo && c.status !== 'disabled');
  // Nothing to show to someone without a programme that issues certificates (e.g. an operator).
  if (data.certificates.length === 0 && !data.photo) return null;
  return (
    <section id="sertifikat" aria-labelledby="sertifikat-title">
      <h2 id="sertifikat-title">{t('certreq.section.title')}</h2>
      <p>{t('certreq.section.intro')}</p>

      {needsPhoto || data.photo ? (
        <div id="foto-sertifikat">
          <h3>{t('certreq.photo.title')}</h3>
          {data.photo ? (
            <p>
              <img src={`/account/photo?v=${encodeURIComponent(data.photo.uploadedAt)}`} alt={t('certreq.photo.alt')} width={150} height={200} />
              <br />
              <span class="muted">{t('certreq.photo.uploadedAt', { at: formatDateTime(data.photo.uploadedAt, v.zone, v.locale) })}</span>
            </p>
          ) : (
            <p class="muted">{t('certreq.photo.none')}</p>
          )}
          <PhotoForm v={v} replace={!!data.photo} />
        </div>
      ) : null}

      {data.certificates.map((c) => (
        <article class="card" data-enrolment={c.requirements.enrolmentId}>
          <h3>{c.programme} — {c.cohort}</h3>
          <CertificateState v={v} c={c} />
          {c.status === 'missing' || c.status === 'eligible' ? (
            <>
              <Checklist v={v} c={c} />
              {c.requirements.flags.confirmation ? <Confirmation v={v} c={c} /> : null}
            </>
          ) : null}
        </article>
      ))}
      <p><a href="/account/learning-hours">{t('certreq.section.hoursLink')}</a></p>
    </section>
  );
}

/** The photo upload form (multipart; the CSRF token travels in the query because the body is read after the check). */
export function PhotoForm(props: { v: ViewContext; replace: boolean }) {
  const { v } = props;
  const { t } = v;
  return (
    <form method="post" action={`${PHOTO_FORM_ACTION}?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
      <div>
        <label for="photo-file">{t('certreq.photo.choose')}</label>
        <input id="photo-file" name="file" type="file" accept="image/jpeg,image/png" required aria-describedby="photo-hint" />
        <p class="hint" id="photo-hint">{t('certreq.photo.hint')}</p>
      </div>
      <div><button type="submit">{props.replace ? t('certreq.photo.replace') : t('certreq.photo.upload')}</button></div>
    </form>
  );
}

/** The answer to a refused photo upload without JavaScript: the reason and the form again. */
export function PhotoFailedPage(props: { v: ViewContext; message: string }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('certreq.photo.failedTitle')} error={props.message}>
      <h1>{t('certreq.photo.failedTitle')}</h1>
      <p role="alert">{props.message}</p>
      <PhotoForm v={v} replace={false} />
      <p><a href="/profile#sertifikat">{t('certreq.photo.back')}</a></p>
    </Layout>
  );
}

/** The home page's notice of issued certificates. */
export function IssuedCertificatesNotice(props: { v: ViewContext; items: { programme: string; downloadUrl: string }[] }) {
  const { v } = props;
  if (props.items.length === 0) return null;
  return (
    <div class="notice" role="status" data-certificate-notice>
      {props.items.map((i) => (
        <p>
          {v.t('certreq.home.issued', { programme: i.programme })} <a href={i.downloadUrl} download>{v.t('certreq.certificate.download')}</a>
        </p>
      ))}
    </div>
  );
}
