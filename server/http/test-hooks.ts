import type { Logger } from '../log';
import type { WorkerSqliteStore } from '../store/worker-store';

/**
 * Test-only hooks, mounted under /api/_test/ only when REFINERY_TEST_HOOKS=1. They let the
 * adversarial tests break the store worker from outside the process the way a real fault would
 * (a crash, a stuck disk). Never enable them on a server anyone else can reach.
 */
export interface TestHooks {
  killStoreWorker(holdDownMs: number): Promise<void>;
  stallStore(ms: number): Promise<void>;
}

export function storeTestHooks(store: WorkerSqliteStore, log: Logger): TestHooks {
  log.warn('REFINERY_TEST_HOOKS=1: test-only endpoints under /api/_test/ are enabled');
  return {
    killStoreWorker: (holdDownMs) => store.crashWorkerForTest(holdDownMs),
    stallStore: async (ms) => store.stallWorkerForTest(ms),
  };
}
