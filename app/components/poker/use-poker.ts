'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AckResult, BoardConnection } from '@/lib/client/board-connection';
import type { ClientEventName, ClientEventPayload, PokerView } from '@/lib/protocol';

export interface PokerClient {
  view: PokerView | null;
  /** serverNow − local now when the last view came; add it to Date.now() for the server's clock. */
  clockOffset: number;
  error: string | null;
  clearError: () => void;
  send: <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => Promise<AckResult>;
}

/**
 * Subscribes to this client's poker view. The voter token goes in the control socket's
 * handshake (lib/client/voter-token.ts), so nothing needs announcing on (re)connect.
 */
export function usePoker(connection: BoardConnection): PokerClient {
  const [view, setView] = useState<PokerView | null>(() => connection.lastPoker?.view ?? null);
  const [clockOffset, setClockOffset] = useState(() => connection.lastPoker?.clockOffset ?? 0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const socket = connection.socket;
    // Registered after the connection's own listener, which has recorded the view by now.
    const onState = () => {
      setView(connection.lastPoker?.view ?? null);
      setClockOffset(connection.lastPoker?.clockOffset ?? 0);
    };
    // A view that came between the first render and this effect.
    onState();
    socket.on('poker:state', onState);
    const offError = connection.onServerError((err) => {
      if (err.event?.startsWith('poker:')) setError(err.message);
    });
    return () => {
      socket.off('poker:state', onState);
      offError();
    };
  }, [connection]);

  const send = useCallback(
    async <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => {
      setError(null);
      return connection.emit(event, payload);
    },
    [connection],
  );

  return { view, clockOffset, error, clearError: () => setError(null), send };
}

/** Current time on the server's clock, ticking every 250 ms while `active`. */
export function useServerNow(clockOffset: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now() + clockOffset);
  useEffect(() => {
    setNow(Date.now() + clockOffset);
    if (!active) return;
    const id = window.setInterval(() => setNow(Date.now() + clockOffset), 250);
    return () => window.clearInterval(id);
  }, [clockOffset, active]);
  return now;
}

export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}
