import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestPlatform, testDatabases, TestClient, DEMO_PASSWORD, type TestPlatform } from '../../../../test/support/platform.js';
import { loadDemo, DEMO } from '../../../services/demo.js';
import type { JobRun } from '../../../jobs/queue.js';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const API_KEYS = ['attempts', 'createdAt', 'error', 'finishedAt', 'id', 'progress', 'result', 'startedAt', 'status', 'type'];

for (const kind of testDatabases()) {
  describe(`jobs API and page [${kind}]`, () => {
    let p: TestPlatform;
    let participantId: number;
    let participant: TestClient;
    let operator: TestClient;
    let admin: TestClient;
    /** The handler of 'test.import': reports 3 of 10, then waits for the test to let it finish. */
    let reported = deferred();
    let gate = deferred();

    before(async () => {
      p = await startTestPlatform(kind);
      await loadDemo(p.ctx, DEMO_PASSWORD);
      participantId = (await p.ctx.repos.users.findByLogin(DEMO.participant.nip))!.id;
      participant = new TestClient(p);
      await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
      operator = new TestClient(p);
      await operator.login(DEMO.operator.login, DEMO_PASSWORD);
      admin = new TestClient(p);
      await admin.login(DEMO.admin.login, DEMO_PASSWORD);
      p.ctx.jobs.register('test.import', async (job: JobRun<{ rows: number }>) => {
        await job.progress(3, job.payload.rows, 'Baris 3');
        reported.resolve();
        await gate.promise;
        await job.progress(job.payload.rows);
        return { created: job.payload.rows };
      });
    });
    after(() => p.dispose());

    /** Enqueues an import for the participant and runs it up to "3 of 10"; finish() lets it complete. */
    async function startImport() {
      reported = deferred();
      gate = deferred();
      const { id } = await p.ctx.jobs.enqueue('test.import', { rows: 10 }, { createdBy: participantId });
      const run = p.ctx.jobs.runOnce();
      await reported.promise;
      return {
        id,
        finish: async () => {
          gate.resolve();
          assert.equal((await run)?.outcome, 'succeeded');
        },
      };
    }

    test('the creator follows status and progress through the API until the result', async () => {
      const { id } = await p.ctx.jobs.enqueue('test.import', { rows: 10 }, { createdBy: participantId });
      let res = await participant.getJson(`/api/v1/jobs/${id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), {
        id,
        type: 'test.import',
        status: 'queued',
        progress: { current: 0, total: null, message: null, percent: null },
        attempts: 0,
        result: null,
        error: null,
        createdAt: p.clock.now.toISOString(),
        startedAt: null,
        finishedAt: null,
      });
      await p.ctx.db.kysely.deleteFrom('jobs').where('id', '=', id).execute();

      const job = await startImport();
      res = await participant.getJson(`/api/v1/jobs/${job.id}`);
      assert.equal(res.status, 200);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), API_KEYS);
      assert.equal(body.status, 'running');
      assert.deepEqual(body.progress, { current: 3, total: 10, message: 'Baris 3', percent: 30 });
      assert.equal(body.attempts, 1);
      assert.equal(body.startedAt, p.clock.now.toISOString());
      assert.equal(body.finishedAt, null);

      await job.finish();
      res = await participant.getJson(`/api/v1/jobs/${job.id}`);
      assert.equal(res.json().status, 'succeeded');
      assert.deepEqual(res.json().result, { created: 10 });
      assert.deepEqual(res.json().progress, { current: 10, total: 10, message: 'Baris 3', percent: 100 });
      assert.equal(res.json().finishedAt, p.clock.now.toISOString());
    });

    test('another user gets 404 not_found; a platform admin sees the job; no session is 401', async () => {
      const { id } = await p.ctx.jobs.enqueue('test.other', {}, { createdBy: participantId });
      const other = await operator.getJson(`/api/v1/jobs/${id}`);
      assert.equal(other.status, 404);
      assert.equal(other.json().error.code, 'not_found');
      const missing = await participant.getJson(`/api/v1/jobs/${id + 1000}`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json().error.code, other.json().error.code, 'someone else\'s job looks like a missing one');
      const byAdmin = await admin.getJson(`/api/v1/jobs/${id}`);
      assert.equal(byAdmin.status, 200);
      assert.equal(byAdmin.json().id, id);
      const system = await p.ctx.jobs.enqueue('test.other', {}, { createdBy: null });
      assert.equal((await participant.getJson(`/api/v1/jobs/${system.id}`)).status, 404, 'system jobs: platform admins only');
      assert.equal((await admin.getJson(`/api/v1/jobs/${system.id}`)).status, 200);
      const anonymous = await new TestClient(p).getJson(`/api/v1/jobs/${id}`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json().error.code, 'unauthenticated');
      for (const bad of ['abc', '0', '99999999999']) {
        const res = await participant.getJson(`/api/v1/jobs/${bad}`);
        assert.equal(res.status, 400, bad);
        assert.equal(res.json().error.code, 'validation_failed');
      }
    });

    test('the page shows an accessible progress bar that refreshes while running and stops when finished', async () => {
      const job = await startImport();
      let page = await participant.get(`/jobs/${job.id}`);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /<label for="job-progress-bar">Kemajuan<\/label>/);
      assert.match(page.body, /<progress id="job-progress-bar" max="100" value="30" aria-describedby="job-progress-text">30%<\/progress>/);
      assert.match(page.body, /<p id="job-progress-text">3 dari 10 \(30%\)<\/p>/);
      assert.match(page.body, /Sedang berjalan/);
      assert.match(page.body, /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/, 'refreshes without JavaScript');
      assert.match(page.body, new RegExp(`hx-get="/jobs/${job.id}/progress" hx-trigger="every 2s" hx-swap="outerHTML"`), 'refreshes with htmx');

      const fragment = await participant.get(`/jobs/${job.id}/progress`, { 'hx-request': 'true' });
      assert.equal(fragment.status, 200);
      assert.doesNotMatch(fragment.body, /<html/);
      assert.match(fragment.body, /^<div id="job-progress"/);
      assert.match(fragment.body, /hx-trigger="every 2s"/);

      await job.finish();
      page = await participant.get(`/jobs/${job.id}`);
      assert.match(page.body, /value="100"/);
      assert.match(page.body, /Selesai/);
      assert.doesNotMatch(page.body, /http-equiv="refresh"/, 'no refresh once finished');
      assert.doesNotMatch(page.body, /hx-trigger/);
      const last = await participant.get(`/jobs/${job.id}/progress`);
      assert.doesNotMatch(last.body, /hx-trigger/, 'the finished fragment stops the polling');

      const english = await participant.get(`/jobs/${job.id}`, { 'accept-language': 'en', cookie: `${[...participant.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; lentera_lang=en` });
      assert.match(english.body, /10 of 10 \(100%\)/);

      assert.equal((await operator.get(`/jobs/${job.id}`)).status, 404);
      assert.equal((await operator.get(`/jobs/${job.id}/progress`)).status, 404);
      assert.equal((await participant.get('/jobs/not-a-number')).status, 404);
      const anonymous = await new TestClient(p).get(`/jobs/${job.id}`);
      assert.equal(anonymous.status, 303);
      assert.equal(anonymous.headers.location, `/login?next=${encodeURIComponent(`/jobs/${job.id}`)}`);
    });

    test('a failed job shows its error on the page and in the API', async () => {
      p.ctx.jobs.register('test.broken', async () => {
        throw new Error('Berkas CSV tidak dapat dibaca');
      });
      const { id } = await p.ctx.jobs.enqueue('test.broken', {}, { createdBy: participantId, maxAttempts: 1 });
      assert.equal((await p.ctx.jobs.runOnce())?.outcome, 'failed');
      const res = await participant.getJson(`/api/v1/jobs/${id}`);
      assert.equal(res.json().status, 'failed');
      assert.equal(res.json().error, 'Berkas CSV tidak dapat dibaca');
      const page = await participant.get(`/jobs/${id}`);
      assert.match(page.body, /role="alert">Kesalahan: Berkas CSV tidak dapat dibaca/);
      assert.match(page.body, /<progress id="job-progress-bar" aria-describedby="job-progress-text"><\/progress>/, 'no total: an indeterminate bar');
    });

    test('the OpenAPI document describes GET /api/v1/jobs/{id}', async () => {
      const doc = (await new TestClient(p).getJson('/api/openapi.json')).json();
      const op = doc.paths['/api/v1/jobs/{id}']?.get;
      assert.ok(op, 'the route is documented');
      assert.deepEqual(op.tags, ['jobs']);
      assert.ok(op.summary);
    });
  });
}
