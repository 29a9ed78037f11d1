'use client';

import { useEffect, useMemo, useState } from 'react';
import { useBoardConnection, useItems, useMeta } from '@/lib/client/hooks/use-board';
import { useRoster } from '@/lib/client/hooks/use-roster';
import { colorForName, loadIdentity, type Identity } from '@/lib/client/identity';
import { EstimateChip } from '../backlog/EstimateControl';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';
import { Markdown } from '../ui/Markdown';
import { MeetingBar } from '../meeting/MeetingBar';
import { BoardError } from './BoardError';
import { ConnectionBadge } from './ConnectionBadge';
import { ThemeToggle } from './ThemeToggle';

const PROJECTOR: Identity = { name: 'Projector', color: colorForName('Projector') };

/**
 * /b/<id>/present — the projector: large type, high contrast, read-only, and it follows the
 * facilitator: the focused card is highlighted, scrolled to the middle and shown in full.
 */
export function PresentScreen({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  useEffect(() => {
    // A projector is a device, not a person; a remembered name is kept only as a label.
    const saved = loadIdentity();
    setIdentity(saved ? { name: `${saved.name} (projector)`.slice(0, 40), color: saved.color } : PROJECTOR);
  }, []);
  // Read-only and never a voter, whatever key opened it (a facilitator's, on an older board).
  const { connection, snapshot } = useBoardConnection(boardId, boardKey, identity, 'spectator');
  const roster = useRoster(connection);
  const meta = useMeta(connection?.doc);
  const items = useItems(connection?.doc, { zone: 'backlog' });
  const focusId = snapshot.focus.itemId;
  const focused = useMemo(() => items.find((item) => item.id === focusId) ?? null, [items, focusId]);
  const focusIndex = focused ? items.indexOf(focused) : -1;
  const people = new Set(roster.participants.map((p) => `${p.name}\u0000${p.color}`)).size;

  useEffect(() => {
    if (!connection) return;
    window.__refinery = { doc: connection.doc, connection };
    return () => {
      if (window.__refinery?.connection === connection) delete window.__refinery;
    };
  }, [connection]);

  useEffect(() => {
    if (!focusId) return;
    const card = document.querySelector(`[data-present-id="${CSS.escape(focusId)}"]`);
    card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focusId, items.length]);

  if (snapshot.status === 'error') return <BoardError reason={snapshot.errorReason} />;

  return (
    <div className="flex h-dvh flex-col bg-white text-black dark:bg-black dark:text-white" data-testid="present">
      <header className="flex shrink-0 items-center gap-4 border-b-2 border-black px-6 py-3 dark:border-white">
        <h1 className="min-w-0 flex-1 truncate text-3xl font-black tracking-tight lg:text-4xl" data-testid="board-title">
          {meta?.title || snapshot.session?.title || 'Loading…'}
        </h1>
        <p className="text-xl font-semibold">
          {items.length} items · {people} {people === 1 ? 'person' : 'people'} here
        </p>
        <ConnectionBadge status={snapshot.status} />
        <ThemeToggle className="rounded-lg p-2 hover:bg-slate-200 dark:hover:bg-slate-800" />
      </header>
      {connection && <MeetingBar connection={connection} snapshot={snapshot} />}
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <section aria-label="Backlog" className="min-h-0 flex-1 overflow-y-auto px-6 py-4 lg:basis-3/5">
          {items.length === 0 && snapshot.synced && <p className="text-3xl">The backlog is empty.</p>}
          <ol className="space-y-3" data-testid="present-list">
            {items.map((item, index) => {
              const isFocus = item.id === focusId;
              return (
                <li
                  key={item.id}
                  data-present-id={item.id}
                  data-testid="present-card"
                  data-focused={isFocus || undefined}
                  aria-current={isFocus ? 'true' : undefined}
                  className={`flex items-center gap-4 rounded-2xl border-4 px-5 py-3 [contain-intrinsic-size:auto_5rem] [content-visibility:auto] ${
                    isFocus ? 'border-amber-500 bg-amber-100 dark:bg-amber-950' : 'border-transparent bg-slate-100 dark:bg-slate-900'
                  }`}
                >
                  <span className="w-12 shrink-0 text-right text-2xl font-bold tabular-nums">{index + 1}</span>
                  <span className={`shrink-0 rounded-full px-3 py-1 text-lg font-bold ${KIND_BADGE[item.kind]}`}>
                    {KIND_LABEL[item.kind]}
                  </span>
                  <span className="min-w-0 flex-1 text-2xl leading-tight font-semibold break-words lg:text-3xl" data-testid="present-title">
                    {item.title || 'Untitled'}
                  </span>
                  <EstimateChip item={item} large />
                </li>
              );
            })}
          </ol>
        </section>
        <aside
          aria-label="Now discussing"
          className="shrink-0 overflow-y-auto border-t-2 border-black px-6 py-4 lg:basis-2/5 lg:border-t-0 lg:border-l-2 dark:border-white"
          data-testid="present-focus"
        >
          <p className="text-lg font-bold tracking-widest text-amber-800 uppercase dark:text-amber-300">Now discussing</p>
          {focused ? (
            <div className="mt-3">
              <div className="flex items-center gap-3">
                <span className="text-3xl font-bold tabular-nums">#{focusIndex + 1}</span>
                <span className={`rounded-full px-3 py-1 text-xl font-bold ${KIND_BADGE[focused.kind]}`}>{KIND_LABEL[focused.kind]}</span>
                <EstimateChip item={focused} large />
              </div>
              <h2 className="mt-3 text-4xl leading-tight font-black break-words lg:text-5xl">{focused.title || 'Untitled'}</h2>
              {focused.description.trim() !== '' && <Markdown source={focused.description} className="mt-4 text-2xl" />}
            </div>
          ) : (
            <p className="mt-3 text-2xl text-slate-700 dark:text-slate-300">The facilitator has not picked a card yet.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
