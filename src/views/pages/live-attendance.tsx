// Attendance of a live session (issue 6, part 3): the list with its filters, manual marks and the
// XLSX link; the Zoom report upload and the uploaded reports; one report with its unreadable rows and
// the people awaiting manual matching; one person with candidates and a participant search. Plain
// forms and links: everything works without JavaScript.
import { Csrf, FieldErrors, Layout } from '../layout.js';
import type { ViewContext } from '../context.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDateTime, INDONESIAN_ZONES } from '../../domain/time.js';
import { ATTENDANCE_STATUSES, type AttendanceAccess, type AttendanceList, type ImportSummary, type MemberChoice, type PendingPerson } from '../../services/live-attendance.js';
import { FilterForm, link, nipText } from '../components/report-table.js';
import { Pager } from './admin/common.js';

export const attendancePath = (activityId: number) => `/admin/activities/${activityId}/attendance`;
export const importPath = (activityId: number, importId: number) => `${attendancePath(activityId)}/imports/${importId}`;
export const personPath = (activityId: number, personId: number) => `${attendancePath(activityId)}/people/${personId}`;

const when = (v: ViewContext, iso: string | null) => (iso ? formatDateTime(iso, v.zone, v.locale) : '–');
const sourceKey = (s: string) => `live.attendance.source.${s}` as MessageKey;
const statusKey = (s: string) => `live.attendance.status.${s}` as MessageKey;
const reportErrorKey = (code: string) => `live.attendance.import.error.${code}` as MessageKey;
/** A stored note is either free text or (for automatic resolutions) a message key. */
const noteText = (v: ViewContext, note: string | null) => (note === null ? '' : note.startsWith('live.attendance.') ? v.t(note as MessageKey) : note);

function SessionFacts(props: { v: ViewContext; access: AttendanceAccess }) {
  const { v } = props;
  const { t } = v;
  const s = props.access.session;
  const w = props.access.window;
  return (
    <>
      <dl class="facts">
        <dt>{t('live.attendance.programme')}</dt><dd>{s.programme.title}</dd>
        <dt>{t('live.attendance.schedule')}</dt><dd>{s.startAt ? `${when(v, s.startAt)} – ${when(v, s.endAt)}` : '–'}</dd>
      </dl>
      <p class="hint">{w ? t('live.attendance.window', { from: when(v, w.start.toISOString()), to: when(v, w.end.toISOString()) }) : t('live.attendance.noWindow')}</p>
    </>
  );
}

function ImportsTable(props: { v: ViewContext; activityId: number; imports: ImportSummary[] }) {
  const { v } = props;
  const { t } = v;
  if (props.imports.length === 0) return <p class="empty">{t('live.attendance.imports.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="list" data-table="imports">
        <thead>
          <tr>
            <th scope="col">{t('live.attendance.import.col.file')}</th>
            <th scope="col">{t('live.attendance.import.col.uploaded')}</th>
            <th scope="col">{t('live.attendance.import.col.meeting')}</th>
            <th scope="col">{t('live.attendance.import.col.rows')}</th>
            <th scope="col">{t('live.attendance.import.col.people')}</th>
            <th scope="col">{t('live.attendance.import.col.matched')}</th>
            <th scope="col">{t('live.attendance.import.col.unmatched')}</th>
            <th scope="col">{t('live.attendance.import.col.ambiguous')}</th>
            <th scope="col">{t('live.attendance.import.col.pending')}</th>
            <th scope="col">{t('live.attendance.import.col.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {props.imports.map((i) => (
            <tr data-import-id={i.id}>
              <td><a href={importPath(props.activityId, i.id)}>{i.fileName}</a></td>
              <td>{when(v, i.createdAt)}</td>
              <td>{[i.meetingId, i.topic].filter(Boolean).join(' · ') || '–'}</td>
              <td>{i.rows}</td>
              <td>{i.people}</td>
              <td>{i.matched}</td>
              <td>{i.unmatched}</td>
              <td>{i.ambiguous}</td>
              <td>{i.pending}</td>
              <td>{i.errorCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PeopleTable(props: { v: ViewContext; activityId: number; people: PendingPerson[] }) {
  const { v } = props;
  const { t } = v;
  if (props.people.length === 0) return <p class="empty">{t('live.attendance.pending.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="list" data-table="people">
        <thead>
          <tr>
            <th scope="col">{t('live.attendance.person.col.names')}</th>
            <th scope="col">{t('live.attendance.person.col.email')}</th>
            <th scope="col">{t('live.attendance.person.col.lines')}</th>
            <th scope="col">{t('live.attendance.col.minutes')}</th>
            <th scope="col">{t('live.attendance.person.col.kind')}</th>
            <th scope="col">{t('live.attendance.person.col.status')}</th>
            <th scope="col">{t('live.attendance.col.action')}</th>
          </tr>
        </thead>
        <tbody>
          {props.people.map((p) => (
            <tr data-person-id={p.id}>
              <td>{p.displayNames.join(' / ')}</td>
              <td>{p.email ?? '–'}</td>
              <td>{p.lines.join(', ')}</td>
              <td>{p.minutes}</td>
              <td>{t(`live.attendance.person.kind.${p.kind}` as MessageKey)}</td>
              <td>{t(`live.attendance.person.status.${p.status}` as MessageKey)}</td>
              <td>{p.status === 'pending' ? <a href={personPath(props.activityId, p.id)}>{t('live.attendance.person.open')}</a> : noteText(v, p.note)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface AttendanceFilters {
  unitId: string;
  status: string;
}

export function AttendancePage(props: {
  v: ViewContext;
  list: AttendanceList;
  units: { id: number; name: string; level: number }[];
  filters: AttendanceFilters;
  paged: boolean;
  imports: ImportSummary[];
  pending: PendingPerson[];
  notice?: string | null;
  error?: string | null;
}) {
  const { v, list } = props;
  const { t } = v;
  const access = list.access;
  const id = access.session.id;
  const base = attendancePath(id);
  const params = { unitId: props.filters.unitId, status: props.filters.status };
  const s = list.summary;
  const title = t('live.attendance.title', { session: access.session.title });
  return (
    <Layout v={v} title={title} notice={props.notice} error={props.error}>
      <h1>{title}</h1>
      <SessionFacts v={v} access={access} />

      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('live.attendance.summary.title')}</h2>
        <dl class="facts summary">
          <dt>{t('live.attendance.summary.participants')}</dt><dd data-summary="participants">{s.participants}</dd>
          <dt>{t('live.attendance.summary.attended')}</dt><dd data-summary="attended">{s.attended}</dd>
          <dt>{t('live.attendance.summary.joined')}</dt><dd data-summary="joined">{s.joined}</dd>
          <dt>{t('live.attendance.summary.completed')}</dt><dd data-summary="completed">{s.completed}</dd>
          <dt>{t('live.attendance.summary.marked')}</dt><dd data-summary="marked">{s.marked}</dd>
          {access.manage ? <><dt>{t('live.attendance.summary.pending')}</dt><dd data-summary="pending">{s.pending}</dd></> : null}
        </dl>
      </section>

      {access.manage ? (
        <section aria-labelledby="upload-title">
          <h2 id="upload-title">{t('live.attendance.upload.title')}</h2>
          <form method="post" action={`${base}/imports?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
            <div>
              <label for="zoom-file">{t('live.attendance.upload.file')}</label>
              <input id="zoom-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby="zoom-file-hint" />
              <p class="hint" id="zoom-file-hint">{t('live.attendance.upload.hint')}</p>
            </div>
            <div>
              <label for="zoom-zone">{t('live.attendance.upload.zone')}</label>
              <select id="zoom-zone" name="zone">
                {INDONESIAN_ZONES.map((z) => <option value={z} selected={z === access.session.defaultZone}>{z}</option>)}
              </select>
            </div>
            <button type="submit">{t('live.attendance.upload.submit')}</button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t('live.attendance.sheet')}</h2>
        <FilterForm action={base} submitLabel={t('live.attendance.filter.apply')}>
          <div>
            <label for="f-unit">{t('live.attendance.filter.unit')}</label>
            <select id="f-unit" name="unitId">
              <option value="">{t('live.attendance.filter.allUnits')}</option>
              {props.units.map((u) => <option value={String(u.id)} selected={String(u.id) === props.filters.unitId}>{`${'\u00a0\u00a0'.repeat(u.level)}${u.name}`}</option>)}
            </select>
          </div>
          <div>
            <label for="f-status">{t('live.attendance.filter.status')}</label>
            <select id="f-status" name="status">
              <option value="">{t('live.attendance.filter.allStatuses')}</option>
              {ATTENDANCE_STATUSES.map((st) => <option value={st} selected={st === props.filters.status}>{t(statusKey(st))}</option>)}
            </select>
          </div>
        </FilterForm>
        <p class="exports"><a href={link(`${base}/export`, params)} download>{t('live.attendance.export')}</a></p>
        {list.items.length === 0 ? (
          <p class="empty">{t('live.attendance.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="list" data-table="attendance">
              <thead>
                <tr>
                  <th scope="col">{t('live.attendance.col.name')}</th>
                  <th scope="col">{t('live.attendance.col.nip')}</th>
                  <th scope="col">{t('live.attendance.col.unit')}</th>
                  <th scope="col">{t('live.attendance.col.minutes')}</th>
                  <th scope="col">{t('live.attendance.col.source')}</th>
                  <th scope="col">{t('live.attendance.col.joined')}</th>
                  <th scope="col">{t('live.attendance.col.completed')}</th>
                  <th scope="col">{t('live.attendance.col.mark')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((r) => (
                  <tr data-enrolment-id={r.enrolment_id}>
                    <td>{r.name}</td>
                    <td>{nipText(r.nip)}</td>
                    <td>{r.unit_name ?? '–'}</td>
                    <td data-col="minutes">{r.minutes ?? '–'}</td>
                    <td data-col="source">{r.source ? t(sourceKey(r.source)) : '–'}</td>
                    <td data-col="joined">{r.joined_at ? `${t('live.attendance.yes')} · ${when(v, r.joined_at)}` : t('live.attendance.no')}</td>
                    <td data-col="completed">{r.completed ? t('live.attendance.yes') : t('live.attendance.no')}</td>
                    <td data-col="mark">
                      {r.mark ? <p><strong>{t(`live.attendance.mark.${r.mark}` as MessageKey)}</strong> · {r.mark_reason}</p> : null}
                      {access.manage ? (
                        <form method="post" action={`${base}/marks`} class="inline">
                          <Csrf v={v} />
                          <input type="hidden" name="enrolmentId" value={String(r.enrolment_id)} />
                          <input type="hidden" name="back" value={link(base, params)} />
                          <label class="sr" for={`mark-${r.enrolment_id}`}>{t('live.attendance.mark.title', { name: r.name })}</label>
                          <select id={`mark-${r.enrolment_id}`} name="mark">
                            <option value="present">{t('live.attendance.mark.present')}</option>
                            <option value="absent">{t('live.attendance.mark.absent')}</option>
                            {r.mark ? <option value="clear">{t('live.attendance.mark.clear')}</option> : null}
                          </select>
                          <label class="sr" for={`reason-${r.enrolment_id}`}>{t('live.attendance.mark.reason')}</label>
                          <input id={`reason-${r.enrolment_id}`} name="reason" required minlength={3} maxlength={500} placeholder={t('live.attendance.mark.reason')} />
                          <button type="submit">{t('live.attendance.mark.submit')}</button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager v={v} base={base} params={params} nextCursor={list.nextCursor} paged={props.paged} />
      </section>

      {access.manage ? (
        <>
          <section aria-labelledby="pending-title">
            <h2 id="pending-title">{t('live.attendance.pending.title')}</h2>
            <p class="hint">{t('live.attendance.pending.hint')}</p>
            <PeopleTable v={v} activityId={id} people={props.pending} />
          </section>
          <section aria-labelledby="imports-title">
            <h2 id="imports-title">{t('live.attendance.imports.title')}</h2>
            <ImportsTable v={v} activityId={id} imports={props.imports} />
          </section>
        </>
      ) : null}
    </Layout>
  );
}

export function ImportPage(props: { v: ViewContext; access: AttendanceAccess; summary: ImportSummary; people: PendingPerson[]; notice?: string | null }) {
  const { v, summary: i } = props;
  const { t } = v;
  const id = props.access.session.id;
  const title = t('live.attendance.import.title', { file: i.fileName });
  return (
    <Layout v={v} title={title} notice={props.notice}>
      <h1>{title}</h1>
      <p><a href={attendancePath(id)}>{t('live.attendance.import.back')}</a></p>
      <dl class="facts summary">
        <dt>{t('live.attendance.import.col.uploaded')}</dt><dd>{when(v, i.createdAt)}</dd>
        <dt>{t('live.attendance.import.col.meeting')}</dt><dd>{[i.meetingId, i.topic].filter(Boolean).join(' · ') || '–'}</dd>
        <dt>{t('live.attendance.import.col.zone')}</dt><dd>{i.zone}</dd>
        <dt>{t('live.attendance.import.col.rows')}</dt><dd data-summary="rows">{i.rows}</dd>
        <dt>{t('live.attendance.import.col.people')}</dt><dd data-summary="people">{i.people}</dd>
        <dt>{t('live.attendance.import.col.matched')}</dt><dd data-summary="matched">{i.matched}</dd>
        <dt>{t('live.attendance.import.col.unmatched')}</dt><dd data-summary="unmatched">{i.unmatched}</dd>
        <dt>{t('live.attendance.import.col.ambiguous')}</dt><dd data-summary="ambiguous">{i.ambiguous}</dd>
        <dt>{t('live.attendance.import.col.pending')}</dt><dd data-summary="pending">{i.pending}</dd>
      </dl>
      <section aria-labelledby="people-title">
        <h2 id="people-title">{t('live.attendance.pending.title')}</h2>
        <p class="hint">{t('live.attendance.pending.hint')}</p>
        <PeopleTable v={v} activityId={id} people={props.people} />
      </section>
      {i.errorCount > 0 ? (
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">{t('live.attendance.import.errors')}</h2>
          <ul data-list="errors">
            {i.errors.map((e) => <li>{t('live.attendance.import.line', { line: e.line })}: {t(reportErrorKey(e.code))}{e.detail ? ` (${e.detail})` : ''}</li>)}
          </ul>
          {i.errorCount > i.errors.length ? <p>{t('live.attendance.import.errorsMore', { n: i.errorCount - i.errors.length })}</p> : null}
        </section>
      ) : null}
    </Layout>
  );
}

function ChoiceRows(props: { v: ViewContext; choices: MemberChoice[]; name: string }) {
  const { t } = props.v;
  return (
    <fieldset>
      <legend>{t('live.attendance.person.pick')}</legend>
      {props.choices.map((c, i) => (
        <div>
          <input type="radio" id={`${props.name}-${c.enrolmentId}`} name="enrolmentId" value={String(c.enrolmentId)} required checked={i === 0 && props.choices.length === 1} />
          <label for={`${props.name}-${c.enrolmentId}`}>{c.name} · {nipText(c.nip) || '–'} · {c.unit ?? '–'} · {c.cohort}{c.email ? ` · ${c.email}` : ''}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function PersonPage(props: { v: ViewContext; access: AttendanceAccess; person: PendingPerson; q: string; results: MemberChoice[] | null; error?: string | null; errors?: Record<string, string[]> }) {
  const { v, person: p } = props;
  const { t } = v;
  const id = props.access.session.id;
  const action = personPath(id, p.id);
  const name = p.displayNames[0] ?? p.email ?? '–';
  const title = t('live.attendance.person.title', { name });
  return (
    <Layout v={v} title={title} error={props.error}>
      <h1>{title}</h1>
      <p><a href={importPath(id, p.importId)}>{t('live.attendance.import.back')}</a></p>
      <dl class="facts">
        <dt>{t('live.attendance.person.col.names')}</dt><dd>{p.displayNames.join(' / ')}</dd>
        <dt>{t('live.attendance.person.col.email')}</dt><dd>{p.email ?? '–'}</dd>
        <dt>{t('live.attendance.person.col.lines')}</dt><dd>{p.lines.join(', ')}</dd>
        <dt>{t('live.attendance.col.minutes')}</dt><dd>{p.minutes}</dd>
        <dt>{t('live.attendance.person.col.kind')}</dt><dd>{t(`live.attendance.person.kind.${p.kind}` as MessageKey)}</dd>
      </dl>
      {p.status !== 'pending' ? (
        <p class="notice">{t('live.attendance.person.done', { status: t(`live.attendance.person.status.${p.status}` as MessageKey) })}</p>
      ) : (
        <>
          {p.candidates.length > 0 ? (
            <section aria-labelledby="candidates-title">
              <h2 id="candidates-title">{t('live.attendance.person.candidates')}</h2>
              <form method="post" action={action} class="stack">
                <Csrf v={v} />
                <input type="hidden" name="action" value="match" />
                <ChoiceRows v={v} choices={p.candidates} name="candidate" />
                <FieldErrors id="candidate-errors" messages={props.errors?.enrolmentId} />
                <button type="submit">{t('live.attendance.person.match')}</button>
              </form>
            </section>
          ) : null}
          <section aria-labelledby="search-title">
            <h2 id="search-title">{t('live.attendance.person.search')}</h2>
            <form method="get" action={action} class="filters">
              <label for="q">{t('live.attendance.person.search')}</label>
              <input id="q" name="q" value={props.q} minlength={2} maxlength={100} required />
              <button type="submit">{t('live.attendance.person.searchSubmit')}</button>
            </form>
            {props.results === null ? null : props.results.length === 0 ? (
              <p class="empty">{t('live.attendance.person.noResults')}</p>
            ) : (
              <form method="post" action={action} class="stack">
                <Csrf v={v} />
                <input type="hidden" name="action" value="match" />
                <ChoiceRows v={v} choices={props.results} name="found" />
                <button type="submit">{t('live.attendance.person.match')}</button>
              </form>
            )}
          </section>
          <section aria-labelledby="dismiss-title">
            <h2 id="dismiss-title">{t('live.attendance.person.dismiss')}</h2>
            <form method="post" action={action} class="stack">
              <Csrf v={v} />
              <input type="hidden" name="action" value="dismiss" />
              <label for="note">{t('live.attendance.person.note')}</label>
              <input id="note" name="note" maxlength={500} />
              <button type="submit">{t('live.attendance.person.dismiss')}</button>
            </form>
          </section>
        </>
      )}
    </Layout>
  );
}
