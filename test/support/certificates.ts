// Test support for certificates (issue 7): the demo programme completed through the real HTTP API by
// the demo participant and operator (the long parts of the end-to-end flow), a passport photo made
// with sharp, and the checks of a downloaded certificate with poppler-utils (pdfsig, pdftotext,
// pdftoppm, pdfimages) and jsqr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import jsQRModule from 'jsqr';
import type { CertificateContent } from '../../src/services/certificates/pdf.js';
import { DEMO } from '../../src/services/demo.js';
import { BERAKHLAK_VIDEO_SECONDS } from '../../src/services/demo-content.js';
import { DEMO_PASSWORD, TestClient, type TestPlatform } from './platform.js';

// jsqr is CommonJS typed as an ES module: its default export is the module itself (which also has .default).
const jsQR = jsQRModule.default;

/** Runs a poppler-utils tool; a missing tool fails the test with a clear message (CI installs them). */
export function poppler(tool: string, args: string[]): string {
  const res = spawnSync(tool, args, { encoding: 'utf8' });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${tool} is required by this test but is not installed: install poppler-utils (apt-get install poppler-utils)`);
  }
  return `${res.stdout}\n${res.stderr}`;
}

/** What the standard tools read from a certificate PDF saved at `file`. */
export interface PdfReading {
  /** pdfsig's report. */
  signature: string;
  /** pdftotext's text (UTF-8). */
  text: string;
  /** The QR code found on the page rendered at 150 dpi (null: none found). */
  qr: string | null;
  /** pdfimages -list rows (one per embedded image). */
  images: string[];
}

export async function readCertificatePdf(file: string): Promise<PdfReading> {
  const signature = poppler('pdfsig', [file]);
  const text = poppler('pdftotext', ['-enc', 'UTF-8', file, '-']);
  const prefix = file.replace(/\.pdf$/, '') + '-page';
  poppler('pdftoppm', ['-png', '-r', '150', '-singlefile', file, prefix]);
  const { data, info } = await sharp(readFileSync(`${prefix}.png`)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  const images = poppler('pdfimages', ['-list', file]).split('\n').slice(2).filter((l) => /^\s*\d+\s+\d+\s+image\b/.test(l));
  return { signature, text, qr: code?.data ?? null, images };
}

/** A 600 × 800 PNG pas foto (a head and shoulders on a red background), made with sharp. */
export async function passportPhotoPng(): Promise<Buffer> {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">' +
      '<rect width="600" height="800" fill="#c0392b"/>' +
      '<ellipse cx="300" cy="330" rx="130" ry="165" fill="#d9a27a"/>' +
      '<rect x="110" y="560" width="380" height="240" rx="120" fill="#1f3a5f"/>' +
      '</svg>',
  );
  return sharp(svg).png().toBuffer();
}

import { minimalPdf } from './pdf.js';
import { multipartBody } from './multipart.js';

/** A multipart/form-data body with one file field `file`, as a browser sends it. */
function multipart(file: { data: Buffer; filename: string; type: string }) {
  return multipartBody({}, [{ field: 'file', ...file }]);
}

interface OutlineActivity {
  id: number;
  kind: string;
  title: string;
  required: boolean;
  state: string;
}
interface Outline {
  progress: number;
  status: string;
  stages: { title: string; state: string; activities: OutlineActivity[] }[];
}

interface BankQuestion {
  id: number;
  type: 'single' | 'multiple' | 'true_false' | 'short';
  options: { id: number; correct: boolean }[];
  acceptedAnswers: string[];
}

export interface CompletedDemo {
  programmeId: number;
  enrolmentId: number;
  /** The outline after the last step (every required activity completed). */
  outline: Outline;
  /** The final evaluation's result as the attempts API reported it. */
  final: { percent: number; passed: boolean };
  /** Titles of the activities done, in order (the optional pre-test and live session are left out). */
  done: string[];
}

/**
 * The demo participant completes the demo programme through the JSON API, as the pages' scripts and
 * forms would: progress events for the pages (opened, read to the end), the PDF module and the video
 * (played from start to end); the Jurnal uploaded (multipart, CSRF token) and accepted by operator.ntt
 * through the review API; the final evaluation taken through the attempts API with every answer right
 * (the key read by the admin from the question bank API). The optional pre-test and live session are
 * skipped. Stages are done in order; a stage that is not open when its turn comes fails the test.
 */
export async function completeDemoProgramme(p: Pick<TestPlatform, 'app'>): Promise<CompletedDemo> {
  const participant = new TestClient(p);
  await participant.login(DEMO.participant.nip, DEMO_PASSWORD);
  const enrolments = (await participant.getJson('/api/v1/me/enrolments')).json() as { items: { id: number; programme: { id: number; title: string } }[] };
  assert.equal(enrolments.items.length, 1, 'the demo participant has the demo programme');
  const enrolmentId = enrolments.items[0]!.id;
  const programmeId = enrolments.items[0]!.programme.id;
  assert.equal(enrolments.items[0]!.programme.title, DEMO.programme.title);
  const outline = async (): Promise<Outline> => {
    const res = await participant.getJson(`/api/v1/enrolments/${enrolmentId}/outline`);
    assert.equal(res.status, 200, res.body);
    return res.json();
  };

  const admin = new TestClient(p);
  await admin.login(DEMO.admin.login, DEMO_PASSWORD);

  let n = 0;
  const progress = async (activityId: number, body: Record<string, unknown>) => {
    const res = await participant.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${activityId}/progress`, { eventId: `e2e-cert-${activityId}-${++n}`, ...body });
    assert.equal(res.status, 200, `progress on activity ${activityId}: ${res.body}`);
    return res.json() as { state: string };
  };

  const done: string[] = [];
  let final = { percent: 0, passed: false };
  const stageCount = (await outline()).stages.length;
  for (let s = 0; s < stageCount; s++) {
    const stage = (await outline()).stages[s]!;
    assert.notEqual(stage.state, 'locked', `${stage.title} is open once the stages before it are complete`);
    for (const a of stage.activities.filter((x) => x.required)) {
      if (a.kind === 'page') {
        if ((await progress(a.id, { type: 'opened' })).state !== 'completed') await progress(a.id, { type: 'read_to_end' });
      } else if (a.kind === 'document') {
        await progress(a.id, { type: 'opened' });
      } else if (a.kind === 'video') {
        await progress(a.id, { type: 'opened' });
        await progress(a.id, { type: 'watched', from: 0, to: BERAKHLAK_VIDEO_SECONDS });
      } else if (a.kind === 'upload') {
        await submitAndAcceptJurnal(p, participant, enrolmentId, a.id);
      } else if (a.kind === 'quiz') {
        final = await passQuiz(participant, admin, programmeId, enrolmentId, a.id);
      } else {
        assert.fail(`the demo programme has a required ${a.kind} activity this helper does not know: ${a.title}`);
      }
      done.push(a.title);
    }
  }
  const last = await outline();
  const open = last.stages.flatMap((s) => s.activities).filter((a) => a.required && a.state !== 'completed');
  assert.deepEqual(open.map((a) => a.title), [], 'every required activity is complete');
  return { programmeId, enrolmentId, outline: last, final, done };
}

async function submitAndAcceptJurnal(p: Pick<TestPlatform, 'app'>, participant: TestClient, enrolmentId: number, activityId: number) {
  // The CSRF token of the participant's session (multipart calls with the cookie must send it).
  await participant.get('/profile');
  assert.ok(participant.csrf, 'a page gave the CSRF token');
  const body = multipart({ data: minimalPdf(`Jurnal Orientasi PPPK - ${DEMO.participant.name}`), filename: 'jurnal-yohanes.pdf', type: 'application/pdf' });
  const up = await participant.request({
    method: 'POST',
    url: `/api/v1/enrolments/${enrolmentId}/activities/${activityId}/submissions?_csrf=${encodeURIComponent(participant.csrf)}`,
    headers: { 'content-type': body.type, accept: 'application/json' },
    payload: body.payload,
  });
  assert.equal(up.status, 201, `the Jurnal is uploaded: ${up.body}`);
  const submissionId = (up.json() as { submission: { id: number } }).submission.id;

  const operator = new TestClient(p);
  await operator.login(DEMO.operator.login, DEMO_PASSWORD);
  const list = (await operator.getJson('/api/v1/submissions?status=submitted')).json() as { items: { id: number }[] };
  assert.ok(list.items.some((x) => x.id === submissionId), 'the Jurnal awaits the NTT operator’s review');
  const review = await operator.postJson(`/api/v1/submissions/${submissionId}/review`, { decision: 'accept' });
  assert.equal(review.status, 200, `the operator accepts the Jurnal: ${review.body}`);
}

async function passQuiz(participant: TestClient, admin: TestClient, programmeId: number, enrolmentId: number, activityId: number) {
  const bank = (await admin.getJson(`/api/v1/programmes/${programmeId}/questions?limit=500`)).json() as { items: BankQuestion[] };
  const key = new Map(bank.items.map((q) => [q.id, q]));
  const started = await participant.postJson(`/api/v1/enrolments/${enrolmentId}/activities/${activityId}/attempts`);
  assert.equal(started.status, 201, `the final evaluation starts: ${started.body}`);
  const attempt = started.json() as { attemptId: number; questions: { id: number }[] };
  assert.ok(attempt.questions.length > 0);
  for (const q of attempt.questions) {
    const k = key.get(q.id);
    assert.ok(k, `question ${q.id} is in the programme's bank`);
    const answer = k.type === 'short' ? { text: k.acceptedAnswers[0]! } : { optionIds: k.options.filter((o) => o.correct).map((o) => o.id) };
    const saved = await participant.sendJson('PUT', `/api/v1/attempts/${attempt.attemptId}/answers/${q.id}`, answer);
    assert.equal(saved.status, 200, `answer to question ${q.id}: ${saved.body}`);
  }
  const submitted = await participant.postJson(`/api/v1/attempts/${attempt.attemptId}/submit`);
  assert.equal(submitted.status, 200, submitted.body);
  const result = submitted.json() as { percent: number; passed: boolean };
  return { percent: result.percent, passed: result.passed };
}

/** Saves `bytes` as `name` in `dir` and returns the path. */
export function saveIn(dir: string, name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** A certificate's content with Latin diacritics (a Kupang regency PPPK); `i` numbers it and its holder. */
export function sampleCertificateContent(i?: number): CertificateContent {
  return {
    number: `${String(i ?? 1).padStart(4, '0')}/ORIENT-PPPK/PEMKAB-KUPANG/2026`,
    holderName: i === undefined ? 'Yohanes Ñeno Bria' : `Yohanes Ñeno Bria ${i}`,
    nip: '199203152024211003',
    unitName: 'Dinas Pendidikan dan Kebudayaan',
    agencyName: 'Pemerintah Kabupaten Kupang',
    programmeTitle: 'Orientasi PPPK Tahun 2026',
    cohortName: 'Formasi Tahun 2024 Periode I',
    startDate: '2026-11-02',
    endDate: '2026-11-27',
    issuedOn: '2026-11-28',
    jp: 50,
    signerName: 'Maria Goreti Lõbo',
    signerPosition: 'Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    signerPlace: 'Oelamasi',
    photo: null,
    verifyUrl: i === undefined ? 'https://lentera.example.go.id/verify/Zx81qLm0Pq7rStUvWx2yAb3c' : `https://lentera.example.go.id/verify/CODE${i}`,
    locale: 'id',
  };
}

/** The signature information of those samples. */
export const SAMPLE_SIGNATURE_INFO = { reason: 'Sertifikat Orientasi PPPK', location: 'Oelamasi', signerName: 'Maria Goreti Lõbo', contactInfo: null };
