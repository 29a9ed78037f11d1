'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AckResult, BoardConnection } from '@/lib/client/board-connection';
import type { MeetingSummary } from '@/lib/meeting/summary';
import { clockOffset, type MeetingView } from '@/lib/meeting/view';
import type { ClientEventName, ClientEventPayload } from '@/lib/protocol';

export interface MeetingClient {
  view: MeetingView | null;
  /** Add to Date.now() to read the server's clock (the meeting timer runs on it). */
  offset: number;
  /** The summary of the meeting that just ended here, until dismissed. */
  ended: MeetingSummary | null;
  dismissEnded(): void;
  /** Sends a meeting event; a refusal is reported through `error`. */
  send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<AckResult>;
  error: string | null;
  fetchSummary(meetingId: string): Promise<MeetingSummary | null>;
}

/**
 * The meeting as the server holds it, for one board connection. The server pushes
 * `meeting:state` on join and on every change; because this hook may subscribe after the join
 * (React mounts later than the socket connects), it also asks once with `meeting:get`, and again
 * after every reconnect.
 */
export function useMeeting(connection: BoardConnection): MeetingClient {
  const [view, setView] = useState<MeetingView | null>(null);
  const [offset, setOffset] = useState(0);
  const [ended, setEnded] = useState<MeetingSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const socket = connection.socket;
    const accept = (next: MeetingView) => {
      setView(next);
      setOffset(clockOffset(next, Date.now()));
    };
    const onEnded = (summary: MeetingSummary) => setEnded(summary);
    const request = () => {
      void connection.emit('meeting:get', {}).then((ack) => {
        const got = (ack.result as { view?: MeetingView } | undefined)?.view;
        if (ack.ok && got) accept(got);
      });
    };
    socket.on('meeting:state', accept);
    socket.on('meeting:ended', onEnded);
    socket.on('connect', request);
    if (socket.connected) request();
    return () => {
      socket.off('meeting:state', accept);
      socket.off('meeting:ended', onEnded);
      socket.off('connect', request);
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
      const summary = (ack.result as { summary?: MeetingSummary } | undefined)?.summary;
      if (!ack.ok || !summary) {
        setError(ack.error?.message ?? 'Could not load that meeting.');
        return null;
      }
      return summary;
    },
    [connection],
  );

  return { view, offset, ended, dismissEnded: () => setEnded(null), send, error, fetchSummary };
}

/** The server's clock, ticking once a second while `active`. */
export function useServerNow(offset: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset, active]);
  return now;
}
