import fs from 'node:fs/promises';
import path from 'node:path';

/** What a board's attachments take: the quota is checked against it. */
export interface AttachmentUsage {
  bytes: number;
  files: number;
}

export interface AttachmentQuota {
  maxFiles: number;
  maxBytes: number;
}

/** `stored`, or which cap the file would have passed (nothing stored then). */
export type PutOutcome = 'stored' | 'files' | 'bytes';

/**
 * Where uploaded attachments' bytes live, with what a board holds (its file names and sizes).
 * On SQLite they stay files in DATA_DIR; on PostgreSQL they are rows, so every node of a cluster
 * serves every board's images and counts one quota.
 */
export interface AttachmentStore {
  /** Stores `data` as `file` unless the board would pass a cap; the check and the write are one step. */
  put(boardId: string, file: string, data: Uint8Array, quota: AttachmentQuota): Promise<PutOutcome>;
  /** The bytes, or null when the board has no such file. */
  get(boardId: string, file: string): Promise<Uint8Array | null>;
  /** Every file of a board with its size (for migrations and checks). */
  list(boardId: string): Promise<Array<{ file: string; size: number }>>;
}

/** The names the upload endpoint gives files: 24 hex digits and the image type's extension. */
export const ATTACHMENT_FILE_NAME = /^[a-f0-9]{24}\.(png|jpg|gif|webp)$/;

/**
 * Attachments as files in DATA_DIR/attachments/<board>/, the embedded default. One process owns
 * the folder, so what each board holds is read from disk once and then kept up to date on every
 * write (rescanning on every upload cost 66 ms at 3,000 files). Callers serialise puts per board.
 */
export class DiskAttachmentStore implements AttachmentStore {
  private readonly usageByBoard = new Map<string, AttachmentUsage>();

  constructor(private readonly dataDir: string) {}

  private boardDir(boardId: string): string {
    return path.join(this.dataDir, 'attachments', boardId);
  }

  async list(boardId: string): Promise<Array<{ file: string; size: number }>> {
    const dir = this.boardDir(boardId);
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((n) => ATTACHMENT_FILE_NAME.test(n));
    } catch {
      return []; // No folder yet: nothing stored.
    }
    const sizes = await Promise.all(
      names.map((n) =>
        fs.stat(path.join(dir, n)).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    return names.map((file, i) => ({ file, size: sizes[i] }));
  }

  private async usage(boardId: string): Promise<AttachmentUsage> {
    const known = this.usageByBoard.get(boardId);
    if (known) return known;
    const files = await this.list(boardId);
    const usage = { bytes: files.reduce((sum, f) => sum + f.size, 0), files: files.length };
    this.usageByBoard.set(boardId, usage);
    return usage;
  }

  async put(boardId: string, file: string, data: Uint8Array, quota: AttachmentQuota): Promise<PutOutcome> {
    const usage = await this.usage(boardId);
    if (usage.files + 1 > quota.maxFiles) return 'files';
    if (usage.bytes + data.byteLength > quota.maxBytes) return 'bytes';
    const dir = this.boardDir(boardId);
    await fs.mkdir(dir, { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const temp = path.join(dir, `.${file}.tmp`);
    try {
      await fs.writeFile(temp, data);
      await fs.rename(temp, path.join(dir, file));
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    usage.bytes += data.byteLength;
    usage.files += 1;
    return 'stored';
  }

  async get(boardId: string, file: string): Promise<Uint8Array | null> {
    if (!ATTACHMENT_FILE_NAME.test(file)) return null;
    try {
      return await fs.readFile(path.join(this.boardDir(boardId), file));
    } catch {
      return null;
    }
  }
}
