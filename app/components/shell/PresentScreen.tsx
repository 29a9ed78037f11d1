'use client';

import { useEffect, useState } from 'react';
import { useAppCache } from '@/lib/client/hooks/use-app-cache';
import { useBoardConnection, useItems, useMeta } from '@/lib/client/hooks/use-board';
import { useRoster } from '@/lib/client/hooks/use-roster';
import { colorForName, loadIdentity, type Identity } from '@/lib/client/identity';
import { ROLE_NAME, defaultName } from '@/lib/session/roles';
import { Projector } from '../projector/Projector';
import { BoardError } from './BoardError';
import { ConnectionBadge } from './ConnectionBadge';
import { ThemeToggle } from './ThemeToggle';

const PROJECTOR: Identity = { name: defaultName('spectator'), color: colorForName(defaultName('spectator')) };

/**
 * The root font size of the projector: 16 px up to 1920 px wide, then growing with the width, so
 * a 4K screen shows the same layout at twice the size (every size on the page is in rem).
 */
const ROOT_FONT_SIZE = 'max(16px, calc(100vw / 120))';

/**
 * /b/<id>/present — the projector: large type, high contrast, read-only. It follows the
 * facilitator: the meeting's stage, a poker round, a trim vote, the sort preview, and the card
 * being discussed (app/components/projector).
 */
export function PresentScreen({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  useEffect(() => {
    // A projector is a device, not a person; a remembered name is kept only as a label.
    const saved = loadIdentity();
    setIdentity(saved ? { name: `${saved.name} (${ROLE_NAME.spectator})`.slice(0, 40), color: saved.color } : PROJECTOR);
  }, []);
  // Read-only and never a voter, whatever key opened it (a facilitator's, on an older board).
  const { connection, snapshot } = useBoardConnection(boardId, boardKey, identity, 'spectator');
  const roster = useRoster(connection);
  const meta = useMeta(connection?.doc);
  const items = useItems(connection?.doc, { zone: 'backlog' });
  // Once the projector shows the live board: its next start begins from compiled code.
  useAppCache(snapshot.synced);
  const people = new Set(roster.participants.map((p) => `${p.name}\u0000${p.color}`)).size;

  useEffect(() => {
    const root = document.documentElement;
    const before = root.style.fontSize;
    root.style.fontSize = ROOT_FONT_SIZE;
    return () => {
      root.style.fontSize = before;
    };
  }, []);

  useEffect(() => {
    if (!connection) return;
    window.__refinery = { doc: connection.doc, connection };
    return () => {
      if (window.__refinery?.connection === connection) delete window.__refinery;
    };
  }, [connection]);

  if (snapshot.status === 'error') return <BoardError reason={snapshot.errorReason} />;

  const header = (
    <header className="flex items-center gap-6 px-8 py-3">
      <h1 className="min-w-0 flex-1 truncate text-4xl font-black tracking-tight" data-testid="board-title">
        {meta?.title || snapshot.session?.title || 'Loading…'}
      </h1>
      <p className="text-2xl font-semibold">
        {items.length} items · {people} {people === 1 ? 'person' : 'people'} here
      </p>
      <span className="[&_[role=status]]:text-xl">
        <ConnectionBadge status={snapshot.status} />
      </span>
      <ThemeToggle className="rounded-lg p-2 hover:bg-slate-200 dark:hover:bg-slate-800" />
    </header>
  );

  return (
    <div className="flex h-dvh flex-col overflow-hidden bg-white text-black dark:bg-black dark:text-white" data-testid="present">
      {connection ? (
        <Projector connection={connection} snapshot={snapshot} header={header} />
      ) : (
        <div className="shrink-0 border-b-2 border-black dark:border-white">{header}</div>
      )}
    </div>
  );
}
