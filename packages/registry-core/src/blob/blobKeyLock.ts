import { BlobStore } from './BlobStore';

/** Per blob store: the last holder (or waiter) of each key. */
const tails = new WeakMap<BlobStore, Map<string, Promise<void>>>();

/**
 * Runs `fn` while holding the given blob keys of `blobs`, against everything else in this process that holds any of
 * them. Uploads hold their keys from storing the bytes until their row is committed, purges from checking who
 * references a blob until they have deleted it: so a purge can never delete bytes that a concurrent upload of the
 * same content has just been told are stored. Keys are taken all at once, first come first served (no deadlock).
 * Only one process is covered: replicas sharing a store need a lock in the database for this.
 */
export async function withBlobKeys<T>(
  blobs: BlobStore,
  keys: string[],
  fn: () => Promise<T>,
): Promise<T> {
  let table = tails.get(blobs);
  if (!table) tails.set(blobs, (table = new Map()));
  const unique = [...new Set(keys)];
  const previous = unique.map(key => table!.get(key));
  let release!: () => void;
  const held = new Promise<void>(resolve => (release = resolve));
  for (const key of unique) table.set(key, held);
  try {
    await Promise.all(previous);
    return await fn();
  } finally {
    release();
    for (const key of unique) if (table.get(key) === held) table.delete(key);
  }
}
