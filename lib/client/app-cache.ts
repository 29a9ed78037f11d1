import { SERVICE_WORKER_PATH } from '../protocol/codes';

/** How long registering waits for the browser to be idle before it goes ahead anyway. */
const IDLE_TIMEOUT_MS = 5_000;

/**
 * Registers the app's service worker (server/http/service-worker.ts), which keeps this build's
 * JavaScript compiled in the browser for the next visit. Called once a board is live: the
 * worker's install copies the static files this page loaded (from the browser's HTTP cache) and
 * the browser compiles them whole, work that must not compete with the page's first load. Production builds only (the dev server's files change under the same
 * names), and only where service workers exist (a secure context: https or localhost). Returns a
 * cancel for a page that goes away before the browser was idle.
 */
export function registerAppCache(): () => void {
  if (process.env.NODE_ENV !== 'production' || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => {};
  const register = () => {
    // Refused (storage off, private mode in some browsers): the page works the same without it.
    navigator.serviceWorker.register(SERVICE_WORKER_PATH, { scope: '/' }).catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(register, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(register, 1_000);
  return () => clearTimeout(timer);
}
