'use client';

import { useEffect, useState, type KeyboardEvent } from 'react';
import type { WsjfInputs as Inputs } from '@/lib/board/item-details';
import { type Score, MISSING_LABEL, formatScore } from '@/lib/refinement/scores';
import { input, hint, sectionTitle } from '../ui/styles';

export const WSJF_FIELDS: Array<{ key: keyof Inputs; label: string }> = [
  { key: 'businessValue', label: 'Business value' },
  { key: 'timeCriticality', label: 'Time criticality' },
  { key: 'riskReduction', label: 'Risk reduction / opportunity' },
  { key: 'jobSize', label: 'Job size' },
];

/** A number input that commits on Enter or blur (an empty field clears the value). */
export function NumberField({
  label,
  value,
  placeholder,
  disabled,
  onCommit,
  testId,
  hideLabel = false,
  onKeyDown,
}: {
  label: string;
  value: number | null;
  placeholder?: string;
  disabled: boolean;
  onCommit: (value: number | null) => void;
  testId: string;
  hideLabel?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => setDraft(value === null ? '' : String(value)), [value]);
  const commit = () => {
    const trimmed = draft.trim();
    const next = trimmed === '' ? null : Number(trimmed);
    if (next !== null && (!Number.isFinite(next) || next < 0)) return setDraft(value === null ? '' : String(value));
    if (next !== value) onCommit(next);
  };
  return (
    <label className="flex flex-col gap-0.5 text-xs">
      <span className={hideLabel ? 'sr-only' : undefined}>{label}</span>
      <input
        type="number"
        min={0}
        inputMode="decimal"
        className={`${input} w-24`}
        value={draft}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          onKeyDown?.(e);
        }}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * WSJF inputs; job size defaults to the estimate. The score updates live for everyone. Each input
 * can be typed in, or (`onEstimateWithPoker`, the facilitator only) estimated with a poker round.
 */
export function WsjfInputs({
  inputs,
  estimate,
  score,
  canEdit,
  onChange,
  onEstimateWithPoker,
}: {
  inputs: Inputs;
  estimate: number | null;
  score: Score | null;
  canEdit: boolean;
  onChange: (patch: Partial<Inputs>) => void;
  onEstimateWithPoker?: (field: keyof Inputs) => void;
}) {
  return (
    <section aria-labelledby="wsjf-heading" data-testid="wsjf-inputs">
      <h3 id="wsjf-heading" className={sectionTitle}>
        Value and size{' '}
        {score && (
          <span className="font-normal" data-testid="details-score">
            · score {score.value === null ? MISSING_LABEL[score.missing!] : formatScore(score.value)}
          </span>
        )}
      </h3>
      <div className="mt-1 flex flex-wrap gap-2">
        {WSJF_FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            value={inputs[f.key]}
            placeholder={f.key === 'jobSize' ? (estimate === null ? 'estimate' : `${estimate} (estimate)`) : undefined}
            disabled={!canEdit}
            onCommit={(value) => onChange({ [f.key]: value })}
            testId={`wsjf-${f.key}`}
          />
        ))}
      </div>
      {onEstimateWithPoker && (
        <div className="mt-2 flex flex-wrap gap-1" data-testid="wsjf-poker">
          {WSJF_FIELDS.map((f) => (
            <button
              key={f.key}
              type="button"
              className="rounded-lg border border-indigo-300 px-2 py-1 text-xs font-semibold text-indigo-700 hover:bg-indigo-50 dark:border-indigo-700 dark:text-indigo-300 dark:hover:bg-indigo-950"
              onClick={() => onEstimateWithPoker(f.key)}
              data-testid={`wsjf-poker-${f.key}`}
            >
              Estimate {f.label.toLowerCase()} with poker
            </button>
          ))}
        </div>
      )}
      <p className={`${hint} mt-1`}>WSJF = (value + time criticality + risk reduction) ÷ job size. Empty job size uses the estimate.</p>
    </section>
  );
}
