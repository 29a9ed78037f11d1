'use client';

import type { TrimProposalView, TrimResponse } from '@/lib/refinement/trim-consensus';
import { BODY, HEADLINE, LABEL, MUTED, NUMBER, TITLE } from './type';

const RESPONSE_TEXT: Record<TrimResponse, string> = { pending: 'Not answered yet', confirm: 'Trim', object: 'Objects' };
const RESPONSE_TONE: Record<TrimResponse, string> = {
  pending: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  confirm: 'bg-emerald-100 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-100',
  object: 'bg-rose-100 text-rose-950 dark:bg-rose-950 dark:text-rose-100',
};

/** The trim vote for the room: the items proposed, and each person's answer with their reason. */
export function TrimMoment({ proposal }: { proposal: TrimProposalView }) {
  const answered = proposal.voters.filter((v) => v.response !== 'pending').length;
  return (
    <section aria-label="Trim vote" data-testid="projector-trim" className="flex min-h-0 flex-1 flex-col gap-6">
      <header className="flex flex-wrap items-end gap-x-8 gap-y-2">
        <div className="min-w-0 flex-1">
          <p className={LABEL} data-label>
            Trim the tail · proposed by {proposal.proposedBy}
          </p>
          <h2 className={`${HEADLINE} mt-2`}>
            Trim {proposal.items.length} {proposal.items.length === 1 ? 'item' : 'items'}?
          </h2>
        </div>
        <p className={`${BODY} ${MUTED}`}>
          <span className={NUMBER}>{answered}</span> of <span className={NUMBER}>{proposal.voters.length}</span> answered
        </p>
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-8">
        <div className="min-h-0 overflow-hidden">
          <h3 className={LABEL} data-label>
            Items
          </h3>
          <ul className="mt-3 space-y-2" data-testid="projector-trim-items">
            {proposal.items.map((item) => (
              <li key={item.id} className={`${TITLE} rounded-xl bg-slate-100 px-4 py-2 dark:bg-slate-900`}>
                {item.title || 'Untitled'}
              </li>
            ))}
          </ul>
          {proposal.kept && proposal.kept.length > 0 && (
            <>
              <h3 className={`${LABEL} mt-6`} data-label>
                Kept for discussion
              </h3>
              <ul className="mt-3 space-y-2" data-testid="projector-trim-kept">
                {proposal.kept.map((item) => (
                  <li key={item.id} className="rounded-xl bg-amber-50 px-4 py-2 dark:bg-amber-950">
                    <p className={TITLE}>{item.title || 'Untitled'}</p>
                    <p className={`${BODY} ${MUTED}`}>
                      {item.by}
                      {item.reason ? `: “${item.reason}”` : ''}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="min-h-0 overflow-hidden">
          <h3 className={LABEL} data-label>
            Who answered
          </h3>
          <ul className="mt-3 space-y-3" data-testid="projector-trim-voters">
            {proposal.voters.map((voter) => (
              <li
                key={voter.seatId}
                data-testid="projector-trim-voter"
                data-name={voter.name}
                data-response={voter.response}
                className="rounded-2xl bg-slate-100 px-5 py-3 dark:bg-slate-900"
              >
                <div className="flex items-center gap-4">
                  <span className="min-w-0 flex-1 truncate text-3xl font-bold">
                    {voter.name}
                    {voter.clientId === null && <span className={`${BODY} font-normal ${MUTED}`}> (away)</span>}
                  </span>
                  {voter.excused ? (
                    <span
                      className={`rounded-full px-4 py-1 text-2xl font-bold ${RESPONSE_TONE.pending}`}
                      data-testid="projector-trim-excused"
                    >
                      Went on without
                    </span>
                  ) : (
                    <span className={`rounded-full px-4 py-1 text-2xl font-bold ${RESPONSE_TONE[voter.response]}`}>
                      {RESPONSE_TEXT[voter.response]}
                    </span>
                  )}
                </div>
                {voter.response === 'object' && (
                  <p className={`${BODY} mt-2`} data-testid="projector-trim-reason">
                    {voter.reason ? `“${voter.reason}”` : 'No reason given'}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
