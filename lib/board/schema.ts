/**
 * The shape of a board's Y.Doc: names, types, limits, validators and readers.
 *
 * Everything here is pure and runs in the browser, on the server and in tests.
 * The doc is shared with every peer, so anything read from it is untrusted:
 * readers coerce unexpected values to safe defaults instead of throwing, and
 * writers (mutations.ts) validate before they write.
 *
 * Adding an item field: add it to `ItemFields` and `ITEM_FIELD` (the compiler
 * insists on both), read it in `readItem` with a default for a missing value,
 * and write it in `createItem` only when it differs from that default (fewer
 * structs make joining a big board faster). `ItemView` and the typed accessors
 * follow from `ItemFields`.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';
import { compareByRank } from './rank';
import { countOrZero, finiteNumberOrNull, httpUrlOrNull, sharedText, stringArray, stringOr, stringOrNull } from './values';

// ---------------------------------------------------------------------------
// Top-level shared types

const META_MAP_NAME = 'meta';
const ITEMS_MAP_NAME = 'items';

/** One item: field name -> value (see `ItemFields`). */
export type ItemMap = Y.Map<unknown>;
/** All items of a board, keyed by item id. */
export type ItemsMap = Y.Map<ItemMap>;
export type MetaMap = Y.Map<unknown>;

export function getMetaMap(doc: Y.Doc): MetaMap {
  return doc.getMap<unknown>(META_MAP_NAME);
}

export function getItemsMap(doc: Y.Doc): ItemsMap {
  return doc.getMap<ItemMap>(ITEMS_MAP_NAME);
}

export function getItemMap(doc: Y.Doc, id: string): ItemMap | undefined {
  return getItemsMap(doc).get(id);
}

// ---------------------------------------------------------------------------
// Enumerations

export const ITEM_KINDS = ['epic', 'story', 'task', 'bug', 'spike'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * backlog: the live, ranked list. tail: parked, waiting for the team to agree
 * to trim it. trimmed: agreed to drop; kept (hidden) until purged so a trim can
 * still be undone.
 */
export const ZONES = ['backlog', 'tail', 'trimmed'] as const;
export type Zone = (typeof ZONES)[number];

export function isItemKind(value: unknown): value is ItemKind {
  return typeof value === 'string' && (ITEM_KINDS as readonly string[]).includes(value);
}

export function isZone(value: unknown): value is Zone {
  return typeof value === 'string' && (ZONES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Item fields: the single place where stored names and types are declared

/** What each item field holds inside the doc. */
export interface ItemFields {
  id: string;
  title: Y.Text;
  /** Markdown; rendered through a sanitizer by the UI. */
  description: Y.Text;
  kind: ItemKind;
  /** fractional-indexing key; order is (rank, id). Shared across zones. */
  rank: string;
  zone: Zone;
  parentId: string | null;
  estimate: number | null;
  /** Non-numeric card such as '?' or a T-shirt size 'M'. */
  estimateLabel: string | null;
  createdAt: number;
  createdBy: string | null;
  parkedReason: string | null;
  /**
   * How many times the item was parked. The meeting summary compares it between the start and
   * the end to report items parked and restored within the meeting (their zone is unchanged).
   * Last writer wins: two people parking the same item at once count once, which is what
   * happened to the item.
   */
  parkedCount: number;
  updatedAt: number;
  /**
   * Planning-poker rounds that led to the estimate: JSON records, validated on read
   * (estimation.ts). Created lazily; only the server writes it (on accept).
   */
  estimateHistory: Y.Array<unknown>;
  /** The tracker issue this item came from (an import): its key, link and labels (tracker.ts). */
  externalKey: string | null;
  /** http(s) only; readers drop anything else. */
  externalUrl: string | null;
  labels: string[];
}

export type ItemField = keyof ItemFields;
export type ItemTextField = { [K in ItemField]: ItemFields[K] extends Y.Text ? K : never }[ItemField];

/** Field names as values, e.g. for `event.keysChanged.has(ITEM_FIELD.rank)`. */
export const ITEM_FIELD = {
  id: 'id',
  title: 'title',
  description: 'description',
  kind: 'kind',
  rank: 'rank',
  zone: 'zone',
  parentId: 'parentId',
  estimate: 'estimate',
  estimateLabel: 'estimateLabel',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
  parkedReason: 'parkedReason',
  parkedCount: 'parkedCount',
  updatedAt: 'updatedAt',
  estimateHistory: 'estimateHistory',
  externalKey: 'externalKey',
  externalUrl: 'externalUrl',
  labels: 'labels',
} as const satisfies { [K in ItemField]: K };

/** Typed write: the compiler checks both the field name and the value type. */
export function writeItemField<K extends ItemField>(item: ItemMap, field: K, value: ItemFields[K]): void {
  item.set(field, value);
}

/** The shared text behind a text field, for collaborative editors to bind to. */
export function readItemText(item: ItemMap, field: ItemTextField): Y.Text | null {
  const value = item.get(field);
  return value instanceof Y.Text ? value : null;
}

// ---------------------------------------------------------------------------
// Meta fields

export interface MetaFields {
  title: string;
  vision: Y.Text;
  createdAt: number;
  /** Estimation settings, written by the server only (estimation.ts validates on read). */
  deck: unknown;
  autoReveal: boolean;
  sprintThreshold: number | null;
}

export type MetaField = keyof MetaFields;

export const META_FIELD = {
  title: 'title',
  vision: 'vision',
  createdAt: 'createdAt',
  deck: 'deck',
  autoReveal: 'autoReveal',
  sprintThreshold: 'sprintThreshold',
} as const satisfies { [K in MetaField]: K };

export function writeMetaField<K extends MetaField>(meta: MetaMap, field: K, value: MetaFields[K]): void {
  meta.set(field, value);
}

// ---------------------------------------------------------------------------
// Refinement details: more stored names (read and written by item-details.ts, item-entries.ts,
// roadmap.ts, dor.ts, settings.ts and trim-outcomes.ts)
//
// Lists that people edit concurrently are stored as *keyed entries* directly in the item's (or
// meta's) existing Y.Map, `<prefix><entryId>` -> entry (entries.ts says why).

/** Item fields added by the refinement toolkit (plain values, last writer wins). */
export const ITEM_DETAIL_FIELD = {
  fitsVision: 'fitsVision',
  moscow: 'moscow',
  releaseId: 'releaseId',
  wsjfBusinessValue: 'wsjfBusinessValue',
  wsjfTimeCriticality: 'wsjfTimeCriticality',
  wsjfRiskReduction: 'wsjfRiskReduction',
  /** Overrides the estimate as WSJF job size when set. */
  wsjfJobSize: 'wsjfJobSize',
  /** Written by the server when a trim was agreed. */
  trimDecision: 'trimDecision',
  /** Written by the server when a trim was objected to; cleared when the item is trimmed. */
  trimDiscussion: 'trimDiscussion',
} as const;

/** Item fields holding a Y.Text (collaborative typing), created on first use. */
export const ITEM_DETAIL_TEXTS = ['hypothesisBelieve', 'hypothesisResult', 'hypothesisKnowWhen', 'notes', 'acceptanceCriteria'] as const;
export type ItemDetailTextField = (typeof ITEM_DETAIL_TEXTS)[number];
/** The same names as values, e.g. `item.get(ITEM_DETAIL_TEXT.notes)`. */
export const ITEM_DETAIL_TEXT = {
  hypothesisBelieve: 'hypothesisBelieve',
  hypothesisResult: 'hypothesisResult',
  hypothesisKnowWhen: 'hypothesisKnowWhen',
  notes: 'notes',
  acceptanceCriteria: 'acceptanceCriteria',
} as const satisfies { [K in ItemDetailTextField]: K };

/**
 * What a re-import needs beyond the item's own tracker fields (externalKey, externalUrl, labels
 * in ItemFields): what the tracker said at the last import, so a re-import changes only the
 * fields the tracker changed since.
 */
export const ITEM_TRACKER_FIELD = {
  /** The tracker's values at the last import, as fingerprints (lib/import/apply.ts). */
  imported: 'imported',
} as const;

/** Prefixes of keyed entries in an item map. */
export const ITEM_ENTRY = {
  question: 'question:',
  action: 'action:',
  attachment: 'attachment:',
  decision: 'decision:',
  dependency: 'dependency:',
  /** `dor:<criterionId>` -> boolean: a hand tick. */
  dorTick: 'dor:',
  /** `serves:<painOrGainId>` -> true. */
  serves: 'serves:',
} as const;

/** Meta fields added by the refinement toolkit. */
export const META_DETAIL_FIELD = {
  velocity: 'velocity',
  sprintsToPrepare: 'sprintsToPrepare',
  prioritization: 'prioritization',
  /** Set once the DoR list was edited; until then the defaults apply. */
  dorCustomized: 'dorCustomized',
  visionShown: 'visionShown',
} as const;

/** Prefixes of keyed entries in the meta map. */
export const META_ENTRY = {
  release: 'release:',
  pain: 'pain:',
  gain: 'gain:',
  dor: 'dorCriterion:',
  /** `dorRemoved:<id>` -> true; a separate key so a concurrent re-materialisation cannot undo it. */
  dorRemoved: 'dorRemoved:',
} as const;

// ---------------------------------------------------------------------------
// Limits (input.ts validates against them before anything is written)

export const MAX_TITLE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 20000;
export const MAX_BOARD_TITLE_LENGTH = 200;
export const MAX_ESTIMATE_LABEL_LENGTH = 16;
export const MAX_PARKED_REASON_LENGTH = 500;
export const MAX_ID_LENGTH = 64;

// ---------------------------------------------------------------------------
// Snapshots

/**
 * A plain copy of an item, safe to hand to React: the same fields as
 * `ItemFields`, with shared texts read out as strings. Derived, so a new field
 * cannot be forgotten here.
 */
export type ItemView = {
  [K in ItemField]: ItemFields[K] extends Y.Text ? string : ItemFields[K] extends Y.Array<infer T> ? T[] : ItemFields[K];
};

export interface MetaView {
  title: string;
  vision: string;
  createdAt: number | null;
}

/** The key an item's map is stored under in the items map: its id ('' for a map not in a doc). */
function keyInItems(item: ItemMap): string {
  return item._item?.parentSub ?? '';
}

/**
 * Snapshot of one item. Never throws: a peer running other code (or a bad
 * one) may have written unexpected values, and one odd item must not break
 * the whole board, so every field falls back to a harmless default.
 */
export function readItem(item: ItemMap): ItemView {
  const createdAt = finiteNumberOrNull(item.get('createdAt')) ?? 0;
  const kind = item.get('kind');
  const zone = item.get('zone');
  return {
    id: stringOr(item.get('id'), keyInItems(item)),
    title: sharedText(item.get('title')),
    description: sharedText(item.get('description')),
    kind: isItemKind(kind) ? kind : 'story',
    rank: stringOr(item.get('rank'), ''),
    zone: isZone(zone) ? zone : 'backlog',
    parentId: stringOrNull(item.get('parentId')),
    estimate: finiteNumberOrNull(item.get('estimate')),
    estimateLabel: stringOrNull(item.get('estimateLabel')),
    createdAt,
    createdBy: stringOrNull(item.get('createdBy')),
    parkedReason: stringOrNull(item.get('parkedReason')),
    parkedCount: countOrZero(item.get('parkedCount')),
    updatedAt: finiteNumberOrNull(item.get('updatedAt')) ?? createdAt,
    estimateHistory: jsonArray(item.get('estimateHistory')),
    externalKey: stringOrNull(item.get('externalKey')),
    externalUrl: httpUrlOrNull(item.get('externalUrl')),
    labels: stringArray(item.get('labels')),
  };
}

// Raw JSON entries; their readers validate them (estimation.ts: parseEstimateHistory).
function jsonArray(value: unknown): unknown[] {
  return value instanceof Y.Array ? value.toArray() : [];
}

export interface ListItemsOptions {
  /** Only items in this zone; all zones when omitted. */
  zone?: Zone;
}

/** Items in board order: by rank, ties broken by id (see rank.ts). */
export function listItems(doc: Y.Doc, options: ListItemsOptions = {}): ItemView[] {
  const views: ItemView[] = [];
  getItemsMap(doc).forEach((item, key) => {
    if (!(item instanceof Y.Map)) return;
    // The map key is what every other peer addresses the item by, so it wins
    // over a missing or mismatched `id` field.
    const view = { ...readItem(item), id: key };
    if (options.zone === undefined || view.zone === options.zone) views.push(view);
  });
  return views.sort(compareByRank);
}

export function readMeta(doc: Y.Doc): MetaView {
  const meta = getMetaMap(doc);
  return {
    title: stringOr(meta.get('title'), ''),
    vision: sharedText(meta.get('vision')),
    createdAt: finiteNumberOrNull(meta.get('createdAt')),
  };
}

export interface InitBoardOptions {
  title: string;
  /** Defaults to Date.now(); injectable for tests and imports. */
  now?: number;
}

/**
 * Sets up a new board's meta. Called once, by the server, when the board is
 * created. Clients must never call it: two peers initialising concurrently
 * would each create their own `vision` Y.Text and last-writer-wins on the map
 * key would silently drop whatever was typed into the losing one.
 */
export function initBoardDoc(doc: Y.Doc, options: InitBoardOptions, origin?: unknown): void {
  const meta = getMetaMap(doc);
  if (meta.has('createdAt')) {
    throw new BoardError('already_initialized', 'Board document is already initialized');
  }
  const title = typeof options.title === 'string' ? options.title.trim() : '';
  if (title === '' || title.length > MAX_BOARD_TITLE_LENGTH) {
    throw new BoardError('invalid_board_title', `Board title must be 1 to ${MAX_BOARD_TITLE_LENGTH} characters`);
  }
  doc.transact(() => {
    writeMetaField(meta, 'title', title);
    writeMetaField(meta, 'vision', new Y.Text());
    writeMetaField(meta, 'createdAt', options.now ?? Date.now());
  }, origin);
}
