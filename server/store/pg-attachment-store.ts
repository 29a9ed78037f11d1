import type pg from 'pg';
import type { AttachmentQuota, AttachmentStore, PutOutcome } from './attachment-store';
import { inTransaction } from './pg-transaction';

/** Two-key advisory lock class for a board's attachment quota (apart from the store's board lock). */
const QUOTA_LOCK_CLASS = 0x4154;

/**
 * Attachments as rows (bytea) in PostgreSQL: every node serves every board's images, and the
 * per-board quota is checked and counted under one advisory lock for the whole cluster. Images
 * are at most 2 MiB and 100 MiB per board, well within what bytea rows carry.
 */
export class PgAttachmentStore implements AttachmentStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(boardId: string, file: string, data: Uint8Array, quota: AttachmentQuota): Promise<PutOutcome> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [QUOTA_LOCK_CLASS, boardId]);
      const { rows } = await client.query<{ files: string; bytes: string }>(
        'SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM attachments WHERE board_id = $1',
        [boardId],
      );
      if (Number(rows[0].files) + 1 > quota.maxFiles) return 'files';
      if (Number(rows[0].bytes) + data.byteLength > quota.maxBytes) return 'bytes';
      await client.query('INSERT INTO attachments (board_id, name, size, data) VALUES ($1, $2, $3, $4)', [
        boardId,
        file,
        data.byteLength,
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      ]);
      return 'stored';
    });
  }

  async get(boardId: string, file: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM attachments WHERE board_id = $1 AND name = $2', [
      boardId,
      file,
    ]);
    return rows[0] ? new Uint8Array(rows[0].data.buffer, rows[0].data.byteOffset, rows[0].data.byteLength) : null;
  }

  async list(boardId: string): Promise<Array<{ file: string; size: number }>> {
    const { rows } = await this.pool.query<{ name: string; size: number }>(
      'SELECT name, size FROM attachments WHERE board_id = $1 ORDER BY name',
      [boardId],
    );
    return rows.map((row) => ({ file: row.name, size: Number(row.size) }));
  }
}
