// Programme authoring pages: programmes, cohorts, stages and activities (server-rendered, no JS needed).
import type { Child } from 'hono/jsx';
import { Csrf, FieldErrors } from '../../layout.js';
import type { ViewContext } from '../../context.js';
import type { Activity, Cohort } from '../../../db/schema.js';
import type { ProgrammeOutline } from '../../../services/authoring.js';
import { AdminLayout, SelectField, TextField, type FieldMessages } from './common.js';

export type FormVals = Record<string, string | string[] | undefined>;
const val = (values: FormVals | undefined, name: string): string => {
  const v = values?.[name];
  return typeof v === 'string' ? v : '';
};

function TextArea(props: { id: string; name: string; label: string; value?: string; errors?: FieldMessages; rows?: number }) {
  const messages = props.errors?.[props.name];
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} name={props.name} rows={props.rows ?? 4} aria-invalid={messages?.length ? 'true' : undefined} aria-describedby={messages?.length ? `${props.id}-errors` : undefined}>{props.value ?? ''}</textarea>
      <FieldErrors id={`${props.id}-errors`} messages={messages} />
    </div>
  );
}

function Checkbox(props: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div class="check">
      <input type="checkbox" id={props.id} name={props.name} value="1" checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** A one-button form (move, publish, delete). */
function ActionButton(props: { v: ViewContext; action: string; label: string; fields?: Record<string, string>; describedBy?: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <Csrf v={props.v} />
      {Object.entries(props.fields ?? {}).map(([k, x]) => <input type="hidden" name={k} value={x} />)}
      <button type="submit" class="link" aria-describedby={props.describedBy}>{props.label}</button>
    </form>
  );
}

function Back(props: { v: ViewContext; programmeId?: number }) {
  return (
    <p>
      {props.programmeId ? <><a href={`/admin/programmes/${props.programmeId}`}>{props.v.t('authoring.back')}</a> · </> : null}
      <a href="/admin/programmes">{props.v.t('authoring.backToList')}</a>
    </p>
  );
}

export interface ProgrammeListRow {
  id: number;
  code: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
  jp: number;
  organiser: string | null;
}

export function ProgrammeListPage(props: { v: ViewContext; rows: ProgrammeListRow[]; notice?: string | null; error?: string | null; importErrors?: FieldMessages }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('authoring.programmes.title')} section="programmes" notice={props.notice} error={props.error}>
      <h1>{t('authoring.programmes.title')}</h1>
      <p><a class="button" href="/admin/programmes/new">{t('authoring.programmes.new')}</a></p>
      {props.rows.length === 0 ? (
        <p class="muted">{t('authoring.programmes.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('authoring.field.title')}</th>
                <th scope="col">{t('field.code')}</th>
                <th scope="col">{t('authoring.field.jp')}</th>
                <th scope="col">{t('authoring.field.status')}</th>
                <th scope="col">{t('field.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td><a href={`/admin/programmes/${r.id}`}>{r.title}</a></td>
                  <td>{r.code}</td>
                  <td>{r.jp}</td>
                  <td>{t(`authoring.status.${r.status}`)}</td>
                  <td>{r.organiser ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">{t('authoring.import.title')}</h2>
        <form method="post" action={`/admin/programmes/import?_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack">
          <Csrf v={v} />
          <div>
            <label for="package">{t('authoring.import.file')}</label>
            <input id="package" name="package" type="file" accept=".zip,application/zip" required aria-describedby={props.importErrors?.package ? 'package-errors' : undefined} />
            <FieldErrors id="package-errors" messages={props.importErrors?.package} />
          </div>
          <div><button type="submit">{t('authoring.import.submit')}</button></div>
        </form>
      </section>
    </AdminLayout>
  );
}

function ProgrammeFields(props: { v: ViewContext; values?: FormVals; errors?: FieldMessages; isNew: boolean }) {
  const { v, values, errors } = props;
  const { t } = v;
  return (
    <>
      <TextField id="p-code" name="code" label={t('field.code')} value={val(values, 'code')} errors={errors} required maxlength={64} />
      <TextField id="p-title" name="title" label={t('authoring.field.title')} value={val(values, 'title')} errors={errors} required maxlength={200} />
      <TextArea id="p-description" name="description" label={t('authoring.field.description')} value={val(values, 'description')} errors={errors} />
      <TextField id="p-jp" name="jp" label={t('authoring.field.jp')} value={val(values, 'jp')} errors={errors} inputmode="numeric" required />
      <TextField id="p-provider" name="provider" label={t('authoring.field.provider')} value={val(values, 'provider')} errors={errors} maxlength={200} />
      <SelectField
        id="p-status"
        name="status"
        label={t('authoring.field.status')}
        value={val(values, 'status') || 'draft'}
        errors={errors}
        options={(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: t(`authoring.status.${s}`) }))}
      />
      {props.isNew ? <TextField id="p-organiser" name="organiserUnitCode" label={t('authoring.field.organiser')} value={val(values, 'organiserUnitCode')} errors={errors} hint={t('authoring.organiserHint')} maxlength={64} /> : null}
    </>
  );
}

export function NewProgrammePage(props: { v: ViewContext; values?: FormVals; errors?: FieldMessages; error?: string | null }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('authoring.programmes.new')} section="programmes" error={props.error}>
      <h1>{t('authoring.programmes.new')}</h1>
      <form method="post" action="/admin/programmes/new" class="stack" novalidate>
        <Csrf v={v} />
        <ProgrammeFields v={v} values={props.values} errors={props.errors} isNew />
        <div><button type="submit">{t('authoring.create')}</button></div>
      </form>
      <Back v={v} />
    </AdminLayout>
  );
}

export const programmeValues = (p: ProgrammeOutline['programme']): FormVals => ({ code: p.code, title: p.title, description: p.description ?? '', jp: String(p.jp), provider: p.provider ?? '', status: p.status });

function ActivityRow(props: { v: ViewContext; programmeId: number; a: ProgrammeOutline['stages'][number]['activities'][number]; first: boolean; last: boolean; titles: Map<number, string> }) {
  const { v, a, programmeId } = props;
  const { t } = v;
  const base = `/admin/programmes/${programmeId}/activities/${a.id}`;
  return (
    <li data-activity-id={a.id}>
      <a href={base}>{a.title}</a> <span class="muted">({a.kind}{a.required ? '' : ', opsional'}) · {a.published ? t('authoring.state.published') : t('authoring.state.unpublished')}</span>
      {a.kind === 'live_session' ? <> · <a href={`/admin/activities/${a.id}/attendance`}>{t('live.attendance.link')}</a></> : null}
      {a.prerequisiteIds.length ? <><br /><span class="muted">{t('authoring.field.prerequisites')}: {a.prerequisiteIds.map((id) => props.titles.get(id) ?? `#${id}`).join(', ')}</span></> : null}
      <div class="actions">
        {props.first ? null : <ActionButton v={v} action={`${base}/move`} label={t('authoring.moveUp')} fields={{ direction: 'up' }} />}
        {props.last ? null : <ActionButton v={v} action={`${base}/move`} label={t('authoring.moveDown')} fields={{ direction: 'down' }} />}
        <ActionButton v={v} action={`${base}/publish`} label={a.published ? t('authoring.unpublish') : t('authoring.publish')} fields={{ published: a.published ? '0' : '1' }} />
      </div>
    </li>
  );
}

export function ProgrammePage(props: { v: ViewContext; outline: ProgrammeOutline; values?: FormVals; errors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, outline } = props;
  const { t } = v;
  const p = outline.programme;
  const titles = new Map(outline.stages.flatMap((s) => s.activities.map((a) => [a.id, a.title] as const)));
  return (
    <AdminLayout v={v} title={p.title} section="programmes" notice={props.notice} error={props.error}>
      <h1>{p.title}</h1>
      <p>
        <a href={`/admin/programmes/${p.id}/export`} download>{t('authoring.export')}</a>
        {p.organiser_name ? <> · <span class="muted">{p.organiser_name}</span></> : null}
      </p>
      <nav aria-label={t('authoring.programmeTools')} class="programme-tools">
        <p class="bank-link"><a href={`/admin/programmes/${p.id}/questions`}>{t('bank.title')}</a></p>
        <p class="reports-link"><a href={`/admin/programmes/${p.id}/evaluation`}>{t('report.link')}</a></p>
        <p class="certificates-link"><a href={`/admin/programmes/${p.id}/certificates`}>{t('cert.admin.link')}</a></p>
        <p class="speakers-link"><a href="/admin/speakers">{t('live.speakers.manage')}</a></p>
      </nav>

      <section aria-labelledby="stages-title">
        <h2 id="stages-title">{t('authoring.stages.title')}</h2>
        {outline.stages.length === 0 ? <p class="muted">{t('authoring.stages.none')}</p> : null}
        <ol class="stages">
          {outline.stages.map((s, i) => {
            const base = `/admin/programmes/${p.id}/stages/${s.id}`;
            return (
              <li data-stage-id={s.id}>
                <h3><a href={base}>{s.title}</a> <span class="muted">· {s.published ? t('authoring.state.published') : t('authoring.state.unpublished')}</span></h3>
                <div class="actions">
                  {i === 0 ? null : <ActionButton v={v} action={`${base}/move`} label={t('authoring.moveUp')} fields={{ direction: 'up' }} />}
                  {i === outline.stages.length - 1 ? null : <ActionButton v={v} action={`${base}/move`} label={t('authoring.moveDown')} fields={{ direction: 'down' }} />}
                  <ActionButton v={v} action={`${base}/publish`} label={s.published ? t('authoring.unpublish') : t('authoring.publish')} fields={{ published: s.published ? '0' : '1' }} />
                  <a href={`${base}/activities/new`}>{t('authoring.activities.new')}</a>
                </div>
                {s.activities.length === 0 ? (
                  <p class="muted">{t('authoring.activities.none')}</p>
                ) : (
                  <ol class="activities">
                    {s.activities.map((a, j) => <ActivityRow v={v} programmeId={p.id} a={a} first={j === 0} last={j === s.activities.length - 1} titles={titles} />)}
                  </ol>
                )}
              </li>
            );
          })}
        </ol>
        <p><a class="button" href={`/admin/programmes/${p.id}/stages/new`}>{t('authoring.stages.new')}</a></p>
      </section>

      <section aria-labelledby="cohorts-title">
        <h2 id="cohorts-title">{t('authoring.cohorts.title')}</h2>
        {outline.cohorts.length === 0 ? (
          <p class="muted">{t('authoring.cohorts.none')}</p>
        ) : (
          <ul>
            {outline.cohorts.map((c) => (
              <li><a href={`/admin/programmes/${p.id}/cohorts/${c.id}`}>{c.title}</a> <span class="muted">({c.code}{c.starts_on ? ` · ${c.starts_on} – ${c.ends_on ?? ''}` : ''}{c.window_days ? ` · ${c.window_days} hari` : ''})</span></li>
            ))}
          </ul>
        )}
        <p><a href={`/admin/programmes/${p.id}/cohorts/new`}>{t('authoring.cohorts.new')}</a></p>
      </section>

      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{t('authoring.programme.edit')}</h2>
        <form method="post" action={`/admin/programmes/${p.id}`} class="stack" novalidate>
          <Csrf v={v} />
          <ProgrammeFields v={v} values={props.values ?? programmeValues(p)} errors={props.errors} isNew={false} />
          <div><button type="submit">{t('authoring.save')}</button></div>
        </form>
      </section>
      <Back v={v} />
    </AdminLayout>
  );
}

export const cohortValues = (c: Cohort): FormVals => ({
  code: c.code,
  title: c.title,
  starts_on: c.starts_on ?? '',
  ends_on: c.ends_on ?? '',
  start_by: c.start_by ?? '',
  window_days: c.window_days?.toString() ?? '',
  gelombang: c.gelombang?.toString() ?? '',
  angkatan: c.angkatan?.toString() ?? '',
});

export function CohortFormPage(props: { v: ViewContext; programmeId: number; cohortId?: number; values?: FormVals; errors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, values, errors } = props;
  const { t } = v;
  const title = props.cohortId ? t('authoring.cohort.edit') : t('authoring.cohorts.new');
  const action = props.cohortId ? `/admin/programmes/${props.programmeId}/cohorts/${props.cohortId}` : `/admin/programmes/${props.programmeId}/cohorts/new`;
  return (
    <AdminLayout v={v} title={title} section="programmes" error={props.error} notice={props.notice}>
      <h1>{title}</h1>
      <form method="post" action={action} class="stack" novalidate>
        <Csrf v={v} />
        <TextField id="c-code" name="code" label={t('field.code')} value={val(values, 'code')} errors={errors} required maxlength={64} />
        <TextField id="c-title" name="title" label={t('authoring.field.title')} value={val(values, 'title')} errors={errors} required maxlength={200} />
        <TextField id="c-starts" name="starts_on" label={t('authoring.field.startsOn')} value={val(values, 'starts_on')} errors={errors} type="date" />
        <TextField id="c-ends" name="ends_on" label={t('authoring.field.endsOn')} value={val(values, 'ends_on')} errors={errors} type="date" />
        <TextField id="c-start-by" name="start_by" label={t('authoring.field.startBy')} value={val(values, 'start_by')} errors={errors} type="date" hint={t('authoring.startByHint')} />
        <TextField id="c-window" name="window_days" label={t('authoring.field.windowDays')} value={val(values, 'window_days')} errors={errors} inputmode="numeric" />
        <TextField id="c-gelombang" name="gelombang" label={t('authoring.field.gelombang')} value={val(values, 'gelombang')} errors={errors} inputmode="numeric" />
        <TextField id="c-angkatan" name="angkatan" label={t('authoring.field.angkatan')} value={val(values, 'angkatan')} errors={errors} inputmode="numeric" />
        <div><button type="submit">{props.cohortId ? t('authoring.save') : t('authoring.create')}</button></div>
      </form>
      <Back v={v} programmeId={props.programmeId} />
    </AdminLayout>
  );
}

export function StageFormPage(props: { v: ViewContext; programmeId: number; stageId?: number; canDelete?: boolean; values?: FormVals; errors?: FieldMessages; error?: string | null; notice?: string | null }) {
  const { v, values, errors } = props;
  const { t } = v;
  const title = props.stageId ? t('authoring.stage.edit') : t('authoring.stages.new');
  const base = `/admin/programmes/${props.programmeId}/stages`;
  const action = props.stageId ? `${base}/${props.stageId}` : `${base}/new`;
  return (
    <AdminLayout v={v} title={title} section="programmes" error={props.error} notice={props.notice}>
      <h1>{title}</h1>
      <form method="post" action={action} class="stack" novalidate>
        <Csrf v={v} />
        <TextField id="s-title" name="title" label={t('authoring.field.title')} value={val(values, 'title')} errors={errors} required maxlength={200} />
        <TextArea id="s-description" name="description" label={t('authoring.field.description')} value={val(values, 'description')} errors={errors} />
        <Checkbox id="s-sequential" name="sequential" label={t('authoring.field.sequential')} checked={values ? val(values, 'sequential') === '1' : true} />
        <TextField id="s-opens-at" name="opens_at" label={t('authoring.field.opensAt')} value={val(values, 'opens_at')} errors={errors} type="datetime-local" />
        <TextField id="s-opens-day" name="opens_on_day" label={t('authoring.field.opensOnDay')} value={val(values, 'opens_on_day')} errors={errors} inputmode="numeric" />
        <TextField id="s-closes-day" name="closes_after_day" label={t('authoring.field.closesAfterDay')} value={val(values, 'closes_after_day')} errors={errors} inputmode="numeric" />
        <TextField id="s-target-day" name="target_day" label={t('authoring.field.targetDay')} value={val(values, 'target_day')} errors={errors} inputmode="numeric" />
        <div><button type="submit">{props.stageId ? t('authoring.save') : t('authoring.create')}</button></div>
      </form>
      {props.stageId ? (
        <section>
          <p class="hint" id="stage-delete-hint">{t('authoring.stage.deleteHint')}</p>
          {props.canDelete ? <ActionButton v={v} action={`${base}/${props.stageId}/delete`} label={t('authoring.delete')} describedBy="stage-delete-hint" /> : null}
        </section>
      ) : null}
      <Back v={v} programmeId={props.programmeId} />
    </AdminLayout>
  );
}

export function ChooseKindPage(props: { v: ViewContext; programmeId: number; stageId: number; kinds: string[]; errors?: FieldMessages; error?: string | null }) {
  const { v } = props;
  const { t } = v;
  return (
    <AdminLayout v={v} title={t('authoring.activity.new')} section="programmes" error={props.error}>
      <h1>{t('authoring.activity.new')}</h1>
      <form method="get" action={`/admin/programmes/${props.programmeId}/stages/${props.stageId}/activities/new`} class="stack">
        <SelectField id="a-kind" name="kind" label={t('authoring.chooseKind')} options={props.kinds.map((k) => ({ value: k, label: k }))} errors={props.errors} required />
        <div><button type="submit">{t('authoring.continue')}</button></div>
      </form>
      <Back v={v} programmeId={props.programmeId} />
    </AdminLayout>
  );
}

export interface ActivityFormProps {
  v: ViewContext;
  programmeId: number;
  stageId: number;
  activity?: Activity;
  kind: string;
  /** The kind's own fields (kind.authoringFields). */
  kindFields: Child;
  fileFields: { key: string; current: string | null }[];
  earlier: { id: number; title: string }[];
  stages: { id: number; title: string }[];
  values?: FormVals;
  errors?: FieldMessages;
  error?: string | null;
  notice?: string | null;
  inUse?: boolean;
}

export function ActivityFormPage(props: ActivityFormProps) {
  const { v, values, errors, activity } = props;
  const { t } = v;
  const title = activity ? t('authoring.activity.edit') : t('authoring.activity.new');
  const base = `/admin/programmes/${props.programmeId}`;
  const action = activity ? `${base}/activities/${activity.id}` : `${base}/stages/${props.stageId}/activities/new?kind=${encodeURIComponent(props.kind)}`;
  const chosen = new Set(Array.isArray(values?.prerequisites) ? values.prerequisites : values?.prerequisites ? [values.prerequisites] : []);
  const configErrors = Object.entries(errors ?? {}).filter(([k]) => k.startsWith('cfg_') || k === 'config');
  return (
    <AdminLayout v={v} title={title} section="programmes" error={props.error} notice={props.notice}>
      <h1>{title}</h1>
      <p class="muted">{t('authoring.field.kind')}: {props.kind}</p>
      <form method="post" action={`${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(v.csrfToken)}`} enctype="multipart/form-data" class="stack" novalidate>
        <Csrf v={v} />
        <TextField id="a-title" name="title" label={t('authoring.field.title')} value={val(values, 'title')} errors={errors} required maxlength={200} />
        <Checkbox id="a-required" name="required" label={t('authoring.field.required')} checked={values ? val(values, 'required') === '1' : true} />
        <TextField id="a-jp" name="jp" label={t('authoring.field.jp')} value={val(values, 'jp')} errors={errors} inputmode="numeric" />
        <fieldset aria-describedby={errors?.prerequisites ? 'a-prereq-errors' : undefined}>
          <legend>{t('authoring.field.prerequisites')}</legend>
          {props.earlier.length === 0 ? <p class="muted">{t('authoring.prerequisites.none')}</p> : null}
          {props.earlier.map((e) => <Checkbox id={`a-prereq-${e.id}`} name="prerequisites" label={e.title} checked={chosen.has(String(e.id))} />)}
          <FieldErrors id="a-prereq-errors" messages={errors?.prerequisites} />
        </fieldset>
        <TextField id="a-opens-at" name="opens_at" label={t('authoring.field.opensAt')} value={val(values, 'opens_at')} errors={errors} type="datetime-local" />
        <TextField id="a-opens-day" name="opens_on_day" label={t('authoring.field.opensOnDay')} value={val(values, 'opens_on_day')} errors={errors} inputmode="numeric" />
        <TextField id="a-closes-day" name="closes_after_day" label={t('authoring.field.closesAfterDay')} value={val(values, 'closes_after_day')} errors={errors} inputmode="numeric" />
        <fieldset>
          <legend>{t('authoring.activity.config')}</legend>
          {props.kindFields}
          {configErrors.map(([k, messages]) => <FieldErrors id={`${k}-errors`} messages={messages.map((m) => `${k.replace(/^cfg_/, '')}: ${m}`)} />)}
          {props.fileFields.map((f) => (
            <div>
              <label for={`file-${f.key}`}>{t('authoring.field.file', { key: f.key })}</label>
              <input id={`file-${f.key}`} name={`file_${f.key}`} type="file" aria-describedby={errors?.[`file_${f.key}`] ? `file-${f.key}-errors` : undefined} />
              {f.current ? <p class="hint">{t('authoring.file.current', { name: f.current })}</p> : null}
              <FieldErrors id={`file-${f.key}-errors`} messages={errors?.[`file_${f.key}`]} />
            </div>
          ))}
        </fieldset>
        <div><button type="submit">{activity ? t('authoring.save') : t('authoring.create')}</button></div>
      </form>
      {activity ? (
        <section class="stack">
          <form method="post" action={`${base}/activities/${activity.id}/move`} class="stack">
            <Csrf v={v} />
            <SelectField id="a-move-stage" name="stageId" label={t('authoring.activity.moveTo')} value={String(activity.stage_id)} options={props.stages.map((s) => ({ value: String(s.id), label: s.title }))} errors={errors} />
            <div><button type="submit">{t('authoring.activity.moveSubmit')}</button></div>
          </form>
          <ActionButton v={v} action={`${base}/activities/${activity.id}/publish`} label={activity.published ? t('authoring.unpublish') : t('authoring.publish')} fields={{ published: activity.published ? '0' : '1' }} />
          <p class="hint" id="activity-delete-hint">{t('authoring.activity.deleteHint')}</p>
          {props.inUse ? null : <ActionButton v={v} action={`${base}/activities/${activity.id}/delete`} label={t('authoring.delete')} describedBy="activity-delete-hint" />}
        </section>
      ) : null}
      <Back v={v} programmeId={props.programmeId} />
    </AdminLayout>
  );
}
