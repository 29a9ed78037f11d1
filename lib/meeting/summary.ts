/**
 * The meeting summary: a pure function from the board as it was when the meeting started, the
 * board as it is when it ends, and the meeting's own log (who came, time per stage).
 *
 * Comparing two snapshots (rather than recording every edit as it happens) means the summary
 * reports the net result — an estimate changed 3 → 8 → 5 is "3 → 5" — and it needs no hook
 * into every place that edits the board, including offline edits merged later. What a net
 * comparison would hide is kept on the items themselves: an item parked and restored within
 * the meeting has the same zone at both ends, but its park count (`parkedCount`) went up.
 */
import type { ItemKind, Zone } from '../board/schema';
import type { Role } from '../session/roles';
import type { BoardSnapshot, RunwaySnapshot, SnapshotItem } from './snapshot';
import type { StageLogEntry } from './state';

export const SUMMARY_VERSION = 1;
/** How many items from the top of the backlog "rank moves" watches. */
const DEFAULT_TOP_N = 10;

export interface ItemRef {
  id: string;
  title: string;
}

export interface CreatedItem extends ItemRef {
  kind: ItemKind;
  zone: Zone;
  estimate: string | null;
}

export interface SplitRecord {
  parent: ItemRef;
  children: ItemRef[];
}

export interface ParkedItem extends ItemRef {
  reason: string | null;
}

export interface RestoredItem extends ItemRef {
  from: Zone;
}

export interface EstimateChange extends ItemRef {
  /** Null: had no estimate before (the estimate was set). */
  from: string | null;
  /** Null: the estimate was cleared. */
  to: string | null;
}

export interface RankMove extends ItemRef {
  /** 1-based backlog position at the start; null when it was not in the backlog (new, parked). */
  from: number | null;
  /** Null when it left the backlog. */
  to: number | null;
}

export interface SummaryAction {
  item: ItemRef;
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
  /** Added during the meeting (otherwise carried over, still open or completed now). */
  isNew: boolean;
}

export interface SummaryQuestion {
  item: ItemRef;
  text: string;
  isNew: boolean;
}

export interface AnsweredQuestion {
  item: ItemRef;
  text: string;
  answer: string;
}

/** A line the team recorded on an item during the meeting (a decision, a dependency, a hypothesis). */
export interface RecordedNote {
  item: ItemRef;
  text: string;
}

export interface MeetingLog {
  meetingId: string;
  startedAt: number;
  endedAt: number;
  startedBy: string;
  attendees: ReadonlyArray<{ name: string; role: Role }>;
  stages: readonly StageLogEntry[];
}

export interface MeetingSummary {
  version: typeof SUMMARY_VERSION;
  meetingId: string;
  boardTitle: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  startedBy: string;
  attendees: Array<{ name: string; role: Role }>;
  /** New items, not counting the children of splits (listed under `splits`). */
  created: CreatedItem[];
  splits: SplitRecord[];
  parked: ParkedItem[];
  trimmed: ItemRef[];
  restored: RestoredItem[];
  /**
   * Parked during the meeting and back in the backlog by its end: the room changed its mind.
   * Missing in summaries kept before it was reported.
   */
  parkedThenRestored?: ItemRef[];
  /** Purged: gone from the board for good. */
  removed: ItemRef[];
  estimates: EstimateChange[];
  topN: number;
  rankMoves: RankMove[];
  actions: SummaryAction[];
  openQuestions: SummaryQuestion[];
  answeredQuestions: AnsweredQuestion[];
  /** Recorded during the meeting. Missing in summaries kept before they were reported. */
  decisions?: RecordedNote[];
  dependencies?: RecordedNote[];
  /** Value hypotheses written on items that had none at the start. */
  hypotheses?: RecordedNote[];
  /** Objections to a trim (the item kept for discussion), with their reasons. */
  objections?: RecordedNote[];
  runway: { start: RunwaySnapshot; end: RunwaySnapshot };
  stages: StageLogEntry[];
}

/** How an estimate reads on a card: the deck's label when there is one ('M', '½', '?'). */
export function estimateText(item: Pick<SnapshotItem, 'estimate' | 'estimateLabel'>): string | null {
  if (item.estimateLabel !== null && item.estimateLabel !== '') return item.estimateLabel;
  return item.estimate === null ? null : String(item.estimate);
}

function ref(item: SnapshotItem): ItemRef {
  return { id: item.id, title: item.title };
}

export function summarizeMeeting(
  start: BoardSnapshot,
  end: BoardSnapshot,
  log: MeetingLog,
  options: { topN?: number } = {},
): MeetingSummary {
  const topN = options.topN ?? DEFAULT_TOP_N;
  const before = new Map(start.items.map((i) => [i.id, i]));
  const after = new Map(end.items.map((i) => [i.id, i]));
  const titleOf = (id: string): ItemRef => {
    const item = after.get(id) ?? before.get(id);
    return { id, title: item ? item.title : '(removed item)' };
  };

  // Splits: an item that gained a parent during the meeting (a new child, or one re-parented).
  const splitChildren = new Map<string, ItemRef[]>();
  const childIds = new Set<string>();
  for (const item of end.items) {
    if (item.parentId === null) continue;
    const old = before.get(item.id);
    if (old && old.parentId === item.parentId) continue;
    const list = splitChildren.get(item.parentId) ?? [];
    list.push(ref(item));
    splitChildren.set(item.parentId, list);
    childIds.add(item.id);
  }
  const splits: SplitRecord[] = Array.from(splitChildren, ([parentId, children]) => ({ parent: titleOf(parentId), children }));

  const created: CreatedItem[] = [];
  const parked: ParkedItem[] = [];
  const trimmed: ItemRef[] = [];
  const restored: RestoredItem[] = [];
  const estimates: EstimateChange[] = [];
  const parkedThenRestored: ItemRef[] = [];
  for (const item of end.items) {
    const old = before.get(item.id);
    if (item.zone === 'backlog' && wasParkedDuring(old, item)) parkedThenRestored.push(ref(item));
    if (!old && !childIds.has(item.id)) created.push({ ...ref(item), kind: item.kind, zone: item.zone, estimate: estimateText(item) });
    const oldZone = old?.zone ?? null;
    if (item.zone !== oldZone) {
      if (item.zone === 'trimmed') trimmed.push(ref(item));
      else if (item.zone === 'tail') parked.push({ ...ref(item), reason: item.parkedReason });
      else if (oldZone !== null) restored.push({ ...ref(item), from: oldZone });
    }
    const from = old ? estimateText(old) : null;
    const to = estimateText(item);
    const changed = old ? old.estimate !== item.estimate || old.estimateLabel !== item.estimateLabel : to !== null;
    if (changed && from !== to) estimates.push({ ...ref(item), from, to });
  }
  const removed = start.items.filter((i) => !after.has(i.id)).map(ref);

  const actions: SummaryAction[] = [];
  const openQuestions: SummaryQuestion[] = [];
  const answeredQuestions: AnsweredQuestion[] = [];
  for (const item of end.items) {
    const old = before.get(item.id);
    const oldActions = new Map((old?.actions ?? []).map((a) => [a.id, a]));
    for (const a of item.actions) {
      const prior = oldActions.get(a.id);
      const isNew = !prior;
      const completedNow = !!prior && !prior.done && a.done;
      if (isNew || !a.done || completedNow)
        actions.push({ item: ref(item), text: a.text, owner: a.owner, due: a.due, done: a.done, isNew });
    }
    const oldQuestions = new Map((old?.questions ?? []).map((q) => [q.id, q]));
    for (const q of item.questions) {
      const prior = oldQuestions.get(q.id);
      if (q.status === 'open') {
        if (item.zone !== 'trimmed') openQuestions.push({ item: ref(item), text: q.text, isNew: !prior });
      } else if (!prior || prior.status === 'open') {
        answeredQuestions.push({ item: ref(item), text: q.text, answer: q.answer });
      }
    }
  }

  const { decisions, dependencies, hypotheses, objections } = recordedNotes(before, end.items);

  return {
    version: SUMMARY_VERSION,
    meetingId: log.meetingId,
    boardTitle: end.boardTitle || start.boardTitle,
    startedAt: log.startedAt,
    endedAt: log.endedAt,
    durationMs: Math.max(0, log.endedAt - log.startedAt),
    startedBy: log.startedBy,
    attendees: log.attendees.map((a) => ({ name: a.name, role: a.role })),
    created,
    splits,
    parked,
    trimmed,
    restored,
    parkedThenRestored,
    removed,
    estimates,
    topN,
    rankMoves: rankMoves(start, end, topN),
    actions,
    openQuestions,
    answeredQuestions,
    decisions,
    dependencies,
    hypotheses,
    objections,
    runway: { start: start.runway, end: end.runway },
    stages: log.stages.map((s) => ({ ...s })),
  };
}

/**
 * Whether an item was parked at least once between the two snapshots. A start snapshot without
 * park counts (taken before they were kept) tells nothing, so nothing is reported; an item
 * created during the meeting counts from 0.
 */
function wasParkedDuring(old: SnapshotItem | undefined, now: SnapshotItem): boolean {
  if (now.parkedCount === undefined) return false;
  if (!old) return now.parkedCount > 0;
  return old.parkedCount !== undefined && now.parkedCount > old.parkedCount;
}

/**
 * Decisions and dependencies added during the meeting (ids the start did not have) and value
 * hypotheses written on items that had none. A start snapshot without these fields (taken
 * before they were kept) reports nothing as new, rather than everything.
 */
function recordedNotes(before: ReadonlyMap<string, SnapshotItem>, items: readonly SnapshotItem[]) {
  const decisions: RecordedNote[] = [];
  const dependencies: RecordedNote[] = [];
  const hypotheses: RecordedNote[] = [];
  const objections: RecordedNote[] = [];
  for (const item of items) {
    const old = before.get(item.id);
    const added = (now: SnapshotItem['decisions'], then: SnapshotItem['decisions'], into: RecordedNote[]) => {
      if (old && then === undefined) return;
      const known = new Set((then ?? []).map((n) => n.id));
      for (const note of now ?? []) if (!known.has(note.id)) into.push({ item: ref(item), text: note.text });
    };
    added(item.decisions, old?.decisions, decisions);
    added(item.dependencies, old?.dependencies, dependencies);
    if (item.hypothesis && (!old || old.hypothesis === '')) hypotheses.push({ item: ref(item), text: item.hypothesis });
    const objection = item.objection;
    if (objection && !(old && (old.objection === undefined || old.objection?.id === objection.id))) {
      objections.push({ item: ref(item), text: objection.text });
    }
  }
  return { decisions, dependencies, hypotheses, objections };
}

/**
 * Moves among the top of the backlog: every item in the top N at the start or at the end whose
 * position changed, in end order (items that left the backlog last).
 */
export function rankMoves(start: BoardSnapshot, end: BoardSnapshot, topN: number): RankMove[] {
  const startPos = new Map(start.items.filter((i) => i.position !== null).map((i) => [i.id, i.position as number]));
  const endPos = new Map(end.items.filter((i) => i.position !== null).map((i) => [i.id, i.position as number]));
  const titles = new Map([...start.items, ...end.items].map((i) => [i.id, i.title]));
  const watched = new Set<string>();
  for (const [id, pos] of startPos) if (pos <= topN) watched.add(id);
  for (const [id, pos] of endPos) if (pos <= topN) watched.add(id);
  const moves: RankMove[] = [];
  for (const id of watched) {
    const from = startPos.get(id) ?? null;
    const to = endPos.get(id) ?? null;
    if (from !== to) moves.push({ id, title: titles.get(id) ?? '', from, to });
  }
  const key = (m: RankMove) => m.to ?? Number.MAX_SAFE_INTEGER;
  return moves.sort((a, b) => key(a) - key(b) || (a.from ?? 0) - (b.from ?? 0));
}

/** Whether a summary records any change to the backlog at all (for an "uneventful" note). */
export function hasBoardChanges(summary: MeetingSummary): boolean {
  return (
    summary.created.length +
      summary.splits.length +
      summary.parked.length +
      summary.trimmed.length +
      summary.restored.length +
      (summary.parkedThenRestored?.length ?? 0) +
      summary.removed.length +
      summary.estimates.length +
      summary.rankMoves.length +
      (summary.decisions?.length ?? 0) +
      (summary.dependencies?.length ?? 0) +
      (summary.hypotheses?.length ?? 0) +
      (summary.objections?.length ?? 0) >
    0
  );
}
