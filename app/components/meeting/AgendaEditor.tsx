'use client';

import { useEffect, useState } from 'react';
import {
  type AgendaStage,
  AgendaError,
  STAGE_INFO,
  STAGE_KINDS,
  type StageKind,
  addStage,
  dropStage,
  moveStage,
  renameStage,
  setStageMinutes,
  totalMinutes,
} from '@/lib/meeting/agenda';
import { btnDanger, btnGhost, btnPrimary, btnSecondary, input, muted } from '../ui/styles';
import { MeetingDialog } from './MeetingDialog';

/**
 * The facilitator's agenda editor: reorder, drop, add back, rename and retime stages. During a
 * meeting it changes the running meeting (and, if asked, the board's saved agenda); between
 * meetings it edits the board's agenda for the next one.
 */
export function AgendaEditor({
  open,
  onClose,
  agenda,
  running,
  agendaSaved,
  onApply,
  onReset,
}: {
  open: boolean;
  onClose: () => void;
  agenda: AgendaStage[];
  running: boolean;
  agendaSaved: boolean;
  onApply: (agenda: AgendaStage[], save: boolean) => Promise<boolean>;
  onReset: () => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(agenda);
  const [error, setError] = useState<string | null>(null);
  const [addKind, setAddKind] = useState<StageKind>('resort');
  useEffect(() => {
    if (open) {
      setDraft(agenda);
      setError(null);
    }
    // Reset the draft only when the dialog opens, not on every broadcast while editing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const edit = (change: (a: AgendaStage[]) => AgendaStage[]) => {
    try {
      setDraft(change(draft));
      setError(null);
    } catch (err) {
      if (err instanceof AgendaError) setError(err.message);
      else throw err;
    }
  };
  const apply = async (save: boolean) => {
    if (await onApply(draft, save)) onClose();
  };

  return (
    <MeetingDialog
      open={open}
      onClose={onClose}
      title={running ? 'Edit the agenda of this meeting' : "Edit the board's agenda"}
      testId="agenda-editor"
    >
      <ol className="space-y-2">
        {draft.map((stage, index) => (
          <li
            key={stage.id}
            className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 p-2 dark:border-slate-700"
            data-testid="agenda-row"
            data-stage-id={stage.id}
          >
            <span className="w-6 text-right font-bold tabular-nums">{index + 1}</span>
            <input
              className={`${input} min-w-0 flex-1`}
              value={stage.title}
              aria-label={`Title of stage ${index + 1}`}
              maxLength={60}
              onChange={(e) => setDraft(draft.map((s) => (s.id === stage.id ? { ...s, title: e.target.value } : s)))}
              onBlur={(e) => edit((a) => renameStage(a, stage.id, e.target.value || STAGE_INFO[stage.kind].title))}
            />
            <label className="flex items-center gap-1 text-sm">
              <input
                type="number"
                min={1}
                max={120}
                className={`${input} w-16 tabular-nums`}
                value={stage.minutes}
                aria-label={`Timebox of ${stage.title} in minutes`}
                data-testid="agenda-minutes"
                onChange={(e) => edit((a) => setStageMinutes(a, stage.id, Number(e.target.value)))}
              />
              min
            </label>
            <button
              type="button"
              className={btnGhost}
              disabled={index === 0}
              onClick={() => edit((a) => moveStage(a, stage.id, index - 1))}
              aria-label={`Move ${stage.title} up`}
            >
              ↑
            </button>
            <button
              type="button"
              className={btnGhost}
              disabled={index === draft.length - 1}
              onClick={() => edit((a) => moveStage(a, stage.id, index + 1))}
              aria-label={`Move ${stage.title} down`}
            >
              ↓
            </button>
            <button
              type="button"
              className={btnDanger}
              disabled={draft.length === 1}
              onClick={() => edit((a) => dropStage(a, stage.id))}
              aria-label={`Drop ${stage.title}`}
              data-testid="agenda-drop"
            >
              Drop
            </button>
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <select className={input} value={addKind} onChange={(e) => setAddKind(e.target.value as StageKind)} aria-label="Stage to add">
          {STAGE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {STAGE_INFO[kind].title}
            </option>
          ))}
        </select>
        <button type="button" className={btnSecondary} onClick={() => edit((a) => addStage(a, addKind))}>
          Add stage
        </button>
        <span className={`${muted} ml-auto`} data-testid="agenda-total">
          Total: {totalMinutes(draft)} min
        </span>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
          {error}
        </p>
      )}
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        {agendaSaved && (
          <button
            type="button"
            className={`${btnGhost} mr-auto`}
            onClick={async () => {
              if (await onReset()) onClose();
            }}
          >
            Reset the board to the default agenda
          </button>
        )}
        <button type="button" className={btnSecondary} onClick={onClose}>
          Cancel
        </button>
        {running && (
          <button type="button" className={btnSecondary} onClick={() => void apply(false)} data-testid="agenda-apply">
            Apply to this meeting
          </button>
        )}
        <button type="button" className={btnPrimary} onClick={() => void apply(true)} data-testid="agenda-save">
          {running ? "Apply and save as the board's agenda" : "Save as the board's agenda"}
        </button>
      </div>
    </MeetingDialog>
  );
}
