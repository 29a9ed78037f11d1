/** Checking a backup before it is restored: every name declared, every value in range. */
import {
  BACKUP_FORMAT,
  BACKUP_SCHEMA_VERSION,
  ITEM_LAYOUT,
  MAX_BACKUP_BYTES,
  MAX_BACKUP_ITEMS,
  MAX_BACKUP_TEXT,
  META_LAYOUT,
  storageOf,
  type BoardBackup,
  type Json,
  type MapLayout,
  type Storage,
} from './backup-layout';
import { z } from 'zod';
import { DECK_KINDS } from '../board/estimation';
import { FITS_VISION, MAX_WSJF_INPUT, MOSCOW } from '../board/item-details';
import { EXTERNAL_STATUSES } from '../board/item-entries';
import {
  ITEM_DETAIL_FIELD,
  ITEM_DETAIL_TEXTS,
  ITEM_ENTRY,
  ITEM_FIELD,
  ITEM_KINDS,
  ITEM_TRACKER_FIELD,
  MAX_BOARD_TITLE_LENGTH,
  MAX_ESTIMATE_LABEL_LENGTH,
  META_DETAIL_FIELD,
  META_ENTRY,
  META_FIELD,
  isZone,
} from '../board/schema';
import { assertItemId } from '../board/input';
import { MAX_EXTERNAL_KEY_LENGTH, MAX_LABELS, MAX_LABEL_LENGTH } from '../board/tracker';

// ---------------------------------------------------------------------------
// Validation

function isItemId(id: string): boolean {
  try {
    assertItemId(id);
    return true;
  } catch {
    return false;
  }
}

const ID = z.string().refine(isItemId, 'must be 1 to 64 letters, digits, _ or -');
/** Every string that can be long: the bound is the body's (see MAX_BACKUP_TEXT), not a board rule. */
const text = z
  .string()
  .max(
    MAX_BACKUP_TEXT,
    `must be at most ${MAX_BACKUP_TEXT.toLocaleString('en')} characters (a backup is at most ${MAX_BACKUP_BYTES / 1024 / 1024} MiB)`,
  );
const nullableText = text.nullable();
const time = z.number().finite().nonnegative();
const points = z.number().finite().nonnegative().nullable();
const wsjf = z.number().finite().min(0).max(MAX_WSJF_INPUT).nullable();
const object = z.record(z.string(), z.unknown());
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

/** Checks of single names; a name without one here only has to be JSON. */
const ITEM_CHECKS: Record<string, z.ZodType> = {
  [ITEM_FIELD.id]: ID,
  // A shared text: people typing into it at once can pass MAX_TITLE_LENGTH, which each browser
  // checks against its own value only. It may be empty, as on the board: a title cleared in a
  // tab closed before the editor put "Untitled" back (exports show it as Untitled).
  [ITEM_FIELD.title]: text,
  [ITEM_FIELD.description]: text,
  [ITEM_FIELD.kind]: z.enum(ITEM_KINDS),
  // Keys grow with moves into the same gap (up to MAX_RANK_LENGTH), and a peer may write a
  // longer one, which the board steps over (rank.ts): kept as they are.
  [ITEM_FIELD.rank]: text.min(1),
  [ITEM_FIELD.zone]: z.string().refine(isZone, 'must be backlog, tail or trimmed'),
  [ITEM_FIELD.parentId]: ID.nullable(),
  [ITEM_FIELD.estimate]: points,
  [ITEM_FIELD.estimateLabel]: z.string().max(MAX_ESTIMATE_LABEL_LENGTH).nullable(),
  [ITEM_FIELD.createdAt]: time,
  [ITEM_FIELD.updatedAt]: time,
  [ITEM_FIELD.createdBy]: nullableText,
  [ITEM_FIELD.parkedReason]: nullableText,
  [ITEM_FIELD.parkedCount]: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  [ITEM_FIELD.estimateHistory]: z.array(object),
  [ITEM_DETAIL_FIELD.fitsVision]: z.enum(FITS_VISION).nullable(),
  [ITEM_DETAIL_FIELD.moscow]: z.enum(MOSCOW).nullable(),
  [ITEM_DETAIL_FIELD.releaseId]: ID.nullable(),
  [ITEM_DETAIL_FIELD.wsjfBusinessValue]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfTimeCriticality]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfRiskReduction]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfJobSize]: wsjf,
  [ITEM_DETAIL_FIELD.trimDecision]: object.nullable(),
  [ITEM_DETAIL_FIELD.trimDiscussion]: object.nullable(),
  ...Object.fromEntries(ITEM_DETAIL_TEXTS.map((name) => [name, text])),
  [ITEM_FIELD.externalKey]: z.string().min(1).max(MAX_EXTERNAL_KEY_LENGTH).nullable(),
  [ITEM_FIELD.externalUrl]: z.string().max(2000).nullable(),
  [ITEM_FIELD.labels]: z.array(z.string().max(MAX_LABEL_LENGTH)).max(MAX_LABELS),
  // What the tracker said at the last import; lib/import validates it when it reads it.
  [ITEM_TRACKER_FIELD.imported]: json,
};

const dependency = z.union([
  z.object({ kind: z.literal('item'), itemId: ID }).passthrough(),
  z.object({ kind: z.literal('external'), name: text, status: z.enum(EXTERNAL_STATUSES).optional() }).passthrough(),
]);

/** Checks of keyed entries, by prefix. */
const ITEM_ENTRY_CHECKS: Record<string, z.ZodType> = {
  [ITEM_ENTRY.question]: object,
  [ITEM_ENTRY.action]: object,
  [ITEM_ENTRY.attachment]: object,
  [ITEM_ENTRY.decision]: object,
  [ITEM_ENTRY.dependency]: dependency,
  [ITEM_ENTRY.dorTick]: z.boolean(),
  [ITEM_ENTRY.serves]: z.boolean(),
};

const META_CHECKS: Record<string, z.ZodType> = {
  [META_FIELD.title]: z.string().trim().min(1, 'must not be empty').max(MAX_BOARD_TITLE_LENGTH),
  [META_FIELD.vision]: text,
  [META_FIELD.createdAt]: time,
  [META_FIELD.deck]: z.object({ kind: z.enum(DECK_KINDS) }).passthrough(),
  [META_FIELD.autoReveal]: z.boolean(),
  [META_FIELD.sprintThreshold]: z.number().finite().nonnegative().nullable(),
  [META_DETAIL_FIELD.dorCustomized]: z.boolean(),
  [META_DETAIL_FIELD.visionShown]: z.boolean(),
};

const META_ENTRY_CHECKS: Record<string, z.ZodType> = {
  [META_ENTRY.release]: object,
  [META_ENTRY.pain]: object,
  [META_ENTRY.gain]: object,
  [META_ENTRY.dor]: object,
  [META_ENTRY.dorRemoved]: z.boolean(),
};

/** A record whose every key is a declared stored name, each value passing its name's check. */
function recordSchema(mapLayout: MapLayout, checks: Record<string, z.ZodType>, entryChecks: Record<string, z.ZodType>, required: string[]) {
  return z.record(z.string(), json).superRefine((record, ctx) => {
    for (const name of required) {
      if (!(name in record)) ctx.addIssue({ code: 'custom', message: 'is required', path: [name] });
    }
    for (const [key, value] of Object.entries(record)) {
      const storage = storageOf(key, mapLayout);
      if (storage === null) {
        ctx.addIssue({ code: 'custom', message: 'is not a field of a board', path: [key] });
        continue;
      }
      const prefix = mapLayout.prefixes.find(([p]) => key.startsWith(p))?.[0];
      if (prefix !== undefined && !mapLayout.names.has(key) && !ID.safeParse(key.slice(prefix.length)).success) {
        ctx.addIssue({ code: 'custom', message: `the id after "${prefix}" must be 1 to 64 letters, digits, _ or -`, path: [key] });
        continue;
      }
      const check = checks[key] ?? (prefix !== undefined ? entryChecks[prefix] : undefined) ?? storageCheck(storage);
      const result = check.safeParse(value);
      if (!result.success) {
        for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
    }
  });
}

function storageCheck(storage: Storage): z.ZodType {
  switch (storage) {
    case 'text':
      return text;
    case 'array':
      return z.array(json);
    case 'entry':
      return object;
    case 'value':
      return json;
    default:
      return storage satisfies never;
  }
}

export const boardBackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: `must be "${BACKUP_FORMAT}" (is this a Refinery board backup?)` }),
  schemaVersion: z.literal(BACKUP_SCHEMA_VERSION, {
    error: `must be ${BACKUP_SCHEMA_VERSION}: this server reads backups of schema version ${BACKUP_SCHEMA_VERSION}`,
  }),
  exportedAt: z.string().max(64),
  source: z.object({ boardId: z.string().max(64).nullable(), title: z.string().max(MAX_BOARD_TITLE_LENGTH) }),
  meta: recordSchema(META_LAYOUT, META_CHECKS, META_ENTRY_CHECKS, [META_FIELD.title]),
  items: z
    .array(recordSchema(ITEM_LAYOUT, ITEM_CHECKS, ITEM_ENTRY_CHECKS, [ITEM_FIELD.id, ITEM_FIELD.title, ITEM_FIELD.rank]))
    .max(
      MAX_BACKUP_ITEMS,
      `must be at most ${MAX_BACKUP_ITEMS.toLocaleString('en')} items (more than a backup of ${MAX_BACKUP_BYTES / 1024 / 1024} MiB can carry)`,
    ),
});

/** No board value nests this deep; the check runs before zod, whose recursion a deeper value would overflow. */
const MAX_BACKUP_DEPTH = 32;

/** The path of the first value nested deeper than `limit` (walked without recursion), or null. */
function pathDeeperThan(root: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limit) return path.join('.');
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
  }
  return null;
}

/** Why a backup cannot be restored; `path` names the first bad field (`items.3.title`). */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly path: string | null,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Validates parsed JSON as a backup, or throws BackupError naming the first bad field. */
export function parseBackup(value: unknown): BoardBackup {
  const tooDeep = pathDeeperThan(value, MAX_BACKUP_DEPTH);
  if (tooDeep !== null) throw new BackupError(`${tooDeep}: nested deeper than ${MAX_BACKUP_DEPTH} levels`, tooDeep);
  const result = boardBackupSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map(String).join('.');
    throw new BackupError(path ? `${path}: ${issue.message}` : issue.message, path || null);
  }
  const backup = result.data as BoardBackup;
  const ids = new Set<string>();
  backup.items.forEach((item, index) => {
    const id = item[ITEM_FIELD.id] as string;
    if (ids.has(id)) throw new BackupError(`items.${index}.id: ${id} appears twice`, `items.${index}.id`);
    ids.add(id);
  });
  return backup;
}
