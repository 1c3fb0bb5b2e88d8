import type { ViewContext } from '../../context.js';
import type { TranslatedUnitReport } from '../../../services/org.js';
import { ApplyForm, ProblemTable, UploadSection } from '../../components/import-report.js';
import { AdminLayout, type FieldMessages } from './common.js';

/** The units import: upload (dry run), the report with every bad row, then the apply button. */
export function UnitsImportPage(props: {
  v: ViewContext;
  report?: TranslatedUnitReport;
  file?: { id: number; sha256: string; name: string };
  applied?: boolean;
  errors?: FieldMessages;
  error?: string | null;
  notice?: string | null;
}) {
  const { v, report } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('units.import.title')} section="units" notice={props.notice} error={props.error}>
      <nav aria-label={t('admin.units.breadcrumb')}>
        <ol class="breadcrumb">
          <li><a href="/admin/units">{t('admin.units.top')}</a></li>
          <li aria-current="page">{t('units.import.title')}</li>
        </ol>
      </nav>
      <h1>{t('units.import.title')}</h1>
      <p>{t('units.import.intro')}</p>
      <p><a href="/admin/units/template.xlsx" download>{t('units.import.template')}</a></p>
      {report ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{props.applied ? t('units.import.appliedTitle') : t('units.import.dryRunTitle')}</h2>
          {props.file ? <p class="muted">{props.file.name}</p> : null}
          <p role="status" class={report.valid ? 'notice' : 'alert'}>
            {report.valid
              ? t('units.import.validSummary', { rows: report.rows, new: report.totals.new, updated: report.totals.updated, moved: report.totals.moved, unchanged: report.totals.unchanged })
              : t('units.import.invalidSummary', { rows: report.rows, errors: report.errors.length })}
          </p>
          {report.errors.length ? <ProblemTable caption={t('units.import.errorsCaption')} labels={{ row: t('units.import.row'), column: t('units.import.column'), reason: t('units.import.reason') }} items={report.errors} /> : null}
          {report.valid && props.file && !props.applied ? (
            <ApplyForm v={v} action="/admin/units/import/apply" file={props.file} hint={t('units.import.applyHint')} label={t('units.import.apply')} />
          ) : null}
        </section>
      ) : null}
      <UploadSection v={v} action="/admin/units/import" title={t('units.import.upload')} hint={t('units.import.fileHint')} label={t('units.import.file')} submit={t('units.import.dryRun')} errors={props.errors?.file} />
    </AdminLayout>
  );
}
