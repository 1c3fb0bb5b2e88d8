// Evaluation reports (issue 4): results per quiz and cohort, item analysis (facility and
// discrimination per question), pre-test vs post-test gain per unit, for the pages, the API and the
// exports. Scoped like the Jurnal review: platform admins see everything, agency admins and unit
// operators their unit subtrees, facilitators their cohorts; participants are refused (403) and a
// cohort or unit outside the caller's scope is not found (404).
import type { OrgUnit } from '../db/schema.js';
import type { ParticipantStatus, PopulationFilter, ReportQuiz, ReportScope, ResultRow, ResultSort, ResultSummary } from '../db/repositories/quiz-reports.js';
import { quizConfig, QUIZ_PURPOSES } from '../activities/quiz/config.js';
import type { Principal } from '../domain/authorization.js';
import { itemAnalysis, prePostGain, type GradingPolicy, type QuizPurpose } from '../domain/quiz.js';
import { errors } from '../http/errors.js';
import type { AppContext } from './context.js';
import { assertProgrammeInScope } from './programme-scope.js';
import { assertReviewer, reviewScope } from './submissions.js';

export type { ParticipantStatus, ResultSort } from '../db/repositories/quiz-reports.js';
export { RESULT_SORTS } from '../db/repositories/quiz-reports.js';
export const STATUS_FILTERS = ['passed', 'failed', 'not_attempted', 'attempted'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Item analysis thresholds: a question is flagged outside these. */
export const FACILITY_LOW = 0.2;
export const FACILITY_HIGH = 0.9;
export const DISCRIMINATION_LOW = 0.2;

export interface QuizInfo {
  id: number;
  title: string;
  programmeId: number;
  purpose: QuizPurpose;
  grading: GradingPolicy;
  passMark: number;
}

export interface UnitOption {
  id: number;
  code: string;
  name: string;
  /** Depth below the shallowest unit offered (for indenting the select). */
  level: number;
}

export interface ReportFilters {
  cohortId?: number;
  unitId?: number;
}

interface Resolved {
  scope: ReportScope;
  population: PopulationFilter;
  cohort: { id: number; title: string } | null;
  unit: OrgUnit | null;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Purpose, grading and pass mark of a quiz activity (a config that no longer validates falls back field by field). */
export function quizInfoOf(row: { id: number; title: string; programme_id: number; config: string }): QuizInfo {
  const raw = parseJson(row.config);
  const parsed = quizConfig.safeParse(raw);
  if (parsed.success) return { id: row.id, title: row.title, programmeId: row.programme_id, purpose: parsed.data.purpose, grading: parsed.data.grading, passMark: parsed.data.passMark };
  const purpose = (QUIZ_PURPOSES as readonly string[]).includes(String(raw.purpose)) ? (raw.purpose as QuizPurpose) : 'post_test';
  const grading = raw.grading === 'last' ? 'last' : 'highest';
  const passMark = typeof raw.passMark === 'number' && raw.passMark >= 0 && raw.passMark <= 100 ? raw.passMark : 70;
  return { id: row.id, title: row.title, programmeId: row.programme_id, purpose, grading, passMark };
}

const reportQuiz = (q: QuizInfo): ReportQuiz => ({ activityId: q.id, grading: q.grading, completionIsPass: q.purpose === 'final' });

const segments = (path: string): number[] => path.split('/').filter(Boolean).map(Number);
const pathOf = (segs: number[]): string => `/${segs.join('/')}/`;
const comparePaths = (a: string, b: string): number => {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

// ---------------------------------------------------------------------------------------------
// Access and filters.

/**
 * The programme, for a reviewer who may see it: 403 for those who review nothing, 404 when missing or
 * outside the caller's programme scope (see `programmeScope`: organised in its agency or with its
 * participants for agency admins and operators, one of their cohorts for facilitators).
 */
async function programmeFor(ctx: AppContext, principal: Principal, programmeId: number) {
  assertReviewer(principal);
  const programme = await ctx.repos.quizReports.programme(programmeId);
  if (!programme) throw errors.notFound();
  await assertProgrammeInScope(ctx, principal, programmeId);
  return programme;
}

async function quizFor(ctx: AppContext, principal: Principal, activityId: number) {
  assertReviewer(principal);
  const row = await ctx.repos.quizReports.quiz(activityId);
  if (!row) throw errors.notFound();
  const programme = await programmeFor(ctx, principal, row.programme_id);
  return { quiz: quizInfoOf(row), programme };
}

/** Cohorts of the programme the caller may filter by (facilitators: their own). */
async function visibleCohorts(ctx: AppContext, scope: ReportScope, programmeId: number) {
  const all = await ctx.repos.quizReports.cohortsOf(programmeId);
  if (scope === 'all' || scope.unitPaths.length > 0) return all;
  return all.filter((c) => scope.cohortIds.includes(c.id));
}

/**
 * The units offered as a filter: every unit of a participant in scope and the units above it
 * (within the caller's subtrees for agency admins and operators), in tree order.
 */
async function unitOptions(ctx: AppContext, scope: ReportScope, programmeId: number, cohortId: number | undefined): Promise<UnitOption[]> {
  const units = await ctx.repos.quizReports.populationUnits({ programmeId, scope, cohortId });
  const ids = new Set<number>();
  for (const u of units) {
    const segs = segments(u.path);
    for (let i = 0; i < segs.length; i++) {
      const ancestor = pathOf(segs.slice(0, i + 1));
      const visible = scope === 'all' || scope.cohortIds.length > 0 || scope.unitPaths.some((root) => ancestor.startsWith(root));
      if (visible) ids.add(segs[i]!);
    }
  }
  const rows = (await ctx.repos.units.findManyByIds([...ids])).sort((a, b) => comparePaths(a.path, b.path));
  const minDepth = rows.reduce((m, u) => Math.min(m, segments(u.path).length), Number.POSITIVE_INFINITY);
  return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, level: segments(u.path).length - minDepth }));
}

async function resolve(ctx: AppContext, principal: Principal, programmeId: number, f: ReportFilters): Promise<Resolved> {
  const scope = reviewScope(principal);
  let cohort: Resolved['cohort'] = null;
  if (f.cohortId !== undefined) {
    cohort = (await visibleCohorts(ctx, scope, programmeId)).find((c) => c.id === f.cohortId) ?? null;
    if (!cohort) throw errors.notFound();
  }
  let unit: OrgUnit | null = null;
  if (f.unitId !== undefined) {
    unit = (await ctx.repos.units.findById(f.unitId)) ?? null;
    if (!unit) throw errors.notFound();
    const path = unit.path;
    if (scope !== 'all' && !scope.unitPaths.some((root) => path.startsWith(root))) {
      // Facilitators: a unit of (or above) their own participants.
      const offered = scope.cohortIds.length > 0 ? await unitOptions(ctx, scope, programmeId, f.cohortId) : [];
      if (!offered.some((o) => o.id === unit!.id)) throw errors.notFound();
    }
  }
  return { scope, cohort, unit, population: { programmeId, scope, cohortId: cohort?.id, unitPath: unit?.path } };
}

/** What the filter form of every report page needs. */
export async function filterChoices(ctx: AppContext, principal: Principal, programmeId: number, cohortId?: number) {
  const scope = reviewScope(principal);
  const [cohorts, units] = await Promise.all([visibleCohorts(ctx, scope, programmeId), unitOptions(ctx, scope, programmeId, cohortId)]);
  return { cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })), units };
}

// ---------------------------------------------------------------------------------------------
// Programme overview: the quizzes with counts per cohort.

export interface CohortCounts {
  cohortId: number;
  cohortTitle: string;
  participants: number;
  attempted: number;
  passed: number;
  meanPercent: number | null;
}

export interface EvaluationOverview {
  programme: { id: number; code: string; title: string };
  quizzes: (QuizInfo & { stage: string; cohorts: CohortCounts[] })[];
}

export async function evaluationOverview(ctx: AppContext, principal: Principal, programmeId: number, f: ReportFilters = {}): Promise<EvaluationOverview> {
  const programme = await programmeFor(ctx, principal, programmeId);
  const r = await resolve(ctx, principal, programmeId, f);
  const rows = await ctx.repos.quizReports.quizzesOf(programmeId);
  const quizzes = rows.map((row) => ({ ...quizInfoOf(row), stage: row.stage_title }));
  const [counts, cohorts] = await Promise.all([ctx.repos.quizReports.overview(r.population, quizzes.map(reportQuiz)), visibleCohorts(ctx, r.scope, programmeId)]);
  const titles = new Map(cohorts.map((c) => [c.id, c.title]));
  return {
    programme,
    quizzes: quizzes.map((q) => ({
      ...q,
      cohorts: counts
        .filter((c) => c.activity_id === q.id)
        .sort((a, b) => a.cohort_id - b.cohort_id)
        .map((c) => ({ cohortId: c.cohort_id, cohortTitle: titles.get(c.cohort_id) ?? String(c.cohort_id), participants: c.participants, attempted: c.attempted, passed: c.passed, meanPercent: c.mean })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Results of one quiz.

export interface ResultItem {
  enrolmentId: number;
  userId: number;
  name: string;
  nip: string | null;
  unit: string | null;
  unitCode: string | null;
  cohortId: number;
  cohortTitle: string;
  attempts: number;
  gradePercent: number | null;
  passed: boolean;
  status: ParticipantStatus;
  /** Final evaluation passed through its remedial (no passing attempt of its own). */
  passedByRemedial: boolean;
  inProgress: boolean;
  lastAttemptAt: string | null;
}

export interface ResultsQuery extends ReportFilters {
  status?: StatusFilter;
  sort?: ResultSort;
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface QuizResults {
  quiz: QuizInfo;
  programme: { id: number; code: string; title: string };
  cohort: { id: number; title: string } | null;
  unit: { id: number; code: string; name: string } | null;
  summary: ResultSummary;
  items: ResultItem[];
  nextCursor: number | null;
}

const toItem = (r: ResultRow): ResultItem => ({
  enrolmentId: r.enrolment_id,
  userId: r.user_id,
  name: r.name,
  nip: r.nip,
  unit: r.unit_name,
  unitCode: r.unit_code,
  cohortId: r.cohort_id,
  cohortTitle: r.cohort_title,
  attempts: r.attempts,
  gradePercent: r.grade === null ? null : Math.round(r.grade * 100) / 100,
  passed: r.passed === 1,
  status: r.passed === 1 ? 'passed' : r.attempts > 0 ? 'failed' : 'not_attempted',
  passedByRemedial: r.by_completion === 1,
  inProgress: r.in_progress === 1,
  lastAttemptAt: r.last_at,
});

/** Summary and one page of the participants' table (limit undefined = every row, for exports). */
export async function quizResults(ctx: AppContext, principal: Principal, activityId: number, q: ResultsQuery): Promise<QuizResults> {
  const { quiz, programme } = await quizFor(ctx, principal, activityId);
  const r = await resolve(ctx, principal, quiz.programmeId, q);
  const rq = reportQuiz(quiz);
  const offset = q.offset ?? 0;
  const [summary, rows] = await Promise.all([
    ctx.repos.quizReports.resultSummary(r.population, rq, q.status),
    ctx.repos.quizReports.resultPage(r.population, rq, { status: q.status, sort: q.sort ?? 'name', dir: q.dir ?? 'asc', offset, limit: q.limit === undefined ? undefined : q.limit + 1 }),
  ]);
  const more = q.limit !== undefined && rows.length > q.limit;
  const items = (more ? rows.slice(0, q.limit) : rows).map(toItem);
  return {
    quiz,
    programme,
    cohort: r.cohort,
    unit: r.unit ? { id: r.unit.id, code: r.unit.code, name: r.unit.name } : null,
    summary,
    items,
    nextCursor: more ? offset + items.length : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Item analysis.

export type ItemFlag = 'too_hard' | 'too_easy' | 'low_discrimination';

export interface ItemRow {
  questionId: number;
  code: string;
  excerpt: string;
  category: string;
  type: string;
  n: number;
  facility: number | null;
  discrimination: number | null;
  flags: ItemFlag[];
}

export interface ItemAnalysisReport {
  quiz: QuizInfo;
  programme: { id: number; code: string; title: string };
  cohort: { id: number; title: string } | null;
  unit: { id: number; code: string; name: string } | null;
  /** Finished attempts analysed. */
  attempts: number;
  items: ItemRow[];
}

/** Markdown reduced to a short line of plain text. */
export function excerpt(markdown: string, max = 120): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_#>~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

export function itemFlags(facility: number | null, discrimination: number | null): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (facility !== null && facility < FACILITY_LOW) flags.push('too_hard');
  if (facility !== null && facility > FACILITY_HIGH) flags.push('too_easy');
  if (discrimination !== null && discrimination < DISCRIMINATION_LOW) flags.push('low_discrimination');
  return flags;
}

export async function itemAnalysisReport(ctx: AppContext, principal: Principal, activityId: number, f: ReportFilters): Promise<ItemAnalysisReport> {
  const { quiz, programme } = await quizFor(ctx, principal, activityId);
  const r = await resolve(ctx, principal, quiz.programmeId, f);
  const rows = await ctx.repos.quizReports.itemRows(r.population, quiz.id);
  const byQuestion = new Map<number, { attemptPercent: number; fraction: number }[]>();
  for (const row of rows) {
    let list = byQuestion.get(row.question_id);
    if (!list) byQuestion.set(row.question_id, (list = []));
    list.push({ attemptPercent: row.attempt_percent, fraction: row.fraction });
  }
  const meta = new Map((await ctx.repos.quizReports.questionsMeta([...byQuestion.keys()])).map((m) => [m.id, m]));
  const attempts = new Set(rows.map((row) => row.attempt_id)).size;
  const items: ItemRow[] = [...byQuestion.entries()].map(([questionId, list]) => {
    const stats = itemAnalysis(list);
    const m = meta.get(questionId);
    return {
      questionId,
      code: m?.code ?? String(questionId),
      excerpt: excerpt(m?.text ?? ''),
      category: m?.category ?? '',
      type: m?.type ?? '',
      n: stats.n,
      facility: stats.facility,
      discrimination: stats.discrimination,
      flags: itemFlags(stats.facility, stats.discrimination),
    };
  });
  items.sort((a, b) => a.category.localeCompare(b.category) || a.code.localeCompare(b.code) || a.questionId - b.questionId);
  return { quiz, programme, cohort: r.cohort, unit: r.unit ? { id: r.unit.id, code: r.unit.code, name: r.unit.name } : null, attempts, items };
}

// ---------------------------------------------------------------------------------------------
// Pre-test vs post-test gain per unit.

export interface GainGroup {
  /** null: participants without a unit. */
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  /** The participants sit in the anchor unit itself (not below it). */
  direct: boolean;
  /** Whether the group's unit has groups below it (a drill-down link). */
  drillable: boolean;
  n: number;
  pre: number | null;
  post: number | null;
  gain: number | null;
}

export interface GainReport {
  programme: { id: number; code: string; title: string };
  cohort: { id: number; title: string } | null;
  unit: { id: number; code: string; name: string } | null;
  pre: { id: number; title: string } | null;
  post: { id: number; title: string; purpose: QuizPurpose } | null;
  /** The unit the groups are one level below. */
  anchor: { id: number; code: string; name: string } | null;
  groups: GainGroup[];
  total: { n: number; pre: number | null; post: number | null; gain: number | null };
}

/**
 * Pre = the programme's (first) pre-test; post = its (first) post-test, else its (first) final
 * evaluation; each the participant's grade under that quiz's grading policy, only participants who
 * have both. Grouped one level below an anchor unit: the unit filter when given, else the deepest
 * unit common to every counted participant (an operator of a province sees its regencies, a platform
 * admin the provinces); participants of the anchor itself form their own group.
 */
export async function gainReport(ctx: AppContext, principal: Principal, programmeId: number, f: ReportFilters): Promise<GainReport> {
  const programme = await programmeFor(ctx, principal, programmeId);
  const r = await resolve(ctx, principal, programmeId, f);
  const quizzes = (await ctx.repos.quizReports.quizzesOf(programmeId)).map(quizInfoOf);
  const pre = quizzes.find((q) => q.purpose === 'pre_test') ?? null;
  const post = quizzes.find((q) => q.purpose === 'post_test') ?? quizzes.find((q) => q.purpose === 'final') ?? null;
  const base = {
    programme,
    cohort: r.cohort,
    unit: r.unit ? { id: r.unit.id, code: r.unit.code, name: r.unit.name } : null,
    pre: pre ? { id: pre.id, title: pre.title } : null,
    post: post ? { id: post.id, title: post.title, purpose: post.purpose } : null,
  };
  if (!pre || !post) return { ...base, anchor: null, groups: [], total: prePostGain([]) };
  const [pres, posts] = await Promise.all([ctx.repos.quizReports.grades(r.population, { activityId: pre.id, grading: pre.grading }), ctx.repos.quizReports.grades(r.population, { activityId: post.id, grading: post.grading })]);
  const preOf = new Map(pres.map((p) => [p.enrolment_id, p.grade]));
  const pairs = posts.filter((p) => preOf.has(p.enrolment_id)).map((p) => ({ path: p.unit_path, pre: preOf.get(p.enrolment_id)!, post: p.grade }));

  // The anchor: the filtered unit, else the longest path prefix every counted participant shares.
  let anchorSegs: number[];
  if (r.unit) anchorSegs = segments(r.unit.path);
  else {
    const paths = pairs.filter((p) => p.path).map((p) => segments(p.path!));
    anchorSegs = paths[0] ?? [];
    for (const s of paths) {
      let i = 0;
      while (i < anchorSegs.length && i < s.length && anchorSegs[i] === s[i]) i++;
      anchorSegs = anchorSegs.slice(0, i);
    }
  }
  const anchorId = anchorSegs.length ? anchorSegs[anchorSegs.length - 1]! : null;
  const groups = new Map<string, { unitId: number | null; direct: boolean; pairs: { pre: number; post: number }[]; deeper: boolean }>();
  for (const p of pairs) {
    const segs = p.path ? segments(p.path) : null;
    const unitId = segs ? (segs.length > anchorSegs.length ? segs[anchorSegs.length]! : (segs[segs.length - 1] ?? null)) : null;
    const direct = segs !== null && segs.length <= anchorSegs.length;
    const key = unitId === null ? 'none' : `${unitId}${direct ? ':direct' : ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { unitId, direct, pairs: [], deeper: false }));
    g.pairs.push({ pre: p.pre, post: p.post });
    if (segs && segs.length > anchorSegs.length + 1) g.deeper = true;
  }
  const ids = [...new Set([...groups.values()].map((g) => g.unitId).filter((id): id is number => id !== null).concat(anchorId !== null ? [anchorId] : []))];
  const units = new Map((await ctx.repos.units.findManyByIds(ids)).map((u) => [u.id, u]));
  const list: (GainGroup & { path: string })[] = [...groups.values()].map((g) => {
    const u = g.unitId !== null ? units.get(g.unitId) : undefined;
    return { unitId: g.unitId, unitCode: u?.code ?? null, unitName: u?.name ?? null, direct: g.direct, drillable: g.deeper, ...prePostGain(g.pairs), path: u?.path ?? '' };
  });
  // Tree order; the anchor's own participants first, those without a unit last.
  list.sort((a, b) => (a.unitId === null ? 1 : 0) - (b.unitId === null ? 1 : 0) || (b.direct ? 1 : 0) - (a.direct ? 1 : 0) || comparePaths(a.path, b.path));
  const anchorUnit = anchorId !== null ? units.get(anchorId) : undefined;
  return {
    ...base,
    anchor: anchorUnit ? { id: anchorUnit.id, code: anchorUnit.code, name: anchorUnit.name } : null,
    groups: list.map(({ path: _path, ...g }) => g),
    total: prePostGain(pairs),
  };
}
