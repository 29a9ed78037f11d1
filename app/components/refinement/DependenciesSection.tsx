'use client';

import { useState } from 'react';
import { EXTERNAL_STATUSES, type Dependency, type DependencyInput, type ExternalStatus } from '@/lib/board/item-entries';
import type { ItemView } from '@/lib/board/schema';
import { btnSecondary, input, hint, sectionTitle } from '../ui/styles';

export function DependenciesSection(props: {
  itemId: string;
  dependencies: Dependency[];
  items: readonly ItemView[];
  canEdit: boolean;
  onAdd: (input: DependencyInput) => void;
  onStatus: (id: string, status: ExternalStatus) => void;
  onRemove: (id: string) => void;
}) {
  const [target, setTarget] = useState('');
  const [external, setExternal] = useState('');
  const titleOf = (id: string) => props.items.find((i) => i.id === id)?.title ?? 'a removed item';
  const zoneOf = (id: string) => props.items.find((i) => i.id === id)?.zone;
  const candidates = props.items.filter(
    (i) => i.id !== props.itemId && i.zone !== 'trimmed' && !props.dependencies.some((d) => d.kind === 'item' && d.itemId === i.id),
  );
  return (
    <section aria-labelledby="deps-heading" data-testid="dependencies">
      <h3 id="deps-heading" className={sectionTitle}>
        Blocked by
      </h3>
      <ul className="mt-1 space-y-1">
        {props.dependencies.map((d) => (
          <li key={d.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="dependency">
            {d.kind === 'item' ? (
              <span>
                {titleOf(d.itemId)} {zoneOf(d.itemId) !== 'backlog' && <span className={hint}>({zoneOf(d.itemId) ?? 'removed'})</span>}
              </span>
            ) : (
              <>
                <span>{d.name}</span>
                <select
                  className={input}
                  value={d.status}
                  disabled={!props.canEdit}
                  onChange={(e) => props.onStatus(d.id, e.target.value as ExternalStatus)}
                  aria-label={`Status of ${d.name}`}
                >
                  {EXTERNAL_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </>
            )}
            {props.canEdit && (
              <button type="button" className={`${hint} ml-auto`} onClick={() => props.onRemove(d.id)} aria-label="Remove dependency">
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.canEdit && (
        <div className="mt-1 space-y-2">
          <div className="flex gap-2">
            <select
              className={`${input} flex-1`}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              aria-label="Item this depends on"
              data-testid="dependency-select"
            >
              <option value="">Item…</option>
              {candidates.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
            <button
              type="button"
              className={btnSecondary}
              disabled={!target}
              onClick={() => {
                props.onAdd({ kind: 'item', itemId: target });
                setTarget('');
              }}
              data-testid="dependency-add"
            >
              Add
            </button>
          </div>
          <div className="flex gap-2">
            <input
              className={`${input} flex-1`}
              value={external}
              onChange={(e) => setExternal(e.target.value)}
              placeholder="Other team or product"
              aria-label="External dependency"
              data-testid="external-input"
            />
            <button
              type="button"
              className={btnSecondary}
              disabled={!external.trim()}
              onClick={() => {
                props.onAdd({ kind: 'external', name: external.trim() });
                setExternal('');
              }}
              data-testid="external-add"
            >
              Add
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
