'use client';

import { useState, type FormEvent } from 'react';
import { addRelease, addRoadmapEntry, removeRelease, removeRoadmapEntry, type RoadmapEntryKind } from '@/lib/board/roadmap';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { btnSecondary, input, hint, sectionTitle } from '../ui/styles';
import { Refusal } from '../ui/Refusal';

function EntryForm({ kind, onAdd }: { kind: RoadmapEntryKind; onAdd: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <form
      className="mt-1 flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        onAdd(text.trim());
        setText('');
      }}
    >
      <input
        className={`${input} flex-1`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={kind === 'pain' ? 'A pain point to address' : 'A gain to target'}
        aria-label={`New ${kind}`}
        data-testid={`${kind}-input`}
      />
      <button type="submit" className={btnSecondary} data-testid={`${kind}-add`}>
        Add
      </button>
    </form>
  );
}

/** The next releases, the pains and gains to address, and which of them no item serves yet. */
export function RoadmapPanel({ connection, canEdit }: { connection: BoardConnection; canEdit: boolean }) {
  const view = useRefinementView(connection.doc);
  const { write, error } = useBoardWrite(connection);
  const [name, setName] = useState('');
  const [date, setDate] = useState('');
  const [goal, setGoal] = useState('');
  const { roadmap, coverage } = view;
  const submitRelease = (e: FormEvent) => {
    e.preventDefault();
    write((d, o) => addRelease(d, { name, date: date || null, goal }, o));
    setName('');
    setDate('');
    setGoal('');
  };
  const uncovered = new Set([...coverage.uncoveredPains, ...coverage.uncoveredGains].map((e) => e.id));
  const list = (kind: RoadmapEntryKind) => (
    <ul className="mt-1 space-y-0.5">
      {(kind === 'pain' ? roadmap.pains : roadmap.gains).map((entry) => (
        <li key={entry.id} className="flex gap-2 text-sm" data-testid={`${kind}-entry`} data-covered={!uncovered.has(entry.id)}>
          <span>{entry.text}</span>
          {uncovered.has(entry.id) ? (
            <span className="rounded bg-amber-100 px-1 text-xs text-amber-900" data-testid="uncovered">
              no item yet
            </span>
          ) : (
            <span className={hint}>{coverage.servedBy.get(entry.id)?.length} item(s)</span>
          )}
          {canEdit && (
            <button
              type="button"
              className={`${hint} ml-auto`}
              onClick={() => write((d, o) => removeRoadmapEntry(d, kind, entry.id, o))}
              aria-label={`Remove ${entry.text}`}
            >
              ✕
            </button>
          )}
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="roadmap-heading" className="space-y-3" data-testid="roadmap-panel">
      <h3 id="roadmap-heading" className={sectionTitle}>
        Roadmap
      </h3>
      <ul className="space-y-1">
        {roadmap.releases.map((r) => {
          const stats = coverage.releases.get(r.id);
          return (
            <li key={r.id} className="text-sm" data-testid="release">
              <strong>{r.name}</strong> {r.date && <span className={hint}>· {r.date}</span>}
              {r.goal && <p>{r.goal}</p>}
              <p className={hint}>
                {stats?.items ?? 0} item(s), {stats?.points ?? 0} pts
                {stats && stats.unestimated > 0 ? `, ${stats.unestimated} unestimated` : ''}
              </p>
              {canEdit && (
                <button type="button" className={hint} onClick={() => write((d, o) => removeRelease(d, r.id, o))}>
                  Remove release
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canEdit && (
        <form onSubmit={submitRelease} className="flex flex-wrap gap-2">
          <input
            className={`${input} w-28`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Release"
            aria-label="Release name"
            data-testid="release-name"
          />
          <input type="date" className={input} value={date} onChange={(e) => setDate(e.target.value)} aria-label="Target date" />
          <input
            className={`${input} flex-1`}
            value={goal}
            onChange={(e) => setGoal(e.target.value)}
            placeholder="Goal"
            aria-label="Release goal"
          />
          <button type="submit" className={btnSecondary} disabled={!name.trim()} data-testid="release-add">
            Add release
          </button>
        </form>
      )}
      <div>
        <h4 className="text-xs font-bold uppercase">Pain points ({coverage.uncoveredPains.length} without an item)</h4>
        {list('pain')}
        {canEdit && <EntryForm kind="pain" onAdd={(text) => write((d, o) => void addRoadmapEntry(d, 'pain', text, o))} />}
      </div>
      <div>
        <h4 className="text-xs font-bold uppercase">Gains ({coverage.uncoveredGains.length} without an item)</h4>
        {list('gain')}
        {canEdit && <EntryForm kind="gain" onAdd={(text) => write((d, o) => void addRoadmapEntry(d, 'gain', text, o))} />}
      </div>
      <Refusal message={error} />
    </section>
  );
}
