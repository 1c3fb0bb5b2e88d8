// Bulk provisioning of participants from a CSV or XLSX file (issue 5, part 3; docs/design-agencies.md).
// A dry run checks every row (its own validity, the unit in the operator's scope, the NIP not
// registered elsewhere, the email not taken, the enrolment allowed by the cohort's programme) and
// writes nothing. The apply re-checks and writes everything in one transaction (chunked multi-row
// inserts), idempotently: rows already as in the database are not written again. New participants
// get a one-time activation code; the codes are sealed into the job's result until printed.
import { loadExcelJS } from './heavy-modules.js';
import { canAdministerUnit, type Principal } from '../domain/authorization.js';
import {
  PARTICIPANT_COLUMNS,
  maskNik,
  parseParticipantSheet,
  sortProblems,
  type ParticipantProblem,
  type ParticipantRow,
} from '../domain/participant-sheet.js';
import { zoneForRegionCode } from '../domain/regions.js';
import type { OrgUnit, UserUpdate } from '../db/schema.js';
import type { ExistingParticipant, ProvisioningWrite } from '../db/repositories/provisioning.js';
import { errors } from '../http/errors.js';
import { translate, type MessageKey, type Translator } from '../i18n/index.js';
import { audit } from './audit.js';
import { loadPrincipal } from './auth.js';
import type { Actor, AppContext } from './context.js';
import { inProgrammeScope, programmeIdsInScope } from './programme-scope.js';
import { decryptNik, encryptNik, generateActivationCode, hashActivationCode, sealSlips, type Slip } from './activation.js';
import { readKeptUpload as readKeptFile, storeFile } from './files.js';
import { assertAdministrator } from './org.js';
import { readSheetFile } from './question-import.js';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
/** Rows per progress report of the import job. */
export const IMPORT_BATCH = 500;
/** How long the codes of an import stay printable from its result page. */
export const CODES_AVAILABLE_MS = 24 * 3600_000;
export const IMPORT_MODES = ['upsert', 'update_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type AdminActor = Actor & { principal: Principal };

export interface ImportOptions {
  cohortId: number | null;
  mode: ImportMode;
}

export interface ImportTotals {
  new: number;
  updated: number;
  unchanged: number;
  enrolled: number;
  skipped: number;
}

export interface ImportReport {
  valid: boolean;
  rows: number;
  errors: ParticipantProblem[];
  /** Rows left alone on purpose (update-only mode: not registered yet). */
  skipped: ParticipantProblem[];
  totals: ImportTotals;
  /** The first valid rows as they will be stored (NIK masked), for the operator to check the columns were read right. */
  preview: { row: number; nip: string; name: string; unitCode: string; email: string | null; phone: string | null; nik: string | null }[];
}

export const PREVIEW_ROWS = 20;

export type CohortChoice = NonNullable<Awaited<ReturnType<AppContext['repos']['provisioning']['findCohort']>>>;

interface Plan {
  report: ImportReport;
  write: ProvisioningWrite;
  cohort: CohortChoice | null;
  /** For each new account (by login): the row's unit, for the slips. */
  newRows: Map<string, { row: ParticipantRow; unit: OrgUnit }>;
}

const problemKey = (p: ParticipantProblem): MessageKey => (p.code.startsWith('nip.') ? (`nip.invalid.${p.code.slice(4)}` as MessageKey) : (`provision.problem.${p.code}` as MessageKey));

/** The report with each problem's message in the caller's language (the API and page shape). */
export function translateReport(report: ImportReport, t: Translator) {
  const out = (p: ParticipantProblem) => ({ row: p.row, field: p.field, code: p.code, message: t(problemKey(p), p.params) });
  return { valid: report.valid, rows: report.rows, errors: report.errors.map(out), skipped: report.skipped.map(out), totals: report.totals, preview: report.preview };
}
export type TranslatedReport = ReturnType<typeof translateReport>;

/** The cohort to enrol into; one unknown, archived or of a programme outside the caller's programme scope is refused alike. */
export async function loadCohort(ctx: AppContext, principal: Principal, cohortId: number | null): Promise<CohortChoice | null> {
  if (cohortId === null) return null;
  const cohort = await ctx.repos.provisioning.findCohort(cohortId);
  if (!cohort || cohort.programme_status === 'archived' || !(await inProgrammeScope(ctx, principal, cohort.programme_id, { facilitation: false }))) {
    throw errors.validation({ cohortId: [{ key: 'provision.cohort.unknown' }] });
  }
  return cohort;
}

/** The cohorts offered for an import: those of programmes in the caller's programme scope. */
export const listCohortChoices = async (ctx: AppContext, principal: Principal) =>
  ctx.repos.provisioning.listCohorts(await programmeIdsInScope(ctx, principal, { facilitation: false }));

const emptyTotals = (): ImportTotals => ({ new: 0, updated: 0, unchanged: 0, enrolled: 0, skipped: 0 });

/** Compares the file with the database: every problem, the totals, and what an apply would write. */
export async function planImport(ctx: AppContext, principal: Principal, data: Buffer, opts: ImportOptions, onBatch?: (done: number, total: number) => Promise<void>): Promise<Plan> {
  const write: ProvisioningWrite = { creates: [], updates: [], enrols: [], ndh: [] };
  const cohort = await loadCohort(ctx, principal, opts.cohortId);
  const plan: Plan = { report: { valid: false, rows: 0, errors: [], skipped: [], totals: emptyTotals(), preview: [] }, write, cohort, newRows: new Map() };
  const read = await readSheetFile(data);
  if ('problem' in read) {
    plan.report.errors = [{ row: 1, field: 'file', code: read.problem.code === 'file_empty' ? 'file_empty' : 'file_unreadable' }];
    return plan;
  }
  const sheet = parseParticipantSheet(read.rows, { referenceYear: ctx.clock().getUTCFullYear(), maxRows: MAX_IMPORT_ROWS });
  const problems: ParticipantProblem[] = [...sheet.problems];
  const skipped: ParticipantProblem[] = [];
  const totals = emptyTotals();
  const rows = sheet.valid;

  // Units: the first unit with the code inside the operator's scope; any other is "unknown".
  const unitsByCode = new Map<string, OrgUnit>();
  for (const u of await ctx.repos.provisioning.unitsByCodes(rows.map((r) => r.unitCode))) {
    if (!unitsByCode.has(u.code) && canAdministerUnit(principal, u.path)) unitsByCode.set(u.code, u);
  }
  const nips = rows.map((r) => r.nip);
  const existing = await ctx.repos.provisioning.usersByNips(nips);
  const byNip = new Map<string, ExistingParticipant>();
  const byLogin = new Map<string, ExistingParticipant>();
  for (const u of existing) {
    if (u.nip) byNip.set(u.nip, u);
    byLogin.set(u.login, u);
  }
  const history = new Map((await ctx.repos.provisioning.historicNips(nips)).map((h) => [h.nip, h.user_id]));
  const emailOwner = new Map((await ctx.repos.provisioning.usersByEmails(rows.flatMap((r) => (r.email ? [r.email] : [])))).map((u) => [u.email, u.id]));
  const matched = rows.map((r) => byNip.get(r.nip) ?? byLogin.get(r.nip));
  const enrolments = cohort ? await ctx.repos.provisioning.enrolmentsInProgramme(matched.flatMap((u) => (u ? [u.id] : [])), cohort.programme_id) : [];
  const enrolmentsByUser = new Map<number, typeof enrolments>();
  for (const e of enrolments) enrolmentsByUser.set(e.user_id, [...(enrolmentsByUser.get(e.user_id) ?? []), e]);

  const now = ctx.clock().toISOString();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (onBatch && i > 0 && i % IMPORT_BATCH === 0) await onBatch(i, rows.length);
    const rowProblems: ParticipantProblem[] = [];
    const fail = (field: ParticipantProblem['field'], code: ParticipantProblem['code'], params?: Record<string, string | number>) => rowProblems.push({ row: r.row, field, code, ...(params ? { params } : {}) });
    const unit = unitsByCode.get(r.unitCode);
    if (!unit) fail('kode_unit', 'unit_unknown');
    const user = matched[i];
    let mine = false;
    if (user) {
      // Found by login only while holding another NIP, or outside the scope: registered elsewhere (never saying where).
      if ((user.nip !== null && user.nip !== r.nip) || !canAdministerUnit(principal, user.unit_path)) fail('nip', 'nip_registered_elsewhere');
      else mine = true;
    } else if (history.has(r.nip)) fail('nip', 'nip_registered_elsewhere');
    if (r.email) {
      const owner = emailOwner.get(r.email);
      if (owner !== undefined && owner !== user?.id) fail('email', 'email_taken');
    }
    if (cohort) {
      if (r.gelombang !== null && cohort.gelombang !== null && r.gelombang !== cohort.gelombang) fail('gelombang', 'cohort_mismatch', { expected: cohort.gelombang });
      if (r.angkatan !== null && cohort.angkatan !== null && r.angkatan !== cohort.angkatan) fail('angkatan', 'cohort_mismatch', { expected: cohort.angkatan });
    }
    let enrolment: { id: number; ndh: number | null } | null = null;
    if (cohort && user && mine) {
      for (const e of enrolmentsByUser.get(user.id) ?? []) {
        if (e.cohort_id === cohort.id) enrolment = e;
        else if (e.override_reason === null) fail('nip', 'enrolled_in_programme');
      }
    }
    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    const zone = zoneForRegionCode(unit!.region_code ?? '') ?? 'WIB';
    if (!user) {
      if (opts.mode === 'update_only') {
        skipped.push({ row: r.row, field: 'nip', code: 'not_registered' });
        totals.skipped++;
        continue;
      }
      totals.new++;
      if (cohort) totals.enrolled++;
      write.creates.push({
        user: {
          login: r.nip,
          nip: r.nip,
          name: r.name,
          email: r.email,
          phone: r.phone,
          employment_type: r.employmentType,
          position: r.position,
          unit_id: unit!.id,
          password_hash: null,
          must_change_password: 1,
          locale: null,
          status: 'active',
          created_at: now,
          updated_at: now,
          password_changed_at: null,
          last_login_at: null,
          nik_encrypted: r.nik ? encryptNik(ctx, r.nik) : null,
          activation_code_hash: null,
          activation_code_issued_at: null,
        },
        ndh: r.ndh,
        zone,
      });
      plan.newRows.set(r.nip, { row: r, unit: unit! });
      continue;
    }
    // An existing participant in the scope: update what the file says differently (empty optional cells keep the stored value).
    const patch: UserUpdate = {};
    if (r.name !== user.name) patch.name = r.name;
    if (r.email && r.email !== user.email) patch.email = r.email;
    if (r.phone && r.phone !== user.phone) patch.phone = r.phone;
    if (r.position && r.position !== user.position) patch.position = r.position;
    if (r.employmentType !== user.employment_type) patch.employment_type = r.employmentType;
    if (unit!.id !== user.unit_id) patch.unit_id = unit!.id;
    if (r.nik && decryptNik(ctx, user.nik_encrypted) !== r.nik) patch.nik_encrypted = encryptNik(ctx, r.nik);
    if (user.nip === null) patch.nip = r.nip;
    if (Object.keys(patch).length) {
      write.updates.push({ id: user.id, patch: { ...patch, updated_at: now } });
      totals.updated++;
    } else totals.unchanged++;
    if (cohort) {
      if (!enrolment) {
        write.enrols.push({ userId: user.id, ndh: r.ndh, zone });
        totals.enrolled++;
      } else if (r.ndh !== null && r.ndh !== enrolment.ndh) write.ndh.push({ enrolmentId: enrolment.id, ndh: r.ndh });
    }
  }
  const sorted = sortProblems(problems);
  const preview = rows.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.row, nip: r.nip, name: r.name, unitCode: r.unitCode, email: r.email, phone: r.phone, nik: r.nik ? maskNik(r.nik) : null }));
  plan.report = { valid: sorted.length === 0, rows: sheet.rows, errors: sorted, skipped, totals, preview };
  return plan;
}

/** The API and the page: the dry run of an uploaded file (nothing is written). */
export async function dryRunImport(ctx: AppContext, actor: AdminActor, data: Buffer, opts: ImportOptions): Promise<ImportReport> {
  assertAdministrator(actor.principal);
  return (await planImport(ctx, actor.principal, data, opts)).report;
}

export interface ImportOutcome {
  applied: boolean;
  report: ImportReport;
  /** The new participants' codes (plain, shown once). */
  slips: Slip[];
}

export interface RunHooks {
  progress?: (current: number, total: number, message: string) => Promise<void>;
  /** Tests: runs inside the transaction after every write, before the commit. */
  beforeCommit?: () => Promise<void>;
}

/** Plans again and, when every row is valid, writes all of it in one transaction; issues the codes of new participants. */
export async function runImport(ctx: AppContext, actor: AdminActor, data: Buffer, opts: ImportOptions, hooks: RunHooks = {}): Promise<ImportOutcome> {
  assertAdministrator(actor.principal);
  const t = (k: MessageKey, p?: Record<string, string | number>) => translate('id', k, p);
  const plan = await planImport(ctx, actor.principal, data, opts, hooks.progress ? (done, total) => hooks.progress!(done, total * 2, t('provision.job.batch', { current: done, total })) : undefined);
  const { report, write } = plan;
  if (!report.valid) return { applied: false, report, slips: [] };
  const slips: Slip[] = [];
  const now = ctx.clock().toISOString();
  for (const c of write.creates) {
    const code = generateActivationCode();
    c.user.activation_code_hash = hashActivationCode(ctx.config.activationKey, code);
    c.user.activation_code_issued_at = now;
    const { row, unit } = plan.newRows.get(c.user.login)!;
    slips.push({ userId: 0, name: row.name, nip: row.nip, unitCode: unit.code, unitName: unit.name, code });
  }
  const rowsTotal = report.rows;
  const writing = write.creates.length + write.updates.length;
  await hooks.progress?.(rowsTotal, rowsTotal * 2, t('provision.job.writing', { total: writing }));
  let created: { id: number; login: string }[] = [];
  if (writing || write.enrols.length || write.ndh.length) {
    try {
      ({ created } = await ctx.repos.provisioning.applyImport(write, {
        now,
        cohortId: plan.cohort?.id ?? null,
        programmeId: plan.cohort?.programme_id ?? null,
        // Progress is written on another connection: PostgreSQL only (SQLite has one, held by the transaction).
        onChunk: hooks.progress && ctx.db.kind === 'postgres' ? (done) => hooks.progress!(rowsTotal + Math.round((done / Math.max(1, writing)) * rowsTotal), rowsTotal * 2, t('provision.job.writing', { total: writing })) : undefined,
        beforeCommit: hooks.beforeCommit,
      }));
    } catch (err) {
      // Someone registered one of these people (or emails) at the same moment: nothing was written.
      if (/unique|duplicate key/i.test(String((err as Error)?.message ?? ''))) throw errors.conflict('conflict', 'provision.changed');
      throw err;
    }
  }
  const ids = new Map(created.map((c) => [c.login, c.id]));
  for (const s of slips) s.userId = ids.get(s.nip) ?? 0;
  await audit(ctx, actor, 'participants.imported', { type: 'cohort', id: plan.cohort?.id ?? 0 }, { mode: opts.mode, ...report.totals });
  return { applied: true, report, slips };
}

// ---------------------------------------------------------------- the job flow

export const PARTICIPANTS_IMPORT = 'participants.import';

export interface ImportJobPayload {
  fileId: number;
  sha256: string;
  cohortId: number | null;
  mode: ImportMode;
}

export interface ImportJobResult {
  applied: boolean;
  rows: number;
  totals: ImportTotals;
  /** The first problems when not applied (the data changed since the dry run). */
  errors: ParticipantProblem[];
  codes: number;
  /** The new participants' codes, encrypted; printable until codesUntil. */
  sealedSlips: string | null;
  codesUntil: string | null;
}

/** Keeps an upload in the file store (only its uploader may apply it). */
export async function keepUpload(ctx: AppContext, actor: AdminActor, upload: { filename: string; data: Buffer }) {
  const isZip = upload.data.length >= 4 && upload.data[0] === 0x50 && upload.data[1] === 0x4b;
  const stored = await storeFile(ctx, upload.data, { originalName: upload.filename || 'peserta.csv', mime: isZip ? XLSX_MIME : 'text/csv', createdBy: actor.userId, maxBytes: MAX_IMPORT_BYTES });
  return { id: stored.id, sha256: stored.sha256, name: stored.original_name };
}

/** Reads a kept upload by id + SHA-256; a changed file is refused (409), another's upload is not found. */
export async function readKeptUpload(ctx: AppContext, userId: number | null, ref: { fileId: number; sha256: string }): Promise<Buffer> {
  return (await readKeptFile(ctx, userId, ref, 'provision.changed')).data;
}

/** Enqueues the apply of a kept upload as a `participants.import` job; returns its id. */
export async function enqueueImport(ctx: AppContext, actor: AdminActor, payload: ImportJobPayload): Promise<number> {
  assertAdministrator(actor.principal);
  await readKeptUpload(ctx, actor.userId, payload);
  await loadCohort(ctx, actor.principal, payload.cohortId);
  const { id } = await ctx.jobs.enqueue(PARTICIPANTS_IMPORT, payload, { createdBy: actor.userId, maxAttempts: 3 });
  await audit(ctx, actor, 'participants.import_queued', { type: 'job', id }, { fileId: payload.fileId, cohortId: payload.cohortId, mode: payload.mode });
  return id;
}

/** The job's work: the apply as the user who queued it (scope as of now), its codes sealed into the result. */
export async function runImportJob(ctx: AppContext, payload: ImportJobPayload, createdBy: number | null, progress: RunHooks['progress']): Promise<ImportJobResult> {
  if (createdBy === null) throw new Error('participants.import: the job has no creator');
  const principal = await loadPrincipal(ctx, createdBy);
  const data = await readKeptUpload(ctx, createdBy, payload);
  const outcome = await runImport(ctx, { userId: createdBy, ip: 'job', principal }, data, { cohortId: payload.cohortId, mode: payload.mode }, { progress });
  return {
    applied: outcome.applied,
    rows: outcome.report.rows,
    totals: outcome.report.totals,
    errors: outcome.report.errors.slice(0, 1000),
    codes: outcome.slips.length,
    sealedSlips: outcome.slips.length ? sealSlips(ctx, outcome.slips) : null,
    codesUntil: outcome.slips.length ? new Date(ctx.clock().getTime() + CODES_AVAILABLE_MS).toISOString() : null,
  };
}

// ---------------------------------------------------------------- template

const HELP_KEYS = Array.from({ length: 11 }, (_, i) => `provision.template.help${i + 1}` as MessageKey);

/** The XLSX template: the header, two example rows (NIP and NIK columns formatted as text) and an instructions sheet in Indonesian. */
export async function participantTemplate(): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lentera';
  const sheet = wb.addWorksheet('Peserta');
  sheet.columns = PARTICIPANT_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'nama' || c === 'jabatan' || c === 'email' ? 30 : c === 'nip' || c === 'nik' ? 22 : 14, style: c === 'nip' || c === 'nik' || c === 'telepon' || c === 'kode_unit' ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow({ nip: '199001012024211001', nama: 'Yohanes Nggadas, S.H.', email: 'yohanes@contoh.go.id', telepon: '081234567890', kode_unit: '5371', jabatan: 'Penata Kelola Pemilu', jenis_kepegawaian: 'PPPK', nik: '5371010101900001', gelombang: 1, angkatan: 5, ndh: 1 });
  sheet.addRow({ nip: '199512302024212002', nama: 'Maria Goreti Bunga', email: '', telepon: '+6285239000111', kode_unit: '5310', jabatan: 'Pengelola Layanan Operasional', jenis_kepegawaian: 'PPPK', nik: '', gelombang: 1, angkatan: 5, ndh: 2 });
  const help = wb.addWorksheet('Petunjuk');
  help.getColumn(1).width = 110;
  HELP_KEYS.forEach((k, i) => {
    const row = help.addRow([translate('id', k)]);
    row.alignment = { wrapText: true };
    if (i === 0) row.font = { bold: true, size: 13 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
