// The certificate pipeline on both databases: statuses and resuming after a crash, the exactly-one
// rule under racing workers, gapless numbers per agency and year under concurrency, the job, and the
// requirement check. Requirements are switched off per programme (a real setting) so that fresh
// enrolments are eligible without walking through the programme.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestPlatform, testDatabases, type TestPlatform } from '../../../test/support/platform.js';
import { buildMatrixWorld, type MatrixWorld } from '../../../test/support/matrix-world.js';
import { findFile } from '../files.js';
import { CERTIFICATE_LEASE_MS, processCertificate, requestCertificate, CERTIFICATES_ISSUE } from './pipeline.js';
import { certificateSettings, updateCertificateSettings } from './settings.js';
import { loadPrincipal } from '../auth.js';
import { openDatabase } from '../../db/database.js';
import { createContext } from '../context.js';
import { createMailer } from '../mailer.js';

const NO_REQUIREMENTS = { activities: false, evaluation: false, jurnal: false, confirmation: false, photo: false };
const PATTERN = '{seq:3}/ORIENT-PPPK/{agency}/{year}';

class SimulatedCrash extends Error {}

for (const kind of testDatabases()) {
  describe(`certificate pipeline (${kind})`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    const db = () => p.ctx.db.kysely;
    const certsOf = (enrolmentId: number) => db().selectFrom('certificates').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('id').execute();
    /** A fresh participant of the scope's agency enrolled in the KPU programme's cohort A. */
    const enrolInKpu = async (scope: 'inside' | 'foreign') => {
      const userId = await w.scratch.person(scope);
      await p.ctx.repos.programmes.enrol({ cohort_id: w.cohort.a, user_id: userId, ndh: null, now: p.clock.fn().toISOString() });
      return (await db().selectFrom('enrolments').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow()).id;
    };

    before(async () => {
      p = await startTestPlatform(kind);
      w = await buildMatrixWorld(p);
      const admin = { userId: w.people.admin.id, principal: await loadPrincipal(p.ctx, w.people.admin.id) };
      await updateCertificateSettings(p.ctx, admin, w.programme.kpu, { enabled: true, requirements: NO_REQUIREMENTS, numberPattern: PATTERN, signerName: 'Dr. Énny Sutéja', signerPosition: 'Kepala Biro SDM', signerPlace: 'Jakarta', jp: 40 });
    });
    after(async () => p?.dispose());

    test('settings: defaults until saved; the saved ones are read back', async () => {
      const foreign = await certificateSettings(p.ctx, w.programme.foreign);
      assert.equal(foreign.enabled, true);
      assert.deepEqual(foreign.requirements, { activities: true, evaluation: true, jurnal: true, confirmation: true, photo: true });
      assert.equal(foreign.numberPattern, '{seq}/ORIENT-PPPK/{agency}/{year}');
      assert.equal(foreign.jpConfigured, null);
      assert.ok(foreign.jp > 0);
      const kpu = await certificateSettings(p.ctx, w.programme.kpu);
      assert.deepEqual(kpu.requirements, NO_REQUIREMENTS);
      assert.equal(kpu.jp, 40);
      assert.equal(kpu.signerName, 'Dr. Énny Sutéja');
    });

    test('eligible → generated → (crash) → signed → issued: the retry continues with the same number, no gap', async () => {
      const enrolmentId = await enrolInKpu('inside');
      const seqBefore = await db().selectFrom('certificate_sequences').select('last_seq').where('agency_key', '=', 'KPU').where('year', '=', 2026).executeTakeFirst();
      await assert.rejects(
        processCertificate(p.ctx, enrolmentId, { hooks: { afterStep: (s) => { if (s === 'generated') throw new SimulatedCrash('crash between generated and signed'); } } }),
        SimulatedCrash,
      );
      let [c] = await certsOf(enrolmentId);
      assert.equal(c!.status, 'generated');
      assert.match(c!.number!, /^\d{3}\/ORIENT-PPPK\/KPU\/2026$/);
      assert.equal(c!.seq, (seqBefore?.last_seq ?? 0) + 1);
      assert.equal(c!.pdf_file_id, null);
      assert.equal(c!.locked_by, null);
      assert.match(c!.last_error!, /crash between/);
      const snapshot = JSON.parse(c!.content!);
      assert.equal(snapshot.number, c!.number);
      assert.equal(snapshot.jp, 40);
      assert.equal(snapshot.verifyUrl, `http://lentera.test/verify/${c!.verification_code}`);
      const number = c!.number;

      const outcome = await processCertificate(p.ctx, enrolmentId);
      assert.equal(outcome.status, 'issued');
      assert.equal(outcome.progressed, true);
      const rows = await certsOf(enrolmentId);
      assert.equal(rows.length, 1);
      c = rows[0]!;
      assert.equal(c.status, 'issued');
      assert.equal(c.number, number, 'the number is kept across the retry');
      assert.equal(c.last_error, null);
      assert.ok(c.issued_at);
      assert.ok(c.notified_at);
      const seqAfter = await db().selectFrom('certificate_sequences').select('last_seq').where('agency_key', '=', 'KPU').where('year', '=', 2026).executeTakeFirstOrThrow();
      assert.equal(seqAfter.last_seq, c.seq, 'no number was lost');
      const file = await findFile(p.ctx, c.pdf_file_id!);
      const pdf = readFileSync(file!.path);
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(pdf.toString('latin1'), /\/ByteRange/);
      assert.match(pdf.toString('latin1'), /\/Contents\s*</);
      const enrolment = await db().selectFrom('enrolments').select('state').where('id', '=', enrolmentId).executeTakeFirstOrThrow();
      assert.equal(enrolment.state, 'certified');
      const holder = await db().selectFrom('users').select(['email', 'name']).innerJoin('enrolments', 'enrolments.user_id', 'users.id').where('enrolments.id', '=', enrolmentId).executeTakeFirstOrThrow();
      const mails = p.ctx.mailer.outbox.filter((m) => m.to === holder.email);
      assert.equal(mails.length, 1);
      assert.ok(mails[0]!.text.includes(number!));

      // Done is done: another run changes nothing and sends nothing.
      const again = await processCertificate(p.ctx, enrolmentId);
      assert.deepEqual({ status: again.status, progressed: again.progressed }, { status: 'issued', progressed: false });
      assert.equal(p.ctx.mailer.outbox.filter((m) => m.to === holder.email).length, 1);
    });

    test('a worker that died holding a certificate: others wait for its lease, then take over', async () => {
      const enrolmentId = await enrolInKpu('inside');
      await assert.rejects(processCertificate(p.ctx, enrolmentId, { hooks: { afterStep: (s) => { if (s === 'generated') throw new SimulatedCrash('x'); } } }), SimulatedCrash);
      const [c] = await certsOf(enrolmentId);
      // The crashed instance never gave its lease back.
      await db().updateTable('certificates').set({ locked_by: 'dead-instance', locked_until: new Date(p.clock.fn().getTime() + CERTIFICATE_LEASE_MS).toISOString() }).where('id', '=', c!.id).execute();
      const busy = await processCertificate(p.ctx, enrolmentId);
      assert.equal(busy.status, 'busy');
      assert.equal((await certsOf(enrolmentId))[0]!.status, 'generated');
      p.clock.advance(CERTIFICATE_LEASE_MS + 1000);
      const done = await processCertificate(p.ctx, enrolmentId);
      assert.equal(done.status, 'issued');
      assert.equal((await certsOf(enrolmentId))[0]!.number, c!.number);
    });

    test('two workers racing on one enrolment: exactly one certificate, one number', async () => {
      const enrolmentId = await enrolInKpu('inside');
      const before = await db().selectFrom('certificate_sequences').select('last_seq').where('agency_key', '=', 'KPU').where('year', '=', 2026).executeTakeFirstOrThrow();
      const outcomes = await Promise.all([processCertificate(p.ctx, enrolmentId), processCertificate(p.ctx, enrolmentId), requestCertificate(p.ctx, enrolmentId)]);
      const rows = await certsOf(enrolmentId);
      assert.equal(rows.length, 1, 'one certificate row');
      assert.equal(outcomes.filter((o) => 'progressed' in o && o.progressed).length, 1, 'one run did the work');
      const c = rows[0]!;
      assert.equal(c.status, 'issued');
      const afterSeq = await db().selectFrom('certificate_sequences').select('last_seq').where('agency_key', '=', 'KPU').where('year', '=', 2026).executeTakeFirstOrThrow();
      assert.equal(afterSeq.last_seq, before.last_seq + 1);
      assert.equal(c.seq, afterSeq.last_seq);
      // The database itself refuses a second valid certificate of the enrolment.
      await assert.rejects(
        db().insertInto('certificates').values({ enrolment_id: enrolmentId, user_id: c.user_id, programme_id: c.programme_id, cohort_id: c.cohort_id, status: 'eligible', agency_key: 'KPU', verification_code: 'AAAAAAAAAAAAAAAAAAAA', attempts: 0, created_at: c.created_at, updated_at: c.created_at }).execute(),
      );
    });

    test('two app instances (separate connections) racing on the same enrolments: one certificate each', async () => {
      const db2 = openDatabase(p.config.database, { poolSize: 4 });
      const other = createContext({ config: p.config, db: db2, clock: p.clock.fn, log: p.ctx.log, mailer: createMailer({ from: 'x@y', log: p.ctx.log }) });
      try {
        const ids = [await enrolInKpu('inside'), await enrolInKpu('foreign'), await enrolInKpu('inside')];
        const outcomes = await Promise.all(ids.flatMap((id) => [processCertificate(p.ctx, id), processCertificate(other, id)]));
        for (const id of ids) {
          const rows = await certsOf(id);
          assert.equal(rows.length, 1);
          // Whoever lost the race may still be mid-way when the winner finishes; one more run completes it.
          if (rows[0]!.status !== 'issued') await processCertificate(p.ctx, id);
          assert.equal((await certsOf(id))[0]!.status, 'issued');
        }
        assert.ok(outcomes.filter((o) => o.progressed).length >= ids.length);
      } finally {
        await db2.close();
      }
    });

    test('50 concurrent issues across two agencies: sequences 1..n per agency, no gaps, no duplicates', async () => {
      const ids = [...(await Promise.all(Array.from({ length: 25 }, () => enrolInKpu('inside')))), ...(await Promise.all(Array.from({ length: 25 }, () => enrolInKpu('foreign'))))];
      const outcomes = await Promise.all(ids.map((id) => processCertificate(p.ctx, id)));
      assert.deepEqual(new Set(outcomes.map((o) => o.status)), new Set(['issued']));
      const rows = await db().selectFrom('certificates').select(['agency_key', 'seq', 'year', 'number', 'status']).where('status', '<>', 'revoked').execute();
      const byAgency = new Map<string, number[]>();
      for (const r of rows) byAgency.set(r.agency_key, [...(byAgency.get(r.agency_key) ?? []), r.seq!]);
      assert.deepEqual([...byAgency.keys()].sort(), ['BKN', 'KPU']);
      for (const [agency, seqs] of byAgency) {
        const sorted = [...seqs].sort((a, b) => a - b);
        assert.deepEqual(sorted, Array.from({ length: sorted.length }, (_, i) => i + 1), `${agency}: 1..n without gaps or duplicates`);
        const seqRow = await db().selectFrom('certificate_sequences').select('last_seq').where('agency_key', '=', agency).where('year', '=', 2026).executeTakeFirstOrThrow();
        assert.equal(seqRow.last_seq, sorted.length);
      }
      assert.ok(byAgency.get('BKN')!.length >= 25);
      assert.equal(new Set(rows.map((r) => r.number)).size, rows.length);
    });

    test('requestCertificate: queues one job per certificate; the job issues it', async () => {
      const enrolmentId = await enrolInKpu('inside');
      const first = await requestCertificate(p.ctx, enrolmentId);
      const second = await requestCertificate(p.ctx, enrolmentId);
      assert.equal(first.status, 'eligible');
      assert.equal(second.certificateId, first.certificateId);
      const jobs = await db().selectFrom('jobs').select(['id', 'payload']).where('type', '=', CERTIFICATES_ISSUE).where('status', '=', 'queued').execute();
      assert.equal(jobs.filter((j) => JSON.parse(j.payload).enrolmentId === enrolmentId).length, 1);
      while (await p.ctx.jobs.runOnce()) {
        /* run every queued job */
      }
      const [c] = await certsOf(enrolmentId);
      assert.equal(c!.status, 'issued');
      const again = await requestCertificate(p.ctx, enrolmentId);
      assert.equal(again.status, 'issued');
    });

    test('not eligible under the programme’s requirements: nothing is created', async () => {
      // The foreign programme keeps the defaults: every requirement counts; a fresh participant has no photo, no confirmation.
      const enrolmentId = await w.scratch.enrolment('foreign');
      const r = await requestCertificate(p.ctx, enrolmentId);
      assert.equal(r.status, 'not_eligible');
      assert.ok(r.missing!.includes('photo'));
      assert.ok(r.missing!.includes('confirmation'));
      assert.equal((await certsOf(enrolmentId)).length, 0);
      const o = await processCertificate(p.ctx, enrolmentId);
      assert.equal(o.status, 'not_eligible');
      assert.equal((await certsOf(enrolmentId)).length, 0);
    });
  });
}
