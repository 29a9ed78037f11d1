'use client';

import { useEffect, useState } from 'react';
import type { BoardConnection } from '@/lib/client/board-connection';
import type { TrimStateView } from '@/lib/protocol';

/** The open trim proposal and the last outcome, live from the server. */
export function useTrimState(connection: BoardConnection): TrimStateView {
  const [state, setState] = useState<TrimStateView>({ proposal: null, lastOutcome: null });
  useEffect(() => {
    const onState = (next: TrimStateView) => setState(next);
    connection.socket.on('trim:state', onState);
    const ask = () =>
      void connection.emit('trim:get', {}).then((ack) => {
        if (ack.ok && ack.result) setState(ack.result as TrimStateView);
      });
    // The join's own state may have arrived before this component subscribed.
    ask();
    connection.socket.on('connect', ask);
    return () => {
      connection.socket.off('trim:state', onState);
      connection.socket.off('connect', ask);
    };
  }, [connection]);
  return state;
}
