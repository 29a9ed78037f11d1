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
/** A press holds the rows at most this long (a release the page never heard ends it then). */
const MAX_HOLD_MS = 2000;

/**
 * Whether the scroller is being scrolled fast (see FAST_VIEWPORTS_PER_SECOND), true from the
 * first fast scroll event until SETTLE_MS after the last one: scrolling slowly on, or stopping,
 * ends it. A primary press on the list meanwhile holds the answer until it is released (and
 * SETTLE_MS more), at most MAX_HOLD_MS: the rows do not change under a tap that began on one, so
 * the tap's click reaches the row it was aimed at. Re-renders only when the answer changes.
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
    let failsafe: ReturnType<typeof setTimeout> | undefined;
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
    // Only a primary press on the list's content holds: not the scroller's own scrollbar (the
    // press's target is the scroller itself; dragging the thumb is a scroll like any other), not
    // a right or middle click (a context menu may swallow their release).
    const onPress = (event: PointerEvent) => {
      if (!event.isPrimary || event.button !== 0 || event.target === scroller) return;
      pressed = true;
      clearTimeout(settle);
      clearTimeout(failsafe);
      failsafe = setTimeout(onRelease, MAX_HOLD_MS);
    };
    const onRelease = () => {
      clearTimeout(failsafe);
      if (!pressed) return;
      pressed = false;
      if (fast) settleLater();
    };
    // A pointer moving with no button down has been released somewhere this page did not hear.
    const onMove = (event: PointerEvent) => {
      if (pressed && event.buttons === 0) onRelease();
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    scroller.addEventListener('pointerdown', onPress, { passive: true });
    // On the window, in the capture phase (nothing below can stop them): a pointer released
    // outside the scroller, taken over by the browser for a pan (pointercancel), a context menu,
    // or the window's focus lost releases the hold too.
    const releases = ['pointerup', 'pointercancel', 'contextmenu'] as const;
    for (const type of releases) window.addEventListener(type, onRelease, { capture: true, passive: true });
    window.addEventListener('pointermove', onMove, { capture: true, passive: true });
    window.addEventListener('blur', onRelease);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      scroller.removeEventListener('pointerdown', onPress);
      for (const type of releases) window.removeEventListener(type, onRelease, { capture: true });
      window.removeEventListener('pointermove', onMove, { capture: true });
      window.removeEventListener('blur', onRelease);
      clearTimeout(settle);
      clearTimeout(failsafe);
    };
  }, [scrollRef]);
  return fast;
}
