import type { ViewContext } from '../../context.js';
import type { ApiUnitDetail, ApiUnitSummary } from '../../../services/org.js';
import { AdminLayout, Pager } from './common.js';

export function UnitsPage(props: { v: ViewContext; parent: ApiUnitDetail | null; items: ApiUnitSummary[]; nextCursor: string | null; paged: boolean }) {
  const { v, parent } = props;
  const { t } = v;
  const title = parent ? parent.name : t('admin.units.title');
  return (
    <AdminLayout v={v} title={title} section="units">
      <nav aria-label={t('admin.units.breadcrumb')}>
        <ol class="breadcrumb">
          <li><a href="/admin/units">{t('admin.units.top')}</a></li>
          {parent ? parent.path.map((a) => <li><a href={`/admin/units?parent=${encodeURIComponent(a.code)}`}>{a.name}</a></li>) : null}
          {parent ? <li aria-current="page">{parent.name}</li> : null}
        </ol>
      </nav>
      <h1>{title}</h1>
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
    </AdminLayout>
  );
}
