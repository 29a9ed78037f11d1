'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AckResult, BoardConnection } from '@/lib/client/board-connection';
import type { ClientEventName, ClientEventPayload, PokerView } from '@/lib/protocol';

const VOTER_TOKEN_KEY = 'refinery:voter-token';

/**
 * The private token that makes this browser the same voter after a reload or reconnect. Only
 * its hash is ever shown to others; whoever holds the token sees (and can change) this vote.
 */
function voterToken(): string {
  try {
    const stored = window.localStorage.getItem(VOTER_TOKEN_KEY);
    if (stored && stored.length >= 16) return stored;
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    const token = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    window.localStorage.setItem(VOTER_TOKEN_KEY, token);
    return token;
  } catch {
    // Storage blocked: a token for this page's lifetime.
    return Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => b.toString(16).padStart(2, '0')).join('');
  }
}

export interface PokerClient {
  view: PokerView | null;
  /** serverNow − local now when the last view came; add it to Date.now() for the server's clock. */
  clockOffset: number;
  error: string | null;
  clearError: () => void;
  send: <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => Promise<AckResult>;
}

/** Subscribes to this client's poker view and announces the voter token on every (re)connect. */
export function usePoker(connection: BoardConnection): PokerClient {
  const [view, setView] = useState<PokerView | null>(null);
  const [clockOffset, setClockOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const socket = connection.socket;
    const token = voterToken();
    const join = () => void connection.emit('poker:join', { voterToken: token });
    const onState = (next: PokerView) => {
      setView(next);
      setClockOffset(next.serverNow - Date.now());
    };
    socket.on('connect', join);
    socket.on('poker:state', onState);
    if (socket.connected) join();
    const offError = connection.onServerError((err) => {
      if (err.event?.startsWith('poker:')) setError(err.message);
    });
    return () => {
      socket.off('connect', join);
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
