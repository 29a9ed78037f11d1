'use client';

import { useEffect, useState, type ComponentType, type ComponentProps } from 'react';
import type { BoardPreview } from '@/lib/board/preview';
import { useBoardConnection } from '@/lib/client/hooks/use-board';
import { loadIdentity, saveIdentity, type Identity } from '@/lib/client/identity';
import { preopenBoardConnection } from '@/lib/client/open-connection';
import { BoardError } from './BoardError';
import { BoardPreviewScreen } from './BoardPreview';
import type { LiveBoard as LiveBoardComponent } from './LiveBoard';
import { NamePrompt } from './NamePrompt';
import { useBoardInfo } from './use-board-info';

// The board UI is a separate chunk, fetched as soon as this module runs: the connection (below)
// opens and the 2,000-item doc syncs while that chunk is still loading and compiling, instead
// of after it.
// Until it has, the page shows the server-rendered preview of the backlog.
type LiveBoardType = ComponentType<ComponentProps<typeof LiveBoardComponent>>;
const liveBoardChunk: Promise<LiveBoardType> | null =
  typeof window === 'undefined'
    ? null
    : import('./LiveBoard').then((m) => {
        // For bench:board's breakdown of the time to the live list.
        performance.mark('refinery:live-chunk');
        return m.LiveBoard;
      });

// A returning person (name remembered) starts syncing the board now, while the page hydrates.
if (typeof window !== 'undefined') {
  const boardPath = /^\/b\/([^/]+)\/?$/.exec(window.location.pathname);
  const key = new URLSearchParams(window.location.search).get('key');
  const identity = loadIdentity();
  try {
    if (boardPath && key && identity) preopenBoardConnection(decodeURIComponent(boardPath[1]), key, identity);
  } catch {
    // A malformed path: the page opens its connection the usual way, after hydration.
  }
}

function useLiveBoard(): LiveBoardType | null {
  const [component, setComponent] = useState<LiveBoardType | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  useEffect(() => {
    let mounted = true;
    liveBoardChunk?.then(
      (loaded) => mounted && setComponent(() => loaded),
      (err: unknown) => mounted && setFailed(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      mounted = false;
    };
  }, []);
  // A chunk that cannot load (a deploy in between, the network) goes to the error boundary, as
  // it did with next/dynamic, instead of leaving the preview up for ever.
  if (failed) throw failed;
  return component;
}

/**
 * Entry of /b/<id>: asks for a display name once per browser, then opens the live board. The
 * server renders `preview` (the top of the backlog) into the HTML; it stays on screen until
 * the live list replaces it.
 */
export function BoardScreen({ boardId, boardKey, preview }: { boardId: string; boardKey: string; preview: BoardPreview | null }) {
  const [identity, setIdentity] = useState<Identity | null | undefined>(undefined);
  const { info, error } = useBoardInfo(boardId, boardKey);
  const LiveBoard = useLiveBoard();
  useEffect(() => {
    performance.mark('refinery:hydrated');
    setIdentity(loadIdentity());
  }, []);
  // Opened here, as soon as the name is known, not by the board once it has rendered.
  const { connection, snapshot } = useBoardConnection(boardId, boardKey, identity ?? null);

  if (error === 'wrong_key' || error === 'unknown_board') return <BoardError reason={error} />;
  if (identity === undefined) return <BoardPreviewScreen preview={preview} />;
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
  if (!LiveBoard) return <BoardPreviewScreen preview={preview} />;
  return (
    <LiveBoard boardId={boardId} boardKey={boardKey} identity={identity} connection={connection} snapshot={snapshot} preview={preview} />
  );
}
