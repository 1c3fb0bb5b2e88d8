// The `lentera` command as an operator runs it: migrate, demo (idempotent), seed (deterministic), user:create-admin.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { freshDatabaseUrl, testDatabases } from './support/platform.js';
import { parseDatabaseUrl } from '../src/db/database.js';
import { syntheticParticipant } from '../src/domain/synthetic.js';
import { verifyPassword } from '../src/services/crypto.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const cli = (env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', SESSION_SECRET: 'cli-test-secret-0123456789-0123456789', ...env },
  });

for (const kind of testDatabases()) {
  describe(`lentera CLI [${kind}]`, () => {
    let url: string;
    let drop: () => Promise<void>;
    before(async () => ({ url, drop } = await freshDatabaseUrl(kind)));
    after(() => drop());

    test('migrate, demo twice, seed twice, create an admin', async () => {
      const env = { DATABASE_URL: url };
      assert.match((await cli(env, 'migrate')).stdout, /up to date/);
      await cli(env, 'demo', '--password', 'Kupang-Demo-2025');
      await cli(env, 'demo', '--password', 'Kupang-Demo-2025');
      const seeded = await cli(env, 'seed', '--participants', '300', '--password', 'Kupang-Demo-2025');
      assert.match(seeded.stdout, /Seeded 300 new participants/);
      const again = await cli(env, 'seed', '--participants', '300', '--password', 'Kupang-Demo-2025');
      assert.match(again.stdout, /Seeded 0 new participants/, 'seeding is deterministic and idempotent');
      await cli(env, 'user:create-admin', '--login', 'lan.admin', '--name', 'Admin LAN', '--email', 'admin@lan.go.id', '--password', 'Pusat-Bangkom-2025');

      const db = openDatabase(parseDatabaseUrl(url));
      try {
        const k = db.kysely;
        const units = await k.selectFrom('org_units').select(['code', 'kind']).execute();
        assert.equal(units.filter((u) => u.kind === 'province').length, 38);
        assert.equal(units.filter((u) => u.kind === 'regency').length, 22);
        assert.equal(units.filter((u) => u.kind === 'agency').length, 1, 'demo twice adds nothing twice');
        const users = await k.selectFrom('users').select(['login', 'nip', 'password_hash', 'must_change_password']).execute();
        assert.equal(users.length, 3 + 300 + 1);
        const first = syntheticParticipant(0);
        const seededUser = users.find((u) => u.login === first.nip);
        assert.ok(seededUser, 'the first synthetic participant exists, by its deterministic NIP');
        assert.ok(await verifyPassword(seededUser.password_hash!, 'Kupang-Demo-2025'));
        const enrolled = await k.selectFrom('enrolments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        assert.equal(Number(enrolled.n), 301, 'the demo participant and the 300 seeded ones are enrolled');
        const lan = await k.selectFrom('users').innerJoin('role_assignments', 'role_assignments.user_id', 'users.id').select(['role']).where('login', '=', 'lan.admin').execute();
        assert.deepEqual(lan.map((r) => r.role), ['platform_admin']);
      } finally {
        await db.close();
      }
    });

    test('bad arguments exit with a message, not a stack trace', async () => {
      const env = { DATABASE_URL: url };
      await assert.rejects(cli(env, 'seed', '--participants', 'many', '--password', 'Kupang-Demo-2025'), (err: { code: number; stderr: string }) => err.code === 2 && /--participants/.test(err.stderr));
      await assert.rejects(cli(env, 'demo', '--password', 'password'), (err: { code: number; stderr: string }) => err.code === 2 && /password policy/.test(err.stderr));
      await assert.rejects(cli({ DATABASE_URL: 'mysql://nope' }, 'migrate'), (err: { code: number; stderr: string }) => err.code === 2 && /DATABASE_URL/.test(err.stderr));
    });
  });
}
