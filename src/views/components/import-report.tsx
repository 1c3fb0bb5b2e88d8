// Pieces shared by the spreadsheet import pages (units, question bank, participants): the upload form,
// the dry-run report's problem table and the apply form that names the kept upload by id + SHA-256.
import type { Child } from 'hono/jsx';
import type { ViewContext } from '../context.js';
import { Csrf, FieldErrors } from '../layout.js';

/** One problem of a translated import report: the sheet row, the column and why. */
export interface ImportProblem {
  row: number;
  field: string;
  code: string;
  message: string;
}

/** A kept upload, as the dry run returns it. */
export interface KeptFile {
  id: number;
  sha256: string;
  name: string;
}

export const SPREADSHEET_ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The table of problems: row, column, reason (each import has its own header labels). */
export function ProblemTable(props: { caption: string; labels: { row: string; column: string; reason: string }; items: ImportProblem[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.labels.row}</th>
            <th scope="col">{props.labels.column}</th>
            <th scope="col">{props.labels.reason}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((e) => (
            <tr data-row={e.row} data-code={e.code}>
              <td>{e.row}</td>
              <td>{e.field}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The apply button for a kept upload; `children` adds hidden fields, `hint` a note the button points to. */
export function ApplyForm(props: { v: ViewContext; action: string; file: KeptFile; label: string; hint?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} class="stack">
      <Csrf v={props.v} />
      <input type="hidden" name="fileId" value={String(props.file.id)} />
      <input type="hidden" name="sha256" value={props.file.sha256} />
      {props.children}
      {props.hint ? <p class="hint" id="apply-hint">{props.hint}</p> : null}
      <div><button type="submit" aria-describedby={props.hint ? 'apply-hint' : undefined}>{props.label}</button></div>
    </form>
  );
}

/** The upload card: a CSV/XLSX file field (multipart, so the CSRF token also rides in the query) and the dry-run button. */
export function UploadSection(props: { v: ViewContext; action: string; title: string; hint: string; label: string; submit: string; errors?: string[] }) {
  const { v } = props;
  const fileErr = props.errors;
  return (
    <section class="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{props.title}</h2>
      <p class="hint" id="import-file-hint">{props.hint}</p>
      <form method="post" action={`${props.action}?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
        <Csrf v={v} />
        <div>
          <label for="import-file">{props.label}</label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept={SPREADSHEET_ACCEPT}
            aria-invalid={fileErr?.length ? 'true' : undefined}
            aria-describedby={fileErr?.length ? 'import-file-hint import-file-errors' : 'import-file-hint'}
          />
          <FieldErrors id="import-file-errors" messages={fileErr} />
        </div>
        <div><button type="submit">{props.submit}</button></div>
      </form>
    </section>
  );
}
