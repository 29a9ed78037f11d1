'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { PrioritizationMethod } from '../../board/settings';
import { MAX_TITLE_LENGTH } from '../../board/schema';
import type { ClientEventPayload } from '../../protocol';
import { SORT_PREVIEW_MAX_MOVES } from '../../protocol/codes';
import type { SortPlan } from '../../refinement/sort';
import type { BoardConnection } from '../board-connection';
import { SORT_PREVIEW_STATE, type SortPreviewState } from '../server-states';
import { useServerState } from './use-server-state';

/** The facilitator's sort preview as the server relays it to the room (`sort:preview`). */
export function useSortPreview(connection: BoardConnection): SortPreviewState {
  return useServerState(connection, SORT_PREVIEW_STATE);
}

/** A live plan changes with every edit on the board; the room is told at most this often. */
const SHARE_DELAY_MS = 250;

type SharedPreview = Exclude<ClientEventPayload<'sort:preview'>, { phase: 'closed' }>;

function sharedPreview(
  phase: SharedPreview['phase'],
  method: PrioritizationMethod,
  plan: SortPlan,
  scoreOf: (id: string) => number | null,
) {
  return {
    phase,
    method,
    total: plan.moves.length,
    moves: plan.moves.slice(0, SORT_PREVIEW_MAX_MOVES).map((move) => {
      const score = scoreOf(move.id);
      return {
        id: move.id,
        title: move.title.slice(0, MAX_TITLE_LENGTH),
        from: move.from,
        to: move.to,
        score: score !== null && Number.isFinite(score) ? score : null,
      };
    }),
  } satisfies SharedPreview;
}

/**
 * Shows the room what a facilitator's sort preview shows (the projector follows it): the plan
 * while the dialog is open, the moves made when it is applied (`shareApplied`), nothing once it
 * is cancelled. Other roles preview on their own screen only.
 */
export function useShareSortPreview(
  connection: BoardConnection,
  open: boolean,
  method: PrioritizationMethod,
  plan: SortPlan,
  scoreOf: (id: string) => number | null,
): { shareApplied(): void } {
  const isFacilitator = connection.getSnapshot().session?.role === 'facilitator';
  const sharing = isFacilitator && open && method !== 'manual';
  const shared = useRef(false);
  const applied = useRef(false);
  const latest = useRef({ method, plan, scoreOf });
  latest.current = { method, plan, scoreOf };

  useEffect(() => {
    if (!sharing) return;
    const timer = setTimeout(() => {
      shared.current = true;
      void connection.emit('sort:preview', sharedPreview('previewing', method, plan, scoreOf));
    }, SHARE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [connection, sharing, method, plan, scoreOf]);

  // Closed (or unmounted) without applying: the room's preview ends too.
  useEffect(() => {
    if (!sharing) return;
    return () => {
      if (shared.current && !applied.current) void connection.emit('sort:preview', { phase: 'closed' });
      shared.current = false;
      applied.current = false;
    };
  }, [connection, sharing]);

  const shareApplied = useCallback(() => {
    if (!isFacilitator) return;
    const { method: m, plan: p, scoreOf: s } = latest.current;
    applied.current = true;
    void connection.emit('sort:preview', sharedPreview('applied', m, p, s));
  }, [connection, isFacilitator]);

  return { shareApplied };
}
