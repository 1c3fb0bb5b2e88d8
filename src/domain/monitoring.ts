// Monitoring rules (pure): the one exclusive status of an enrolment, "today" in each Indonesian
// zone, completion rates, WhatsApp links to Indonesian phone numbers, and the geometry of the
// horizontal 100 % stacked bar chart drawn as SVG on the server.
import { daysBetween } from './day-clock.js';
import { INDONESIAN_ZONES, localDate, type IndonesianZone } from './time.js';

/** In the order of the chart and the tables: from "nothing yet" to "done". */
export const MONITORING_STATUSES = ['never_signed_in', 'in_progress', 'behind', 'failed', 'passed', 'certified'] as const;
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number];
export type StatusCounts = Record<MonitoringStatus, number>;

export const isMonitoringStatus = (v: unknown): v is MonitoringStatus => typeof v === 'string' && (MONITORING_STATUSES as readonly string[]).includes(v);

export const emptyCounts = (): StatusCounts => ({ never_signed_in: 0, in_progress: 0, behind: 0, failed: 0, passed: 0, certified: 0 });

export function addCounts(into: StatusCounts, from: StatusCounts): StatusCounts {
  for (const s of MONITORING_STATUSES) into[s] += from[s];
  return into;
}

export const totalOf = (c: StatusCounts): number => MONITORING_STATUSES.reduce((n, s) => n + c[s], 0);

/** passed + certified over participants, 0–100 with one decimal; null without participants. */
export function completionRate(c: StatusCounts): number | null {
  const total = totalOf(c);
  return total === 0 ? null : Math.round(((c.passed + c.certified) * 1000) / total) / 10;
}

export type TodayByZone = Record<IndonesianZone, string>;

/** Today's local date (YYYY-MM-DD) in WIB, WITA and WIT. */
export function todayByZone(now: Date): TodayByZone {
  const out = {} as TodayByZone;
  for (const z of INDONESIAN_ZONES) out[z] = localDate(now, z);
  return out;
}

/**
 * The exclusive status of an active enrolment from its stored monitoring columns: behind = in
 * progress with the first incomplete stage's due date before today in the enrolment's zone (WIB
 * when unknown).
 */
export function exclusiveStatus(e: { state: string; due_on: string | null; zone: string | null }, today: TodayByZone): MonitoringStatus {
  if (e.state === 'in_progress') {
    const zone: IndonesianZone = e.zone === 'WITA' || e.zone === 'WIT' ? e.zone : 'WIB';
    return e.due_on !== null && e.due_on < today[zone] ? 'behind' : 'in_progress';
  }
  return isMonitoringStatus(e.state) ? e.state : 'in_progress';
}

/** Whole days the enrolment is behind (today − due date, at least 1 when behind), or 0. */
export function daysBehind(dueOn: string | null, zone: string | null, today: TodayByZone): number {
  if (!dueOn) return 0;
  const z: IndonesianZone = zone === 'WITA' || zone === 'WIT' ? zone : 'WIB';
  try {
    return Math.max(0, daysBetween(dueOn, today[z]));
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// WhatsApp.

/**
 * An Indonesian phone number as WhatsApp wants it (country code 62, digits only), or null when the
 * text is not one: 0812…, +62 812…, 62812…, 0062 812…, (0380) 821…, 812… (without the trunk 0);
 * spaces, dots, hyphens and parentheses are ignored.
 */
export function normaliseIndonesianPhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim().replace(/[\s.\-()/]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('00')) s = s.slice(2);
  if (!/^[0-9]+$/.test(s)) return null;
  let national: string;
  if (s.startsWith('62')) national = s.slice(2);
  else if (s.startsWith('0')) national = s.slice(1);
  else if (s.startsWith('8')) national = s;
  else return null;
  if (national.startsWith('0')) national = national.slice(1); // "+62 0812…", a common slip
  // National significant numbers are 8–12 digits and never start with 0.
  if (!/^[1-9][0-9]{7,11}$/.test(national)) return null;
  return `62${national}`;
}

/** A one-click WhatsApp link with a prefilled message, or null without a usable number. */
export function whatsAppLink(phone: string | null | undefined, message: string): string | null {
  const n = normaliseIndonesianPhone(phone);
  return n ? `https://wa.me/${n}?text=${encodeURIComponent(message)}` : null;
}

// ---------------------------------------------------------------------------------------------
// The bar chart: one horizontal bar per unit, split into the statuses by their share (100 % stacked).

export interface ChartRowInput {
  key: string;
  label: string;
  counts: StatusCounts;
}

export interface ChartSegment {
  status: MonitoringStatus;
  count: number;
  x: number;
  width: number;
}

export interface ChartBar {
  key: string;
  label: string;
  total: number;
  y: number;
  segments: ChartSegment[];
}

export interface ChartGeometry {
  width: number;
  height: number;
  labelWidth: number;
  plotX: number;
  plotWidth: number;
  barHeight: number;
  top: number;
  bars: ChartBar[];
  /** Vertical grid lines at 0, 25, 50, 75 and 100 %. */
  ticks: { percent: number; x: number }[];
  legend: { status: MonitoringStatus; x: number; y: number }[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function stackedBarChart(rows: ChartRowInput[], opts: { width?: number; labelWidth?: number; barHeight?: number; gap?: number } = {}): ChartGeometry {
  const width = opts.width ?? 720;
  const labelWidth = opts.labelWidth ?? 220;
  const barHeight = opts.barHeight ?? 18;
  const gap = opts.gap ?? 8;
  const plotX = labelWidth;
  const plotWidth = width - labelWidth - 60; // room on the right for the participant count
  const top = 28; // room for the tick labels
  const bars: ChartBar[] = rows.map((r, i) => {
    const total = totalOf(r.counts);
    const y = top + i * (barHeight + gap);
    const segments: ChartSegment[] = [];
    let cumulative = 0;
    for (const status of MONITORING_STATUSES) {
      const count = r.counts[status];
      if (count <= 0 || total === 0) continue;
      // Edges from cumulative shares, so the segments always fill the bar exactly.
      const x0 = round2(plotX + (cumulative / total) * plotWidth);
      cumulative += count;
      const x1 = round2(plotX + (cumulative / total) * plotWidth);
      segments.push({ status, count, x: x0, width: round2(x1 - x0) });
    }
    return { key: r.key, label: r.label, total, y, segments };
  });
  const plotBottom = top + rows.length * (barHeight + gap);
  const legendY = plotBottom + 12;
  const legendStep = Math.floor(width / 3);
  const legend = MONITORING_STATUSES.map((status, i) => ({ status, x: (i % 3) * legendStep, y: legendY + Math.floor(i / 3) * 20 }));
  const height = legendY + 2 * 20 + 4;
  const ticks = [0, 25, 50, 75, 100].map((percent) => ({ percent, x: round2(plotX + (percent / 100) * plotWidth) }));
  return { width, height, labelWidth, plotX, plotWidth, barHeight, top, bars, ticks, legend };
}

/** Fill colours of the statuses (colour-blind-safe palette; the table carries the numbers). */
export const STATUS_COLOURS: Readonly<Record<MonitoringStatus, string>> = {
  never_signed_in: '#9e9e9e',
  in_progress: '#4e79a7',
  behind: '#e15759',
  failed: '#b07aa1',
  passed: '#59a14f',
  certified: '#1b5e20',
};
