import { Csrf, FieldErrors, Layout } from '../layout.js';
import type { ViewContext } from '../context.js';

export type FieldMessages = Record<string, string[]>;

function Field(props: { id: string; name: string; label: string; type?: string; value?: string; autocomplete?: string; errors?: FieldMessages; hint?: string; required?: boolean; inputmode?: string }) {
  const messages = props.errors?.[props.name];
  const describedBy = [props.hint ? `${props.id}-hint` : null, messages?.length ? `${props.id}-errors` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-invalid={messages?.length ? 'true' : undefined}
        aria-describedby={describedBy}
        inputmode={props.inputmode as 'text' | undefined}
      />
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      <FieldErrors id={`${props.id}-errors`} messages={messages} />
    </div>
  );
}

export function LoginPage(props: { v: ViewContext; identifier?: string; error?: string | null; notice?: string | null; next?: string }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('login.title')} error={props.error} notice={props.notice}>
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form method="post" action={props.next && props.next !== '/' ? `/login?next=${encodeURIComponent(props.next)}` : '/login'} class="stack">
        <Csrf v={v} />
        <Field id="login" name="login" label={t('login.identifier')} value={props.identifier} autocomplete="username" />
        <Field id="password" name="password" type="password" label={t('login.password')} autocomplete="current-password" />
        <div>
          <button type="submit">{t('login.submit')}</button>
        </div>
      </form>
      <p><a href="/password/forgot">{t('login.forgot')}</a></p>
    </Layout>
  );
}

export function PasswordChangePage(props: { v: ViewContext; required: boolean; errors?: FieldMessages; error?: string | null; notice?: string | null; /** Signed in with an activation code: no current password to ask for. */ firstPassword?: boolean }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('password.change.title')} error={props.error} notice={props.notice}>
      <h1>{t('password.change.title')}</h1>
      {props.required ? <p class="notice" role="status">{t('password.change.required')}</p> : null}
      <form method="post" action="/password/change" class="stack">
        <Csrf v={v} />
        {props.firstPassword ? null : <Field id="currentPassword" name="currentPassword" type="password" label={t('password.current')} autocomplete="current-password" errors={props.errors} />}
        <Field id="newPassword" name="newPassword" type="password" label={t('password.new')} autocomplete="new-password" hint={t('password.rules')} errors={props.errors} />
        <Field id="confirmPassword" name="confirmPassword" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
        <div>
          <button type="submit">{t('password.submit')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function ForgotPasswordPage(props: { v: ViewContext; notice?: string | null; identifier?: string }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('reset.request.title')} notice={props.notice}>
      <h1>{t('reset.request.title')}</h1>
      <p>{t('reset.request.intro')}</p>
      <form method="post" action="/password/forgot" class="stack">
        <Csrf v={v} />
        <Field id="login" name="login" label={t('login.identifier')} value={props.identifier} autocomplete="username" />
        <div>
          <button type="submit">{t('reset.request.submit')}</button>
        </div>
      </form>
      <p><a href="/login">{t('login.title')}</a></p>
    </Layout>
  );
}

export function ResetPasswordPage(props: { v: ViewContext; token: string; valid: boolean; errors?: FieldMessages; error?: string | null }) {
  const { v } = props;
  const { t } = v;
  return (
    <Layout v={v} title={t('reset.confirm.title')} error={props.error}>
      <h1>{t('reset.confirm.title')}</h1>
      {props.valid ? (
        <form method="post" action="/password/reset" class="stack">
          <Csrf v={v} />
          <input type="hidden" name="token" value={props.token} />
          <Field id="newPassword" name="newPassword" type="password" label={t('password.new')} autocomplete="new-password" hint={t('password.rules')} errors={props.errors} />
          <Field id="confirmPassword" name="confirmPassword" type="password" label={t('password.confirm')} autocomplete="new-password" errors={props.errors} />
          <div>
            <button type="submit">{t('reset.confirm.submit')}</button>
          </div>
        </form>
      ) : (
        <p class="alert" role="alert">
          {t('reset.invalid')} <a href="/password/forgot">{t('reset.request.title')}</a>
        </p>
      )}
    </Layout>
  );
}
