import { Readable } from 'node:stream';

export interface SmallBlobCacheOptions {
  /** Blobs up to this size are kept (default 64 KiB). */
  maxBlobBytes?: number;
  /** Bytes kept in all; the oldest go first (default 32 MiB). */
  maxBytes?: number;
}

export const DEFAULT_SMALL_BLOB_BYTES = 64 * 1024;
export const DEFAULT_SMALL_BLOB_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The bytes of small blobs in memory. Blobs are content addressed and never change, so a kept copy cannot be stale;
 * whether a file may still be downloaded is the file index's business, not this cache's. Serving a small wheel from
 * here is one write, where the blob store needs an open, a stat, a read and a close on the thread pool.
 */
export class SmallBlobCache {
  private readonly blobs = new Map<string, Buffer>();
  private readonly loading = new Map<string, Promise<Buffer>>();
  private bytes = 0;
  readonly maxBlobBytes: number;
  private readonly maxBytes: number;

  constructor(options: SmallBlobCacheOptions = {}) {
    this.maxBlobBytes = options.maxBlobBytes ?? DEFAULT_SMALL_BLOB_BYTES;
    this.maxBytes = options.maxBytes ?? DEFAULT_SMALL_BLOB_CACHE_BYTES;
  }

  get size(): number {
    return this.bytes;
  }

  get(key: string): Buffer | undefined {
    return this.blobs.get(key);
  }

  /** The kept bytes, or those of `open` (kept when the blob is small enough); concurrent loads share one read. */
  async load(key: string, open: () => Promise<Readable>): Promise<Buffer> {
    const kept = this.blobs.get(key);
    if (kept) return kept;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const chunks: Buffer[] = [];
        let length = 0;
        for await (const chunk of await open()) {
          length += (chunk as Buffer).length;
          if (length > this.maxBlobBytes)
            throw new Error(`Blob ${key} is not small`);
          chunks.push(chunk as Buffer);
        }
        return Buffer.concat(chunks, length);
      })();
      this.loading.set(key, pending);
      pending.then(
        buffer => this.store(key, buffer),
        () => undefined,
      );
      pending.finally(() => this.loading.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  private store(key: string, buffer: Buffer): void {
    if (this.blobs.has(key) || buffer.length > this.maxBytes) return;
    this.blobs.set(key, buffer);
    this.bytes += buffer.length;
    for (const [oldest, kept] of this.blobs) {
      if (this.bytes <= this.maxBytes) break;
      this.blobs.delete(oldest);
      this.bytes -= kept.length;
    }
  }
}
