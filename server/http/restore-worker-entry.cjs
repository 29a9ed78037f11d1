// Worker threads do not inherit tsx's loader hooks; register them here, then load the
// TypeScript worker. The production build bundles restore-worker.ts under this name instead.
require('tsx/cjs');
require('./restore-worker.ts');
