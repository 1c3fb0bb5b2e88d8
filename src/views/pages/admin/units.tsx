import type { ViewContext } from '../../context.js';
import type { ApiUnitDetail, ApiUnitSummary } from '../../../services/org.js';
import { UNIT_KINDS } from '../../../db/schema.js';
import { Csrf } from '../../layout.js';
import { AdminLayout, Pager, SelectField, TextField, type FieldMessages } from './common.js';

export type UnitForm = 'create' | 'rename' | 'move';

export interface UnitsPageProps {
  v: ViewContext;
  parent: ApiUnitDetail | null;
  items: ApiUnitSummary[];
  nextCursor: string | null;
  paged: boolean;
  notice?: string | null;
  error?: string | null;
  /** The form that was posted (its values and errors are shown again). */
  form?: UnitForm;
  values?: Record<string, string>;
  errors?: FieldMessages;
}

export function UnitsPage(props: UnitsPageProps) {
  const { v, parent } = props;
  const { t } = v;
  const title = parent ? parent.name : t('admin.units.title');
  const vals = (form: UnitForm) => (props.form === form ? (props.values ?? {}) : {});
  const errs = (form: UnitForm) => (props.form === form ? props.errors : undefined);
  const kinds = UNIT_KINDS.map((k) => ({ value: k, label: t(`admin.unitKind.${k}`) }));
  // A root (an agency) is not moved; an operator's own unit has no parent inside its scope to move under.
  const canMove = !!parent && parent.path.length > 0;
  const canCreate = !!parent || !!v.user?.isPlatformAdmin;
  return (
    <AdminLayout v={v} title={title} section="units" notice={props.notice} error={props.error}>
      <nav aria-label={t('admin.units.breadcrumb')}>
        <ol class="breadcrumb">
          <li><a href="/admin/units">{t('admin.units.top')}</a></li>
          {parent ? parent.path.map((a) => <li><a href={`/admin/units?parent=${encodeURIComponent(a.code)}`}>{a.name}</a></li>) : null}
          {parent ? <li aria-current="page">{parent.name}</li> : null}
        </ol>
      </nav>
      <h1>{title}</h1>
      <p><a href="/admin/units/import">{t('units.import.link')}</a></p>
      {parent ? (
        <dl class="facts">
          <dt>{t('field.code')}</dt><dd>{parent.code}</dd>
          <dt>{t('field.kind')}</dt><dd>{t(`admin.unitKind.${parent.kind}`)}</dd>
          <dt>{t('admin.units.timeZone')}</dt><dd>{parent.timeZone}</dd>
          <dt>{t('admin.units.users')}</dt><dd><a href={`/admin/users?unit=${encodeURIComponent(parent.code)}`}>{parent.userCount}</a></dd>
        </dl>
      ) : null}
      {parent ? <h2>{t('admin.units.children')}</h2> : null}
      {props.items.length === 0 ? (
        <p class="muted">{t('admin.units.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field.name')}</th>
                <th scope="col">{t('field.code')}</th>
                <th scope="col">{t('admin.units.children')}</th>
                <th scope="col">{t('admin.units.users')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((u) => (
                <tr>
                  <td><a href={`/admin/units?parent=${encodeURIComponent(u.code)}`}>{u.name}</a><br /><span class="muted">{t(`admin.unitKind.${u.kind}`)} · {u.timeZone}</span></td>
                  <td>{u.code}</td>
                  <td>{u.childCount}</td>
                  <td><a href={`/admin/users?unit=${encodeURIComponent(u.code)}`} aria-label={t('admin.units.showUsers', { name: u.name })}>{u.userCount}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager v={v} base="/admin/units" params={{ parent: parent?.code }} nextCursor={props.nextCursor} paged={props.paged} />

      {canCreate ? (
        <section class="card" aria-labelledby="create-title">
          <h2 id="create-title">{parent ? t('units.create.title', { name: parent.name }) : t('units.create.agencyTitle')}</h2>
          <form method="post" action="/admin/units/create" class="stack">
            <Csrf v={v} />
            {parent ? <input type="hidden" name="parentId" value={String(parent.id)} /> : null}
            <TextField id="create-code" name="code" label={t('field.code')} value={vals('create').code} errors={errs('create')} hint={t('units.field.codeHint')} required maxlength={64} />
            <TextField id="create-name" name="name" label={t('field.name')} value={vals('create').name} errors={errs('create')} required maxlength={200} />
            <SelectField id="create-kind" name="kind" label={t('field.kind')} options={kinds} value={vals('create').kind ?? (parent ? 'unit' : 'agency')} errors={errs('create')} required />
            <TextField id="create-region" name="regionCode" label={t('units.field.regionCode')} value={vals('create').regionCode} errors={errs('create')} hint={t('units.field.regionCodeHint')} maxlength={8} inputmode="numeric" />
            <div><button type="submit">{parent ? t('units.create.submit') : t('units.create.agencySubmit')}</button></div>
          </form>
        </section>
      ) : null}

      {parent ? (
        <section class="card" aria-labelledby="rename-title">
          <h2 id="rename-title">{t('units.rename.title')}</h2>
          <form method="post" action={`/admin/units/${parent.id}/rename`} class="stack">
            <Csrf v={v} />
            <TextField id="rename-name" name="name" label={t('units.rename.newName')} value={vals('rename').name ?? parent.name} errors={errs('rename')} required maxlength={200} />
            <div><button type="submit">{t('units.rename.submit')}</button></div>
          </form>
        </section>
      ) : null}

      {parent && canMove ? (
        <section class="card" aria-labelledby="move-title">
          <h2 id="move-title">{t('units.move.title')}</h2>
          <p class="hint" id="move-hint">{t('units.move.hint')}</p>
          <form method="post" action={`/admin/units/${parent.id}/move`} class="stack">
            <Csrf v={v} />
            <TextField id="move-parent" name="parentCode" label={t('units.move.parentCode')} value={vals('move').parentCode} errors={errs('move')} required maxlength={64} />
            <div><button type="submit" aria-describedby="move-hint">{t('units.move.submit')}</button></div>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}
