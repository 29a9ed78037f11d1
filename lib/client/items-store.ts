import * as Y from 'yjs';
import { compareByRank } from '../board/rank';
import { type ItemMap, type ItemView, getItemsMap, readItem } from '../board/schema';

/** What one transaction changed, for stores that derive their own per-item data. */
export interface ItemsChange {
  /** Items added, removed or edited (any field, including text), by id. */
  touched: ReadonlySet<string>;
}

/**
 * The board's items as `ItemView`s in board order, kept up to date incrementally.
 *
 * Re-reading every item on every change (two Y.Text `toString`s and a dozen fields each) costs
 * tens of milliseconds at 2,000 items and made every remote move wait for it. This store
 * re-reads only the items a transaction touched, re-sorts only when a rank, zone or the set of
 * items changed, and keeps the same object for every item that did not change, so memoized
 * rows skip re-rendering. One store per doc, shared by every hook and derived store.
 */
export class ItemsStore {
  private readonly views = new Map<string, ItemView>();
  private ordered: ItemView[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly changeListeners = new Set<(change: ItemsChange) => void>();
  private readonly map: Y.Map<ItemMap>;

  constructor(doc: Y.Doc) {
    this.map = getItemsMap(doc);
    this.map.forEach((item, id) => this.read(id, item));
    this.ordered = [...this.views.values()].sort(compareByRank);
    this.map.observeDeep(this.onEvents);
  }

  /** All items in board order. The same array until something changes. */
  getItems = (): ItemView[] => this.ordered;

  getItem(id: string): ItemView | undefined {
    return this.views.get(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called after each change with the ids it touched (after `getItems` reflects it). */
  onChange(listener: (change: ItemsChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  destroy(): void {
    this.map.unobserveDeep(this.onEvents);
    this.listeners.clear();
    this.changeListeners.clear();
  }

  /** Returns whether the item's place in the order may have changed. */
  private read(id: string, item: unknown): boolean {
    const before = this.views.get(id);
    if (!(item instanceof Y.Map)) {
      this.views.delete(id);
      return before !== undefined;
    }
    // The map key is what every other peer addresses the item by, so it wins over a missing or
    // mismatched `id` field (as in listItems).
    const view = { ...readItem(item as ItemMap), id };
    this.views.set(id, view);
    return before === undefined || before.rank !== view.rank || before.zone !== view.zone;
  }

  private onEvents = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === this.map) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) touched.add(key);
      } else {
        // Nested change (a field of an item, its title text, its estimate history): the first
        // path segment below the items map is the item's id.
        const id = event.path[0];
        if (typeof id === 'string') touched.add(id);
      }
    }
    if (touched.size === 0) return;
    let reorder = false;
    for (const id of touched) {
      if (this.read(id, this.map.get(id))) reorder = true;
    }
    this.ordered = reorder
      ? [...this.views.values()].sort(compareByRank)
      : this.ordered.map((view) => (touched.has(view.id) ? (this.views.get(view.id) ?? view) : view));
    const change: ItemsChange = { touched };
    for (const listener of this.changeListeners) listener(change);
    for (const listener of this.listeners) listener();
  };
}

const stores = new WeakMap<Y.Doc, ItemsStore>();

/** The items store of a doc, created on first use and living as long as the doc. */
export function itemsStoreFor(doc: Y.Doc): ItemsStore {
  let store = stores.get(doc);
  if (!store) {
    store = new ItemsStore(doc);
    stores.set(doc, store);
    doc.once('destroy', () => store!.destroy());
  }
  return store;
}
