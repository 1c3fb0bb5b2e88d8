// Development/test bootstrap of the certificate worker: registers tsx in the worker thread, then
// loads render-worker.ts (a worker does not pick up the parent's `--import tsx` on Node 20).
// The built server uses dist/certificate-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./render-worker.ts', import.meta.url).href);
