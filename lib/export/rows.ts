/**
 * The board as the exports see it: every item in the order a tracker should receive it (the
 * ranked backlog, then the parked tail, then the trimmed items), each with its details and its
 * parent's external key.
 */
import type * as Y from 'yjs';
import { type ItemDetails, readAllItemDetails } from '../board/item-details';
import { type ItemView, listItems, type Zone } from '../board/schema';

export interface ExportRow {
  /** 1-based place in the export (backlog first, then the tail, then trimmed). */
  position: number;
  /** With its tracker key, link and labels (externalKey, externalUrl, labels). */
  item: ItemView;
  details: ItemDetails;
  /** The parent's external key, or null when it has none (a new parent) or there is no parent. */
  parentKey: string | null;
  parent: ItemView | null;
}

const ZONE_ORDER: readonly Zone[] = ['backlog', 'tail', 'trimmed'];

/** What the rows are made of: the board's items in rank order and their details. */
export interface ExportSource {
  items: readonly ItemView[];
  details: ReadonlyMap<string, ItemDetails>;
}

/**
 * Every item of the board in export order, with what the exports need of it. The exports that
 * show readiness pass the refinement view they read anyway (it has both); the tracker CSVs do
 * not need it, and skip its cost (a few hundred ms at 5,000 items).
 */
export function readExportRows(
  doc: Y.Doc,
  source: ExportSource = { items: listItems(doc), details: readAllItemDetails(doc) },
): ExportRow[] {
  const byId = new Map(source.items.map((item) => [item.id, item]));
  // listItems is in rank order already; a stable sort by zone keeps it within each zone.
  const ordered = [...source.items].sort((a, b) => ZONE_ORDER.indexOf(a.zone) - ZONE_ORDER.indexOf(b.zone));
  return ordered.map((item, index) => {
    const parent = item.parentId !== null ? (byId.get(item.parentId) ?? null) : null;
    return {
      position: index + 1,
      item,
      details: source.details.get(item.id)!,
      parentKey: parent ? parent.externalKey : null,
      parent,
    };
  });
}
