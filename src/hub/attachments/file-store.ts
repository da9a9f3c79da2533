/**
 * Where the contents of agents' uploads live: a folder on disk (under the data folder) by default, behind an
 * interface so an object store (S3, Azure Blob) can take its place when several hubs must serve the same files.
 * The database keeps only what describes a file (uploads table); contents are streamed in and out, never held in
 * memory whole and never in the store, so a large upload costs neither the event loop nor the database.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileStore {
  /**
   * Streams `content` into the file `key`. Resolves with its size, or with `tooLarge` once more than `maxBytes`
   * arrived (the rest is read and dropped, so the caller can still answer on the same connection; nothing is kept).
   */
  write(key: string, content: Readable, maxBytes: number): Promise<{ sizeBytes: number } | { tooLarge: true }>;
  /** The file's contents as a stream, or null when there is no such file. */
  read(key: string): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Files in one folder, named by key (upload ids: UUIDs, never a path a caller chose). */
export class LocalFolderFileStore implements FileStore {
  private constructor(
    readonly folder: string,
    private readonly removeOnClose: boolean,
  ) {}

  /** `<dataDir>/files`; for an in-memory store (`memory://`), a temporary folder removed on close. */
  static async forDataDir(dataDir: string): Promise<LocalFolderFileStore> {
    if (dataDir === 'memory://')
      return new LocalFolderFileStore(await mkdtemp(join(tmpdir(), 'agent-desktop-files-')), true);
    const folder = join(dataDir, 'files');
    await mkdir(folder, { recursive: true });
    return new LocalFolderFileStore(folder, false);
  }

  async write(key: string, content: Readable, maxBytes: number): Promise<{ sizeBytes: number } | { tooLarge: true }> {
    const target = this.pathOf(key);
    // Written beside its final name, then renamed: a reader never sees half a file, a crash leaves only a .part.
    const partial = `${target}.${randomUUID()}.part`;
    let sizeBytes = 0;
    let tooLarge = false;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) tooLarge = true;
        callback(null, tooLarge ? undefined : chunk);
      },
    });
    try {
      await pipeline(content, limit, createWriteStream(partial));
      if (tooLarge) return { tooLarge: true };
      await rename(partial, target);
      return { sizeBytes };
    } finally {
      await rm(partial, { force: true });
    }
  }

  async read(key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    const found = await stat(path).catch(() => null);
    return found?.isFile() ? createReadStream(path) : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async close(): Promise<void> {
    if (this.removeOnClose) await rm(this.folder, { recursive: true, force: true });
  }

  private pathOf(key: string): string {
    if (!/^[0-9a-zA-Z-]{1,100}$/.test(key)) throw new Error(`not a file key: ${key}`);
    return join(this.folder, key);
  }
}
