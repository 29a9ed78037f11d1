'use client';

import { useState } from 'react';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useItems } from '@/lib/client/hooks/use-board';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import { DECK_NAMES } from '@/lib/poker/decks';
import type { ItemView } from '@/lib/board/schema';
import type { Role } from '@/lib/session/roles';
import { PokerIdle, PokerWaitingNote } from './PokerIdle';
import { PokerSettingsForm } from './PokerSettingsForm';
import { RoundView } from './RoundView';

/**
 * "Connecting…" until the poker state comes, over the room of the idle section the page expects
 * (a facilitator's controls and list, or a participant's note), held invisible and inert so the
 * panels below do not move when the state comes; one line when no state is on its way.
 */
function PokerConnecting({ holdRoomFor, items }: { holdRoomFor: Role | null; items: ItemView[] }) {
  const connecting = <p className="text-sm text-slate-500 dark:text-slate-400">Connecting…</p>;
  if (!holdRoomFor) return connecting;
  return (
    <div className="relative">
      <div aria-hidden="true" inert className="invisible" data-testid="poker-connecting-slot">
        {holdRoomFor === 'facilitator' ? <PokerIdle isFacilitator items={items} send={null} /> : <PokerWaitingNote slot />}
      </div>
      <div className="absolute inset-0 p-4">{connecting}</div>
    </div>
  );
}

/** Planning poker: the round as this client may see it, and the facilitator's controls. */
export function PokerPanel({
  connection,
  poker,
  compact = false,
  holdRoomFor = null,
}: {
  connection: BoardConnection;
  poker: PokerClient;
  compact?: boolean;
  /**
   * Until the poker state comes: the role whose idle section to hold the room of (the page's
   * guess: the session's role, else the preview's), or null for one "Connecting…" line (offline,
   * slowed: the state is not on its way).
   */
  holdRoomFor?: Role | null;
}) {
  const items = useItems(connection.doc);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const view = poker.view;
  const isFacilitator = view?.me.role === 'facilitator';
  // Until the poker state comes, the header is laid out for the role expected (PokerConnecting).
  const facilitatorLayout = view ? isFacilitator : holdRoomFor === 'facilitator';

  return (
    <section aria-labelledby="poker-heading" data-testid="poker-panel" className={`space-y-4 p-4 ${compact ? 'pt-0' : ''}`}>
      <header className={`flex items-center justify-between gap-2 ${compact && !facilitatorLayout ? 'sr-only' : ''}`}>
        <div>
          <h2 id="poker-heading" className="text-base font-bold">
            Planning poker
          </h2>
          {view ? (
            <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="poker-deck-name">
              {DECK_NAMES[view.settings.deck.kind]}
              {view.settings.autoReveal && ' · auto-reveal'}
              {view.settings.sprintThreshold !== null && ` · sprint ≤ ${view.settings.sprintThreshold}`}
            </p>
          ) : (
            <p aria-hidden="true" className="invisible text-xs">
              &nbsp;
            </p>
          )}
        </div>
        {isFacilitator && (
          <button
            type="button"
            aria-expanded={settingsOpen}
            data-testid="poker-settings-toggle"
            onClick={() => setSettingsOpen((v) => !v)}
            className="min-h-11 rounded-xl px-3 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
          >
            {settingsOpen ? 'Close settings' : 'Settings'}
          </button>
        )}
        {!view && facilitatorLayout && <span aria-hidden="true" className="invisible min-h-11" />}
      </header>
      {poker.error && (
        <p
          role="alert"
          data-testid="poker-error"
          className="flex items-start justify-between gap-2 rounded-xl bg-rose-100 px-3 py-2 text-sm text-rose-900 dark:bg-rose-950 dark:text-rose-100"
        >
          {poker.error}
          <button type="button" aria-label="Dismiss" onClick={poker.clearError} className="font-bold">
            ×
          </button>
        </p>
      )}
      {!view ? (
        <PokerConnecting holdRoomFor={holdRoomFor} items={items} />
      ) : (
        <>
          {settingsOpen && isFacilitator && (
            <PokerSettingsForm settings={view.settings} send={poker.send} onDone={() => setSettingsOpen(false)} />
          )}
          {view.round ? (
            <RoundView view={view} items={items} doc={connection.doc} poker={poker} />
          ) : (
            <PokerIdle isFacilitator={isFacilitator} items={items} send={poker.send} />
          )}
        </>
      )}
    </section>
  );
}
