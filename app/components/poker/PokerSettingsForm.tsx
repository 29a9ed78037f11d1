'use client';

import { useState } from 'react';
import { DECK_KINDS, type DeckKind, type PokerSettings } from '@/lib/board/estimation';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import { DECK_NAMES, DEFAULT_CUSTOM_CARDS, describeDeck } from '@/lib/poker/decks';
import { btnPrimaryLarge, inputLarge } from '../ui/styles';

/** Deck, auto-reveal and the "fits in a sprint" threshold (facilitator; applied by the server). */
export function PokerSettingsForm({ settings, send, onDone }: { settings: PokerSettings; send: PokerClient['send']; onDone: () => void }) {
  const [kind, setKind] = useState<DeckKind>(settings.deck.kind);
  const [custom, setCustom] = useState((settings.deck.custom ?? DEFAULT_CUSTOM_CARDS).join(' '));
  const [autoReveal, setAutoReveal] = useState(settings.autoReveal);
  const [threshold, setThreshold] = useState(settings.sprintThreshold === null ? '' : String(settings.sprintThreshold));
  const customCards = custom.split(/[\s,]+/).filter(Boolean);
  const deck = kind === 'custom' ? { kind, custom: customCards } : { kind };
  return (
    <form
      data-testid="poker-settings"
      className="space-y-3 rounded-2xl border border-slate-200 p-3 dark:border-slate-700"
      onSubmit={async (e) => {
        e.preventDefault();
        const ack = await send('poker:settings', {
          deck,
          autoReveal,
          sprintThreshold: threshold.trim() === '' ? null : Math.max(0, Number(threshold)),
        });
        if (ack.ok) onDone();
      }}
    >
      <label className="block text-sm">
        <span className="mb-1 block font-semibold">Deck</span>
        <select className={inputLarge} value={kind} data-testid="poker-deck-kind" onChange={(e) => setKind(e.target.value as DeckKind)}>
          {DECK_KINDS.map((k) => (
            <option key={k} value={k}>
              {DECK_NAMES[k]}
            </option>
          ))}
        </select>
      </label>
      {kind === 'custom' && (
        <label className="block text-sm">
          <span className="mb-1 block font-semibold">Cards (space separated; XL=13 gives a size points)</span>
          <input className={inputLarge} value={custom} data-testid="poker-deck-custom" onChange={(e) => setCustom(e.target.value)} />
        </label>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {describeDeck(kind === 'custom' && customCards.length < 2 ? { kind: 'custom' } : deck)}
      </p>
      <label className="flex min-h-11 items-center gap-3 text-sm">
        <input
          type="checkbox"
          className="h-5 w-5 accent-indigo-600"
          checked={autoReveal}
          data-testid="poker-auto-reveal"
          onChange={(e) => setAutoReveal(e.target.checked)}
        />
        Reveal automatically when everyone has voted
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-semibold">Fits in a sprint up to (points)</span>
        <input
          className={inputLarge}
          inputMode="decimal"
          value={threshold}
          data-testid="poker-threshold"
          placeholder="no limit"
          onChange={(e) => setThreshold(e.target.value.replace(/[^0-9.]/g, ''))}
        />
      </label>
      <button type="submit" className={`${btnPrimaryLarge} w-full`} data-testid="poker-settings-save">
        Save settings
      </button>
    </form>
  );
}
