'use client';

import type { CreateBoardResponse } from '@/lib/protocol';
import type { Role } from '@/lib/session/roles';
import { CopyButton } from '../ui/CopyButton';
import { QrCode } from '../ui/QrCode';

const ROLE_HELP: Record<Role, string> = {
  facilitator: 'Keep this one: it runs the meeting (reveal votes, drive the agenda).',
  participant: 'Share with the team: they can edit, vote and comment.',
  spectator: 'Open on the projector: read-only, follows the facilitator.',
};

export function BoardLinks({ board }: { board: CreateBoardResponse }) {
  return (
    <div className="mt-6 space-y-4" data-testid="board-links">
      <p className="text-sm">
        Board <strong>{board.title}</strong> is ready. These links are the only way in; keep the facilitator link private.
      </p>
      {(['facilitator', 'participant', 'spectator'] as const).map((role) => (
        <div key={role} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
          <div className="flex items-center justify-between gap-2">
            <span className="font-medium capitalize">{role}</span>
            <CopyButton text={board.links[role]} label={`Copy ${role} link`} />
          </div>
          <a
            href={board.links[role]}
            data-testid={`link-${role}`}
            className="mt-1 block break-all text-sm text-indigo-700 underline dark:text-indigo-300"
          >
            {board.links[role]}
          </a>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{ROLE_HELP[role]}</p>
        </div>
      ))}
      <div className="flex flex-col items-center gap-4 rounded-lg border border-slate-200 p-4 sm:flex-row dark:border-slate-700">
        <QrCode text={board.links.participant} label="QR code of the participant link" />
        <div className="text-sm">
          <p className="font-medium">Joining from a phone?</p>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            Put this on the projector: scanning it opens the participant link. Then open the spectator link there.
          </p>
          <a
            href={board.links.facilitator}
            className="mt-3 inline-block rounded-lg bg-indigo-600 px-3 py-2 font-semibold text-white hover:bg-indigo-700"
          >
            Open the board as facilitator
          </a>
        </div>
      </div>
    </div>
  );
}
