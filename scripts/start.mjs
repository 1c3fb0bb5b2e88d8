// `npm start`: install dependencies when missing, build when needed, then serve.
// On an empty embedded database the server loads the demo data and prints the demo logins.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDependencies();
const { buildIfNeeded } = await import('./build.mjs');
await buildIfNeeded();
const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist', 'cli.js'), 'serve', '--demo-if-empty', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
