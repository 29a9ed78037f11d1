/**
 * The backup schema's limits (lib/export/backup-layout.ts) refuse nothing the restore route's body
 * limit lets through: a restore is bounded by its bytes, and a board by its own, never by a count
 * or a text length a board could pass (a 120,000-character acceptance criteria or 20,001 items
 * once made the whole backup unrestorable).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BACKUP_BYTES, MAX_BACKUP_ITEMS } from '../lib/export/backup-layout';
import { parseBackup } from '../lib/export/backup-schema';

const emptyBackup = () => ({
  format: 'refinery-board-backup',
  schemaVersion: 1,
  exportedAt: new Date(0).toISOString(),
  source: { boardId: null, title: 'Limits' },
  meta: { title: 'Limits' },
  items: [] as Array<Record<string, string>>,
});

const ID_DIGITS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
/** The shortest distinct item ids: 64 of one character, then 4,096 of two… */
function shortId(n: number): string {
  let id = '';
  do {
    id += ID_DIGITS[n % 64];
    n = Math.floor(n / 64);
  } while (n > 0);
  return id;
}

describe('restore limits against the restore body limit', () => {
  it('a body at the limit holding one long text is accepted', () => {
    const backup = emptyBackup();
    const item = { id: 'spec', title: 'Spec', rank: 'a0', acceptanceCriteria: '' };
    backup.items.push(item);
    item.acceptanceCriteria = 'x'.repeat(MAX_BACKUP_BYTES - JSON.stringify(backup).length);
    const body = JSON.stringify(backup);
    assert.equal(Buffer.byteLength(body), MAX_BACKUP_BYTES);
    assert.equal(parseBackup(JSON.parse(body)).items[0].acceptanceCriteria, item.acceptanceCriteria);
  });

  it('a body at the limit holding as many items as it can carry is accepted', () => {
    const backup = emptyBackup();
    let bytes = JSON.stringify(backup).length;
    for (let n = 0; ; n++) {
      const item = { id: shortId(n), title: 'x', rank: 'a' };
      const size = JSON.stringify(item).length + (n > 0 ? 1 : 0);
      if (bytes + size > MAX_BACKUP_BYTES) break;
      backup.items.push(item);
      bytes += size;
    }
    const body = JSON.stringify(backup);
    assert.equal(Buffer.byteLength(body), bytes);
    assert.ok(backup.items.length > 400_000, `${backup.items.length} items`);
    assert.ok(backup.items.length <= MAX_BACKUP_ITEMS);
    assert.equal(parseBackup(JSON.parse(body)).items.length, backup.items.length);
  });
});
