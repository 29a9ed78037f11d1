'use client';

import type { ReferenceItem } from '@/lib/poker/references';
import type { PokerCard } from '@/lib/board/estimation';
import { sectionLabel } from '../ui/styles';

interface Props {
  deck: PokerCard[];
  myVote: string | null;
  disabled: boolean;
  references: Map<string, ReferenceItem[]>;
  onVote: (card: string | null) => void;
}

/** The cards to vote with: big touch targets; tapping the chosen card again takes the vote back. */
export function VoteDeck({ deck, myVote, disabled, references, onVote }: Props) {
  return (
    <div>
      <div role="group" aria-label="Your vote" className="grid grid-cols-4 gap-2" data-testid="poker-deck">
        {deck.map((card) => {
          const chosen = myVote === card.label;
          return (
            <button
              key={card.label}
              type="button"
              disabled={disabled}
              aria-pressed={chosen}
              data-testid={`poker-card-${card.label}`}
              onClick={() => onVote(chosen ? null : card.label)}
              className={`flex min-h-16 flex-col items-center justify-center rounded-xl border-2 text-xl font-bold shadow-sm transition-transform active:scale-95 disabled:opacity-40 ${
                chosen
                  ? '-translate-y-1 border-indigo-600 bg-indigo-600 text-white shadow-md dark:border-indigo-400 dark:bg-indigo-500'
                  : 'border-slate-300 bg-white text-slate-800 hover:border-indigo-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100'
              }`}
            >
              {card.label}
              {card.value !== null && String(card.value) !== card.label && card.label !== '½' && (
                <span className={`text-[11px] font-medium ${chosen ? 'text-indigo-100' : 'text-slate-500 dark:text-slate-400'}`}>
                  {card.value} pts
                </span>
              )}
            </button>
          );
        })}
      </div>
      {references.size > 0 && (
        <details className="mt-3 rounded-xl bg-slate-50 p-3 dark:bg-slate-800/60" data-testid="poker-reference" open>
          <summary className={`${sectionLabel} cursor-pointer`}>Compare with estimated work</summary>
          <ul className="mt-2 space-y-1.5 text-sm">
            {deck
              .filter((card) => references.has(card.label))
              .map((card) => (
                <li key={card.label} className="flex gap-2" data-testid="poker-reference-row">
                  <span className="w-9 shrink-0 rounded-md bg-slate-200 text-center text-xs leading-6 font-bold dark:bg-slate-700">
                    {card.label}
                  </span>
                  <span className="min-w-0 text-slate-700 dark:text-slate-300">
                    {references
                      .get(card.label)!
                      .map((r) => r.title)
                      .join(' · ')}
                  </span>
                </li>
              ))}
          </ul>
        </details>
      )}
    </div>
  );
}
