'use client';

import { serverStatesComing, type BoardConnection, type ConnectionSnapshot } from '@/lib/client/board-connection';
import type { Role } from '@/lib/session/roles';
import { usePoker } from '@/lib/client/hooks/use-poker';
import { PokerPanel } from '../poker/PokerPanel';
import { PokerSheet } from '../poker/PokerSheet';
import { MEDIA_LG } from '../ui/breakpoints';
import { useMediaQuery } from '../ui/use-media-query';

/**
 * Feature panels shown beside the backlog (planning poker, refinement tools, meeting agenda).
 * Each feature mounts its own panel here so the board screen itself stays small.
 */
export function BoardPanels({
  connection,
  snapshot,
  role,
}: {
  connection: BoardConnection;
  snapshot: ConnectionSnapshot;
  /** This person's role as far as the page knows it (the session's, else the preview's). */
  role: Role | null;
}) {
  const poker = usePoker(connection);
  // Matches the board's `lg` breakpoint, where the panels column is always visible.
  const wide = useMediaQuery(MEDIA_LG);
  const round = poker.view?.round ?? null;
  if (round && !wide) {
    return (
      <>
        <p className="p-4 text-sm text-slate-600 dark:text-slate-300">
          Planning poker is running; it is shown at the bottom of the screen.
        </p>
        <PokerSheet title={round.itemTitle} roundId={round.id}>
          <PokerPanel connection={connection} poker={poker} compact />
        </PokerSheet>
      </>
    );
  }
  return <PokerPanel connection={connection} poker={poker} holdRoomFor={serverStatesComing(snapshot.status) ? role : null} />;
}
