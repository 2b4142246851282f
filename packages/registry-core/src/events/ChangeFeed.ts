/**
 * One committed change, as every cache of the registry hears of it. Modelled on devpi's hooks and warehouse's
 * cache-purge origin: whoever changes the database reports the change once, after the commit, and each cache (index
 * pages, the file index, verified tokens, and whatever caches come later) decides what of its own to drop.
 *
 * - `project`: a version, file or state of one project changed (upload, disable, delete, restore, purge, …).
 * - `repository`: something repository-wide changed; every project of it may be affected.
 * - `token`: a token was revoked (or otherwise changed); a cached verification of it must go.
 * - `all`: this process may have missed changes (a replica's notification connection was lost): drop everything.
 */
export type RegistryChange =
  | { type: 'project'; repository: string; project: string }
  | { type: 'repository'; repository: string }
  | { type: 'token'; tokenId: string }
  | { type: 'all' };

export type ChangeListener = (change: RegistryChange) => void;

/**
 * Where committed changes are published and heard. `publish` runs this process's listeners synchronously before it
 * returns, so a response that starts after a change's publish reflects it; implementations for several replicas also
 * carry the change to the other processes.
 */
export interface ChangeFeed {
  publish(change: RegistryChange): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void;
  /** Stops carrying changes between processes; local listeners keep working. */
  close(): Promise<void>;
}
