'use client';

import type { EstimateRecord } from '@/lib/board/estimation';
import type { PokerRoundRecord } from '@/lib/poker/round';
import { POKER_TARGET_LABEL, isWsjfTarget } from '@/lib/poker/targets';
import { sectionLabel } from '../ui/styles';
import { formatPoints } from './format-points';

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** Rounds stored on the item (accepted estimates, from the doc) and this session's earlier rounds. */
export function EstimateHistory({ stored, session }: { stored: EstimateRecord[]; session: PokerRoundRecord[] }) {
  if (!stored.length && !session.length) return null;
  return (
    <div data-testid="poker-history">
      <h4 className={sectionLabel}>History</h4>
      <ol className="mt-2 space-y-2">
        {session.map((r) => (
          <li
            key={r.roundId}
            data-testid="poker-history-round"
            className="rounded-xl border border-slate-200 p-2 text-sm dark:border-slate-700"
          >
            <p className="font-semibold">
              Round {r.number} · avg {formatPoints(r.stats.average)} · {r.stats.consensus ? 'consensus' : 'no consensus'}
            </p>
            <p className="text-slate-600 dark:text-slate-300">{r.votes.map((v) => `${v.name}: ${v.vote}`).join(', ') || 'no votes'}</p>
          </li>
        ))}
        {[...stored].reverse().map((r, i) => (
          <li
            key={`${r.roundId}-${i}`}
            data-testid="poker-history-stored"
            className="rounded-xl bg-slate-50 p-2 text-sm dark:bg-slate-800/60"
          >
            <p className="font-semibold">
              {isWsjfTarget(r.target) && `${POKER_TARGET_LABEL[r.target]}: `}
              {r.accepted ? (
                <span className="text-emerald-700 dark:text-emerald-300">Accepted {r.accepted.label}</span>
              ) : (
                `Round ${r.number}`
              )}{' '}
              · {when(r.acceptedAt ?? r.revealedAt)}
            </p>
            <p className="text-slate-600 dark:text-slate-300">{r.votes.map((v) => `${v.name}: ${v.vote}`).join(', ') || 'no votes'}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
