// Test support: a real platform on SQLite (always) and PostgreSQL (when TEST_DATABASE_URL is set),
// a movable clock, and an HTTP client over fastify.inject that keeps cookies like a browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createPlatform, type Platform } from '../../src/server.js';
import type { AppContext } from '../../src/services/context.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The databases this run covers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabases(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A clock tests can move. */
export class TestClock {
  constructor(public now = new Date('2026-11-28T01:00:00.000Z')) {}
  readonly fn = () => new Date(this.now.getTime());
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
  set(iso: string) {
    this.now = new Date(iso);
  }
}

/** A fresh, empty database of the given kind; dropped again by the returned cleanup. */
export async function freshDatabaseUrl(kind: DatabaseKind): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'lentera-test-'));
    return { url: `sqlite:${path.join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `lentera_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestPlatform extends Platform {
  kind: DatabaseKind;
  clock: TestClock;
  config: Config;
  ctx: AppContext;
  /** Closes the app and drops the database. */
  dispose(): Promise<void>;
}

export async function startTestPlatform(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestPlatform> {
  const { url, drop: dropDatabase } = await freshDatabaseUrl(kind);
  // Uploaded files of a test platform live in their own temporary folder, removed with it.
  const filesDir = mkdtempSync(path.join(tmpdir(), 'lentera-files-'));
  const drop = async () => {
    await dropDatabase();
    rmSync(filesDir, { recursive: true, force: true });
  };
  const config = loadConfig({
    FILES_DIR: filesDir,
    DATABASE_URL: url,
    SESSION_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    PUBLIC_URL: 'http://lentera.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  } as NodeJS.ProcessEnv);
  const clock = new TestClock();
  const platform = await createPlatform(config, { clock: clock.fn, log: pino({ level: config.LOG_LEVEL }) });
  await platform.app.ready();
  return {
    ...platform,
    kind,
    clock,
    config,
    async dispose() {
      await platform.close();
      await drop();
    },
  };
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json<T = any>(): T;
}

/**
 * A browser-like client: keeps cookies, sends the CSRF token of the last page it saw with forms,
 * and sends JSON to the API with the right content type.
 */
export class TestClient {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly platform: Pick<Platform, 'app'>,
    private readonly defaults: Record<string, string> = {},
    /** The client's address as the server sees it (default: fastify.inject's 127.0.0.1). */
    private readonly options: { remoteAddress?: string } = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(opts: { method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer }): Promise<TestResponse> {
    const headers: Record<string, string> = { ...this.defaults, ...opts.headers };
    if (this.cookies.size && !headers.cookie) headers.cookie = this.cookieHeader();
    const res = await this.platform.app.inject({ method: opts.method as 'GET', url: opts.url, headers, payload: opts.payload, ...(this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {}) });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return { status: res.statusCode, headers: res.headers, body: res.body, json: () => JSON.parse(res.body) };
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  }
  getJson(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });
  }
  sendJson(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request({ method, url, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, payload: body === undefined ? '' : JSON.stringify(body) });
  }
  postJson(url: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.sendJson('POST', url, body, headers);
  }
  /** Posts a form like a browser; includes the CSRF token of the last page unless `_csrf` is given. */
  async postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/login');
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers }, payload: body });
  }
  /** Signs in through the JSON API. */
  async login(login: string, password: string) {
    const res = await this.postJson('/api/v1/auth/login', { login, password });
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${res.body}`);
    return res;
  }
}

export const DEMO_PASSWORD = 'Kupang-Demo-2025';
