import { RegistryChange } from '../events/ChangeFeed';
import { FileLocation, FileRecord } from '../store/types';
import { assertDownloadable } from './visibility';

/** One known file: its record, and why it may not be downloaded (disabled, in the recycle bin), if it may not. */
export interface IndexedFile {
  file: FileRecord;
  refusal?: Error;
  /**
   * True until a change to the file's project is published. A download checks it once more just before writing its
   * first byte, so that nothing starts to go out once the change that refuses it has been heard.
   */
  readonly live: boolean;
}

export interface FileIndexOptions {
  /** The database lookup behind the index. */
  find(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<FileLocation | undefined>;
  /**
   * How long an entry is trusted without a change event (default DEFAULT_FILE_INDEX_TTL_MS): a bound for changes a
   * process could miss, not the way changes arrive (they come from the change feed).
   */
  ttlMs?: number;
  /** Entries kept at most; the oldest go first (default DEFAULT_FILE_INDEX_MAX_ENTRIES). */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_FILE_INDEX_TTL_MS = 60_000;
// About 1.3 KiB per entry (the file row, its address, the per-project set): 20,000 entries take about 25 MiB.
export const DEFAULT_FILE_INDEX_MAX_ENTRIES = 20_000;

interface Entry extends IndexedFile {
  live: boolean;
  projectKey: string;
  expiresAt: number;
}

/**
 * Files by their address (repository, sha256, filename), with their downloadable state, so that a download of a file
 * already known costs no database round trip. Entries go when the change feed reports a change to their project (or
 * repository, or everything); a lookup that was in flight during such a change does not store its result, and its
 * caller gets an entry that is no longer live. Unknown addresses are not kept: an upload could make them exist.
 */
export class FileIndex {
  private readonly entries = new Map<string, Entry>();
  /** repository \0 project → addresses of its files in `entries`. */
  private readonly byProject = new Map<string, Set<string>>();
  /** Bumped per repository by every change; a lookup stores its result only if it did not change meanwhile. */
  private readonly generations = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: FileIndexOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_FILE_INDEX_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_FILE_INDEX_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry kept for an address, without looking anything up (undefined when unknown or expired). */
  peek(
    repository: string,
    sha256: string,
    filename: string,
  ): IndexedFile | undefined {
    const entry = this.entries.get(addressOf(repository, sha256, filename));
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry;
  }

  /** The file at the address, from memory or the database; undefined when there is none. */
  async find(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<IndexedFile | undefined> {
    const address = addressOf(repository, sha256, filename);
    const kept = this.entries.get(address);
    if (kept) {
      if (kept.expiresAt > this.now()) return kept;
      this.remove(address);
    }
    const generation = this.generation(repository);
    const startedAt = this.now();
    const location = await this.options.find(repository, sha256, filename);
    if (!location) return undefined;
    const entry: Entry = {
      file: location.file,
      refusal: refusalOf(location),
      live: true,
      projectKey: `${repository}\u0000${location.project.name}`,
      expiresAt: startedAt + this.ttlMs,
    };
    if (this.generation(repository) !== generation) {
      // Something in the repository changed while the row was read: it may be stale already.
      entry.live = false;
      return entry;
    }
    this.store(address, entry);
    return entry;
  }

  /** Drops what a change may have altered. */
  apply(change: RegistryChange): void {
    switch (change.type) {
      case 'project':
        this.bump(change.repository);
        for (const address of this.byProject.get(
          `${change.repository}\u0000${change.project}`,
        ) ?? [])
          this.remove(address);
        return;
      case 'repository':
        this.bump(change.repository);
        for (const [address, entry] of [...this.entries])
          if (entry.file.repository === change.repository) this.remove(address);
        return;
      case 'all':
        for (const repository of [...this.generations.keys()])
          this.bump(repository);
        // Lookups in flight for repositories never bumped before must not store either.
        this.generations.set('\u0000all', this.generation('\u0000all') + 1);
        for (const address of [...this.entries.keys()]) this.remove(address);
        return;
      default:
        return;
    }
  }

  private generation(repository: string): number {
    return (
      (this.generations.get(repository) ?? 0) +
      (this.generations.get('\u0000all') ?? 0)
    );
  }

  private bump(repository: string): void {
    this.generations.set(
      repository,
      (this.generations.get(repository) ?? 0) + 1,
    );
  }

  private store(address: string, entry: Entry): void {
    this.remove(address);
    this.entries.set(address, entry);
    let addresses = this.byProject.get(entry.projectKey);
    if (!addresses)
      this.byProject.set(entry.projectKey, (addresses = new Set()));
    addresses.add(address);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
  }

  private remove(address: string): void {
    const entry = this.entries.get(address);
    if (!entry) return;
    entry.live = false;
    this.entries.delete(address);
    const addresses = this.byProject.get(entry.projectKey);
    addresses?.delete(address);
    if (addresses && !addresses.size) this.byProject.delete(entry.projectKey);
  }
}

function addressOf(repository: string, sha256: string, filename: string) {
  return `${repository}\u0000${sha256}\u0000${filename}`;
}

function refusalOf(location: FileLocation): Error | undefined {
  try {
    assertDownloadable(location.version, location.project.displayName);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
