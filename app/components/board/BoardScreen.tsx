'use client';

import { useState, type FormEvent } from 'react';
import { createItem } from '@/lib/board/mutations';
import { useBoardConnection, useItems, useMeta } from '@/lib/client/use-board';

const DEFAULT_IDENTITY = { name: 'Guest', color: '#4f46e5' };

export function BoardScreen({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const [identity] = useState(DEFAULT_IDENTITY);
  const { connection, snapshot } = useBoardConnection(boardId, boardKey, identity);
  const doc = connection?.doc;
  const meta = useMeta(doc);
  const items = useItems(doc, { zone: 'backlog' });
  const [title, setTitle] = useState('');
  const canEdit = snapshot.session ? snapshot.session.role !== 'spectator' : false;

  function add(event: FormEvent) {
    event.preventDefault();
    if (!doc || !title.trim()) return;
    createItem(doc, { title, kind: 'story', position: { at: 'top' } });
    setTitle('');
  }

  if (snapshot.status === 'error') {
    return (
      <main className="p-8" role="alert">
        Cannot open this board: {snapshot.errorReason}
      </main>
    );
  }

  return (
    <main className="mx-auto max-w-3xl p-4">
      <header className="flex items-center justify-between">
        <h1 className="text-2xl font-bold" data-testid="board-title">
          {meta?.title || 'Loading…'}
        </h1>
        <span data-testid="connection-status" className="text-sm">
          {snapshot.status}
        </span>
      </header>
      {canEdit && (
        <form onSubmit={add} className="mt-4 flex gap-2">
          <input
            aria-label="New item title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            className="flex-1 rounded border px-2 py-1"
          />
          <button type="submit" className="rounded bg-indigo-600 px-3 py-1 text-white">
            Add
          </button>
        </form>
      )}
      <ol data-testid="backlog" className="mt-4 space-y-2">
        {items.map((item) => (
          <li key={item.id} data-testid="card" className="rounded border p-2">
            {item.title}
          </li>
        ))}
      </ol>
    </main>
  );
}
