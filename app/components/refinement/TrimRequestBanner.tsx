'use client';

import type { BoardConnection } from '@/lib/client/board-connection';
import { useTrimState } from '@/lib/client/hooks/use-trim-state';
import { awaitsAnswerFrom } from '@/lib/refinement/trim-consensus';
import { btnPrimary } from '../ui/styles';

/**
 * A trim vote waiting for this person's answer, noticed wherever they are on a phone or a
 * tablet, where the panel that holds the vote is a closed drawer. "Answer" opens it.
 */
export function TrimRequestBanner({
  connection,
  clientId,
  onAnswer,
}: {
  connection: BoardConnection;
  clientId: string | null;
  onAnswer: () => void;
}) {
  const trim = useTrimState(connection);
  if (!trim.proposal || !awaitsAnswerFrom(trim, clientId)) return null;
  const count = trim.proposal.items.length;
  return (
    <div
      role="status"
      className="fixed inset-x-2 bottom-2 z-40 flex items-center gap-3 rounded-2xl border-2 border-rose-400 bg-white p-3 shadow-2xl lg:hidden dark:bg-slate-900"
      data-testid="trim-request"
    >
      <p className="min-w-0 flex-1 text-sm">
        <strong>{trim.proposal.proposedBy}</strong> proposes to trim {count} item{count === 1 ? '' : 's'}: your answer is needed.
      </p>
      <button type="button" className={btnPrimary} onClick={onAnswer} data-testid="trim-request-answer">
        Answer
      </button>
    </div>
  );
}
