'use client';

import { useEffect } from 'react';
import { registerAppCache } from '../app-cache';

/**
 * Registers the app's service worker when `ready` (the page is live) turns true; again after a
 * reconnect, which the browser answers with the registration it has.
 */
export function useAppCache(ready: boolean): void {
  useEffect(() => (ready ? registerAppCache() : undefined), [ready]);
}
