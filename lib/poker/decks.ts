/**
 * Estimation decks. A deck is stored as a small spec (`DeckSpec`: a kind, plus the cards of a
 * custom deck) and expanded into cards here, so the server, the UI and the tests agree on what
 * a card is worth.
 */
import type { DeckKind, DeckSpec, PokerCard } from '../board/estimation';

const QUESTION_CARD = '?';
export const COFFEE_CARD = '☕';

const NON_ESTIMATES: PokerCard[] = [
  { label: QUESTION_CARD, value: null },
  { label: COFFEE_CARD, value: null },
];

function numeric(labels: string[]): PokerCard[] {
  return labels.map((label) => ({ label, value: label === '½' ? 0.5 : Number(label) }));
}

/** T-shirt sizes with the story points each stands for (used for statistics and the card). */
const T_SHIRT_POINTS: ReadonlyArray<readonly [string, number]> = [
  ['XS', 1],
  ['S', 2],
  ['M', 3],
  ['L', 5],
  ['XL', 8],
  ['XXL', 13],
];

const BUILT_IN: Record<Exclude<DeckKind, 'custom'>, PokerCard[]> = {
  fibonacci: [...numeric(['0', '1', '2', '3', '5', '8', '13', '21', '34']), ...NON_ESTIMATES],
  'modified-fibonacci': [...numeric(['0', '½', '1', '2', '3', '5', '8', '13', '20', '40', '100']), ...NON_ESTIMATES],
  't-shirt': [...T_SHIRT_POINTS.map(([label, value]) => ({ label, value })), ...NON_ESTIMATES],
  'powers-of-2': [...numeric(['0', '1', '2', '4', '8', '16', '32', '64']), ...NON_ESTIMATES],
};

export const DECK_NAMES: Record<DeckKind, string> = {
  fibonacci: 'Fibonacci',
  'modified-fibonacci': 'Modified Fibonacci',
  't-shirt': 'T-shirt sizes',
  'powers-of-2': 'Powers of 2',
  custom: 'Custom',
};

export const DEFAULT_CUSTOM_CARDS = ['1', '2', '3', '5', '8', '?'];

/**
 * Parses one custom card: "5" and "½" are worth their number, "XL=13" is a label worth 13, and
 * anything else ("?", "☕", "huge") is a card that is not an estimate.
 */
export function parseCustomCard(raw: string): PokerCard {
  const text = raw.trim();
  const eq = text.lastIndexOf('=');
  if (eq > 0) {
    const label = text.slice(0, eq).trim();
    const value = parsePoints(text.slice(eq + 1).trim());
    if (label && value !== null) return { label, value };
  }
  return { label: text, value: parsePoints(text) };
}

function parsePoints(text: string): number | null {
  if (text === '½') return 0.5;
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The cards of a deck, in order. Duplicate labels in a custom deck are dropped. */
export function deckCards(spec: DeckSpec): PokerCard[] {
  if (spec.kind !== 'custom') return BUILT_IN[spec.kind].map((card) => ({ ...card }));
  const seen = new Set<string>();
  const cards: PokerCard[] = [];
  for (const raw of spec.custom ?? DEFAULT_CUSTOM_CARDS) {
    const card = parseCustomCard(raw);
    if (card.label === '' || seen.has(card.label)) continue;
    seen.add(card.label);
    cards.push(card);
  }
  return cards;
}

export function findCard(cards: readonly PokerCard[], label: string): PokerCard | undefined {
  return cards.find((card) => card.label === label);
}

/** How a card is written back to an item: points, plus a label when the number alone is not the card. */
export function cardToEstimate(card: PokerCard): { value: number | null; label: string | null } {
  if (card.value === null) return { value: null, label: card.label };
  const plain = String(card.value) === card.label;
  return { value: card.value, label: plain ? null : card.label };
}

/** Short human description of a deck: "Fibonacci (0, 1, 2, …)". */
export function describeDeck(spec: DeckSpec): string {
  return `${DECK_NAMES[spec.kind]}: ${deckCards(spec)
    .map((c) => c.label)
    .join(' ')}`;
}

/**
 * The cards a person may set by hand on a card: the board's own deck, so a manual estimate is
 * always a card planning poker could have given. A break card ('☕') is not an estimate.
 */
export function manualEstimateCards(spec: DeckSpec): PokerCard[] {
  return deckCards(spec).filter((card) => card.value !== null || card.label === '?');
}

/** The card an item's estimate was set with, if the deck has it (by label, then by points). */
export function cardOfEstimate(
  cards: readonly PokerCard[],
  estimate: { value: number | null; label: string | null },
): PokerCard | undefined {
  if (estimate.label !== null) return findCard(cards, estimate.label);
  if (estimate.value === null) return undefined;
  return (
    cards.find((card) => card.value === estimate.value && String(card.value) === card.label) ??
    cards.find((card) => card.value === estimate.value)
  );
}
