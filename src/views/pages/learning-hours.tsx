// Learning hours (JP): the participant's yearly totals (/account/learning-hours) and the operators'
// view of a unit's employees (/admin/learning-hours) with filters and the XLSX export link.
import type { ViewContext } from '../context.js';
import { Layout } from '../layout.js';
import { AdminLayout } from './admin/common.js';
import { FilterForm, link, nipText } from '../components/report-table.js';
import { formatDate } from '../../domain/time.js';
import { HOURS_FLAGS, PNS_MIN_JP, PPPK_MAX_JP, type HoursFlag, type YearTotal } from '../../domain/learning-hours.js';
import type { EmployeeHours, MyLearningHours } from '../../services/learning-hours.js';

const RULE = { min: PNS_MIN_JP, max: PPPK_MAX_JP };

export function flagText(v: ViewContext, flag: HoursFlag | null): string {
  return flag ? v.t(`hours.flag.${flag}`, RULE) : v.t('hours.flag.none');
}

function ruleText(v: ViewContext, employment: 'PNS' | 'PPPK' | null): string {
  if (employment === 'PNS') return v.t('hours.rule.PNS', RULE);
  if (employment === 'PPPK') return v.t('hours.rule.PPPK', RULE);
  return v.t('hours.rule.unknown');
}

function YearsTable(props: { v: ViewContext; years: YearTotal[]; employment: 'PNS' | 'PPPK' | null }) {
  const { v } = props;
  const { t } = v;
  return (
    <table class="report">
      <thead>
        <tr>
          <th scope="col">{t('hours.col.year')}</th>
          <th scope="col">{t('hours.col.total')}</th>
          {props.employment === 'PPPK' ? <th scope="col">{t('hours.col.excluded')}</th> : null}
          <th scope="col">{t('hours.col.counted')}</th>
          <th scope="col">{t('hours.col.programmes')}</th>
          <th scope="col">{t('hours.col.flag')}</th>
        </tr>
      </thead>
      <tbody>
        {props.years.map((y) => (
          <tr data-year={y.year} data-flag={y.flag ?? ''}>
            <th scope="row">{y.year}</th>
            <td>{y.totalJp}</td>
            {props.employment === 'PPPK' ? <td>{y.excludedJp}</td> : null}
            <td>{y.countedJp}</td>
            <td>{y.programmes}</td>
            <td>{y.flag ? <strong class="flag">{flagText(v, y.flag)}</strong> : props.employment ? flagText(v, null) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MyLearningHoursPage(props: { v: ViewContext; data: MyLearningHours }) {
  const { v, data } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('hours.title')}>
      <h1>{t('hours.title')}</h1>
      <p>{t('hours.intro')}</p>
      <p>{ruleText(v, data.employment)}</p>
      <YearsTable v={v} years={data.years} employment={data.employment} />
      <h2>{t('hours.records.title')}</h2>
      {data.records.length === 0 ? <p class="muted">{t('hours.records.none')}</p> : (
        <table class="report">
          <thead>
            <tr>
              <th scope="col">{t('hours.col.programme')}</th>
              <th scope="col">{t('hours.col.completedOn')}</th>
              <th scope="col">{t('hours.col.jp')}</th>
            </tr>
          </thead>
          <tbody>
            {data.records.map((r) => (
              <tr data-enrolment={r.enrolmentId}>
                <td>{r.programme}{!r.countsTowardLimit ? <><br /><span class="muted">{t('hours.orientation')}</span></> : null}</td>
                <td>{formatDate(`${r.completedOn}T12:00:00.000Z`, 'WIB', v.locale)}</td>
                <td>{r.jp}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface UnitHoursView {
  unitCode: string;
  unit: { id: number; code: string; name: string } | null;
  year: number;
  flag: HoursFlag | null;
  years: number[];
  items: EmployeeHours[];
  nextCursor: number | null;
  paged: boolean;
}

export function UnitLearningHoursPage(props: { v: ViewContext; data: UnitHoursView; error?: string | null }) {
  const { v, data } = props;
  const { t } = v;
  const params = { unit: data.unitCode || undefined, year: String(data.year), flag: data.flag ?? undefined };
  return (
    <AdminLayout v={v} title={t('hours.admin.title')} section="learningHours" error={props.error}>
      <h1>{t('hours.admin.title')}</h1>
      <p>{t('hours.admin.intro', RULE)}</p>
      <FilterForm action="/admin/learning-hours" submitLabel={t('hours.filter.submit')}>
        <label>
          {t('hours.filter.unit')} <input name="unit" value={data.unitCode} maxlength={64} required />
        </label>
        <label>
          {t('hours.filter.year')}{' '}
          <select name="year">
            {data.years.map((y) => <option value={String(y)} selected={y === data.year}>{y}</option>)}
          </select>
        </label>
        <label>
          {t('hours.filter.flag')}{' '}
          <select name="flag">
            <option value="">{t('hours.filter.all')}</option>
            {HOURS_FLAGS.map((f) => <option value={f} selected={data.flag === f}>{flagText(v, f)}</option>)}
          </select>
        </label>
      </FilterForm>
      {!data.unit ? <p class="muted">{t('hours.admin.chooseUnit')}</p> : (
        <>
          <h2>{t('hours.admin.unitHeading', { unit: `${data.unit.name} (${data.unit.code})`, year: String(data.year) })}</h2>
          <p class="exports">
            <a href={link(`/api/v1/units/${data.unit.id}/learning-hours.xlsx`, { year: String(data.year), flag: data.flag ?? undefined })} download>{t('hours.admin.export')}</a>
          </p>
          {data.items.length === 0 ? <p class="muted">{t('hours.admin.none')}</p> : (
            <table class="report">
              <thead>
                <tr>
                  <th scope="col">{t('hours.col.name')}</th>
                  <th scope="col">{t('hours.col.nip')}</th>
                  <th scope="col">{t('hours.col.unit')}</th>
                  <th scope="col">{t('hours.col.employment')}</th>
                  <th scope="col">{t('hours.col.total')}</th>
                  <th scope="col">{t('hours.col.counted')}</th>
                  <th scope="col">{t('hours.col.flag')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((e) => (
                  <tr data-user={e.userId} data-flag={e.flag ?? ''}>
                    <td>{e.name}</td>
                    <td>{nipText(e.nip)}</td>
                    <td>{e.unitName}</td>
                    <td>{e.employment ?? '—'}</td>
                    <td>{e.totalJp}</td>
                    <td>{e.countedJp}</td>
                    <td>{e.flag ? <strong class="flag">{flagText(v, e.flag)}</strong> : e.employment ? flagText(v, null) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.nextCursor !== null ? <p><a href={link('/admin/learning-hours', { ...params, cursor: String(data.nextCursor) })}>{t('hours.admin.next')}</a></p> : null}
        </>
      )}
    </AdminLayout>
  );
}
