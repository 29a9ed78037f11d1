import { runZodJitless } from './lib/client/zod-jitless';

// Runs before any other client code (Next's instrumentation-client convention): zod must not
// probe for `new Function` under the pages' CSP (zod-jitless.ts).
runZodJitless();
