'use client';

import { useState, type FormEvent } from 'react';
import { IDENTITY_COLORS, colorForName, type Identity } from '@/lib/client/identity';
import type { Role } from '@/lib/session/roles';
import { field, fieldButton } from '../ui/styles';

/** Asked once per browser: the name others see, and a colour for avatar and card rings. */
export function NamePrompt({
  boardTitle,
  role,
  onDone,
}: {
  boardTitle: string | null;
  role: Role | null;
  onDone: (identity: Identity) => void;
}) {
  const [name, setName] = useState('');
  const [color, setColor] = useState<string | null>(null);
  const shownColor = color ?? colorForName(name || 'guest');

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    onDone({ name: trimmed.slice(0, 40), color: shownColor });
  }

  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <form
        onSubmit={submit}
        className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-6 shadow-xl dark:border-slate-800 dark:bg-slate-900"
        aria-labelledby="join-heading"
      >
        <p className="text-sm font-medium text-indigo-700 dark:text-indigo-300">Refinery{role ? ` · joining as ${role}` : ''}</p>
        <h1 id="join-heading" className="mt-1 text-xl font-bold">
          {boardTitle ? `Join “${boardTitle}”` : 'Join the board'}
        </h1>
        <label htmlFor="display-name" className="mt-5 block text-sm font-medium">
          Your name
        </label>
        <input
          id="display-name"
          autoFocus
          required
          maxLength={40}
          autoComplete="nickname"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className={`${field} mt-1 w-full`}
          placeholder="How the team knows you"
        />
        <fieldset className="mt-4">
          <legend className="text-sm font-medium">Colour</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {IDENTITY_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                onClick={() => setColor(c)}
                aria-label={`Colour ${c}`}
                aria-pressed={shownColor === c}
                className={`h-8 w-8 rounded-full ring-offset-2 ring-offset-white dark:ring-offset-slate-900 ${shownColor === c ? 'ring-2 ring-slate-900 dark:ring-white' : ''}`}
                style={{ backgroundColor: c }}
              />
            ))}
          </div>
        </fieldset>
        <button type="submit" className={`${fieldButton} mt-6 w-full`}>
          Join board
        </button>
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">Remembered in this browser. No account needed.</p>
      </form>
    </main>
  );
}
