'use client';

import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { RefinementView } from '../../refinement/board-view';
import { getOpenItemId, subscribeOpenItem } from '../open-item-details';
import { refinementViewStoreFor } from '../refinement-store';

/** The doc's derived refinement view (readiness, runway, cut lines…), shared by every component. */
export function useRefinementView(doc: Y.Doc): RefinementView {
  const store = refinementViewStoreFor(doc);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** The item whose details drawer is open, if any. */
export function useOpenItemDetails(): string | null {
  return useSyncExternalStore(subscribeOpenItem, getOpenItemId, () => null);
}
