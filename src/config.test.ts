import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

test('defaults: port 3000, the embedded SQLite database, a secret generated once and kept', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lentera-config-'));
  const env = { DATABASE_URL: `sqlite:${dir}/x.db` };
  const a = loadConfig(env);
  assert.equal(a.PORT, 3000);
  assert.deepEqual(a.database, { kind: 'sqlite', file: `${dir}/x.db` });
  assert.equal(a.publicUrl, 'http://localhost:3000');
  assert.equal(a.secureCookies, false);
  assert.ok(a.sessionSecret.length >= 32);
  assert.equal(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim(), a.sessionSecret);
  assert.equal(loadConfig(env).sessionSecret, a.sessionSecret, 'the kept secret is reused');
  assert.equal(loadConfig({}).database.kind, 'sqlite');
});

test('PostgreSQL URLs select PostgreSQL and then require SESSION_SECRET', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' }), /SESSION_SECRET/);
  const c = loadConfig({ DATABASE_URL: 'postgresql://u@h/db', SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://lentera.kpu.go.id/' });
  assert.deepEqual(c.database, { kind: 'postgres', url: 'postgresql://u@h/db' });
  assert.equal(c.publicUrl, 'https://lentera.kpu.go.id');
  assert.equal(c.secureCookies, true);
});

test('each bad value is reported with its name and what was given', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'not a url', LOG_LEVEL: 'loud', SESSION_SECRET: 'short', LOGIN_MAX_FAILURES_PER_ACCOUNT: '0', SMTP_URL: 'http://mail' });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    const names = err.problems.map((p) => p.split(':')[0]);
    for (const n of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'LOG_LEVEL', 'SESSION_SECRET', 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 'SMTP_URL']) assert.ok(names.includes(n), `${n} reported in ${err.message}`);
    assert.match(err.message, /PORT: .*"eighty"/);
  }
});

test('throttling limits and booleans are parsed from strings', () => {
  const c = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: '7', TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '0' });
  assert.equal(c.LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS, 7);
  assert.equal(c.TRUST_PROXY, true);
  assert.equal(c.RATE_LIMIT_PER_MINUTE, 0);
});

test('certificate signing: a missing CERT_SIGNING_P12 file is reported; the development certificate lives beside the database', () => {
  assert.throws(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', CERT_SIGNING_P12: '/nonexistent/signing.p12' }), /CERT_SIGNING_P12: file not found/);
  const dir = mkdtempSync(path.join(tmpdir(), 'lentera-config-'));
  const c = loadConfig({ DATABASE_URL: `sqlite:${dir}/data/lentera.db`, FILES_DIR: `${dir}/files` });
  assert.deepEqual([c.certSigningP12Path, c.certSigningPassphrase, c.certSigningDir], [null, '', path.join(dir, 'data', 'signing')]);
  const pg = loadConfig({ DATABASE_URL: 'postgres://u@h/db', SESSION_SECRET: 'x'.repeat(32), FILES_DIR: '/srv/files', CERT_SIGNING_DIR: '/etc/lentera/signing' });
  assert.equal(pg.certSigningDir, '/etc/lentera/signing');
});
