'use client';

import { useMemo } from 'react';
import type * as Y from 'yjs';
import { ensureVisionText, setVisionShown } from '@/lib/board/settings';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { CollabText } from '../ui/CollabText';
import { btnSecondary } from '../ui/styles';

/** The product vision, brought up by the facilitator for everyone; edited together. */
export function VisionBanner({
  connection,
  canEdit,
  isFacilitator,
}: {
  connection: BoardConnection;
  canEdit: boolean;
  isFacilitator: boolean;
}) {
  const doc = connection.doc;
  const view = useRefinementView(doc);
  const { write } = useBoardWrite(connection);
  const meta = doc.getMap('meta').get('vision');
  // `meta` is a dependency on purpose: when the vision text object is replaced (a remote peer
  // created it first), the binding must follow the one that won.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const text = useMemo(() => (canEdit ? write(ensureVisionText) : null), [write, canEdit, meta]);
  if (!view.settings.visionShown) return null;
  const plain = meta && typeof (meta as Y.Text).toString === 'function' ? String(meta) : '';
  return (
    <section
      aria-labelledby="vision-heading"
      data-testid="vision-banner"
      className="border-b-4 border-indigo-500 bg-indigo-50 p-4 dark:bg-indigo-950"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id="vision-heading" className="text-sm font-bold tracking-wide text-indigo-800 uppercase dark:text-indigo-200">
          Product vision
        </h2>
        {isFacilitator && (
          <button
            type="button"
            className={btnSecondary}
            onClick={() => write((d, o) => setVisionShown(d, false, o))}
            data-testid="vision-hide"
          >
            Hide
          </button>
        )}
      </div>
      {text ? (
        <CollabText
          text={text}
          origin={connection.localOrigin}
          multiline
          label="Product vision"
          className="mt-2 w-full resize-none rounded-lg bg-white/70 p-2 text-lg dark:bg-slate-900/70"
          testId="vision-text"
        />
      ) : (
        <p className="mt-2 text-lg whitespace-pre-wrap" data-testid="vision-text">
          {plain || 'No vision written yet.'}
        </p>
      )}
    </section>
  );
}
