import type { Child } from 'hono/jsx';
import { FieldErrors, Layout } from '../../layout.js';
import type { ViewContext } from '../../context.js';

export type FieldMessages = Record<string, string[]>;
export type AdminSection = 'users' | 'units' | 'tokens' | 'audit' | 'programmes' | 'monitoring' | 'import' | 'corrections' | 'learningHours';

/** The administration sub-navigation; tokens are offered to platform admins only (the audit log to every administrator, scoped). */
export function AdminNav(props: { v: ViewContext; current: AdminSection }) {
  const { v } = props;
  const { t } = v;
  const items: [AdminSection, string, string][] = [
    ['monitoring', '/admin/monitoring', t('nav.monitoring')],
    ['users', '/admin/users', t('nav.users')],
    ['import', '/admin/participants/import', t('nav.import')],
    ['corrections', '/admin/corrections', t('nav.corrections')],
    ['learningHours', '/admin/learning-hours', t('hours.nav')],
    ['units', '/admin/units', t('nav.units')],
  ];
  if (v.user?.isPlatformAdmin) items.push(['tokens', '/admin/tokens', t('nav.tokens')]);
  // Programme authoring (platform admins; agency admins reach /admin/programmes too, for their own programmes).
  if (v.user?.isPlatformAdmin) items.push(['programmes', '/admin/programmes', t('nav.programmes')]);
  items.push(['audit', '/admin/audit', t('nav.audit')]);
  return (
    <nav aria-label={t('admin.nav')} class="subnav">
      <ul>
        {items.map(([key, href, label]) => (
          <li><a href={href} aria-current={props.current === key ? 'page' : undefined}>{label}</a></li>
        ))}
      </ul>
    </nav>
  );
}

export function AdminLayout(props: { v: ViewContext; title: string; section: AdminSection; children?: Child; notice?: string | null; error?: string | null }) {
  return (
    <Layout v={props.v} title={props.title} notice={props.notice} error={props.error}>
      <AdminNav v={props.v} current={props.section} />
      {props.children}
    </Layout>
  );
}

function describedBy(id: string, hint?: string, messages?: string[]) {
  return [hint ? `${id}-hint` : null, messages?.length ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined;
}

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string | null;
  errors?: FieldMessages;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
}) {
  const messages = props.errors?.[props.name];
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required ?? false}
        autocomplete={props.autocomplete ?? 'off'}
        inputmode={props.inputmode as 'text' | undefined}
        maxlength={props.maxlength}
        aria-invalid={messages?.length ? 'true' : undefined}
        aria-describedby={describedBy(props.id, props.hint, messages)}
      />
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      <FieldErrors id={`${props.id}-errors`} messages={messages} />
    </div>
  );
}

export function SelectField(props: { id: string; name: string; label: string; options: { value: string; label: string }[]; value?: string | null; errors?: FieldMessages; hint?: string; required?: boolean }) {
  const messages = props.errors?.[props.name];
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} required={props.required ?? false} aria-invalid={messages?.length ? 'true' : undefined} aria-describedby={describedBy(props.id, props.hint, messages)}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>{o.label}</option>
        ))}
      </select>
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      <FieldErrors id={`${props.id}-errors`} messages={messages} />
    </div>
  );
}

/**
 * "Next page" (and "back to the first page") links for cursor paging; keeps the other query parameters.
 * The position travels as `param` (`cursor` unless told, e.g. `offset`).
 */
export function Pager(props: { v: ViewContext; base: string; params?: Record<string, string | undefined>; nextCursor: string | number | null; paged: boolean; param?: string }) {
  const param = props.param ?? 'cursor';
  const { t } = props.v;
  const qs = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, val] of Object.entries({ ...props.params, ...extra })) if (val) p.set(k, val);
    const s = p.toString();
    return s ? `${props.base}?${s}` : props.base;
  };
  if (props.nextCursor === null && !props.paged) return null;
  return (
    <nav class="pager" aria-label={t('admin.paging')}>
      {props.paged ? <a href={qs({ [param]: undefined })}>{t('admin.firstPage')}</a> : null}
      {props.nextCursor !== null ? <a href={qs({ [param]: String(props.nextCursor) })} rel="next">{t('admin.nextPage')}</a> : null}
    </nav>
  );
}

/** A one-time secret (initial password, API token): shown once, with a warning. */
export function OneTimeSecret(props: { label: string; value: string; note: string }) {
  return (
    <section class="card" aria-labelledby="secret-label">
      <h2 id="secret-label">{props.label}</h2>
      <p class="token" data-secret="true"><code>{props.value}</code></p>
      <p class="notice" role="status">{props.note}</p>
    </section>
  );
}
