'use client';

import { useState } from 'react';
import type { ItemView } from '@/lib/board/schema';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import { POKER_MAX_QUEUE } from '@/lib/protocol/codes';
import { btnPrimaryLarge, btnSecondaryLarge, inputLarge, sectionLabel } from '../ui/styles';

function estimateOf(item: ItemView): string | null {
  return item.estimateLabel ?? (item.estimate !== null ? String(item.estimate) : null);
}

/** What a participant sees while no round runs (`slot`: its copy that holds the room, no test id). */
export function PokerWaitingNote({ slot = false }: { slot?: boolean }) {
  return (
    <p
      data-testid={slot ? undefined : 'poker-waiting'}
      className="rounded-2xl bg-slate-50 p-4 text-sm text-slate-600 dark:bg-slate-800/60 dark:text-slate-300"
    >
      Waiting for the facilitator to start a round. The card to estimate will appear here.
    </p>
  );
}

/**
 * No round: the facilitator picks a card or queues the top unestimated items; others wait.
 * Without `send`, the copy that holds the room until the poker state comes (PokerPanel): the
 * same layout, no test ids, nothing sent.
 */
export function PokerIdle({ isFacilitator, items, send }: { isFacilitator: boolean; items: ItemView[]; send: PokerClient['send'] | null }) {
  const [count, setCount] = useState(5);
  const [showAll, setShowAll] = useState(false);
  if (!isFacilitator) return <PokerWaitingNote slot={!send} />;
  const testId = (id: string) => (send ? id : undefined);
  const backlog = items.filter((i) => i.zone === 'backlog');
  const unestimated = backlog.filter((i) => estimateOf(i) === null);
  const listed = showAll ? backlog : unestimated;
  return (
    <div className="space-y-4">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void send?.('poker:start', { mode: 'queue', count });
        }}
      >
        <label className="flex-1 text-sm">
          <span className="mb-1 block font-semibold">Estimate the top unestimated</span>
          <input
            type="number"
            min={1}
            max={POKER_MAX_QUEUE}
            value={count}
            data-testid={testId('poker-queue-count')}
            onChange={(e) => setCount(Math.max(1, Math.min(POKER_MAX_QUEUE, Number(e.target.value) || 1)))}
            className={inputLarge}
          />
        </label>
        <button type="submit" className={btnPrimaryLarge} disabled={unestimated.length === 0} data-testid={testId('poker-start-queue')}>
          Start queue
        </button>
      </form>
      <div>
        <div className="flex items-center justify-between">
          <h4 className={sectionLabel}>{showAll ? 'Backlog' : `Unestimated (${unestimated.length})`}</h4>
          <button
            type="button"
            className="min-h-11 px-2 text-xs font-semibold text-indigo-700 dark:text-indigo-300"
            onClick={() => setShowAll((v) => !v)}
          >
            {showAll ? 'Only unestimated' : 'Show all'}
          </button>
        </div>
        {listed.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
            {backlog.length ? 'Everything has an estimate.' : 'The backlog is empty.'}
          </p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-200 dark:divide-slate-800">
            {listed.slice(0, 30).map((item) => (
              <li key={item.id} data-testid={testId('poker-candidate')} className="flex items-center gap-2 py-1.5">
                <span className="min-w-0 flex-1 truncate text-sm">{item.title || 'Untitled'}</span>
                {estimateOf(item) && (
                  <span className="rounded-md bg-slate-200 px-1.5 text-xs font-bold dark:bg-slate-700">{estimateOf(item)}</span>
                )}
                <button
                  type="button"
                  className={`${btnSecondaryLarge} px-3`}
                  data-testid={testId('poker-start-item')}
                  onClick={() => void send?.('poker:start', { mode: 'item', itemId: item.id })}
                >
                  Estimate
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
