'use client';

import { useMemo } from 'react';
import type * as Y from 'yjs';
import { effectiveSprintThreshold, exceedsSprint, parseEstimateHistory } from '@/lib/board/estimation';
import { referenceItemsByCard } from '@/lib/poker/references';
import type { ItemView } from '@/lib/board/schema';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import type { PokerView } from '@/lib/poker/redact';
import { POKER_TARGET_LABEL, isWsjfTarget } from '@/lib/poker/targets';
import { btnSecondaryLarge, sectionLabel } from '../ui/styles';
import { Countdown } from './Countdown';
import { EstimateHistory } from './EstimateHistory';
import { FacilitatorControls } from './FacilitatorControls';
import { RoundResults } from './RoundResults';
import { SplitForm } from './SplitForm';
import { VoteDeck } from './VoteDeck';
import { VoterList } from './VoterList';

const PHASE_TEXT = { voting: 'Voting', revealed: 'Revealed', accepted: 'Accepted' } as const;

export function RoundView({ view, items, doc, poker }: { view: PokerView; items: ItemView[]; doc: Y.Doc; poker: PokerClient }) {
  const round = view.round!;
  const target = round.target;
  const refinement = useRefinementView(doc);
  const isFacilitator = view.me.role === 'facilitator';
  const item = items.find((i) => i.id === round.itemId);
  // Compare with past work on the same scale: estimates for an estimate, that WSJF input otherwise.
  const scaled = useMemo(
    () =>
      isWsjfTarget(target)
        ? items.map((i) => ({ ...i, estimate: refinement.details.get(i.id)?.wsjf[target] ?? null, estimateLabel: null }))
        : items,
    [items, target, refinement.details],
  );
  const references = useMemo(() => referenceItemsByCard(scaled, round.deck, round.itemId), [scaled, round.deck, round.itemId]);
  const wsjfOnCard = isWsjfTarget(target) ? (refinement.details.get(round.itemId)?.wsjf[target] ?? null) : null;
  const onCard = isWsjfTarget(target)
    ? wsjfOnCard === null
      ? null
      : String(wsjfOnCard)
    : item
      ? (item.estimateLabel ?? (item.estimate !== null ? String(item.estimate) : null))
      : null;
  const points = round.accepted?.value ?? round.stats?.suggested?.value ?? null;
  // The same rule as the board's "split me" flag and the server's check; only for estimates.
  const sprintLimit = effectiveSprintThreshold({ sprintThreshold: view.settings.sprintThreshold, velocity: refinement.settings.velocity });
  const tooBig = target === 'estimate' && round.phase !== 'voting' && exceedsSprint(points, sprintLimit);
  const voted = round.voters.filter((v) => v.status === 'voted' || v.status === 'away').length;
  const voting = round.voters.filter((v) => v.status !== 'not-voting').length;

  return (
    <div className="space-y-4" data-testid="poker-round" data-phase={round.phase}>
      <div className="rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-center justify-between gap-2 text-xs font-semibold">
          <span
            data-testid="poker-phase"
            className={`rounded-full px-2 py-0.5 ${round.phase === 'voting' ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100' : round.phase === 'accepted' ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100' : 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100'}`}
          >
            {PHASE_TEXT[round.phase]}
          </span>
          <span
            data-testid="poker-target"
            data-target={target}
            className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          >
            {isWsjfTarget(target) ? `WSJF: ${POKER_TARGET_LABEL[target]}` : POKER_TARGET_LABEL[target]}
          </span>
          <span className="text-slate-500 dark:text-slate-400">
            Round {round.number}
            {view.queue.length > 0 && ` · ${view.queue.length} queued`}
          </span>
        </div>
        <h3 data-testid="poker-item-title" className="mt-2 text-lg leading-snug font-bold break-words">
          {item?.title || round.itemTitle || 'Untitled'}
        </h3>
        {item?.description && <p className="mt-1 line-clamp-3 text-sm text-slate-600 dark:text-slate-300">{item.description}</p>}
        <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-sm">
          <span>
            {isWsjfTarget(target) ? `${POKER_TARGET_LABEL[target]} on the card:` : 'On the card:'}{' '}
            <strong data-testid="poker-item-estimate" className="tabular-nums">
              {onCard ?? '–'}
            </strong>
          </span>
          {round.timer && round.phase === 'voting' && <Countdown timer={round.timer} clockOffset={poker.clockOffset} />}
        </div>
      </div>

      {round.phase === 'voting' && view.me.canVote && (
        <VoteDeck
          deck={round.deck}
          myVote={view.me.vote}
          disabled={false}
          references={references}
          onVote={(card) => void poker.send('poker:vote', { roundId: round.id, card })}
        />
      )}
      {view.me.role !== 'spectator' && round.phase === 'voting' && (
        <button
          type="button"
          aria-pressed={view.me.notVoting}
          data-testid="poker-not-voting"
          onClick={() => void poker.send('poker:not-voting', { notVoting: !view.me.notVoting })}
          className={`${btnSecondaryLarge} w-full ${view.me.notVoting ? 'border-amber-400 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100' : ''}`}
        >
          {view.me.notVoting ? 'Not voting this time — tap to vote again' : 'I am not voting this time'}
        </button>
      )}

      {round.stats && <RoundResults stats={round.stats} />}
      {round.phase === 'accepted' && round.accepted && (
        <p data-testid="poker-accepted" className="rounded-xl bg-emerald-600 px-3 py-2 text-center font-bold text-white">
          Accepted: {round.accepted.label}
          {isWsjfTarget(target) && ` as ${POKER_TARGET_LABEL[target].toLowerCase()}`}
        </p>
      )}

      <div>
        <h4 className={sectionLabel}>
          Voters{' '}
          <span data-testid="poker-progress">
            {voted}/{voting}
          </span>
        </h4>
        <div className="mt-2">
          <VoterList voters={round.voters} revealed={round.phase !== 'voting'} />
        </div>
      </div>

      {isFacilitator && <FacilitatorControls round={round} queueLength={view.queue.length} send={poker.send} />}
      {isFacilitator && tooBig && sprintLimit !== null && (
        <SplitForm itemId={round.itemId} points={points} threshold={sprintLimit} send={poker.send} />
      )}
      <EstimateHistory stored={item ? parseEstimateHistory(item.estimateHistory) : []} session={round.history} />
    </div>
  );
}
