import { headers } from 'next/headers';
import { getBoardPreview } from '@/lib/board/preview-bridge';
import { EARLY_SOCKET_SCRIPT } from '@/lib/client/early-socket-script';
import { BoardScreen } from '../../components/shell/BoardScreen';

export default async function BoardPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string }>;
}) {
  const { id } = await params;
  const { key } = await searchParams;
  // Set per request by proxy.ts; the inline script below runs only with it (CSP).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  // The top of the backlog, rendered into the HTML (null without a valid key).
  const preview = typeof key === 'string' ? await getBoardPreview(id, key) : null;
  return (
    <>
      {/* Opens the document socket before the app's JavaScript has loaded (early-socket-script.ts). */}
      {preview && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EARLY_SOCKET_SCRIPT }} />}
      <BoardScreen boardId={id} boardKey={typeof key === 'string' ? key : ''} preview={preview} />
    </>
  );
}
