'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
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

  // `meeting:ended` is sent once, to the sockets connected at that moment. A screen whose
  // connection was down just then (a phone's network, a server under load) would never see the
  // summary; so the state decides too: a meeting this screen saw running that is now in the
  // board's past meetings gets its summary fetched, unless the event already brought it.
  const runningId = useRef<string | null>(null);
  const shownId = useRef<string | null>(null);
  const show = useCallback((summary: MeetingSummary) => {
    if (shownId.current === summary.meetingId) return;
    shownId.current = summary.meetingId;
    setEnded(summary);
  }, []);

  useEffect(() => {
    const socket = connection.socket;
    socket.on('meeting:ended', show);
    return () => {
      socket.off('meeting:ended', show);
    };
  }, [connection, show]);

  useEffect(() => {
    if (!view) return;
    if (view.meeting) {
      runningId.current = view.meeting.id;
      return;
    }
    const missed = runningId.current;
    runningId.current = null;
    // Not in the past list: the meeting was not ended but dropped (nothing to show).
    if (!missed || shownId.current === missed || !view.past.some((p) => p.id === missed)) return;
    void connection.emit('meeting:summary', { meetingId: missed }).then((ack) => {
      if (ack.ok) show(ack.result.summary);
    });
  }, [view, connection, show]);

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
