'use client';

import { useEffect, useState } from 'react';
import {
  PRIORITIZATION_METHODS,
  type PrioritizationMethod,
  addDorCriterion,
  removeDorCriterion,
  renameDorCriterion,
  resetDorCriteria,
  setPrioritizationMethod,
  setSprintsToPrepare,
  setVelocity,
} from '@/lib/board/details';
import { isBoardError } from '@/lib/board/errors';
import type { BoardConnection } from '@/lib/client/board-connection';
import { METHOD_LABEL } from '@/lib/refinement/scores';
import { useRefinementView } from './refinement-store';
import { button, input, muted, sectionTitle } from './ui';

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
  const doc = connection.doc;
  const origin = connection.localOrigin;
  const view = useRefinementView(doc);
  const [criterion, setCriterion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (write: () => void) => {
    try {
      write();
      setError(null);
    } catch (err) {
      if (isBoardError(err)) setError(err.message);
      else throw err;
    }
  };
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
            onChange={(e) => run(() => setPrioritizationMethod(doc, e.target.value as PrioritizationMethod, origin))}
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
          onCommit={(v) => run(() => setVelocity(doc, v, origin))}
          testId="velocity-input"
        />
        <NumberSetting
          label="Sprints to prepare"
          min={1}
          value={settings.sprintsToPrepare}
          onCommit={(v) => run(() => setSprintsToPrepare(doc, v ?? 2, origin))}
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
                onBlur={(e) => e.target.value.trim() !== c.label && run(() => renameDorCriterion(doc, c.id, e.target.value, origin))}
              />
              <span className={muted}>{c.rule === 'manual' ? 'ticked by hand' : 'computed'}</span>
              <button
                type="button"
                className={muted}
                onClick={() => run(() => removeDorCriterion(doc, c.id, origin))}
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
            run(() => void addDorCriterion(doc, criterion, 'manual', origin));
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
          <button type="submit" className={button}>
            Add
          </button>
          <button type="button" className={button} onClick={() => run(() => resetDorCriteria(doc, origin))}>
            Reset
          </button>
        </form>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
