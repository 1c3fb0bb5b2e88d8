// Bulk provisioning pages (no JavaScript needed): upload with cohort and mode → dry-run table → Apply
// (a background job) → its progress and result with the activation-code slips (PDF) and XLSX.
import type { ImportJobResult, TranslatedReport, ImportMode } from '../../../services/provisioning.js';
import type { ViewContext } from '../../../views/context.js';
import { Csrf, FieldErrors } from '../../../views/layout.js';
import { AdminLayout, type FieldMessages } from '../../../views/pages/admin/common.js';
import { JobProgress, type JobView } from '../../../views/pages/job.js';
import { ApplyForm, ProblemTable as ImportProblemTable, SPREADSHEET_ACCEPT } from '../../../views/components/import-report.js';
import { raw } from 'hono/html';

export const IMPORT_PATH = '/admin/participants/import';
export const importJobPath = (id: number) => `${IMPORT_PATH}/jobs/${id}`;

export interface CohortOption {
  id: number;
  code: string;
  title: string;
  programme_title: string;
  gelombang: number | null;
  angkatan: number | null;
}

const cohortLabel = (c: CohortOption) => `${c.programme_title} — ${c.title} (${c.code})`;

function Totals(props: { v: ViewContext; totals: TranslatedReport['totals'] }) {
  const { t } = props.v;
  const x = props.totals;
  return (
    <dl class="facts" data-totals>
      <dt>{t('provision.totals.new')}</dt><dd data-total="new">{x.new}</dd>
      <dt>{t('provision.totals.updated')}</dt><dd data-total="updated">{x.updated}</dd>
      <dt>{t('provision.totals.unchanged')}</dt><dd data-total="unchanged">{x.unchanged}</dd>
      <dt>{t('provision.totals.enrolled')}</dt><dd data-total="enrolled">{x.enrolled}</dd>
      <dt>{t('provision.totals.skipped')}</dt><dd data-total="skipped">{x.skipped}</dd>
    </dl>
  );
}

function ProblemTable(props: { v: ViewContext; caption: string; items: TranslatedReport['errors'] }) {
  const { t } = props.v;
  return <ImportProblemTable caption={props.caption} labels={{ row: t('provision.report.row'), column: t('provision.report.column'), reason: t('provision.report.reason') }} items={props.items} />;
}

export function ImportPage(props: {
  v: ViewContext;
  cohorts: CohortOption[];
  values?: { cohortId: number | null; mode: ImportMode };
  report?: TranslatedReport;
  file?: { id: number; sha256: string; name: string };
  errors?: FieldMessages;
  error?: string | null;
}) {
  const { v, report } = props;
  const { t } = v;
  const cohortId = props.values?.cohortId ?? null;
  const mode = props.values?.mode ?? 'upsert';
  const fileErr = props.errors?.file;
  const cohortErr = props.errors?.cohortId;
  return (
    <AdminLayout v={v} title={t('provision.title')} section="users" error={props.error}>
      <h1>{t('provision.title')}</h1>
      <p>{t('provision.intro')}</p>
      <p>
        <a href={`${IMPORT_PATH}/template.xlsx`} download>{t('provision.template')}</a>
      </p>
      {report ? (
        <section aria-labelledby="report-title">
          <h2 id="report-title">{t('provision.dryRun')}</h2>
          {props.file ? <p class="muted">{props.file.name}</p> : null}
          <p>{t('provision.report.rows', { rows: report.rows })}</p>
          <p role="status" class={report.valid ? 'notice' : 'alert'}>
            {report.valid ? t('provision.report.valid') : t('provision.report.invalid', { count: report.errors.length })}
          </p>
          <Totals v={v} totals={report.totals} />
          {report.errors.length ? <ProblemTable v={v} caption={t('provision.report.reason')} items={report.errors} /> : null}
          {report.skipped.length ? <ProblemTable v={v} caption={t('provision.report.skipped')} items={report.skipped} /> : null}
          {report.preview.length ? (
            <div class="table-wrap">
              <table data-preview>
                <caption>{t('provision.preview')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('provision.report.row')}</th>
                    <th scope="col">{t('provision.slip.nip')}</th>
                    <th scope="col">{t('provision.slip.name')}</th>
                    <th scope="col">{t('provision.slip.unit')}</th>
                    <th scope="col">{t('provision.preview.email')}</th>
                    <th scope="col">{t('provision.preview.phone')}</th>
                    <th scope="col">{t('provision.nikMasked')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.preview.map((p) => (
                    <tr>
                      <td>{p.row}</td>
                      <td>{p.nip}</td>
                      <td>{p.name}</td>
                      <td>{p.unitCode}</td>
                      <td>{p.email ?? ''}</td>
                      <td>{p.phone ?? ''}</td>
                      <td>{p.nik ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {report.valid && props.file ? (
            <ApplyForm v={v} action={`${IMPORT_PATH}/apply`} file={props.file} label={t('provision.apply')}>
              <input type="hidden" name="cohortId" value={cohortId === null ? '' : String(cohortId)} />
              <input type="hidden" name="mode" value={mode} />
            </ApplyForm>
          ) : null}
        </section>
      ) : null}
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t('provision.dryRun')}</h2>
        <form method="post" action={`${IMPORT_PATH}?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
          <Csrf v={v} />
          <div>
            <label for="import-file">{t('provision.file')}</label>
            <input id="import-file" name="file" type="file" accept={SPREADSHEET_ACCEPT} required aria-invalid={fileErr?.length ? 'true' : undefined} aria-describedby={fileErr?.length ? 'import-file-errors' : undefined} />
            <FieldErrors id="import-file-errors" messages={fileErr} />
          </div>
          <div>
            <label for="import-cohort">{t('provision.cohort')}</label>
            <select id="import-cohort" name="cohortId" aria-invalid={cohortErr?.length ? 'true' : undefined}>
              <option value="" selected={cohortId === null}>{t('provision.cohort.none')}</option>
              {props.cohorts.map((c) => (
                <option value={String(c.id)} selected={cohortId === c.id}>{cohortLabel(c)}</option>
              ))}
            </select>
            <FieldErrors id="import-cohort-errors" messages={cohortErr} />
          </div>
          <fieldset>
            <legend>{t('provision.mode')}</legend>
            <div><label><input type="radio" name="mode" value="upsert" checked={mode === 'upsert'} /> {t('provision.mode.upsert')}</label></div>
            <div><label><input type="radio" name="mode" value="update_only" checked={mode === 'update_only'} /> {t('provision.mode.update_only')}</label></div>
          </fieldset>
          <div><button type="submit">{t('provision.dryRun')}</button></div>
        </form>
      </section>
    </AdminLayout>
  );
}

const NO_SCRIPT_REFRESH = raw('<noscript><meta http-equiv="refresh" content="2"></noscript>');

export function ImportJobPage(props: { v: ViewContext; job: JobView; result: ImportJobResult | null; codesAvailable: boolean; errors: TranslatedReport['errors'] }) {
  const { v, job, result } = props;
  const { t } = v;
  const finished = job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
  const base = importJobPath(job.id);
  return (
    <AdminLayout v={v} title={t('provision.job.title')} section="users">
      {finished ? null : NO_SCRIPT_REFRESH}
      <h1>{t('provision.job.title')}</h1>
      <JobProgress v={v} job={job} />
      {job.status === 'failed' ? <p class="alert" role="alert">{t('provision.job.failed')}</p> : null}
      {result ? (
        <section aria-labelledby="result-title">
          <h2 id="result-title">{result.applied ? t('provision.job.applied') : t('provision.job.notApplied')}</h2>
          <p>{t('provision.report.rows', { rows: result.rows })}</p>
          <Totals v={v} totals={result.totals} />
          {props.errors.length ? <ProblemTable v={v} caption={t('provision.report.reason')} items={props.errors} /> : null}
          {result.applied ? (
            <section class="card" aria-labelledby="codes-title">
              <h3 id="codes-title">{t('provision.codes.heading')}</h3>
              {result.codes === 0 ? (
                <p>{t('provision.codes.none')}</p>
              ) : props.codesAvailable ? (
                <>
                  <p>{t('provision.codes.count', { count: result.codes })}</p>
                  <p class="notice">{t('provision.codes.once')}</p>
                  <ul>
                    <li><a href={`${base}/slips.pdf`} download>{t('provision.codes.pdf')}</a></li>
                    <li><a href={`${base}/codes.xlsx`} download>{t('provision.codes.xlsx')}</a></li>
                  </ul>
                </>
              ) : (
                <p>{t('provision.codes.gone')}</p>
              )}
            </section>
          ) : null}
        </section>
      ) : null}
      <p><a href={IMPORT_PATH}>{t('provision.title')}</a></p>
    </AdminLayout>
  );
}
