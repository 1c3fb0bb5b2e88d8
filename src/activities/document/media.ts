// Shared by the document and video kinds: where an activity's media is served and how big it is,
// said the way a participant paying for mobile data reads it ("PDF, 1,2 MB").
import type { Locale } from '../../i18n/index.js';

export type MediaVariant = 'main' | 'low' | 'captions' | 'document';
export const MEDIA_VARIANTS: readonly MediaVariant[] = ['main', 'low', 'captions', 'document'];

/** The URL of an activity's media file (see src/http/routes/media/routes.ts). */
export function mediaUrl(activityId: number, variant: MediaVariant, opts: { download?: boolean } = {}): string {
  return `/media/activities/${activityId}/${variant}${opts.download ? '?download=1' : ''}`;
}

/** The JSON endpoint that records progress events of an enrolment's activity. */
export function progressUrl(enrolmentId: number, activityId: number): string {
  return `/api/v1/enrolments/${enrolmentId}/activities/${activityId}/progress`;
}

/** "1,2 MB" (Indonesian) / "1.2 MB" (English); decimal units, as phones and data plans count them. */
export function formatBytes(bytes: number, locale: Locale): string {
  const tag = locale === 'id' ? 'id-ID' : 'en-GB';
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Reads a number form field: '' → null, a decimal number → number, anything else unchanged (the config schema then names the field). */
export function numField(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s === '') return null;
  return /^-?\d+([.,]\d+)?$/.test(s) ? Number(s.replace(',', '.')) : s;
}

/** Size of a stored file, as loaded for a view (null when the file is missing). */
export interface FileInfo {
  size: number;
  name: string;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
