/**
 * The board's refinement settings in `meta`: velocity, how many sprints to prepare, the
 * prioritization method and whether the vision banner is shown (plus the vision's shared text).
 * The "fits in a sprint" threshold is owned by the estimation settings (estimation.ts) and only
 * read here.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';
import { effectiveSprintThreshold, readEstimationSettings } from './estimation';
import { optionalNumber } from './input';
import { META_DETAIL_FIELD, META_FIELD, getMetaMap } from './schema';
import { finiteNumberOrNull, oneOf } from './values';

export const PRIORITIZATION_METHODS = ['wsjf', 'value-effort', 'moscow', 'manual'] as const;
export type PrioritizationMethod = (typeof PRIORITIZATION_METHODS)[number];

const DEFAULT_SPRINTS_TO_PREPARE = 2;
const MAX_VELOCITY = 10_000;
const MAX_SPRINTS_TO_PREPARE = 12;

export interface RefinementSettings {
  velocity: number | null;
  sprintsToPrepare: number;
  method: PrioritizationMethod;
  sprintThreshold: number | null;
  visionShown: boolean;
}

export function readRefinementSettings(doc: Y.Doc): RefinementSettings {
  const meta = getMetaMap(doc);
  const velocity = finiteNumberOrNull(meta.get(META_DETAIL_FIELD.velocity));
  const sprints = finiteNumberOrNull(meta.get(META_DETAIL_FIELD.sprintsToPrepare));
  return {
    velocity: velocity !== null && velocity > 0 ? velocity : null,
    sprintsToPrepare: sprints !== null && Number.isInteger(sprints) && sprints >= 1 ? sprints : DEFAULT_SPRINTS_TO_PREPARE,
    method: oneOf(PRIORITIZATION_METHODS, meta.get(META_DETAIL_FIELD.prioritization)) ?? 'manual',
    // Owned by planning poker's estimation settings (set with `poker:settings`); 0 or null means
    // none: the shared rule, `effectiveSprintThreshold`, without the velocity fallback.
    sprintThreshold: effectiveSprintThreshold({ sprintThreshold: readEstimationSettings(doc).sprintThreshold }),
    visionShown: meta.get(META_DETAIL_FIELD.visionShown) === true,
  };
}

export function setVelocity(doc: Y.Doc, velocity: number | null, origin?: unknown): void {
  const value = optionalNumber(velocity, 'Velocity', MAX_VELOCITY);
  doc.transact(() => getMetaMap(doc).set(META_DETAIL_FIELD.velocity, value === 0 ? null : value), origin);
}

export function setSprintsToPrepare(doc: Y.Doc, sprints: number, origin?: unknown): void {
  if (!Number.isInteger(sprints) || sprints < 1 || sprints > MAX_SPRINTS_TO_PREPARE) {
    throw new BoardError('invalid_detail', `Sprints to prepare must be a whole number from 1 to ${MAX_SPRINTS_TO_PREPARE}`);
  }
  doc.transact(() => getMetaMap(doc).set(META_DETAIL_FIELD.sprintsToPrepare, sprints), origin);
}

export function setPrioritizationMethod(doc: Y.Doc, method: PrioritizationMethod, origin?: unknown): void {
  if (!oneOf(PRIORITIZATION_METHODS, method)) throw new BoardError('invalid_detail', `Unknown method: ${String(method)}`);
  doc.transact(() => getMetaMap(doc).set(META_DETAIL_FIELD.prioritization, method), origin);
}

export function setVisionShown(doc: Y.Doc, shown: boolean, origin?: unknown): void {
  doc.transact(() => getMetaMap(doc).set(META_DETAIL_FIELD.visionShown, shown === true), origin);
}

/** The vision's shared text (created by initBoardDoc; created here for boards that lack it). */
export function ensureVisionText(doc: Y.Doc, origin?: unknown): Y.Text {
  const existing = getMetaMap(doc).get(META_FIELD.vision);
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  doc.transact(() => getMetaMap(doc).set(META_FIELD.vision, text), origin);
  return text;
}
