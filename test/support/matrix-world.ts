// The world of the authorisation matrix (test/authorization-matrix.test.ts): the demo organisation and
// programme plus, around KPU Provinsi NTT (the unit operator's scope), one object of every kind
// INSIDE that scope (NTT), OUTSIDE it but inside the agency (KPU Provinsi Jawa Timur), and in a
// FOREIGN agency (BKN), with the accounts of every role.
//
//   inside  = NTT participant / cohort A (the facilitator's) / the KPU programme
//   outside = Jawa Timur participant / cohort B (no facilitator of ours) — same agency
//   foreign = a participant, programme and cohort of another agency (BKN)
//
// Sessions are opened through the service (no password hashing per sign-in), so the matrix can open a
// fresh one whenever a route ends sessions.
import { Readable } from 'node:stream';
import { loadDemo, DEMO } from '../../src/services/demo.js';
import { hashPassword, hmac, sha256 } from '../../src/services/crypto.js';
import { openSession, loadPrincipal } from '../../src/services/auth.js';
import { createApiToken } from '../../src/services/api-tokens.js';
import { storeFile } from '../../src/services/files.js';
import { startAttempt } from '../../src/services/quiz-attempts.js';
import { requestCorrection } from '../../src/services/profile.js';
import { sealSlips } from '../../src/services/activation.js';
import { PARTICIPANTS_IMPORT } from '../../src/services/provisioning.js';
import { formatEmployeeNumber } from '../../src/domain/nip.js';
import type { Role as DbRole } from '../../src/db/schema.js';
import { createQuizProgramme } from './quiz.js';
import { DEMO_PASSWORD, type TestPlatform } from './platform.js';

/** The roles of the matrix. `participant` lives in NTT (KPU Kota Kupang), `otherParticipant` in Jawa Timur. */
export const ROLES = ['admin', 'agencyAdmin', 'operator', 'facilitator', 'participant', 'otherParticipant', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, 'anonymous'>;
export type Scope = 'inside' | 'outside' | 'foreign';

export interface Person {
  id: number;
  login: string;
  name: string;
  nip: string | null;
  email: string;
}

export interface MatrixWorld {
  p: TestPlatform;
  people: Record<SignedInRole | 'foreignParticipant' | 'targetInside' | 'targetOutside' | 'targetForeign' | 'jatimOperator', Person>;
  units: { kpu: string; ntt: string; kupang: string; sumbaBarat: string; jatim: string; surabaya: string; bkn: string; bknUnit: string };
  programme: { kpu: number; foreign: number };
  cohort: { a: number; b: number; foreign: number };
  /** Enrolments of the participants in their programmes. */
  enrolment: Record<Scope, number> & { targetInside: number; targetOutside: number };
  /** Activities of the KPU (demo) programme and the foreign programme. */
  activity: { page: number; document: number; video: number; upload: number; preTest: number; final: number; foreignPage: number; foreignQuiz: number; foreignDocument: number };
  stage: { kpu: number; foreign: number };
  question: { kpu: number; foreign: number };
  category: { kpu: number; foreign: number };
  /** A started quiz attempt of each participant (pre-test; foreign: the foreign quiz). */
  attempt: Record<Scope, number>;
  /** The question ids drawn into each attempt (for the answer route). */
  attemptQuestion: Record<Scope, number>;
  /** A Jurnal version awaiting review for each participant (foreign: none, the foreign programme has no Jurnal). */
  submission: { inside: number; outside: number };
  /** A background job created by the NTT operator (inside) and by the Jawa Timur operator (outside). */
  job: { inside: number; outside: number };
  /** A finished participants.import job with printable activation codes, by the NTT operator (inside) and the Jawa Timur operator (outside). */
  importJob: { inside: number; outside: number };
  tokens: { admin: string; operator: string };
  /** Strings a role must never read anywhere: names, NIPs and emails of people outside its scope, the other agency's programme. */
  secrets: Record<Role, { who: string; text: string }[]>;
  /** A session cookie value and its CSRF token for a role (opened now). */
  openSession(role: SignedInRole): Promise<{ cookie: string; csrf: string }>;
  /** A CSRF cookie and token for an anonymous browser. */
  anonymousCsrf(): { cookie: string; csrf: string };
  /** A unique suffix for created objects (logins, codes). */
  unique(prefix: string): string;
  /** Throwaway objects for routes that change or delete what they are given (one per probe). */
  scratch: {
    stage(programmeId: number): Promise<number>;
    activity(programmeId: number): Promise<number>;
    cohort(programmeId: number): Promise<number>;
    question(programmeId: number): Promise<number>;
    category(programmeId: number): Promise<number>;
    /** A facilitator role assignment (without cohort) of the user. */
    assignment(userId: number): Promise<number>;
    /** The id of a fresh API token of the platform admin. */
    token(): Promise<number>;
    /** A fresh participant in a unit of the scope (inside KPU Kota Kupang, outside KPU Jawa Timur, foreign BKN). */
    person(scope: Scope): Promise<number>;
    /** A fresh participant of the scope enrolled in the scope's cohort (A, B, foreign). */
    enrolment(scope: Scope): Promise<number>;
    /** A pending profile correction of a fresh participant of the scope. */
    correction(scope: Scope): Promise<number>;
    /** A fresh unit below the scope's province / agency. */
    unit(scope: Scope): Promise<number>;
    /** A valid NI PPPK nobody holds yet. */
    nip(): string;
  };
}

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
export const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');

export async function buildMatrixWorld(p: TestPlatform): Promise<MatrixWorld> {
  const { ctx } = p;
  const now = () => p.clock.fn().toISOString();
  await loadDemo(ctx, DEMO_PASSWORD);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const unitByCode = async (code: string) => (await ctx.repos.units.findAllByCode(code))[0]!;

  // A second agency: everything in it is foreign to KPU's agency admin.
  const bkn = await ctx.repos.units.insert({ parent: null, code: 'BKN', name: 'Badan Kepegawaian Negara', kind: 'agency', region_code: null, now: now() });
  const bknUnit = await ctx.repos.units.insert({ parent: bkn, code: 'BKN-DIT', name: 'Direktorat Pengadaan BKN', kind: 'unit', region_code: '31', now: now() });
  // A regency office under KPU Jawa Timur (the demo has none).
  await ctx.repos.units.insert({ parent: (await ctx.repos.units.findAllByCode('35'))[0]!, code: '3578', name: 'KPU Kota Surabaya', kind: 'regency', region_code: '3578', now: now() });

  const person = async (u: { login: string; name: string; nip?: string; unitCode: string | null; unitId?: number; roles: { role: DbRole; unitCode?: string; unitId?: number; cohortId?: number }[] }): Promise<Person> => {
    const existing = await ctx.repos.users.findByLogin(u.login);
    const unitId = u.unitId ?? (u.unitCode ? (await unitByCode(u.unitCode)).id : null);
    const email = `${u.login.replace(/[^a-z0-9]/g, '.')}@matriks.lentera.test`;
    const id =
      existing?.id ??
      (await ctx.repos.users.insert({
        login: u.login, nip: u.nip ?? null, name: u.name, email, phone: '081200000000', employment_type: u.nip ? 'PPPK' : null, position: null,
        unit_id: unitId, password_hash: passwordHash, must_change_password: 0, locale: null, status: 'active',
        created_at: now(), updated_at: now(), password_changed_at: now(), last_login_at: null,
      }));
    if (!existing) {
      for (const r of u.roles) {
        const roleUnit = r.unitId ?? (r.unitCode ? (await unitByCode(r.unitCode)).id : null);
        await ctx.repos.users.addRole({ user_id: id, role: r.role, unit_id: roleUnit, cohort_id: r.cohortId ?? null, created_at: now(), created_by: null });
      }
    }
    const row = (await ctx.repos.users.findById(id))!;
    return { id, login: row.login, name: row.name, nip: row.nip, email: row.email ?? email };
  };

  const kpuProgramme = (await ctx.repos.programmes.findByCode(DEMO.programme.code))!.id;
  const cohortA = (await ctx.repos.programmes.findCohort(kpuProgramme, DEMO.cohort.code))!.id;
  const cohortB = await ctx.repos.programmes.insertCohort({ programme_id: kpuProgramme, code: 'MATRIKS-B', title: 'Angkatan Jawa Timur', starts_on: null, ends_on: null, gelombang: 1, angkatan: 6, now: now() });
  await ctx.db.kysely.updateTable('cohorts').set({ start_by: null, window_days: 60 }).where('id', '=', cohortB).execute();

  const admin = await person({ login: DEMO.admin.login, name: DEMO.admin.name, unitCode: null, roles: [] });
  const operator = await person({ login: DEMO.operator.login, name: DEMO.operator.name, unitCode: null, roles: [] });
  const participant = await person({ login: DEMO.participant.nip, name: DEMO.participant.name, unitCode: null, roles: [] });
  const agencyAdmin = await person({ login: 'admin.kpu', name: 'Admin Instansi KPU', unitCode: 'SETJEN', roles: [{ role: 'agency_admin', unitCode: 'KPU' }] });
  const facilitator = await person({ login: 'fasilitator.a', name: 'Fasilitator Angkatan Lima', unitCode: '5371', roles: [{ role: 'facilitator', cohortId: cohortA }] });
  const jatimOperator = await person({ login: 'operator.jatim', name: 'Operator KPU Jawa Timur', unitCode: '35', roles: [{ role: 'unit_operator', unitCode: '35' }] });
  const otherParticipant = await person({ login: '199105052024212001', nip: '199105052024212001', name: 'Dewi Lestari Surabaya', unitCode: '35', roles: [{ role: 'participant' }] });
  const targetInside = await person({ login: '199306062024211002', nip: '199306062024211002', name: 'Maria Goreti Lewoleba', unitCode: '5371', roles: [{ role: 'participant' }] });
  const targetOutside = await person({ login: '199407072024212003', nip: '199407072024212003', name: 'Bambang Hartono Sidoarjo', unitCode: '35', roles: [{ role: 'participant' }] });
  const foreignParticipant = await person({ login: '199508082024211004', nip: '199508082024211004', name: 'Agus Salim Kepegawaian', unitCode: null, unitId: bknUnit.id, roles: [{ role: 'participant' }] });
  const targetForeign = await person({ login: '199609092024212005', nip: '199609092024212005', name: 'Rina Wulandari Kepegawaian', unitCode: null, unitId: bknUnit.id, roles: [{ role: 'participant' }] });

  const enrol = async (cohortId: number, userId: number, ndh: number | null) => {
    await ctx.repos.programmes.enrol({ cohort_id: cohortId, user_id: userId, ndh, now: now() });
    return (await ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
  };
  const enrolmentInside = (await ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortA).where('user_id', '=', participant.id).executeTakeFirstOrThrow()).id;
  const enrolmentTargetInside = await enrol(cohortA, targetInside.id, 2);
  const enrolmentOutside = await enrol(cohortB, otherParticipant.id, 1);
  const enrolmentTargetOutside = await enrol(cohortB, targetOutside.id, 2);

  // The foreign agency's programme: a page and a post-test, organised by BKN.
  const foreign = await createQuizProgramme(p, { code: 'BKN-ORIENTASI', participantIds: [foreignParticipant.id, targetForeign.id], pages: [{ key: 'intro', title: 'Pengantar BKN' }], stages: [{ title: 'Evaluasi BKN', sequential: false }] });
  await ctx.db.kysely.updateTable('programmes').set({ organiser_unit_id: bkn.id }).where('id', '=', foreign.programmeId).execute();

  // A document in the foreign programme (its media must stay inside that agency).
  const foreignPdf = await storeFile(ctx, pdf('modul BKN'), { originalName: 'modul-bkn.pdf', mime: 'application/pdf', createdBy: null, maxBytes: 1024 * 1024 });
  const foreignDocument = await ctx.repos.learning.insertActivity({ programme_id: foreign.programmeId, stage_id: foreign.stageIds[0]!, position: 20, kind: 'document', title: 'Modul BKN', config: { fileId: foreignPdf.id, completeOn: 'open' }, now: now() });

  // The demo programme's activities, by kind.
  const acts = await ctx.db.kysely.selectFrom('activities').select(['id', 'kind', 'title', 'stage_id', 'position']).where('programme_id', '=', kpuProgramme).orderBy('id').execute();
  const ofKind = (kind: string) => acts.filter((a) => a.kind === kind);
  const quizzes = ofKind('quiz');
  const preTest = quizzes.find((q) => /pre/i.test(q.title)) ?? quizzes[0]!;
  const final = quizzes.find((q) => q.id !== preTest.id)!;

  // A question image on one question of each bank.
  const image = await storeFile(ctx, png, { originalName: 'gambar.png', mime: 'image/png', createdBy: null, maxBytes: png.length });
  const kpuQuestion = (await ctx.db.kysely.selectFrom('questions').select(['id', 'category_id']).where('programme_id', '=', kpuProgramme).orderBy('id').executeTakeFirstOrThrow());
  const foreignQuestion = (await ctx.db.kysely.selectFrom('questions').select(['id', 'category_id']).where('programme_id', '=', foreign.programmeId).orderBy('id').executeTakeFirstOrThrow());
  await ctx.db.kysely.updateTable('questions').set({ image_file_id: image.id }).where('id', 'in', [kpuQuestion.id, foreignQuestion.id]).execute();

  // Quiz attempts: both KPU participants start the pre-test, the foreign participant its post-test.
  const start = async (userId: number, enrolmentId: number, activityId: number) => {
    const res = await startAttempt(ctx, { userId, enrolmentId, activityId, ip: null, describeLock: (r) => JSON.stringify(r) });
    return { attempt: res.attempt.attemptId, question: res.attempt.questions[0]!.id };
  };
  const aIn = await start(participant.id, enrolmentInside, preTest.id);
  const aOut = await start(otherParticipant.id, enrolmentOutside, preTest.id);
  const aForeign = await start(foreignParticipant.id, foreign.enrolmentIds[0]!, foreign.activities.post!);

  // A Jurnal awaiting review from each KPU participant (written directly: the activity is still locked for them).
  const upload = ofKind('upload')[0]!;
  const submit = async (enrolmentId: number, text: string) => {
    const stored = await storeFile(ctx, Readable.from(pdf(text)), { originalName: 'jurnal.pdf', mime: 'application/pdf', createdBy: null, maxBytes: 1024 * 1024 });
    const res = await ctx.repos.submissions.insertVersion({ enrolmentId, activityId: upload.id, fileId: stored.id, sha256: stored.sha256, now: now() });
    if (res.outcome === 'race') throw new Error('submission race in the fixture');
    return res.submission.id;
  };
  const submissionInside = await submit(enrolmentInside, 'jurnal NTT');
  const submissionOutside = await submit(enrolmentOutside, 'jurnal Jawa Timur');

  const jobInside = (await ctx.jobs.enqueue('matrix.noop', { n: 1 }, { createdBy: operator.id })).id;
  const jobOutside = (await ctx.jobs.enqueue('matrix.noop', { n: 2 }, { createdBy: jatimOperator.id })).id;

  // Pending profile corrections of the administered people (the correction queues must show only the scope's).
  for (const x of [targetInside, targetOutside, targetForeign]) await requestCorrection(ctx, { userId: x.id, ip: 'matrix', userAgent: null }, { field: 'position', requestedValue: 'Penata Kelola Pemilu Ahli Muda' });

  // Finished participant imports with activation codes still printable (the slips name the new participants).
  const importJob = async (createdBy: number, who: Person, unitCode: string) => {
    const { id } = await ctx.jobs.enqueue(PARTICIPANTS_IMPORT, { fileId: 0, sha256: '0'.repeat(64), cohortId: null, mode: 'upsert' }, { createdBy });
    const slips = [{ userId: who.id, name: who.name, nip: who.nip!, unitCode, unitName: unitCode, code: 'ABCD-EFGH-JKLM' }];
    const result = { applied: true, rows: 1, totals: { new: 1, updated: 0, unchanged: 0, enrolled: 0, skipped: 0 }, errors: [], codes: 1, sealedSlips: sealSlips(ctx, slips), codesUntil: new Date(p.clock.fn().getTime() + 7 * 86400_000).toISOString() };
    await ctx.db.kysely.updateTable('jobs').set({ status: 'succeeded', result: JSON.stringify(result), attempts: 1, started_at: now(), finished_at: now() }).where('id', '=', id).execute();
    return id;
  };
  const importInside = await importJob(operator.id, targetInside, '5371');
  const importOutside = await importJob(jatimOperator.id, targetOutside, '35');

  const adminPrincipal = await loadPrincipal(ctx, admin.id);
  const tokenFor = async (userId: number, name: string) => (await createApiToken(ctx, { userId: admin.id, ip: 'matrix', principal: adminPrincipal }, { name, userId })).token;

  const secretsOf = (...people: Person[]) =>
    people.flatMap((x) => [
      { who: x.login, text: x.name },
      { who: x.login, text: x.email },
      ...(x.nip ? [{ who: x.login, text: x.nip }, { who: x.login, text: formatEmployeeNumber(x.nip) }] : []),
    ]);
  const jatimPeople = [otherParticipant, targetOutside];
  /** The other agency's programme and cohort (their code is in both titles): nobody at KPU should learn of them. */
  const foreignProgramme = { who: 'programme BKN-ORIENTASI', text: 'BKN-ORIENTASI' };
  const foreignPeople = [foreignParticipant, targetForeign];

  let counter = 0;
  const anchor = () => `matrix-anon-${++counter}`;
  const scratchStages = new Map<number, number>();
  const scratchStage = async (programmeId: number) =>
    ctx.repos.learning.insertStage({ programme_id: programmeId, position: 100 + ++counter, title: `Tahap uji ${counter}`, published: false, now: now() });
  const scratch: MatrixWorld['scratch'] = {
    stage: scratchStage,
    async activity(programmeId) {
      let stageId = scratchStages.get(programmeId);
      if (stageId === undefined) scratchStages.set(programmeId, (stageId = await scratchStage(programmeId)));
      return ctx.repos.learning.insertActivity({ programme_id: programmeId, stage_id: stageId, position: ++counter, kind: 'page', title: `Materi uji ${counter}`, required: false, published: false, config: { markdown: '# Uji', completeOn: 'open' }, now: now() });
    },
    cohort: (programmeId) => ctx.repos.programmes.insertCohort({ programme_id: programmeId, code: `UJI-${++counter}`, title: `Angkatan uji ${counter}`, starts_on: null, ends_on: null, gelombang: null, angkatan: null, now: now() }),
    async question(programmeId) {
      const categoryId = await ctx.repos.questions.ensureCategory(programmeId, 'Kategori Uji Matriks', now());
      return ctx.repos.questions.insertQuestion({ programmeId, categoryId, code: `UJI-${++counter}`, type: 'true_false', text: 'Pernyataan uji.', options: [{ id: 1, text: 'Benar', correct: true }, { id: 2, text: 'Salah', correct: false }], now: now() });
    },
    category: (programmeId) => ctx.repos.questions.ensureCategory(programmeId, `Kategori uji ${++counter}`, now()),
    assignment: (userId) => ctx.repos.users.addRole({ user_id: userId, role: 'facilitator', unit_id: null, cohort_id: null, created_at: now(), created_by: null }),
    async token() {
      return (await createApiToken(ctx, { userId: admin.id, ip: 'matrix', principal: adminPrincipal }, { name: `uji ${++counter}` })).id;
    },
    async person(scope) {
      const n = ++counter;
      const unit = scope === 'inside' ? { unitCode: '5371' } : scope === 'outside' ? { unitCode: '35' } : { unitCode: null, unitId: bknUnit.id };
      return (await person({ login: `peserta.uji.${n}`, name: `Peserta Uji ${n}`, ...unit, roles: [{ role: 'participant' }] })).id;
    },
    async enrolment(scope) {
      const userId = await scratch.person(scope);
      return enrol(scope === 'inside' ? cohortA : scope === 'outside' ? cohortB : foreign.cohortId, userId, null);
    },
    async correction(scope) {
      const userId = await scratch.person(scope);
      return (await requestCorrection(ctx, { userId, ip: 'matrix', userAgent: null }, { field: 'position', requestedValue: 'Analis Uji Matriks' })).id;
    },
    async unit(scope) {
      const parentCode = scope === 'inside' ? '53' : scope === 'outside' ? '35' : 'BKN';
      const parent = (await ctx.repos.units.findAllByCode(parentCode))[0]!;
      return (await ctx.repos.units.insert({ parent, code: `UJI${++counter}`, name: `Unit Uji ${counter}`, kind: 'unit', region_code: null, now: now() })).id;
    },
    nip: () => `19850505202421${1 + (Math.floor(counter / 1000) % 2)}${String(++counter % 1000).padStart(3, '0')}`,
  };
  const people = { admin, agencyAdmin, operator, facilitator, participant, otherParticipant, foreignParticipant, targetInside, targetOutside, targetForeign, jatimOperator };
  return {
    p,
    people,
    units: { kpu: 'KPU', ntt: '53', kupang: '5371', sumbaBarat: '5301', jatim: '35', surabaya: '3578', bkn: 'BKN', bknUnit: 'BKN-DIT' },
    programme: { kpu: kpuProgramme, foreign: foreign.programmeId },
    cohort: { a: cohortA, b: cohortB, foreign: foreign.cohortId },
    enrolment: { inside: enrolmentInside, outside: enrolmentOutside, foreign: foreign.enrolmentIds[0]!, targetInside: enrolmentTargetInside, targetOutside: enrolmentTargetOutside },
    activity: {
      page: ofKind('page')[0]!.id,
      document: ofKind('document')[0]!.id,
      video: ofKind('video')[0]!.id,
      upload: upload.id,
      preTest: preTest.id,
      final: final.id,
      foreignPage: foreign.activities.intro!,
      foreignQuiz: foreign.activities.post!,
      foreignDocument,
    },
    stage: { kpu: acts[0]!.stage_id, foreign: foreign.stageIds[0]! },
    question: { kpu: kpuQuestion.id, foreign: foreignQuestion.id },
    category: { kpu: kpuQuestion.category_id, foreign: foreignQuestion.category_id },
    attempt: { inside: aIn.attempt, outside: aOut.attempt, foreign: aForeign.attempt },
    attemptQuestion: { inside: aIn.question, outside: aOut.question, foreign: aForeign.question },
    submission: { inside: submissionInside, outside: submissionOutside },
    job: { inside: jobInside, outside: jobOutside },
    importJob: { inside: importInside, outside: importOutside },
    tokens: { admin: await tokenFor(admin.id, 'matriks admin'), operator: await tokenFor(operator.id, 'matriks operator') },
    secrets: {
      admin: [],
      agencyAdmin: [...secretsOf(...foreignPeople), foreignProgramme],
      operator: [...secretsOf(...jatimPeople, ...foreignPeople), foreignProgramme],
      facilitator: [...secretsOf(...jatimPeople, ...foreignPeople), foreignProgramme],
      participant: [...secretsOf(...jatimPeople, ...foreignPeople, targetInside), foreignProgramme],
      otherParticipant: [...secretsOf(participant, targetInside, ...foreignPeople, targetOutside), foreignProgramme],
      anonymous: [...secretsOf(participant, targetInside, ...jatimPeople, ...foreignPeople), foreignProgramme],
    },
    async openSession(role) {
      const token = await openSession(ctx, people[role].id, '127.0.0.1', `lentera-matrix/${role}`);
      return { cookie: `lentera_session=${token}`, csrf: hmac(p.config.sessionSecret, `csrf:${sha256(token)}`) };
    },
    anonymousCsrf() {
      const a = anchor();
      return { cookie: `lentera_csrf=${a}`, csrf: hmac(p.config.sessionSecret, `csrf:${a}`) };
    },
    unique: (prefix) => `${prefix}${++counter}`,
    scratch,
  };
}
