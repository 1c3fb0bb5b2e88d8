// Runs the production server (`node dist/cli.js serve`) as a child process for benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyNice } from './proc.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Environment for a benchmarked server: production mode, quiet logs, throttling out of the way (all load comes from 127.0.0.1). */
export function benchServerEnv(databaseUrl: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123456789',
    RATE_LIMIT_PER_MINUTE: '0',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: '1000000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    ...extra,
  };
}

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** From spawn to the first 200 from /healthz. */
  startupMs: number;
  /** Recent stdout/stderr of the server (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export async function waitForHealth(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before /healthz answered`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = new Error(`/healthz answered ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`/healthz did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** Spawns `node dist/cli.js serve` and waits until /healthz answers (`nodeArgs`, e.g. --cpu-prof, go before the script). */
export async function startServer(opts: { databaseUrl: string; env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number }): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-8000);
  };
  const started = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), CLI, 'serve'], { cwd: ROOT, env: benchServerEnv(opts.databaseUrl, port, opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (child.pid) applyNice(child.pid);
  try {
    await waitForHealth(url, opts.timeoutMs ?? 30_000, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- server output ---\n${out}`);
  }
  const startupMs = performance.now() - started;
  applyNice(child.pid!); // threads started since the spawn
  return {
    url,
    port,
    pid: child.pid!,
    child,
    startupMs,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a CLI command to completion (e.g. `seed`), timing it; throws with its output on failure. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  if (child.pid) applyNice(child.pid);
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`lentera ${args.join(' ')} failed (exit ${code}):\n${stdout}\n${stderr}`);
  return { ms, stdout: stdout.trim() };
}
