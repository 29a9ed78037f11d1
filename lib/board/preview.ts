import * as Y from 'yjs';
import type { Role } from '../session/roles';
import { compareByRank } from './rank';
import { ITEM_FIELD, getItemsMap, isZone, readItem, readMeta, type ItemKind, type ItemView } from './schema';
import { stringOr } from './values';

/**
 * Cards in a preview: more than the tallest screen shows before anyone scrolls (24 one-line
 * cards are ~2,400 px; a 4K screen in portrait shows ~2,000). Every card is HTML to parse, lay
 * out and hydrate before the live list, and to remove when it takes over (issue 15).
 */
const PREVIEW_ITEMS = 24;

export interface BoardPreviewItem extends Pick<ItemView, 'id' | 'title' | 'estimate' | 'estimateLabel'> {
  kind: ItemKind;
  /** 1-based place in the backlog. */
  position: number;
}

/**
 * The top of a board's backlog as plain data, rendered into the page's HTML so that a person
 * opening the link sees the backlog at once, before the JavaScript has loaded and the document
 * has synced. It is replaced by the live list as soon as that has.
 */
export interface BoardPreview {
  title: string;
  role: Role;
  backlogCount: number;
  tailCount: number;
  items: BoardPreviewItem[];
}

/**
 * Reads the first `limit` backlog items in rank order. Only rank and zone are read for every
 * item; the full item (two Y.Text) only for the ones shown, so a 2,000-item board costs about
 * as much as a 40-item one.
 */
export function buildBoardPreview(doc: Y.Doc, role: Role, limit = PREVIEW_ITEMS): BoardPreview {
  const backlog: Array<{ id: string; rank: string; item: Y.Map<unknown> }> = [];
  let tailCount = 0;
  getItemsMap(doc).forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    const zone = item.get(ITEM_FIELD.zone);
    // Same reading as readItem: an unknown zone counts as backlog.
    const inZone = isZone(zone) ? zone : 'backlog';
    if (inZone === 'tail') tailCount += 1;
    if (inZone !== 'backlog') return;
    const rank = item.get(ITEM_FIELD.rank);
    backlog.push({ id, rank: stringOr(rank, ''), item });
  });
  backlog.sort(compareByRank);
  const items = backlog.slice(0, Math.max(0, limit)).map(({ id, item }, index) => {
    const view = readItem(item);
    return { id, title: view.title, kind: view.kind, estimate: view.estimate, estimateLabel: view.estimateLabel, position: index + 1 };
  });
  return { title: readMeta(doc).title, role, backlogCount: backlog.length, tailCount, items };
}
