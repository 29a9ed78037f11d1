'use client';

import { useEffect } from 'react';
import { registerAppCache } from '../app-cache';

/** Registers the app's service worker once `ready` (the page is live), at most once per mount. */
export function useAppCache(ready: boolean): void {
  useEffect(() => (ready ? registerAppCache() : undefined), [ready]);
}
