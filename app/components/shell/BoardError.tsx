import Link from 'next/link';
import type { HandshakeError } from '@/lib/protocol';

/** One message per handshake refusal (lib/protocol.ts): adding a reason breaks the build here. */
const MESSAGES: Record<HandshakeError, string> = {
  wrong_key: 'This link’s key is not valid for this board. Ask the facilitator for a fresh link.',
  unknown_board: 'This board does not exist (or was deleted).',
  protocol_mismatch: 'Refinery was updated. Reload the page to get the new version.',
  bad_request: 'This link is incomplete. Copy the whole link, including the part after “?key=”.',
  too_many_connections_from_address:
    'Too many Refinery connections are open from your network. Close some tabs (or ask the operator to raise MAX_CONNECTIONS_PER_IP), then reload.',
  too_many_connections_for_key:
    'Too many people are connected with this link. Close unused tabs (or ask the operator to raise MAX_CONNECTIONS_PER_KEY), then reload.',
};

function messageFor(reason: string | null): string | null {
  return reason !== null && Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason as HandshakeError] : null;
}

export function BoardError({ reason }: { reason: string | null }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div
        role="alert"
        className="w-full max-w-md rounded-2xl border border-rose-200 bg-white p-6 shadow-lg dark:border-rose-900 dark:bg-slate-900"
      >
        <h1 className="text-lg font-bold">Cannot open this board</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {messageFor(reason) ?? `Unexpected error (${reason ?? 'unknown'}).`}
        </p>
        <Link href="/" className="mt-4 inline-block text-sm font-semibold text-indigo-700 underline dark:text-indigo-300">
          Create a new board
        </Link>
      </div>
    </main>
  );
}
