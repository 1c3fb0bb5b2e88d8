import type { ViewContext } from '../../context.js';
import type { TranslatedUnitReport } from '../../../services/org.js';
import { Csrf, FieldErrors } from '../../layout.js';
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
  const fileErr = props.errors?.file;
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
          {report.errors.length ? (
            <div class="table-wrap">
              <table>
                <caption>{t('units.import.errorsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('units.import.row')}</th>
                    <th scope="col">{t('units.import.column')}</th>
                    <th scope="col">{t('units.import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e) => (
                    <tr data-row={e.row} data-code={e.code}>
                      <td>{e.row}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {report.valid && props.file && !props.applied ? (
            <form method="post" action="/admin/units/import/apply" class="stack">
              <Csrf v={v} />
              <input type="hidden" name="fileId" value={String(props.file.id)} />
              <input type="hidden" name="sha256" value={props.file.sha256} />
              <p class="hint" id="apply-hint">{t('units.import.applyHint')}</p>
              <div><button type="submit" aria-describedby="apply-hint">{t('units.import.apply')}</button></div>
            </form>
          ) : null}
        </section>
      ) : null}
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t('units.import.upload')}</h2>
        <p class="hint" id="import-file-hint">{t('units.import.fileHint')}</p>
        <form method="post" action={`/admin/units/import?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
          <Csrf v={v} />
          <div>
            <label for="import-file">{t('units.import.file')}</label>
            <input
              id="import-file"
              name="file"
              type="file"
              required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-invalid={fileErr?.length ? 'true' : undefined}
              aria-describedby={fileErr?.length ? 'import-file-hint import-file-errors' : 'import-file-hint'}
            />
            <FieldErrors id="import-file-errors" messages={fileErr} />
          </div>
          <div><button type="submit">{t('units.import.dryRun')}</button></div>
        </form>
      </section>
    </AdminLayout>
  );
}
