/**
 * Reference items: past work to compare with while voting. Shown beside each card of the deck,
 * so a team estimates relative to what it already estimated.
 */
import type { PokerCard } from '../board/estimation';

export interface ReferenceItem {
  id: string;
  title: string;
}

/**
 * Up to `limit` already estimated items per card of the deck, most recently changed first,
 * excluding the item being estimated. An item matches a card by its label ("M", "½") or, when it
 * has no label, by its points.
 */
export function referenceItemsByCard(
  items: ReadonlyArray<{
    id: string;
    title: string;
    estimate: number | null;
    estimateLabel: string | null;
    updatedAt: number;
    zone?: string;
  }>,
  deck: readonly PokerCard[],
  excludeId: string | null,
  limit = 3,
): Map<string, ReferenceItem[]> {
  const byCard = new Map<string, ReferenceItem[]>();
  const sorted = [...items].filter((i) => i.id !== excludeId && i.zone !== 'trimmed').sort((a, b) => b.updatedAt - a.updatedAt);
  for (const card of deck) {
    if (card.value === null) continue;
    const matches = sorted.filter((i) =>
      i.estimateLabel !== null ? i.estimateLabel === card.label : i.estimate !== null && i.estimate === card.value,
    );
    if (matches.length)
      byCard.set(
        card.label,
        matches.slice(0, limit).map((i) => ({ id: i.id, title: i.title })),
      );
  }
  return byCard;
}
