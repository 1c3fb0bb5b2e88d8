// THE AUTHORISATION MATRIX: one row per registered route (HEAD rides along with GET).
//
// Each row says how to fill the route for an object INSIDE the NTT operator's scope, OUTSIDE it (KPU
// Jawa Timur, same agency) and FOREIGN (another agency), and what every role gets (see `who` in
// matrix.ts for the patterns and the outcome classes O ok, F 403, N 404, L sign-in, 400 unknown reference).
// Adding a route without a row here fails test/authorization-matrix.test.ts; so does a row for a
// route that no longer exists.
import { DEMO_PASSWORD } from './platform.js';
import { pdf, type MatrixWorld, type Scope } from './matrix-world.js';
import { by, F, L, N, O, row, who, type Fill, type Probe, type Row } from './matrix.js';
import { CERTIFICATE_ROWS } from './matrix-certificates.js';
import { LIVE_ROWS } from './matrix-live.js';

// ---------------------------------------------------------------------------------------------
// Fill helpers: the objects of each scope.

type Fills = Partial<Record<Scope, Fill>>;
const scoped = (f: (w: MatrixWorld, scope: Scope) => Probe | Promise<Probe>, scopes: Scope[] = ['inside', 'outside', 'foreign']): Fills =>
  Object.fromEntries(scopes.map((s) => [s, (w: MatrixWorld) => f(w, s)]));

/** A participant to administer (never one of the acting accounts: some routes reset passwords). */
const targetOf = (w: MatrixWorld, s: Scope) => (s === 'inside' ? w.people.targetInside : s === 'outside' ? w.people.targetOutside : w.people.targetForeign);
const unitOf = (w: MatrixWorld, s: Scope) => (s === 'inside' ? w.units.kupang : s === 'outside' ? w.units.jatim : w.units.bknUnit);
const subtreeOf = (w: MatrixWorld, s: Scope) => (s === 'inside' ? w.units.ntt : s === 'outside' ? w.units.jatim : w.units.bkn);
const programmeOf = (w: MatrixWorld, s: Scope) => (s === 'foreign' ? w.programme.foreign : w.programme.kpu);
/** Unit ids for report filters. */
const unitIdOf = async (w: MatrixWorld, s: Scope) => (await w.p.ctx.repos.units.findAllByCode(s === 'inside' ? w.units.ntt : w.units.jatim))[0]!.id;

const user = (extra: (w: MatrixWorld, s: Scope) => Probe | Promise<Probe> = () => ({})) =>
  scoped(async (w, s) => {
    const e = await extra(w, s);
    return { ...e, params: { id: targetOf(w, s).id, ...e.params } };
  });
/** The enrolment of the acting participant of each scope (inside: NTT participant; outside: Jawa Timur; foreign: BKN). */
const enrolment = (extra: (w: MatrixWorld, s: Scope) => Probe | Promise<Probe> = () => ({}), scopes?: Scope[], name = 'id') =>
  scoped(async (w, s) => {
    const e = await extra(w, s);
    return { ...e, params: { [name]: w.enrolment[s], ...e.params } };
  }, scopes);
/** Programme-owned objects: inside = the KPU programme, foreign = the BKN programme. */
const programme = (extra: (w: MatrixWorld, s: Scope) => Probe | Promise<Probe> = () => ({})) =>
  scoped(async (w, s) => {
    const e = await extra(w, s);
    return { ...e, params: { id: programmeOf(w, s), ...e.params } };
  }, ['inside', 'foreign']);
const attempt = (extra: (w: MatrixWorld, s: Scope) => Probe = () => ({})) =>
  scoped((w, s) => {
    const e = extra(w, s);
    return { ...e, params: { attemptId: w.attempt[s], ...e.params } };
  });
const submission = (extra: Probe = {}) => scoped((w, s) => ({ ...extra, params: { id: w.submission[s as 'inside' | 'outside'] } }), ['inside', 'outside']);
/** Quiz reports: inside / outside = the KPU programme filtered to NTT / Jawa Timur; foreign = the BKN programme. */
const report = (param: 'id' | 'activityId', extra: Record<string, string> = {}) =>
  scoped(async (w, s) => ({
    params: { [param]: param === 'id' ? programmeOf(w, s) : s === 'foreign' ? w.activity.foreignQuiz : w.activity.preTest },
    query: { ...extra, ...(s === 'foreign' ? {} : { unitId: await unitIdOf(w, s) }) },
  }));

const unknownLogin = (w: MatrixWorld) => w.unique('tidak.ada.');
const NEW_PASSWORD = 'Sandi-Baru-Yang-Kuat-2025!';
const REASON = 'Alasan uji matriks otorisasi';
/** Not an image: the photo routes answer 415 once past authorisation. */
const photoUpload = { multipart: { field: 'file', filename: 'foto.jpg', type: 'image/jpeg', data: Buffer.from('bukan foto') } };
/** The id of the subtree root of each scope (NTT, Jawa Timur, BKN). */
const subtreeIdOf = async (w: MatrixWorld, s: Scope) => (await w.p.ctx.repos.units.findAllByCode(subtreeOf(w, s)))[0]!.id;
const jurnal = { multipart: { field: 'file', filename: 'jurnal.pdf', type: 'application/pdf', data: pdf('jurnal uji') } };
const questionCsv = { multipart: { field: 'file', filename: 'soal.csv', type: 'text/csv', data: Buffer.from('kode;kategori;tipe;teks\nUJI-1;Uji;pilihan;Soal\n') } };
const newQuestion = { json: { category: 'Kategori Uji Matriks', type: 'true_false', text: 'Pernyataan uji matriks.', options: [{ text: 'Benar', correct: true }, { text: 'Salah', correct: false }] } };

/** Reports: reviewers; facilitators only for programmes with their cohort; unit filters outside the scope 404. */
const reportReaders = {
  admin: O,
  agencyAdmin: by(O, O, N),
  operator: by(O, N, N),
  facilitator: by(O, N, N),
  participant: F,
  otherParticipant: F,
  anonymous: L,
};

// ---------------------------------------------------------------------------------------------
// The table.

export const MATRIX: Row[] = [
  // --- health, documentation ---
  row('GET /healthz', who.public),
  row('GET /api/openapi.json', who.public),
  row('GET /api/docs', who.public),

  // --- sign-in, sign-out, passwords (public forms; a failed sign-in is 401 for everyone) ---
  row('POST /api/v1/auth/login', who.public, { fill: (w) => ({ body: { json: { login: unknownLogin(w), password: 'Salah-Sekali-123' } } }), alsoOk: [401] }),
  row('POST /api/v1/auth/logout', who.public, { endsSessions: true, noBody: true }),
  row('POST /api/v1/auth/password', who.signedIn, { fill: () => ({ body: { json: { currentPassword: 'Bukan-Sandi-Lama-1', newPassword: NEW_PASSWORD } } }) }),
  row('POST /api/v1/auth/password-reset/request', who.public, { fill: (w) => ({ body: { json: { login: unknownLogin(w) } } }), strict: true }),
  row('POST /api/v1/auth/password-reset/confirm', who.public, { fill: () => ({ body: { json: { token: 'bukan-token-yang-sah', newPassword: NEW_PASSWORD } } }) }),
  row('GET /login', who.public),
  row('POST /login', who.public, { fill: (w) => ({ body: { form: { login: unknownLogin(w), password: 'Salah-Sekali-123' } } }), alsoOk: [401] }),
  row('POST /logout', who.public, { endsSessions: true, alsoOk: [303], note: 'its answer is the redirect to the sign-in page' }),
  row('GET /password/change', who.signedIn),
  row('POST /password/change', who.signedIn, { fill: () => ({ body: { form: { currentPassword: 'Bukan-Sandi-Lama-1', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD } } }) }),
  row('GET /password/forgot', who.public),
  row('POST /password/forgot', who.public, { fill: (w) => ({ body: { form: { login: unknownLogin(w) } } }) }),
  row('GET /password/reset', who.public, { fill: () => ({ query: { token: 'bukan-token-yang-sah' } }), alsoOk: [400] }),
  row('POST /password/reset', who.public, { fill: () => ({ body: { form: { token: 'bukan-token-yang-sah', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD } } }) }),
  row('POST /lang', who.public, { fill: () => ({ body: { form: { locale: 'id' } } }) }),

  // --- the signed-in user itself ---
  row('GET /api/v1/me', who.signedIn),
  row('GET /api/v1/me/sessions', who.signedIn),
  row('DELETE /api/v1/me/sessions', who.signedIn, { endsSessions: true, noBody: true }),
  row('GET /', who.signedIn),
  row('GET /account', who.signedIn),
  row('POST /account/sign-out-everywhere', who.signedIn, { endsSessions: true }),
  row('GET /api/v1/me/enrolments', who.signedIn),

  // --- users (scoped by unit; the unit filter of the lists names a unit of each scope) ---
  row('GET /api/v1/users', who.scopedPerson, { fill: scoped((w, s) => ({ query: { unit: subtreeOf(w, s) } })) }),
  row('POST /api/v1/users', { ...who.scopedPerson, agencyAdmin: by(O, O, 400), operator: by(O, 400, 400) }, {
    fill: scoped((w, s) => ({ body: { json: { login: w.unique('akun.matriks.'), name: 'Akun Uji Matriks', unitCode: unitOf(w, s) } } })),
    strict: true,
    note: 'a unit outside the scope is refused like an unknown one (400 unitCode not_found)',
  }),
  row('GET /api/v1/users/:id', who.scopedPerson, { fill: user() }),
  row('POST /api/v1/users/:id/roles', who.scopedPerson, { fill: user(() => ({ body: { json: { role: 'facilitator' } } })), strict: true }),
  row('DELETE /api/v1/users/:id/roles/:assignmentId', who.scopedPerson, { fill: user(async (w, s) => ({ params: { assignmentId: await w.scratch.assignment(targetOf(w, s).id) } })), strict: true, noBody: true }),
  row('POST /api/v1/users/:id/password-reset', who.scopedPerson, { fill: user(), strict: true, noBody: true }),
  row('GET /admin/users', who.scopedPerson, { fill: scoped((w, s) => ({ query: { unit: subtreeOf(w, s) } })) }),
  row('GET /admin/users/new', who.administrators),
  row('POST /admin/users/new', { ...who.scopedPerson, agencyAdmin: by(O, O, 400), operator: by(O, 400, 400) }, {
    fill: scoped((w, s) => ({ body: { form: { login: w.unique('akun.halaman.'), name: 'Akun Uji Halaman', unitCode: unitOf(w, s), role: 'participant' } } })),
    strict: true,
  }),
  row('GET /admin/users/:id', who.scopedPerson, { fill: user() }),
  row('POST /admin/users/:id/roles', who.scopedPerson, { fill: user(() => ({ body: { form: { role: 'facilitator' } } })), strict: true }),
  row('POST /admin/users/:id/roles/:assignmentId/revoke', who.scopedPerson, { fill: user(async (w, s) => ({ params: { assignmentId: await w.scratch.assignment(targetOf(w, s).id) } })), strict: true }),
  row('POST /admin/users/:id/password-reset', who.scopedPerson, { fill: user(), strict: true }),

  // --- organisation units ---
  row('GET /api/v1/units', who.scopedPerson, { fill: scoped((w, s) => ({ query: { parent: subtreeOf(w, s) } })) }),
  row('GET /api/v1/units/:code', who.scopedPerson, { fill: scoped((w, s) => ({ params: { code: unitOf(w, s) } })) }),
  row('GET /admin/units', who.scopedPerson, { fill: scoped((w, s) => ({ query: { parent: subtreeOf(w, s) } })) }),

  // --- API tokens (platform admins only) ---
  row('GET /api/v1/tokens', who.platformAdmin),
  row('POST /api/v1/tokens', who.platformAdmin, { fill: () => ({ body: { json: { name: 'token uji matriks' } } }), strict: true }),
  row('DELETE /api/v1/tokens/:id', who.platformAdmin, { fill: async (w) => ({ params: { id: await w.scratch.token() } }), strict: true, noBody: true }),
  row('GET /admin/tokens', who.platformAdmin),
  row('POST /admin/tokens', who.platformAdmin, { fill: () => ({ body: { form: { name: 'token uji halaman' } } }), strict: true }),
  row('POST /admin/tokens/:id/revoke', who.platformAdmin, { fill: async (w) => ({ params: { id: await w.scratch.token() } }), strict: true }),

  // --- audit log (administrators; entries filtered to their scope) ---
  row('GET /api/v1/audit', who.administrators),
  row('GET /admin/audit', who.administrators),

  // --- background jobs: their creator and platform admins (inside: the NTT operator's job; outside: the Jawa Timur operator's) ---
  ...['GET /api/v1/jobs/:id', 'GET /jobs/:id', 'GET /jobs/:id/progress'].map((route) =>
    row(route, { admin: O, agencyAdmin: N, operator: by(O, N), facilitator: N, participant: N, otherParticipant: N, anonymous: L }, { fill: scoped((w, s) => ({ params: { id: w.job[s as 'inside' | 'outside'] } }), ['inside', 'outside']) }),
  ),

  // --- learning: the participant's own enrolment ---
  row('GET /api/v1/enrolments/:id/outline', who.own, { fill: enrolment() }),
  row('POST /api/v1/enrolments/:id/activities/:activityId/progress', who.own, {
    fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignPage : w.activity.page }, body: { json: { eventId: w.unique('matriks-evt-'), type: 'opened' } } })),
  }),
  row('GET /learn/:enrolmentId', who.own, { fill: enrolment(undefined, undefined, 'enrolmentId') }),
  row('GET /learn/:enrolmentId/activities/:activityId', who.own, { fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignPage : w.activity.page } }), undefined, 'enrolmentId') }),
  row('POST /learn/:enrolmentId/activities/:activityId/progress', who.own, {
    fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignPage : w.activity.page }, body: { form: { eventId: w.unique('matriks-evt-'), type: 'opened' } } }), undefined, 'enrolmentId'),
  }),

  // --- an operator's care of one enrolment (scoped by the participant's unit) ---
  row('POST /api/v1/enrolments/:id/window-extensions', who.scopedPerson, { fill: enrolment(() => ({ body: { json: { days: 1, reason: REASON } } })), strict: true }),
  row('GET /admin/enrolments/:id', who.scopedPerson, { fill: enrolment() }),
  row('POST /admin/enrolments/:id/extend', who.scopedPerson, { fill: enrolment(() => ({ body: { form: { days: '1', reason: REASON } } })), strict: true }),
  row('POST /admin/enrolments/:id/quiz-grants', who.scopedPerson, {
    fill: enrolment((w, s) => ({ body: { form: { activityId: String(s === 'foreign' ? w.activity.foreignQuiz : w.activity.final), extraAttempts: '1', extraMinutes: '', reason: REASON } } })),
    strict: true,
  }),
  row('POST /api/v1/enrolments/:id/activities/:activityId/grants', { admin: O, agencyAdmin: by(O, O, N), operator: by(O, N, N), facilitator: by(O, N, N), participant: N, otherParticipant: N, anonymous: L }, {
    fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignQuiz : w.activity.final }, body: { json: { extraAttempts: 1, extraMinutes: 0, reason: REASON } } })),
    strict: true,
    note: 'reviewers in scope (facilitators for their cohorts); a non-reviewer learns nothing (404)',
  }),

  // --- programme authoring (platform admin; agency admins for programmes organised in their agency) ---
  row('GET /api/v1/programmes', who.authors),
  row('GET /api/v1/programmes/:id', who.authorObject, { fill: programme() }),
  row('GET /api/v1/programmes/:id/package', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes', who.authors),
  row('POST /admin/programmes/import', who.authors),
  row('GET /admin/programmes/new', who.authors),
  row('POST /admin/programmes/new', who.authors),
  row('GET /admin/programmes/:id', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/export', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/cohorts/new', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id/cohorts/new', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/cohorts/:cohortId', who.authorObject, { fill: programme((w, s) => ({ params: { cohortId: s === 'foreign' ? w.cohort.foreign : w.cohort.a } })) }),
  row('POST /admin/programmes/:id/cohorts/:cohortId', who.authorObject, { fill: programme(async (w, s) => ({ params: { cohortId: await w.scratch.cohort(programmeOf(w, s)) } })) }),
  row('GET /admin/programmes/:id/stages/new', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id/stages/new', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/stages/:stageId', who.authorObject, { fill: programme((w, s) => ({ params: { stageId: s === 'foreign' ? w.stage.foreign : w.stage.kpu } })) }),
  ...['', '/move', '/publish', '/delete'].map((action) =>
    row(`POST /admin/programmes/:id/stages/:stageId${action}`, who.authorObject, { fill: programme(async (w, s) => ({ params: { stageId: await w.scratch.stage(programmeOf(w, s)) } })) }),
  ),
  row('GET /admin/programmes/:id/stages/:stageId/activities/new', who.authorObject, { fill: programme((w, s) => ({ params: { stageId: s === 'foreign' ? w.stage.foreign : w.stage.kpu }, query: { kind: 'page' } })) }),
  row('POST /admin/programmes/:id/stages/:stageId/activities/new', who.authorObject, { fill: programme(async (w, s) => ({ params: { stageId: await w.scratch.stage(programmeOf(w, s)) }, query: { kind: 'page' } })) }),
  row('GET /admin/programmes/:id/activities/:activityId', who.authorObject, { fill: programme((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignPage : w.activity.page } })) }),
  ...['', '/move', '/publish', '/delete'].map((action) =>
    row(`POST /admin/programmes/:id/activities/:activityId${action}`, who.authorObject, { fill: programme(async (w, s) => ({ params: { activityId: await w.scratch.activity(programmeOf(w, s)) } })) }),
  ),

  // --- question bank (authors in scope) ---
  row('GET /api/v1/programmes/:id/questions', who.authorObject, { fill: programme() }),
  row('POST /api/v1/programmes/:id/questions', who.authorObject, { fill: programme(() => ({ body: newQuestion })), strict: true }),
  row('GET /api/v1/questions/:id', who.authorObject, { fill: scoped((w, s) => ({ params: { id: s === 'foreign' ? w.question.foreign : w.question.kpu } }), ['inside', 'foreign']) }),
  row('PUT /api/v1/questions/:id', who.authorObject, { fill: scoped(async (w, s) => ({ params: { id: await w.scratch.question(programmeOf(w, s)) }, body: newQuestion }), ['inside', 'foreign']), strict: true }),
  row('DELETE /api/v1/questions/:id', who.authorObject, { fill: scoped(async (w, s) => ({ params: { id: await w.scratch.question(programmeOf(w, s)) } }), ['inside', 'foreign']), strict: true, noBody: true }),
  row('GET /api/v1/programmes/:id/question-categories', who.authorObject, { fill: programme() }),
  row('POST /api/v1/programmes/:id/question-categories', who.authorObject, { fill: programme((w) => ({ body: { json: { name: w.unique('Kategori API ') } } })), strict: true }),
  row('PUT /api/v1/programmes/:id/question-categories/:categoryId', who.authorObject, { fill: programme(async (w, s) => ({ params: { categoryId: await w.scratch.category(programmeOf(w, s)) }, body: { json: { name: w.unique('Kategori baru ') } } })), strict: true }),
  row('POST /api/v1/programmes/:id/questions/import', who.authorObject, { fill: programme(() => ({ body: questionCsv })) }),
  row('GET /api/v1/programmes/:id/questions/export', who.authorObject, { fill: programme(() => ({ query: { format: 'csv' } })) }),
  row('GET /api/v1/programmes/:id/questions/template', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions/new', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id/questions/new', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions/:questionId', who.authorObject, { fill: programme((w, s) => ({ params: { questionId: s === 'foreign' ? w.question.foreign : w.question.kpu } })) }),
  ...['', '/archive', '/restore', '/delete'].map((action) =>
    row(`POST /admin/programmes/:id/questions/:questionId${action}`, who.authorObject, { fill: programme(async (w, s) => ({ params: { questionId: await w.scratch.question(programmeOf(w, s)) } })) }),
  ),
  row('GET /admin/programmes/:id/questions/categories', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id/questions/categories/new', who.authorObject, { fill: programme((w) => ({ body: { form: { name: w.unique('Kategori halaman ') } } })), strict: true }),
  row('POST /admin/programmes/:id/questions/categories/:categoryId', who.authorObject, { fill: programme(async (w, s) => ({ params: { categoryId: await w.scratch.category(programmeOf(w, s)) }, body: { form: { name: w.unique('Kategori ganti ') } } })) }),
  row('GET /admin/programmes/:id/questions/import', who.authorObject, { fill: programme() }),
  row('POST /admin/programmes/:id/questions/import', who.authorObject, { fill: programme(() => ({ body: questionCsv })) }),
  row('POST /admin/programmes/:id/questions/import/apply', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions/export.csv', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions/export.xlsx', who.authorObject, { fill: programme() }),
  row('GET /admin/programmes/:id/questions/template.xlsx', who.authorObject, { fill: programme() }),

  // --- media: activity files for those enrolled in (or facilitating, or administering) the programme; question images for its participants and authors ---
  row('GET /media/activities/:activityId/:variant', { ...who.signedIn, agencyAdmin: by(O, undefined, N), operator: by(O, undefined, N), facilitator: by(O, undefined, N), participant: by(O, undefined, N), otherParticipant: by(O, undefined, N) }, {
    fill: scoped((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignDocument : w.activity.document, variant: 'document' } }), ['inside', 'foreign']),
  }),
  row('GET /media/questions/:id/image', { admin: O, agencyAdmin: by(O, undefined, N), operator: N, facilitator: N, participant: by(O, undefined, N), otherParticipant: by(O, undefined, N), anonymous: L }, {
    fill: scoped((w, s) => ({ params: { id: s === 'foreign' ? w.question.foreign : w.question.kpu } }), ['inside', 'foreign']),
  }),

  // --- the Jurnal: the participant's own upload, reviewers in scope (inside: NTT participant, cohort A; outside: Jawa Timur, cohort B) ---
  row('POST /api/v1/enrolments/:id/activities/:activityId/submissions', who.own, { fill: enrolment((w) => ({ params: { activityId: w.activity.upload }, body: jurnal }), ['inside', 'outside']) }),
  row('GET /api/v1/enrolments/:id/activities/:activityId/submissions', who.own, { fill: enrolment((w) => ({ params: { activityId: w.activity.upload } }), ['inside', 'outside']) }),
  row('POST /learn/:enrolmentId/activities/:activityId/submissions', who.own, { fill: enrolment((w) => ({ params: { activityId: w.activity.upload }, body: jurnal }), ['inside', 'outside'], 'enrolmentId') }),
  row('GET /api/v1/submissions', { ...who.reviewers, operator: by(O, N) }, { fill: scoped((w, s) => ({ query: { unit: subtreeOf(w, s), status: 'all' } }), ['inside', 'outside']) }),
  row('GET /api/v1/submissions/:id', who.reviewObject, { fill: submission() }),
  row('GET /api/v1/submissions/:id/file', { ...who.reviewObject, participant: by(O, N), otherParticipant: by(N, O) }, { fill: submission() }),
  row('POST /api/v1/submissions/:id/review', who.reviewObject, { fill: submission({ body: { json: { decision: 'return', comment: 'Mohon dilengkapi (uji matriks).' } } }) }),
  row('GET /review/submissions', { ...who.reviewers, operator: by(O, N) }, { fill: scoped((w, s) => ({ query: { unit: subtreeOf(w, s), status: 'all' } }), ['inside', 'outside']) }),
  row('GET /review/submissions/:id', who.reviewObject, { fill: submission() }),
  row('POST /review/submissions/:id/review', who.reviewObject, { fill: submission({ body: { form: { decision: 'return', comment: 'Mohon dilengkapi (uji matriks).' } } }) }),

  // --- quiz attempts: the participant's own ---
  row('POST /api/v1/enrolments/:id/activities/:activityId/attempts', who.own, { fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignQuiz : w.activity.preTest } })), noBody: true }),
  row('GET /api/v1/attempts/:attemptId', who.own, { fill: attempt() }),
  row('PUT /api/v1/attempts/:attemptId/answers/:questionId', who.own, { fill: attempt((w, s) => ({ params: { questionId: w.attemptQuestion[s] }, body: { json: { optionIds: [1] } } })) }),
  row('GET /api/v1/attempts/:attemptId/review', who.own, { fill: attempt(), alsoOk: [409] }),
  row('POST /learn/:enrolmentId/activities/:activityId/attempts', who.own, { fill: enrolment((w, s) => ({ params: { activityId: s === 'foreign' ? w.activity.foreignQuiz : w.activity.preTest } }), undefined, 'enrolmentId') }),
  row('GET /learn/attempts/:attemptId', who.own, { fill: attempt() }),
  row('POST /learn/attempts/:attemptId', who.own, { fill: attempt((w, s) => ({ body: { form: { [`q${w.attemptQuestion[s]}`]: '1' } } })) }),
  row('GET /learn/attempts/:attemptId/confirm', who.own, { fill: attempt() }),
  row('GET /learn/attempts/:attemptId/result', who.own, { fill: attempt(), alsoOk: [409] }),
  // Submitting finishes the attempts: after the rows that need them open.
  row('POST /api/v1/attempts/:attemptId/submit', who.own, { fill: attempt(), noBody: true }),
  row('POST /learn/attempts/:attemptId/submit', who.own, { fill: attempt() }),

  // --- quiz reports (reviewers; population limited to the scope; unit filters outside it 404) ---
  row('GET /api/v1/programmes/:id/evaluation', reportReaders, { fill: report('id') }),
  row('GET /api/v1/programmes/:id/evaluation-gain', reportReaders, { fill: report('id') }),
  row('GET /api/v1/activities/:activityId/results', reportReaders, { fill: report('activityId') }),
  row('GET /api/v1/activities/:activityId/item-analysis', reportReaders, { fill: report('activityId') }),
  row('GET /admin/programmes/:id/evaluation', reportReaders, { fill: report('id') }),
  row('GET /admin/programmes/:id/gain', reportReaders, { fill: report('id') }),
  row('GET /admin/programmes/:id/gain/export', reportReaders, { fill: report('id', { format: 'csv' }) }),
  row('GET /admin/activities/:activityId/results', reportReaders, { fill: report('activityId') }),
  row('GET /admin/activities/:activityId/results/export', reportReaders, { fill: report('activityId', { format: 'xlsx' }) }),
  row('GET /admin/activities/:activityId/item-analysis', reportReaders, { fill: report('activityId') }),
  row('GET /admin/activities/:activityId/item-analysis/export', reportReaders, { fill: report('activityId', { format: 'csv' }) }),
  // --- certificates (issue 7): test/support/matrix-certificates.ts ---
  ...CERTIFICATE_ROWS,
];


// ---------------------------------------------------------------------------------------------
// Issue 5: organisation tree administration, bulk provisioning, account care, profile, monitoring.

/** A fresh participant of each scope (for care routes that move people, change their NIP, …). */
const freshPerson = (extra: (w: MatrixWorld, s: Scope) => Probe | Promise<Probe> = () => ({})) =>
  scoped(async (w, s) => {
    const e = await extra(w, s);
    return { ...e, params: { id: await w.scratch.person(s), ...e.params } };
  });
const freshEnrolment = (extra: (w: MatrixWorld, s: Scope) => Probe = () => ({})) =>
  scoped(async (w, s) => {
    const e = extra(w, s);
    return { ...e, params: { id: await w.scratch.enrolment(s), ...e.params } };
  });
const freshCorrection = (extra: Probe = {}) => scoped(async (w, s) => ({ ...extra, params: { id: await w.scratch.correction(s) } }));
const freshUnit = (extra: (w: MatrixWorld, s: Scope) => Probe = () => ({})) =>
  scoped(async (w, s) => {
    const e = extra(w, s);
    return { ...e, params: { id: await w.scratch.unit(s), ...e.params } };
  });
/** A unit id of each scope (for forms that name the parent by id). */
const unitIdIn = async (w: MatrixWorld, s: Scope) => (await w.p.ctx.repos.units.findAllByCode(subtreeOf(w, s)))[0]!.id;
/** Where a moved person goes: another unit of the same scope. */
const moveTo = (w: MatrixWorld, s: Scope) => (s === 'inside' ? w.units.sumbaBarat : s === 'outside' ? w.units.surabaya : w.units.bkn);
/** A participant import naming, with another name, a person of the scope: the answer must never say who holds the NIP or where. */
const participantCsv = (w: MatrixWorld, s: Scope) => ({
  multipart: {
    field: 'file',
    filename: 'peserta.csv',
    type: 'text/csv',
    data: Buffer.from(`\uFEFFnip;nama;email;telepon;kode_unit\n${targetOf(w, s).nip};Nama Dari Berkas;;;${w.units.kupang}\n${w.scratch.nip()};Peserta Baru Berkas;;;${w.units.kupang}\n`),
  },
});
const unitCsv = { multipart: { field: 'file', filename: 'unit.csv', type: 'text/csv', data: Buffer.from('code;name;parent_code;kind\nUJI-IMPOR;Unit Impor Uji;53;unit\n') } };
/** Monitoring: inside = cohort A within NTT; outside = cohort B within Jawa Timur; foreign = the BKN cohort. */
const monitor = (extra: Record<string, string> = {}) =>
  scoped((w, s) => ({ query: { ...extra, ...(s === 'foreign' ? { cohortId: w.cohort.foreign } : { cohortId: s === 'inside' ? w.cohort.a : w.cohort.b, unit: subtreeOf(w, s) }) } }));
const cohortApi = scoped((w, s) => (s === 'foreign' ? { params: { id: w.cohort.foreign } } : { params: { id: s === 'inside' ? w.cohort.a : w.cohort.b }, query: { unit: subtreeOf(w, s) } }));
const importJobOf = (extra: Probe = {}) => scoped((w, s) => ({ ...extra, params: { id: w.importJob[s as 'inside' | 'outside'] } }), ['inside', 'outside']);
/** Import jobs: their creator (and platform admins); administrators only. */
const importJobReaders = { admin: O, agencyAdmin: N, operator: by(O, N), facilitator: F, participant: F, otherParticipant: F, anonymous: L };

MATRIX.push(
  // --- organisation tree administration ---
  row('POST /api/v1/units', who.scopedPerson, { fill: scoped((w, s) => ({ body: { json: { code: w.unique('UJIAPI'), name: 'Unit Uji API', kind: 'unit', parentCode: subtreeOf(w, s) } } })), strict: true }),
  row('PATCH /api/v1/units/:id', who.scopedPerson, { fill: freshUnit(() => ({ body: { json: { name: 'Unit Uji Berganti Nama' } } })), strict: true }),
  row('POST /api/v1/units/import', who.administrators, { fill: () => ({ body: unitCsv }) }),
  row('GET /api/v1/units/import/template', who.administrators),
  row('POST /admin/units/create', who.scopedPerson, { fill: scoped(async (w, s) => ({ body: { form: { parentId: String(await unitIdIn(w, s)), code: w.unique('UJIHAL'), name: 'Unit Uji Halaman', kind: 'unit' } } })), strict: true, noBody: true }),
  row('POST /admin/units/:id/rename', who.scopedPerson, { fill: freshUnit(() => ({ body: { form: { name: 'Unit Uji Berganti Nama' } } })), strict: true }),
  row('POST /admin/units/:id/move', who.scopedPerson, { fill: freshUnit((w, s) => ({ body: { form: { parentCode: moveTo(w, s) } } })), strict: true }),
  row('GET /admin/units/import', who.administrators),
  row('POST /admin/units/import', who.administrators, { fill: () => ({ body: unitCsv }) }),
  row('POST /admin/units/import/apply', who.administrators),
  row('GET /admin/units/template.xlsx', who.administrators),

  // --- bulk provisioning (dry runs; the import jobs' codes only for their creator) ---
  row('POST /api/v1/participants/import', who.administrators, { fill: scoped((w, s) => ({ body: participantCsv(w, s) })), alsoOk: [400] }),
  row('GET /api/v1/participants/import/template', who.administrators),
  row('GET /admin/participants/import', who.administrators),
  row('POST /admin/participants/import', who.administrators, { fill: scoped((w, s) => ({ body: participantCsv(w, s) })) }),
  row('POST /admin/participants/import/apply', who.administrators),
  row('GET /admin/participants/import/template.xlsx', who.administrators),
  row('GET /admin/participants/import/jobs/:id', importJobReaders, { fill: importJobOf() }),
  row('GET /admin/participants/import/jobs/:id/slips.pdf', importJobReaders, { fill: importJobOf() }),
  row('GET /admin/participants/import/jobs/:id/codes.xlsx', importJobReaders, { fill: importJobOf() }),

  // --- account care (scoped by the participant's unit) ---
  row('GET /api/v1/users/:id/lock', who.scopedPerson, { fill: user() }),
  row('POST /api/v1/users/:id/unlock', who.scopedPerson, { fill: user(() => ({ body: { json: { reason: REASON } } })), strict: true }),
  row('POST /api/v1/users/:id/move', who.scopedPerson, { fill: freshPerson((w, s) => ({ body: { json: { unitCode: moveTo(w, s), reason: REASON } } })), strict: true }),
  row('POST /api/v1/users/:id/nip', who.scopedPerson, { fill: freshPerson((w) => ({ body: { json: { nip: w.scratch.nip(), reason: REASON } } })), strict: true }),
  row('GET /api/v1/users/:id/nips', who.scopedPerson, { fill: user() }),
  row('GET /api/v1/nip-records', who.administrators, { fill: scoped((w, s) => ({ query: { nip: targetOf(w, s).nip! } })), note: 'a search: people outside the scope are left out (checked by the leak check)' }),
  row('POST /api/v1/users/:id/enrolments', who.scopedPerson, { fill: freshPerson((w) => ({ body: { json: { cohortId: w.cohort.a } } })) }),
  row('POST /api/v1/users/:id/activation-code', who.scopedPerson, { fill: freshPerson(), strict: true, noBody: true }),
  row('POST /api/v1/enrolments/:id/withdraw', who.scopedPerson, { fill: freshEnrolment(() => ({ body: { json: { reason: REASON } } })), strict: true }),
  row('POST /api/v1/enrolments/:id/readmit', who.scopedPerson, { fill: freshEnrolment(() => ({ body: { json: { reason: REASON } } })) }),
  row('GET /admin/users/:id/care', who.scopedPerson, { fill: user() }),
  row('POST /admin/users/:id/care/unlock', who.scopedPerson, { fill: user(() => ({ body: { form: { reason: REASON } } })), strict: true }),
  row('POST /admin/users/:id/care/move', who.scopedPerson, { fill: freshPerson((w, s) => ({ body: { form: { unitCode: moveTo(w, s), reason: REASON } } })), strict: true }),
  row('POST /admin/users/:id/care/nip', who.scopedPerson, { fill: freshPerson((w) => ({ body: { form: { nip: w.scratch.nip(), reason: REASON } } })), strict: true }),
  row('POST /admin/users/:id/care/enrol', who.scopedPerson, { fill: freshPerson((w) => ({ body: { form: { cohortId: String(w.cohort.a) } } })) }),
  row('POST /admin/users/:id/care/activation-code', who.scopedPerson, { fill: freshPerson(), strict: true }),
  row('POST /admin/enrolments/:id/withdraw', who.scopedPerson, { fill: freshEnrolment(() => ({ body: { form: { reason: REASON } } })), strict: true }),
  row('POST /admin/enrolments/:id/readmit', who.scopedPerson, { fill: freshEnrolment(() => ({ body: { form: { reason: REASON } } })) }),

  // --- participant self-service and the corrections queue ---
  row('GET /api/v1/me/profile', who.signedIn),
  row('GET /api/v1/me/corrections', who.signedIn),
  row('POST /api/v1/me/corrections', who.signedIn, { fill: () => ({ body: { json: { field: 'phone', requestedValue: '081299998888' } } }) }),
  row('GET /profile', who.signedIn),
  row('POST /profile/corrections', who.signedIn, { fill: () => ({ body: { form: { field: 'phone', requestedValue: '081299998888' } } }) }),
  row('GET /api/v1/corrections', who.administrators),
  row('POST /api/v1/corrections/:id/approve', who.scopedPerson, { fill: freshCorrection({ body: { json: {} } }), strict: true }),
  row('POST /api/v1/corrections/:id/reject', who.scopedPerson, { fill: freshCorrection({ body: { json: { note: 'Tidak sesuai dokumen.' } } }), strict: true }),
  row('GET /admin/corrections', who.administrators),
  row('POST /admin/corrections/:id/approve', who.scopedPerson, { fill: freshCorrection(), strict: true }),
  row('POST /admin/corrections/:id/reject', who.scopedPerson, { fill: freshCorrection({ body: { form: { note: 'Tidak sesuai dokumen.' } } }), strict: true }),

  // --- certificate requirements (photo, identity confirmation) and learning hours (JP) ---
  row('PUT /api/v1/me/photo', who.signedIn, { fill: () => ({ body: photoUpload }), note: 'the probe is not an image: 415 counts as past authorisation' }),
  row('GET /api/v1/me/photo', who.signedIn, { alsoOk: [404], note: '404 while no photo was uploaded' }),
  row('GET /account/photo', who.signedIn, { alsoOk: [404], note: '404 while no photo was uploaded' }),
  row('POST /account/photo', who.signedIn, { fill: () => ({ body: photoUpload }) }),
  row('GET /api/v1/enrolments/:id/certificate-requirements', who.own, { fill: enrolment(() => ({}), ['inside', 'outside']) }),
  row('POST /api/v1/enrolments/:id/certificate-confirmation', who.own, { fill: enrolment(() => ({}), ['inside', 'outside']), noBody: true }),
  row('POST /account/certificates/:enrolmentId/confirm', who.own, { fill: enrolment(() => ({}), ['inside', 'outside'], 'enrolmentId') }),
  row('GET /api/v1/me/learning-hours', who.signedIn),
  row('GET /account/learning-hours', who.signedIn),
  row('GET /api/v1/units/:id/learning-hours', who.scopedPerson, { fill: scoped(async (w, s) => ({ params: { id: await subtreeIdOf(w, s) }, query: { year: 2026 } })) }),
  row('GET /api/v1/units/:id/learning-hours.xlsx', who.scopedPerson, { fill: scoped(async (w, s) => ({ params: { id: await subtreeIdOf(w, s) }, query: { year: 2026 } })) }),
  row('GET /admin/learning-hours', who.scopedPerson, { fill: scoped((w, s) => ({ query: { unit: subtreeOf(w, s), year: 2026 } })) }),

  // --- monitoring: reviewers; cohorts outside the scope and unit filters outside it 404 ---
  row('GET /api/v1/cohorts/:id/participants', reportReaders, { fill: cohortApi }),
  row('GET /api/v1/cohorts/:id/summary', reportReaders, { fill: cohortApi }),
  row('GET /admin/monitoring', reportReaders, { fill: monitor() }),
  row('GET /admin/monitoring/export', reportReaders, { fill: monitor({ format: 'xlsx' }) }),
  row('GET /admin/monitoring/participants', reportReaders, { fill: monitor() }),
  row('GET /admin/monitoring/participants/export', reportReaders, { fill: monitor({ format: 'xlsx' }) }),
  row('GET /admin/monitoring/behind', reportReaders, { fill: monitor() }),
  row('GET /admin/monitoring/behind/export', reportReaders, { fill: monitor({ format: 'csv' }) }),
  row('GET /admin/monitoring/enrolments/:id', reportReaders, { fill: enrolment() }),
);

// ---------------------------------------------------------------------------------------------
// Issue 6: attendance of live sessions (inside: a session of the KPU programme; foreign: one of the
// BKN programme). Managers: platform admins, the organiser agency's admins, facilitators of a cohort;
// unit operators only see the list (of their units' participants); participants 403.

const liveSessions = new WeakMap<MatrixWorld, Promise<{ inside: number; foreign: number }>>();
/** A live session in each programme (created once per world, unpublished so the outlines stay as they are). */
const liveSessionOf = async (w: MatrixWorld, s: Scope): Promise<number> => {
  let made = liveSessions.get(w);
  if (!made) {
    const create = (programmeId: number, stageId: number) =>
      w.p.ctx.repos.learning.insertActivity({
        programme_id: programmeId,
        stage_id: stageId,
        position: 900,
        kind: 'live_session',
        title: 'Sesi Pembukaan Matriks',
        published: false,
        config: { startAt: '2026-11-28T00:00:00.000Z', endAt: '2026-11-28T03:00:00.000Z', provider: 'zoom_meeting', joinUrl: 'https://zoom.us/j/1234567890', completion: { minMinutes: 60, joinCounts: false, recordingShare: null } },
        now: w.p.clock.fn().toISOString(),
      });
    made = (async () => ({ inside: await create(w.programme.kpu, w.stage.kpu), foreign: await create(w.programme.foreign, w.stage.foreign) }))();
    liveSessions.set(w, made);
  }
  return (await made)[s === 'foreign' ? 'foreign' : 'inside'];
};
/** A Zoom report: the acting NTT participant (signed in) and a stranger left for manual matching. */
const zoomCsv = (w: MatrixWorld, stranger: string) =>
  Buffer.from(`Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\nPeserta Matriks,${w.people.participant.email},11/28/2026 08:00:00,11/28/2026 09:30:00,90,No\r\n${stranger},,11/28/2026 08:00:00,11/28/2026 08:45:00,45,Yes\r\n`);
/** Names are compared without digits: a unique name in letters ("12" → "bc"). */
const lettersOf = (digits: string) => digits.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
/** A report imported by the platform admin: its id and its pending person (fresh: a new stranger each time). */
const zoomImport = async (w: MatrixWorld, s: Scope) => {
  const { importReport, getImport } = await import('../../src/services/live-attendance.js');
  const { loadPrincipal } = await import('../../src/services/auth.js');
  const activityId = await liveSessionOf(w, s);
  const principal = await loadPrincipal(w.p.ctx, w.people.admin.id);
  const res = await importReport(w.p.ctx, { userId: w.people.admin.id, principal }, activityId, { data: zoomCsv(w, `Perangkat Tamu ${lettersOf(w.unique(''))}`), filename: 'zoom.csv', zone: 'WITA' });
  const detail = await getImport(w.p.ctx, principal, activityId, res.import.id);
  return { activityId, importId: res.import.id, personId: detail.people[0]!.id };
};
const sharedImports = new WeakMap<MatrixWorld, Map<Scope, ReturnType<typeof zoomImport>>>();
const sharedImport = (w: MatrixWorld, s: Scope) => {
  let m = sharedImports.get(w);
  if (!m) sharedImports.set(w, (m = new Map()));
  let i = m.get(s);
  if (!i) m.set(s, (i = zoomImport(w, s)));
  return i;
};
const live = (extra: (w: MatrixWorld, s: Scope) => Probe | Promise<Probe> = () => ({})) =>
  scoped(async (w, s) => {
    const e = await extra(w, s);
    return { ...e, params: { activityId: await liveSessionOf(w, s), ...e.params } };
  }, ['inside', 'foreign']);
/** The list, its exports and its page: every reviewer of the programme (operators limited to their units). */
const attendanceReaders = { admin: O, agencyAdmin: by(O, undefined, N), operator: by(O, undefined, N), facilitator: by(O, undefined, N), participant: F, otherParticipant: F, anonymous: L };
/** Uploading, the imports, matching and marks: platform admins, the organiser's admins, facilitators; operators only see (403). */
const attendanceManagers = { ...attendanceReaders, operator: by(F, undefined, N) };
const zoomUpload = (w: MatrixWorld) => ({ body: { multipart: { field: 'file', filename: 'zoom.csv', type: 'text/csv', data: zoomCsv(w, 'Narasumber Matriks'), fields: { zone: 'WITA' } } } });

MATRIX.push(
  row('GET /api/v1/live-sessions/:activityId/attendance', attendanceReaders, { fill: live() }),
  row('GET /api/v1/live-sessions/:activityId/attendance/export.xlsx', attendanceReaders, { fill: live() }),
  row('POST /api/v1/live-sessions/:activityId/attendance/imports', attendanceManagers, { fill: live(zoomUpload), strict: true, note: 'the same file again is a duplicate (200)' }),
  row('GET /api/v1/live-sessions/:activityId/attendance/imports', attendanceManagers, { fill: live() }),
  row('GET /api/v1/live-sessions/:activityId/attendance/imports/:importId', attendanceManagers, { fill: live(async (w, s) => ({ params: { importId: (await sharedImport(w, s)).importId } })) }),
  row('GET /api/v1/live-sessions/:activityId/attendance/members', attendanceManagers, { fill: live(() => ({ query: { q: 'an' } })) }),
  row('POST /api/v1/live-sessions/:activityId/attendance/resolutions', attendanceManagers, { fill: live(async (w, s) => ({ body: { json: { personId: (await zoomImport(w, s)).personId, action: 'dismiss', note: REASON } } })), strict: true }),
  row('POST /api/v1/live-sessions/:activityId/attendance/marks', attendanceManagers, { fill: live((w, s) => ({ body: { json: { enrolmentId: w.enrolment[s], mark: 'present', reason: REASON } } })), strict: true }),
  row('GET /admin/activities/:activityId/attendance', attendanceReaders, { fill: live() }),
  row('GET /admin/activities/:activityId/attendance/export', attendanceReaders, { fill: live() }),
  row('POST /admin/activities/:activityId/attendance/imports', attendanceManagers, { fill: live(zoomUpload), strict: true }),
  row('GET /admin/activities/:activityId/attendance/imports/:importId', attendanceManagers, { fill: live(async (w, s) => ({ params: { importId: (await sharedImport(w, s)).importId } })) }),
  row('GET /admin/activities/:activityId/attendance/people/:personId', attendanceManagers, { fill: live(async (w, s) => ({ params: { personId: (await sharedImport(w, s)).personId }, query: { q: 'an' } })) }),
  row('POST /admin/activities/:activityId/attendance/people/:personId', attendanceManagers, { fill: live(async (w, s) => ({ params: { personId: (await zoomImport(w, s)).personId }, body: { form: { action: 'dismiss', note: REASON } } })), strict: true }),
  row('POST /admin/activities/:activityId/attendance/marks', attendanceManagers, { fill: live((w, s) => ({ body: { form: { enrolmentId: String(w.enrolment[s]), mark: 'absent', reason: REASON } } })), strict: true }),
);

// Issue 6: live sessions themselves (joining, calendars, speakers): test/support/matrix-live.ts.
MATRIX.push(...LIVE_ROWS);

/** For a route without a row: the line to start from. */
export function suggestRow(route: string): string {
  const url = route.slice(route.indexOf(' ') + 1);
  const pattern = url.startsWith('/api/') ? 'who.administrators' : 'who.signedIn';
  return `row('${route}', ${pattern}${url.includes(':') ? ', { fill: scoped((w, s) => ({ params: { … } })) }' : ''}),`;
}

export { DEMO_PASSWORD };
