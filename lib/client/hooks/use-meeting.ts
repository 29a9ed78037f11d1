'use client';

import { useCallback, useEffect, useState } from 'react';
import type { MeetingSummary } from '../../meeting/summary';
import type { MeetingView } from '../../meeting/view';
import type { AckResult, ClientEventName, ClientEventPayload } from '../../protocol';
import type { BoardConnection } from '../board-connection';
import { MEETING_STATE } from '../server-states';
import { useServerState } from './use-server-state';

export interface MeetingClient {
  view: MeetingView | null;
  /** Add to Date.now() to read the server's clock (the meeting timer runs on it). */
  offset: number;
  /** The summary of the meeting that just ended here, until dismissed. */
  ended: MeetingSummary | null;
  dismissEnded(): void;
  /** Sends a meeting event; a refusal is reported through `error`. */
  send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<AckResult<E>>;
  error: string | null;
  fetchSummary(meetingId: string): Promise<MeetingSummary | null>;
}

/** The meeting as the server holds it, for one board connection, and the events it sends. */
export function useMeeting(connection: BoardConnection): MeetingClient {
  const { view, offset } = useServerState(connection, MEETING_STATE);
  const [ended, setEnded] = useState<MeetingSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const socket = connection.socket;
    const onEnded = (summary: MeetingSummary) => setEnded(summary);
    socket.on('meeting:ended', onEnded);
    return () => {
      socket.off('meeting:ended', onEnded);
    };
  }, [connection]);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), 5000);
    return () => clearTimeout(timer);
  }, [error]);

  const send = useCallback(
    async <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => {
      const ack = await connection.emit(event, payload);
      if (!ack.ok) setError(ack.error?.message ?? 'The server refused this.');
      return ack;
    },
    [connection],
  );

  const fetchSummary = useCallback(
    async (meetingId: string) => {
      const ack = await connection.emit('meeting:summary', { meetingId });
      if (!ack.ok) {
        setError(ack.error.message);
        return null;
      }
      return ack.result.summary;
    },
    [connection],
  );

  return { view, offset, ended, dismissEnded: () => setEnded(null), send, error, fetchSummary };
}
