/**
 * A plain-JSON picture of a board at one moment: what the meeting summary compares (the
 * snapshot taken when the meeting starts against the one taken when it ends). It holds only
 * what the summary reports, so it stays small enough to store with the meeting.
 *
 * `captureSnapshot` reads the doc through lib/refinement (readiness, runway, "split me"), so
 * the summary uses exactly the rules the board shows.
 */
import type * as Y from 'yjs';
import type { ItemKind, Zone } from '../board/schema';
import { readMeta } from '../board/schema';
import { readRefinementView } from '../refinement/board-view';
import { formatRunway } from '../refinement/runway';

const SNAPSHOT_VERSION = 1;

export interface SnapshotAction {
  id: string;
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
}

export interface SnapshotQuestion {
  id: string;
  text: string;
  status: 'open' | 'answered';
  answer: string;
}

export interface SnapshotItem {
  id: string;
  title: string;
  kind: ItemKind;
  zone: Zone;
  parentId: string | null;
  estimate: number | null;
  estimateLabel: string | null;
  /** 1-based place in the ranked backlog; null for items in the tail or trimmed. */
  position: number | null;
  parkedReason: string | null;
  /** Times parked so far (ItemFields.parkedCount). Missing in snapshots taken before it was kept. */
  parkedCount?: number;
  ready: boolean;
  splitMe: boolean;
  actions: SnapshotAction[];
  questions: SnapshotQuestion[];
  /**
   * What the team recorded on the item: decisions and dependencies (id and a line of text) and
   * the value hypothesis as one line. Missing in snapshots taken before they were kept: the
   * summary then reports none of them as new.
   */
  decisions?: SnapshotNote[];
  dependencies?: SnapshotNote[];
  hypothesis?: string;
  /** The last objection to trimming it (the proposal's id, so a new one is told apart). */
  objection?: SnapshotNote | null;
}

export interface SnapshotNote {
  id: string;
  text: string;
}

export interface RunwaySnapshot {
  readyPoints: number;
  readyCount: number;
  targetPoints: number | null;
  sprintsCovered: number | null;
  /** "Ready runway: 34 of 60 points, 1.1 sprints" */
  text: string;
}

export interface BoardSnapshot {
  version: typeof SNAPSHOT_VERSION;
  takenAt: number;
  boardTitle: string;
  /** In board order (rank, then id), all zones. */
  items: SnapshotItem[];
  runway: RunwaySnapshot;
}

export function captureSnapshot(doc: Y.Doc, now: number): BoardSnapshot {
  const view = readRefinementView(doc);
  const positions = new Map(view.backlog.map((item, index) => [item.id, index + 1]));
  const titles = new Map(view.items.map((item) => [item.id, item.title]));
  const items: SnapshotItem[] = view.items.map((item) => {
    const details = view.details.get(item.id);
    const insight = view.insights.get(item.id);
    return {
      id: item.id,
      title: item.title,
      kind: item.kind,
      zone: item.zone,
      parentId: item.parentId,
      estimate: item.estimate,
      estimateLabel: item.estimateLabel,
      position: positions.get(item.id) ?? null,
      parkedReason: item.parkedReason,
      parkedCount: item.parkedCount,
      ready: insight?.readiness.ready ?? false,
      splitMe: insight?.splitMe ?? false,
      actions: (details?.actions ?? []).map((a) => ({ id: a.id, text: a.text, owner: a.owner, due: a.due, done: a.done })),
      questions: (details?.questions ?? []).map((q) => ({ id: q.id, text: q.text, status: q.status, answer: q.answer })),
      decisions: (details?.decisions ?? []).map((d) => ({ id: d.id, text: d.text })),
      dependencies: (details?.dependencies ?? []).map((d) => ({
        id: d.id,
        text: d.kind === 'item' ? `depends on “${titles.get(d.itemId) ?? 'a removed item'}”` : `depends on ${d.name} (${d.status})`,
      })),
      hypothesis: hypothesisLine(details?.hypothesis),
      objection: insight?.discussion
        ? {
            id: insight.discussion.proposalId,
            text: `${insight.discussion.objectedBy} objected to trimming it${insight.discussion.reason ? `: “${insight.discussion.reason}”` : ''}`,
          }
        : null,
    };
  });
  return {
    version: SNAPSHOT_VERSION,
    takenAt: now,
    boardTitle: readMeta(doc).title,
    items,
    runway: {
      readyPoints: view.runway.readyPoints,
      readyCount: view.runway.readyCount,
      targetPoints: view.runway.targetPoints,
      sprintsCovered: view.runway.sprintsCovered,
      text: formatRunway(view.runway),
    },
  };
}

/** "We believe that … will result in … We will know we succeeded when …", or '' when empty. */
function hypothesisLine(h: { believe: string; resultIn: string; knowWhen: string } | undefined): string {
  if (!h) return '';
  const parts = [
    h.believe.trim() && `We believe that ${h.believe.trim()}`,
    h.resultIn.trim() && `will result in ${h.resultIn.trim()}`,
    h.knowWhen.trim() && `we will know when ${h.knowWhen.trim()}`,
  ].filter(Boolean);
  return parts.join('; ');
}

export function parseStoredSnapshot(value: unknown): BoardSnapshot | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Partial<BoardSnapshot>;
  if (s.version !== SNAPSHOT_VERSION || !Array.isArray(s.items) || !s.runway || typeof s.takenAt !== 'number') return null;
  return s as BoardSnapshot;
}
