'use client';

import { useEffect, useState } from 'react';
import dynamic from 'next/dynamic';
import { loadIdentity, saveIdentity, type Identity } from '@/lib/client/identity';
import { useBoardConnection } from '@/lib/client/use-board';
import { BoardError } from './BoardError';
import { NamePrompt } from './NamePrompt';
import { useBoardInfo } from './use-board-info';

// The board UI is a separate chunk, fetched as soon as this module runs: the connection (below)
// opens and the 2,000-item doc syncs while that chunk is still loading and compiling, instead
// of after it.
const loadLiveBoard = () => import('./LiveBoard').then((m) => m.LiveBoard);
if (typeof window !== 'undefined') void loadLiveBoard();
const LiveBoard = dynamic(loadLiveBoard, { ssr: false, loading: () => <main className="min-h-dvh" aria-busy="true" /> });

/** Entry of /b/<id>: asks for a display name once per browser, then opens the live board. */
export function BoardScreen({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const [identity, setIdentity] = useState<Identity | null | undefined>(undefined);
  const { info, error } = useBoardInfo(boardId, boardKey);
  useEffect(() => setIdentity(loadIdentity()), []);
  // Opened here, as soon as the name is known, not by the board once it has rendered.
  const { connection, snapshot } = useBoardConnection(boardId, boardKey, identity ?? null);

  if (error === 'wrong_key' || error === 'unknown_board') return <BoardError reason={error} />;
  if (identity === undefined) return <main className="min-h-dvh" aria-busy="true" />;
  if (identity === null) {
    return (
      <NamePrompt
        boardTitle={info?.title ?? null}
        role={info?.role ?? null}
        onDone={(chosen) => {
          saveIdentity(chosen);
          setIdentity(chosen);
        }}
      />
    );
  }
  return <LiveBoard boardId={boardId} boardKey={boardKey} identity={identity} connection={connection} snapshot={snapshot} />;
}
