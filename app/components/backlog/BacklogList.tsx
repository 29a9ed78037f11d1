'use client';

import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useMemo, useState, type RefObject } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type * as Y from 'yjs';
import type { ItemView } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';
import type { BoardConnection, PeerFocus } from '@/lib/client/board-connection';
import { CardBadges } from '../refinement/CardBadges';
import { CutLinesAfter } from '../refinement/CutLines';
import { ItemCard, type CardHandlers, type EditField } from './ItemCard';
import { useFastScroll } from './use-fast-scroll';

export interface BacklogListHandle {
  scrollToId(id: string): void;
}

/** What every list of cards (the backlog, the tail) needs to render and drive its cards. */
export interface CardListProps {
  items: ItemView[];
  canEdit: boolean;
  selectedId: string | null;
  editing: { id: string; field: EditField } | null;
  expanded: ReadonlySet<string>;
  peerFocus: Map<string, PeerFocus[]>;
  facilitatorFocusId: string | null;
  connection: BoardConnection;
  actions: BoardActions;
  handlers: CardHandlers;
}

interface BacklogListProps extends CardListProps {
  /** 1-based position in the whole backlog (the filter does not renumber). */
  positions: Map<string, number>;
  scrollRef: RefObject<HTMLDivElement | null>;
  onDragStateChange(dragging: boolean): void;
}

interface RowProps extends Omit<
  BacklogListProps,
  'items' | 'positions' | 'scrollRef' | 'onDragStateChange' | 'selectedId' | 'editing' | 'expanded' | 'peerFocus' | 'facilitatorFocusId'
> {
  item: ItemView;
  index: number;
  start: number;
  position: number | null;
  selected: boolean;
  editing: EditField | null;
  expanded: boolean;
  peers: PeerFocus[] | undefined;
  facilitatorFocused: boolean;
  measure: (element: Element | null) => void;
}

/**
 * Refinement's badges and cut lines under a card. Memoized apart from the card: they follow the
 * refinement store by themselves, so a row re-rendered by dnd-kit (every row is, whenever a row
 * mounts or unmounts while scrolling) does not re-render them.
 */
const RowExtras = memo(function RowExtras({ doc, itemId }: { doc: Y.Doc; itemId: string }) {
  return (
    <>
      {/* Refinement: Ready / score / warnings under the card, sprint cut lines after it. */}
      <div className="px-2">
        <CardBadges doc={doc} itemId={itemId} />
      </div>
      <CutLinesAfter doc={doc} itemId={itemId} />
    </>
  );
});

/**
 * One row, with the drag handle's props kept stable and the badges memoized apart (RowExtras).
 * The row itself is not memoized: a memoized row made about one mouse drag in eight do nothing
 * (e2e board.spec "a card dragged…": 3 of 24 failed with it, 24 of 24 passed without), and it
 * bought nothing measurable in scrolling (bench:board p95 frame 22.9 ms with, 22.5 ms without).
 */
function SortableRow({ item, index, start, measure, ...card }: RowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: item.id,
    disabled: !card.canEdit,
  });
  const ref = useCallback(
    (element: HTMLLIElement | null) => {
      setNodeRef(element);
      measure(element);
    },
    [setNodeRef, measure],
  );
  const dragHandle = useMemo(
    () => (card.canEdit ? { attributes, listeners, ref: setActivatorNodeRef } : null),
    [card.canEdit, attributes, listeners, setActivatorNodeRef],
  );
  return (
    <li
      ref={ref}
      data-index={index}
      data-testid="card"
      data-item-id={item.id}
      className="absolute inset-x-0 px-3 pb-2 sm:px-4"
      // The virtual offset is `top`, not a transform: dnd-kit measures rows ignoring transforms.
      style={{ top: start, transform: CSS.Translate.toString(transform), transition, zIndex: card.selected ? 2 : undefined }}
    >
      <ItemCard item={item} {...card} isDragging={isDragging} dragHandle={dragHandle} />
      <RowExtras doc={card.connection.doc} itemId={item.id} />
    </li>
  );
}

/**
 * A row that mounts while the list is flung: the card's box (border, background) with the
 * position and the title, three elements instead of ~36 and no dnd-kit hooks. It stands in only
 * until the list settles: while flung, several rows mount in every frame and none is read; a
 * full card's DOM, style and layout for each is what overran the frame (DECISIONS, issue 15,
 * fifth stop). It keeps the card's role and name (an article named by the title, in the same list
 * item), so a screen reader passing by meets the same card, without its buttons for that moment;
 * it is not hidden from it.
 *
 * Its height is the full row's: a row the virtualizer has measured before (`size`) keeps that
 * size, fixed and not measured again (an expanded card's box stays as tall). A row never
 * measured (`size` null) lays out as the full card does in the usual case (a line of kind
 * badge, the title wrapped at the same width, the badges' line under the box) and is measured:
 * the estimate (101 px) fits a one-line title at desktop width, and on a phone, where titles
 * wrap to two or three lines, light rows at the estimate made the cards in view jump by up to
 * 111 px when the list settled.
 */
function LightRow({
  item,
  index,
  start,
  size,
  position,
  canEdit,
  measure,
  onSelect,
}: Pick<RowProps, 'item' | 'index' | 'start' | 'position' | 'canEdit' | 'measure'> & {
  size: number | null;
  onSelect: (id: string) => void;
}) {
  return (
    <li
      ref={size === null ? measure : undefined}
      data-index={index}
      data-testid="card"
      data-item-id={item.id}
      data-light=""
      // A tap selects the card, as a tap on the full card does (the selected row is never light,
      // so it turns whole at once): a tap right after a fling, before the list settles, is not
      // lost. Anywhere on the row, a larger target than the full card's (its article): the rows
      // mounted in a fling's last frames can still move by their measured heights under a
      // pressed pointer, and the click then goes to what the press and the release have in
      // common, this row.
      onClick={() => onSelect(item.id)}
      // pb-8: the row's 8 px gap and the 24 px badges' line every backlog card has under its box
      // (Ready or DoR progress: a 4 px margin and a 20 px badge).
      className="absolute inset-x-0 px-3 pb-8 sm:px-4"
      style={{ top: start, height: size ?? undefined }}
    >
      <article
        aria-label={item.title || 'Untitled'}
        // The position and title where the full card has them: after the grip (when there is
        // one), under the kind badge's line, short of the estimate, details and menu buttons.
        className={`flex items-start gap-1.5 overflow-hidden rounded-xl border border-slate-200 bg-white p-2 shadow-sm sm:gap-2 sm:p-2.5 dark:border-slate-800 dark:bg-slate-900 ${
          size === null ? '' : 'h-full'
        } ${canEdit ? 'pl-[38px] sm:pl-[42px]' : ''}`}
      >
        {position !== null && (
          <span className="mt-1.5 w-7 shrink-0 text-right text-sm font-semibold text-slate-500 tabular-nums dark:text-slate-400">
            {position}
          </span>
        )}
        <p
          className={`mt-[26px] min-w-0 flex-1 text-[15px] leading-snug font-medium break-words text-slate-900 dark:text-slate-100 ${
            canEdit ? 'mr-[106px] px-0.5 sm:mr-[108px]' : 'mr-[72px] sm:mr-[74px]'
          }`}
        >
          {item.title || 'Untitled'}
        </p>
      </article>
    </li>
  );
}

/**
 * A backlog row: light (LightRow) when it mounts while the list is flung and stays so until the
 * list settles, then the full sortable row, in one commit for all of them. A row mounted full
 * never turns light. `fast` is false for the rows that must stay whole (the selected, edited and
 * facilitator-focused rows) and for all of them while a drag is active. `measuredSize`: the size
 * the virtualizer has measured for the row, if any; what it is at mount decides how a light row
 * is sized.
 */
function BacklogRow({ fast, measuredSize, ...row }: RowProps & { fast: boolean; measuredSize: number | null }) {
  const [light, setLight] = useState(fast);
  const [sizeAtMount] = useState(measuredSize);
  if (light && !fast) setLight(false);
  if (light)
    return (
      <LightRow
        item={row.item}
        index={row.index}
        start={row.start}
        size={sizeAtMount}
        position={row.position}
        canEdit={row.canEdit}
        measure={row.measure}
        onSelect={row.handlers.select}
      />
    );
  return <SortableRow {...row} />;
}

/**
 * The ranked backlog: a virtualized list (2,000 cards stay smooth) that is also a dnd-kit
 * sortable. Only visible rows mount; the dragged row is always kept mounted so a drag can
 * scroll far away and still drop. A drop becomes one `moveItem` next to the card it landed on,
 * which is correct with or without a filter applied.
 */
export const BacklogList = forwardRef<BacklogListHandle, BacklogListProps>(function BacklogList(props, handleRef) {
  const { items, positions, scrollRef, onDragStateChange, selectedId, editing, expanded, peerFocus, facilitatorFocusId, actions, canEdit } =
    props;
  const [activeId, setActiveId] = useState<string | null>(null);
  const ids = useMemo(() => items.map((item) => item.id), [items]);
  const indexById = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  const activeIndex = activeId ? (indexById.get(activeId) ?? -1) : -1;
  const selectedIndex = selectedId ? (indexById.get(selectedId) ?? -1) : -1;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = new Set(defaultRangeExtractor(range));
      // Keep the dragged and the selected row mounted even when scrolled out of view.
      if (activeIndex >= 0) rows.add(activeIndex);
      if (selectedIndex >= 0) rows.add(selectedIndex);
      return [...rows].sort((a, b) => a - b);
    },
    [activeIndex, selectedIndex],
  );

  // The list's first commit mounts the rows on screen and one more (they are what the list is
  // waiting for), the overscan's other rows a frame later: at 900 px, 11 rows to create before
  // the live list is painted instead of 18 (issue 15).
  const [onScreenOnly, setOnScreenOnly] = useState(true);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setOnScreenOnly(false));
    return () => cancelAnimationFrame(frame);
  }, []);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    // A card with a one-line title and its badge row, as measured at 1366 px (100.6 px): rows
    // mounted while scrolling then rarely move the rows after them when they are measured.
    estimateSize: () => 101,
    overscan: onScreenOnly ? 1 : 8,
    getItemKey: (index) => ids[index],
    rangeExtractor,
    paddingStart: 12,
    // Render the rows a scroll brings in with React's scheduling, not synchronously inside the
    // scroll event (flushSync): on a busy machine a scroll no longer blocks on a render. The
    // overscan (8 rows) covers the frame until they are there.
    useFlushSync: false,
  });

  useImperativeHandle(
    handleRef,
    () => ({
      scrollToId(id: string) {
        const index = indexById.get(id);
        if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
      },
    }),
    [indexById, virtualizer],
  );

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const titleOf = useCallback((id: string | number) => items[indexById.get(String(id)) ?? -1]?.title ?? 'item', [items, indexById]);
  const announcements: Announcements = useMemo(
    () => ({
      onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}. Use the arrow keys to move, Space to drop, Escape to cancel.`,
      onDragOver: ({ active, over }) =>
        over
          ? `${titleOf(active.id)} is now at position ${(indexById.get(String(over.id)) ?? 0) + 1} of ${items.length}.`
          : `${titleOf(active.id)} is no longer over the list.`,
      onDragEnd: ({ active, over }) =>
        over ? `${titleOf(active.id)} dropped at position ${(indexById.get(String(over.id)) ?? 0) + 1}.` : `${titleOf(active.id)} dropped.`,
      onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled.`,
    }),
    [titleOf, indexById, items.length],
  );

  function onDragStart(event: DragStartEvent) {
    setActiveId(String(event.active.id));
    onDragStateChange(true);
    props.handlers.select(String(event.active.id));
  }

  function onDragEnd(event: DragEndEvent) {
    setActiveId(null);
    onDragStateChange(false);
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    const from = indexById.get(String(active.id));
    const to = indexById.get(String(over.id));
    if (from === undefined || to === undefined) return;
    actions.move(String(active.id), to > from ? { after: String(over.id) } : { before: String(over.id) });
  }

  // Rows mounting while the list is flung are light until it settles; never during a drag (the
  // mounted rows are its droppables, and dnd-kit's auto-scroll is fast).
  const flung = useFastScroll(scrollRef) && activeId === null;

  const activeItem = activeIndex >= 0 ? items[activeIndex] : null;
  const rows = virtualizer.getVirtualItems();
  // The sortable context holds the mounted rows only (the virtualizer's window, in order, with the
  // dragged row kept): every row's useSortable looks itself up in it (`items.indexOf`, twice per
  // render, and every row renders on each scroll frame), so 40 ids instead of 2,000 or 10,000.
  // Moves are computed on the whole list (indexById), not from dnd-kit's indexes.
  const mountedIds = useMemo(() => rows.map((row) => ids[row.index]), [rows, ids]);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setActiveId(null);
        onDragStateChange(false);
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To reorder, press Space or Enter to lift the card, use the arrow keys to move it, and Space or Enter again to drop it. Escape cancels.',
        },
      }}
    >
      <SortableContext items={mountedIds} strategy={verticalListSortingStrategy} disabled={!canEdit}>
        <ol className="relative" style={{ height: virtualizer.getTotalSize() }} aria-label="Backlog, in rank order" data-testid="backlog">
          {rows.map((row) => {
            const item = items[row.index];
            return (
              <BacklogRow
                key={item.id}
                fast={flung && item.id !== selectedId && item.id !== editing?.id && item.id !== facilitatorFocusId}
                measuredSize={virtualizer.itemSizeCache.get(item.id) ?? null}
                item={item}
                index={row.index}
                start={row.start}
                measure={virtualizer.measureElement}
                position={positions.get(item.id) ?? null}
                canEdit={canEdit}
                selected={item.id === selectedId}
                editing={editing?.id === item.id ? editing.field : null}
                expanded={expanded.has(item.id)}
                peers={peerFocus.get(item.id)}
                facilitatorFocused={item.id === facilitatorFocusId}
                connection={props.connection}
                actions={actions}
                handlers={props.handlers}
              />
            );
          })}
        </ol>
      </SortableContext>
      <DragOverlay>
        {activeItem && (
          <div className="px-3 sm:px-4">
            <ItemCard
              item={activeItem}
              position={positions.get(activeItem.id) ?? null}
              canEdit={false}
              selected={false}
              editing={null}
              expanded={false}
              peers={undefined}
              facilitatorFocused={false}
              connection={props.connection}
              actions={actions}
              handlers={props.handlers}
              overlay
            />
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
});
