'use client';

import { useEffect, useState, type RefObject } from 'react';
import { ScrollVelocity } from '@/lib/client/scroll-velocity';

/**
 * Faster than this, in heights of the scroller a second, the list counts as flung. A wheel notch
 * (~100 px) never reaches it and two notches in quick succession barely; a fling or a held
 * Page Down does. At 2 viewports a second a row (~100 px) mounts every third frame or so, which
 * full rows afford; the point is the flings where several mount in every frame.
 */
const FAST_VIEWPORTS_PER_SECOND = 2;
/** How long after the last fast scroll event the list counts as settled again. */
const SETTLE_MS = 120;

/**
 * Whether the scroller is being scrolled fast (see FAST_VIEWPORTS_PER_SECOND), true from the
 * first fast scroll event until SETTLE_MS after the last one: scrolling slowly on, or stopping,
 * ends it. Re-renders only when the answer changes.
 */
export function useFastScroll(scrollRef: RefObject<HTMLElement | null>): boolean {
  const [fast, setFast] = useState(false);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const meter = new ScrollVelocity();
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onScroll = (event: Event) => {
      // The virtualizer's own listener has read scrollTop already, so these reads cost no layout.
      const speed = meter.sample(event.timeStamp, scroller.scrollTop);
      if (speed < FAST_VIEWPORTS_PER_SECOND * scroller.clientHeight) return;
      setFast(true);
      clearTimeout(settle);
      settle = setTimeout(() => setFast(false), SETTLE_MS);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      clearTimeout(settle);
    };
  }, [scrollRef]);
  return fast;
}
