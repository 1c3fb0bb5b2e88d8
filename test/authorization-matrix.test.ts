// The authorisation matrix (issue 5, part 2): every registered route × every role (platform admin,
// agency admin, NTT unit operator, facilitator, NTT participant, Jawa Timur participant, anonymous;
// API routes also with Bearer tokens) × objects inside / outside / foreign to the NTT operator's scope.
// Outside the scope answers 404 (never 403), pages a role never uses 403, anonymous 401 / sign-in;
// a refused role gets the same answer with a malformed body (authorisation before validation); and
// no answer to a role carries the name, NIP or email of a person outside its scope.
// The table is test/support/matrix-routes.ts; a route without a row fails here.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { startTestPlatform, testDatabases, type TestPlatform } from './support/platform.js';
import { registeredRoutes } from '../src/http/routes/index.js';
import { buildMatrixWorld, type MatrixWorld } from './support/matrix-world.js';
import { describeObservation, knownFor, knownLeakFor, readable, runRow, Sessions, type KnownDeviation, type KnownLeak, type Leak } from './support/matrix.js';
import { MATRIX, suggestRow } from './support/matrix-routes.js';
import { KNOWN_DEVIATIONS, KNOWN_LEAKS } from './support/matrix-known.js';

const describeLeak = (l: Leak) => `${l.route} · ${l.role}${l.via === 'token' ? '/token' : ''} · ${l.scope}: ${l.status} ${l.url} shows "${l.text}" of ${l.person}`;

for (const kind of testDatabases()) {
  describe(`authorisation matrix [${kind}]`, () => {
    let p: TestPlatform;
    let w: MatrixWorld;
    let sessions: Sessions;
    let registered: Set<string>;
    const used = new Set<KnownDeviation | KnownLeak>();

    before(async () => {
      p = await startTestPlatform(kind, { LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: '100000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000', LOGIN_MAX_FAILURES_PER_ADDRESS: '100000' });
      w = await buildMatrixWorld(p);
      sessions = new Sessions(w);
      registered = new Set(registeredRoutes(p.app).map((r) => `${r.method} ${r.url}`));
    });
    after(() => p?.dispose());

    test('every registered route has exactly one row in the matrix, and every row a route', () => {
      const rows = MATRIX.map((r) => r.route);
      const duplicates = rows.filter((r, i) => rows.indexOf(r) !== i);
      assert.deepEqual(duplicates, [], 'one row per route');
      const covered = new Set(rows);
      // HEAD is answered by the GET handler (or declared with it) and probed with the GET row.
      const missing = [...registered].filter((r) => !covered.has(r) && !(r.startsWith('HEAD ') && covered.has(`GET ${r.slice(5)}`)));
      assert.deepEqual(missing, [], `routes without a row in test/support/matrix-routes.ts — add one:\n${missing.map(suggestRow).join('\n')}`);
      const stale = rows.filter((r) => !registered.has(r));
      assert.deepEqual(stale, [], 'rows for routes that are no longer registered: remove them');
    });

    test('the leak check would see the people outside a scope (they are in the data, shown to the platform admin)', async () => {
      const s = await w.openSession('admin');
      const list = await p.app.inject({ method: 'GET', url: '/api/v1/users?limit=500', headers: { cookie: s.cookie, accept: 'application/json' } });
      assert.equal(list.statusCode, 200);
      for (const role of ['operator', 'agencyAdmin', 'participant', 'otherParticipant'] as const) {
        const names = w.secrets[role].filter((x) => x.text.includes(' ') && !/^\d/.test(x.text));
        assert.ok(names.length > 0 && names.every((x) => list.body.includes(x.text)), `${role}: ${names.map((x) => x.text).join(', ')}`);
      }
      // Inside an XLSX export too (the check unpacks workbooks).
      const xlsx = await p.app.inject({ method: 'GET', url: `/admin/monitoring/participants/export?cohortId=${w.cohort.b}&format=xlsx`, headers: { cookie: s.cookie, accept: 'text/html' } });
      assert.equal(xlsx.statusCode, 200);
      assert.ok(readable(xlsx.rawPayload, String(xlsx.headers['content-type'])).includes(w.people.otherParticipant.name));
    });

    for (const r of MATRIX) {
      test(r.route, async () => {
        assert.ok(registered.has(r.route), `${r.route} is not registered any more: remove its row`);
        const { observations, leaks } = await runRow(w, sessions, r);
        const problems: string[] = [];
        for (const o of observations) {
          if (o.pass) continue;
          const known = knownFor(KNOWN_DEVIATIONS, o);
          if (known) used.add(known);
          else problems.push(describeObservation(o));
        }
        for (const l of leaks) {
          const known = knownLeakFor(KNOWN_LEAKS, l);
          if (known) used.add(known);
          else problems.push(`LEAK ${describeLeak(l)}`);
        }
        // MATRIX_DUMP=<file>: every unexpected answer as one line (for triage).
        if (process.env.MATRIX_DUMP && problems.length) appendFileSync(process.env.MATRIX_DUMP, problems.map((x) => `[${kind}] ${x}\n`).join(''));
        assert.deepEqual(problems, [], `${problems.length} unexpected answers of ${observations.length}`);
      });
    }

    test('every recorded deviation still happens (delete an entry once its route is fixed)', () => {
      const stale = [
        ...KNOWN_DEVIATIONS.filter((k) => !used.has(k)).map((k) => `${k.route} · ${k.who === '*' ? 'every refused role' : k.who.join(', ')} · ${k.probe} → ${k.status}`),
        ...KNOWN_LEAKS.filter((k) => !used.has(k)).map((k) => `${k.route} · ${k.who.join(', ')} · shows ${k.secret}`),
      ];
      assert.deepEqual(stale, []);
    });
  });
}
