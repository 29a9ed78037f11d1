'use client';

import { useEffect, useState } from 'react';
import {
  PRIORITIZATION_METHODS,
  type PrioritizationMethod,
  setPrioritizationMethod,
  setSprintsToPrepare,
  setVelocity,
} from '@/lib/board/settings';
import { addDorCriterion, removeDorCriterion, renameDorCriterion, resetDorCriteria } from '@/lib/board/dor';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { METHOD_LABEL } from '@/lib/refinement/scores';
import { btnSecondary, input, hint, sectionTitle } from '../ui/styles';
import { Refusal } from '../ui/Refusal';

function NumberSetting({
  label,
  value,
  onCommit,
  testId,
  min = 0,
}: {
  label: string;
  value: number | null;
  onCommit: (v: number | null) => void;
  testId: string;
  min?: number;
}) {
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => setDraft(value === null ? '' : String(value)), [value]);
  const commit = () => {
    const next = draft.trim() === '' ? null : Number(draft);
    if (next !== value) onCommit(next);
  };
  return (
    <label className="flex flex-col text-xs font-semibold">
      {label}
      <input
        type="number"
        min={min}
        className={`${input} w-24`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid={testId}
      />
    </label>
  );
}

/** Board settings for refinement: method, velocity, sprints to prepare, "fits in a sprint", DoR. */
export function RefinementSettings({ connection, isFacilitator }: { connection: BoardConnection; isFacilitator: boolean }) {
  const view = useRefinementView(connection.doc);
  const { write, error, report: setError } = useBoardWrite(connection);
  const [criterion, setCriterion] = useState('');
  const { settings } = view;
  return (
    <section aria-labelledby="refinement-settings-heading" className="space-y-3" data-testid="refinement-settings">
      <h3 id="refinement-settings-heading" className={sectionTitle}>
        Board settings
      </h3>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col text-xs font-semibold">
          Prioritization
          <select
            className={input}
            value={settings.method}
            onChange={(e) => write((d, o) => setPrioritizationMethod(d, e.target.value as PrioritizationMethod, o))}
            data-testid="method-select"
          >
            {PRIORITIZATION_METHODS.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <NumberSetting
          label="Velocity (pts/sprint)"
          value={settings.velocity}
          onCommit={(v) => write((d, o) => setVelocity(d, v, o))}
          testId="velocity-input"
        />
        <NumberSetting
          label="Sprints to prepare"
          min={1}
          value={settings.sprintsToPrepare}
          onCommit={(v) => write((d, o) => setSprintsToPrepare(d, v ?? 2, o))}
          testId="sprints-input"
        />
        <NumberSetting
          label="Fits in a sprint (pts)"
          value={settings.sprintThreshold}
          onCommit={(v) => {
            if (!isFacilitator) return setError('Only the facilitator changes the sprint threshold');
            void connection
              .emit('poker:settings', { sprintThreshold: v })
              .then((ack) => setError(ack.ok ? null : (ack.error?.message ?? 'failed')));
          }}
          testId="threshold-input"
        />
      </div>
      <div>
        <h4 className="text-xs font-bold uppercase">Definition of Ready</h4>
        <ul className="mt-1 space-y-1">
          {view.criteria.map((c) => (
            <li key={c.id} className="flex items-center gap-2 text-sm" data-testid="dor-setting">
              <input
                className={`${input} flex-1`}
                defaultValue={c.label}
                aria-label="Criterion"
                onBlur={(e) => e.target.value.trim() !== c.label && write((d, o) => renameDorCriterion(d, c.id, e.target.value, o))}
              />
              <span className={hint}>{c.rule === 'manual' ? 'ticked by hand' : 'computed'}</span>
              <button
                type="button"
                className={hint}
                onClick={() => write((d, o) => removeDorCriterion(d, c.id, o))}
                aria-label={`Remove ${c.label}`}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <form
          className="mt-1 flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!criterion.trim()) return;
            write((d, o) => void addDorCriterion(d, criterion, 'manual', o));
            setCriterion('');
          }}
        >
          <input
            className={`${input} flex-1`}
            value={criterion}
            onChange={(e) => setCriterion(e.target.value)}
            placeholder="New criterion (ticked by hand)"
            aria-label="New criterion"
            data-testid="dor-new"
          />
          <button type="submit" className={btnSecondary}>
            Add
          </button>
          <button type="button" className={btnSecondary} onClick={() => write((d, o) => resetDorCriteria(d, o))}>
            Reset
          </button>
        </form>
      </div>
      <Refusal message={error} />
    </section>
  );
}
