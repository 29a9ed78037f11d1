import { ITEM_KINDS } from '@/lib/board/schema';
import { KIND_LABEL } from './kinds';

/** Every item kind as an `<option>`, in the schema's order, with its label: for each kind picker. */
export function KindOptions() {
  return (
    <>
      {ITEM_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {KIND_LABEL[kind]}
        </option>
      ))}
    </>
  );
}
