'use client';

import type { Dependency, ExternalStatus } from '@/lib/board/item-entries';
import type { RefinementView } from '@/lib/refinement/board-view';
import { describeWarning } from '@/lib/refinement/dependencies';
import { BODY, MUTED, NUMBER } from './type';

const EXTERNAL_STATUS_TEXT: Record<ExternalStatus, string> = {
  requested: 'requested',
  agreed: 'agreed',
  'in-progress': 'in progress',
  done: 'done',
  blocked: 'blocked',
};

/**
 * Every backlog item that depends on something: each dependency named (the other item with
 * where it stands, or the team/product and its status) and the ranking warnings of the board.
 */
export function DependenciesStage({ view }: { view: RefinementView }) {
  const byId = new Map(view.items.map((i) => [i.id, i]));
  const position = new Map(view.backlog.map((item, i) => [item.id, i + 1]));
  const titleOf = (id: string) => byId.get(id)?.title || 'a removed item';
  const rows = view.backlog.filter((item) => (view.details.get(item.id)?.dependencies.length ?? 0) > 0);
  if (rows.length === 0) return <p className={`${BODY} ${MUTED}`}>No backlog item depends on anything.</p>;

  const describe = (dep: Dependency) => {
    if (dep.kind === 'external') return `${dep.name} (another team or product) · ${EXTERNAL_STATUS_TEXT[dep.status]}`;
    const target = byId.get(dep.itemId);
    if (!target) return 'an item that no longer exists';
    const where =
      target.zone === 'backlog' ? `#${position.get(target.id)} in the backlog` : target.zone === 'tail' ? 'parked in the tail' : 'trimmed';
    return `${target.title || 'Untitled'} · ${where}`;
  };

  return (
    <ul className="space-y-3" data-testid="projector-dependencies">
      {rows.map((item) => {
        const warnings = view.insights.get(item.id)?.warnings ?? [];
        const deps = view.details.get(item.id)?.dependencies ?? [];
        return (
          <li
            key={item.id}
            className="flex items-start gap-4 rounded-2xl bg-slate-100 px-5 py-3 dark:bg-slate-900"
            data-testid="projector-dependency"
          >
            <span className={`${NUMBER} w-20 shrink-0 text-right`}>#{position.get(item.id)}</span>
            <div className="min-w-0 flex-1">
              <p className="text-3xl font-bold break-words">{item.title || 'Untitled'}</p>
              <ul className={BODY}>
                {deps.map((dep) => (
                  <li key={dep.id}>depends on {describe(dep)}</li>
                ))}
              </ul>
              {warnings.map((w, i) => (
                <p key={i} className="text-2xl font-bold text-rose-800 dark:text-rose-300" data-testid="projector-dependency-warning">
                  ⚠ {describeWarning(w, titleOf)}
                </p>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
