import { id, type MessageKey } from './id.js';
import { en } from './en.js';

export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];
export const DEFAULT_LOCALE: Locale = 'id';
export type { MessageKey };

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { id, en };

export function isLocale(v: unknown): v is Locale {
  return v === 'id' || v === 'en';
}

export function isMessageKey(v: string): v is MessageKey {
  return Object.prototype.hasOwnProperty.call(id, v);
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key] ?? dictionaries.id[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type Translator = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translator => (key, params) => translate(locale, key, params);

/** Picks a locale from an explicit choice, then Accept-Language, defaulting to Indonesian. */
export function negotiateLocale(choice: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(choice)) return choice;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.split(';')[0]!.trim().toLowerCase();
      if (tag.startsWith('id') || tag.startsWith('in')) return 'id';
      if (tag.startsWith('en')) return 'en';
    }
  }
  return DEFAULT_LOCALE;
}
