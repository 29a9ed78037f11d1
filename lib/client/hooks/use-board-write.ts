'use client';

import { useMemo, useRef, useState } from 'react';
import { createBoardWrite, type BoardWrite } from '../board-actions';
import type { BoardConnection } from '../board-connection';

export interface PanelWrite {
  write: BoardWrite;
  /** The last refusal, until a write succeeds. */
  error: string | null;
  /** Shows another refusal in the same place (e.g. a control event the server refused). */
  report(error: string | null): void;
}

/**
 * The board's one write path (createBoardWrite) for a panel: each write is its own undo step,
 * and the last refusal (a BoardError's message) is kept for the panel to show.
 */
export function useBoardWrite(connection: BoardConnection): PanelWrite {
  const [error, setError] = useState<string | null>(null);
  // Only a change is set: a write made while rendering (a shared text created on first show)
  // must not schedule another render when nothing was refused.
  const shown = useRef<string | null>(null);
  const bound = useMemo(() => {
    const report = (next: string | null) => {
      if (shown.current === next) return;
      shown.current = next;
      setError(next);
    };
    return { write: createBoardWrite(connection, report), report };
  }, [connection]);
  return { ...bound, error };
}
