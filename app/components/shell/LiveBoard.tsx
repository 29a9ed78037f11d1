'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import dynamic from 'next/dynamic';
import { EMPTY_FILTER, filterItems, type ItemFilter } from '@/lib/board/filter';
import type { ItemPosition } from '@/lib/board/mutations';
import type { BoardPreview } from '@/lib/board/preview';
import type { ItemKind, ItemView } from '@/lib/board/schema';
import { createBoardActions, type BoardActions } from '@/lib/client/board-actions';
import { serverStatesComing, type BoardConnection, type ConnectionSnapshot } from '@/lib/client/board-connection';
import { useAppCache } from '@/lib/client/hooks/use-app-cache';
import { useItems, useMeta, usePeerFocus, useUndoState } from '@/lib/client/hooks/use-board';
import { useRoster } from '@/lib/client/hooks/use-roster';
import type { Identity } from '@/lib/client/identity';
import { projectorHref } from '@/lib/client/role-request';
import { canEdit as roleCanEdit } from '@/lib/session/permissions';
import { BacklogList, type BacklogListHandle } from '../backlog/BacklogList';
import { BoardToolbar, type BoardToolbarHandle } from '../backlog/BoardToolbar';
import { CloseIcon } from '../ui/icons';
import type { CardHandlers, EditField } from '../backlog/ItemCard';
import { ParkDialog } from '../backlog/ParkDialog';
import { TailSection } from '../backlog/TailSection';
import { BoardError } from './BoardError';
import { ConnectionNotice } from './ConnectionNotice';
import { BoardPreviewList } from './BoardPreview';
import { MeetingBarSlot } from '../meeting/MeetingBarSlot';
import { BoardHeader } from './BoardHeader';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { useBoardShortcuts } from './use-board-shortcuts';

// Poker, refinement and meeting tools are their own chunks: the backlog does not wait for them
// to load and compile, and they appear a moment after it.
const loadBoardPanels = () => import('./BoardPanels').then((m) => m.BoardPanels);
const loadRefinementPanels = () => import('../refinement/RefinementPanels').then((m) => m.RefinementPanels);
const loadMeetingBar = () => import('../meeting/MeetingBar').then((m) => m.MeetingBar);
const BoardPanels = dynamic(loadBoardPanels, { ssr: false });
const RefinementPanels = dynamic(loadRefinementPanels, { ssr: false });
const TrimRequestBanner = dynamic(() => import('../refinement/TrimRequestBanner').then((m) => m.TrimRequestBanner), { ssr: false });
// Import and export (a CSV parser, the import rules) load only when someone opens them.
const BacklogDataDialog = dynamic(() => import('../backlog/BacklogDataDialog').then((m) => m.BacklogDataDialog), { ssr: false });

/**
 * False until the doc has synced and the backlog that came with it has painted. The panels
 * mount only then: rendering them in the same commit as the first 2,000-item list would hold
 * the list back. Their chunks are fetched right after its first commit, so they are ready by then.
 */
function useListPainted(synced: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // In a task of their own, after the list's first commit: adding the chunks' script tags
    // cost ~10 ms in the effects the live list waits for (issue 15).
    const timer = setTimeout(() => {
      void loadBoardPanels();
      void loadRefinementPanels();
      void loadMeetingBar();
    }, 0);
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    if (!synced || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [synced, painted]);
  return painted;
}

type MeetingBarComponent = Awaited<ReturnType<typeof loadMeetingBar>>;

/**
 * The meeting bar's component once its chunk has loaded, null until then, and `failed` if it
 * could not be loaded (a deploy in between, the network): then no slot is held for it. Not
 * `dynamic()`: that suspends for a moment on its first render even with the chunk loaded, and
 * the bar's slot (MeetingBarSlot) would vanish and come back, moving the list twice.
 */
function useMeetingBarComponent(load: boolean): MeetingBarComponent | null | 'failed' {
  const [component, setComponent] = useState<MeetingBarComponent | null | 'failed'>(null);
  useEffect(() => {
    if (!load || component) return;
    let live = true;
    loadMeetingBar().then(
      (loaded) => live && setComponent(() => loaded),
      // No slot is held for a bar that will not come.
      () => live && setComponent('failed'),
    );
    return () => {
      live = false;
    };
  }, [load, component]);
  return component;
}

declare global {
  interface Window {
    /** The open board, for debugging from the console and for end-to-end tests. */
    __refinery?: { doc: import('yjs').Doc; connection: import('@/lib/client/board-connection').BoardConnection };
  }
}

interface LiveBoardProps {
  boardId: string;
  boardKey: string;
  identity: Identity;
  /** Opened by BoardScreen (null for the moment before its effect runs). */
  connection: BoardConnection | null;
  snapshot: ConnectionSnapshot;
  /** The server-rendered top of the backlog, shown until the document has synced. */
  preview: BoardPreview | null;
}

/** The board once a name is known: backlog, tail, panels and everything around them. */
export function LiveBoard({ boardId, boardKey, identity, connection, snapshot, preview }: LiveBoardProps) {
  const doc = connection?.doc;
  const meta = useMeta(doc);
  const allItems = useItems(doc);
  const peerFocus = usePeerFocus(connection);
  const undoState = useUndoState(connection);
  const role = snapshot.session?.role ?? null;
  const roster = useRoster(connection);
  // Until the control socket's session arrives, the role the preview was rendered for (the server
  // checked the same key): a list shown from the early sync or the local copy is editable at once.
  const listRole = role ?? preview?.role ?? null;
  const canEdit = listRole !== null && roleCanEdit(listRole);
  const showPanels = useListPainted(snapshot.synced) && connection !== null;
  const MeetingBar = useMeetingBarComponent(showPanels);
  // Once the list is live and painted: the next visit starts from this build's compiled code.
  useAppCache(showPanels);

  const [filter, setFilter] = useState<ItemFilter>(EMPTY_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /**
   * The card the facilitator shows the room (the projector follows it): set only when they mean
   * it, by selecting a card (click, keyboard, the stage's list). Adding or editing a card selects
   * it here without moving the room.
   */
  const [shownId, setShownId] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; field: EditField } | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [insertAfterId, setInsertAfterId] = useState<string | null>(null);
  const [parkId, setParkId] = useState<string | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [showBacklogData, setShowBacklogData] = useState(false);
  const [panelsOpen, setPanelsOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const dragging = useRef(false);
  const listRef = useRef<BacklogListHandle>(null);
  const toolbarRef = useRef<BoardToolbarHandle>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!connection) return;
    window.__refinery = { doc: connection.doc, connection };
    return () => {
      if (window.__refinery?.connection === connection) delete window.__refinery;
    };
  }, [connection]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  const actions: BoardActions | null = useMemo(
    () => (connection ? createBoardActions(connection, setNotice, () => identity.name) : null),
    [connection, identity.name],
  );

  const { backlog, tail, positions } = useMemo(() => {
    const backlog: ItemView[] = [];
    const tail: ItemView[] = [];
    for (const item of allItems) {
      if (item.zone === 'backlog') backlog.push(item);
      else if (item.zone === 'tail') tail.push(item);
    }
    return { backlog, tail, positions: new Map(backlog.map((item, i) => [item.id, i + 1])) };
  }, [allItems]);
  const shownBacklog = useMemo(() => filterItems(backlog, filter), [backlog, filter]);
  const shownTail = useMemo(() => filterItems(tail, filter), [tail, filter]);
  const itemsById = useMemo(() => new Map(allItems.map((item) => [item.id, item])), [allItems]);
  const itemsRef = useRef(itemsById);
  itemsRef.current = itemsById;

  // A card removed by someone else (or by undo) must not stay selected or in edit mode.
  useEffect(() => {
    if (selectedId && !itemsById.has(selectedId)) setSelectedId(null);
    if (shownId && !itemsById.has(shownId)) setShownId(null);
    if (editing && !itemsById.has(editing.id)) setEditing(null);
  }, [itemsById, selectedId, shownId, editing]);

  // Presence: tell the room which card this person is on and whether they are typing in it.
  useEffect(() => {
    connection?.setLocalFocus({ itemId: editing?.id ?? selectedId, editing: editing?.field ?? null });
  }, [connection, selectedId, editing]);

  // Follow the facilitator: the card the facilitator shows (shownId) is the room's focus (projector).
  // A focus set by this tab's previous control socket is announced again after a reconnect:
  // the server forgets the focus when nobody but spectators is left on the board, e.g. while
  // this socket was away (the projector then showed no card).
  const clientId = snapshot.session?.clientId ?? null;
  useEffect(() => {
    if (!connection || role !== 'facilitator' || snapshot.status !== 'live') return;
    if (snapshot.focus.itemId === shownId && (shownId === null || snapshot.focus.by === clientId)) return;
    const timer = setTimeout(() => void connection.emit('focus:set', { itemId: shownId }), 120);
    return () => clearTimeout(timer);
  }, [connection, role, shownId, snapshot.status, snapshot.focus.itemId, snapshot.focus.by, clientId]);

  // For bench:board: when the live list first commits (from the network sync or the local copy).
  const listShown = allItems.length > 0;
  useEffect(() => {
    if (listShown && performance.getEntriesByName('refinery:live-list').length === 0) performance.mark('refinery:live-list');
  }, [listShown]);

  const focusCard = useCallback((id: string) => {
    listRef.current?.scrollToId(id);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const card = document.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"] article`);
        card?.scrollIntoView({ block: 'nearest' });
        card?.focus({ preventScroll: true });
      }),
    );
  }, []);

  const handlers: CardHandlers = useMemo(
    () => ({
      select: (id) => {
        setSelectedId(id);
        setShownId(id);
      },
      startEdit: (id, field) => {
        setSelectedId(id);
        setEditing({ id, field });
        if (field === 'description') setExpanded((set) => new Set(set).add(id));
      },
      stopEdit: () => setEditing(null),
      toggleExpand: (id) =>
        setExpanded((set) => {
          const next = new Set(set);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      addBelow: (id) => {
        setInsertAfterId(id);
        requestAnimationFrame(() => toolbarRef.current?.focusAdd());
      },
      requestPark: (id) => setParkId(id),
    }),
    [],
  );

  const onAdd = useCallback(
    (title: string, kind: ItemKind, position: ItemPosition) => {
      if (!actions) return false;
      const id = actions.add(title, kind, position);
      if (!id) return false;
      setInsertAfterId(null);
      setSelectedId(id);
      listRef.current?.scrollToId(id);
      return true;
    },
    [actions],
  );

  const navigable = useMemo(() => [...shownBacklog, ...shownTail].map((item) => item.id), [shownBacklog, shownTail]);

  useBoardShortcuts({
    canEdit,
    isDragging: () => dragging.current,
    undo: () => actions?.undo(),
    redo: () => actions?.redo(),
    showHelp: () => setShowHelp(true),
    focusAdd: () => toolbarRef.current?.focusAdd(),
    focusSearch: () => toolbarRef.current?.focusSearch(),
    selectRelative: (step) => {
      if (navigable.length === 0) return;
      const index = selectedId ? navigable.indexOf(selectedId) : -1;
      const next = index === -1 ? (step === 1 ? 0 : navigable.length - 1) : Math.max(0, Math.min(navigable.length - 1, index + step));
      setSelectedId(navigable[next]);
      setShownId(navigable[next]);
      focusCard(navigable[next]);
    },
    moveSelected: (step) => {
      if (!actions || !selectedId) return;
      const item = itemsById.get(selectedId);
      if (!item || item.zone !== 'backlog') return;
      if (step === 'top' || step === 'bottom') actions.move(selectedId, { at: step === 'top' ? 'top' : 'bottom' });
      else {
        const index = shownBacklog.findIndex((view) => view.id === selectedId);
        const neighbour = shownBacklog[index + step];
        if (neighbour) actions.move(selectedId, step === 1 ? { after: neighbour.id } : { before: neighbour.id });
      }
      focusCard(selectedId);
    },
    editSelected: (field) => {
      if (!selectedId) return;
      if (canEdit) handlers.startEdit(selectedId, field);
      else handlers.toggleExpand(selectedId);
    },
    parkOrRestoreSelected: () => {
      if (!actions || !selectedId) return;
      const item = itemsById.get(selectedId);
      if (item?.zone === 'tail') actions.restore(selectedId);
      else if (item) setParkId(selectedId);
    },
    clearSelection: () => {
      setSelectedId(null);
      setShownId(null);
      setInsertAfterId(null);
    },
  });

  if (snapshot.status === 'error') return <BoardError reason={snapshot.errorReason} />;

  const insertAfterItem = insertAfterId ? itemsById.get(insertAfterId) : undefined;
  const parkItem = parkId ? itemsById.get(parkId) : undefined;
  // Never the facilitator key when the spectator key can be derived from it (projected URL bar).
  const presentHref = projectorHref(boardId, boardKey, snapshot.session);
  const loading = !snapshot.synced && allItems.length === 0;

  return (
    <div className="flex h-dvh flex-col" data-live-board="">
      <BoardHeader
        title={meta?.title || snapshot.session?.title || preview?.title || null}
        status={snapshot.status}
        role={role ?? preview?.role ?? null}
        roster={roster.participants}
        selfId={snapshot.session?.clientId ?? null}
        canUndo={undoState.canUndo}
        canRedo={undoState.canRedo}
        onUndo={() => actions?.undo()}
        onRedo={() => actions?.redo()}
        onShortcuts={() => setShowHelp(true)}
        onTogglePanels={() => setPanelsOpen((open) => !open)}
        presentHref={presentHref}
        onBacklogData={connection && canEdit ? () => setShowBacklogData(true) : undefined}
      />
      <ConnectionNotice connection={connection} status={snapshot.status} />
      {showPanels && connection && MeetingBar && MeetingBar !== 'failed' ? (
        <MeetingBar connection={connection} snapshot={snapshot} slotRole={listRole} />
      ) : (
        // Held while the bar is on its way.
        MeetingBar !== 'failed' && <MeetingBarSlot role={listRole} coming={serverStatesComing(snapshot.status)} />
      )}
      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col" aria-label="Backlog">
          <BoardToolbar
            ref={toolbarRef}
            canEdit={canEdit}
            filter={filter}
            onFilterChange={setFilter}
            insertAfter={insertAfterItem ? { id: insertAfterItem.id, title: insertAfterItem.title } : null}
            onClearInsertAfter={() => setInsertAfterId(null)}
            onAdd={onAdd}
            shownCount={shownBacklog.length + shownTail.length}
            totalCount={backlog.length + tail.length}
          />
          <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain" data-testid="board-scroll">
            {!(connection && actions) && preview && <BoardPreviewList preview={preview} />}
            {connection && actions && (
              <>
                {loading ? (
                  preview ? (
                    <BoardPreviewList preview={preview} />
                  ) : (
                    <p className="p-6 text-sm text-slate-600 dark:text-slate-400">Loading the backlog…</p>
                  )
                ) : backlog.length === 0 ? (
                  <div className="m-4 rounded-2xl border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
                    <p className="font-semibold">The backlog is empty.</p>
                    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                      {canEdit ? 'Add the first item above, or press N.' : 'Items appear here as the team adds them.'}
                    </p>
                  </div>
                ) : shownBacklog.length === 0 ? (
                  <p className="p-6 text-sm text-slate-600 dark:text-slate-400">No backlog item matches the filter.</p>
                ) : (
                  <BacklogList
                    ref={listRef}
                    items={shownBacklog}
                    positions={positions}
                    canEdit={canEdit}
                    selectedId={selectedId}
                    editing={editing}
                    expanded={expanded}
                    peerFocus={peerFocus}
                    facilitatorFocusId={snapshot.focus.itemId}
                    connection={connection}
                    actions={actions}
                    handlers={handlers}
                    scrollRef={scrollRef}
                    onDragStateChange={(value) => (dragging.current = value)}
                  />
                )}
                <TailSection
                  items={shownTail}
                  canEdit={canEdit}
                  selectedId={selectedId}
                  editing={editing}
                  expanded={expanded}
                  peerFocus={peerFocus}
                  facilitatorFocusId={snapshot.focus.itemId}
                  connection={connection}
                  actions={actions}
                  handlers={handlers}
                />
              </>
            )}
          </div>
        </main>
        {panelsOpen && (
          <div className="fixed inset-0 z-30 bg-slate-950/40 lg:hidden" onClick={() => setPanelsOpen(false)} aria-hidden="true" />
        )}
        <aside
          aria-label="Meeting panels"
          className={`fixed inset-y-0 right-0 z-40 w-[min(24rem,100vw)] overflow-y-auto border-l border-slate-200 bg-white shadow-2xl transition-transform lg:static lg:z-auto lg:w-96 lg:translate-x-0 lg:shadow-none dark:border-slate-800 dark:bg-slate-900 ${
            panelsOpen ? 'translate-x-0' : 'translate-x-full'
          }`}
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 lg:hidden dark:border-slate-800">
            <span className="text-sm font-bold">Panels</span>
            <button
              type="button"
              onClick={() => setPanelsOpen(false)}
              aria-label="Close panels"
              className="rounded-lg p-2 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <CloseIcon />
            </button>
          </div>
          {showPanels && connection && <BoardPanels connection={connection} snapshot={snapshot} role={listRole} />}
          {showPanels && connection && <RefinementPanels connection={connection} snapshot={snapshot} />}
        </aside>
      </div>
      {showPanels && connection && (
        <TrimRequestBanner
          connection={connection}
          clientId={snapshot.session?.clientId ?? null}
          onAnswer={() => {
            setPanelsOpen(true);
            requestAnimationFrame(() => document.querySelector('aside [data-testid="trim-panel"]')?.scrollIntoView({ block: 'start' }));
          }}
        />
      )}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
        {notice && (
          <p className="pointer-events-auto rounded-xl bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-white dark:text-slate-900">
            {notice}
          </p>
        )}
      </div>
      <ShortcutsOverlay open={showHelp} onClose={() => setShowHelp(false)} />
      {connection && showBacklogData && (
        <BacklogDataDialog
          open
          onClose={() => setShowBacklogData(false)}
          connection={connection}
          canImport={role === 'facilitator'}
          createdBy={identity.name}
          onImported={setNotice}
        />
      )}
      <ParkDialog
        itemTitle={parkItem ? parkItem.title || 'Untitled' : null}
        onClose={() => setParkId(null)}
        onPark={(reason) => {
          if (parkId) actions?.park(parkId, reason);
          setParkId(null);
        }}
      />
    </div>
  );
}
