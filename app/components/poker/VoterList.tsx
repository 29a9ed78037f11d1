'use client';

import type { PokerVoterView } from '@/lib/poker/redact';

const STATUS_TEXT: Record<PokerVoterView['status'], string> = {
  voted: 'voted',
  thinking: 'thinking…',
  'not-voting': 'not voting',
  away: 'voted, away',
};

/** Who is in the round; before the reveal only *that* someone voted, after it what. */
export function VoterList({ voters, revealed }: { voters: PokerVoterView[]; revealed: boolean }) {
  if (voters.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No voters yet.</p>;
  return (
    <ul className="grid grid-cols-2 gap-2" data-testid="poker-voters">
      {voters.map((voter) => {
        const outlier = voter.outlier;
        return (
          <li
            key={voter.voterId}
            data-testid="poker-voter"
            data-status={voter.status}
            data-outlier={outlier ?? undefined}
            className={`flex min-h-12 items-center gap-2 rounded-xl border px-2 py-1.5 ${
              outlier === 'high'
                ? 'border-rose-400 bg-rose-50 dark:border-rose-700 dark:bg-rose-950/50'
                : outlier === 'low'
                  ? 'border-sky-400 bg-sky-50 dark:border-sky-700 dark:bg-sky-950/50'
                  : 'border-slate-200 dark:border-slate-700'
            }`}
          >
            <VoteCard voter={voter} revealed={revealed} />
            <div className="min-w-0">
              <p className="truncate text-sm font-semibold" data-testid="poker-voter-name">
                {voter.name}
                {voter.isMe && <span className="font-normal text-slate-500 dark:text-slate-400"> (you)</span>}
              </p>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                {outlier === 'high' ? 'highest — explain?' : outlier === 'low' ? 'lowest — explain?' : STATUS_TEXT[voter.status]}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function VoteCard({ voter, revealed }: { voter: PokerVoterView; revealed: boolean }) {
  const voted = voter.status === 'voted' || voter.status === 'away';
  if (voter.vote !== null) {
    return (
      <span
        data-testid="poker-voter-vote"
        className="flex h-10 w-8 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white dark:bg-indigo-500"
      >
        {voter.vote}
      </span>
    );
  }
  if (voted && !revealed) {
    // Face down: someone voted, nobody here knows what.
    return (
      <span
        aria-label="voted"
        className="h-10 w-8 shrink-0 rounded-md bg-[repeating-linear-gradient(45deg,#6366f1_0,#6366f1_4px,#818cf8_4px,#818cf8_8px)]"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={`h-10 w-8 shrink-0 rounded-md border-2 border-dashed border-slate-300 dark:border-slate-600 ${voter.status === 'thinking' ? 'animate-pulse' : ''}`}
      style={{ borderColor: voter.status === 'thinking' ? voter.color : undefined }}
    />
  );
}
