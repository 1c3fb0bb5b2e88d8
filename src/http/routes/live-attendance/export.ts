// The attendance list as XLSX, streamed (exceljs streaming writer, like the quiz reports).
import type { FastifyReply } from 'fastify';
import type { MessageKey } from '../../../i18n/index.js';
import type { AttendanceList } from '../../../services/live-attendance.js';
import type { ViewContext } from '../../../views/context.js';
import { formatDateTime } from '../../../domain/time.js';
import { nipText } from '../../../views/components/report-table.js';
import { fileSlug, sendXlsx, type Sheet } from '../quiz-reports/export.js';

export function attendanceSheet(v: ViewContext, list: AttendanceList): Sheet {
  const { t } = v;
  const yes = t('live.attendance.yes');
  const no = t('live.attendance.no');
  return {
    name: t('live.attendance.sheet'),
    columns: [
      { header: t('live.attendance.col.name'), width: 32 },
      { header: t('live.attendance.col.nip'), width: 22 },
      { header: t('live.attendance.col.unit'), width: 30 },
      { header: t('live.attendance.col.cohort'), width: 20 },
      { header: t('live.attendance.col.minutes') },
      { header: t('live.attendance.col.source'), width: 18 },
      { header: t('live.attendance.col.mark'), width: 14 },
      { header: t('live.attendance.col.reason'), width: 30 },
      { header: t('live.attendance.col.joined'), width: 14 },
      { header: `${t('live.attendance.col.joinedAt')} (${v.zone})`, width: 22 },
      { header: t('live.attendance.col.completed') },
    ],
    rows: list.items.map((r) => [
      r.name,
      nipText(r.nip),
      r.unit_name ?? '',
      r.cohort_title,
      r.minutes,
      r.source ? t(`live.attendance.source.${r.source}` as MessageKey) : '',
      r.mark ? t(`live.attendance.mark.${r.mark}` as MessageKey) : '',
      r.mark_reason ?? '',
      r.joined_at ? yes : no,
      r.joined_at ? formatDateTime(r.joined_at, v.zone, v.locale) : '',
      r.completed === 1 ? yes : no,
    ]),
  };
}

export function sendAttendanceXlsx(reply: FastifyReply, v: ViewContext, list: AttendanceList, now: Date) {
  const name = `kehadiran-${fileSlug(list.access.session.title)}-${list.access.session.id}-${now.toISOString().slice(0, 10)}.xlsx`;
  return sendXlsx(reply, name, [attendanceSheet(v, list)]);
}
