'use client';

import { useEffect, useState } from 'react';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import type { PokerRoundView } from '@/lib/poker/redact';
import { btnDangerLarge, btnPrimaryLarge, btnSecondaryLarge, inputLarge } from '../ui/styles';

const TIMER_CHOICES = [30, 60, 120];

/** Reveal, timer, re-vote, accept, next, stop: facilitator only (the server checks it again). */
export function FacilitatorControls({
  round,
  queueLength,
  send,
}: {
  round: PokerRoundView;
  queueLength: number;
  send: PokerClient['send'];
}) {
  const estimates = round.deck.filter((c) => c.value !== null);
  const suggested = round.stats?.suggested?.label ?? estimates[0]?.label ?? '';
  const [card, setCard] = useState(suggested);
  useEffect(() => setCard(round.accepted?.label ?? suggested), [round.id, round.phase, suggested, round.accepted?.label]);

  return (
    <div
      className="space-y-2 rounded-2xl border border-indigo-200 bg-indigo-50/60 p-3 dark:border-indigo-900 dark:bg-indigo-950/40"
      data-testid="poker-facilitator"
    >
      {round.phase === 'voting' && (
        <>
          <button
            type="button"
            className={`${btnPrimaryLarge} w-full text-base`}
            data-testid="poker-reveal"
            onClick={() => void send('poker:reveal', { roundId: round.id })}
          >
            Reveal votes
          </button>
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs font-semibold text-slate-600 dark:text-slate-300">Timer</span>
            {TIMER_CHOICES.map((seconds) => (
              <button
                key={seconds}
                type="button"
                className={`${btnSecondaryLarge} min-w-14 px-3`}
                data-testid={`poker-timer-${seconds}`}
                onClick={() => void send('poker:timer', { roundId: round.id, seconds, revealAtEnd: true })}
              >
                {seconds < 60 ? `${seconds}s` : `${seconds / 60}m`}
              </button>
            ))}
            {round.timer && (
              <button
                type="button"
                className={`${btnSecondaryLarge} px-3`}
                data-testid="poker-timer-stop"
                onClick={() => void send('poker:timer', { roundId: round.id, seconds: null, revealAtEnd: false })}
              >
                Stop
              </button>
            )}
          </div>
        </>
      )}
      {round.phase !== 'voting' && (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor="poker-accept-card">
            Final estimate
          </label>
          <select
            id="poker-accept-card"
            data-testid="poker-accept-card"
            className={`${inputLarge} w-24 flex-none text-base font-bold`}
            value={card}
            onChange={(e) => setCard(e.target.value)}
          >
            {estimates.map((c) => (
              <option key={c.label} value={c.label}>
                {c.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`${btnPrimaryLarge} flex-1`}
            data-testid="poker-accept"
            onClick={() => void send('poker:accept', { roundId: round.id, card })}
          >
            {round.phase === 'accepted' ? 'Change estimate' : 'Accept'}
          </button>
          <button
            type="button"
            className={btnSecondaryLarge}
            data-testid="poker-revote"
            onClick={() => void send('poker:revote', { roundId: round.id })}
          >
            Re-vote
          </button>
        </div>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          className={`${btnSecondaryLarge} flex-1`}
          data-testid="poker-next"
          onClick={() => void send('poker:next', {})}
        >
          {queueLength > 0 ? `Next item (${queueLength} queued)` : 'Finish'}
        </button>
        <button type="button" className={btnDangerLarge} data-testid="poker-stop" onClick={() => void send('poker:stop', {})}>
          Stop
        </button>
      </div>
    </div>
  );
}
