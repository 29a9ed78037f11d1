import { PresentScreen } from '../../../components/shell/PresentScreen';

export default async function PresentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ key?: string }>;
}) {
  const { id } = await params;
  const { key } = await searchParams;
  return <PresentScreen boardId={id} boardKey={key ?? ''} />;
}
