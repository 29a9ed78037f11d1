import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runZodJitless } from './zod-jitless';

test('zod, loaded after runZodJitless, runs jitless', async () => {
  runZodJitless();
  const { config } = await import('zod/v4/core');
  assert.equal(config().jitless, true);
});
