import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { createTestProgramme } from '../../../../test/support/learning.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import { hashPassword } from '../../../services/crypto.js';
import { multipartBody } from '../../../../test/support/multipart.js';

const FIXTURES = path.join(process.cwd(), 'test/fixtures/questions');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file?: { field: string; data: Buffer; filename: string; type?: string }) {
  return multipartBody(fields, file ? [file] : []);
}

async function addUser(p: TestPlatform, u: { login: string; nip?: string; role: 'participant' | 'agency_admin'; roleUnitCode?: string }) {
  const now = p.clock.fn().toISOString();
  const id = await p.ctx.repos.users.insert({
    login: u.login, nip: u.nip ?? null, name: u.login, email: `${u.login}@demo.lentera.id`, phone: null, employment_type: u.nip ? 'PPPK' : null, position: null,
    unit_id: null, password_hash: await hashPassword(DEMO_PASSWORD), must_change_password: 0, locale: null, status: 'active',
    created_at: now, updated_at: now, password_changed_at: now, last_login_at: null,
  });
  const roleUnit = u.roleUnitCode ? (await p.ctx.repos.units.findAllByCode(u.roleUnitCode))[0]! : null;
  await p.ctx.repos.users.addRole({ user_id: id, role: u.role, unit_id: roleUnit?.id ?? null, cohort_id: null, created_at: now, created_by: null });
  return id;
}

const idFrom = (location: unknown, re: RegExp): number => {
  const m = re.exec(String(location));
  assert.ok(m, `no id in ${String(location)}`);
  return Number(m[1]);
};

for (const kind of testDatabases()) {
  describe(`question bank [${kind}]`, () => {
    let p: TestPlatform;
    let admin: TestClient;
    let learner: TestClient; // enrolled in programme A
    let outsider: TestClient; // a participant enrolled in programme B only
    let agency: TestClient; // an agency admin whose scope does not hold programme A
    let A: number; // programme A
    let B: number; // programme B
    let quizA: number;
    let quizB: number;
    let catA: number;
    let enrolmentA: number;

    const base = () => `/admin/programmes/${A}/questions`;
    const apiImport = (programmeId: number, data: Buffer, apply = false, client = admin, filename = 'soal.csv') => {
      const body = multipart({}, { field: 'file', data, filename });
      return client.request({ method: 'POST', url: `/api/v1/programmes/${programmeId}/questions/import${apply ? '?apply=1' : ''}`, headers: { 'content-type': body.type, accept: 'application/json', 'x-csrf-token': client.csrf }, payload: body.payload });
    };
    const postMultipart = (url: string, fields: Record<string, string>, file?: { field: string; data: Buffer; filename: string; type?: string }, client = admin) => {
      const body = multipart({ _csrf: client.csrf, ...fields }, file);
      return client.request({ method: 'POST', url: `${url}?_csrf=${encodeURIComponent(client.csrf)}`, headers: { 'content-type': body.type, accept: 'text/html' }, payload: body.payload });
    };
    const countQuestions = async (programmeId: number) => Number((await p.ctx.db.kysely.selectFrom('questions').select((eb) => eb.fn.countAll().as('n')).where('programme_id', '=', programmeId).executeTakeFirstOrThrow()).n);
    const single = (over: Record<string, string> = {}) => ({ category: String(catA), type: 'single', text: 'Apa ibu kota NTT?', option_text_1: 'Kupang', option_correct_1: '1', option_text_2: 'Ende', points: '1', ...over });

    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
      const learnerId = await addUser(p, { login: 'peserta.a', nip: '199202022024212002', role: 'participant' });
      const outsiderId = await addUser(p, { login: 'peserta.b', nip: '199303032024213003', role: 'participant' });
      await addUser(p, { login: 'agency.ntt', role: 'agency_admin', roleUnitCode: DEMO.operator.unitCode });
      const a = await createTestProgramme(p, { code: 'BANK-A', participantIds: [learnerId] });
      const b = await createTestProgramme(p, { code: 'BANK-B', participantIds: [outsiderId] });
      A = a.programmeId;
      B = b.programmeId;
      enrolmentA = a.enrolmentIds[0]!;
      const now = p.clock.fn().toISOString();
      const L = p.ctx.repos.learning;
      const sA = await L.insertStage({ programme_id: A, position: 1, title: 'Evaluasi', now });
      const sB = await L.insertStage({ programme_id: B, position: 1, title: 'Evaluasi', now });
      const draw = { purpose: 'final', draw: [{ category: 'Kat A', count: 2 }, { category: 'Lain', count: null }] };
      quizA = await L.insertActivity({ programme_id: A, stage_id: sA, position: 1, kind: 'quiz', title: 'Evaluasi Akhir', config: draw, now });
      quizB = await L.insertActivity({ programme_id: B, stage_id: sB, position: 1, kind: 'quiz', title: 'Evaluasi Akhir', config: draw, now });
      admin = new TestClient(p);
      await admin.login(DEMO.admin.login, DEMO_PASSWORD);
      learner = new TestClient(p);
      await learner.login('peserta.a', DEMO_PASSWORD);
      outsider = new TestClient(p);
      await outsider.login('peserta.b', DEMO_PASSWORD);
      agency = new TestClient(p);
      await agency.login('agency.ntt', DEMO_PASSWORD);
      await admin.get(base());
    });
    after(() => p.dispose());

    test('categories: create with validation, list over the API', async () => {
      const empty = await admin.postForm(`${base()}/categories/new`, { name: ' ' });
      assert.equal(empty.status, 400);
      assert.match(empty.body, /id="cat-new-name-errors"/);
      assert.match(empty.body, /Kategori wajib diisi/);
      const ok = await admin.postForm(`${base()}/categories/new`, { name: 'Kat A', description: 'Agenda I' });
      assert.equal(ok.status, 303);
      const dup = await admin.postForm(`${base()}/categories/new`, { name: 'Kat A' });
      assert.equal(dup.status, 400);
      assert.match(dup.body, /Kategori dengan nama ini sudah ada/);
      const api = await admin.postJson(`/api/v1/programmes/${A}/question-categories`, { name: 'Lain' });
      assert.equal(api.status, 201);
      const list = (await admin.getJson(`/api/v1/programmes/${A}/question-categories`)).json();
      assert.deepEqual(list.items.map((c: { name: string }) => c.name), ['Kat A', 'Lain']);
      catA = list.items[0].id;
      const programmePage = await admin.get(`/admin/programmes/${A}`);
      assert.match(programmePage.body, new RegExp(`<a href="/admin/programmes/${A}/questions">Bank soal</a>`), 'the programme page links to its bank');
      const categoriesPage = await admin.get(`${base()}/categories`);
      assert.match(categoriesPage.body, /<h2 id="cat-\d+-title">Kat A<\/h2>/);
    });

    test('question form: a clear message per field and type, then create; code suggested', async () => {
      const form = await admin.get(`${base()}/new`);
      assert.equal(form.status, 200);
      assert.match(form.body, /value="SOAL-001"/);
      assert.match(form.body, /<legend>Pilihan jawaban/);
      const noCorrect = await postMultipart(`${base()}/new`, single({ option_correct_1: '' }));
      assert.equal(noCorrect.status, 400);
      assert.match(noCorrect.body, /id="q-options-errors"/);
      assert.match(noCorrect.body, /Tandai minimal satu pilihan yang benar/);
      const two = await postMultipart(`${base()}/new`, single({ option_correct_2: '1', text: '' }));
      assert.equal(two.status, 400);
      assert.match(two.body, /Pilihan ganda hanya boleh memiliki satu jawaban benar/);
      assert.match(two.body, /Teks soal wajib diisi/);
      const oneOption = await postMultipart(`${base()}/new`, single({ option_text_2: '' }));
      assert.match(oneOption.body, /Isi minimal 2 pilihan jawaban/);
      const emptyKey = await postMultipart(`${base()}/new`, single({ option_correct_4: '1' }));
      assert.match(emptyKey.body, /Kunci jawaban D menunjuk pilihan yang kosong/);
      const multi = await postMultipart(`${base()}/new`, single({ type: 'multiple', option_correct_1: '' }));
      assert.match(multi.body, /Tandai minimal satu pilihan yang benar/);
      const short = await postMultipart(`${base()}/new`, { category: String(catA), type: 'short', text: 'Dasar negara?', accepted_answers: ' \n ' });
      assert.match(short.body, /id="q-accepted-errors"/);
      assert.match(short.body, /Isi minimal satu jawaban yang diterima/);
      const tf = await postMultipart(`${base()}/new`, { category: String(catA), type: 'true_false', text: 'PPPK adalah ASN.' });
      assert.match(tf.body, /id="q-tf-errors"/);
      const points = await postMultipart(`${base()}/new`, single({ points: '0' }));
      assert.match(points.body, /Poin harus berupa angka lebih dari 0/);
      const noCat = await postMultipart(`${base()}/new`, single({ category: '' }));
      assert.match(noCat.body, /id="q-category-errors"/);
      assert.equal(await countQuestions(A), 0, 'nothing was written by the refused forms');

      const ok = await postMultipart(`${base()}/new`, single({ code: '', tags: 'ntt, geografi, NTT' }));
      assert.equal(ok.status, 303, ok.body.slice(0, 500));
      const id = idFrom(ok.headers.location, /questions\/(\d+)/);
      const q = (await admin.getJson(`/api/v1/questions/${id}`)).json();
      assert.equal(q.code, 'SOAL-001');
      assert.deepEqual(q.options, [{ id: 1, text: 'Kupang', correct: true }, { id: 2, text: 'Ende', correct: false }]);
      assert.deepEqual(q.tags, ['ntt', 'geografi']);
      assert.equal(q.usedByAttempts, 0);
      const dupCode = await postMultipart(`${base()}/new`, single({ code: 'SOAL-001' }));
      assert.match(dupCode.body, /Kode ini sudah dipakai soal lain/);
      const tfOk = await postMultipart(`${base()}/new`, { category: String(catA), type: 'true_false', text: 'PPPK adalah **ASN**.', tf_correct: 'salah', code: 'TF-1' });
      assert.equal(tfOk.status, 303);
      const tfq = (await admin.getJson(`/api/v1/questions/${idFrom(tfOk.headers.location, /questions\/(\d+)/)}`)).json();
      assert.deepEqual(tfq.options, [{ id: 1, text: 'Benar', correct: false }, { id: 2, text: 'Salah', correct: true }]);
      const page = await admin.get(`${base()}/${tfq.id}`);
      assert.match(page.body, /PPPK adalah <strong>ASN<\/strong>\./, 'the preview renders the Markdown');
      const audited = await p.ctx.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'question.created').execute();
      assert.equal(audited.length, 2);
    });

    test('API: create, list with filters and pagination, validation fields', async () => {
      const bad = await admin.postJson(`/api/v1/programmes/${A}/questions`, { categoryId: catA, type: 'single', text: 'x', options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] });
      assert.equal(bad.status, 400);
      assert.ok(bad.json().error.fields.options);
      for (let i = 1; i <= 3; i++) {
        const res = await admin.postJson(`/api/v1/programmes/${A}/questions`, { category: 'Lain', code: `API-${i}`, type: 'short', text: `Isian nomor ${i}`, acceptedAnswers: ['Pancasila'], tags: i === 2 ? ['Khusus'] : [] });
        assert.equal(res.status, 201, res.body);
      }
      const page1 = (await admin.getJson(`/api/v1/programmes/${A}/questions?type=short&limit=2`)).json();
      assert.equal(page1.items.length, 2);
      assert.ok(page1.nextCursor);
      const page2 = (await admin.getJson(`/api/v1/programmes/${A}/questions?type=short&limit=2&cursor=${page1.nextCursor}`)).json();
      assert.deepEqual(page2.items.map((q: { code: string }) => q.code), ['API-3']);
      assert.equal(page2.nextCursor, null);
      const tagged = (await admin.getJson(`/api/v1/programmes/${A}/questions?tag=khusus`)).json();
      assert.deepEqual(tagged.items.map((q: { code: string }) => q.code), ['API-2']);
      const search = (await admin.getJson(`/api/v1/programmes/${A}/questions?q=${encodeURIComponent('IBU KOTA')}`)).json();
      assert.deepEqual(search.items.map((q: { code: string }) => q.code), ['SOAL-001']);
      const byCat = (await admin.getJson(`/api/v1/programmes/${A}/questions?category=${catA}`)).json();
      assert.deepEqual(byCat.items.map((q: { code: string }) => q.code), ['SOAL-001', 'TF-1']);
      const html = await admin.get(`${base()}?type=short&q=nomor%202`);
      assert.match(html.body, /API-2/);
      assert.doesNotMatch(html.body, /API-3/);
    });

    test('option ids stay stable on edit: same position keeps its id, new options get max+1', async () => {
      const created = await admin.postJson(`/api/v1/programmes/${A}/questions`, { categoryId: catA, code: 'MUL-1', type: 'multiple', text: 'Nilai BerAKHLAK?', partialCredit: true, options: [{ text: 'Akuntabel', correct: true }, { text: 'Kompeten', correct: true }, { text: 'Malas', correct: false }] });
      assert.equal(created.status, 201);
      const id = created.json().id;
      assert.deepEqual(created.json().options.map((o: { id: number }) => o.id), [1, 2, 3]);
      await admin.get(`${base()}/${id}`);
      const edit = await postMultipart(`${base()}/${id}`, { category: String(catA), code: 'MUL-1', type: 'multiple', text: 'Nilai BerAKHLAK?', option_text_1: 'Akuntabel', option_correct_1: '1', option_text_2: 'Kompeten (kompetensi)', option_correct_2: '1', option_text_4: 'Harmonis', option_correct_4: '1', partial_credit: '1', points: '2' });
      assert.equal(edit.status, 303, edit.body.slice(0, 400));
      const after1 = (await admin.getJson(`/api/v1/questions/${id}`)).json();
      assert.deepEqual(after1.options, [{ id: 1, text: 'Akuntabel', correct: true }, { id: 2, text: 'Kompeten (kompetensi)', correct: true }, { id: 4, text: 'Harmonis', correct: true }]);
      assert.equal(after1.points, 2);
      assert.equal(after1.partialCredit, true);
      const put = await admin.sendJson('PUT', `/api/v1/questions/${id}`, { categoryId: catA, code: 'MUL-1', type: 'multiple', text: 'Nilai BerAKHLAK?', options: [...after1.options.map((o: { text: string; correct: boolean }) => ({ text: o.text, correct: o.correct })), { text: 'Loyal', correct: true }] });
      assert.equal(put.status, 200, put.body);
      assert.deepEqual(put.json().options.map((o: { id: number }) => o.id), [1, 2, 4, 5]);
      assert.equal(put.json().partialCredit, false);
    });

    test('image: PNG accepted by content, a renamed text file and an oversized image refused; served to authors and enrolled participants only', async () => {
      const fake = await postMultipart(`${base()}/new`, single({ code: 'IMG-0' }), { field: 'image', data: Buffer.from('not an image at all'), filename: 'gambar.png', type: 'image/png' });
      assert.equal(fake.status, 400);
      assert.match(fake.body, /Gambar harus berupa PNG, JPEG, WebP atau GIF/);
      const big = await postMultipart(`${base()}/new`, single({ code: 'IMG-0' }), { field: 'image', data: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), filename: 'besar.png', type: 'image/png' });
      assert.equal(big.status, 400);
      assert.match(big.body, /Gambar terlalu besar/);
      const ok = await postMultipart(`${base()}/new`, single({ code: 'IMG-1' }), { field: 'image', data: PNG, filename: 'peta.txt', type: 'text/plain' });
      assert.equal(ok.status, 303, ok.body.slice(0, 400));
      const id = idFrom(ok.headers.location, /questions\/(\d+)/);
      const q = (await admin.getJson(`/api/v1/questions/${id}`)).json();
      assert.equal(q.imageUrl, `/media/questions/${id}/image`);
      const asAdmin = await admin.get(q.imageUrl);
      assert.equal(asAdmin.status, 200);
      assert.equal(asAdmin.headers['content-type'], 'image/png');
      assert.equal((await learner.get(q.imageUrl)).status, 200, 'enrolled in the programme');
      assert.equal((await outsider.get(q.imageUrl)).status, 404, 'enrolled elsewhere');
      assert.equal((await agency.get(q.imageUrl)).status, 404, 'an author outside the scope');
      assert.equal((await new TestClient(p).get(q.imageUrl)).status, 401, 'anonymous: sign in (401), like every file route');
      assert.equal((await admin.get(`/media/questions/${(await admin.getJson(`/api/v1/programmes/${A}/questions?q=API-1`)).json().items[0].id}/image`)).status, 404, 'a question without an image');
      // Editing without a new file keeps the image; remove_image drops it.
      await admin.get(`${base()}/${id}`);
      assert.equal((await postMultipart(`${base()}/${id}`, single({ code: 'IMG-1', text: 'Peta NTT' }))).status, 303);
      assert.ok((await admin.getJson(`/api/v1/questions/${id}`)).json().imageUrl);
      assert.equal((await postMultipart(`${base()}/${id}`, single({ code: 'IMG-1', remove_image: '1' }))).status, 303);
      assert.equal((await admin.getJson(`/api/v1/questions/${id}`)).json().imageUrl, null);
    });

    test('archive vs delete: a question used by an attempt is archived, never deleted', async () => {
      const used = (await admin.postJson(`/api/v1/programmes/${A}/questions`, { categoryId: catA, code: 'USED-1', type: 'true_false', text: 'Dipakai', options: [{ text: 'Benar', correct: true }, { text: 'Salah', correct: false }] })).json();
      const unused = (await admin.postJson(`/api/v1/programmes/${A}/questions`, { categoryId: catA, code: 'FREE-1', type: 'true_false', text: 'Belum dipakai', options: [{ text: 'Benar', correct: false }, { text: 'Salah', correct: true }] })).json();
      const now = p.clock.fn().toISOString();
      const learnerId = (await p.ctx.repos.users.findByLogin('peserta.a'))!.id;
      const attempt = await p.ctx.db.kysely
        .insertInto('quiz_attempts')
        .values({ enrolment_id: enrolmentA, activity_id: quizA, user_id: learnerId, number: 1, status: 'submitted', seed: 1, started_at: now, deadline: null, finished_at: now, finished_by: 'participant', score: 1, max_score: 1, percent: 100, passed: 1, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await p.ctx.db.kysely.insertInto('attempt_questions').values({ attempt_id: attempt.id, question_id: used.id, position: 1, snapshot: '{}', answer: null, answered_at: null, score: null }).execute();

      await admin.get(`${base()}/${used.id}`);
      const page = await admin.get(`${base()}/${used.id}`);
      assert.match(page.body, /sudah dipakai dalam 1 percobaan kuis/);
      assert.doesNotMatch(page.body, /\/delete"/);
      const del = await admin.postForm(`${base()}/${used.id}/delete`, {});
      assert.equal(del.status, 409);
      assert.equal((await admin.sendJson('DELETE', `/api/v1/questions/${used.id}`)).json().error.code, 'question_in_use');
      assert.equal((await admin.postForm(`${base()}/${used.id}/archive`, {})).status, 303);
      let q = (await admin.getJson(`/api/v1/questions/${used.id}`)).json();
      assert.equal(q.status, 'archived');
      assert.ok(!(await p.ctx.repos.questions.activeBank(A)).some((x) => x.id === used.id), 'an archived question is never drawn');
      assert.equal((await admin.postForm(`${base()}/${used.id}/restore`, {})).status, 303);
      q = (await admin.getJson(`/api/v1/questions/${used.id}`)).json();
      assert.equal(q.status, 'active');
      const put = await admin.sendJson('PUT', `/api/v1/questions/${used.id}`, { categoryId: catA, code: 'USED-1', type: 'true_false', text: 'Dipakai', options: q.options, status: 'archived' });
      assert.equal(put.json().status, 'archived');

      assert.equal((await admin.sendJson('DELETE', `/api/v1/questions/${unused.id}`)).status, 204);
      assert.equal((await admin.getJson(`/api/v1/questions/${unused.id}`)).status, 404);
    });

    test('category rename updates the draw rules of the programme’s quizzes (and only those)', async () => {
      await admin.get(`${base()}/categories`);
      const clash = await admin.postForm(`${base()}/categories/${catA}`, { name: 'Lain' });
      assert.equal(clash.status, 400);
      assert.match(clash.body, /Kategori dengan nama ini sudah ada/);
      const res = await admin.postForm(`${base()}/categories/${catA}`, { name: 'Kategori A', description: 'Agenda I (baru)' });
      assert.equal(res.status, 303);
      const configA = JSON.parse((await p.ctx.repos.learning.activity(quizA))!.config);
      assert.deepEqual(configA.draw, [{ category: 'Kategori A', count: 2 }, { category: 'Lain', count: null }]);
      assert.equal(configA.purpose, 'final');
      const configB = JSON.parse((await p.ctx.repos.learning.activity(quizB))!.config);
      assert.equal(configB.draw[0].category, 'Kat A', 'another programme keeps its rules');
      const bankA = await p.ctx.repos.questions.activeBank(A);
      assert.ok(bankA.some((q) => q.category === 'Kategori A'));
      const api = await admin.sendJson('PUT', `/api/v1/programmes/${A}/question-categories/${catA}`, { name: 'Kat A' });
      assert.equal(api.status, 200);
      assert.deepEqual(api.json().quizzesUpdated, [quizA]);
    });

    test('import dry run lists every bad row with its number and reason, and writes nothing', async () => {
      const before = await countQuestions(A);
      const res = await apiImport(A, fixture('bad-rows.csv'));
      assert.equal(res.status, 200, res.body);
      const r = res.json();
      assert.equal(r.valid, false);
      assert.equal(r.applied, false);
      assert.equal(r.rows, 14, "blank rows are not counted");
      const got = r.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
      assert.deepEqual(got, [
        '3:type_unknown',
        '4:text_required',
        '5:correct_empty_option',
        '5:correct_none',
        '6:correct_none',
        '7:correct_many',
        '8:points_invalid',
        '9:tf_correct',
        '10:code_duplicate',
        '11:accepted_required',
        '12:category_required',
        '13:partial_credit_invalid',
        '15:options_min',
        '16:correct_invalid',
        '16:correct_none',
      ]);
      const dup = r.errors.find((e: { code: string }) => e.code === 'code_duplicate');
      assert.match(dup.message, /baris 2/);
      assert.equal(r.errors.find((e: { code: string }) => e.code === 'type_unknown').field, 'type');
      assert.deepEqual(r.summary, [{ category: 'Kat A', new: 1, updated: 0, unchanged: 0 }]);
      assert.equal(await countQuestions(A), before);
      // The same file through the page: a table of rows and no Apply button.
      const page = await postMultipart(`${base()}/import`, {}, { field: 'file', data: fixture('bad-rows.csv'), filename: 'bad-rows.csv', type: 'text/csv' });
      assert.equal(page.status, 400);
      assert.match(page.body, /<tr data-row="5" data-code="correct_empty_option">/);
      assert.match(page.body, /Jenis soal &quot;essay&quot; tidak dikenal/);
      assert.doesNotMatch(page.body, /import\/apply/);
      // Applying it anyway: all or nothing.
      const apply = await apiImport(A, fixture('bad-rows.csv'), true);
      assert.equal(apply.status, 400);
      assert.equal(apply.json().error.code, 'import_invalid');
      assert.equal(apply.json().error.errors.length, 15);
      assert.equal(await countQuestions(A), before, 'the valid row was not written either');
    });

    test('import: CSV with BOM, `;`, CRLF and multi-line text; dry run → apply → re-apply changes nothing', async () => {
      const data = fixture('valid-semicolon-bom.csv');
      const before = await countQuestions(A);
      const dry = await postMultipart(`${base()}/import`, {}, { field: 'file', data, filename: 'soal.csv', type: 'text/csv' });
      assert.equal(dry.status, 200, dry.body.slice(0, 600));
      assert.match(dry.body, /4 baris dapat diimpor: 4 baru, 0 diperbarui, 0 tidak berubah/);
      assert.equal(await countQuestions(A), before, 'a dry run writes nothing');
      const fileId = /name="fileId" value="(\d+)"/.exec(dry.body)![1]!;
      const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(dry.body)![1]!;
      const changed = await admin.postForm(`${base()}/import/apply`, { fileId, sha256: sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
      assert.equal(changed.status, 409);
      assert.equal(await countQuestions(A), before);
      const applied = await admin.postForm(`${base()}/import/apply`, { fileId, sha256 });
      assert.equal(applied.status, 200);
      assert.match(applied.body, /Impor selesai/);
      assert.equal(await countQuestions(A), before + 4);
      const list = (await admin.getJson(`/api/v1/programmes/${A}/questions?category=${(await p.ctx.repos.questions.categoryByName(A, 'Nilai Dasar'))!.id}`)).json();
      const nil1 = list.items.find((q: { code: string }) => q.code === 'NIL-001');
      assert.equal(nil1.text, 'Apa kepanjangan **BerAKHLAK**?\nPilih satu.');
      assert.equal(nil1.feedback, 'Lihat modul; agenda 1');
      assert.deepEqual(nil1.tags, ['berakhlak', 'nilai dasar']);
      assert.deepEqual(nil1.options.map((o: { correct: boolean }) => o.correct), [true, false, false]);
      const nil2 = list.items.find((q: { code: string }) => q.code === 'NIL-002');
      assert.equal(nil2.type, 'multiple');
      assert.equal(nil2.partialCredit, true);
      assert.equal(nil2.points, 2);
      const ked2 = (await admin.getJson(`/api/v1/programmes/${A}/questions?q=KED-002`)).json().items[0];
      assert.deepEqual(ked2.acceptedAnswers, ['Pancasila', 'pancasila 1945']);
      assert.equal(ked2.points, 1.5);
      const stamp = ked2.updatedAt;
      p.clock.advance(60_000);
      const again = await admin.postForm(`${base()}/import/apply`, { fileId, sha256 });
      assert.equal(again.status, 200);
      assert.match(again.body, /0 baru, 0 diperbarui, 4 tidak berubah/);
      assert.equal(await countQuestions(A), before + 4);
      assert.equal((await admin.getJson(`/api/v1/questions/${ked2.id}`)).json().updatedAt, stamp, 're-applying wrote nothing');
    });

    test('import: XLSX parsed; an update keeps option ids; export CSV and XLSX round trip to zero changes', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Soal');
      ws.addRow(['Code', 'Category', 'Type', 'Text', 'Option_A', 'Option_B', 'Option_C', 'Correct', 'Points', 'Tags']);
      ws.addRow(['XL-1', 'Excel', 'single', 'Dari Excel?', 'Ya', 'Tidak', 'Mungkin', 'C', 2, 'excel']);
      ws.addRow(['NIL-001', 'Nilai Dasar', 'single', 'Apa kepanjangan **BerAKHLAK**?\nPilih satu.', 'Berorientasi Pelayanan, Akuntabel, dst.', 'Bersih dan Aman (ubah)', 'Berani', 'A', 1, 'berakhlak, nilai dasar']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const dry = (await apiImport(A, xlsx, false, admin, 'soal.xlsx')).json();
      assert.equal(dry.valid, true, JSON.stringify(dry.errors));
      assert.deepEqual(dry.summary, [{ category: 'Excel', new: 1, updated: 0, unchanged: 0 }, { category: 'Nilai Dasar', new: 0, updated: 1, unchanged: 0 }]);
      const nilBefore = (await admin.getJson(`/api/v1/programmes/${A}/questions?q=NIL-001`)).json().items[0];
      const applied = await apiImport(A, xlsx, true, admin, 'soal.xlsx');
      assert.equal(applied.status, 200, applied.body);
      assert.equal(applied.json().applied, true);
      const nilAfter = (await admin.getJson(`/api/v1/questions/${nilBefore.id}`)).json();
      assert.deepEqual(nilAfter.options.map((o: { id: number }) => o.id), nilBefore.options.map((o: { id: number }) => o.id));
      assert.equal(nilAfter.options[1].text, 'Bersih dan Aman (ubah)');
      assert.equal(nilAfter.feedback, null, 'a column left out of the file empties the field');

      const active = (await p.ctx.repos.questions.activeBank(A)).length;
      for (const format of ['csv', 'xlsx'] as const) {
        const exp = await admin.request({ method: 'GET', url: `/api/v1/programmes/${A}/questions/export?format=${format}`, headers: { accept: '*/*' } });
        assert.equal(exp.status, 200);
        const bytes = (await p.app.inject({ method: 'GET', url: `/admin/programmes/${A}/questions/export.${format}`, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).rawPayload;
        if (format === 'csv') assert.equal(bytes.subarray(0, 3).toString('hex'), 'efbbbf');
        const round = (await apiImport(A, bytes, false, admin, `bank.${format}`)).json();
        assert.equal(round.valid, true, `${format}: ${JSON.stringify(round.errors)}`);
        assert.deepEqual(round.totals, { new: 0, updated: 0, unchanged: active }, format);
      }
      const template = await p.app.inject({ method: 'GET', url: `/admin/programmes/${A}/questions/template.xlsx`, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      assert.equal(template.statusCode, 200);
      const twb = new ExcelJS.Workbook();
      await twb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(twb.worksheets.map((w) => w.name), ['Soal', 'Petunjuk']);
      assert.equal(twb.worksheets[0]!.rowCount, 3);
      assert.match(String(twb.worksheets[1]!.getCell('A1').value), /Petunjuk pengisian/);
      // The template's examples are themselves a valid import.
      const tdry = (await apiImport(B, template.rawPayload, false, admin, 'templat.xlsx')).json();
      assert.equal(tdry.valid, true, JSON.stringify(tdry.errors));
      assert.equal(tdry.totals.new, 2);
    });

    test('scope: other programme’s questions 404, participants 403, authors outside their scope 404', async () => {
      const qa = (await admin.getJson(`/api/v1/programmes/${A}/questions?limit=1`)).json().items[0];
      const bq = await admin.postJson(`/api/v1/programmes/${B}/questions`, { category: 'Umum', code: 'B-1', type: 'short', text: 'Di B', acceptedAnswers: ['b'] });
      assert.equal(bq.status, 201);
      assert.equal((await admin.get(`/admin/programmes/${A}/questions/${bq.json().id}`)).status, 404, 'a question of programme B under programme A');
      assert.equal((await admin.postForm(`/admin/programmes/${A}/questions/${bq.json().id}/archive`, {})).status, 404);
      assert.equal((await admin.getJson(`/api/v1/programmes/999999/questions`)).status, 404);

      for (const client of [learner, outsider]) {
        assert.equal((await client.getJson(`/api/v1/programmes/${A}/questions`)).status, 403);
        assert.equal((await client.getJson(`/api/v1/questions/${qa.id}`)).status, 403);
        assert.equal((await client.get(base())).status, 403);
        assert.equal((await client.postJson(`/api/v1/programmes/${A}/questions`, { categoryId: catA, type: 'short', text: 'x', acceptedAnswers: ['x'] })).status, 403);
      }
      assert.equal((await agency.getJson(`/api/v1/programmes/${A}/questions`)).status, 404);
      assert.equal((await agency.getJson(`/api/v1/questions/${qa.id}`)).status, 404);
      assert.equal((await agency.sendJson('DELETE', `/api/v1/questions/${qa.id}`)).status, 404);
      assert.equal((await agency.get(base())).status, 404);
      await agency.get('/');
      assert.equal((await apiImport(A, fixture('valid-semicolon-bom.csv'), true, agency)).status, 404);
      const anon = await new TestClient(p).get(base());
      assert.equal(anon.status, 303);
      assert.match(String(anon.headers.location), /^\/login\?next=/);
    });
  });
}
