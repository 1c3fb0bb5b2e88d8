import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file whether it runs from src/ (tsx) or dist/ (bundle). */
export const PROJECT_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
})();

export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');
export const HTMX_FILE = path.join(PROJECT_ROOT, 'node_modules', 'htmx.org', 'dist', 'htmx.min.js');

/** A short hash of the static files: asset URLs carry it, so they can be cached for a year. */
export const ASSET_VERSION = (() => {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(name).update(readFileSync(p));
    }
  };
  if (existsSync(PUBLIC_DIR)) walk(PUBLIC_DIR);
  if (existsSync(HTMX_FILE)) h.update(readFileSync(HTMX_FILE));
  return h.digest('hex').slice(0, 10);
})();
