import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AppendedUpdate {
  boardId: string;
  update: Uint8Array;
}

/**
 * A group commit as one buffer of its own (board id, then update, per row), so it crosses to
 * the store's worker thread as a transfer: structured-cloning an array of objects that each
 * hold a Uint8Array cost the main thread a serialisation per row, on every commit.
 */
export function encodeAppendBatch(batch: ReadonlyArray<AppendedUpdate>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, batch.length);
  for (const { boardId, update } of batch) {
    encoding.writeVarString(encoder, boardId);
    encoding.writeVarUint8Array(encoder, update);
  }
  // A fresh buffer of exactly this size: it can be transferred whole.
  return encoding.toUint8Array(encoder);
}

/** The rows of an encoded batch; each update is a view into `bytes`, not a copy. */
export function decodeAppendBatch(bytes: Uint8Array): AppendedUpdate[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const batch: AppendedUpdate[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const boardId = decoding.readVarString(decoder);
    batch[i] = { boardId, update: decoding.readVarUint8Array(decoder) };
  }
  if (decoding.hasContent(decoder)) throw new Error('append batch has trailing bytes');
  return batch;
}
