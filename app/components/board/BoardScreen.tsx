'use client';

import { useEffect, useState } from 'react';
import { loadIdentity, saveIdentity, type Identity } from '@/lib/client/identity';
import { BoardError } from './BoardError';
import { LiveBoard } from './LiveBoard';
import { NamePrompt } from './NamePrompt';
import { useBoardInfo } from './use-board-info';

/** Entry of /b/<id>: asks for a display name once per browser, then opens the live board. */
export function BoardScreen({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const [identity, setIdentity] = useState<Identity | null | undefined>(undefined);
  const { info, error } = useBoardInfo(boardId, boardKey);
  useEffect(() => setIdentity(loadIdentity()), []);

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
  return <LiveBoard boardId={boardId} boardKey={boardKey} identity={identity} />;
}
