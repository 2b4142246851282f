import { Readable, Writable } from 'node:stream';

/** A byte range, both ends inclusive, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface SendBlobOptions {
  key: string;
  target: Writable;
  range?: ByteRange;
  /** Called once the blob was found, before its first byte is written. */
  onOpen?: () => void;
}

/** What a blob store knows about one stored blob. */
export interface BlobInfo {
  key: string;
  size: number;
}

/**
 * Content-addressed storage for distribution files and their extracted metadata.
 * Keys are lowercase hex sha256 digests of the content, so a blob is written once and never changes; two uploads of
 * the same bytes share one blob. Implementations must make a blob visible only once it is complete.
 */
export interface BlobStore {
  /**
   * Stores the bytes of a local, fully written staging file under `key`. The caller has already verified that
   * `key` is the sha256 of the file. Idempotent: storing an existing key succeeds without rewriting it.
   * The staging file is consumed (moved or deleted).
   */
  putFile(options: { key: string; path: string; size: number }): Promise<void>;
  /** Returns a stream of the blob's bytes, or of one range of them. Throws NotFoundError when absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * Optional fast path for serving: writes the blob, or one range of it, to `target` and ends it. Throws NotFoundError
   * before writing anything when the blob is absent. Callers use `read` and pipe where a store has no such method.
   */
  sendTo?(options: SendBlobOptions): Promise<void>;
  /** The blob's size, or undefined when it is absent. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Removes a blob; removing an absent blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every blob key in the store, for the collector to find leftovers the database does not know. */
  list?(): AsyncIterable<string>;
  /** Where the blobs are, for messages: a directory, or s3://bucket/prefix. */
  readonly location: string;
  /** The storage's owner marker (which database owns it; see storageOwner.ts), or undefined when there is none. */
  readMarker(): Promise<string | undefined>;
  /** Writes the owner marker unless one exists (then it is left as it is). */
  createMarker(content: string): Promise<void>;
}
