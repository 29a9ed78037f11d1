'use client';

import { memo, type CSSProperties, type Ref } from 'react';
import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import dynamic from 'next/dynamic';
import { MAX_TITLE_LENGTH, type ItemView } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';
import type { BoardConnection, PeerFocus } from '@/lib/client/board-connection';
import { initials } from '@/lib/client/identity';
import { CollabText } from '../ui/CollabText';
import { ChevronIcon, GripIcon } from '../ui/icons';
import { CardMenu, type MenuAction } from './CardMenu';
import { EstimateChip } from './EstimateControl';
import { KindControl } from './KindControl';

export type EditField = 'title' | 'description';

// Markdown rendering (marked + DOMPurify) loads only when a card is first expanded, keeping it
// out of the first page load of a big board.
const CardDetails = dynamic(() => import('./CardDetails').then((m) => m.CardDetails), {
  ssr: false,
  loading: () => <div className="h-24 animate-pulse border-t border-slate-200 dark:border-slate-800" aria-hidden="true" />,
});

/** Callbacks shared by all cards; the board keeps this object stable so cards can memoize. */
export interface CardHandlers {
  select(id: string): void;
  startEdit(id: string, field: EditField): void;
  stopEdit(): void;
  toggleExpand(id: string): void;
  addBelow(id: string): void;
  requestPark(id: string): void;
}

export interface DragHandleProps {
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  ref: Ref<HTMLButtonElement>;
}

interface ItemCardProps {
  item: ItemView;
  position: number | null;
  canEdit: boolean;
  selected: boolean;
  editing: EditField | null;
  expanded: boolean;
  peers: PeerFocus[] | undefined;
  facilitatorFocused: boolean;
  connection: BoardConnection;
  actions: BoardActions;
  handlers: CardHandlers;
  dragHandle?: DragHandleProps | null;
  isDragging?: boolean;
  overlay?: boolean;
}

function ringStyle(peers: PeerFocus[] | undefined): CSSProperties | undefined {
  if (!peers || peers.length === 0) return undefined;
  // One ring per person, stacked outward, so two people on one card are both visible.
  return {
    boxShadow: peers
      .slice(0, 3)
      .map((peer, i) => `0 0 0 ${2 + i * 2}px ${peer.color}`)
      .join(', '),
  };
}

function PeerMarks({ peers }: { peers: PeerFocus[] }) {
  const typing = peers.filter((peer) => peer.editing);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1.5" data-testid="card-peers">
      {peers.slice(0, 4).map((peer) => (
        <span
          key={peer.awarenessId}
          title={`${peer.name}${peer.editing ? ` is editing the ${peer.editing}` : ' is looking at this'}`}
          className="flex h-5 w-5 items-center justify-center rounded-full text-[9px] font-bold text-white"
          style={{ backgroundColor: peer.color }}
        >
          {initials(peer.name)}
        </span>
      ))}
      {typing.length > 0 && (
        <span className="text-xs text-slate-600 italic dark:text-slate-400">
          {typing.map((peer) => peer.name).join(', ')} {typing.length === 1 ? 'is' : 'are'} typing…
        </span>
      )}
    </div>
  );
}

/** One backlog card. Pure view: every write goes through `actions`, every UI change through `handlers`. */
export const ItemCard = memo(function ItemCard(props: ItemCardProps) {
  const {
    item,
    position,
    canEdit,
    selected,
    editing,
    expanded,
    peers,
    facilitatorFocused,
    connection,
    actions,
    handlers,
    dragHandle,
    isDragging,
    overlay,
  } = props;
  const titleText = editing === 'title' ? actions.text(item.id, 'title') : null;
  const parked = item.zone === 'tail';

  const menu: MenuAction[] = parked
    ? [
        { label: 'Restore to backlog', onSelect: () => actions.restore(item.id) },
        { label: 'Edit title', onSelect: () => handlers.startEdit(item.id, 'title') },
      ]
    : [
        { label: 'Edit title', onSelect: () => handlers.startEdit(item.id, 'title') },
        { label: 'Edit description', onSelect: () => handlers.startEdit(item.id, 'description') },
        { label: 'Add item below', onSelect: () => handlers.addBelow(item.id) },
        { label: 'Move to top', onSelect: () => actions.move(item.id, { at: 'top' }) },
        { label: 'Move to bottom', onSelect: () => actions.move(item.id, { at: 'bottom' }) },
        { label: 'Park in tail…', onSelect: () => handlers.requestPark(item.id), danger: true },
      ];

  return (
    <article
      aria-label={item.title || 'Untitled'}
      style={ringStyle(peers)}
      data-selected={selected || undefined}
      className={`rounded-xl border bg-white transition-shadow dark:bg-slate-900 ${
        facilitatorFocused ? 'border-amber-400 dark:border-amber-500' : 'border-slate-200 dark:border-slate-800'
      } ${selected ? 'outline-2 outline-offset-2 outline-indigo-500' : ''} ${isDragging ? 'opacity-40' : ''} ${
        overlay ? 'shadow-2xl ring-2 ring-indigo-500' : 'shadow-sm'
      } ${parked ? 'bg-slate-50 dark:bg-slate-900/60' : ''}`}
      onClick={() => handlers.select(item.id)}
    >
      <div className="flex items-start gap-1.5 p-2 sm:gap-2 sm:p-2.5">
        {canEdit && !parked && (
          <button
            type="button"
            ref={dragHandle?.ref}
            {...dragHandle?.attributes}
            {...dragHandle?.listeners}
            aria-label={`Reorder ${item.title || 'item'}`}
            data-testid="drag-handle"
            className="mt-0.5 flex h-8 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600 active:cursor-grabbing dark:text-slate-500 dark:hover:bg-slate-800 dark:hover:text-slate-200"
          >
            <GripIcon />
          </button>
        )}
        {position !== null && (
          <span
            className="mt-1.5 w-7 shrink-0 text-right text-sm font-semibold text-slate-500 tabular-nums dark:text-slate-400"
            data-testid="card-position"
          >
            {position}
          </span>
        )}
        <div className="min-w-0 flex-1 pt-0.5">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <KindControl item={item} canEdit={canEdit} actions={actions} />
            <TrackerLink item={item} />
            {parked && (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                Parked
              </span>
            )}
            {facilitatorFocused && (
              <span data-testid="focus-badge" className="rounded-full bg-amber-400 px-2 py-0.5 text-xs font-bold text-amber-950">
                In focus
              </span>
            )}
          </div>
          {titleText ? (
            <CollabText
              text={titleText}
              origin={connection.localOrigin}
              autoFocus
              label="Title"
              maxLength={MAX_TITLE_LENGTH}
              testId="title-input"
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === 'Escape') {
                  event.preventDefault();
                  event.stopPropagation();
                  handlers.stopEdit();
                }
              }}
              onBlur={() => {
                actions.ensureTitle(item.id);
                handlers.stopEdit();
              }}
              className="mt-1 w-full rounded-md border border-indigo-400 bg-white px-2 py-1 text-[15px] font-medium outline-none focus:ring-2 focus:ring-indigo-500/40 dark:bg-slate-950"
            />
          ) : canEdit ? (
            <button
              type="button"
              onClick={(event) => {
                event.stopPropagation();
                // Editing selects the card here but does not show it to the room (startEdit).
                handlers.startEdit(item.id, 'title');
              }}
              title="Click to edit"
              data-testid="card-title"
              className="mt-1 block w-full rounded-md px-0.5 text-left text-[15px] leading-snug font-medium break-words text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-100 dark:hover:bg-slate-800"
            >
              {item.title || 'Untitled'}
            </button>
          ) : (
            <p data-testid="card-title" className="mt-1 text-[15px] leading-snug font-medium break-words">
              {item.title || 'Untitled'}
            </p>
          )}
          {peers && peers.length > 0 && <PeerMarks peers={peers} />}
        </div>
        <div className="mt-0.5 flex shrink-0 items-center gap-0.5">
          <EstimateChip item={item} />
          <button
            type="button"
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Hide' : 'Show'} details of ${item.title || 'item'}`}
            onClick={(event) => {
              event.stopPropagation();
              handlers.toggleExpand(item.id);
            }}
            data-testid="card-expand"
            className="inline-flex h-8 w-8 items-center justify-center rounded-lg text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <ChevronIcon className={`transition-transform ${expanded ? 'rotate-90' : ''}`} />
          </button>
          {canEdit && !overlay && <CardMenu actions={menu} label={`Actions for ${item.title || 'item'}`} />}
        </div>
      </div>
      {expanded && !overlay && (
        <CardDetails
          item={item}
          canEdit={canEdit}
          editingDescription={editing === 'description'}
          connection={connection}
          actions={actions}
          onEdit={() => handlers.startEdit(item.id, 'description')}
          onStopEdit={handlers.stopEdit}
        />
      )}
    </article>
  );
});

/** The tracker key (a link to the issue when the import knew its address) and the first labels. */
function TrackerLink({ item }: { item: ItemView }) {
  if (!item.externalKey && item.labels.length === 0) return null;
  const chip = 'rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300';
  return (
    <>
      {item.externalKey &&
        (item.externalUrl ? (
          <a
            href={item.externalUrl}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(event) => event.stopPropagation()}
            className={`${chip} underline-offset-2 hover:underline`}
            title={`Open ${item.externalKey} in the tracker`}
            data-testid="card-external-key"
          >
            {item.externalKey}
          </a>
        ) : (
          <span className={chip} data-testid="card-external-key">
            {item.externalKey}
          </span>
        ))}
      {item.labels.slice(0, 3).map((label) => (
        <span key={label} className="text-xs text-slate-500 dark:text-slate-400" data-testid="card-label">
          #{label}
        </span>
      ))}
    </>
  );
}
