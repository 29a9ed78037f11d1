import { config } from 'zod/v4/core';

// Runs before any other client code (Next's instrumentation-client convention). zod 4 compiles
// object schemas with `new Function`, probing for it with `Function("")` as each schema is
// built; under the pages' Content-Security-Policy (no 'unsafe-eval') the probe fails quietly
// but reports a CSP violation. The browser validates few, small messages: it needs no JIT.
config({ jitless: true });
