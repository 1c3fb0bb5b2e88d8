// `npm test`: install dependencies when missing, then run every test with node:test.
// Unit and HTTP tests live next to the code (src/**/*.test.ts); end-to-end and cross-cutting tests in test/.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDependencies();

function find(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...find(p));
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const filters = process.argv.slice(2);
let files = [...find(path.join(root, 'src')), ...find(path.join(root, 'test'))].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!process.env.TEST_DATABASE_URL) {
  console.log('NOTE: TEST_DATABASE_URL is not set: database tests run on SQLite only; PostgreSQL is NOT covered in this run.');
} else {
  console.log(`Database tests run on SQLite and on PostgreSQL (${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')}).`);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', LENTERA_ROOT: root } },
);
process.exit(res.status ?? 1);
