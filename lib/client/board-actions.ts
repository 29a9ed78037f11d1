'use client';

import { BoardError } from '../board/errors';
import {
  createItem,
  moveItem,
  parkItem,
  restoreItem,
  setEstimate,
  setKind,
  type EstimateInput,
  type ItemPosition,
} from '../board/mutations';
import { getItemMap, readItemText, type ItemKind, type ItemTextField } from '../board/schema';
import type { BoardConnection } from './board-connection';

/**
 * What the board UI can do, bound to one connection. Every write carries the tab's local
 * origin (so undo sees only our own edits) and starts a new undo step, so "add" and the typing
 * before it are undone separately. Invalid input (a BoardError) is reported, never thrown into
 * React.
 */
export interface BoardActions {
  add(title: string, kind: ItemKind, position: ItemPosition): string | null;
  setKind(id: string, kind: ItemKind): void;
  setEstimate(id: string, estimate: EstimateInput): void;
  move(id: string, position: ItemPosition): void;
  park(id: string, reason: string | null): void;
  restore(id: string): void;
  /** Puts a placeholder back into a title someone emptied, so no card is left blank. */
  ensureTitle(id: string): void;
  undo(): void;
  redo(): void;
  text(id: string, field: ItemTextField): import('yjs').Text | null;
}

export function createBoardActions(
  connection: BoardConnection,
  report: (message: string) => void,
  author: () => string | null,
): BoardActions {
  const { doc, localOrigin: origin, undoManager } = connection;

  // Each action is one undo step of its own, before and after: without the second call, typing
  // that starts within the capture window (500 ms) after "add" joins the add, and undoing the
  // typing would remove the card, with whatever others wrote into it since.
  function run<T>(write: () => T): T | null {
    undoManager.stopCapturing();
    try {
      return write();
    } catch (err) {
      if (err instanceof BoardError) {
        report(err.message);
        return null;
      }
      throw err;
    } finally {
      undoManager.stopCapturing();
    }
  }

  return {
    add: (title, kind, position) => run(() => createItem(doc, { title, kind, position, createdBy: author() }, origin)),
    setKind: (id, kind) => void run(() => setKind(doc, id, kind, origin)),
    setEstimate: (id, estimate) => void run(() => setEstimate(doc, id, estimate, origin)),
    move: (id, position) => void run(() => moveItem(doc, id, position, origin)),
    park: (id, reason) => void run(() => parkItem(doc, id, reason, origin)),
    restore: (id) => void run(() => restoreItem(doc, id, origin)),
    ensureTitle(id) {
      const item = getItemMap(doc, id);
      const text = item ? readItemText(item, 'title') : null;
      if (text && text.toString().trim() === '') {
        doc.transact(() => {
          text.delete(0, text.length);
          text.insert(0, 'Untitled');
        }, origin);
      }
    },
    undo: () => {
      undoManager.stopCapturing();
      undoManager.undo();
    },
    redo: () => {
      undoManager.stopCapturing();
      undoManager.redo();
    },
    text(id, field) {
      const item = getItemMap(doc, id);
      return item ? readItemText(item, field) : null;
    },
  };
}
