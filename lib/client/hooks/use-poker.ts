'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AckResult, ClientEventName, ClientEventPayload } from '../../protocol';
import type { PokerView } from '../../poker/redact';
import type { BoardConnection } from '../board-connection';
import { POKER_STATE } from '../server-states';
import { useServerState } from './use-server-state';

export interface PokerClient {
  view: PokerView | null;
  /** serverNow − local now when the last view came; add it to Date.now() for the server's clock. */
  clockOffset: number;
  error: string | null;
  clearError: () => void;
  send: <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => Promise<AckResult<E>>;
}

/**
 * This client's poker view, and the poker events it sends. The voter token goes in the control
 * socket's handshake (voter-token.ts), so nothing needs announcing on (re)connect.
 */
export function usePoker(connection: BoardConnection): PokerClient {
  const { view, clockOffset } = useServerState(connection, POKER_STATE);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      connection.onServerError((err) => {
        if (err.event?.startsWith('poker:')) setError(err.message);
      }),
    [connection],
  );

  const send = useCallback(
    async <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => {
      setError(null);
      return connection.emit(event, payload);
    },
    [connection],
  );

  return { view, clockOffset, error, clearError: () => setError(null), send };
}
