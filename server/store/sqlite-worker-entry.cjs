// Worker threads do not inherit tsx's loader hooks; register them here, then load the
// TypeScript worker.
require('tsx/cjs');
require('./sqlite-worker.ts');
