/**
 * Definition of Ready: which criteria an item meets, computed where the board
 * knows enough, ticked by hand otherwise.
 */
import type { DorCriterion, DorRule } from '../board/dor';
import type { ItemDetails } from '../board/item-details';
import { exceedsSprint } from '../board/estimation';
import { assertNever } from '../session/assert-never';

export interface ReadinessItem {
  title: string;
  description: string;
  estimate: number | null;
  details: Pick<ItemDetails, 'hypothesis' | 'acceptanceCriteria' | 'questions' | 'dependencies' | 'dorTicks'>;
}

export interface ReadinessContext {
  /** "Fits in a sprint": the board's threshold, else the velocity; null when neither is set. */
  sprintLimit: number | null;
  /** Zone of every item on the board, for dependency checks; missing = purged or unknown. */
  zoneOf: (id: string) => 'backlog' | 'tail' | 'trimmed' | undefined;
}

export interface CriterionResult {
  id: string;
  label: string;
  met: boolean;
  /** computed: the board decides (hand ticks are ignored); manual: a hand tick decides. */
  source: 'computed' | 'manual';
  /** Why a computed criterion is not met. */
  hint: string | null;
}

export interface Readiness {
  criteria: CriterionResult[];
  met: number;
  total: number;
  ready: boolean;
}

/** The labels of the criteria an item does not meet yet, in the Definition's order. */
export function unmetCriteria(readiness: Readiness): string[] {
  return readiness.criteria.filter((c) => !c.met).map((c) => c.label);
}

/** "DoR 3/5": how much of the Definition of Ready an item meets, as its badge says it. */
export function dorProgressText(readiness: Readiness): string {
  return `DoR ${readiness.met}/${readiness.total}`;
}

const MIN_TITLE_LENGTH = 4;

/** Acceptance criteria written in the description count too ("Acceptance criteria:", Given/When/Then). */
const ACCEPTANCE_IN_DESCRIPTION = /acceptance criteria|\bgiven\b[\s\S]*\bwhen\b[\s\S]*\bthen\b/i;

function computed(rule: Exclude<DorRule, 'manual' | 'dependencies-known'>, item: ReadinessItem, ctx: ReadinessContext): string | null {
  const d = item.details;
  switch (rule) {
    case 'title-description':
      if (item.title.trim().length < MIN_TITLE_LENGTH) return 'title too short';
      return item.description.trim() === '' ? 'no description' : null;
    case 'acceptance-criteria':
      return d.acceptanceCriteria.trim() !== '' || ACCEPTANCE_IN_DESCRIPTION.test(item.description) ? null : 'no acceptance criteria';
    case 'value-hypothesis': {
      const h = d.hypothesis;
      return h.believe.trim() && h.resultIn.trim() && h.knowWhen.trim() ? null : 'hypothesis incomplete';
    }
    case 'estimated':
      return item.estimate === null ? 'not estimated' : null;
    case 'fits-sprint':
      if (item.estimate === null) return 'not estimated';
      return exceedsSprint(item.estimate, ctx.sprintLimit) ? `more than ${ctx.sprintLimit} points` : null;
    case 'no-open-questions': {
      const open = d.questions.filter((q) => q.status === 'open').length;
      return open === 0 ? null : `${open} open question${open === 1 ? '' : 's'}`;
    }
    default:
      // Rules are read through `readDorCriteria`, which turns an unknown one into 'manual'.
      return assertNever(rule, 'DoR rule');
  }
}

/** Dependencies on trimmed or deleted items can never be "known": the tick alone does not do. */
function brokenDependencyCount(item: ReadinessItem, ctx: ReadinessContext): number {
  return item.details.dependencies.filter((dep) => {
    if (dep.kind !== 'item') return false;
    const zone = ctx.zoneOf(dep.itemId);
    return zone === undefined || zone === 'trimmed';
  }).length;
}

export function evaluateReadiness(item: ReadinessItem, criteria: readonly DorCriterion[], ctx: ReadinessContext): Readiness {
  const results = criteria.map((criterion): CriterionResult => {
    const ticked = item.details.dorTicks[criterion.id] === true;
    if (criterion.rule === 'manual') {
      return { id: criterion.id, label: criterion.label, met: ticked, source: 'manual', hint: ticked ? null : 'tick when true' };
    }
    if (criterion.rule === 'dependencies-known') {
      const broken = brokenDependencyCount(item, ctx);
      if (broken > 0) return { id: criterion.id, label: criterion.label, met: false, source: 'manual', hint: 'depends on a trimmed item' };
      return { id: criterion.id, label: criterion.label, met: ticked, source: 'manual', hint: ticked ? null : 'tick when known' };
    }
    const hint = computed(criterion.rule, item, ctx);
    return { id: criterion.id, label: criterion.label, met: hint === null, source: 'computed', hint };
  });
  const met = results.filter((r) => r.met).length;
  return { criteria: results, met, total: results.length, ready: results.length > 0 && met === results.length };
}
