'use client';

import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { type RefinementView, readRefinementView } from '@/lib/refinement/board-view';

interface ViewStore {
  subscribe(listener: () => void): () => void;
  get(): RefinementView;
}

const stores = new WeakMap<Y.Doc, ViewStore>();

/**
 * One derived refinement view per doc, shared by every card badge, cut line and panel: it is
 * recomputed at most once per animation frame after a change, not once per component.
 */
function storeFor(doc: Y.Doc): ViewStore {
  let store = stores.get(doc);
  if (store) return store;
  const listeners = new Set<() => void>();
  let view: RefinementView | null = null;
  let scheduled = false;
  const onUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      view = null;
      for (const listener of listeners) listener();
    });
  };
  store = {
    subscribe(listener) {
      if (listeners.size === 0) doc.on('update', onUpdate);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) doc.off('update', onUpdate);
      };
    },
    get() {
      if (view === null) view = readRefinementView(doc);
      return view;
    },
  };
  stores.set(doc, store);
  return store;
}

export function useRefinementView(doc: Y.Doc): RefinementView {
  const store = storeFor(doc);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

// ---------------------------------------------------------------------------------------------
// Which item's details are open: a tiny shared store, so a card anywhere can open the drawer
// that RefinementPanels renders.

let openId: string | null = null;
const openListeners = new Set<() => void>();

export function openItemDetails(itemId: string | null): void {
  openId = itemId;
  for (const listener of openListeners) listener();
}

export function useOpenItemDetails(): string | null {
  return useSyncExternalStore(
    (listener) => {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    () => openId,
    () => null,
  );
}

