// Pages of account care (one page per account) and of the operators' queue of profile corrections.
import { Csrf } from '../../../views/layout.js';
import type { ViewContext } from '../../../views/context.js';
import { formatDateTime } from '../../../domain/time.js';
import { AdminLayout, OneTimeSecret, Pager, SelectField, TextField, type FieldMessages } from '../../../views/pages/admin/common.js';
import { unitOptions, type UnitOption } from '../../../views/pages/admin/users.js';
import type { MessageKey } from '../../../i18n/index.js';

export interface CareData {
  id: number;
  name: string;
  login: string;
  nip: string | null;
  unit: string | null;
  unitCode: string | null;
  lock: { locked: boolean; blockedUntil: string | null; failures: number };
  nips: { nip: string; validFrom: string; validTo: string | null; reason: string | null }[];
  enrolments: { id: number; programme: string; cohort: string; status: 'active' | 'withdrawn'; progress: number; withdrawnAt: string | null; withdrawnReason: string | null; overrideReason: string | null }[];
  cohorts: { id: number; label: string }[];
  mayOverride: boolean;
}

/** Which form a failed submission came from (its fields get the messages), and what was typed. */
export interface CareForm {
  form: string;
  errors?: FieldMessages;
  values?: Record<string, string>;
}

const date = (v: ViewContext, iso: string) => formatDateTime(iso, v.zone, v.locale);

export function CarePage(props: { v: ViewContext; data: CareData; units: UnitOption[]; notice?: string | null; error?: string | null; failed?: CareForm }) {
  const { v, data } = props;
  const { t } = v;
  const f = (form: string) => (props.failed?.form === form ? props.failed : undefined);
  const val = (form: string, name: string) => f(form)?.values?.[name];
  const errs = (form: string) => f(form)?.errors;
  const base = `/admin/users/${data.id}/care`;
  return (
    <AdminLayout v={v} title={`${t('care.title')}: ${data.name}`} section="users" notice={props.notice} error={props.error}>
      <h1>{t('care.title')}: {data.name}</h1>
      <dl class="facts">
        <dt>{t('field.login')}</dt><dd>{data.login}</dd>
        {data.nip ? (<><dt>{t('field.nip')}</dt><dd>{data.nip}</dd></>) : null}
        <dt>{t('field.unit')}</dt><dd>{data.unit ?? '—'}</dd>
      </dl>

      <section aria-labelledby="lock-h">
        <h2 id="lock-h">{t('care.lock.title')}</h2>
        <p>{data.lock.locked && data.lock.blockedUntil ? t('care.lock.locked', { time: date(v, data.lock.blockedUntil) }) : t('care.lock.notLocked')}</p>
        {data.lock.failures ? <p class="muted">{t('care.lock.failures', { n: data.lock.failures })}</p> : null}
        <form method="post" action={`${base}/unlock`} class="stack">
          <Csrf v={v} />
          <TextField id="unlock-reason" name="reason" label={t('care.reasonOptional')} value={val('unlock', 'reason')} errors={errs('unlock')} maxlength={500} />
          <div><button type="submit" class="secondary">{t('care.lock.submit')}</button></div>
        </form>
      </section>

      <section aria-labelledby="activation-h">
        <h2 id="activation-h">{t('care.activation.title')}</h2>
        <p>{t('care.activation.intro')}</p>
        <form method="post" action={`${base}/activation-code`}>
          <Csrf v={v} />
          <p><button type="submit" class="secondary">{t('care.activation.submit')}</button></p>
        </form>
      </section>

      <section aria-labelledby="enrolments-h">
        <h2 id="enrolments-h">{t('care.enrolments.title')}</h2>
        {data.enrolments.length === 0 ? <p class="muted">{t('care.enrolments.none')}</p> : (
          <ul class="stack">
            {data.enrolments.map((e) => (
              <li>
                <a href={`/admin/enrolments/${e.id}`}>{e.programme} — {e.cohort}</a> · {t(e.status === 'active' ? 'care.status.active' : 'care.status.withdrawn')} · {e.progress} %
                {e.withdrawnAt ? <><br /><span class="muted">{t('care.withdrawnOn', { date: date(v, e.withdrawnAt), reason: e.withdrawnReason ?? '' })}</span></> : null}
                {e.overrideReason ? <><br /><span class="muted">{t('care.override', { reason: e.overrideReason })}</span></> : null}
                <form method="post" action={`/admin/enrolments/${e.id}/${e.status === 'active' ? 'withdraw' : 'readmit'}`} class="stack">
                  <Csrf v={v} />
                  <TextField id={`reason-${e.id}`} name="reason" label={t('care.reason')} value={val(`enrolment-${e.id}`, 'reason')} errors={errs(`enrolment-${e.id}`)} required maxlength={500} />
                  <div><button type="submit" class="secondary">{t(e.status === 'active' ? 'care.withdraw.submit' : 'care.readmit.submit')}</button></div>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="enrol-h">
        <h2 id="enrol-h">{t('care.enrol.title')}</h2>
        <form method="post" action={`${base}/enrol`} class="stack">
          <Csrf v={v} />
          <SelectField id="enrol-cohort" name="cohortId" label={t('care.enrol.cohort')} value={val('enrol', 'cohortId')} errors={errs('enrol')} required options={[{ value: '', label: t('care.enrol.choose') }, ...data.cohorts.map((c) => ({ value: String(c.id), label: c.label }))]} />
          {data.mayOverride ? (
            <TextField id="enrol-override" name="overrideReason" label={t('care.enrol.override')} hint={t('care.enrol.overrideHint')} value={val('enrol', 'overrideReason')} errors={errs('enrol')} maxlength={500} />
          ) : null}
          <div><button type="submit">{t('care.enrol.submit')}</button></div>
        </form>
      </section>

      <section aria-labelledby="move-h">
        <h2 id="move-h">{t('care.move.title')}</h2>
        <form method="post" action={`${base}/move`} class="stack">
          <Csrf v={v} />
          <SelectField id="move-unit" name="unitCode" label={t('care.move.unit')} value={val('move', 'unitCode') ?? data.unitCode} errors={errs('move')} required options={unitOptions(props.units)} />
          <TextField id="move-reason" name="reason" label={t('care.reason')} value={val('move', 'reason')} errors={errs('move')} required maxlength={500} />
          <div><button type="submit">{t('care.move.submit')}</button></div>
        </form>
      </section>

      <section aria-labelledby="nip-h">
        <h2 id="nip-h">{t('care.nip.title')}</h2>
        <p>{t('care.nip.intro')}</p>
        <form method="post" action={`${base}/nip`} class="stack" novalidate>
          <Csrf v={v} />
          <TextField id="nip-new" name="nip" label={t('care.nip.new')} value={val('nip', 'nip')} errors={errs('nip')} required inputmode="numeric" maxlength={64} />
          <TextField id="nip-reason" name="reason" label={t('care.reason')} value={val('nip', 'reason')} errors={errs('nip')} required maxlength={500} />
          <div><button type="submit">{t('care.nip.submit')}</button></div>
        </form>
        <h3>{t('care.nip.history')}</h3>
        {data.nips.length === 0 ? <p class="muted">{t('care.nip.none')}</p> : (
          <div class="table-wrap">
            <table>
              <thead><tr><th scope="col">{t('field.nip')}</th><th scope="col">{t('care.nip.validFrom')}</th><th scope="col">{t('care.nip.validTo')}</th><th scope="col">{t('care.reason')}</th></tr></thead>
              <tbody>
                {data.nips.map((n) => (
                  <tr>
                    <td>{n.nip}</td>
                    <td>{date(v, n.validFrom)}</td>
                    <td>{n.validTo ? date(v, n.validTo) : t('care.nip.current')}</td>
                    <td>{n.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <p><a href={`/admin/users/${data.id}`}>{t('care.back')}</a></p>
    </AdminLayout>
  );
}

export function ActivationCodePage(props: { v: ViewContext; user: { id: number; name: string; nip: string | null }; code: string }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('care.activation.done')} section="users">
      <h1>{t('care.activation.done')}</h1>
      <dl class="facts">
        <dt>{t('field.name')}</dt><dd>{props.user.name}</dd>
        {props.user.nip ? (<><dt>{t('field.nip')}</dt><dd>{props.user.nip}</dd></>) : null}
      </dl>
      <OneTimeSecret label={t('care.activation.code')} value={props.code} note={t('care.activation.note')} />
      <p><a href={`/admin/users/${props.user.id}/care`}>{t('care.title')}</a></p>
    </AdminLayout>
  );
}

export interface CorrectionRow {
  id: number;
  userId: number;
  name: string;
  nip: string | null;
  unit: string | null;
  field: string;
  fieldLabel: string;
  current: string | null;
  requested: string;
  note: string | null;
  createdAt: string;
}

export function CorrectionsPage(props: { v: ViewContext; rows: CorrectionRow[]; units: UnitOption[]; nextCursor: number | null; paged: boolean; notice?: string | null; error?: string | null; failed?: CareForm }) {
  const { v } = props;
  const { t } = v;
  const f = (id: number) => (props.failed?.form === `correction-${id}` ? props.failed : undefined);
  return (
    <AdminLayout v={v} title={t('care.corrections.title')} section="users" notice={props.notice} error={props.error}>
      <h1>{t('care.corrections.title')}</h1>
      {props.rows.length === 0 ? <p class="muted">{t('care.corrections.none')}</p> : (
        <ul class="stack">
          {props.rows.map((c) => (
            <li class="card">
              <h2><a href={`/admin/users/${c.userId}`}>{c.name}</a>{c.nip ? ` · ${c.nip}` : ''}</h2>
              <p class="muted">{c.unit ?? '—'} · {date(v, c.createdAt)}</p>
              <dl class="facts">
                <dt>{t('care.corrections.field')}</dt><dd>{c.fieldLabel}</dd>
                <dt>{t('care.corrections.current')}</dt><dd>{c.current ?? '—'}</dd>
                <dt>{t('care.corrections.requested')}</dt><dd><strong>{c.requested}</strong></dd>
              </dl>
              {c.note ? <p>{t('care.corrections.note', { note: c.note })}</p> : null}
              <form method="post" action={`/admin/corrections/${c.id}/approve`} class="stack">
                <Csrf v={v} />
                {c.field === 'unit' ? (
                  <SelectField id={`value-${c.id}`} name="value" label={t('care.corrections.unitValue')} value={f(c.id)?.values?.value} errors={f(c.id)?.errors} required options={[{ value: '', label: t('admin.users.chooseUnit') }, ...unitOptions(props.units)]} />
                ) : (
                  <TextField id={`value-${c.id}`} name="value" label={t('care.corrections.value')} hint={t('care.corrections.valueHint')} value={f(c.id)?.values?.value} errors={f(c.id)?.errors} maxlength={320} />
                )}
                <TextField id={`note-${c.id}`} name="note" label={t('care.corrections.decisionNote')} value={f(c.id)?.values?.note} maxlength={500} />
                <div><button type="submit">{t('care.corrections.approve')}</button></div>
              </form>
              <form method="post" action={`/admin/corrections/${c.id}/reject`} class="stack">
                <Csrf v={v} />
                <TextField id={`reject-${c.id}`} name="note" label={t('care.corrections.rejectNote')} value={f(c.id)?.values?.rejectNote} errors={f(c.id)?.errors} required maxlength={500} />
                <div><button type="submit" class="secondary">{t('care.corrections.reject')}</button></div>
              </form>
            </li>
          ))}
        </ul>
      )}
      <Pager v={v} base="/admin/corrections" nextCursor={props.nextCursor} paged={props.paged} />
    </AdminLayout>
  );
}

export const CARE_NOTICES: readonly MessageKey[] = [
  'care.lock.done',
  'care.move.done',
  'care.nip.done',
  'care.enrol.done',
  'care.withdraw.done',
  'care.readmit.done',
  'care.corrections.approved',
  'care.corrections.rejected',
];
