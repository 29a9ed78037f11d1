/**
 * A parsed import meets the board: what it would create, update and skip (the preview), and
 * applying that plan as one transaction (one undo step for the person who imports, one update
 * for everyone else).
 *
 * Re-importing the same tracker's file updates items with the same external key in place,
 * never duplicates them. A field changes only when the tracker changed it since the last import
 * (each item keeps what the tracker said then): an estimate the team agreed on the board stays
 * while the tracker still has the old one. Nothing on the board is deleted by an import.
 */
import * as Y from 'yjs';
import { addDependency } from '../board/item-entries';
import { MAX_WSJF_INPUT, readItemDetails, setWsjfInputs } from '../board/item-details';
import { createItem, setDescription, setEstimate, setKind, setTitle } from '../board/mutations';
import { keysBetween } from '../board/rank';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, getItemMap, listItems, readItem, writeItemField, type ItemKind } from '../board/schema';
import {
  itemsByExternalKey,
  normalizeLabels,
  readImportedSnapshot,
  readTrackerLink,
  setTrackerLink,
  writeImportedSnapshot,
} from '../board/tracker';
import { ImportError } from './errors';
import type { ImportRecord, ParsedImport, SkippedRow, WsjfValues } from './record';

export type ImportOrder = 'append' | 'file';

const WSJF_NAMES: Record<keyof WsjfValues, string> = {
  businessValue: 'Business Value',
  timeCriticality: 'Time Criticality',
  riskReduction: 'Risk Reduction',
  jobSize: 'Job Size',
};

/** The fields an import writes, as the tracker states them. */
interface TrackerValues {
  title: string;
  description: string;
  kind: ItemKind;
  estimate: number | null;
  labels: string[];
  url: string | null;
  parentKey: string | null;
  wsjf: WsjfValues;
}
type TrackerField = keyof TrackerValues;
const TRACKER_FIELDS: TrackerField[] = ['title', 'description', 'kind', 'estimate', 'labels', 'url', 'parentKey', 'wsjf'];

export interface PlannedCreate {
  record: ImportRecord;
}

export interface PlannedUpdate {
  record: ImportRecord;
  itemId: string;
  /** The fields that change on the board, with their old and new values (for the preview). */
  changes: Array<{ field: TrackerField; from: unknown; to: unknown }>;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  /** Items found by key whose tracker values did not change. */
  unchanged: number;
  skipped: SkippedRow[];
  /** Things worth a look that do not stop the import (a parent that is nowhere). */
  warnings: string[];
  /** Board items with an external key that this file does not mention (candidates for the tail). */
  missing: Array<{ id: string; title: string; externalKey: string }>;
  order: ImportOrder;
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRow[];
  warnings: string[];
  /** Ids of created items, in file order. */
  createdIds: string[];
}

function valuesOf(record: ImportRecord): TrackerValues {
  return {
    title: record.title.trim(),
    description: record.description,
    kind: record.kind,
    estimate: record.estimate,
    labels: normalizeLabels(record.labels),
    url: record.url,
    parentKey: record.parentKey,
    wsjf: record.wsjf,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the board holds now for each tracker field of one item. */
function boardValues(doc: Y.Doc, itemId: string, keyOf: Map<string, string>): TrackerValues {
  const item = getItemMap(doc, itemId)!;
  const view = readItem(item);
  const link = readTrackerLink(item);
  const wsjf = readItemDetails(item).wsjf;
  return {
    title: view.title,
    description: view.description,
    kind: view.kind,
    estimate: view.estimate,
    labels: link.labels,
    url: link.externalUrl,
    parentKey: view.parentId ? (keyOf.get(view.parentId) ?? null) : null,
    wsjf: {
      businessValue: wsjf.businessValue,
      timeCriticality: wsjf.timeCriticality,
      riskReduction: wsjf.riskReduction,
      jobSize: wsjf.jobSize,
    },
  };
}

/** The preview: nothing changes on the board. */
export function planImport(doc: Y.Doc, parsed: ParsedImport, order: ImportOrder = 'append'): ImportPlan {
  const idByKey = itemsByExternalKey(doc);
  const keyById = new Map(Array.from(idByKey, ([key, id]) => [id, key]));
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, skipped: [...parsed.skipped], warnings: [], missing: [], order };
  const seen = new Set<string>();
  const fileKeys = new Set(parsed.records.map((r) => r.externalKey).filter((k): k is string => k !== null));
  for (const record of parsed.records) {
    if (record.title.trim().length > MAX_TITLE_LENGTH) {
      plan.skipped.push({ row: record.row, reason: `title longer than ${MAX_TITLE_LENGTH} characters` });
      continue;
    }
    if (record.description.length > MAX_DESCRIPTION_LENGTH) {
      plan.skipped.push({ row: record.row, reason: `description longer than ${MAX_DESCRIPTION_LENGTH.toLocaleString('en')} characters` });
      continue;
    }
    const tooLarge = Object.entries(record.wsjf).find(([, v]) => v !== null && v > MAX_WSJF_INPUT);
    if (tooLarge) {
      plan.skipped.push({
        row: record.row,
        reason: `${WSJF_NAMES[tooLarge[0] as keyof WsjfValues]} ${tooLarge[1]} is above ${MAX_WSJF_INPUT}`,
      });
      continue;
    }
    if (record.externalKey !== null) {
      if (seen.has(record.externalKey)) {
        plan.skipped.push({ row: record.row, reason: `${record.externalKey} appears twice in the file; the first row is used` });
        continue;
      }
      seen.add(record.externalKey);
    }
    if (record.parentKey && !fileKeys.has(record.parentKey) && !idByKey.has(record.parentKey)) {
      plan.warnings.push(
        `row ${record.row}: parent ${record.parentKey} is neither in the file nor on the board; imported without a parent`,
      );
    }
    const itemId = record.externalKey !== null ? idByKey.get(record.externalKey) : undefined;
    if (itemId === undefined) {
      plan.creates.push({ record });
      continue;
    }
    const next = valuesOf(record);
    const current = boardValues(doc, itemId, keyById);
    const before = parseSnapshot(readImportedSnapshot(getItemMap(doc, itemId)!));
    const changes: PlannedUpdate['changes'] = [];
    for (const field of TRACKER_FIELDS) {
      // Unchanged in the tracker since the last import: the board's value stands.
      if (before && same(before[field], next[field])) continue;
      // A file without links (no base URL given this time) keeps the links the board has.
      if (field === 'url' && next.url === null) continue;
      if (field === 'parentKey' && next.parentKey && !fileKeys.has(next.parentKey) && !idByKey.has(next.parentKey)) continue;
      if (!same(current[field], next[field])) changes.push({ field, from: current[field], to: next[field] });
    }
    if (changes.length === 0 && before && order === 'append') plan.unchanged++;
    else plan.updates.push({ record, itemId, changes });
  }
  for (const [key, id] of idByKey) {
    if (fileKeys.has(key)) continue;
    const item = getItemMap(doc, id)!;
    const view = readItem(item);
    if (view.zone === 'backlog') plan.missing.push({ id, title: view.title, externalKey: key });
  }
  return plan;
}

function parseSnapshot(value: unknown): Partial<TrackerValues> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<TrackerValues>) : null;
}

/**
 * Applies a plan made by `planImport` on this doc, in one transaction with `origin`. New items
 * go after the board's last item in file order, or (order `file`) every item of the file goes
 * to the top in the file's order and the rest of the board follows.
 */
export function applyImport(doc: Y.Doc, plan: ImportPlan, options: { origin?: unknown; createdBy?: string | null } = {}): ImportSummary {
  const summary: ImportSummary = {
    created: 0,
    updated: 0,
    unchanged: plan.unchanged,
    skipped: plan.skipped,
    warnings: plan.warnings,
    createdIds: [],
  };
  doc.transact(() => {
    const idByKey = itemsByExternalKey(doc);
    const all = listItems(doc);
    const inFile = [...plan.creates.map((c) => c.record), ...plan.updates.map((u) => u.record)].sort((a, b) => a.row - b.row);
    // Ranks for every item that gets one: new ones at the end, or the whole file on top.
    const ranks =
      plan.order === 'file'
        ? keysBetween(null, all[0]?.rank ?? null, inFile.length)
        : keysBetween(all[all.length - 1]?.rank ?? null, null, plan.creates.length);
    const rankOf = new Map<ImportRecord, string>();
    (plan.order === 'file' ? inFile : plan.creates.map((c) => c.record)).forEach((record, i) => rankOf.set(record, ranks[i]));

    const idOf = new Map<ImportRecord, string>();
    for (const { record } of plan.creates) {
      const id = createItem(doc, {
        title: record.title,
        kind: record.kind,
        position: { rank: rankOf.get(record)! },
        createdBy: options.createdBy ?? null,
      });
      idOf.set(record, id);
      if (record.externalKey) idByKey.set(record.externalKey, id);
      summary.createdIds.push(id);
    }
    for (const { record, itemId } of plan.updates) idOf.set(record, itemId);

    const writes = [
      ...plan.creates.map(({ record }) => ({ record, fields: TRACKER_FIELDS, isNew: true })),
      ...plan.updates.map(({ record, changes }) => ({ record, fields: changes.map((c) => c.field), isNew: false })),
    ];
    for (const { record, fields, isNew } of writes) {
      const id = idOf.get(record)!;
      const item = getItemMap(doc, id)!;
      const values = valuesOf(record);
      for (const field of fields) writeField(doc, id, field, values, idByKey, isNew);
      if (record.externalKey) setTrackerLink(doc, id, { externalKey: record.externalKey });
      for (const key of record.dependsOn) {
        const dependsOnId = idByKey.get(key);
        if (dependsOnId && dependsOnId !== id) addDependency(doc, id, { kind: 'item', itemId: dependsOnId });
      }
      if (plan.order === 'file' && rankOf.has(record) && !isNew) writeItemField(item, 'rank', rankOf.get(record)!);
      writeImportedSnapshot(item, { ...values });
    }
    summary.created = plan.creates.length;
    summary.updated = plan.updates.length;
  }, options.origin);
  return summary;
}

function writeField(
  doc: Y.Doc,
  id: string,
  field: TrackerField,
  values: TrackerValues,
  idByKey: Map<string, string>,
  isNew: boolean,
): void {
  switch (field) {
    case 'title':
      if (!isNew) setTitle(doc, id, values.title);
      return;
    case 'description':
      if (values.description || !isNew) setDescription(doc, id, values.description);
      return;
    case 'kind':
      if (!isNew) setKind(doc, id, values.kind);
      return;
    case 'estimate':
      if (values.estimate !== null || !isNew) setEstimate(doc, id, { value: values.estimate, label: null });
      return;
    case 'labels':
      if (values.labels.length || !isNew) setTrackerLink(doc, id, { labels: values.labels });
      return;
    case 'url':
      if (values.url || !isNew) setTrackerLink(doc, id, { externalUrl: values.url });
      return;
    case 'parentKey': {
      const parentId = values.parentKey ? idByKey.get(values.parentKey) : undefined;
      const item = getItemMap(doc, id)!;
      if (parentId && parentId !== id) writeItemField(item, 'parentId', parentId);
      else if (!isNew && values.parentKey === null) writeItemField(item, 'parentId', null);
      return;
    }
    case 'wsjf': {
      const inputs = Object.fromEntries(Object.entries(values.wsjf).filter(([, v]) => v !== null || !isNew));
      if (Object.keys(inputs).length) setWsjfInputs(doc, id, inputs);
      return;
    }
    default:
      field satisfies never;
  }
}

/**
 * Applies a plan so that a failure leaves the board untouched: Yjs cannot roll a transaction
 * back, so the plan is first applied to a copy of the doc, and only a plan that applies there
 * cleanly is applied for real. Throws ImportError naming the row that failed.
 */
export function applyImportWhole(
  doc: Y.Doc,
  plan: ImportPlan,
  options: { origin?: unknown; createdBy?: string | null } = {},
): ImportSummary {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    applyImport(copy, plan, { createdBy: options.createdBy });
  } catch (err) {
    throw new ImportError(`the import could not be applied, nothing was changed: ${(err as Error).message}`);
  } finally {
    copy.destroy();
  }
  return applyImport(doc, plan, options);
}
