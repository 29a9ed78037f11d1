'use client';

import type * as Y from 'yjs';
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
 * A write to the board: one mutation from lib/, given the doc and the tab's local origin.
 * Returns the mutation's result, or null when it refused the input (reported instead).
 */
export type BoardWrite = <T>(mutation: (doc: Y.Doc, origin: unknown) => T) => T | null;

/**
 * The one way the UI writes to the board. Every write carries the tab's local origin (so undo
 * sees only our own edits) and is one undo step of its own, closed before and after: without
 * the second close, typing that starts within the capture window (500 ms) after "add" joins
 * the add, and undoing the typing would remove the card, with whatever others wrote into it
 * since. Invalid input (a BoardError) goes to `report`, never thrown into React; a write that
 * succeeds reports null.
 */
export function createBoardWrite(connection: BoardConnection, report: (error: string | null) => void): BoardWrite {
  const { doc, localOrigin, undoManager } = connection;
  return <T>(mutation: (doc: Y.Doc, origin: unknown) => T): T | null => {
    undoManager.stopCapturing();
    try {
      const result = mutation(doc, localOrigin);
      report(null);
      return result;
    } catch (err) {
      if (err instanceof BoardError) {
        report(err.message);
        return null;
      }
      throw err;
    } finally {
      undoManager.stopCapturing();
    }
  };
}

/**
 * What the backlog can do, bound to one connection; every write goes through
 * createBoardWrite (one undo step each, refusals reported).
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
  text(id: string, field: ItemTextField): Y.Text | null;
}

export function createBoardActions(
  connection: BoardConnection,
  report: (message: string) => void,
  author: () => string | null,
): BoardActions {
  const { doc, localOrigin: origin, undoManager } = connection;
  const write = createBoardWrite(connection, (error) => {
    if (error) report(error);
  });

  return {
    add: (title, kind, position) => write((d, o) => createItem(d, { title, kind, position, createdBy: author() }, o)),
    setKind: (id, kind) => void write((d, o) => setKind(d, id, kind, o)),
    setEstimate: (id, estimate) => void write((d, o) => setEstimate(d, id, estimate, o)),
    move: (id, position) => void write((d, o) => moveItem(d, id, position, o)),
    park: (id, reason) => void write((d, o) => parkItem(d, id, reason, o)),
    restore: (id) => void write((d, o) => restoreItem(d, id, o)),
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
