'use client';

import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readMeta, type ItemView, type MetaView, type ListItemsOptions } from '../../board/schema';
import type { Role } from '../../session/roles';
import { INITIAL_SNAPSHOT, type BoardConnection, type PeerFocus } from '../board-connection';
import { itemsStoreFor } from '../items-store';
import { adoptPreopened, openBoardConnection, peekPreopened } from '../open-connection';
import { noopSubscribe } from './noop-subscribe';

/**
 * Opens the board's connections for the lifetime of the component. `asRole` asks for a lower
 * role than the key's (the projector page: 'spectator').
 */
export function useBoardConnection(
  boardId: string,
  key: string,
  identity: { name: string; color: string } | null,
  asRole: Role | null = null,
) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  useEffect(() => {
    if (!identity) return;
    const conn = adoptPreopened(boardId, key, asRole) ?? openBoardConnection(boardId, key, identity, asRole);
    // For bench:board: when React takes the connection (the render with it follows).
    performance.mark('refinery:adopted');
    setConnection(conn);
    return () => {
      conn.destroy();
      setConnection(null);
    };
    // Identity changes are sent over the open connection, not by reconnecting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, key, asRole, identity === null]);
  // The connection opened ahead of React is there for the first render that knows the name,
  // not only for the one after the effect below has adopted it: the board renders once with it
  // instead of once without and again with it.
  const current = connection ?? (identity ? peekPreopened(boardId, key, asRole) : null);
  const snapshot = useSyncExternalStore(
    current?.subscribe ?? noopSubscribe,
    current?.getSnapshot ?? (() => INITIAL_SNAPSHOT),
    () => INITIAL_SNAPSHOT,
  );
  return { connection: current, snapshot };
}

const NO_ITEMS: ItemView[] = [];

/**
 * The ordered items of the doc, re-rendering on any change below its `items` map. Backed by the
 * doc's incremental items store: unchanged items keep their object identity across changes.
 */
export function useItems(doc: Y.Doc | undefined, options: ListItemsOptions = {}): ItemView[] {
  const store = doc ? itemsStoreFor(doc) : null;
  // A store change re-renders synchronously (useSyncExternalStore), in the same task as the
  // remote update that caused it, so a move shows before anything else gets to run.
  const all = useSyncExternalStore(store?.subscribe ?? noopSubscribe, store?.getItems ?? (() => NO_ITEMS), () => NO_ITEMS);
  const zone = options.zone;
  return useMemo(() => (zone === undefined ? all : all.filter((item) => item.zone === zone)), [all, zone]);
}

export function useMeta(doc: Y.Doc | undefined): MetaView | null {
  const [meta, setMeta] = useState<MetaView | null>(null);
  useEffect(() => {
    if (!doc) return;
    const map = doc.getMap('meta');
    const refresh = () => setMeta(readMeta(doc));
    refresh();
    map.observeDeep(refresh);
    return () => map.unobserveDeep(refresh);
  }, [doc]);
  return meta;
}

/** Other people's focused/edited cards, grouped by item id (from Yjs awareness). */
export function usePeerFocus(connection: BoardConnection | null): Map<string, PeerFocus[]> {
  const [byItem, setByItem] = useState<Map<string, PeerFocus[]>>(() => new Map());
  useEffect(() => {
    if (!connection) return;
    const awareness = connection.provider.awareness;
    const refresh = () => {
      const next = new Map<string, PeerFocus[]>();
      for (const peer of connection.readPeerFocus()) {
        const list = next.get(peer.itemId) ?? [];
        list.push(peer);
        next.set(peer.itemId, list);
      }
      setByItem(next);
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [connection]);
  return byItem;
}

/** Whether this tab has something to undo or redo. */
export function useUndoState(connection: BoardConnection | null): { canUndo: boolean; canRedo: boolean } {
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    if (!connection) return;
    const manager = connection.undoManager;
    const refresh = () => setState({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    refresh();
    manager.on('stack-item-added', refresh);
    manager.on('stack-item-popped', refresh);
    manager.on('stack-cleared', refresh);
    return () => {
      manager.off('stack-item-added', refresh);
      manager.off('stack-item-popped', refresh);
      manager.off('stack-cleared', refresh);
    };
  }, [connection]);
  return state;
}
