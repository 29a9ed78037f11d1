import type pg from 'pg';
import { inTransaction } from './pg-transaction';
import type { BoardRecord } from './store';

/** Everything one board is, as `npm run migrate` copies it. */
export interface BoardImport {
  board: BoardRecord;
  updates: Uint8Array[];
  controlState: Array<{ name: string; value: unknown }>;
  attachments: Array<{ file: string; data: Uint8Array }>;
}

const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Writes a whole board in one transaction: a migration stopped half-way leaves each board either
 * copied or absent, never a record without its document.
 */
export function importBoard(pool: pg.Pool, data: BoardImport): Promise<void> {
  const { board } = data;
  return inTransaction(pool, async (client) => {
    await client.query(
      'INSERT INTO boards (id, title, created_at, facilitator_hash, participant_hash, spectator_hash) VALUES ($1, $2, $3, $4, $5, $6)',
      [board.id, board.title, board.createdAt, board.keyHashes.facilitator, board.keyHashes.participant, board.keyHashes.spectator],
    );
    for (const update of data.updates)
      await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [board.id, bytes(update)]);
    for (const { name, value } of data.controlState) {
      await client.query('INSERT INTO control_state (board_id, name, value) VALUES ($1, $2, $3::jsonb)', [
        board.id,
        name,
        JSON.stringify(value),
      ]);
    }
    for (const { file, data: content } of data.attachments) {
      await client.query('INSERT INTO attachments (board_id, name, size, data) VALUES ($1, $2, $3, $4)', [
        board.id,
        file,
        content.byteLength,
        bytes(content),
      ]);
    }
  });
}

/**
 * Every board id and every control-state name per board, for copying and checking. Sorted in
 * byte order (COLLATE "C", as SQLite sorts), not the database's: under en_US "meetings" sorts
 * before "meeting-start", and the migration's check compares the two lists in order.
 */
export async function listBoardIds(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM boards ORDER BY id COLLATE "C"');
  return rows.map((row) => row.id);
}

export async function listControlStateNames(pool: pg.Pool, boardId: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>('SELECT name FROM control_state WHERE board_id = $1 ORDER BY name COLLATE "C"', [
    boardId,
  ]);
  return rows.map((row) => row.name);
}
