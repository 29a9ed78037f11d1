/**
 * Estimation in the board document: an item's estimate history (planning-poker rounds, as JSON
 * records in a Y.Array) and the board's estimation settings in `meta` (deck, auto-reveal,
 * "fits in a sprint" threshold).
 *
 * Only the server writes these (the poker service, on accept and on a settings change), so the
 * lazily created Y.Array never races with a second creator. Everything read back is untrusted —
 * any participant can write to the doc — so readers validate and fall back to defaults.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';
import { setEstimate } from './mutations';
import { ITEM_FIELD, META_FIELD, getItemMap, getMetaMap, writeItemField, writeMetaField } from './schema';
import { finiteNumberOrNull, isString, oneOf } from './values';

// ---------------------------------------------------------------------------
// Decks, cards and targets: stored in the doc (settings, history), played by planning poker

export const DECK_KINDS = ['fibonacci', 'modified-fibonacci', 't-shirt', 'powers-of-2', 'custom'] as const;
export type DeckKind = (typeof DECK_KINDS)[number];

/** A custom card: "5", "½", "XL=13" (label = point value), "?" or "☕"; at most this many characters (code points), trimmed. */
export const CUSTOM_CARD_MAX_LENGTH = 12;
/** A custom deck holds this many cards at least, and at most CUSTOM_DECK_MAX_CARDS. */
export const CUSTOM_DECK_MIN_CARDS = 2;
export const CUSTOM_DECK_MAX_CARDS = 24;

export interface DeckSpec {
  kind: DeckKind;
  /** Only for `custom`: the cards in order, at most 24. */
  custom?: string[];
}

/**
 * The deck spec `value` holds, its card labels trimmed, or why it is not one (a sentence a
 * facilitator can act on). The one rule for a deck: the doc's settings, the wire
 * (`poker:settings`) and the stored poker state all read decks through it. Plain code rather
 * than zod, so the browser's first load (which reads the settings) does not evaluate zod.
 */
export function readDeckSpec(value: unknown): { deck: DeckSpec } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'A deck must be an object with a kind' };
  const { kind: rawKind, custom: rawCustom } = value as { kind?: unknown; custom?: unknown };
  const kind = oneOf(DECK_KINDS, rawKind);
  if (kind === null) return { problem: `The deck kind must be one of ${DECK_KINDS.join(', ')}` };
  if (rawCustom === undefined) return { deck: { kind } };
  if (!Array.isArray(rawCustom) || rawCustom.length < CUSTOM_DECK_MIN_CARDS || rawCustom.length > CUSTOM_DECK_MAX_CARDS) {
    return { problem: `A custom deck needs ${CUSTOM_DECK_MIN_CARDS} to ${CUSTOM_DECK_MAX_CARDS} cards` };
  }
  const custom: string[] = [];
  for (const [index, card] of rawCustom.entries()) {
    if (!isString(card)) return { problem: `Card ${index + 1} of the deck is not text` };
    const label = card.trim();
    // In characters (code points), not UTF-16 units, as the zod schema this replaced counted:
    // an emoji card is one character, and decks stored before must still read.
    const length = [...label].length;
    if (length < 1) return { problem: `Card ${index + 1} of the deck is empty` };
    if (length > CUSTOM_CARD_MAX_LENGTH)
      return { problem: `Card ${index + 1} of the deck is longer than ${CUSTOM_CARD_MAX_LENGTH} characters` };
    custom.push(label);
  }
  return { deck: { kind, custom } };
}

/** The deck spec `value` holds (readDeckSpec), or null when it is not one. */
export function parseDeckSpec(value: unknown): DeckSpec | null {
  const read = readDeckSpec(value);
  return 'deck' in read ? read.deck : null;
}

/**
 * What a round estimates: the item's estimate, or one WSJF input (the names are the keys of
 * `WsjfInputs` in item-details.ts). Accepting a round writes that field.
 */
export const POKER_TARGETS = ['estimate', 'businessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;
export type PokerTarget = (typeof POKER_TARGETS)[number];

export interface PokerCard {
  label: string;
  /** Points; null for cards that are not an estimate ('?', '☕'). */
  value: number | null;
}

export interface PokerSettings {
  deck: DeckSpec;
  /** Reveal as soon as every present voter has voted. */
  autoReveal: boolean;
  /** "Fits in a sprint": estimates above it offer a split. Null: no threshold. */
  sprintThreshold: number | null;
}

/** One round as stored on the item. */
export interface EstimateRecord {
  roundId: string;
  /** 1-based round number on this item in that session (re-votes count up). */
  number: number;
  revealedAt: number;
  /** Deck name, e.g. "fibonacci". */
  deck: string;
  /** What was estimated: the estimate, or one WSJF input. */
  target: PokerTarget;
  votes: Array<{ name: string; vote: string }>;
  average: number | null;
  median: number | null;
  mode: string[];
  consensus: boolean;
  /** Set on the round whose result was accepted (the last one of an accept). */
  accepted: PokerCard | null;
  acceptedAt: number | null;
}

const MAX_HISTORY_RECORDS = 50;

// ---------------------------------------------------------------------------
// Estimate history

/** Validates raw history entries (e.g. `ItemView.estimateHistory`); drops what does not parse. */
export function parseEstimateHistory(raw: readonly unknown[]): EstimateRecord[] {
  const out: EstimateRecord[] = [];
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (!isString(e.roundId) || finiteNumberOrNull(e.revealedAt) === null) continue;
    const votes = Array.isArray(e.votes)
      ? e.votes.filter(
          (v): v is { name: string; vote: string } =>
            !!v && isString((v as { name?: unknown }).name) && isString((v as { vote?: unknown }).vote),
        )
      : [];
    const acc = e.accepted as { label?: unknown; value?: unknown } | null | undefined;
    out.push({
      roundId: e.roundId,
      number: finiteNumberOrNull(e.number) ?? 1,
      revealedAt: finiteNumberOrNull(e.revealedAt)!,
      deck: isString(e.deck) ? e.deck : '',
      target: oneOf(POKER_TARGETS, e.target) ?? 'estimate',
      votes: votes.map((v) => ({ name: v.name, vote: v.vote })),
      average: finiteNumberOrNull(e.average),
      median: finiteNumberOrNull(e.median),
      mode: Array.isArray(e.mode) ? e.mode.filter(isString) : [],
      consensus: e.consensus === true,
      accepted: acc && isString(acc.label) ? { label: acc.label, value: finiteNumberOrNull(acc.value) } : null,
      acceptedAt: finiteNumberOrNull(e.acceptedAt),
    });
  }
  return out;
}

export function readEstimateHistory(doc: Y.Doc, itemId: string): EstimateRecord[] {
  const item = getItemMap(doc, itemId);
  if (!(item instanceof Y.Map)) return [];
  const history = item.get(ITEM_FIELD.estimateHistory);
  return history instanceof Y.Array ? parseEstimateHistory(history.toArray()) : [];
}

export interface AcceptEstimateInput {
  estimate: { value: number | null; label: string | null };
  records: EstimateRecord[];
}

/**
 * Writes an accepted estimate and the rounds that led to it, in one transaction: the card's
 * estimate and its history change together for every peer.
 */
export function acceptEstimate(doc: Y.Doc, itemId: string, input: AcceptEstimateInput, origin?: unknown): void {
  if (!(getItemMap(doc, itemId) instanceof Y.Map)) throw new BoardError('unknown_item', `Unknown item: ${itemId}`);
  doc.transact(() => {
    setEstimate(doc, itemId, input.estimate, origin);
    appendEstimateHistory(doc, itemId, input.records, origin);
  }, origin);
}

/**
 * Appends rounds to the item's history (accepted estimates and accepted WSJF inputs alike).
 * Oldest records beyond MAX_HISTORY_RECORDS are dropped.
 */
export function appendEstimateHistory(doc: Y.Doc, itemId: string, records: readonly EstimateRecord[], origin?: unknown): void {
  const item = getItemMap(doc, itemId);
  if (!(item instanceof Y.Map)) throw new BoardError('unknown_item', `Unknown item: ${itemId}`);
  if (records.length === 0) return;
  doc.transact(() => {
    let history = item.get(ITEM_FIELD.estimateHistory);
    if (!(history instanceof Y.Array)) {
      history = new Y.Array<unknown>();
      writeItemField(item, 'estimateHistory', history as Y.Array<unknown>);
    }
    const array = history as Y.Array<unknown>;
    array.push(records.map((r) => ({ ...r })));
    const excess = array.length - MAX_HISTORY_RECORDS;
    if (excess > 0) array.delete(0, excess);
  }, origin);
}

// ---------------------------------------------------------------------------
// Board settings in meta

export const DEFAULT_ESTIMATION_SETTINGS: PokerSettings = {
  deck: { kind: 'fibonacci' },
  autoReveal: false,
  sprintThreshold: 13,
};

/** The settings as the doc holds them, each one falling back to its default when missing or odd. */
export function readEstimationSettings(doc: Y.Doc): PokerSettings {
  const meta = getMetaMap(doc);
  const deck = parseDeckSpec(meta.get(META_FIELD.deck));
  const autoReveal = meta.get(META_FIELD.autoReveal);
  const threshold = meta.get(META_FIELD.sprintThreshold);
  return {
    deck: deck ?? DEFAULT_ESTIMATION_SETTINGS.deck,
    autoReveal: typeof autoReveal === 'boolean' ? autoReveal : DEFAULT_ESTIMATION_SETTINGS.autoReveal,
    sprintThreshold:
      threshold === null
        ? null
        : finiteNumberOrNull(threshold) !== null && (threshold as number) >= 0
          ? (threshold as number)
          : DEFAULT_ESTIMATION_SETTINGS.sprintThreshold,
  };
}

export function writeEstimationSettings(doc: Y.Doc, settings: PokerSettings, origin?: unknown): void {
  const deck = parseDeckSpec(settings.deck);
  if (!deck) throw new BoardError('invalid_estimate', 'Invalid deck');
  if (settings.sprintThreshold !== null && !(Number.isFinite(settings.sprintThreshold) && settings.sprintThreshold >= 0)) {
    throw new BoardError('invalid_estimate', 'Sprint threshold must be a non-negative number or null');
  }
  const meta = getMetaMap(doc);
  doc.transact(() => {
    writeMetaField(meta, 'deck', { ...deck });
    writeMetaField(meta, 'autoReveal', settings.autoReveal);
    writeMetaField(meta, 'sprintThreshold', settings.sprintThreshold);
  }, origin);
}

// ---------------------------------------------------------------------------
// "Fits in a sprint": the one rule behind the board's "split me" flag, the readiness criterion
// and poker's split offer (and its server-side check), so they can never disagree.

function positiveOrNull(points: number | null | undefined): number | null {
  return typeof points === 'number' && Number.isFinite(points) && points > 0 ? points : null;
}

/**
 * The board's "fits in a sprint" limit in points: its threshold, else (no threshold) the team's
 * velocity, else none. A threshold of 0 counts as no threshold: nothing fits in 0 points, and 0
 * is what a cleared settings field tends to send.
 */
export function effectiveSprintThreshold(limits: { sprintThreshold: number | null; velocity?: number | null }): number | null {
  return positiveOrNull(limits.sprintThreshold) ?? positiveOrNull(limits.velocity);
}

/** True when an estimate is above the limit (`effectiveSprintThreshold`); never without both. */
export function exceedsSprint(points: number | null, limit: number | null): boolean {
  return points !== null && positiveOrNull(limit) !== null && points > limit!;
}
