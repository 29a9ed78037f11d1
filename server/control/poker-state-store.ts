import { parseDeckSpec } from '../../lib/board/estimation';
import { POKER_STATE_VERSION, type PokerState } from '../../lib/poker/round';
import type { Logger } from '../log';
import type { Store } from '../store/store';

/** The control-state name under which a board's poker state is stored. */
export const POKER_STATE_NAME = 'poker';

/**
 * Loads and saves a board's poker state (votes included) through the store, so a round survives
 * a restart. What comes back is checked loosely: a state from an older build that does not fit
 * is dropped (logged) rather than crashing the board.
 */
export class PokerStateStore {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  async load(boardId: string): Promise<PokerState | null> {
    const raw = await this.store.getControlState(boardId, POKER_STATE_NAME);
    if (raw === null) return null;
    if (isPokerState(raw)) return raw;
    this.log.warn({ boardId }, 'stored poker state does not fit this version; starting fresh');
    return null;
  }

  save(boardId: string, state: PokerState): Promise<void> {
    return this.store.setControlState(boardId, POKER_STATE_NAME, state);
  }
}

function isPokerState(value: unknown): value is PokerState {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<PokerState>;
  if (s.version !== POKER_STATE_VERSION) return false;
  if (!s.settings || parseDeckSpec(s.settings.deck) === null) return false;
  if (!Array.isArray(s.queue) || !Array.isArray(s.notVoting)) return false;
  if (s.round === null) return true;
  const r = s.round;
  return (
    !!r &&
    typeof r.id === 'string' &&
    typeof r.itemId === 'string' &&
    Array.isArray(r.deck) &&
    !!r.votes &&
    typeof r.votes === 'object' &&
    Array.isArray(r.history)
  );
}
