'use client';

import type { BoardPreview } from '@/lib/board/preview';
import { EstimateChip } from '../backlog/EstimateControl';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';
import { BoardHeader } from './BoardHeader';

const noop = () => {};

/** Element Timing (https://wicg.github.io/element-timing/): bench:board reads when this was painted. */
const FIRST_CARD_TIMING = { elementtiming: 'first-card' };

/**
 * The top of the backlog as the server rendered it into the page: the same cards as the live
 * list, read-only, until the document has synced and the live list takes over. Someone who
 * opens the link sees the backlog at once instead of a blank page.
 */
export function BoardPreviewList({ preview }: { preview: BoardPreview }) {
  if (preview.items.length === 0) return <p className="p-6 text-sm text-slate-600 dark:text-slate-400">Loading the backlog…</p>;
  // Editors' live cards start with a drag handle; keep the columns where they will be.
  const handleSpace = preview.role !== 'spectator';
  const more = preview.backlogCount - preview.items.length;
  return (
    <div aria-busy="true">
      <ol className="pt-3" aria-label="Backlog, in rank order (connecting)" data-testid="backlog-preview">
        {preview.items.map((item, index) => (
          <li key={item.id} className="px-3 pb-2 sm:px-4" data-testid="preview-card">
            <article className="rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
              <div className="flex items-start gap-1.5 p-2 sm:gap-2 sm:p-2.5">
                {handleSpace && <span className="mt-0.5 h-8 w-6 shrink-0" aria-hidden="true" />}
                <span className="mt-1.5 w-7 shrink-0 text-right text-sm font-semibold text-slate-500 tabular-nums dark:text-slate-400">
                  {item.position}
                </span>
                <div className="min-w-0 flex-1 pt-0.5">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${KIND_BADGE[item.kind]}`}>{KIND_LABEL[item.kind]}</span>
                  <p className="mt-1 text-[15px] leading-snug font-medium break-words" {...(index === 0 ? FIRST_CARD_TIMING : {})}>
                    {item.title || 'Untitled'}
                  </p>
                </div>
                <div className="mt-0.5 flex shrink-0 items-center gap-0.5">
                  <EstimateChip item={item} />
                  <span className="h-8 w-8" aria-hidden="true" />
                </div>
              </div>
            </article>
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="px-6 pb-6 text-sm text-slate-600 dark:text-slate-400">
          {more} more {more === 1 ? 'item' : 'items'} below, loading…
        </p>
      )}
    </div>
  );
}

/** The whole screen before the board's code has loaded: header and preview list. */
export function BoardPreviewScreen({ preview }: { preview: BoardPreview | null }) {
  if (!preview) return <main className="min-h-dvh" aria-busy="true" />;
  return (
    <div className="flex h-dvh flex-col">
      <BoardHeader
        title={preview.title}
        status="connecting"
        role={preview.role}
        roster={[]}
        selfId={null}
        canUndo={false}
        canRedo={false}
        onUndo={noop}
        onRedo={noop}
        onShortcuts={noop}
        onTogglePanels={noop}
        presentHref={null}
      />
      <main className="min-h-0 flex-1 overflow-y-auto" aria-label="Backlog">
        <BoardPreviewList preview={preview} />
      </main>
    </div>
  );
}
