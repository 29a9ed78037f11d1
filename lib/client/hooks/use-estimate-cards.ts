'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readEstimationSettings } from '../../board/estimation';
import { getMetaMap } from '../../board/schema';
import { manualEstimateCards } from '../../poker/decks';
import type { PokerCard } from '../../board/estimation';

/** The cards of the board's poker deck that a manual estimate offers, live as the deck changes. */
export function useEstimateCards(doc: Y.Doc): PokerCard[] {
  const [cards, setCards] = useState<PokerCard[]>(() => manualEstimateCards(readEstimationSettings(doc).deck));
  useEffect(() => {
    const meta = getMetaMap(doc);
    const refresh = () => setCards(manualEstimateCards(readEstimationSettings(doc).deck));
    refresh();
    meta.observe(refresh);
    return () => meta.unobserve(refresh);
  }, [doc]);
  return cards;
}
