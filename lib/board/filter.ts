/**
 * Search and filter for the backlog view: pure, so the board, the projector and tests agree.
 */
import type { ItemKind, ItemView } from './schema';

export interface ItemFilter {
  /** Free text; every word must appear in the title or description (case- and accent-insensitive). */
  text: string;
  /** Kinds to show; empty means all. */
  kinds: readonly ItemKind[];
}

export const EMPTY_FILTER: ItemFilter = { text: '', kinds: [] };

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function isFilterActive(filter: ItemFilter): boolean {
  return filter.text.trim() !== '' || filter.kinds.length > 0;
}

export function filterItems(items: readonly ItemView[], filter: ItemFilter): ItemView[] {
  if (!isFilterActive(filter)) return items as ItemView[];
  const words = fold(filter.text).split(/\s+/).filter(Boolean);
  const kinds = new Set(filter.kinds);
  return items.filter((item) => {
    if (kinds.size > 0 && !kinds.has(item.kind)) return false;
    if (words.length === 0) return true;
    const haystack = fold(`${item.title}\n${item.description}`);
    return words.every((word) => haystack.includes(word));
  });
}
