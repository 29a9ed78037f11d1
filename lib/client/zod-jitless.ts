/**
 * zod 4 compiles object schemas with `new Function`, probing for it with `Function("")` as each
 * schema is built; under the pages' Content-Security-Policy (no 'unsafe-eval') the probe fails
 * quietly but reports a CSP violation. The browser validates few, small messages: it needs no
 * JIT, so it runs zod jitless.
 *
 * zod keeps its config on `globalThis.__zod_globalConfig` (zod/v4/core/core.js) and keeps an
 * object it finds there, so the setting is made without importing zod: `config()` from
 * 'zod/v4/core' put zod's core (15 kB) into every page's first load, before any page used zod
 * (issue 15). zod-jitless.test.ts checks that zod still reads it.
 */
export function runZodJitless(): void {
  const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
  // The same object zod holds, if it has loaded already.
  (holder.__zod_globalConfig ??= {}).jitless = true;
}
