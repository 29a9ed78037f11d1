/**
 * Prioritization scores: WSJF, value/effort and MoSCoW, as pure functions.
 *
 * A score is null when it cannot be computed; the reason says what is missing
 * so the card can ask for it ("needs job size") instead of showing 0, which
 * would silently sort the item to the bottom.
 */
import type { Moscow, WsjfInputs } from '../board/item-details';
import type { PrioritizationMethod } from '../board/settings';
import { assertNever } from '../session/assert-never';

export type ScoreMissing = 'value' | 'job-size' | 'zero-job-size' | 'moscow';

export interface Score {
  /** Higher sorts first. Null: not scorable yet. */
  value: number | null;
  missing: ScoreMissing | null;
  /** Some (not all) cost-of-delay inputs are empty and were counted as 0. */
  incomplete: boolean;
}

const NONE = (missing: ScoreMissing): Score => ({ value: null, missing, incomplete: false });

/** Job size: the WSJF input when set, else the estimate. */
export function jobSizeOf(inputs: Pick<WsjfInputs, 'jobSize'>, estimate: number | null): number | null {
  return inputs.jobSize ?? estimate;
}

/** Cost of delay = business value + time criticality + risk reduction / opportunity enablement. */
export function costOfDelay(inputs: WsjfInputs): { value: number | null; incomplete: boolean } {
  const parts = [inputs.businessValue, inputs.timeCriticality, inputs.riskReduction];
  const given = parts.filter((p): p is number => p !== null);
  if (given.length === 0) return { value: null, incomplete: false };
  return { value: given.reduce((a, b) => a + b, 0), incomplete: given.length < parts.length };
}

/** WSJF = cost of delay / job size. */
export function wsjfScore(inputs: WsjfInputs, estimate: number | null): Score {
  const cod = costOfDelay(inputs);
  if (cod.value === null) return NONE('value');
  const size = jobSizeOf(inputs, estimate);
  if (size === null) return NONE('job-size');
  // A zero-size job would divide by zero; "free" work is better asked about than sorted first.
  if (size <= 0) return NONE('zero-job-size');
  return { value: cod.value / size, missing: null, incomplete: cod.incomplete };
}

/** Value / effort: business value over job size (the estimate unless overridden). */
export function valueEffortScore(inputs: WsjfInputs, estimate: number | null): Score {
  if (inputs.businessValue === null) return NONE('value');
  const size = jobSizeOf(inputs, estimate);
  if (size === null) return NONE('job-size');
  if (size <= 0) return NONE('zero-job-size');
  return { value: inputs.businessValue / size, missing: null, incomplete: false };
}

const MOSCOW_WEIGHT: Record<Moscow, number> = { must: 4, should: 3, could: 2, wont: 1 };

/** MoSCoW as a sortable score: must > should > could > won't > unset. */
export function moscowScore(moscow: Moscow | null): Score {
  return moscow === null ? NONE('moscow') : { value: MOSCOW_WEIGHT[moscow], missing: null, incomplete: false };
}

export interface ScoreInput {
  estimate: number | null;
  wsjf: WsjfInputs;
  moscow: Moscow | null;
}

/** The score of the board's method; null for manual ordering. */
export function scoreFor(method: PrioritizationMethod, input: ScoreInput): Score | null {
  switch (method) {
    case 'wsjf':
      return wsjfScore(input.wsjf, input.estimate);
    case 'value-effort':
      return valueEffortScore(input.wsjf, input.estimate);
    case 'moscow':
      return moscowScore(input.moscow);
    case 'manual':
      return null;
    default:
      return assertNever(method, 'prioritization method');
  }
}

/** Display: at most two decimals, no trailing zeros ("2.33", "4", "0.5"). */
export function formatScore(value: number | null): string {
  if (value === null) return '–';
  return String(Math.round(value * 100) / 100);
}

export const METHOD_LABEL: Record<PrioritizationMethod, string> = {
  wsjf: 'WSJF',
  'value-effort': 'Value / effort',
  moscow: 'MoSCoW',
  manual: 'Manual',
};

export const MISSING_LABEL: Record<ScoreMissing, string> = {
  value: 'needs value',
  'job-size': 'needs job size',
  'zero-job-size': 'job size is 0',
  moscow: 'needs MoSCoW',
};
