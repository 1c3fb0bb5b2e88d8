// The three reports as sheets (XLSX / CSV), with the viewer's language and time zone.
import type { Translator } from '../../../i18n/index.js';
import type { IndonesianZone } from '../../../domain/time.js';
import { formatDateTime } from '../../../domain/time.js';
import type { GainReport, ItemAnalysisReport, QuizResults } from '../../../services/quiz-reports.js';
import type { Sheet } from './export.js';
import { flagKey, nipText, purposeKey, statusKey, typeKey } from './views.js';

interface Viewer {
  t: Translator;
  locale: 'id' | 'en';
  zone: IndonesianZone;
}

const PCT = '0.00';
const IDX = '0.0000';

export function resultSheets(v: Viewer, data: QuizResults): Sheet[] {
  const { t } = v;
  const s = data.summary;
  const q = data.quiz;
  const summary: Sheet = {
    name: t('report.sheet.summary'),
    columns: [{ header: t('report.sheet.field'), width: 34 }, { header: t('report.sheet.value'), width: 50 }],
    rows: [
      [t('report.sheet.programme'), data.programme.title],
      [t('report.sheet.quiz'), q.title],
      [t('report.quiz.purpose'), t(purposeKey(q.purpose))],
      [t('report.quiz.grading'), t(q.grading === 'last' ? 'report.grading.last' : 'report.grading.highest')],
      [t('report.quiz.passMark'), q.passMark],
      [t('report.filter.cohort'), data.cohort?.title ?? t('report.filter.allCohorts')],
      [t('report.filter.unit'), data.unit?.name ?? t('report.filter.allUnits')],
      [t('report.summary.participants'), s.participants],
      [t('report.summary.attempted'), s.attempted],
      [t('report.summary.passed'), s.passed],
      [t('report.summary.failed'), s.failed],
      [t('report.summary.notAttempted'), s.notAttempted],
      [t('report.summary.mean'), s.meanPercent],
      [t('report.summary.median'), s.medianPercent],
    ],
  };
  const participants: Sheet = {
    name: t('report.sheet.participants'),
    columns: [
      { header: t('report.col.participant'), width: 32 },
      { header: t('report.col.nip'), width: 24 },
      { header: t('report.col.unit'), width: 36 },
      { header: t('report.col.cohort'), width: 30 },
      { header: t('report.col.attempts') },
      { header: t('report.col.grade'), numFmt: PCT },
      { header: t('report.col.result'), width: 16 },
      { header: t('report.col.lastAttemptZone', { zone: v.zone }), width: 26 },
    ],
    rows: data.items.map((r) => [
      r.name,
      nipText(r.nip),
      r.unit ?? '',
      r.cohortTitle,
      r.attempts,
      r.gradePercent,
      t(statusKey(r.status)),
      r.lastAttemptAt ? formatDateTime(r.lastAttemptAt, v.zone, v.locale) : '',
    ]),
  };
  return [summary, participants];
}

export function itemSheet(v: Viewer, data: ItemAnalysisReport): Sheet {
  const { t } = v;
  return {
    name: t('report.sheet.items'),
    columns: [
      { header: t('report.col.code'), width: 14 },
      { header: t('report.col.question'), width: 60 },
      { header: t('report.col.category'), width: 28 },
      { header: t('report.col.type'), width: 20 },
      { header: t('report.col.n') },
      { header: t('report.col.facility'), numFmt: IDX, width: 16 },
      { header: t('report.col.discrimination'), numFmt: IDX, width: 16 },
      { header: t('report.col.flags'), width: 40 },
    ],
    rows: data.items.map((i) => [i.code, i.excerpt, i.category, t(typeKey(i.type)), i.n, i.facility, i.discrimination, i.flags.map((f) => t(flagKey(f))).join('; ')]),
  };
}

export function gainSheet(v: Viewer, data: GainReport): Sheet {
  const { t } = v;
  const rows = data.groups.map((g) => [g.unitId === null ? t('report.gain.noUnit') : `${g.unitName ?? ''}${g.direct && data.groups.length > 1 ? ` (${t('report.gain.direct')})` : ''}`, g.unitCode ?? '', g.n, g.pre, g.post, g.gain]);
  rows.push([t('report.gain.total'), '', data.total.n, data.total.pre, data.total.post, data.total.gain]);
  return {
    name: t('report.sheet.gain'),
    columns: [
      { header: t('report.col.unit'), width: 40 },
      { header: t('report.col.unitCode'), width: 12 },
      { header: t('report.col.pairs'), width: 16 },
      { header: t('report.col.pre'), numFmt: PCT, width: 16 },
      { header: t('report.col.post'), numFmt: PCT, width: 16 },
      { header: t('report.col.gain'), numFmt: PCT, width: 16 },
    ],
    rows,
  };
}
