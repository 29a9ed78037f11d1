/**
 * The agenda of a refinement meeting: which stages, in which order, with which timeboxes.
 *
 * Pure functions on plain values, shared by the server (which validates and holds the agenda),
 * the UI (which previews edits) and the tests. Every editing function returns a new agenda and
 * throws an `AgendaError` on a request that makes no sense, so the server can refuse it with a
 * clear message instead of storing something odd.
 */

/**
 * What a stage is about; decides its screen, its guidance and which items it concerns. The
 * protocol validates agendas against this list.
 */
export const STAGE_KINDS = ['vision', 'roadmap', 'tail', 'new-items', 'resort', 'split', 'dependencies', 'ready-check'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export interface AgendaStage {
  /** Stable within one agenda; the default agenda uses readable ids ("resort-2"). */
  id: string;
  kind: StageKind;
  title: string;
  /** Timebox in whole minutes. */
  minutes: number;
}

export const MIN_STAGE_MINUTES = 1;
export const MAX_STAGE_MINUTES = 120;
export const MAX_AGENDA_STAGES = 20;
export const MAX_STAGE_TITLE = 60;

export interface StageInfo {
  title: string;
  /** One or two sentences the facilitator reads out; shown to everyone on the stage screen. */
  guidance: string;
  defaultMinutes: number;
}

export const STAGE_INFO: Record<StageKind, StageInfo> = {
  vision: {
    title: 'Vision',
    guidance: 'Reread the product vision together. Does it still hold? Adjust it before judging any item against it.',
    defaultMinutes: 3,
  },
  roadmap: {
    title: 'Roadmap',
    guidance: 'Look at the next one or two releases, the pains to address and the gains to target. Which have no item yet?',
    defaultMinutes: 5,
  },
  tail: {
    title: 'Tail',
    guidance:
      'Park items that are no longer relevant, then agree to trim the tail. Anyone may object; an objection keeps the item for discussion.',
    defaultMinutes: 7,
  },
  'new-items': {
    title: 'New items',
    guidance:
      'Capture new items with their value hypothesis (we believe … will result in …; we will know when …), open questions and action items.',
    defaultMinutes: 10,
  },
  resort: {
    title: 'Re-sort',
    guidance: 'Apply the agreed prioritization: preview which cards move and where, then apply the new order.',
    defaultMinutes: 5,
  },
  split: {
    title: 'Split',
    guidance: 'Break down the epics and oversized stories near the top into stories that fit in a sprint.',
    defaultMinutes: 10,
  },
  dependencies: {
    title: 'Dependencies',
    guidance: 'Review items blocked by others, inside and outside the team. Fix the order where an item sits above what it depends on.',
    defaultMinutes: 5,
  },
  'ready-check': {
    title: 'Ready check',
    guidance:
      'Check the Ready runway against the next two sprints. Estimate what is missing and close the gaps in the Definition of Ready.',
    defaultMinutes: 12,
  },
};

export class AgendaError extends Error {
  constructor(
    readonly code: 'unknown_stage' | 'invalid_agenda',
    message: string,
  ) {
    super(message);
  }
}

function isStageKind(value: unknown): value is StageKind {
  return typeof value === 'string' && (STAGE_KINDS as readonly string[]).includes(value);
}

/**
 * The nine stages of a refinement meeting, as agile coaches run it; 60 minutes in all.
 * Re-sort appears twice: once after new items, once after splitting and dependencies.
 */
export function defaultAgenda(): AgendaStage[] {
  const stage = (
    kind: StageKind,
    id: string = kind,
    title = STAGE_INFO[kind].title,
    minutes = STAGE_INFO[kind].defaultMinutes,
  ): AgendaStage => ({
    id,
    kind,
    title,
    minutes,
  });
  return [
    stage('vision'),
    stage('roadmap'),
    stage('tail'),
    stage('new-items'),
    stage('resort', 'resort'),
    stage('split'),
    stage('dependencies'),
    stage('resort', 'resort-2', 'Re-sort again', 3),
    stage('ready-check'),
  ];
}

export function totalMinutes(agenda: readonly AgendaStage[]): number {
  return agenda.reduce((sum, s) => sum + s.minutes, 0);
}

export function stageIndex(agenda: readonly AgendaStage[], stageId: string): number {
  return agenda.findIndex((s) => s.id === stageId);
}

function requireIndex(agenda: readonly AgendaStage[], stageId: string): number {
  const index = stageIndex(agenda, stageId);
  if (index < 0) throw new AgendaError('unknown_stage', `No stage "${stageId}" in the agenda`);
  return index;
}

/** Moves a stage to `toIndex` (clamped), keeping the others in order. */
export function moveStage(agenda: readonly AgendaStage[], stageId: string, toIndex: number): AgendaStage[] {
  const from = requireIndex(agenda, stageId);
  const next = agenda.slice();
  const [stage] = next.splice(from, 1);
  const to = Math.max(0, Math.min(next.length, Math.trunc(toIndex)));
  next.splice(to, 0, stage);
  return next;
}

/** Drops a stage. An agenda keeps at least one stage. */
export function dropStage(agenda: readonly AgendaStage[], stageId: string): AgendaStage[] {
  requireIndex(agenda, stageId);
  if (agenda.length === 1) throw new AgendaError('invalid_agenda', 'An agenda needs at least one stage');
  return agenda.filter((s) => s.id !== stageId);
}

export function setStageMinutes(agenda: readonly AgendaStage[], stageId: string, minutes: number): AgendaStage[] {
  const index = requireIndex(agenda, stageId);
  const clean = checkMinutes(minutes);
  return agenda.map((s, i) => (i === index ? { ...s, minutes: clean } : s));
}

export function renameStage(agenda: readonly AgendaStage[], stageId: string, title: string): AgendaStage[] {
  const index = requireIndex(agenda, stageId);
  const clean = checkTitle(title);
  return agenda.map((s, i) => (i === index ? { ...s, title: clean } : s));
}

/** Adds a stage of `kind` (e.g. one dropped earlier) at `atIndex`, or at the end. */
export function addStage(agenda: readonly AgendaStage[], kind: StageKind, atIndex: number = agenda.length): AgendaStage[] {
  if (agenda.length >= MAX_AGENDA_STAGES) throw new AgendaError('invalid_agenda', `An agenda has at most ${MAX_AGENDA_STAGES} stages`);
  const ids = new Set(agenda.map((s) => s.id));
  let id: string = kind;
  for (let n = 2; ids.has(id); n++) id = `${kind}-${n}`;
  const stage: AgendaStage = { id, kind, title: STAGE_INFO[kind].title, minutes: STAGE_INFO[kind].defaultMinutes };
  const next = agenda.slice();
  next.splice(Math.max(0, Math.min(next.length, Math.trunc(atIndex))), 0, stage);
  return next;
}

function checkMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < MIN_STAGE_MINUTES || minutes > MAX_STAGE_MINUTES) {
    throw new AgendaError('invalid_agenda', `A timebox is ${MIN_STAGE_MINUTES} to ${MAX_STAGE_MINUTES} minutes`);
  }
  return Math.round(minutes);
}

function checkTitle(title: string): string {
  const clean = typeof title === 'string' ? title.trim() : '';
  if (clean === '' || clean.length > MAX_STAGE_TITLE)
    throw new AgendaError('invalid_agenda', `A stage title is 1 to ${MAX_STAGE_TITLE} characters`);
  return clean;
}

/**
 * Checks a whole agenda sent by a client (already shape-checked by zod): at least one stage,
 * unique ids, known kinds, sane timeboxes and titles. Returns a normalized copy.
 */
export function validateAgenda(agenda: readonly AgendaStage[]): AgendaStage[] {
  if (agenda.length === 0) throw new AgendaError('invalid_agenda', 'An agenda needs at least one stage');
  if (agenda.length > MAX_AGENDA_STAGES) throw new AgendaError('invalid_agenda', `An agenda has at most ${MAX_AGENDA_STAGES} stages`);
  const ids = new Set<string>();
  return agenda.map((s) => {
    if (!isStageKind(s.kind)) throw new AgendaError('invalid_agenda', `Unknown stage kind "${String(s.kind)}"`);
    // Stage ids key plain objects (time per stage), so names of Object.prototype are refused.
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(s.id) || s.id in Object.prototype) {
      throw new AgendaError('invalid_agenda', `Invalid stage id "${s.id}"`);
    }
    if (ids.has(s.id)) throw new AgendaError('invalid_agenda', `Stage id "${s.id}" appears twice`);
    ids.add(s.id);
    return { id: s.id, kind: s.kind, title: checkTitle(s.title), minutes: checkMinutes(s.minutes) };
  });
}

/** A loosely checked agenda from storage: returns null when it does not fit (older build). */
export function parseStoredAgenda(value: unknown): AgendaStage[] | null {
  if (!Array.isArray(value)) return null;
  try {
    return validateAgenda(value as AgendaStage[]);
  } catch {
    return null;
  }
}
