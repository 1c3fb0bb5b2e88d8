import type { Locale, Translator } from '../i18n/index.js';
import type { IndonesianZone } from '../domain/time.js';

/** What every page needs to render: the language, the signed-in user (if any) and the CSRF token for forms. */
export interface ViewContext {
  t: Translator;
  locale: Locale;
  path: string;
  csrfToken: string;
  zone: IndonesianZone;
  user: { name: string; login: string; isAdmin: boolean; isPlatformAdmin: boolean; isReviewer: boolean; mustChangePassword: boolean } | null;
  assetVersion: string;
}
