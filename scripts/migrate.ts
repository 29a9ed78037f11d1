/**
 * Moves an install from the embedded SQLite store to PostgreSQL:
 *
 *   npm run migrate -- --from sqlite:./data --to postgres://user:pass@host/db [--as-is]
 *
 * Copies every board (record with its keys' hashes, document, control state, attachments), each
 * board in one transaction, then reads everything back from PostgreSQL and checks it against the
 * source: board count, each document (state vector and delete set), control-state names and
 * values, attachment names, sizes and bytes. Documents are merged into one row per board unless
 * `--as-is` keeps their rows. Run it with the server stopped (the SQLite file must not change
 * meanwhile).
 *
 * Safe to run again: a board already in the target is checked, not copied twice. A target holding
 * a board the source does not have, or a different version of one, is refused, naming it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'libsql';
import * as Y from 'yjs';
import { DiskAttachmentStore } from '../server/store/attachment-store';
import type { BoardImport } from '../server/store/pg-import';
import { PgStore, redactUrl } from '../server/store/pg-store';
import { SqliteStore } from '../server/store/sqlite-store';

interface Args {
  fromDir: string;
  to: string;
  asIs: boolean;
}

const USAGE = 'usage: npm run migrate -- --from sqlite:<data dir> --to postgres://… [--as-is]';

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = value('--from');
  const to = value('--to') ?? process.env.DATABASE_URL;
  if (!from || !from.startsWith('sqlite:')) throw new Error(`--from must be sqlite:<data dir>\n${USAGE}`);
  if (!to || !/^postgres(ql)?:\/\//.test(to)) throw new Error(`--to must be a postgres:// URL\n${USAGE}`);
  const fromDir = path.resolve(from.slice('sqlite:'.length) || '.');
  if (!fs.existsSync(path.join(fromDir, 'refinery.db'))) throw new Error(`no refinery.db in ${fromDir}: is that the server's DATA_DIR?`);
  return { fromDir, to, asIs: argv.includes('--as-is') };
}

/** The SQLite data folder, read: what the server stored there, board by board. */
class SqliteSource {
  readonly store: SqliteStore;
  private readonly db: Database.Database;
  readonly attachments: DiskAttachmentStore;

  constructor(dir: string) {
    this.store = new SqliteStore(dir);
    this.db = new Database(path.join(dir, 'refinery.db'));
    this.attachments = new DiskAttachmentStore(dir);
  }

  boardIds(): string[] {
    return (this.db.prepare('SELECT id FROM boards ORDER BY id').all() as Array<{ id: string }>).map((row) => String(row.id));
  }

  controlStateNames(boardId: string): string[] {
    const rows = this.db.prepare('SELECT name FROM control_state WHERE board_id = ? ORDER BY name').all([boardId]) as Array<{
      name: string;
    }>;
    return rows.map((row) => String(row.name));
  }

  async read(boardId: string, asIs: boolean): Promise<BoardImport> {
    const board = (await this.store.getBoard(boardId))!;
    const rows = await this.store.loadUpdates(boardId);
    const updates = asIs || rows.length <= 1 ? rows : [Y.mergeUpdates(rows)];
    const controlState = await Promise.all(
      this.controlStateNames(boardId).map(async (name) => ({ name, value: await this.store.getControlState(boardId, name) })),
    );
    const files = await this.attachments.list(boardId);
    const attachments = await Promise.all(files.map(async ({ file }) => ({ file, data: (await this.attachments.get(boardId, file))! })));
    return { board, updates, controlState, attachments };
  }

  async close(): Promise<void> {
    this.db.close();
    await this.store.close();
  }
}

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** What differs between the source's board and the target's, in words; empty when they match. */
async function differences(source: BoardImport, target: PgStore): Promise<string[]> {
  const { id } = source.board;
  const problems: string[] = [];
  if (!isDeepStrictEqual(await target.getBoard(id), source.board)) problems.push('board record (title, keys) differs');
  const [a, b] = [docFrom(source.updates), docFrom(await target.loadUpdates(id))];
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) problems.push('document differs (state vector or deletions)');
  a.destroy();
  b.destroy();
  const names = await target.listControlStateNames(id);
  const sourceNames = source.controlState.map((c) => c.name);
  if (!isDeepStrictEqual(names, sourceNames))
    problems.push(`control state names ${JSON.stringify(names)} ≠ ${JSON.stringify(sourceNames)}`);
  for (const { name, value } of source.controlState) {
    if (!isDeepStrictEqual(await target.getControlState(id, name), value)) problems.push(`control state "${name}" differs`);
  }
  const listed = await target.attachments.list(id);
  const expected = source.attachments.map((a) => ({ file: a.file, size: a.data.byteLength })).sort((x, y) => x.file.localeCompare(y.file));
  if (!isDeepStrictEqual(listed, expected)) problems.push(`attachments ${listed.length} ≠ ${expected.length} (names or sizes differ)`);
  for (const { file, data } of source.attachments) {
    const stored = await target.attachments.get(id, file);
    if (!stored || sha256(stored) !== sha256(data)) problems.push(`attachment ${file} differs`);
  }
  return problems;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`from sqlite:${args.fromDir}`);
  out(`to   ${redactUrl(args.to)}`);
  const source = new SqliteSource(args.fromDir);
  const target = await PgStore.open(args.to, { poolSize: 2, nodeId: 'migrate' });
  try {
    const ids = source.boardIds();
    const sourceIds = new Set(ids);
    const foreign = (await target.listBoardIds()).filter((id) => !sourceIds.has(id));
    if (foreign.length > 0) {
      throw new Error(
        `the target already holds ${foreign.length} board(s) that are not in the source (${foreign.slice(0, 3).join(', ')}…): migrate into an empty database`,
      );
    }
    const totals = { copied: 0, alreadyThere: 0, rowsBefore: 0, rowsAfter: 0, controlStates: 0, attachments: 0, attachmentBytes: 0 };
    for (const id of ids) {
      const board = await source.read(id, args.asIs);
      const exists = (await target.getBoard(id)) !== null;
      if (exists) {
        const problems = await differences(board, target);
        if (problems.length > 0) throw new Error(`board ${id} is already in the target, differently: ${problems.join('; ')}`);
        totals.alreadyThere += 1;
      } else {
        await target.importBoard(board);
        totals.copied += 1;
      }
      totals.rowsBefore += (await source.store.loadUpdates(id)).length;
      totals.rowsAfter += (await target.loadUpdates(id)).length;
      totals.controlStates += board.controlState.length;
      totals.attachments += board.attachments.length;
      totals.attachmentBytes += board.attachments.reduce((sum, a) => sum + a.data.byteLength, 0);
    }

    // Checked after copying, by reading the target back: the counts and every board.
    const failures: string[] = [];
    const targetIds = await target.listBoardIds();
    if (targetIds.length !== ids.length) failures.push(`boards: ${ids.length} in the source, ${targetIds.length} in the target`);
    for (const id of ids) {
      for (const problem of await differences(await source.read(id, args.asIs), target)) failures.push(`board ${id}: ${problem}`);
    }
    out(`boards:        ${ids.length} (${totals.copied} copied, ${totals.alreadyThere} already there)`);
    out(`updates:       ${totals.rowsBefore} rows → ${totals.rowsAfter} rows${args.asIs ? '' : ' (merged per board)'}`);
    out(`control state: ${totals.controlStates}`);
    out(`attachments:   ${totals.attachments} (${totals.attachmentBytes} bytes)`);
    if (failures.length > 0) {
      for (const failure of failures) out(`MISMATCH ${failure}`);
      throw new Error(`${failures.length} mismatch(es) between source and target`);
    }
    out('verified: every board, document, control state and attachment matches');
  } finally {
    await source.close();
    await target.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`migrate: ${err.message}\n`);
  process.exit(1);
});
