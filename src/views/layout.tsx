import type { Child } from 'hono/jsx';
import type { ViewContext } from './context.js';
import { renderToString } from './render.js';

export function Layout(props: { v: ViewContext; title: string; children?: Child; notice?: string | null; error?: string | null }) {
  const { v } = props;
  const { t } = v;
  const nextParam = encodeURIComponent(v.path);
  return (
    <html lang={v.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        <link rel="stylesheet" href={`/static/css/app.css?v=${v.assetVersion}`} />
        <link rel="icon" href={`/static/favicon.svg?v=${v.assetVersion}`} type="image/svg+xml" />
        <script src={`/static/js/htmx.min.js?v=${v.assetVersion}`} defer></script>
        <script src={`/static/js/app.js?v=${v.assetVersion}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">{t('nav.skipToContent')}</a>
        <header class="site">
          <a class="brand" href="/">
            <span aria-hidden="true">◈</span> {t('app.name')}
          </a>
          {v.user && !v.user.mustChangePassword ? (
            <nav aria-label={t('nav.mainMenu')}>
              <ul>
                <li><a href="/" aria-current={v.path === '/' ? 'page' : undefined}>{t('nav.home')}</a></li>
                {v.user.isReviewer ? <li><a href="/review/submissions" aria-current={v.path.startsWith('/review') ? 'page' : undefined}>{t('nav.review')}</a></li> : null}
                {v.user.isAdmin ? <li><a href="/admin/users" aria-current={v.path.startsWith('/admin') ? 'page' : undefined}>{t('nav.admin')}</a></li> : null}
                <li><a href="/account" aria-current={v.path === '/account' ? 'page' : undefined}>{t('nav.account')}</a></li>
              </ul>
            </nav>
          ) : null}
          <div class="tools">
            <form method="post" action={`/lang?next=${nextParam}`} class="lang">
              <input type="hidden" name="_csrf" value={v.csrfToken} />
              <button name="locale" value={v.locale === 'id' ? 'en' : 'id'} type="submit" lang={v.locale === 'id' ? 'en' : 'id'} id="lang-select">
                {v.locale === 'id' ? 'English' : 'Bahasa Indonesia'}
              </button>
            </form>
            {v.user ? (
              <form method="post" action="/logout">
                <input type="hidden" name="_csrf" value={v.csrfToken} />
                <button type="submit" class="link">{t('nav.signOut')}</button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.notice ? <p class="notice" role="status">{props.notice}</p> : null}
          {props.error ? <p class="alert" role="alert">{props.error}</p> : null}
          {props.children}
        </main>
        <footer class="site">
          <p>{t('app.name')} · {t('app.tagline')}</p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page to an HTML string (hono/jsx escapes every interpolated value). */
export function renderPage(node: unknown): string {
  return '<!doctype html>' + renderToString(node);
}

export function FieldErrors(props: { id: string; messages?: string[] }) {
  if (!props.messages?.length) return null;
  return (
    <ul class="field-errors" id={props.id}>
      {props.messages.map((m) => <li>{m}</li>)}
    </ul>
  );
}

export function Csrf(props: { v: ViewContext }) {
  return <input type="hidden" name="_csrf" value={props.v.csrfToken} />;
}
