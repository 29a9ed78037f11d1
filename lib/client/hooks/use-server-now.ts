'use client';

import { useEffect, useState } from 'react';

/**
 * The current time on the server's clock (`offset`: server − local, from a server-held state),
 * ticking every `tickMs` while `active`.
 */
export function useServerNow(offset: number, active: boolean, tickMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now() + offset), tickMs);
    return () => clearInterval(timer);
  }, [offset, active, tickMs]);
  return now;
}
