'use client';

import type { ItemView } from '@/lib/board/schema';
import { MAX_DESCRIPTION_LENGTH } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';
import type { BoardConnection } from '@/lib/client/board-connection';
import { CollabText } from '../ui/CollabText';
import { Markdown } from '../ui/Markdown';
import { EstimateSelect } from './EstimateControl';

function timeAgo(ms: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return new Date(ms).toLocaleDateString();
}

/** The expanded part of a card: Markdown description (live-editable), estimate, provenance. */
export function CardDetails({
  item,
  canEdit,
  editingDescription,
  connection,
  actions,
  onEdit,
  onStopEdit,
}: {
  item: ItemView;
  canEdit: boolean;
  editingDescription: boolean;
  connection: BoardConnection;
  actions: BoardActions;
  onEdit: () => void;
  onStopEdit: () => void;
}) {
  const text = editingDescription ? actions.text(item.id, 'description') : null;
  return (
    <div className="border-t border-slate-200 px-3 pt-3 pb-3 sm:pl-[4.5rem] dark:border-slate-800" data-testid="card-details">
      {item.zone === 'tail' && (
        <p className="mb-2 text-sm text-amber-900 dark:text-amber-200">
          Parked{item.parkedReason ? `: ${item.parkedReason}` : ' (no reason given)'}
        </p>
      )}
      {editingDescription && text ? (
        <div>
          <CollabText
            text={text}
            origin={connection.localOrigin}
            multiline
            autoFocus
            label={`Description of ${item.title}`}
            maxLength={MAX_DESCRIPTION_LENGTH}
            testId="description-input"
            onKeyDown={(event) => {
              if (event.key === 'Escape' || (event.key === 'Enter' && (event.metaKey || event.ctrlKey))) {
                event.preventDefault();
                event.stopPropagation();
                onStopEdit();
              }
            }}
            className="min-h-24 w-full resize-y rounded-lg border border-slate-300 bg-white p-2 font-mono text-sm leading-relaxed dark:border-slate-700 dark:bg-slate-950"
          />
          <div className="mt-1 flex items-center justify-between gap-2">
            <p className="text-xs text-slate-600 dark:text-slate-400">Markdown. Saved as you type; Esc or Ctrl+Enter to finish.</p>
            <button
              type="button"
              onClick={onStopEdit}
              className="rounded-lg bg-slate-900 px-3 py-1 text-sm font-semibold text-white dark:bg-white dark:text-slate-900"
            >
              Done
            </button>
          </div>
          {item.description.trim() !== '' && (
            <div className="mt-3 rounded-lg bg-slate-50 p-3 dark:bg-slate-950/60">
              <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Preview</p>
              <Markdown source={item.description} />
            </div>
          )}
        </div>
      ) : (
        <div className="group/desc">
          {item.description.trim() === '' ? (
            <p className="text-sm text-slate-600 italic dark:text-slate-400">No description yet.</p>
          ) : (
            <Markdown source={item.description} className="text-sm" />
          )}
          {canEdit && (
            <button
              type="button"
              onClick={onEdit}
              className="mt-2 text-sm font-semibold text-indigo-700 hover:underline dark:text-indigo-300"
            >
              {item.description.trim() === '' ? 'Add description' : 'Edit description'}
            </button>
          )}
        </div>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-slate-600 dark:text-slate-400">
        {canEdit && <EstimateSelect item={item} actions={actions} doc={connection.doc} />}
        <span>
          {item.createdBy ? `Added by ${item.createdBy} · ` : ''}updated {timeAgo(item.updatedAt)}
        </span>
      </div>
    </div>
  );
}
