// The participant's profile page (/profile): its data, its enrolments, a correction request form
// (plain POST with CSRF) and the requests made so far with their status.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import * as profile from '../../../services/profile.js';
import { formatEmployeeNumber } from '../../../domain/nip.js';
import { formatDateTime } from '../../../domain/time.js';
import type { MessageKey } from '../../../i18n/index.js';
import { AppError } from '../../errors.js';
import { fieldMessages, formString } from '../../form.js';
import { actorOf, requireAuth, seeOther } from '../../request.js';
import { viewContext } from '../../view-context.js';
import { Csrf, Layout, renderPage } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import { SelectField, TextField, type FieldMessages } from '../../../views/pages/admin/common.js';
import { html } from '../users/access.js';
import { myCertificates } from '../../../services/certificate-eligibility.js';
import { CertificateSection, type CertificateSectionData } from '../../../views/pages/certificates-participant.js';

const hidden = { schema: { hide: true } } as const;

interface ProfileData {
  name: string;
  login: string;
  nip: string | null;
  unit: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
  employmentType: string | null;
  enrolments: { programme: string; cohort: string; progress: number; withdrawn: boolean }[];
  requests: { id: number; field: string; current: string | null; requested: string; status: 'pending' | 'approved' | 'rejected'; decisionNote: string | null; createdAt: string }[];
}

const fieldLabel = (v: ViewContext, f: string) => (profile.isCorrectionField(f) ? v.t(`field.${f}` as MessageKey) : f);

function ProfilePage(props: { v: ViewContext; data: ProfileData; notice?: string | null; error?: string | null; errors?: FieldMessages; values?: Record<string, string>; certificates?: CertificateSectionData }) {
  const { v, data } = props;
  const { t } = v;
  const facts: [string, string | null][] = [
    [t('field.name'), data.name],
    [t('field.nip'), data.nip],
    [t('field.unit'), data.unit],
    [t('field.position'), data.position],
    [t('field.employmentType'), data.employmentType],
    [t('field.email'), data.email],
    [t('field.phone'), data.phone],
  ];
  return (
    <Layout v={v} title={t('profile.title')} notice={props.notice} error={props.error}>
      <h1>{t('profile.title')}</h1>
      <dl class="facts">
        {facts.map(([label, value]) => (<><dt>{label}</dt><dd>{value || t('profile.empty')}</dd></>))}
      </dl>

      <h2>{t('enrolment.list.title')}</h2>
      {data.enrolments.length === 0 ? <p class="muted">{t('enrolment.list.none')}</p> : (
        <ul>
          {data.enrolments.map((e) => (
            <li>{e.programme} — {e.cohort} · {e.progress} %{e.withdrawn ? ` · ${t('profile.enrolment.withdrawn')}` : ''}</li>
          ))}
        </ul>
      )}

      {props.certificates ? <CertificateSection v={v} data={props.certificates} /> : null}

      <h2>{t('profile.request.title')}</h2>
      <p>{t('profile.request.intro')}</p>
      <form method="post" action="/profile/corrections" class="stack" novalidate>
        <Csrf v={v} />
        <SelectField id="field" name="field" label={t('profile.request.field')} value={props.values?.field} errors={props.errors} required options={profile.CORRECTION_FIELDS.map((f) => ({ value: f, label: fieldLabel(v, f) }))} />
        <TextField id="requestedValue" name="requestedValue" label={t('profile.request.value')} hint={t('profile.request.valueHint')} value={props.values?.requestedValue} errors={props.errors} required maxlength={320} />
        <TextField id="note" name="note" label={t('profile.request.note')} value={props.values?.note} errors={props.errors} maxlength={500} />
        <div><button type="submit">{t('profile.request.submit')}</button></div>
      </form>

      <h2>{t('profile.requests.title')}</h2>
      {data.requests.length === 0 ? <p class="muted">{t('profile.requests.none')}</p> : (
        <ul class="stack">
          {data.requests.map((r) => (
            <li data-correction={r.id} data-status={r.status}>
              <strong>{fieldLabel(v, r.field)}</strong>: {t('profile.requests.change', { current: r.current ?? '—', requested: r.requested })}
              <br />
              <span>{t(`profile.status.${r.status}`)}</span> · <span class="muted">{formatDateTime(r.createdAt, v.zone, v.locale)}</span>
              {r.decisionNote ? <><br /><span>{t('profile.requests.decisionNote', { note: r.decisionNote })}</span></> : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export async function profilePageRoutes(app: FastifyInstance, ctx: AppContext) {
  // The certificate section (issue 7): a failure there must not take the profile page down.
  const certificateSection = async (userId: number): Promise<CertificateSectionData | undefined> => {
    try {
      const [photo, certificates] = await Promise.all([ctx.repos.certificateRequirements.photo(userId), myCertificates(ctx, userId)]);
      return { photo: photo ? { uploadedAt: photo.uploaded_at } : null, certificates };
    } catch (err) {
      ctx.log.warn({ err, userId }, 'certificate section of the profile failed');
      return undefined;
    }
  };
  const render = async (req: FastifyRequest, reply: FastifyReply, extra: { notice?: string | null; error?: string | null; errors?: FieldMessages; values?: Record<string, string>; status?: number } = {}) => {
    const a = requireAuth(req);
    const [p, v, certificates] = await Promise.all([profile.myProfile(ctx, a.userId), viewContext(ctx, req), certificateSection(a.userId)]);
    const u = p.user;
    const nip = (s: string | null) => (s && /^\d{18}$/.test(s) ? formatEmployeeNumber(s) : s);
    const data: ProfileData = {
      name: u.name,
      login: u.login,
      nip: nip(u.nip),
      unit: u.unit_name,
      position: u.position,
      email: u.email,
      phone: u.phone,
      employmentType: u.employment_type,
      enrolments: p.enrolments.map((e) => ({ programme: e.programme_title, cohort: e.cohort_title, progress: e.progress, withdrawn: e.status === 'withdrawn' })),
      requests: p.corrections.map((c) => ({
        id: c.id,
        field: c.field,
        current: c.field === 'nip' ? nip(c.current_value) : c.current_value,
        requested: c.field === 'nip' ? nip(c.requested_value)! : c.requested_value,
        status: c.status,
        decisionNote: c.decision_note,
        createdAt: c.created_at,
      })),
    };
    const { status, ...rest } = extra;
    return html(reply, renderPage(ProfilePage({ v, data, certificates, ...rest })), status ?? 200);
  };

  app.get('/profile', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/profile');
    const n = (req.query as Record<string, unknown>).notice;
    const notice = n === 'requested' ? req.t('profile.request.done') : n === 'photo' ? req.t('certreq.photo.done') : n === 'confirmed' ? req.t('certreq.confirm.done') : null;
    return render(req, reply, { notice });
  });

  app.post('/profile/corrections', hidden, async (req, reply) => {
    if (!req.auth) return seeOther(reply, '/login?next=/profile');
    const a = requireAuth(req);
    const values = { field: formString(req, 'field', 32), requestedValue: formString(req, 'requestedValue', 320), note: formString(req, 'note', 500) };
    try {
      await profile.requestCorrection(ctx, { ...actorOf(req), userId: a.userId }, values);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      return render(req, reply, { error: req.t(err.messageKey, err.options.params), errors: fieldMessages(req, err), values, status: err.status });
    }
    return seeOther(reply, '/profile?notice=requested');
  });
}
