'use client';

import { useEffect, useState } from 'react';
import type { BoardInfoResponse } from '@/lib/protocol';

/** Title and role from the JSON API, known before the live connection opens (for the join prompt). */
export function useBoardInfo(boardId: string, key: string): { info: BoardInfoResponse | null; error: string | null } {
  const [state, setState] = useState<{ info: BoardInfoResponse | null; error: string | null }>({ info: null, error: null });
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/boards/${encodeURIComponent(boardId)}?key=${encodeURIComponent(key)}`)
      .then(async (res) => {
        if (cancelled) return;
        if (!res.ok) {
          setState({
            info: null,
            error: res.status === 404 ? 'unknown_board' : res.status === 403 || res.status === 401 ? 'wrong_key' : `http_${res.status}`,
          });
          return;
        }
        setState({ info: (await res.json()) as BoardInfoResponse, error: null });
      })
      .catch(() => {
        // Offline: the live connection will report it; the prompt just shows no title.
      });
    return () => {
      cancelled = true;
    };
  }, [boardId, key]);
  return state;
}
