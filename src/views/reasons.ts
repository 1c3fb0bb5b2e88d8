import type { LockReason } from '../domain/progression.js';
import { formatDate, formatDateTime, type IndonesianZone } from '../domain/time.js';
import { isMessageKey, type Locale, type Translator } from '../i18n/index.js';
import { startOfLocalDay } from '../domain/time.js';

/** A lock reason as a sentence in the participant's language, dates in their zone. */
export function describeReason(reason: LockReason, t: Translator, locale: Locale, zone: IndonesianZone): string {
  const day = (date: string) => formatDate(startOfLocalDay(date, zone), zone, locale);
  switch (reason.code) {
    case 'after_stage':
      return t('reason.after_stage', { stage: reason.stage });
    case 'after_activity':
      return t('reason.after_activity', { activity: reason.activity });
    case 'opens_at':
      return t('reason.opens_at', { date: formatDateTime(reason.at, zone, locale) });
    case 'opens_on_day':
      return t('reason.opens_on_day', { day: reason.day, date: day(reason.date) });
    case 'clock_not_started':
      return t('reason.clock_not_started');
    case 'closed_after_day':
      return t('reason.closed_after_day', { day: reason.day, date: day(reason.date) });
    case 'window_ended':
      return t('reason.window_ended', { date: day(reason.date) });
    case 'kind':
      return isMessageKey(reason.key) ? t(reason.key, reason.params) : reason.key;
  }
}
