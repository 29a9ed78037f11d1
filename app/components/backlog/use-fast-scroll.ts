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
 * ends it. A pointer pressed in the scroller meanwhile holds the answer until it is released (and
 * SETTLE_MS more): the rows do not change under a tap that began on one, so the tap's click
 * reaches the row it was aimed at. Re-renders only when the answer changes.
 */
export function useFastScroll(scrollRef: RefObject<HTMLElement | null>): boolean {
  const [fast, setFast] = useState(false);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const meter = new ScrollVelocity();
    let settle: ReturnType<typeof setTimeout> | undefined;
    let fast = false;
    let pressed = false;
    const settleLater = () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        fast = false;
        setFast(false);
      }, SETTLE_MS);
    };
    const onScroll = (event: Event) => {
      // The virtualizer's own listener has read scrollTop already, so these reads cost no layout.
      const speed = meter.sample(event.timeStamp, scroller.scrollTop);
      if (speed < FAST_VIEWPORTS_PER_SECOND * scroller.clientHeight) return;
      fast = true;
      setFast(true);
      if (pressed) clearTimeout(settle);
      else settleLater();
    };
    const onPress = () => {
      pressed = true;
      clearTimeout(settle);
    };
    const onRelease = () => {
      if (!pressed) return;
      pressed = false;
      if (fast) settleLater();
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    scroller.addEventListener('pointerdown', onPress, { passive: true });
    // On the window: a pointer released outside the scroller, taken over by the browser for a
    // pan (pointercancel), or lost with the window's focus releases the hold too.
    window.addEventListener('pointerup', onRelease, { passive: true });
    window.addEventListener('pointercancel', onRelease, { passive: true });
    window.addEventListener('blur', onRelease);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      scroller.removeEventListener('pointerdown', onPress);
      window.removeEventListener('pointerup', onRelease);
      window.removeEventListener('pointercancel', onRelease);
      window.removeEventListener('blur', onRelease);
      clearTimeout(settle);
    };
  }, [scrollRef]);
  return fast;
}
