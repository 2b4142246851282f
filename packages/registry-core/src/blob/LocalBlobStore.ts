import fs from 'node:fs';
import path from 'node:path';
import { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NotFoundError } from '../errors';
import { BlobInfo, BlobStore, ByteRange, SendBlobOptions } from './BlobStore';
import { sendFileRange } from './sendFileRange';

const KEY_PATTERN = /^[0-9a-f]{64}$/;
const FANOUT = /^[0-9a-f]{2}$/;
/** The owner marker, beside the fan-out directories (see storageOwner.ts). */
export const MARKER_NAME = 'wheelhouse-owner.json';
/**
 * Largest read when sending a blob out. Node's default (64 KiB) costs a thread-pool round trip and a socket write
 * per 64 KiB, and those round trips, not the disk, bound how fast a large download goes; larger reads make far fewer
 * of them. Memory stays bounded by backpressure (at most two chunks per download in flight). Smaller blobs get a
 * buffer of their own size: a 1 MiB buffer per small download would keep the garbage collector busy.
 */
const READ_CHUNK_BYTES = 1024 * 1024;
const MIN_READ_CHUNK_BYTES = 16 * 1024;

/**
 * Stores blobs as files under a directory, fanned out by the first two byte pairs of the key
 * (`ab/cd/abcd…`) so that no directory grows too large. Writes are atomic: the staging file is fsynced and
 * renamed into place, so a crash never leaves a partial blob visible under its key.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly options: { directory: string }) {}

  get location(): string {
    return path.resolve(this.options.directory);
  }

  async *list(): AsyncIterable<string> {
    const entries = (directory: string) =>
      fs.promises.readdir(directory).catch(() => [] as string[]);
    for (const first of await entries(this.options.directory)) {
      if (!FANOUT.test(first)) continue;
      for (const second of await entries(
        path.join(this.options.directory, first),
      )) {
        if (!FANOUT.test(second)) continue;
        for (const name of await entries(
          path.join(this.options.directory, first, second),
        ))
          if (KEY_PATTERN.test(name) && name.startsWith(first + second))
            yield name;
      }
    }
  }

  async readMarker(): Promise<string | undefined> {
    return fs.promises
      .readFile(path.join(this.options.directory, MARKER_NAME), 'utf8')
      .catch(error => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw error;
      });
  }

  async createMarker(content: string): Promise<void> {
    await fs.promises.mkdir(this.options.directory, { recursive: true });
    // 'wx': of two processes creating it at once, one writes and the other finds it.
    await fs.promises
      .writeFile(path.join(this.options.directory, MARKER_NAME), content, {
        flag: 'wx',
      })
      .catch(error => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
  }

  /** Where staging files should be written so that `putFile` can rename them (same file system). */
  get stagingDirectory(): string {
    return path.join(this.options.directory, '.staging');
  }

  async putFile(options: {
    key: string;
    path: string;
    size: number;
  }): Promise<void> {
    const target = this.pathFor(options.key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fsyncFile(options.path);
    try {
      // Content addressing: if the target exists it already holds these exact bytes.
      await fs.promises.access(target);
      await fs.promises.rm(options.path, { force: true });
      return;
    } catch {
      // absent: move the staging file into place
    }
    try {
      await fs.promises.rename(options.path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // Staging on another file system: copy to a temporary name beside the target, then rename atomically.
      const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
      await fs.promises.copyFile(options.path, temporary);
      await fsyncFile(temporary);
      await fs.promises.rename(temporary, target);
      await fs.promises.rm(options.path, { force: true });
    }
    await fsyncDirectory(path.dirname(target));
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const { handle, start, end } = await this.open(key, range);
    if (end < start) {
      await handle.close();
      return Readable.from([]);
    }
    const highWaterMark = Math.min(
      READ_CHUNK_BYTES,
      Math.max(MIN_READ_CHUNK_BYTES, end - start + 1),
    );
    return handle.createReadStream({ start, end, highWaterMark });
  }

  async sendTo({ key, target, range, onOpen }: SendBlobOptions): Promise<void> {
    const { handle, start, end } = await this.open(key, range);
    try {
      onOpen?.();
      if (end < start) await new Promise<void>(resolve => target.end(resolve));
      else
        await sendFileRange({
          handle,
          target,
          start,
          end,
          chunkBytes: READ_CHUNK_BYTES,
        });
    } finally {
      await handle.close();
    }
  }

  /** Opens a blob and clamps the range to its size; NotFoundError when it is absent. */
  private async open(
    key: string,
    range?: ByteRange,
  ): Promise<{ handle: FileHandle; start: number; end: number }> {
    const handle = await fs.promises
      .open(this.pathFor(key), 'r')
      .catch(error => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new NotFoundError(`Blob ${key} not found`);
        throw error;
      });
    try {
      const { size } = await handle.stat();
      const start = range?.start ?? 0;
      return { handle, start, end: Math.min(range?.end ?? size - 1, size - 1) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const stats = await fs.promises.stat(this.pathFor(key));
      return { key, size: stats.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathFor(key), { force: true });
  }

  private pathFor(key: string): string {
    if (!KEY_PATTERN.test(key))
      throw new Error(`Invalid blob key ${JSON.stringify(key)}`);
    return path.join(
      this.options.directory,
      key.slice(0, 2),
      key.slice(2, 4),
      key,
    );
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDirectory(directory: string): Promise<void> {
  // Makes the rename durable; not every platform allows opening a directory, which is fine to ignore.
  try {
    await fsyncFile(directory);
  } catch {
    /* best effort */
  }
}
