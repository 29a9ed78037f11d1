'use client';

import type { PokerRoundView, PokerVoterView, VoterStatus } from '@/lib/poker/redact';
import type { PokerStats } from '@/lib/poker/stats';
import { POKER_TARGET_LABEL } from '@/lib/poker/targets';
import { consensusText, formatPoints } from '../poker/format-points';
import { ProjectorCountdown } from './ProjectorCountdown';
import { BODY, HEADLINE, LABEL, MUTED, NUMBER } from './type';

const STATUS_TEXT: Record<VoterStatus, string> = {
  voted: 'Voted',
  thinking: 'Thinking…',
  'not-voting': 'Not voting',
  away: 'Away (voted)',
};

const STATUS_TONE: Record<VoterStatus, string> = {
  voted: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
  thinking: 'bg-amber-100 text-amber-950 dark:bg-amber-950 dark:text-amber-100',
  'not-voting': 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  away: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
};

/**
 * Planning poker for the room: the item, what is estimated, every voter's status and the timer;
 * after the reveal the distribution, the highest and lowest voters, the suggestion and the
 * accepted card. The view is the spectator's, redacted by the server: before the reveal it holds
 * no value, and this component shows a voter's card only once the round is revealed.
 */
export function PokerMoment({ round, clockOffset }: { round: PokerRoundView; clockOffset: number }) {
  const revealed = round.phase !== 'voting';
  const voted = round.voters.filter((v) => v.status === 'voted' || v.status === 'away').length;
  const voting = round.voters.filter((v) => v.status !== 'not-voting').length;
  return (
    <section
      aria-label="Planning poker"
      data-testid="projector-poker"
      data-phase={round.phase}
      className="flex min-h-0 flex-1 flex-col gap-6"
    >
      <header className="flex flex-wrap items-start gap-x-8 gap-y-3">
        <div className="min-w-0 flex-1">
          <p className={LABEL} data-label>
            Planning poker · round {round.number} · {POKER_TARGET_LABEL[round.target]}
          </p>
          <h2 className={`${HEADLINE} mt-2`} data-testid="projector-poker-item">
            {round.itemTitle || 'Untitled'}
          </h2>
        </div>
        {round.timer && round.phase === 'voting' && <ProjectorCountdown timer={round.timer} clockOffset={clockOffset} />}
        <p className={`${BODY} ${MUTED}`} data-testid="projector-poker-count">
          <span className={NUMBER}>{voted}</span> of <span className={NUMBER}>{voting}</span> voted
        </p>
      </header>
      <div className={`grid min-h-0 gap-6 ${revealed ? 'flex-1 grid-cols-[minmax(0,1fr)_minmax(0,1fr)]' : ''}`}>
        <ul className="grid content-start gap-3 [grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))]" data-testid="projector-voters">
          {round.voters.map((voter) => (
            <VoterTile key={voter.voterId} voter={voter} revealed={revealed} />
          ))}
        </ul>
        {revealed && round.stats && <Results round={round} stats={round.stats} />}
      </div>
      {!revealed && <p className={`${BODY} ${MUTED}`}>Cards stay hidden until the facilitator reveals them.</p>}
    </section>
  );
}

function VoterTile({ voter, revealed }: { voter: PokerVoterView; revealed: boolean }) {
  const card = revealed ? voter.vote : null;
  const outline = voter.outlier ? 'ring-4 ring-rose-600 dark:ring-rose-400' : '';
  return (
    <li
      data-testid="projector-voter"
      data-name={voter.name}
      data-status={voter.status}
      data-outlier={voter.outlier ?? undefined}
      className={`flex items-center gap-4 rounded-2xl bg-slate-100 px-4 py-3 dark:bg-slate-900 ${outline}`}
    >
      <span aria-hidden="true" className="size-6 shrink-0 rounded-full" style={{ backgroundColor: voter.color }} />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-2xl font-bold">{voter.name}</span>
        {revealed && voter.outlier ? (
          <span className="block text-2xl font-semibold text-rose-800 dark:text-rose-300">
            {voter.outlier === 'high' ? 'Highest: explain?' : 'Lowest: explain?'}
          </span>
        ) : (
          <span className={`mt-1 inline-block rounded-full px-3 text-2xl font-semibold ${STATUS_TONE[voter.status]}`}>
            {STATUS_TEXT[voter.status]}
          </span>
        )}
      </span>
      {card !== null && (
        <span className={`${NUMBER} rounded-xl bg-white px-3 py-1 dark:bg-black`} data-testid="projector-voter-card">
          {card}
        </span>
      )}
    </li>
  );
}

function Results({ round, stats }: { round: PokerRoundView; stats: PokerStats }) {
  const shown = stats.distribution.filter((d) => d.count > 0);
  const max = Math.max(1, ...shown.map((d) => d.count));
  return (
    <div className="flex min-h-0 flex-col gap-5" data-testid="projector-poker-results">
      <p
        className={`rounded-2xl px-5 py-3 text-3xl font-bold ${
          stats.consensus
            ? 'bg-emerald-100 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-100'
            : 'bg-amber-100 text-amber-950 dark:bg-amber-950 dark:text-amber-100'
        }`}
      >
        {consensusText(stats)}
      </p>
      <ul aria-label="Votes per card" className="space-y-2" data-testid="projector-distribution">
        {shown.map((d) => (
          <li key={d.label} className="flex items-center gap-4" data-testid="projector-dist-bar" data-card={d.label}>
            <span className={`${NUMBER} w-24 shrink-0 text-right`}>{d.label}</span>
            <span className="h-12 flex-1 rounded-xl bg-slate-200 dark:bg-slate-800">
              <span className="block h-full rounded-xl bg-indigo-600" style={{ width: `${(d.count / max) * 100}%` }} />
            </span>
            <span className={`${NUMBER} w-16 shrink-0`}>{d.count}</span>
          </li>
        ))}
      </ul>
      <dl className="grid grid-cols-3 gap-3 text-center">
        <Figure label="Average" value={formatPoints(stats.average)} />
        <Figure label="Suggested" value={stats.suggested?.label ?? '–'} highlight testId="projector-poker-suggested" />
        <Figure
          label="Accepted"
          value={round.accepted?.label ?? '…'}
          highlight={round.accepted !== null}
          testId="projector-poker-accepted"
        />
      </dl>
    </div>
  );
}

function Figure({ label, value, highlight = false, testId }: { label: string; value: string; highlight?: boolean; testId?: string }) {
  return (
    <div className={`rounded-2xl p-5 ${highlight ? 'bg-indigo-700 text-white dark:bg-indigo-600' : 'bg-slate-100 dark:bg-slate-900'}`}>
      <dt className="text-xl font-bold tracking-widest uppercase" data-label>
        {label}
      </dt>
      <dd className={NUMBER} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
