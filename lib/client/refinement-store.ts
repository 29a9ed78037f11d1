'use client';

import * as Y from 'yjs';
import { type ItemDetails, readItemDetails } from '../board/item-details';
import { readDorCriteria } from '../board/dor';
import { readRefinementSettings } from '../board/settings';
import { readRoadmap } from '../board/roadmap';
import type { ItemMap } from '../board/schema';
import { type RefinementView, buildRefinementView } from '../refinement/board-view';
import { itemsStoreFor } from './items-store';

export interface RefinementViewStore {
  subscribe(listener: () => void): () => void;
  get(): RefinementView;
}

const stores = new WeakMap<Y.Doc, RefinementViewStore>();

/** Runs `task` once the browser has painted the current frame. */
function afterPaint(task: () => void): void {
  requestAnimationFrame(() => setTimeout(task, 0));
}

/**
 * One derived refinement view per doc, shared by every card badge, cut line and panel: it is
 * recomputed at most once per frame after a change, not once per component.
 *
 * The recomputation runs after the next paint, not before it: the view is a board-wide pass
 * (readiness, runway, cut lines for every item), and doing it first would hold back the paint
 * of the change itself, e.g. a card moved by someone else. Badges and panels follow a frame
 * later. Items come from the doc's incremental items store and item details are re-read only
 * for the items a change touched.
 */
export function refinementViewStoreFor(doc: Y.Doc): RefinementViewStore {
  let store = stores.get(doc);
  if (store) return store;
  const items = itemsStoreFor(doc);
  const itemsMap = doc.getMap<unknown>('items');
  // Item details by id, read in full on the first real computation and then only for the items
  // a change touched.
  let details: Map<string, ItemDetails> | null = null;
  items.onChange(({ touched }) => {
    if (!details) return;
    for (const id of touched) {
      const item = itemsMap.get(id);
      if (item instanceof Y.Map) details.set(id, readItemDetails(item as ItemMap));
      else details.delete(id);
    }
  });
  const compute = (withItems: boolean): RefinementView => {
    if (withItems && !details) {
      details = new Map();
      itemsMap.forEach((item, id) => {
        if (item instanceof Y.Map) details!.set(id, readItemDetails(item as ItemMap));
      });
    }
    return buildRefinementView({
      items: withItems ? items.getItems() : [],
      // A copy: the cache keeps changing, a view must not.
      details: withItems ? new Map(details) : new Map(),
      settings: readRefinementSettings(doc),
      criteria: readDorCriteria(doc),
      roadmap: readRoadmap(doc),
    });
  };
  const listeners = new Set<() => void>();
  let view: RefinementView | null = null;
  let scheduled = false;
  const onUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    afterPaint(() => {
      scheduled = false;
      view = null;
      for (const listener of listeners) listener();
    });
  };
  // Created while a big board is already on screen (the first card rendered asks first): start
  // with a view of no items, so that first render is not held up, and compute the real one
  // after it has painted.
  if (itemsMap.size > 0) {
    view = compute(false);
    onUpdate();
  }
  // For the doc's lifetime (the store lives as long): a view cached while nobody listened must
  // still be marked stale by a change.
  // On `afterTransaction`, not `update`: an `update` listener makes Yjs encode every transaction,
  // the whole board when it arrives (quiet-apply.ts).
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) onUpdate();
  });
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get() {
      if (view === null) view = compute(true);
      return view;
    },
  };
  stores.set(doc, store);
  return store;
}
