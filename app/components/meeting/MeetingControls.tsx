'use client';

import { useState } from 'react';
import type { MeetingState } from '@/lib/meeting/state';
import type { AckResult, ClientEventName, ClientEventPayload } from '@/lib/protocol';
import { ERROR_CODES } from '@/lib/protocol/codes';
import { btnDanger, btnGhost, btnPrimary, btnSecondary } from '../ui/styles';

type Send = <E extends ClientEventName>(event: E, payload: ClientEventPayload<E>) => Promise<AckResult<E>>;

/**
 * The facilitator's controls. Next and back name the stage they leave (`fromStageId`), so a
 * double click moves one stage; ending asks for a confirmation first.
 */
export function MeetingControls({ meeting, send, onEditAgenda }: { meeting: MeetingState; send: Send; onEditAgenda: () => void }) {
  const [confirmEnd, setConfirmEnd] = useState(false);
  /** The server refused the end: a poker round holds votes nobody accepted. */
  const [pokerOpen, setPokerOpen] = useState(false);
  const index = meeting.agenda.findIndex((s) => s.id === meeting.currentStageId);
  const last = index === meeting.agenda.length - 1;
  const from = meeting.currentStageId;
  if (confirmEnd) {
    return (
      <div className="flex items-center gap-2" role="group" aria-label="Confirm the end of the meeting">
        <span className="text-sm font-semibold" data-testid="meeting-end-question">
          {pokerOpen ? 'The poker round has votes nobody accepted. End the meeting and drop them?' : 'End the meeting for everyone?'}
        </span>
        <button
          type="button"
          className={btnDanger}
          data-testid="meeting-end-confirm"
          onClick={async () => {
            const ack = await send('meeting:end', pokerOpen ? { closePoker: true } : {});
            const refusedForPoker = !ack.ok && ack.error.code === ERROR_CODES.pokerRoundOpen;
            setPokerOpen(refusedForPoker);
            setConfirmEnd(refusedForPoker);
          }}
        >
          {pokerOpen ? 'End and drop the votes' : 'End and summarize'}
        </button>
        <button
          type="button"
          className={btnGhost}
          onClick={() => {
            setConfirmEnd(false);
            setPokerOpen(false);
          }}
        >
          Keep going
        </button>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Meeting controls">
      <button
        type="button"
        className={btnSecondary}
        disabled={index <= 0}
        onClick={() => void send('meeting:prev', { fromStageId: from })}
        data-testid="meeting-prev"
      >
        ← Back
      </button>
      <button
        type="button"
        className={btnSecondary}
        onClick={() => void send('meeting:skip', { stageId: from })}
        disabled={last}
        data-testid="meeting-skip"
      >
        Skip
      </button>
      {last ? (
        <button type="button" className={btnPrimary} onClick={() => setConfirmEnd(true)} data-testid="meeting-finish">
          Finish
        </button>
      ) : (
        <button
          type="button"
          className={btnPrimary}
          onClick={() => void send('meeting:next', { fromStageId: from })}
          data-testid="meeting-next"
        >
          Next →
        </button>
      )}
      <button type="button" className={btnGhost} onClick={onEditAgenda} data-testid="meeting-edit-agenda">
        Agenda…
      </button>
      <button type="button" className={btnGhost} onClick={() => setConfirmEnd(true)} data-testid="meeting-end">
        End meeting
      </button>
    </div>
  );
}
