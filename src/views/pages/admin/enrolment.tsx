import type { Child } from 'hono/jsx';
import { Csrf } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import { AdminLayout, TextField, type FieldMessages } from './common.js';
import { formatDate, startOfLocalDay, type IndonesianZone } from '../../../domain/time.js';

export interface EnrolmentWindowData {
  id: number;
  userId: number;
  participant: string;
  programme: string;
  cohort: string;
  day: number | null;
  windowEndsOn: string | null;
  daysLeft: number | null;
  extensionDays: number;
  progress: number;
  zone: IndonesianZone;
}

/** `children`: further sections of the page (e.g. the quiz grants), after the window extension. */
export function EnrolmentWindowPage(props: { v: ViewContext; data: EnrolmentWindowData; values?: { days?: string; reason?: string }; errors?: FieldMessages; notice?: string | null; children?: Child }) {
  const { v, data } = props;
  const { t } = v;
  const ends = data.windowEndsOn ? formatDate(startOfLocalDay(data.windowEndsOn, data.zone), data.zone, v.locale) : t('enrolment.window.none');
  return (
    <AdminLayout v={v} title={t('enrolment.extend.title')} section="users" notice={props.notice}>
      <p><a href={`/admin/users/${data.userId}`}>{data.participant}</a></p>
      <h1>{data.programme}</h1>
      <dl class="facts">
        <dt>{t('home.cohort')}</dt><dd>{data.cohort}</dd>
        <dt>{t('enrolment.progress')}</dt><dd>{data.progress} %</dd>
        <dt>{t('learn.dayLabel')}</dt>
        <dd>{data.day === null ? t('enrolment.window.notStarted') : t('enrolment.window.day', { day: data.day })}</dd>
        <dt>{t('enrolment.window.endsOn')}</dt><dd>{ends}</dd>
        <dt>{t('enrolment.window.extension')}</dt><dd>{data.extensionDays}</dd>
      </dl>
      <h2>{t('enrolment.extend.title')}</h2>
      <form method="post" action={`/admin/enrolments/${data.id}/extend`} class="stack">
        <Csrf v={v} />
        <TextField id="days" name="days" label={t('enrolment.extend.days')} type="number" inputmode="numeric" required value={props.values?.days ?? '7'} errors={props.errors} />
        <TextField id="reason" name="reason" label={t('enrolment.extend.reason')} required maxlength={500} value={props.values?.reason ?? ''} errors={props.errors} />
        <div><button type="submit">{t('enrolment.extend.submit')}</button></div>
      </form>
      {props.children}
    </AdminLayout>
  );
}
