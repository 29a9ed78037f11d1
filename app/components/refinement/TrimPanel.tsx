'use client';

import { useState } from 'react';
import { purgeItem, restoreItem } from '@/lib/board/mutations';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { useTrimState } from '@/lib/client/hooks/use-trim-state';
import type { TrimProposalView } from '@/lib/refinement/trim-consensus';
import { canEdit as roleCanEdit } from '@/lib/session/permissions';
import { btnSecondary, input, hint, btnPrimary, sectionTitle } from '../ui/styles';
import { Refusal } from '../ui/Refusal';

const RESPONSE_LABEL = { pending: 'waiting', confirm: 'confirmed', object: 'objected' } as const;

function ProposalView({
  connection,
  proposal,
  me,
  isFacilitator,
}: {
  connection: BoardConnection;
  proposal: TrimProposalView;
  me: string | null;
  isFacilitator: boolean;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** The items this person objects to (none ticked: all of them). */
  const [objectTo, setObjectTo] = useState<ReadonlySet<string>>(new Set());
  const mine = proposal.voters.find((v) => v.clientId !== null && v.clientId === me);
  const pending = !!mine && mine.response === 'pending' && !mine.excused;
  const some = proposal.items.filter((i) => objectTo.has(i.id)).map((i) => i.id);
  const answer = async (response: 'confirm' | 'object') => {
    const ack = await connection.emit('trim:respond', {
      proposalId: proposal.id,
      response,
      ...(response === 'object' && reason.trim() ? { reason: reason.trim() } : {}),
      ...(response === 'object' && some.length > 0 ? { itemIds: some } : {}),
    });
    if (ack.ok) setObjectTo(new Set());
    setError(ack.ok ? null : (ack.error?.message ?? 'failed'));
  };
  // Someone who dropped out no longer blocks the vote (the server checks the grace period).
  const proceedWithout = async (seatId: string) => {
    const ack = await connection.emit('trim:proceed-without', { proposalId: proposal.id, seatId });
    setError(ack.ok ? null : (ack.error?.message ?? 'failed'));
  };
  return (
    <div className="space-y-2 rounded-xl border-2 border-rose-400 p-3" data-testid="trim-proposal">
      <p className="text-sm font-semibold">
        {proposal.proposedBy} proposes to trim {proposal.items.length} item{proposal.items.length === 1 ? '' : 's'}:
      </p>
      <ul className={`text-sm ${pending && proposal.items.length > 1 ? '' : 'list-disc pl-5'}`}>
        {proposal.items.map((i) => (
          <li key={i.id}>
            {pending && proposal.items.length > 1 ? (
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={objectTo.has(i.id)}
                  onChange={(e) => {
                    const next = new Set(objectTo);
                    if (e.target.checked) next.add(i.id);
                    else next.delete(i.id);
                    setObjectTo(next);
                  }}
                  aria-label={`Object to trimming ${i.title}`}
                  data-testid="trim-object-item"
                />
                {i.title}
              </label>
            ) : (
              i.title
            )}
          </li>
        ))}
      </ul>
      <ul className="space-y-0.5 text-sm" data-testid="trim-voters">
        {proposal.voters.map((v) => (
          <li key={v.seatId} data-testid="trim-voter" data-response={v.response}>
            {v.name}: <strong>{v.excused ? 'away, proceeding without' : RESPONSE_LABEL[v.response]}</strong>
            {v.reason && <span className={hint}> — {v.reason}</span>}
            {v.clientId === null && !v.excused && <span className={hint}> (away)</span>}
            {isFacilitator && v.clientId === null && v.response === 'pending' && !v.excused && (
              <button
                type="button"
                className="ml-2 text-xs font-semibold text-indigo-700 hover:underline dark:text-indigo-300"
                onClick={() => void proceedWithout(v.seatId)}
                data-testid="trim-proceed-without"
              >
                Proceed without {v.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {proposal.kept && proposal.kept.length > 0 && (
        <ul className="space-y-0.5 text-sm" data-testid="trim-kept">
          {proposal.kept.map((k) => (
            <li key={k.id}>
              Kept for discussion: <strong>{k.title}</strong>
              <span className={hint}>
                {' '}
                — {k.by} objected{k.reason ? `: “${k.reason}”` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {pending && (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={btnPrimary} onClick={() => void answer('confirm')} data-testid="trim-confirm">
            Confirm trim
          </button>
          <input
            className={input}
            placeholder="Why keep it? (optional)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-label="Reason to keep"
            data-testid="trim-reason"
          />
          <button type="button" className={btnSecondary} onClick={() => void answer('object')} data-testid="trim-object">
            {some.length > 0 && some.length < proposal.items.length ? `Object to ${some.length} of ${proposal.items.length}` : 'Object'}
          </button>
        </div>
      )}
      {mine && mine.response !== 'pending' && <p className={hint}>You {RESPONSE_LABEL[mine.response]}. Waiting for the others.</p>}
      {!mine && <p className={hint}>You were not present when this was proposed.</p>}
      {isFacilitator && (
        <button
          type="button"
          className={btnSecondary}
          onClick={() => void connection.emit('trim:cancel', { proposalId: proposal.id })}
          data-testid="trim-withdraw"
        >
          Withdraw proposal
        </button>
      )}
      <Refusal message={error} />
    </div>
  );
}

/** The tail: parked items with their reasons, trim by consensus, and trimmed items to restore. */
export function TrimPanel({ connection, snapshot }: { connection: BoardConnection; snapshot: ConnectionSnapshot }) {
  const view = useRefinementView(connection.doc);
  const trim = useTrimState(connection);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { write, error, report: setError } = useBoardWrite(connection);
  const role = snapshot.session?.role ?? null;
  const isFacilitator = role === 'facilitator';
  const canEdit = role !== null && roleCanEdit(role);
  const tail = view.items.filter((i) => i.zone === 'tail');
  const trimmed = view.items.filter((i) => i.zone === 'trimmed');
  const propose = async () => {
    const itemIds = tail.filter((i) => selected.has(i.id)).map((i) => i.id);
    const ack = await connection.emit('trim:propose', { itemIds });
    setError(ack.ok ? null : (ack.error?.message ?? 'failed'));
    if (ack.ok) setSelected(new Set());
  };
  const outcome = trim.lastOutcome;
  return (
    <section aria-labelledby="trim-heading" className="space-y-3" data-testid="trim-panel">
      <h3 id="trim-heading" className={sectionTitle}>
        Tail and trim
      </h3>
      {trim.proposal && (
        <ProposalView
          connection={connection}
          proposal={trim.proposal}
          me={snapshot.session?.clientId ?? null}
          isFacilitator={isFacilitator}
        />
      )}
      {outcome && !trim.proposal && (
        <p className="text-sm" data-testid="trim-outcome" data-result={outcome.result}>
          {outcome.result === 'trimmed' &&
            `Trimmed ${outcome.itemIds.length} item(s) with everyone's agreement${outcome.without?.length ? ` (without ${outcome.without.join(', ')}, away)` : ''}.`}
          {outcome.kept?.map((k) => (
            <span key={k.id} className="block">
              Kept for discussion: {k.title} ({k.by} objected{k.reason ? `: “${k.reason}”` : ''}).
            </span>
          ))}
          {outcome.result === 'kept' && `Kept: ${outcome.by} objected${outcome.reason ? ` (“${outcome.reason}”)` : ''}. Marked to discuss.`}
          {outcome.result === 'cancelled' && `${outcome.by} withdrew the trim proposal.`}
        </p>
      )}
      {tail.length === 0 ? (
        <p className={hint}>Nothing parked.</p>
      ) : (
        <ul className="space-y-1" data-testid="tail-list">
          {tail.map((item) => {
            const discussion = view.insights.get(item.id)?.discussion;
            return (
              <li key={item.id} className="flex items-start gap-2 text-sm" data-testid="tail-item">
                {isFacilitator && !trim.proposal && (
                  <input
                    type="checkbox"
                    className="mt-1"
                    aria-label={`Select ${item.title} for trimming`}
                    checked={selected.has(item.id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(item.id);
                      else next.delete(item.id);
                      setSelected(next);
                    }}
                    data-testid="tail-select"
                  />
                )}
                <span className="flex-1">
                  {item.title}
                  {item.parkedReason && <span className={hint}> — {item.parkedReason}</span>}
                  {discussion && (
                    <span className="ml-1 rounded bg-rose-100 px-1 text-xs text-rose-900" data-testid="tail-discuss">
                      to discuss
                    </span>
                  )}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className="text-xs font-semibold text-indigo-700 dark:text-indigo-300"
                    onClick={() => write((d, o) => restoreItem(d, item.id, o))}
                  >
                    Restore
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {isFacilitator && !trim.proposal && tail.length > 0 && (
        <div className="flex gap-2">
          <button type="button" className={btnSecondary} onClick={() => setSelected(new Set(tail.map((i) => i.id)))}>
            Select all
          </button>
          <button
            type="button"
            className={btnPrimary}
            disabled={selected.size === 0}
            onClick={() => void propose()}
            data-testid="trim-propose"
          >
            Propose trim ({selected.size})
          </button>
        </div>
      )}
      <Refusal message={error} />
      {trimmed.length > 0 && (
        <details data-testid="trimmed-list">
          <summary className="cursor-pointer text-sm font-semibold">Trimmed ({trimmed.length})</summary>
          <ul className="mt-1 space-y-1">
            {trimmed.map((item) => {
              const decision = view.details.get(item.id)?.trimDecision;
              return (
                <li key={item.id} className="text-sm" data-testid="trimmed-item">
                  <span className="line-through">{item.title}</span>
                  {decision && (
                    <span className={hint}>
                      {' '}
                      — agreed by {decision.confirmedBy.map((c) => c.name).join(', ')} on {new Date(decision.decidedAt).toLocaleString()}
                    </span>
                  )}
                  {canEdit && (
                    <button
                      type="button"
                      className="ml-2 text-xs font-semibold text-indigo-700 dark:text-indigo-300"
                      onClick={() => write((d, o) => restoreItem(d, item.id, o))}
                    >
                      Restore
                    </button>
                  )}
                  {isFacilitator && (
                    <button
                      type="button"
                      className="ml-2 text-xs font-semibold text-red-700"
                      onClick={() => {
                        if (window.confirm(`Delete “${item.title}” for good? This cannot be undone by restoring.`))
                          write((d, o) => purgeItem(d, item.id, o));
                      }}
                    >
                      Purge
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}
