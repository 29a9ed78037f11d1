import type { BoardPreview } from './preview';

/**
 * The Next.js pages are bundled apart from the server (server/), so they cannot import its
 * room registry. The server registers one function here at start-up, on a process-wide
 * symbol, and the board page asks it for the preview it renders into the HTML. It lives in lib/,
 * below both, because app/ never imports server/.
 */
export type BoardPreviewSource = (boardId: string, key: string) => Promise<BoardPreview | null>;

const SOURCE = Symbol.for('refinery.boardPreviewSource');

type WithSource = typeof globalThis & { [SOURCE]?: BoardPreviewSource };

export function provideBoardPreviews(source: BoardPreviewSource | null): void {
  (globalThis as WithSource)[SOURCE] = source ?? undefined;
}

/**
 * The preview of a board for a key, or null: without a server (next dev on its own), for a
 * wrong key, on any error, or when it takes longer than `timeoutMs`. The page never waits
 * long or fails for it; without a preview it renders as before, and the live board follows.
 */
export async function getBoardPreview(boardId: string, key: string, timeoutMs = 400): Promise<BoardPreview | null> {
  const source = (globalThis as WithSource)[SOURCE];
  if (!source || !key) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      source(boardId, key),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
