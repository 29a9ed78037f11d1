import { getBoardPreview } from '@/lib/board/preview-bridge';
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
  // The top of the backlog, rendered into the HTML (null without a valid key).
  const preview = typeof key === 'string' ? await getBoardPreview(id, key) : null;
  return <BoardScreen boardId={id} boardKey={typeof key === 'string' ? key : ''} preview={preview} />;
}
