import crypto from 'node:crypto';
import { RegistryChange } from '../../events/ChangeFeed';
import { RepositoryRecord } from '../../store/types';

/**
 * A rendered page as the routes send it: the bytes and their entity tag. Its compressed copies are kept beside it
 * (http/compression.ts), for as long as the page object lives.
 */
export interface CachedPage {
  body: Buffer;
  /** Strong ETag, quoted. */
  etag: string;
}

/** Which page: the project list of a repository (`project` undefined) or one project, in one format. */
export interface PageKey {
  repository: string;
  project?: string;
  format: string;
}

export interface PageCacheOptions {
  /**
   * How long a page is served without looking at the database again. Changes drop the affected pages at once
   * (`invalidate`, or `apply` for the change feed's events from other replicas); the TTL bounds how stale a page can
   * be after a change this process never heard of (a replica whose listening connection was down). 0 turns caching
   * off.
   */
  ttlMs: number;
  /** Upper bound on the bytes of pages kept; the least recently used go first. */
  maxBytes?: number;
  /** The clock, for tests. */
  now?: () => number;
}

interface Entry {
  page: CachedPage;
  expiresAt: number;
}

interface Pending {
  promise: Promise<CachedPage>;
  generation: number;
}

// As long as the file index trusts an entry: changes arrive as events, and re-rendering a big project list on the
// event loop every few seconds stalled every request in flight.
export const DEFAULT_PAGE_CACHE_TTL_MS = 60_000;
/**
 * Pages of proxy and virtual repositories also show what an upstream said, which no event announces: they are kept
 * no longer than this, so that the proxy's own revalidation (its upstream TTL) shows within it.
 */
export const UPSTREAM_VIEW_TTL_MS = 2000;

/** The `get` options for a page of `repository`: hosted ones keep the cache's TTL, others UPSTREAM_VIEW_TTL_MS. */
export function pageOptionsOf(repository: Pick<RepositoryRecord, 'kind'>): {
  ttlMs?: number;
} {
  return (repository.kind ?? 'hosted') === 'hosted'
    ? {}
    : { ttlMs: UPSTREAM_VIEW_TTL_MS };
}
export const DEFAULT_PAGE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Rendered simple-index pages, kept in memory per repository, project and format, with their ETag computed once.
 *
 * - A miss renders once however many requests ask at the same time (they share the render).
 * - `invalidate(repository, project)` drops the project's pages and the repository's project list, and makes any
 *   render that started before it unable to store its (possibly stale) result: every response that starts after a
 *   change was reported reflects it.
 * - Entries expire after `ttlMs`, which bounds staleness for changes this process never hears about.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  /** Bumped by every invalidation of a repository; a render stores its result only if it did not change meanwhile. */
  private readonly generations = new Map<string, number>();
  /** Formats asked for so far, so that invalidating a project touches its few keys rather than every page. */
  private readonly formats = new Set<string>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_PAGE_CACHE_MAX_BYTES;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** Bytes of the pages currently kept. */
  get size(): number {
    return this.bytes;
  }

  /**
   * The cached page, or the result of `render` (cached when nothing changed while it ran), kept for the cache's TTL
   * or `ttlMs` if shorter.
   */
  async get(
    key: PageKey,
    render: () => Promise<string | Buffer>,
    options: { ttlMs?: number } = {},
  ): Promise<CachedPage> {
    if (!this.enabled) return toPage(key.format, await render());
    const id = keyOf(key);
    const entry = this.entries.get(id);
    let expired: CachedPage | undefined;
    if (entry) {
      if (entry.expiresAt > this.now()) {
        // Most recently used last: eviction takes from the front.
        this.entries.delete(id);
        this.entries.set(id, entry);
        return entry.page;
      }
      expired = entry.page;
      this.remove(id);
    }
    const generation = this.generation(key.repository);
    const inFlight = this.pending.get(id);
    if (inFlight && inFlight.generation === generation) return inFlight.promise;

    this.formats.add(key.format);
    // The page shows the database as of (at the latest) the start of the render: its TTL runs from then.
    const startedAt = this.now();
    const promise = (async () => {
      const page = toPage(key.format, await render());
      // The same bytes as before the TTL ran out: the same page, and with it what was kept beside it (its
      // compressed copies).
      return expired?.etag === page.etag ? expired : page;
    })();
    const pending = { promise, generation };
    this.pending.set(id, pending);
    try {
      const page = await promise;
      if (this.generation(key.repository) === generation)
        this.store(
          id,
          page,
          startedAt + Math.min(this.options.ttlMs, options.ttlMs ?? Infinity),
        );
      return page;
    } finally {
      if (this.pending.get(id) === pending) this.pending.delete(id);
    }
  }

  /** Drops the pages a change to `project` (or, without one, to anything in the repository) may have altered. */
  invalidate(repository: string, project?: string): void {
    this.generations.set(repository, this.generation(repository) + 1);
    if (project === undefined) {
      const prefix = `${repository}\u0000`;
      for (const id of [...this.entries.keys()])
        if (id.startsWith(prefix)) this.remove(id);
      for (const id of [...this.pending.keys()])
        if (id.startsWith(prefix)) this.pending.delete(id);
      return;
    }
    for (const format of this.formats) {
      for (const id of [
        keyOf({ repository, project, format }),
        keyOf({ repository, format }),
      ]) {
        this.remove(id);
        this.pending.delete(id);
      }
    }
  }

  /** Drops what a change reported on the change feed may have altered. */
  apply(change: RegistryChange): void {
    if (change.type === 'project')
      this.invalidate(change.repository, change.project);
    else if (change.type === 'repository') this.invalidate(change.repository);
    else if (change.type === 'all')
      for (const repository of new Set([
        ...this.generations.keys(),
        ...[...this.entries.keys(), ...this.pending.keys()].map(
          id => id.split('\u0000')[0],
        ),
      ]))
        this.invalidate(repository);
  }

  private generation(repository: string): number {
    return this.generations.get(repository) ?? 0;
  }

  private store(id: string, page: CachedPage, expiresAt: number): void {
    if (page.body.length > this.maxBytes) return;
    this.remove(id);
    this.entries.set(id, { page, expiresAt });
    this.bytes += page.body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (entry.page === page) continue;
      this.remove(oldest);
    }
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.page.body.length;
  }
}

/** `repository \0 project \0 format`; the project list has an empty project. */
function keyOf(key: PageKey): string {
  return `${key.repository}\u0000${key.project ?? ''}\u0000${key.format}`;
}

/** The bytes and the ETag the simple API has always sent for them: sha256 over format and body, 32 hex digits. */
export function toPage(format: string, body: string | Buffer): CachedPage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${crypto.createHash('sha256').update(format).update(bytes).digest('hex').slice(0, 32)}"`;
  return { body: bytes, etag };
}
