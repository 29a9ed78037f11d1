/**
 * Refinement details of items and of the board, stored in the board's Y.Doc.
 *
 * Layout (why it looks like this): lists that people edit concurrently
 * (questions, action items, attachments, decisions, dependencies; releases,
 * pains, gains, Definition-of-Ready criteria) are stored as *keyed entries*
 * directly in the item's (or meta's) existing Y.Map, e.g. `question:<id>` ->
 * Y.Map. A lazily created container (`item.set('questions', new Y.Array())`)
 * would race: two peers creating it at once each get their own array, and
 * last-writer-wins on the key silently drops whatever the losing peer added.
 * Keys on a map that already exists never race, entries get fresh random ids,
 * and each entry is a Y.Map so concurrent edits of different fields merge.
 * Order is by `createdAt` (then id), the same on every peer.
 *
 * Shared texts (notes, hypothesis, acceptance criteria) are Y.Text under a
 * fixed key, created on first use by `ensureItemText`; editors re-bind when
 * the key's value is replaced (see `readItemDetailText`), so the rare race of
 * two peers creating one at the same moment loses no more than what was typed
 * in that moment.
 *
 * Every reader tolerates anything a foreign peer may have written; every
 * writer validates first and writes in one transaction (BoardError = nothing
 * changed), like mutations.ts.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';
import { effectiveSprintThreshold, readEstimationSettings } from './estimation';
import { type ItemMap, type MetaMap, getItemMap, getMetaMap } from './schema';

// ---------------------------------------------------------------------------
// Names

export const FITS_VISION = ['yes', 'no', 'unsure'] as const;
export type FitsVision = (typeof FITS_VISION)[number];

export const MOSCOW = ['must', 'should', 'could', 'wont'] as const;
export type Moscow = (typeof MOSCOW)[number];

export const PRIORITIZATION_METHODS = ['wsjf', 'value-effort', 'moscow', 'manual'] as const;
export type PrioritizationMethod = (typeof PRIORITIZATION_METHODS)[number];

export const EXTERNAL_STATUSES = ['requested', 'agreed', 'in-progress', 'done', 'blocked'] as const;
export type ExternalStatus = (typeof EXTERNAL_STATUSES)[number];

/** How a Definition-of-Ready criterion is decided: computed from the item, or ticked by hand. */
export const DOR_RULES = [
  'title-description',
  'acceptance-criteria',
  'value-hypothesis',
  'estimated',
  'fits-sprint',
  'dependencies-known',
  'no-open-questions',
  'manual',
] as const;
export type DorRule = (typeof DOR_RULES)[number];

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

/** Item fields holding a Y.Text (collaborative typing). */
export const ITEM_DETAIL_TEXTS = ['hypothesisBelieve', 'hypothesisResult', 'hypothesisKnowWhen', 'notes', 'acceptanceCriteria'] as const;
export type ItemDetailTextField = (typeof ITEM_DETAIL_TEXTS)[number];

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

export const META_DETAIL_FIELD = {
  velocity: 'velocity',
  sprintsToPrepare: 'sprintsToPrepare',
  prioritization: 'prioritization',
  /** Set once the DoR list was edited; until then the defaults apply. */
  dorCustomized: 'dorCustomized',
  visionShown: 'visionShown',
} as const;

export const META_ENTRY = {
  release: 'release:',
  pain: 'pain:',
  gain: 'gain:',
  dor: 'dorCriterion:',
  /** `dorRemoved:<id>` -> true; a separate key so a concurrent re-materialisation cannot undo it. */
  dorRemoved: 'dorRemoved:',
} as const;

export const DEFAULT_SPRINTS_TO_PREPARE = 2;

export const DEFAULT_DOR_CRITERIA: ReadonlyArray<{ id: string; label: string; rule: DorRule }> = [
  { id: 'clear', label: 'Clear title and description', rule: 'title-description' },
  { id: 'acceptance', label: 'Acceptance criteria', rule: 'acceptance-criteria' },
  { id: 'hypothesis', label: 'Value hypothesis', rule: 'value-hypothesis' },
  { id: 'estimated', label: 'Estimated', rule: 'estimated' },
  { id: 'fits', label: 'Fits in a sprint', rule: 'fits-sprint' },
  { id: 'deps', label: 'Dependencies known', rule: 'dependencies-known' },
  { id: 'questions', label: 'No open questions', rule: 'no-open-questions' },
];

// ---------------------------------------------------------------------------
// Limits

export const MAX_ENTRY_TEXT = 2000;
export const MAX_SHORT_TEXT = 200;
export const MAX_URL_LENGTH = 2000;
export const MAX_WSJF_INPUT = 1000;
export const MAX_VELOCITY = 10_000;
export const MAX_SPRINTS_TO_PREPARE = 12;

// ---------------------------------------------------------------------------
// Views

export interface ValueHypothesis {
  believe: string;
  resultIn: string;
  knowWhen: string;
}

/** Which shared text of an item holds each part of its value hypothesis, in reading order. */
export const HYPOTHESIS_TEXTS: ReadonlyArray<readonly [keyof ValueHypothesis, ItemDetailTextField]> = [
  ['believe', 'hypothesisBelieve'],
  ['resultIn', 'hypothesisResult'],
  ['knowWhen', 'hypothesisKnowWhen'],
];

export interface Question {
  id: string;
  text: string;
  answer: string;
  status: 'open' | 'answered';
  askedBy: string | null;
  createdAt: number;
}

export interface ActionItem {
  id: string;
  text: string;
  owner: string | null;
  /** YYYY-MM-DD */
  due: string | null;
  done: boolean;
  createdAt: number;
}

export interface Attachment {
  id: string;
  kind: 'link' | 'image';
  url: string;
  title: string;
  contentType: string | null;
  addedBy: string | null;
  createdAt: number;
}

export interface Decision {
  id: string;
  text: string;
  by: string | null;
  createdAt: number;
}

export type Dependency =
  | { id: string; kind: 'item'; itemId: string; createdAt: number }
  | { id: string; kind: 'external'; name: string; status: ExternalStatus; createdAt: number };

export interface WsjfInputs {
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  /** Null: the estimate is the job size. */
  jobSize: number | null;
}

export interface TrimDecision {
  proposalId: string;
  proposedBy: string;
  confirmedBy: { name: string; at: number }[];
  decidedAt: number;
}

export interface TrimDiscussion {
  proposalId: string;
  objectedBy: string;
  reason: string | null;
  at: number;
}

export interface ItemDetails {
  fitsVision: FitsVision | null;
  moscow: Moscow | null;
  releaseId: string | null;
  hypothesis: ValueHypothesis;
  notes: string;
  acceptanceCriteria: string;
  questions: Question[];
  actions: ActionItem[];
  attachments: Attachment[];
  decisions: Decision[];
  dependencies: Dependency[];
  /** criterion id -> ticked by hand */
  dorTicks: Record<string, boolean>;
  /** ids of pains and gains this item serves */
  serves: string[];
  wsjf: WsjfInputs;
  trimDecision: TrimDecision | null;
  trimDiscussion: TrimDiscussion | null;
}

export interface Release {
  id: string;
  name: string;
  /** YYYY-MM-DD */
  date: string | null;
  goal: string;
  createdAt: number;
}

export interface RoadmapEntry {
  id: string;
  text: string;
  createdAt: number;
}

export interface DorCriterion {
  id: string;
  label: string;
  rule: DorRule;
  order: number;
}

export interface Roadmap {
  releases: Release[];
  pains: RoadmapEntry[];
  gains: RoadmapEntry[];
}

export interface RefinementSettings {
  velocity: number | null;
  sprintsToPrepare: number;
  method: PrioritizationMethod;
  sprintThreshold: number | null;
  visionShown: boolean;
}

// ---------------------------------------------------------------------------
// Tolerant readers of single values

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function textOf(value: unknown): string {
  return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
}

/** An entry's fields, whether a peer stored it as Y.Map or as a plain object. */
function entryFields(value: unknown): Record<string, unknown> | null {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Y.AbstractType)) {
    return value as Record<string, unknown>;
  }
  return null;
}

function readEntries<T extends { id: string; createdAt: number }>(
  map: Y.Map<unknown>,
  prefix: string,
  read: (id: string, fields: Record<string, unknown>) => T | null,
): T[] {
  const out: T[] = [];
  map.forEach((value, key) => {
    if (!key.startsWith(prefix)) return;
    const fields = entryFields(value);
    if (!fields) return;
    const entry = read(key.slice(prefix.length), fields);
    if (entry) out.push(entry);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------------------------------------------------------------------------
// Item details: read

function readQuestion(id: string, f: Record<string, unknown>): Question {
  const answer = str(f.answer);
  return {
    id,
    text: str(f.text),
    answer,
    status: f.status === 'answered' ? 'answered' : 'open',
    askedBy: strOrNull(f.askedBy),
    createdAt: num(f.createdAt) ?? 0,
  };
}

function readAction(id: string, f: Record<string, unknown>): ActionItem {
  return {
    id,
    text: str(f.text),
    owner: strOrNull(f.owner),
    due: strOrNull(f.due),
    done: f.done === true,
    createdAt: num(f.createdAt) ?? 0,
  };
}

function readAttachment(id: string, f: Record<string, unknown>): Attachment | null {
  const url = str(f.url);
  if (!isSafeAttachmentUrl(url)) return null;
  return {
    id,
    kind: f.kind === 'image' ? 'image' : 'link',
    url,
    title: str(f.title),
    contentType: strOrNull(f.contentType),
    addedBy: strOrNull(f.addedBy),
    createdAt: num(f.createdAt) ?? 0,
  };
}

function readDecision(id: string, f: Record<string, unknown>): Decision {
  return { id, text: str(f.text), by: strOrNull(f.by), createdAt: num(f.createdAt) ?? 0 };
}

function readDependency(id: string, f: Record<string, unknown>): Dependency | null {
  const createdAt = num(f.createdAt) ?? 0;
  if (f.kind === 'item' && typeof f.itemId === 'string' && f.itemId !== '') {
    return { id, kind: 'item', itemId: f.itemId, createdAt };
  }
  if (f.kind === 'external' && typeof f.name === 'string') {
    return { id, kind: 'external', name: f.name, status: oneOf(EXTERNAL_STATUSES, f.status) ?? 'requested', createdAt };
  }
  return null;
}

function readTrimDecision(value: unknown): TrimDecision | null {
  const f = entryFields(value);
  if (!f) return null;
  const confirmedBy = Array.isArray(f.confirmedBy)
    ? f.confirmedBy.flatMap((c) => {
        const entry = entryFields(c);
        return entry && typeof entry.name === 'string' ? [{ name: entry.name, at: num(entry.at) ?? 0 }] : [];
      })
    : [];
  return {
    proposalId: str(f.proposalId),
    proposedBy: str(f.proposedBy),
    confirmedBy,
    decidedAt: num(f.decidedAt) ?? 0,
  };
}

function readTrimDiscussion(value: unknown): TrimDiscussion | null {
  const f = entryFields(value);
  if (!f) return null;
  return { proposalId: str(f.proposalId), objectedBy: str(f.objectedBy), reason: strOrNull(f.reason), at: num(f.at) ?? 0 };
}

/** Snapshot of an item's refinement details. Never throws. */
export function readItemDetails(item: ItemMap): ItemDetails {
  const dorTicks: Record<string, boolean> = {};
  const serves: string[] = [];
  item.forEach((value, key) => {
    if (key.startsWith(ITEM_ENTRY.dorTick) && value === true) dorTicks[key.slice(ITEM_ENTRY.dorTick.length)] = true;
    if (key.startsWith(ITEM_ENTRY.serves) && value === true) serves.push(key.slice(ITEM_ENTRY.serves.length));
  });
  serves.sort();
  const hypothesis: ValueHypothesis = { believe: '', resultIn: '', knowWhen: '' };
  for (const [part, field] of HYPOTHESIS_TEXTS) hypothesis[part] = textOf(item.get(field));
  return {
    fitsVision: oneOf(FITS_VISION, item.get(ITEM_DETAIL_FIELD.fitsVision)),
    moscow: oneOf(MOSCOW, item.get(ITEM_DETAIL_FIELD.moscow)),
    releaseId: strOrNull(item.get(ITEM_DETAIL_FIELD.releaseId)),
    hypothesis,
    notes: textOf(item.get('notes')),
    acceptanceCriteria: textOf(item.get('acceptanceCriteria')),
    questions: readEntries(item, ITEM_ENTRY.question, readQuestion),
    actions: readEntries(item, ITEM_ENTRY.action, readAction),
    attachments: readEntries(item, ITEM_ENTRY.attachment, readAttachment),
    decisions: readEntries(item, ITEM_ENTRY.decision, readDecision),
    dependencies: readEntries(item, ITEM_ENTRY.dependency, readDependency),
    dorTicks,
    serves,
    wsjf: {
      businessValue: num(item.get(ITEM_DETAIL_FIELD.wsjfBusinessValue)),
      timeCriticality: num(item.get(ITEM_DETAIL_FIELD.wsjfTimeCriticality)),
      riskReduction: num(item.get(ITEM_DETAIL_FIELD.wsjfRiskReduction)),
      jobSize: num(item.get(ITEM_DETAIL_FIELD.wsjfJobSize)),
    },
    trimDecision: readTrimDecision(item.get(ITEM_DETAIL_FIELD.trimDecision)),
    trimDiscussion: readTrimDiscussion(item.get(ITEM_DETAIL_FIELD.trimDiscussion)),
  };
}

/** Details of every item, keyed by id. */
export function readAllItemDetails(doc: Y.Doc): Map<string, ItemDetails> {
  const out = new Map<string, ItemDetails>();
  doc.getMap<unknown>('items').forEach((item, id) => {
    if (item instanceof Y.Map) out.set(id, readItemDetails(item as ItemMap));
  });
  return out;
}

/** The shared text of a detail field, or null until someone first edits it. */
export function readItemDetailText(item: ItemMap, field: ItemDetailTextField): Y.Text | null {
  const value = item.get(field);
  return value instanceof Y.Text ? value : null;
}

// ---------------------------------------------------------------------------
// Board: read

function readRelease(id: string, f: Record<string, unknown>): Release {
  return { id, name: str(f.name), date: strOrNull(f.date), goal: str(f.goal), createdAt: num(f.createdAt) ?? 0 };
}

function readRoadmapEntry(id: string, f: Record<string, unknown>): RoadmapEntry {
  return { id, text: str(f.text), createdAt: num(f.createdAt) ?? 0 };
}

export function readRoadmap(doc: Y.Doc): Roadmap {
  const meta = getMetaMap(doc);
  return {
    releases: readEntries(meta, META_ENTRY.release, readRelease),
    pains: readEntries(meta, META_ENTRY.pain, readRoadmapEntry),
    gains: readEntries(meta, META_ENTRY.gain, readRoadmapEntry),
  };
}

function defaultCriteria(): DorCriterion[] {
  return DEFAULT_DOR_CRITERIA.map((c, order) => ({ ...c, order }));
}

/** The board's Definition of Ready, in order; the defaults until someone edits it. */
export function readDorCriteria(doc: Y.Doc): DorCriterion[] {
  const meta = getMetaMap(doc);
  if (meta.get(META_DETAIL_FIELD.dorCustomized) !== true) return defaultCriteria();
  const out: DorCriterion[] = [];
  meta.forEach((value, key) => {
    if (!key.startsWith(META_ENTRY.dor)) return;
    const f = entryFields(value);
    const id = key.slice(META_ENTRY.dor.length);
    if (!f || meta.get(META_ENTRY.dorRemoved + id) === true) return;
    out.push({
      id,
      label: str(f.label),
      rule: oneOf(DOR_RULES, f.rule) ?? 'manual',
      order: num(f.order) ?? 0,
    });
  });
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/**
 * "Fits in a sprint" threshold: owned by planning poker's estimation settings
 * (set with the `poker:settings` event); 0 or null means none (the shared rule,
 * `effectiveSprintThreshold` in estimation.ts, without the velocity fallback).
 */
export function readSprintThreshold(doc: Y.Doc): number | null {
  return effectiveSprintThreshold({ sprintThreshold: readEstimationSettings(doc).sprintThreshold });
}

export function readRefinementSettings(doc: Y.Doc): RefinementSettings {
  const meta = getMetaMap(doc);
  const velocity = num(meta.get(META_DETAIL_FIELD.velocity));
  const sprints = num(meta.get(META_DETAIL_FIELD.sprintsToPrepare));
  return {
    velocity: velocity !== null && velocity > 0 ? velocity : null,
    sprintsToPrepare: sprints !== null && Number.isInteger(sprints) && sprints >= 1 ? sprints : DEFAULT_SPRINTS_TO_PREPARE,
    method: oneOf(PRIORITIZATION_METHODS, meta.get(META_DETAIL_FIELD.prioritization)) ?? 'manual',
    sprintThreshold: readSprintThreshold(doc),
    visionShown: meta.get(META_DETAIL_FIELD.visionShown) === true,
  };
}

// ---------------------------------------------------------------------------
// Validation helpers

/** Random entry id. Not crypto.randomUUID: that is missing on plain-http LAN origins. */
export function newEntryId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function requireItem(doc: Y.Doc, id: string): ItemMap {
  const item = getItemMap(doc, id);
  if (!(item instanceof Y.Map)) throw new BoardError('unknown_item', `Unknown item: ${id}`);
  return item;
}

function requireText(value: unknown, what: string, max: number, allowEmpty = false): string {
  if (typeof value !== 'string') throw new BoardError('invalid_detail', `${what} must be a string`);
  const trimmed = value.trim();
  if (!allowEmpty && trimmed === '') throw new BoardError('invalid_detail', `${what} must not be empty`);
  if (trimmed.length > max) throw new BoardError('invalid_detail', `${what} is longer than ${max} characters`);
  return trimmed;
}

function optionalText(value: unknown, what: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = requireText(value, what, max, true);
  return text === '' ? null : text;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function optionalDate(value: unknown, what: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !DATE_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BoardError('invalid_detail', `${what} must be a date (YYYY-MM-DD)`);
  }
  return value;
}

function optionalNumber(value: unknown, what: string, max: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new BoardError('invalid_detail', `${what} must be a number from 0 to ${max}, or empty`);
  }
  return value;
}

/**
 * Links are shown as <a href> and images as <img src>: only http(s) URLs and
 * our own upload paths are allowed, never `javascript:` or `data:`.
 */
export function isSafeAttachmentUrl(url: string): boolean {
  if (url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  if (/^\/api\/boards\/[A-Za-z0-9_-]+\/attachments\/[A-Za-z0-9_.-]+$/.test(url)) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

let lastStamp = 0;

/**
 * Creation time for ordering entries: strictly increasing on this peer, so
 * entries added in the same millisecond (a pasted list, a test) keep their order.
 */
function stamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

function newEntry(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** Patches an entry in place: per-field writes on a Y.Map, whole replacement on a plain object. */
function patchEntry(map: Y.Map<unknown>, key: string, patch: Record<string, unknown>): void {
  const current = map.get(key);
  if (current instanceof Y.Map) {
    for (const [field, value] of Object.entries(patch)) current.set(field, value);
    return;
  }
  const fields = entryFields(current);
  if (!fields) throw new BoardError('unknown_entry', `Unknown entry: ${key}`);
  map.set(key, { ...fields, ...patch });
}

function requireEntry(map: Y.Map<unknown>, key: string): void {
  if (!entryFields(map.get(key))) throw new BoardError('unknown_entry', `Unknown entry: ${key}`);
}

function touch(item: ItemMap): void {
  item.set('updatedAt', Date.now());
}

// ---------------------------------------------------------------------------
// Item details: write

export function setFitsVision(doc: Y.Doc, itemId: string, value: FitsVision | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (value !== null && !oneOf(FITS_VISION, value)) throw new BoardError('invalid_detail', `Unknown fits-vision value: ${String(value)}`);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.fitsVision, value);
    touch(item);
  }, origin);
}

export function setMoscow(doc: Y.Doc, itemId: string, value: Moscow | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (value !== null && !oneOf(MOSCOW, value)) throw new BoardError('invalid_detail', `Unknown MoSCoW value: ${String(value)}`);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.moscow, value);
    touch(item);
  }, origin);
}

export function setRelease(doc: Y.Doc, itemId: string, releaseId: string | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (releaseId !== null) requireEntry(getMetaMap(doc), META_ENTRY.release + releaseId);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.releaseId, releaseId);
    touch(item);
  }, origin);
}

export function setWsjfInputs(doc: Y.Doc, itemId: string, inputs: Partial<WsjfInputs>, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const writes: [string, number | null][] = [];
  const fields: [keyof WsjfInputs, string][] = [
    ['businessValue', ITEM_DETAIL_FIELD.wsjfBusinessValue],
    ['timeCriticality', ITEM_DETAIL_FIELD.wsjfTimeCriticality],
    ['riskReduction', ITEM_DETAIL_FIELD.wsjfRiskReduction],
    ['jobSize', ITEM_DETAIL_FIELD.wsjfJobSize],
  ];
  for (const [name, key] of fields) {
    if (name in inputs) writes.push([key, optionalNumber(inputs[name], name, MAX_WSJF_INPUT)]);
  }
  if (writes.length === 0) return;
  doc.transact(() => {
    for (const [key, value] of writes) item.set(key, value);
    touch(item);
  }, origin);
}

/**
 * The Y.Text of a detail field, created if missing. Call it when an editor
 * opens (not per keystroke) and bind the editor to what it returns.
 */
export function ensureItemText(doc: Y.Doc, itemId: string, field: ItemDetailTextField, origin?: unknown): Y.Text {
  const item = requireItem(doc, itemId);
  if (!(ITEM_DETAIL_TEXTS as readonly string[]).includes(field)) throw new BoardError('invalid_detail', `Not a text field: ${field}`);
  const existing = readItemDetailText(item, field);
  if (existing) return existing;
  const text = new Y.Text();
  doc.transact(() => item.set(field, text), origin);
  return text;
}

/** Replaces a detail text as a whole (imports, tests); editors bind the Y.Text instead. */
export function setItemText(doc: Y.Doc, itemId: string, field: ItemDetailTextField, value: string, origin?: unknown): void {
  requireText(value, field, MAX_ENTRY_TEXT * 5, true);
  doc.transact(() => {
    const text = ensureItemText(doc, itemId, field, origin);
    if (text.toString() === value) return;
    text.delete(0, text.length);
    text.insert(0, value);
    touch(requireItem(doc, itemId));
  }, origin);
}

export function setValueHypothesis(doc: Y.Doc, itemId: string, hypothesis: Partial<ValueHypothesis>, origin?: unknown): void {
  doc.transact(() => {
    for (const [part, field] of HYPOTHESIS_TEXTS) {
      const text = hypothesis[part];
      if (text !== undefined) setItemText(doc, itemId, field, text, origin);
    }
  }, origin);
}

// Questions

export function addQuestion(doc: Y.Doc, itemId: string, text: string, askedBy: string | null = null, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const body = requireText(text, 'Question', MAX_ENTRY_TEXT);
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.question + id, newEntry({ text: body, answer: '', status: 'open', askedBy, createdAt: stamp() }));
    touch(item);
  }, origin);
  return id;
}

/** Answers a question (an empty answer reopens it). */
export function answerQuestion(doc: Y.Doc, itemId: string, questionId: string, answer: string, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.question + questionId;
  requireEntry(item, key);
  const body = requireText(answer, 'Answer', MAX_ENTRY_TEXT, true);
  doc.transact(() => {
    patchEntry(item, key, { answer: body, status: body === '' ? 'open' : 'answered' });
    touch(item);
  }, origin);
}

export function reopenQuestion(doc: Y.Doc, itemId: string, questionId: string, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.question + questionId;
  requireEntry(item, key);
  doc.transact(() => patchEntry(item, key, { status: 'open' }), origin);
}

// Action items

export interface ActionInput {
  text: string;
  owner?: string | null;
  due?: string | null;
}

export function addAction(doc: Y.Doc, itemId: string, input: ActionInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const text = requireText(input.text, 'Action', MAX_ENTRY_TEXT);
  const owner = optionalText(input.owner, 'Owner', MAX_SHORT_TEXT);
  const due = optionalDate(input.due, 'Due date');
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.action + id, newEntry({ text, owner, due, done: false, createdAt: stamp() }));
    touch(item);
  }, origin);
  return id;
}

export function updateAction(
  doc: Y.Doc,
  itemId: string,
  actionId: string,
  patch: Partial<{ text: string; owner: string | null; due: string | null; done: boolean }>,
  origin?: unknown,
): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.action + actionId;
  requireEntry(item, key);
  const write: Record<string, unknown> = {};
  if (patch.text !== undefined) write.text = requireText(patch.text, 'Action', MAX_ENTRY_TEXT);
  if (patch.owner !== undefined) write.owner = optionalText(patch.owner, 'Owner', MAX_SHORT_TEXT);
  if (patch.due !== undefined) write.due = optionalDate(patch.due, 'Due date');
  if (patch.done !== undefined) {
    if (typeof patch.done !== 'boolean') throw new BoardError('invalid_detail', 'done must be a boolean');
    write.done = patch.done;
  }
  doc.transact(() => {
    patchEntry(item, key, write);
    touch(item);
  }, origin);
}

// Attachments

export interface AttachmentInput {
  kind: 'link' | 'image';
  url: string;
  title?: string;
  contentType?: string | null;
  addedBy?: string | null;
}

export function addAttachment(doc: Y.Doc, itemId: string, input: AttachmentInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  if (input.kind !== 'link' && input.kind !== 'image') throw new BoardError('invalid_detail', 'Attachment kind must be link or image');
  const url = requireText(input.url, 'URL', MAX_URL_LENGTH);
  if (!isSafeAttachmentUrl(url)) throw new BoardError('invalid_detail', 'Only http(s) links and uploaded images can be attached');
  const title = optionalText(input.title, 'Title', MAX_SHORT_TEXT) ?? url;
  const id = newEntryId();
  doc.transact(() => {
    item.set(
      ITEM_ENTRY.attachment + id,
      newEntry({
        kind: input.kind,
        url,
        title,
        contentType: input.contentType ?? null,
        addedBy: input.addedBy ?? null,
        createdAt: stamp(),
      }),
    );
    touch(item);
  }, origin);
  return id;
}

// Decisions

export function addDecision(doc: Y.Doc, itemId: string, text: string, by: string | null = null, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const body = requireText(text, 'Decision', MAX_ENTRY_TEXT);
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.decision + id, newEntry({ text: body, by, createdAt: stamp() }));
    touch(item);
  }, origin);
  return id;
}

// Dependencies

export type DependencyInput = { kind: 'item'; itemId: string } | { kind: 'external'; name: string; status?: ExternalStatus };

export function addDependency(doc: Y.Doc, itemId: string, input: DependencyInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  let fields: Record<string, unknown>;
  if (input.kind === 'item') {
    if (input.itemId === itemId) throw new BoardError('invalid_detail', 'An item cannot depend on itself');
    requireItem(doc, input.itemId);
    const existing = readItemDetails(item).dependencies.find((d) => d.kind === 'item' && d.itemId === input.itemId);
    if (existing) return existing.id;
    fields = { kind: 'item', itemId: input.itemId };
  } else if (input.kind === 'external') {
    const status = input.status ?? 'requested';
    if (!oneOf(EXTERNAL_STATUSES, status)) throw new BoardError('invalid_detail', `Unknown status: ${String(status)}`);
    fields = { kind: 'external', name: requireText(input.name, 'Team or product', MAX_SHORT_TEXT), status };
  } else {
    throw new BoardError('invalid_detail', 'Dependency kind must be item or external');
  }
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.dependency + id, newEntry({ ...fields, createdAt: stamp() }));
    touch(item);
  }, origin);
  return id;
}

export function setExternalDependencyStatus(
  doc: Y.Doc,
  itemId: string,
  dependencyId: string,
  status: ExternalStatus,
  origin?: unknown,
): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.dependency + dependencyId;
  requireEntry(item, key);
  if (!oneOf(EXTERNAL_STATUSES, status)) throw new BoardError('invalid_detail', `Unknown status: ${String(status)}`);
  doc.transact(() => {
    patchEntry(item, key, { status });
    touch(item);
  }, origin);
}

export type ItemEntryKind = 'question' | 'action' | 'attachment' | 'decision' | 'dependency';

/** Removes one question, action, attachment, decision or dependency. Missing: no-op. */
export function removeItemEntry(doc: Y.Doc, itemId: string, kind: ItemEntryKind, entryId: string, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY[kind] + entryId;
  if (!item.has(key)) return;
  doc.transact(() => {
    item.delete(key);
    touch(item);
  }, origin);
}

// DoR ticks and roadmap links

export function setDorTick(doc: Y.Doc, itemId: string, criterionId: string, ticked: boolean, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  requireText(criterionId, 'Criterion', 64);
  doc.transact(() => {
    if (ticked) item.set(ITEM_ENTRY.dorTick + criterionId, true);
    else item.delete(ITEM_ENTRY.dorTick + criterionId);
    touch(item);
  }, origin);
}

/** Links (or unlinks) an item to a pain or gain it serves. */
export function setServes(doc: Y.Doc, itemId: string, painOrGainId: string, serves: boolean, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const meta = getMetaMap(doc);
  if (serves && !meta.has(META_ENTRY.pain + painOrGainId) && !meta.has(META_ENTRY.gain + painOrGainId)) {
    throw new BoardError('unknown_entry', `Unknown pain or gain: ${painOrGainId}`);
  }
  doc.transact(() => {
    if (serves) item.set(ITEM_ENTRY.serves + painOrGainId, true);
    else item.delete(ITEM_ENTRY.serves + painOrGainId);
    touch(item);
  }, origin);
}

// Trim outcomes (written by the server's trim consensus)

export function recordTrimDecision(doc: Y.Doc, itemId: string, decision: TrimDecision, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.trimDecision, { ...decision, confirmedBy: decision.confirmedBy.map((c) => ({ ...c })) });
    item.delete(ITEM_DETAIL_FIELD.trimDiscussion);
  }, origin);
}

export function markTrimDiscussion(doc: Y.Doc, itemId: string, discussion: TrimDiscussion | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    if (discussion) item.set(ITEM_DETAIL_FIELD.trimDiscussion, { ...discussion });
    else item.delete(ITEM_DETAIL_FIELD.trimDiscussion);
  }, origin);
}

// ---------------------------------------------------------------------------
// Board: write

function meta(doc: Y.Doc): MetaMap {
  return getMetaMap(doc);
}

export function setVelocity(doc: Y.Doc, velocity: number | null, origin?: unknown): void {
  const value = optionalNumber(velocity, 'Velocity', MAX_VELOCITY);
  doc.transact(() => meta(doc).set(META_DETAIL_FIELD.velocity, value === 0 ? null : value), origin);
}

export function setSprintsToPrepare(doc: Y.Doc, sprints: number, origin?: unknown): void {
  if (!Number.isInteger(sprints) || sprints < 1 || sprints > MAX_SPRINTS_TO_PREPARE) {
    throw new BoardError('invalid_detail', `Sprints to prepare must be a whole number from 1 to ${MAX_SPRINTS_TO_PREPARE}`);
  }
  doc.transact(() => meta(doc).set(META_DETAIL_FIELD.sprintsToPrepare, sprints), origin);
}

export function setPrioritizationMethod(doc: Y.Doc, method: PrioritizationMethod, origin?: unknown): void {
  if (!oneOf(PRIORITIZATION_METHODS, method)) throw new BoardError('invalid_detail', `Unknown method: ${String(method)}`);
  doc.transact(() => meta(doc).set(META_DETAIL_FIELD.prioritization, method), origin);
}

export function setVisionShown(doc: Y.Doc, shown: boolean, origin?: unknown): void {
  doc.transact(() => meta(doc).set(META_DETAIL_FIELD.visionShown, shown === true), origin);
}

/** The vision's shared text (created by initBoardDoc; created here for boards that lack it). */
export function ensureVisionText(doc: Y.Doc, origin?: unknown): Y.Text {
  const existing = meta(doc).get('vision');
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  doc.transact(() => meta(doc).set('vision', text), origin);
  return text;
}

// Roadmap

export interface ReleaseInput {
  name: string;
  date?: string | null;
  goal?: string;
}

export function addRelease(doc: Y.Doc, input: ReleaseInput, origin?: unknown): string {
  const name = requireText(input.name, 'Release name', MAX_SHORT_TEXT);
  const date = optionalDate(input.date, 'Target date');
  const goal = requireText(input.goal ?? '', 'Goal', MAX_ENTRY_TEXT, true);
  const id = newEntryId();
  doc.transact(() => meta(doc).set(META_ENTRY.release + id, newEntry({ name, date, goal, createdAt: stamp() })), origin);
  return id;
}

export function updateRelease(doc: Y.Doc, releaseId: string, patch: Partial<ReleaseInput>, origin?: unknown): void {
  const key = META_ENTRY.release + releaseId;
  requireEntry(meta(doc), key);
  const write: Record<string, unknown> = {};
  if (patch.name !== undefined) write.name = requireText(patch.name, 'Release name', MAX_SHORT_TEXT);
  if (patch.date !== undefined) write.date = optionalDate(patch.date, 'Target date');
  if (patch.goal !== undefined) write.goal = requireText(patch.goal, 'Goal', MAX_ENTRY_TEXT, true);
  doc.transact(() => patchEntry(meta(doc), key, write), origin);
}

/** Removes a release and unlinks the items that pointed at it. */
export function removeRelease(doc: Y.Doc, releaseId: string, origin?: unknown): void {
  doc.transact(() => {
    meta(doc).delete(META_ENTRY.release + releaseId);
    doc.getMap<unknown>('items').forEach((item) => {
      if (item instanceof Y.Map && item.get(ITEM_DETAIL_FIELD.releaseId) === releaseId) item.set(ITEM_DETAIL_FIELD.releaseId, null);
    });
  }, origin);
}

export type RoadmapEntryKind = 'pain' | 'gain';

export function addRoadmapEntry(doc: Y.Doc, kind: RoadmapEntryKind, text: string, origin?: unknown): string {
  if (kind !== 'pain' && kind !== 'gain') throw new BoardError('invalid_detail', 'Kind must be pain or gain');
  const body = requireText(text, kind === 'pain' ? 'Pain' : 'Gain', MAX_SHORT_TEXT * 2);
  const id = newEntryId();
  doc.transact(() => meta(doc).set(META_ENTRY[kind] + id, newEntry({ text: body, createdAt: stamp() })), origin);
  return id;
}

export function updateRoadmapEntry(doc: Y.Doc, kind: RoadmapEntryKind, id: string, text: string, origin?: unknown): void {
  const key = META_ENTRY[kind] + id;
  requireEntry(meta(doc), key);
  const body = requireText(text, kind === 'pain' ? 'Pain' : 'Gain', MAX_SHORT_TEXT * 2);
  doc.transact(() => patchEntry(meta(doc), key, { text: body }), origin);
}

/** Removes a pain or gain and the items' links to it. */
export function removeRoadmapEntry(doc: Y.Doc, kind: RoadmapEntryKind, id: string, origin?: unknown): void {
  doc.transact(() => {
    meta(doc).delete(META_ENTRY[kind] + id);
    doc.getMap<unknown>('items').forEach((item) => {
      if (item instanceof Y.Map && item.has(ITEM_ENTRY.serves + id)) item.delete(ITEM_ENTRY.serves + id);
    });
  }, origin);
}

// Definition of Ready

// The first edit writes the defaults out, so later edits change entries.
// Defaults have fixed ids: two peers materialising at once write identical
// keys, which merge harmlessly.
function materializeDor(doc: Y.Doc): void {
  const m = meta(doc);
  if (m.get(META_DETAIL_FIELD.dorCustomized) === true) return;
  DEFAULT_DOR_CRITERIA.forEach((c, order) => {
    if (!m.has(META_ENTRY.dor + c.id)) m.set(META_ENTRY.dor + c.id, { label: c.label, rule: c.rule, order });
  });
  m.set(META_DETAIL_FIELD.dorCustomized, true);
}

export function addDorCriterion(doc: Y.Doc, label: string, rule: DorRule = 'manual', origin?: unknown): string {
  const text = requireText(label, 'Criterion', MAX_SHORT_TEXT);
  if (!oneOf(DOR_RULES, rule)) throw new BoardError('invalid_detail', `Unknown rule: ${String(rule)}`);
  const id = newEntryId();
  doc.transact(() => {
    materializeDor(doc);
    const order = Math.max(-1, ...readDorCriteria(doc).map((c) => c.order)) + 1;
    meta(doc).set(META_ENTRY.dor + id, { label: text, rule, order });
  }, origin);
  return id;
}

export function renameDorCriterion(doc: Y.Doc, criterionId: string, label: string, origin?: unknown): void {
  const text = requireText(label, 'Criterion', MAX_SHORT_TEXT);
  if (!readDorCriteria(doc).some((c) => c.id === criterionId)) throw new BoardError('unknown_entry', `Unknown criterion: ${criterionId}`);
  doc.transact(() => {
    materializeDor(doc);
    patchEntry(meta(doc), META_ENTRY.dor + criterionId, { label: text });
  }, origin);
}

export function removeDorCriterion(doc: Y.Doc, criterionId: string, origin?: unknown): void {
  doc.transact(() => {
    materializeDor(doc);
    // A tombstone under its own key, not a delete: a peer materialising the
    // defaults concurrently would otherwise bring a removed default back.
    meta(doc).set(META_ENTRY.dorRemoved + criterionId, true);
  }, origin);
}

export function resetDorCriteria(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    const m = meta(doc);
    for (const key of Array.from(m.keys())) {
      if (key.startsWith(META_ENTRY.dor) || key.startsWith(META_ENTRY.dorRemoved)) m.delete(key);
    }
    m.delete(META_DETAIL_FIELD.dorCustomized);
  }, origin);
}
