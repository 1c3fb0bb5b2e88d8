// Builds dist/ with esbuild when a source file is newer than the bundle ("builds when needed").
import { existsSync, statSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildIfNeeded({ force = false } = {}) {
  const srcTime = Math.max(newestMtime(path.join(root, 'src')), statSync(path.join(root, 'package.json')).mtimeMs);
  if (!force && existsSync(out) && existsSync(path.join(path.dirname(out), 'certificate-worker.js')) && statSync(out).mtimeMs >= srcTime) return false;
  const esbuild = await import('esbuild');
  await esbuild.build({
    // The certificate worker thread (src/services/certificates/render-pool.ts) is its own bundle,
    // found beside dist/cli.js at run time.
    entryPoints: { cli: path.join(root, 'src', 'cli.ts'), 'certificate-worker': path.join(root, 'src', 'services', 'certificates', 'render-worker.ts') },
    outdir: path.dirname(out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    logLevel: 'warning',
  });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureDependencies } = await import('./ensure-deps.mjs');
  ensureDependencies();
  const built = await buildIfNeeded({ force: process.argv.includes('--force') });
  console.log(built ? '[lentera] built dist/cli.js' : '[lentera] dist/cli.js is up to date');
}
