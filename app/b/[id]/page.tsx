import { BoardScreen } from '../../components/board/BoardScreen';

export default async function BoardPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string }>;
}) {
  const { id } = await params;
  const { key } = await searchParams;
  return <BoardScreen boardId={id} boardKey={key ?? ''} />;
}
