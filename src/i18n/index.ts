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

/**
 * The page language: the participant's explicit choice (cookie or account), else Indonesian.
 * Accept-Language is deliberately not followed: many phones here send en-US although their users
 * read Indonesian, and the programme's language is Indonesian; English is one tap away.
 */
export function negotiateLocale(choice: unknown, _acceptLanguage?: string): Locale {
  return isLocale(choice) ? choice : DEFAULT_LOCALE;
}
