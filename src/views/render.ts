// Rendering hono/jsx to a string, without hono's AsyncLocalStorage.
//
// hono/jsx keeps useContext values in an AsyncLocalStorage when the runtime has one (so that async
// components see them across `await`), and enters it for every render and for every <head>, <title>,
// <meta>, <link> and <script> inside it. On Node 20 the first AsyncLocalStorage#run turns on V8's
// promise hooks for the whole process, for good: every promise of every request (Kysely, fastify)
// then pays for the hooks. That made promise-heavy code about 2.5 times slower in a micro-benchmark and
// showed in the join storm's CPU profile (bench/scenarios/live.ts).
//
// Our views are synchronous and use no context of their own, so hono is made to take its path for
// runtimes without AsyncLocalStorage: a context store that lives for the synchronous render (the
// same values, the same HTML). hono looks for AsyncLocalStorage once, on the first context access;
// this module makes that first look, with node:async_hooks hidden from it, when it is imported —
// before any page is rendered (src/views/layout.tsx imports it).
import { createContext, useContext } from 'hono/jsx';

function keepHonoOffAsyncLocalStorage(): void {
  const proc = process as unknown as { getBuiltinModule?: (id: string) => unknown };
  const original = proc.getBuiltinModule;
  if (typeof original !== 'function') return; // hono then cannot find it either (Node < 20.16)
  proc.getBuiltinModule = (id: string) => (id === 'node:async_hooks' || id === 'async_hooks' ? undefined : original.call(process, id));
  try {
    useContext(createContext(null)); // hono's one look for AsyncLocalStorage happens here
  } finally {
    proc.getBuiltinModule = original;
  }
}
keepHonoOffAsyncLocalStorage();

/** The HTML of a JSX node (escaped by hono/jsx). */
export function renderToString(node: unknown): string {
  return String(node);
}
