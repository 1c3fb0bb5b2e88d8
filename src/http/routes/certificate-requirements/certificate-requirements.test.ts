// Certificate requirements end to end on a real platform: eligibility following each input (activities,
// final evaluation or its remedial, Jurnal, confirmation, photo), the programme's flags, a pending
// correction and changed data; the photo routes (formats, sizes, owner only); the confirmation API and
// form; and the hook that asks the pipeline for a certificate when the last input arrives.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'kysely';
import { startTestPlatform, testDatabases, TestClient, type TestPlatform } from '../../../../test/support/platform.js';
import { addTestUser } from '../../../../test/support/quiz.js';
import { createTestProgramme } from '../../../../test/support/learning.js';
import { eligibilityOf } from '../../../services/certificate-eligibility.js';
import { recordProgress } from '../../../services/learning.js';
import { rejectCorrection, requestCorrection } from '../../../services/profile.js';
import { certificateOfEnrolment } from '../../../services/certificates/pipeline.js';
import { reviewSubmission } from '../../../services/submissions.js';
import { saveAnswers, startAttempt, submitAttempt } from '../../../services/quiz-attempts.js';
import { questionBankChanged } from '../../../services/question-bank.js';
import { loadPrincipal } from '../../../services/auth.js';
import { multipartBody } from '../../../../test/support/multipart.js';

const PASSWORD = 'Sandi-Uji-Sertifikat-2025!';

function multipart(file: { data: Buffer; filename: string; type: string }) {
  return multipartBody({}, [{ field: 'file', ...file }]);
}

const jpeg = (w = 600, h = 800) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 180, g: 120, b: 90 } } }).jpeg().toBuffer();
const png = (w = 450, h = 450) => sharp({ create: { width: w, height: h, channels: 4, background: { r: 20, g: 80, b: 160, alpha: 1 } } }).png().toBuffer();
const gif = () => sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 1, g: 2, b: 3 } } }).gif().toBuffer();

interface World {
  p: TestPlatform;
  participant: number;
  other: number;
  programmeId: number;
  cohortId: number;
  reviewer: number;
  questionId: number;
  enrolment: number;
  otherEnrolment: number;
  activity: { page: number; final: number; remedial: number; jurnal: number };
}

async function buildWorld(p: TestPlatform): Promise<World> {
  const now = p.clock.fn().toISOString();
  const agency = await p.ctx.repos.units.insert({ parent: null, code: 'KPU', name: 'Komisi Pemilihan Umum', kind: 'agency', region_code: null, now });
  const ntt = await p.ctx.repos.units.insert({ parent: agency, code: '53', name: 'KPU Provinsi Nusa Tenggara Timur', kind: 'province', region_code: '53', now });
  await p.ctx.repos.units.insert({ parent: ntt, code: '5371', name: 'KPU Kota Kupang', kind: 'regency', region_code: '5371', now });
  const participant = await addTestUser(p, { login: 'maria.nggaa', name: 'Maria Goreti Nggaa', nip: '199501072022212016', unitCode: '5371', password: PASSWORD });
  const other = await addTestUser(p, { login: 'yohanes.bria', name: 'Yohanes Bria', nip: '198609072023211016', unitCode: '5371', password: PASSWORD });
  const reviewer = await addTestUser(p, { login: 'admin.uji', name: 'Admin Uji', role: 'platform_admin', password: PASSWORD });
  const { programmeId, cohortId, enrolmentIds } = await createTestProgramme(p, { code: 'ORIENT-UJI', participantIds: [participant, other] });
  const categoryId = await p.ctx.repos.questions.ensureCategory(programmeId, 'Umum', now);
  const questionId = await p.ctx.repos.questions.insertQuestion({
    programmeId, categoryId, code: 'U-01', type: 'true_false', text: 'ASN terdiri atas PNS dan PPPK.', imageFileId: null,
    options: [{ id: 1, text: 'Benar', correct: true }, { id: 2, text: 'Salah', correct: false }], acceptedAnswers: [], points: 1, partialCredit: false, feedback: null, tags: [], now,
  });
  questionBankChanged(p.ctx);
  const L = p.ctx.repos.learning;
  const stage = await L.insertStage({ programme_id: programmeId, position: 1, title: 'Materi dan Evaluasi', sequential: false, now });
  const draw = [{ category: 'Umum', count: null }];
  const page = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 1, kind: 'page', title: 'Nilai Dasar ASN', required: true, config: { markdown: 'Materi', completeOn: 'open' }, now });
  const final = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 2, kind: 'quiz', title: 'Evaluasi Akhir', required: true, config: { purpose: 'final', draw }, now });
  const remedial = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 3, kind: 'quiz', title: 'Remedial', required: false, config: { purpose: 'remedial', draw, attempts: null }, now });
  const jurnal = await L.insertActivity({ programme_id: programmeId, stage_id: stage, position: 4, kind: 'upload', title: 'Unggah Jurnal', required: true, config: { requireMaterialOpened: false }, now });
  for (const id of enrolmentIds) await p.ctx.db.kysely.updateTable('enrolments').set({ first_signin_at: now }).where('id', '=', id).execute();
  return { p, participant, other, programmeId, cohortId, reviewer, questionId, enrolment: enrolmentIds[0]!, otherEnrolment: enrolmentIds[1]!, activity: { page, final, remedial, jurnal } };
}

/** Sets an activity's stored progress directly (the kinds' own tests cover how events get there). */
async function setProgress(w: World, enrolmentId: number, activityId: number, state: 'in_progress' | 'completed', data: Record<string, unknown> = {}) {
  const now = w.p.clock.fn().toISOString();
  const row = { enrolment_id: enrolmentId, activity_id: activityId, state, percent: state === 'completed' ? 100 : 50, data: JSON.stringify(data), completed_at: state === 'completed' ? now : null, updated_at: now };
  await w.p.ctx.db.kysely
    .insertInto('activity_progress')
    .values(row)
    .onConflict((oc) => oc.columns(['enrolment_id', 'activity_id']).doUpdateSet({ state: row.state, percent: row.percent, data: row.data, completed_at: row.completed_at }))
    .execute();
}

async function setFlags(w: World, flags: Partial<Record<'enabled' | 'activities' | 'evaluation' | 'jurnal' | 'confirmation' | 'photo', boolean>>) {
  const f = { enabled: true, activities: true, evaluation: true, jurnal: true, confirmation: true, photo: true, ...flags };
  const b = (v: boolean) => (v ? 1 : 0);
  const now = w.p.clock.fn().toISOString();
  await sql`delete from certificate_settings where programme_id = ${w.programmeId}`.execute(w.p.ctx.db.kysely);
  await sql`insert into certificate_settings (programme_id, enabled, require_activities, require_evaluation, require_jurnal, require_confirmation, require_photo, number_pattern, created_at, updated_at)
    values (${w.programmeId}, ${b(f.enabled)}, ${b(f.activities)}, ${b(f.evaluation)}, ${b(f.jurnal)}, ${b(f.confirmation)}, ${b(f.photo)}, ${'{seq}/ORIENT/{agency}/{year}'}, ${now}, ${now})`.execute(w.p.ctx.db.kysely);
}

/** A fresh participant enrolled in the programme's cohort, its clock started. */
async function freshEnrolment(w: World, login: string): Promise<{ userId: number; enrolmentId: number }> {
  const now = w.p.clock.fn().toISOString();
  const userId = await addTestUser(w.p, { login, name: `Peserta ${login}`, nip: null, unitCode: '5371', password: PASSWORD });
  await w.p.ctx.repos.programmes.enrol({ cohort_id: w.cohortId, user_id: userId, ndh: null, now });
  const row = await w.p.ctx.db.kysely.selectFrom('enrolments').select('id').where('cohort_id', '=', w.cohortId).where('user_id', '=', userId).executeTakeFirstOrThrow();
  await w.p.ctx.db.kysely.updateTable('enrolments').set({ first_signin_at: now }).where('id', '=', row.id).execute();
  return { userId, enrolmentId: row.id };
}

async function signedIn(w: World, login: string) {
  const c = new TestClient(w.p);
  await c.login(login, PASSWORD);
  await c.get('/profile');
  return c;
}

async function putPhoto(c: TestClient, file: { data: Buffer; filename: string; type: string }) {
  const m = multipart(file);
  return c.request({ method: 'PUT', url: '/api/v1/me/photo', headers: { 'content-type': m.type, accept: 'application/json', 'x-csrf-token': c.csrf }, payload: m.payload });
}

for (const kind of testDatabases()) {
  describe(`certificate requirements (${kind})`, () => {
    let w: World;
    before(async () => {
      w = await buildWorld(await startTestPlatform(kind));
    });
    after(async () => {
      await w.p.dispose();
    });

    test('eligibility follows each input: activities, final evaluation (failed, then passed by remedial), Jurnal, photo, confirmation', async () => {
      const id = w.enrolment;
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: false, missing: ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo'] });

      await setProgress(w, id, w.activity.page, 'completed', { opened: true });
      await setProgress(w, id, w.activity.final, 'in_progress', { purpose: 'final', attempts: 1, gradePercent: 40, passed: false, failed: true });
      assert.deepEqual((await eligibilityOf(w.p.ctx, id)).missing, ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo']);

      // The remedial's pass is recorded on the final evaluation: that counts as passed.
      await setProgress(w, id, w.activity.final, 'completed', { purpose: 'final', attempts: 1, gradePercent: 40, passed: true, failed: false, passedByRemedial: true });
      assert.deepEqual((await eligibilityOf(w.p.ctx, id)).missing, ['activities', 'jurnal', 'confirmation', 'photo']);

      await setProgress(w, id, w.activity.jurnal, 'completed', { status: 'accepted' });
      assert.deepEqual((await eligibilityOf(w.p.ctx, id)).missing, ['confirmation', 'photo']);

      const c = await signedIn(w, 'maria.nggaa');
      assert.equal((await putPhoto(c, { data: await jpeg(), filename: 'foto.jpg', type: 'image/jpeg' })).status, 200);
      assert.deepEqual((await eligibilityOf(w.p.ctx, id)).missing, ['confirmation']);

      const confirmed = await c.postJson(`/api/v1/enrolments/${id}/certificate-confirmation`);
      assert.equal(confirmed.status, 200, confirmed.body);
      assert.equal(confirmed.json().confirmation, 'confirmed');
      assert.deepEqual(confirmed.json().printed, { name: 'Maria Goreti Nggaa', nip: '199501072022212016', unit: 'KPU Kota Kupang' });
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: true, missing: [] });

      const api = await c.getJson(`/api/v1/enrolments/${id}/certificate-requirements`);
      assert.equal(api.status, 200);
      assert.equal(api.json().eligible, true);
      assert.deepEqual(api.json().required, ['activities', 'evaluation', 'jurnal', 'confirmation', 'photo']);
    });

    test('the programme’s flags decide what counts; a disabled programme is never eligible', async () => {
      const id = w.otherEnrolment; // nothing done at all
      await setFlags(w, { activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false });
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: true, missing: [] });
      await setFlags(w, { activities: false, evaluation: false, jurnal: true, confirmation: false, photo: false });
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: false, missing: ['jurnal'] });
      await setFlags(w, { activities: false, evaluation: true, jurnal: false, confirmation: false, photo: true });
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: false, missing: ['evaluation', 'photo'] });
      await setFlags(w, { enabled: false });
      assert.deepEqual(await eligibilityOf(w.p.ctx, w.enrolment), { eligible: false, missing: [] });
      await setFlags(w, {});
    });

    test('a pending correction of the printed data blocks (confirming is refused); changed data voids the confirmation', async () => {
      const id = w.enrolment;
      const c = await signedIn(w, 'maria.nggaa');
      assert.equal((await eligibilityOf(w.p.ctx, id)).eligible, true);

      await requestCorrection(w.p.ctx, { userId: w.participant }, { field: 'name', requestedValue: 'Maria Goreti Nggaa, S.Sos.' });
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: false, missing: ['confirmation'] });
      const refused = await c.postJson(`/api/v1/enrolments/${id}/certificate-confirmation`);
      assert.equal(refused.status, 409);
      assert.equal(refused.json().error.code, 'correction_pending');
      assert.equal((await c.getJson(`/api/v1/enrolments/${id}/certificate-requirements`)).json().confirmation, 'pending_correction');

      // The operator approves: the name changes, the old confirmation no longer counts.
      await w.p.ctx.db.kysely.updateTable('profile_corrections').set({ status: 'approved' }).where('user_id', '=', w.participant).execute();
      await w.p.ctx.repos.users.update(w.participant, { name: 'Maria Goreti Nggaa, S.Sos.' });
      const changed = await c.getJson(`/api/v1/enrolments/${id}/certificate-requirements`);
      assert.equal(changed.json().confirmation, 'changed');
      assert.deepEqual(changed.json().missing, ['confirmation']);

      // Confirming again through the form (no JavaScript).
      const form = await c.postForm(`/account/certificates/${id}/confirm`, {});
      assert.equal(form.status, 303);
      assert.equal(form.headers.location, '/profile?notice=confirmed#sertifikat');
      assert.deepEqual(await eligibilityOf(w.p.ctx, id), { eligible: true, missing: [] });
    });

    test('confirmation and checklist of someone else’s enrolment: 404; anonymous: 401', async () => {
      const c = await signedIn(w, 'yohanes.bria');
      assert.equal((await c.postJson(`/api/v1/enrolments/${w.enrolment}/certificate-confirmation`)).status, 404);
      assert.equal((await c.getJson(`/api/v1/enrolments/${w.enrolment}/certificate-requirements`)).status, 404);
      assert.equal((await c.postForm(`/account/certificates/${w.enrolment}/confirm`, {})).status, 404);
      assert.equal((await new TestClient(w.p).postJson(`/api/v1/enrolments/${w.enrolment}/certificate-confirmation`)).status, 401);
    });

    test('photo: JPEG and PNG accepted and framed 300×400; GIF, PDF and text 415; over 2 MB 413; too small 422', async () => {
      const c = await signedIn(w, 'yohanes.bria');
      assert.equal((await c.getJson('/api/v1/me/photo')).status, 404);

      const ok = await putPhoto(c, { data: await png(), filename: 'foto.png', type: 'image/png' });
      assert.equal(ok.status, 200, ok.body);
      assert.deepEqual({ ...ok.json().photo, uploadedAt: undefined }, { uploadedAt: undefined, width: 300, height: 400, sourceFormat: 'png', url: '/api/v1/me/photo' });
      const got = await c.request({ method: 'GET', url: '/api/v1/me/photo' });
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'image/jpeg');
      // The test client's body is text: the framed size is checked on the stored record.
      const stored = await w.p.ctx.repos.certificateRequirements.photo(w.other);
      assert.ok(stored && stored.width === 300 && stored.height === 400);

      const ownerOnly = await signedIn(w, 'maria.nggaa');
      const mine = await ownerOnly.getJson('/api/v1/me/photo');
      assert.equal(mine.status, 200); // her own photo from the first test, not his

      for (const bad of [
        { data: await gif(), filename: 'foto.gif', type: 'image/gif' },
        { data: Buffer.from('%PDF-1.4\n%%EOF\n'), filename: 'foto.pdf', type: 'application/pdf' },
        { data: Buffer.from('bukan gambar'), filename: 'foto.jpg', type: 'image/jpeg' },
      ]) {
        const res = await putPhoto(c, bad);
        assert.equal(res.status, 415, `${bad.filename}: ${res.body}`);
        assert.equal(res.json().error.message, 'Foto harus berupa gambar JPEG atau PNG.');
      }
      const big = Buffer.concat([await jpeg(), Buffer.alloc(2 * 1024 * 1024, 7)]);
      const tooLarge = await putPhoto(c, { data: big, filename: 'besar.jpg', type: 'image/jpeg' });
      assert.equal(tooLarge.status, 413);
      assert.match(tooLarge.json().error.message, /2 MB/);
      const small = await putPhoto(c, { data: await jpeg(40, 50), filename: 'kecil.jpg', type: 'image/jpeg' });
      assert.equal(small.status, 422);
      // Not multipart at all.
      assert.equal((await c.request({ method: 'PUT', url: '/api/v1/me/photo', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: '{}' })).status, 415);
      // The refused uploads left the accepted photo in place.
      assert.equal((await w.p.ctx.repos.certificateRequirements.photo(w.other))?.source_format, 'png');
    });

    test('photo form without JavaScript: 303 back to the profile, or the reason with the form again', async () => {
      const c = await signedIn(w, 'yohanes.bria');
      const before = (await w.p.ctx.repos.certificateRequirements.photo(w.other))!;
      const good = multipart({ data: await jpeg(), filename: 'foto.jpg', type: 'image/jpeg' });
      const res = await c.request({ method: 'POST', url: `/account/photo?_csrf=${encodeURIComponent(c.csrf)}`, headers: { 'content-type': good.type, accept: 'text/html' }, payload: good.payload });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/profile?notice=photo#foto-sertifikat');
      assert.equal((await w.p.ctx.repos.certificateRequirements.photo(w.other))?.source_format, 'jpeg');
      // The replaced photo's file is gone.
      assert.equal(await w.p.ctx.repos.files.findById(before.file_id), undefined);
      const profile = await c.get('/profile?notice=photo');
      assert.match(profile.body, /Foto sertifikat tersimpan/);
      assert.match(profile.body, /id="sertifikat"/);

      const bad = multipart({ data: Buffer.from('GIF89a....'), filename: 'foto.gif', type: 'image/gif' });
      const refused = await c.request({ method: 'POST', url: `/account/photo?_csrf=${encodeURIComponent(c.csrf)}`, headers: { 'content-type': bad.type, accept: 'text/html' }, payload: bad.payload });
      assert.equal(refused.status, 415);
      assert.match(refused.body, /Foto harus berupa gambar JPEG atau PNG/);
      assert.match(refused.body, /enctype="multipart\/form-data"/);
      // Without the CSRF token the form is refused.
      const noToken = await c.request({ method: 'POST', url: '/account/photo', headers: { 'content-type': good.type, accept: 'text/html' }, payload: good.payload });
      assert.equal(noToken.status, 403);
      // The owner sees the image; anonymous visitors are sent to sign in.
      assert.equal((await c.request({ method: 'GET', url: '/account/photo' })).headers['content-type'], 'image/jpeg');
      assert.equal((await new TestClient(w.p).get('/account/photo')).status, 303);
    });

    test('the profile shows the checklist with links, the status, and the data to confirm', async () => {
      const c = await signedIn(w, 'yohanes.bria');
      await setFlags(w, {});
      const page = await c.get('/profile');
      assert.equal(page.status, 200);
      assert.match(page.body, /<h2 id="sertifikat-title">Sertifikat<\/h2>/);
      assert.match(page.body, new RegExp(`data-enrolment="${w.otherEnrolment}"`));
      assert.match(page.body, /data-requirement="activities" data-met="0"/);
      assert.match(page.body, /data-requirement="photo" data-met="1"/);
      assert.match(page.body, /Data sudah benar/);
      assert.match(page.body, /Ajukan koreksi/);
      assert.match(page.body, /data-status="missing"/);
    });

    test('completing the last requirement through the learning service asks the pipeline for the certificate', async () => {
      // Only the activities count for this check (the other inputs have their own tests above).
      await setFlags(w, { evaluation: false, jurnal: false, confirmation: false, photo: false });
      const id = w.otherEnrolment;
      await setProgress(w, id, w.activity.final, 'completed', { purpose: 'final', attempts: 1, passed: true, failed: false });
      await setProgress(w, id, w.activity.jurnal, 'completed', {});
      assert.equal(await certificateOfEnrolment(w.p.ctx, id), null);
      const res = await recordProgress(w.p.ctx, { userId: w.other, enrolmentId: id, activityId: w.activity.page, event: { eventId: 'evt-cert-0001', type: 'opened' }, describeLock: () => '' });
      assert.equal(res.state, 'completed');
      assert.equal(res.enrolmentProgress, 100);
      const cert = await certificateOfEnrolment(w.p.ctx, id);
      assert.ok(cert, 'a certificate was requested');
      // The same event again changes nothing and asks nothing twice.
      const again = await recordProgress(w.p.ctx, { userId: w.other, enrolmentId: id, activityId: w.activity.page, event: { eventId: 'evt-cert-0001', type: 'opened' }, describeLock: () => '' });
      assert.equal(again.duplicate, true);
      assert.equal((await certificateOfEnrolment(w.p.ctx, id))?.id, cert.id);
      await setFlags(w, {});
    });

    test('accepting the Jurnal asks the pipeline for the certificate', async () => {
      await setFlags(w, { activities: false, evaluation: false, confirmation: false, photo: false });
      const { userId, enrolmentId } = await freshEnrolment(w, 'peserta.jurnal');
      const c = await signedIn(w, 'peserta.jurnal');
      const m = multipart({ data: Buffer.from('%PDF-1.4\n% jurnal\n%%EOF\n'), filename: 'jurnal.pdf', type: 'application/pdf' });
      const up = await c.request({ method: 'POST', url: `/api/v1/enrolments/${enrolmentId}/activities/${w.activity.jurnal}/submissions`, headers: { 'content-type': m.type, accept: 'application/json', 'x-csrf-token': c.csrf }, payload: m.payload });
      assert.equal(up.status, 201, up.body);
      assert.equal(await certificateOfEnrolment(w.p.ctx, enrolmentId), null, 'submitted is not accepted');
      const principal = await loadPrincipal(w.p.ctx, w.reviewer);
      await reviewSubmission(w.p.ctx, { userId: w.reviewer, principal }, up.json().submission.id, { decision: 'accept' });
      assert.ok(await certificateOfEnrolment(w.p.ctx, enrolmentId), 'a certificate was requested');
      assert.ok(userId > 0);
      await setFlags(w, {});
    });

    test('passing the final evaluation asks the pipeline for the certificate', async () => {
      await setFlags(w, { activities: false, jurnal: false, confirmation: false, photo: false });
      const { userId, enrolmentId } = await freshEnrolment(w, 'peserta.evaluasi');
      const started = await startAttempt(w.p.ctx, { userId, enrolmentId, activityId: w.activity.final, ip: null, describeLock: () => '' });
      await saveAnswers(w.p.ctx, { userId, attemptId: started.attempt.attemptId, answers: [{ questionId: w.questionId, answer: { optionIds: [1] } }], ip: null });
      assert.equal(await certificateOfEnrolment(w.p.ctx, enrolmentId), null);
      const result = await submitAttempt(w.p.ctx, { userId, attemptId: started.attempt.attemptId, ip: null });
      assert.equal(result.passed, true);
      assert.ok(await certificateOfEnrolment(w.p.ctx, enrolmentId), 'a certificate was requested');
      await setFlags(w, {});
    });

    test('a rejected correction unblocks: the earlier confirmation counts again and the pipeline is asked', async () => {
      await setFlags(w, { activities: false, evaluation: false, jurnal: false, photo: false });
      const { userId, enrolmentId } = await freshEnrolment(w, 'peserta.koreksi');
      const c = await signedIn(w, 'peserta.koreksi');
      await requestCorrection(w.p.ctx, { userId }, { field: 'unit', requestedValue: '53' });
      assert.equal((await c.postJson(`/api/v1/enrolments/${enrolmentId}/certificate-confirmation`)).status, 409);
      // Confirmed before the request (stored directly: the API refuses while it is pending).
      const u = (await w.p.ctx.repos.users.findById(userId))!;
      await w.p.ctx.repos.certificateRequirements.setConfirmation({ enrolmentId, userId, name: u.name, nip: u.nip, unit: u.unit_name, now: w.p.clock.fn().toISOString() });
      assert.deepEqual(await eligibilityOf(w.p.ctx, enrolmentId), { eligible: false, missing: ['confirmation'] });
      const correction = (await w.p.ctx.repos.profile.correctionsOfUser(userId))[0]!;
      const principal = await loadPrincipal(w.p.ctx, w.reviewer);
      await rejectCorrection(w.p.ctx, { userId: w.reviewer, principal }, correction.id, { note: 'Unit sudah benar.' });
      assert.deepEqual(await eligibilityOf(w.p.ctx, enrolmentId), { eligible: true, missing: [] });
      assert.ok(await certificateOfEnrolment(w.p.ctx, enrolmentId), 'a certificate was requested');
      await setFlags(w, {});
    });

    test('an issued certificate: the profile offers the download, the home page announces it', async () => {
      const now = w.p.clock.fn().toISOString();
      const { enrolmentId } = await freshEnrolment(w, 'peserta.terbit');
      await sql`insert into certificates (enrolment_id, user_id, programme_id, cohort_id, status, agency_key, number, verification_code, issued_at, created_at, updated_at)
        values (${enrolmentId}, (select user_id from enrolments where id = ${enrolmentId}), ${w.programmeId}, ${w.cohortId}, ${'issued'}, ${'KPU'}, ${'7/ORIENT/KPU/2026'}, ${'kode-uji-terbit-0001'}, ${now}, ${now}, ${now})`.execute(w.p.ctx.db.kysely);
      const cert = (await certificateOfEnrolment(w.p.ctx, enrolmentId))!;
      const c = await signedIn(w, 'peserta.terbit');
      const profile = await c.get('/profile');
      assert.match(profile.body, /data-status="issued"/);
      assert.match(profile.body, /Nomor 7\/ORIENT\/KPU\/2026/);
      assert.match(profile.body, new RegExp(`href="/api/v1/certificates/${cert.id}/pdf"`));
      const home = await c.get('/');
      assert.match(home.body, /data-certificate-notice/);
      assert.match(home.body, /Sertifikat Program ORIENT-UJI sudah terbit\./);
      // Someone without an issued certificate sees no notice.
      assert.doesNotMatch((await (await signedIn(w, 'yohanes.bria')).get('/')).body, /data-certificate-notice/);
    });
  });
}
