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
  // hono looks through process.getBuiltinModule, then (under a CommonJS entry point) through
  // process.mainModule.require: both are hidden for that one look.
  const proc = process as unknown as { getBuiltinModule?: (id: string) => unknown; mainModule?: unknown };
  const original = proc.getBuiltinModule;
  const hadMainModule = Object.prototype.hasOwnProperty.call(process, 'mainModule');
  const mainModule = proc.mainModule;
  if (typeof original === 'function') proc.getBuiltinModule = (id: string) => (id === 'node:async_hooks' || id === 'async_hooks' ? undefined : original.call(process, id));
  if (mainModule !== undefined) proc.mainModule = undefined;
  try {
    useContext(createContext(null)); // hono's one look for AsyncLocalStorage happens here
  } finally {
    if (typeof original === 'function') proc.getBuiltinModule = original;
    if (mainModule !== undefined) proc.mainModule = mainModule;
    else if (!hadMainModule) delete proc.mainModule;
  }
}
keepHonoOffAsyncLocalStorage();

/** The HTML of a JSX node (escaped by hono/jsx). */
export function renderToString(node: unknown): string {
  return String(node);
}
