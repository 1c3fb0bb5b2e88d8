// Pieces shared by the report pages (monitoring, quiz reports): query-string links, GET filter forms,
// sortable column headers and the XLSX/CSV export links. All plain links and forms: no JavaScript.
import type { Child } from 'hono/jsx';
import { formatEmployeeNumber } from '../../domain/nip.js';

export type Params = Record<string, string | undefined>;

/** `base` with the non-empty params as its query string. */
export function link(base: string, params: Params): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export const nipText = (nip: string | null) => (nip ? formatEmployeeNumber(nip) : '');

/** A number in the page's locale, or '–' when there is none. */
export const fmtNumber = (v: number | null, locale: string, options: Intl.NumberFormatOptions): string =>
  v === null ? '–' : v.toLocaleString(locale === 'id' ? 'id-ID' : 'en-GB', options);

/** A GET filter form: the params to keep as hidden fields, the fields, then the submit button. */
export function FilterForm(props: { action: string; keep?: Params; submitLabel: string; children?: Child }) {
  return (
    <form method="get" action={props.action} class="filters">
      {Object.entries(props.keep ?? {}).map(([k, val]) => (val ? <input type="hidden" name={k} value={val} /> : null))}
      {props.children}
      <button type="submit">{props.submitLabel}</button>
    </form>
  );
}

/**
 * A column header that links to the page sorted by `col`: the active column flips its direction and
 * shows an arrow; another column starts with `firstDir` (ascending unless told).
 */
export function SortHeader<C extends string>(props: { base: string; params: Params; col: C; label: string; sort: C; dir: 'asc' | 'desc'; firstDir?: 'asc' | 'desc' }) {
  const active = props.sort === props.col;
  const dir = active ? (props.dir === 'asc' ? 'desc' : 'asc') : (props.firstDir ?? 'asc');
  return (
    <th scope="col" aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={link(props.base, { ...props.params, sort: props.col, dir })}>{props.label}{active ? (props.dir === 'asc' ? ' ▲' : ' ▼') : ''}</a>
    </th>
  );
}

/** "Download: XLSX · CSV", both from `${base}/export` with the page's params. */
export function ExportLinks(props: { label: string; base: string; params: Params }) {
  return (
    <p class="exports">
      {props.label}: <a href={link(`${props.base}/export`, { ...props.params, format: 'xlsx' })} download>XLSX</a> · <a href={link(`${props.base}/export`, { ...props.params, format: 'csv' })} download>CSV</a>
    </p>
  );
}
