'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { listItems, readMeta, type ItemView, type MetaView, type ListItemsOptions } from '../board/schema';
import { BoardConnection, type ConnectionSnapshot } from './board-connection';

const EMPTY_SNAPSHOT: ConnectionSnapshot = {
  status: 'connecting',
  errorReason: null,
  session: null,
  roster: [],
  focus: { itemId: null, by: null },
  synced: false,
};

/** Opens the board's connections for the lifetime of the component. */
export function useBoardConnection(boardId: string, key: string, identity: { name: string; color: string } | null) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  useEffect(() => {
    if (!identity) return;
    const conn = new BoardConnection(boardId, key, identity);
    setConnection(conn);
    return () => {
      conn.destroy();
      setConnection(null);
    };
    // Identity changes are sent over the open connection, not by reconnecting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, key, identity === null]);
  const snapshot = useSyncExternalStore(
    connection?.subscribe ?? noopSubscribe,
    connection?.getSnapshot ?? (() => EMPTY_SNAPSHOT),
    () => EMPTY_SNAPSHOT,
  );
  return { connection, snapshot };
}

function noopSubscribe(): () => void {
  return () => {};
}

/** Re-renders on any change below the doc's `items` map and returns the ordered items. */
export function useItems(doc: Y.Doc | undefined, options: ListItemsOptions = {}): ItemView[] {
  const [items, setItems] = useState<ItemView[]>([]);
  const zone = options.zone;
  useEffect(() => {
    if (!doc) return;
    const items = doc.getMap('items');
    const refresh = () => setItems(listItems(doc, { zone }));
    refresh();
    items.observeDeep(refresh);
    return () => items.unobserveDeep(refresh);
  }, [doc, zone]);
  return items;
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
