import path from 'node:path';
import { Knex } from 'knex';
import { DatabaseTokenStore } from './auth/DatabaseTokenStore';
import { TokenStore } from './auth/TokenStore';
import {
  BlobCollector,
  DEFAULT_BLOB_COLLECTION_INTERVAL_MS,
} from './blob/BlobCollector';
import { BlobStore } from './blob/BlobStore';
import { DatabaseBlobLedger } from './blob/DatabaseBlobLedger';
import { ensureStorageOwner } from './blob/storageOwner';
import { migrateDatabase } from './db/createDatabase';
import {
  createTrustedPublishing,
  TrustedPublishing,
} from './oidc/createTrustedPublishing';
import { NewTrustedPublisher, OidcSettings } from './oidc/types';
import { CachingTokenStore } from './auth/CachingTokenStore';
import { ChangeFeed } from './events/ChangeFeed';
import { LocalChangeFeed } from './events/LocalChangeFeed';
import { PostgresChangeFeed } from './events/PostgresChangeFeed';
import { FileDelivery } from './service/FileDelivery';
import { FileIndex } from './service/FileIndex';
import { SmallBlobCache } from './service/SmallBlobCache';
import { IndexService } from './service/IndexService';
import { ManagementService } from './service/ManagementService';
import {
  DEFAULT_RECYCLE_BIN_PURGE_INTERVAL_MS,
  RecycleBinCleaner,
} from './service/RecycleBinCleaner';
import { DEFAULT_PAGE_CACHE_TTL_MS, PageCache } from './http/simple/PageCache';
import { TokenService } from './service/TokenService';
import { UploadService } from './service/UploadService';
import { AuditLog } from './store/AuditLog';
import { DatabaseAuditLog } from './store/DatabaseAuditLog';
import { DatabaseProjectStore } from './store/DatabaseProjectStore';
import {
  DEFAULT_DOWNLOAD_FLUSH_INTERVAL_MS,
  DownloadCounter,
} from './store/DownloadCounter';
import { ProjectStore } from './store/ProjectStore';
import { RepositoryRecord } from './store/types';
import { DatabaseProxyStore } from './proxy/DatabaseProxyStore';
import { ProxyService } from './proxy/ProxyService';
import { ProxyStore } from './proxy/ProxyStore';
import { RepositoryViews } from './proxy/RepositoryViews';
import { leafMembers } from './proxy/repositoryKinds';
import { UndiciUpstreamIndex } from './proxy/UndiciUpstreamIndex';
import { UpstreamIndex } from './proxy/UpstreamIndex';
import { sweepStagingDirectory } from './upload/StagingFile';

export interface RegistryOptions {
  database: Knex;
  blobs: BlobStore;
  /** A local directory for uploads in flight; on the blob store's file system when it is local. */
  stagingDirectory: string;
  repositories: RepositoryRecord[];
  /** Largest accepted distribution file in bytes (default 1 GiB). */
  maxUploadBytes?: number;
  /** Days a deleted version stays in the recycle bin; undefined: until purged by hand. */
  retentionDays?: number;
  /**
   * How often the recycle bins are emptied of versions past `retentionDays`, first at start (default
   * DEFAULT_RECYCLE_BIN_PURGE_INTERVAL_MS); 0 leaves running `recycleBinCleaner` to the caller.
   */
  recycleBinPurgeIntervalMs?: number;
  /** How often download counts are written (default DEFAULT_DOWNLOAD_FLUSH_INTERVAL_MS); 0 leaves flushing to the caller. */
  downloadFlushIntervalMs?: number;
  /** false: downloads are not counted (the bench's baseline for what counting costs). Default true. */
  countDownloads?: boolean;
  /** Hosts that run their own migrations (Backstage's skipMigrations) pass false. */
  migrate?: boolean;
  /** Where changes are recorded; defaults to the database's audit table. Hosts may add their own sink. */
  audit?: AuditLog;
  /**
   * How long a rendered simple-index page is served from memory (default 2000 ms; 0 turns the cache off). Changes made
   * through this registry drop the affected pages at once; a change made through another replica sharing the database
   * shows on this one within this time.
   */
  indexCacheTtlMs?: number;
  /** Memory the index page cache may use (default 64 MiB). */
  indexCacheMaxBytes?: number;
  /**
   * Where committed changes are published and heard (index pages, the file index and token verifications listen).
   * Defaults to one for this process alone; replicas sharing a database pass one that carries changes between them.
   */
  changes?: ChangeFeed;
  /** Trusted publishing (OIDC token exchange) settings; every one has a default. */
  oidc?: Partial<OidcSettings>;
  /** Trusted publishers from the configuration (the API adds more). */
  trustedPublishers?: NewTrustedPublisher[];
  /**
   * How long unreferenced blobs, dead upload claims and staging files are left before the collector removes them
   * (default 1 hour); an upload must get from storing its bytes to its row within this time.
   */
  blobGracePeriodMs?: number;
  /** How often the blob collector runs (default hourly; one replica at a time); 0 leaves running it to the host. */
  blobCollectionIntervalMs?: number;
  /** Where the collector reports what it removed. */
  log?: (message: string) => void;
  /** How a proxy repository reaches its upstream; undici (UndiciUpstreamIndex) unless given (tests). */
  upstreamIndex?: (repository: RepositoryRecord) => UpstreamIndex;
}

/** The assembled engine: stores and services over one database and one blob store. */
export interface Registry {
  options: Required<
    Pick<RegistryOptions, 'maxUploadBytes' | 'stagingDirectory'>
  > &
    RegistryOptions;
  projects: ProjectStore;
  tokens: TokenStore;
  /** Creating, listing and revoking tokens, with the rule that a token never exceeds its owner. */
  tokenService: TokenService;
  audit: AuditLog;
  /** Download statistics: counted in memory, written to the store in batches. */
  downloadCounter: DownloadCounter;
  uploads: UploadService;
  index: IndexService;
  /** Rendered simple-index pages; every change the services make invalidates the pages it affects. */
  pages: PageCache;
  /** Committed changes: every cache above listens here; publish what changes outside the services. */
  changes: ChangeFeed;
  /** Distribution files by address, with their downloadable state. */
  files: FileIndex;
  /** Sends distribution files and their metadata, counting each download. */
  fileDelivery: FileDelivery;
  management: ManagementService;
  /** Trusted publishers, the OIDC token exchange and verified provenance. */
  trustedPublishing: TrustedPublishing;
  /** Removes unreferenced blobs and stale staging files (one replica at a time). */
  collector: BlobCollector;
  /** Proxy repositories: upstream pages and files, fetched and stored. */
  proxy: ProxyService;
  proxyStore: ProxyStore;
  /** What proxy and virtual repositories show. */
  views: RepositoryViews;
  /** Drops the cached pages a change to a project may have altered, in its repository and the virtual ones merging it. */
  changed(repository: string, project: string): void;
  /** Purges versions past the retention period from every recycle bin; undefined when retention is off. */
  recycleBinCleaner?: RecycleBinCleaner;
  hasRepository(name: string): boolean;
  repository(name: string): RepositoryRecord | undefined;
  /** Writes pending download counts and stops the timers. Does not close the database. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export async function createRegistry(
  options: RegistryOptions,
): Promise<Registry> {
  if (options.migrate !== false) await migrateDatabase(options.database);
  const projects = new DatabaseProjectStore(options.database);
  // Before anything else touches the storage: one storage location belongs to one database.
  await ensureStorageOwner({
    database: options.database,
    blobs: options.blobs,
  });
  await projects.syncRepositories(options.repositories);
  await sweepStagingDirectory(options.stagingDirectory);
  const ledger = new DatabaseBlobLedger({
    database: options.database,
    blobs: options.blobs,
  });
  const collector = new BlobCollector({
    database: options.database,
    blobs: options.blobs,
    ledger,
    stagingDirectory: options.stagingDirectory,
    gracePeriodMs: options.blobGracePeriodMs,
    log: options.log,
  });
  const collectEvery =
    options.blobCollectionIntervalMs ?? DEFAULT_BLOB_COLLECTION_INTERVAL_MS;
  const collectTimer =
    collectEvery > 0
      ? setInterval(
          () =>
            collector
              .run()
              .catch(error =>
                options.log?.(
                  `error: blob collection failed: ${(error as Error).message}`,
                ),
              ),
          collectEvery,
        )
      : undefined;
  collectTimer?.unref();

  const changes = options.changes ?? (await defaultChangeFeed(options));
  const tokens = new CachingTokenStore({
    tokens: new DatabaseTokenStore(options.database),
    changes,
  });
  const audit = options.audit ?? new DatabaseAuditLog(options.database);
  const downloadCounter = new DownloadCounter(projects, {
    enabled: options.countDownloads,
  });
  const repositories = new Map(
    options.repositories.map(repository => [repository.name, repository]),
  );
  const interval =
    options.downloadFlushIntervalMs ?? DEFAULT_DOWNLOAD_FLUSH_INTERVAL_MS;
  const timer =
    interval > 0
      ? setInterval(
          () => downloadCounter.flush().catch(() => undefined),
          interval,
        )
      : undefined;
  timer?.unref();

  const pages = new PageCache({
    ttlMs: options.indexCacheTtlMs ?? DEFAULT_PAGE_CACHE_TTL_MS,
    maxBytes: options.indexCacheMaxBytes,
  });
  const files = new FileIndex({
    find: (repository, sha256, filename) =>
      projects.findFile(repository, sha256, filename),
  });
  changes.subscribe(change => pages.apply(change));
  changes.subscribe(change => files.apply(change));
  const onChange = (repository: string, project: string) =>
    changes.publish({ type: 'project', repository, project });
  // A change to a member shows at once in the virtual repositories that merge it.
  const virtualsOf = new Map<string, string[]>();
  for (const repository of options.repositories)
    if (repository.kind === 'virtual')
      for (const leaf of leafMembers(repository.name, name =>
        repositories.get(name),
      ))
        virtualsOf.set(leaf.name, [
          ...(virtualsOf.get(leaf.name) ?? []),
          repository.name,
        ]);
  changes.subscribe(change => {
    if (change.type !== 'project' && change.type !== 'repository') return;
    for (const virtual of virtualsOf.get(change.repository) ?? [])
      pages.invalidate(
        virtual,
        change.type === 'project' ? change.project : undefined,
      );
  });
  const upstreams = new Map<string, UpstreamIndex>();
  const upstream = (repository: RepositoryRecord): UpstreamIndex => {
    let index = upstreams.get(repository.name);
    if (!index) {
      index =
        options.upstreamIndex?.(repository) ??
        new UndiciUpstreamIndex(
          repository.upstream ?? { url: 'https://pypi.org/simple/' },
        );
      upstreams.set(repository.name, index);
    }
    return index;
  };

  const trustedPublishing = await createTrustedPublishing({
    database: options.database,
    projects,
    audit,
    settings: options.oidc,
    configured: options.trustedPublishers,
  });

  const proxyStore = new DatabaseProxyStore(options.database);
  const proxy = new ProxyService({
    store: proxyStore,
    projects,
    blobs: options.blobs,
    ledger,
    upstream,
    stagingDirectory: path.resolve(options.stagingDirectory),
    maxFileBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    downloadCounter,
    onChange,
    log: options.log,
  });
  const index = new IndexService({
    projects,
    disabledVersions: name => repositories.get(name)?.disabledVersions,
  });
  const management = new ManagementService({
    projects,
    ledger,
    log: options.log,
    audit,
    retentionDays: options.retentionDays,
    onChange,
  });
  const recycleBinCleaner =
    options.retentionDays === undefined
      ? undefined
      : new RecycleBinCleaner({
          recycleBin: management.recycleBin,
          repositories: () =>
            options.repositories.map(repository => repository.name),
          retentionDays: options.retentionDays,
          log: options.log,
        });
  const purgeEvery =
    options.recycleBinPurgeIntervalMs ?? DEFAULT_RECYCLE_BIN_PURGE_INTERVAL_MS;
  const purge = () =>
    recycleBinCleaner
      ?.run()
      .catch(error =>
        options.log?.(
          `error: recycle-bin purge failed: ${(error as Error).message}`,
        ),
      );
  const purgeTimer =
    recycleBinCleaner && purgeEvery > 0
      ? setInterval(purge, purgeEvery)
      : undefined;
  purgeTimer?.unref();
  if (purgeTimer) void purge();

  const resolved = {
    ...options,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    stagingDirectory: path.resolve(options.stagingDirectory),
  };
  return {
    options: resolved,
    projects,
    tokens,
    tokenService: new TokenService({
      tokens,
      repositories: () =>
        options.repositories.map(repository => repository.name),
    }),
    audit,
    downloadCounter,
    uploads: new UploadService({
      projects,
      blobs: options.blobs,
      ledger,
      audit,
      stagingDirectory: resolved.stagingDirectory,
      onChange,
      guard: trustedPublishing.guard,
    }),
    index,
    pages,
    changes,
    files,
    fileDelivery: new FileDelivery({
      files,
      blobs: options.blobs,
      downloadCounter,
      smallBlobs: new SmallBlobCache(),
    }),
    management,
    recycleBinCleaner,
    trustedPublishing,
    collector,
    proxy,
    proxyStore,
    views: new RepositoryViews({
      index,
      projects,
      proxy,
      store: proxyStore,
      repository: name => repositories.get(name),
      upstream,
    }),
    changed: onChange,
    hasRepository: name => repositories.has(name),
    repository: name => repositories.get(name),
    async close() {
      if (timer) clearInterval(timer);
      if (collectTimer) clearInterval(collectTimer);
      if (purgeTimer) clearInterval(purgeTimer);
      // A feed the host passed is the host's to close.
      if (!options.changes) await changes.close();
      await downloadCounter.flush();
    },
  };
}

/** Replicas on PostgreSQL tell each other of changes (LISTEN/NOTIFY); on SQLite there is one process. */
async function defaultChangeFeed(
  options: RegistryOptions,
): Promise<ChangeFeed> {
  const log = options.log;
  if (options.database.client.config.client === 'pg')
    return PostgresChangeFeed.start({ database: options.database, log });
  return new LocalChangeFeed({
    onListenerError: error =>
      log?.(
        `error: a change listener failed: ${(error as Error)?.stack ?? error}`,
      ),
  });
}
