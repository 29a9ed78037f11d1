'use client';

import { useMemo } from 'react';
import { parseEstimateHistory, referenceItemsByCard } from '@/lib/board/estimation';
import type { ItemView } from '@/lib/board/schema';
import { exceedsSprint } from '@/lib/poker/round';
import type { PokerView } from '@/lib/protocol';
import { Countdown } from './Countdown';
import { EstimateHistory } from './EstimateHistory';
import { FacilitatorControls } from './FacilitatorControls';
import { RoundResults } from './RoundResults';
import { SplitForm } from './SplitForm';
import { VoteDeck } from './VoteDeck';
import { VoterList } from './VoterList';
import type { PokerClient } from './use-poker';
import { btnSecondary, sectionTitle } from './ui';

const PHASE_TEXT = { voting: 'Voting', revealed: 'Revealed', accepted: 'Accepted' } as const;

export function RoundView({ view, items, poker }: { view: PokerView; items: ItemView[]; poker: PokerClient }) {
  const round = view.round!;
  const isFacilitator = view.me.role === 'facilitator';
  const item = items.find((i) => i.id === round.itemId);
  const references = useMemo(() => referenceItemsByCard(items, round.deck, round.itemId), [items, round.deck, round.itemId]);
  const onCard = item ? (item.estimateLabel ?? (item.estimate !== null ? String(item.estimate) : null)) : null;
  const points = round.accepted?.value ?? round.stats?.suggested?.value ?? null;
  const tooBig = round.phase !== 'voting' && exceedsSprint(view.settings, points);
  const voted = round.voters.filter((v) => v.status === 'voted' || v.status === 'away').length;
  const voting = round.voters.filter((v) => v.status !== 'not-voting').length;

  return (
    <div className="space-y-4" data-testid="poker-round" data-phase={round.phase}>
      <div className="rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className="flex items-center justify-between gap-2 text-xs font-semibold">
          <span data-testid="poker-phase" className={`rounded-full px-2 py-0.5 ${round.phase === 'voting' ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100' : round.phase === 'accepted' ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100' : 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100'}`}>
            {PHASE_TEXT[round.phase]}
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
            On the card:{' '}
            <strong data-testid="poker-item-estimate" className="tabular-nums">
              {onCard ?? '–'}
            </strong>
          </span>
          {round.timer && round.phase === 'voting' && <Countdown timer={round.timer} clockOffset={poker.clockOffset} />}
        </div>
      </div>

      {round.phase === 'voting' && view.me.canVote && (
        <VoteDeck deck={round.deck} myVote={view.me.vote} disabled={false} references={references} onVote={(card) => void poker.send('poker:vote', { roundId: round.id, card })} />
      )}
      {view.me.role !== 'spectator' && round.phase === 'voting' && (
        <button
          type="button"
          aria-pressed={view.me.notVoting}
          data-testid="poker-not-voting"
          onClick={() => void poker.send('poker:not-voting', { notVoting: !view.me.notVoting })}
          className={`${btnSecondary} w-full ${view.me.notVoting ? 'border-amber-400 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100' : ''}`}
        >
          {view.me.notVoting ? 'Not voting this time — tap to vote again' : 'I am not voting this time'}
        </button>
      )}

      {round.stats && <RoundResults stats={round.stats} />}
      {round.phase === 'accepted' && round.accepted && (
        <p data-testid="poker-accepted" className="rounded-xl bg-emerald-600 px-3 py-2 text-center font-bold text-white">
          Accepted: {round.accepted.label}
        </p>
      )}

      <div>
        <h4 className={sectionTitle}>
          Voters <span data-testid="poker-progress">{voted}/{voting}</span>
        </h4>
        <div className="mt-2">
          <VoterList voters={round.voters} revealed={round.phase !== 'voting'} />
        </div>
      </div>

      {isFacilitator && <FacilitatorControls round={round} queueLength={view.queue.length} send={poker.send} />}
      {isFacilitator && tooBig && view.settings.sprintThreshold !== null && (
        <SplitForm itemId={round.itemId} points={points} threshold={view.settings.sprintThreshold} send={poker.send} />
      )}
      <EstimateHistory stored={item ? parseEstimateHistory(item.estimateHistory) : []} session={round.history} />
    </div>
  );
}
