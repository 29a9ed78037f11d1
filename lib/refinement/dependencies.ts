/**
 * Dependency checks: a card ranked above something it depends on (the team
 * would pull it first and be blocked), dependencies on trimmed or deleted
 * cards, blocked external dependencies, and cycles.
 */
import type { Dependency } from '../board/item-entries';
import type { Zone } from '../board/schema';
import { assertNever } from '../session/assert-never';

export type DependencyWarning =
  | { kind: 'ranked-above'; dependsOn: string }
  | { kind: 'parked'; dependsOn: string }
  | { kind: 'trimmed'; dependsOn: string }
  | { kind: 'missing'; dependsOn: string }
  | { kind: 'external-blocked'; name: string }
  | { kind: 'cycle'; path: string[] };

export interface DependencyNode {
  id: string;
  zone: Zone;
  dependencies: readonly Dependency[];
}

/**
 * Warnings per card (only cards in the backlog get warnings; parked and
 * trimmed cards are not about to be worked on). `nodes` must be in board
 * order.
 */
export function dependencyWarnings(nodes: readonly DependencyNode[]): Map<string, DependencyWarning[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const backlogIndex = new Map<string, number>();
  nodes.filter((n) => n.zone === 'backlog').forEach((n, i) => backlogIndex.set(n.id, i));
  const out = new Map<string, DependencyWarning[]>();
  for (const node of nodes) {
    if (node.zone !== 'backlog') continue;
    const warnings: DependencyWarning[] = [];
    for (const dep of node.dependencies) {
      if (dep.kind === 'external') {
        if (dep.status === 'blocked') warnings.push({ kind: 'external-blocked', name: dep.name });
        continue;
      }
      const target = byId.get(dep.itemId);
      if (!target) warnings.push({ kind: 'missing', dependsOn: dep.itemId });
      else if (target.zone === 'trimmed') warnings.push({ kind: 'trimmed', dependsOn: dep.itemId });
      else if (target.zone === 'tail') warnings.push({ kind: 'parked', dependsOn: dep.itemId });
      else if (backlogIndex.get(node.id)! < backlogIndex.get(dep.itemId)!) warnings.push({ kind: 'ranked-above', dependsOn: dep.itemId });
    }
    if (warnings.length) out.set(node.id, warnings);
  }
  for (const cycle of findCycles(nodes)) {
    for (const id of cycle) {
      if (byId.get(id)?.zone !== 'backlog') continue;
      const list = out.get(id) ?? [];
      list.push({ kind: 'cycle', path: cycle });
      out.set(id, list);
    }
  }
  return out;
}

/** Dependency cycles between items (each reported once, starting at its smallest id). */
export function findCycles(nodes: readonly DependencyNode[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const n of nodes)
    edges.set(
      n.id,
      n.dependencies.flatMap((d) => (d.kind === 'item' ? [d.itemId] : [])),
    );
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue;
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const normalized = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = normalized.join('>');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(normalized);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
  return cycles;
}

/** One line for a tooltip or list. `titleOf` resolves ids to titles. */
export function describeWarning(warning: DependencyWarning, titleOf: (id: string) => string): string {
  switch (warning.kind) {
    case 'ranked-above':
      return `Ranked above “${titleOf(warning.dependsOn)}”, which it depends on`;
    case 'parked':
      return `Depends on “${titleOf(warning.dependsOn)}”, which is parked in the tail`;
    case 'trimmed':
      return `Depends on “${titleOf(warning.dependsOn)}”, which was trimmed`;
    case 'missing':
      return 'Depends on an item that no longer exists';
    case 'external-blocked':
      return `Blocked by ${warning.name}`;
    case 'cycle':
      return `Circular dependency: ${warning.path.map(titleOf).join(' → ')}`;
    default:
      return assertNever(warning, 'dependency warning');
  }
}

/**
 * The cards an order (backlog ids, top first) puts above a card they depend on: the sort
 * preview warns about these before the new order is applied. External dependencies and cards
 * outside the order do not count.
 */
export function dependentsAbove(
  order: readonly string[],
  dependenciesOf: (id: string) => readonly Dependency[],
): Array<{ id: string; dependsOn: string }> {
  const index = new Map(order.map((id, i) => [id, i]));
  const out: Array<{ id: string; dependsOn: string }> = [];
  for (const id of order) {
    for (const dep of dependenciesOf(id)) {
      if (dep.kind !== 'item') continue;
      const target = index.get(dep.itemId);
      if (target !== undefined && target > index.get(id)!) out.push({ id, dependsOn: dep.itemId });
    }
  }
  return out;
}
