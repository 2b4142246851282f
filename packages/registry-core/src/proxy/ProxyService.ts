import crypto from 'node:crypto';
import fs from 'node:fs';
import { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { ProxyCacheCounters } from '@wheelhouse/backstage-plugin-pypi-common';
import { BlobLedger } from '../blob/BlobLedger';
import { BlobStore } from '../blob/BlobStore';
import { BadGatewayError, NotFoundError, RegistryError } from '../errors';
import { extractCoreMetadata, parseCoreMetadata } from '../metadata';
import {
  filetypeFor,
  normalizeProjectName,
  parseDistributionFilename,
  versionIdentity,
} from '../pep';
import { assertDownloadable } from '../service/visibility';
import {
  ListingStore,
  RecycleBinStore,
  UploadStore,
  VersionStateStore,
} from '../store/ProjectStore';
import { FileRecord, RepositoryRecord } from '../store/types';
import { stageStream } from '../upload/StagingFile';
import { CachedUpstreamProject, ProxyStore } from './ProxyStore';
import { DEFAULT_UPSTREAM_TTL_SECONDS } from './repositoryKinds';
import { UpstreamFile, UpstreamIndex } from './UpstreamIndex';

/** PEP 658 metadata files are small; a larger answer is not one. */
export const MAX_UPSTREAM_METADATA_BYTES = 16 * 1024 * 1024;

export interface ProxyServiceOptions {
  store: ProxyStore;
  projects: UploadStore & ListingStore & VersionStateStore & RecycleBinStore;
  blobs: BlobStore;
  ledger: BlobLedger;
  /** The upstream of a proxy repository. */
  upstream: (repository: RepositoryRecord) => UpstreamIndex;
  stagingDirectory: string;
  /** Largest file a proxy stores. */
  maxFileBytes: number;
  /** Where downloads are counted: the first one, which fetches the file, counts as any later one does. */
  downloadCounter?: { count(fileId: number): void };
  /** Called when a fetched file added a project or version to the proxy repository. */
  onChange?: (repository: string, project: string) => void;
  log?: (message: string) => void;
  now?: () => number;
}

/** An upstream page as a proxy serves it, and why it may be stale. */
export interface ProxiedPage {
  project: CachedUpstreamProject;
  files: UpstreamFile[];
  /** Set when the upstream failed and the stored page is served anyway (stale-if-error). */
  warning?: string;
}

/** Per-process counters (each replica counts its own). */
export type ProxyCounters = ProxyCacheCounters;

/**
 * A proxy repository: upstream project pages stored in the database with the upstream's ETag and an expiry
 * (revalidated with If-None-Match once expired, served stale with a warning when the upstream then fails), and files
 * fetched on their first request, streamed to that client while they are staged, checked against the page's sha256
 * and only then stored as an ordinary file of the proxy repository (claimed in the blob ledger like an upload). Within
 * a process one fetch per page and per file runs at a time; across replicas the rows' unique keys make a second
 * store of the same file `identical`.
 */
export class ProxyService {
  private readonly pageFetches = new Map<string, Promise<ProxiedPage>>();
  private readonly fileFetches = new Map<string, Promise<void>>();
  private readonly now: () => number;
  readonly counters: Record<string, ProxyCounters> = {};

  constructor(private readonly options: ProxyServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  countersOf(repository: string): ProxyCounters {
    return (this.counters[repository] ??= {
      pageHits: 0,
      pageFetches: 0,
      pageRevalidations: 0,
      staleServed: 0,
      fileHits: 0,
      fileFetches: 0,
      hashMismatches: 0,
    });
  }

  /** The project's upstream page: stored and fresh, revalidated, fetched, or stale when the upstream fails. */
  async page(repository: RepositoryRecord, name: string): Promise<ProxiedPage> {
    const stored = await this.options.store.getProject(repository.name, name);
    if (stored && Date.parse(stored.expiresAt) > this.now()) {
      this.countersOf(repository.name).pageHits++;
      if (stored.missing) throw new NotFoundError(`Project ${name} not found`);
      return {
        project: stored,
        files: await this.options.store.listFiles(stored.id),
      };
    }
    const key = `${repository.name}\u0000${name}`;
    let pending = this.pageFetches.get(key);
    if (!pending) {
      pending = this.refresh(repository, name, stored).finally(() =>
        this.pageFetches.delete(key),
      );
      this.pageFetches.set(key, pending);
    }
    return pending;
  }

  private async refresh(
    repository: RepositoryRecord,
    name: string,
    stored: CachedUpstreamProject | undefined,
  ): Promise<ProxiedPage> {
    const { store } = this.options;
    const counters = this.countersOf(repository.name);
    const upstream = this.options.upstream(repository);
    const etag = stored && !stored.missing ? stored.etag : undefined;
    let answer;
    try {
      answer = await upstream.fetchProject(name, { etag });
    } catch (error) {
      if (!stored || stored.missing || !(error instanceof RegistryError))
        throw error;
      counters.staleServed++;
      this.options.log?.(
        `warning: ${error.message}; serving ${repository.name}/${name} as fetched at ${stored.fetchedAt}`,
      );
      return {
        project: stored,
        files: await store.listFiles(stored.id),
        warning: `111 - "Revalidation failed: ${error.message.replace(/["\\]/g, "'")}; page as fetched at ${stored.fetchedAt}"`,
      };
    }
    const fetchedAt = new Date(this.now());
    // The configured TTL wins; else the upstream's max-age (PyPI: 10 minutes), which a 304 without Cache-Control
    // keeps as the page had it; else the default.
    const previousTtlSeconds =
      answer.status === 'not-modified' && stored
        ? (Date.parse(stored.expiresAt) - Date.parse(stored.fetchedAt)) / 1000
        : undefined;
    const ttlSeconds =
      repository.upstream?.ttlSeconds ??
      (answer.status === 'not-found' ? undefined : answer.maxAgeSeconds) ??
      previousTtlSeconds ??
      DEFAULT_UPSTREAM_TTL_SECONDS;
    const expiresAt = new Date(
      fetchedAt.getTime() + ttlSeconds * 1000,
    ).toISOString();
    if (answer.status === 'not-modified' && stored) {
      counters.pageRevalidations++;
      await store.touchProject(stored.id, fetchedAt.toISOString(), expiresAt);
      return {
        project: { ...stored, expiresAt },
        files: await store.listFiles(stored.id),
      };
    }
    counters.pageFetches++;
    if (answer.status !== 'ok') {
      await store.saveProject({
        repository: repository.name,
        name,
        fetchedAt: fetchedAt.toISOString(),
        expiresAt,
      });
      throw new NotFoundError(`Project ${name} not found`);
    }
    await store.saveProject({
      repository: repository.name,
      name,
      page: answer.page,
      etag: answer.etag,
      fetchedAt: fetchedAt.toISOString(),
      expiresAt,
    });
    const saved = await store.getProject(repository.name, name);
    return { project: saved!, files: await store.listFiles(saved!.id) };
  }

  /**
   * The stored file the request names, if the proxy has it (its version neither disabled nor deleted); undefined when
   * it must be fetched. NotFoundError when the upstream page does not list it either.
   */
  async locate(
    repository: RepositoryRecord,
    sha256: string,
    filename: string,
  ): Promise<{
    stored?: FileRecord;
    upstream?: UpstreamFile;
    project?: CachedUpstreamProject;
  }> {
    const location = await this.options.projects.findFile(
      repository.name,
      sha256,
      filename,
    );
    if (location) {
      assertDownloadable(location.version, location.project.displayName);
      this.countersOf(repository.name).fileHits++;
      return { stored: location.file };
    }
    const listed = await this.options.store.findFile(
      repository.name,
      sha256,
      filename,
    );
    if (!listed) throw new NotFoundError('File not found');
    await this.assertVersionInstallable(
      repository,
      filename,
      listed.project.displayName,
    );
    return { upstream: listed.file, project: listed.project };
  }

  /** A version disabled or deleted in the proxy repository blocks its files not fetched yet too. */
  private async assertVersionInstallable(
    repository: RepositoryRecord,
    filename: string,
    displayName: string,
  ): Promise<void> {
    const parsed = parseDistributionFilename(filename);
    const canonical = parsed && versionIdentity(parsed.version);
    if (!parsed || !canonical) throw new NotFoundError('File not found');
    const listing = await this.options.projects.getProjectListing(
      repository.name,
      normalizeProjectName(parsed.name),
      { includeDeleted: true },
    );
    const version = listing?.versions.find(
      candidate => candidate.canonical === canonical,
    );
    if (version) assertDownloadable(version, displayName);
  }

  /**
   * Fetches an upstream file, streaming it to `response` (which must have its status and headers set) while staging
   * it; the last chunk is held back until the sha256 matches, so that a client never receives a whole file that
   * failed the check: on a mismatch the response is destroyed and nothing is stored. A second request for the same file
   * while one fetch runs waits for it (`joined`) and is then served from the store.
   */
  async fetchInto(
    repository: RepositoryRecord,
    located: { upstream: UpstreamFile; project: CachedUpstreamProject },
    response: ServerResponse,
  ): Promise<'sent' | 'joined'> {
    const key = `${repository.name}\u0000${located.upstream.sha256}\u0000${located.upstream.filename}`;
    const running = this.fileFetches.get(key);
    if (running) {
      await running;
      return 'joined';
    }
    const fetching = this.fetchAndStore(repository, located, response);
    const settled = fetching.catch(() => undefined);
    this.fileFetches.set(key, fetching);
    try {
      await fetching;
    } finally {
      await settled;
      if (this.fileFetches.get(key) === fetching) this.fileFetches.delete(key);
    }
    return 'sent';
  }

  private async fetchAndStore(
    repository: RepositoryRecord,
    {
      upstream: file,
      project,
    }: { upstream: UpstreamFile; project: CachedUpstreamProject },
    response: ServerResponse,
  ): Promise<void> {
    const counters = this.countersOf(repository.name);
    counters.fileFetches++;
    const download = await this.options.upstream(repository).download(file.url);
    if (
      download.size !== undefined &&
      download.size > this.options.maxFileBytes
    ) {
      download.body.destroy();
      throw new BadGatewayError(
        `Upstream file ${file.filename} is larger than the limit of ${this.options.maxFileBytes} bytes`,
      );
    }
    if (download.size !== undefined && !response.headersSent)
      response.setHeader('Content-Length', download.size);
    let held: Buffer | undefined;
    const toClient = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        const previous = held;
        held = chunk;
        if (!previous || response.destroyed) {
          callback(null, chunk);
          return;
        }
        // The client's pace sets the fetch's, as a plain download would; a client gone stops nothing.
        if (response.write(previous)) callback(null, chunk);
        else {
          const resume = () => {
            response.off('close', resume);
            response.off('drain', resume);
            callback(null, chunk);
          };
          response.once('drain', resume);
          response.once('close', resume);
        }
      },
    });
    download.body.once('error', error => toClient.destroy(error));
    let staged;
    try {
      staged = await stageStream(download.body.pipe(toClient), {
        directory: this.options.stagingDirectory,
        maxBytes: this.options.maxFileBytes,
      });
    } catch (error) {
      response.destroy();
      throw error instanceof RegistryError
        ? error
        : new BadGatewayError(
            `Upstream file ${file.url} failed: ${(error as Error).message}`,
          );
    }
    if (staged.sha256 !== file.sha256) {
      counters.hashMismatches++;
      await fs.promises.rm(staged.path, { force: true });
      response.destroy();
      const message = `Upstream file ${file.filename} from ${file.url} has sha256 ${staged.sha256}, not ${file.sha256} as its page says: refused and not stored`;
      this.options.log?.(`error: ${message}`);
      throw new BadGatewayError(message);
    }
    // Stored before the last chunk goes: a client that got the whole file finds it stored on its next request.
    await this.store(repository, project, file, staged);
    if (!response.destroyed) response.end(held ?? Buffer.alloc(0));
  }

  /** The verified file becomes a file row of the proxy repository: claim, blobs, row, as an upload does. */
  private async store(
    repository: RepositoryRecord,
    project: CachedUpstreamProject,
    file: UpstreamFile,
    staged: {
      path: string;
      size: number;
      sha256: string;
      md5: string;
      blake2_256: string;
    },
  ): Promise<void> {
    const { projects, blobs, ledger } = this.options;
    const parsed = parseDistributionFilename(file.filename)!;
    let metadata: ReturnType<typeof parseCoreMetadata> | undefined;
    let metadataBytes: Buffer | undefined;
    try {
      metadataBytes = await extractCoreMetadata({
        path: staged.path,
        kind: parsed.kind,
        filename: file.filename,
      });
      metadata = parseCoreMetadata(metadataBytes);
    } catch {
      // A file pip can install need not have metadata we can read: stored without it.
    }
    // The metadata the page promised is served from here only when it is those very bytes.
    const metadataSha256 =
      metadataBytes &&
      file.metadataSha256 &&
      crypto.createHash('sha256').update(metadataBytes).digest('hex') ===
        file.metadataSha256
        ? file.metadataSha256
        : undefined;
    const keys = metadataSha256
      ? [metadataSha256, staged.sha256]
      : [staged.sha256];
    const claim = await ledger.claim(keys);
    try {
      if (metadataSha256 && metadataBytes) {
        const metadataPath = `${staged.path}.metadata`;
        await fs.promises.writeFile(metadataPath, metadataBytes);
        await blobs.putFile({
          key: metadataSha256,
          path: metadataPath,
          size: metadataBytes.length,
        });
      }
      await blobs.putFile({
        key: staged.sha256,
        path: staged.path,
        size: staged.size,
      });
      const result = await projects.addFile({
        repository: repository.name,
        project: project.name,
        displayName: project.displayName,
        version: parsed.version,
        canonical: versionIdentity(parsed.version) ?? parsed.version,
        summary: metadata?.summary ?? undefined,
        requiresPython:
          file.requiresPython ?? metadata?.requiresPython ?? undefined,
        coreMetadata: metadata as unknown as
          Record<string, unknown> | undefined,
        claim,
        file: {
          filename: file.filename,
          filetype: filetypeFor(parsed),
          pythonVersion: parsed.kind === 'wheel' ? parsed.pythonTag : 'source',
          requiresPython: file.requiresPython,
          size: staged.size,
          sha256: staged.sha256,
          blake2_256: staged.blake2_256,
          md5: staged.md5,
          metadataSha256,
          uploadedBy: `upstream:${repository.upstream?.url ?? ''}`,
          uploadedAt: file.uploadTime ?? new Date(this.now()).toISOString(),
        },
      });
      this.options.downloadCounter?.count(result.location.file.id);
      if (result.outcome === 'created')
        this.options.onChange?.(repository.name, project.name);
    } catch (error) {
      await fs.promises.rm(staged.path, { force: true });
      try {
        await ledger.release(claim);
        for (const key of keys) await ledger.collect(key);
      } catch {
        // The collector removes them after the grace period.
      }
      // The client got its verified bytes; a proxy that cannot keep them fetches them again next time.
      this.options.log?.(
        `error: could not store ${file.filename} in ${repository.name}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * The PEP 658 metadata of an upstream file the proxy has not stored with it: saved in the proxy's store once
   * fetched from `{url}.metadata` and checked against the sha256 its page gave, and served from there after that
   * (pip reads the metadata of versions it never downloads while it resolves).
   */
  async fetchMetadata(
    repository: RepositoryRecord,
    sha256: string,
    filename: string,
  ): Promise<{ body: Buffer; sha256: string }> {
    const listed = await this.options.store.findFile(
      repository.name,
      sha256,
      filename,
    );
    const expected = listed?.file.metadataSha256;
    if (!listed || !expected)
      throw new NotFoundError('No metadata for this file');
    await this.assertVersionInstallable(
      repository,
      filename,
      listed.project.displayName,
    );
    const saved = await this.options.store.getMetadata(
      repository.name,
      expected,
    );
    if (saved) return { body: saved, sha256: expected };
    const url = `${listed.file.url}.metadata`;
    const download = await this.options.upstream(repository).download(url);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of download.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_UPSTREAM_METADATA_BYTES) {
          download.body.destroy();
          throw new BadGatewayError(
            `Upstream metadata ${url} is larger than ${MAX_UPSTREAM_METADATA_BYTES} bytes`,
          );
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw error instanceof RegistryError
        ? error
        : new BadGatewayError(
            `Upstream ${url} failed: ${(error as Error).message}`,
          );
    }
    const bytes = Buffer.concat(chunks);
    const actual = crypto.createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) {
      this.countersOf(repository.name).hashMismatches++;
      throw new BadGatewayError(
        `Upstream metadata ${url} has sha256 ${actual}, not ${expected} as its page says: refused`,
      );
    }
    await this.options.store.saveMetadata({
      repository: repository.name,
      project: listed.project.name,
      sha256: expected,
      content: bytes,
      fetchedAt: new Date(this.now()).toISOString(),
    });
    return { body: bytes, sha256: expected };
  }

  /**
   * Per-project cache purge: forgets the stored upstream page and removes the stored files of every version that is
   * neither disabled nor in the recycle bin (those stay: a disabled version keeps blocking its release). Answers how
   * many versions were removed.
   */
  async purgeProject(
    repository: string,
    name: string,
  ): Promise<{ page: boolean; versions: number }> {
    const { projects, ledger, store } = this.options;
    const page = await store.purgeProject(repository, name);
    const listing = await projects.getProjectListing(repository, name);
    let versions = 0;
    for (const version of listing?.versions ?? []) {
      if (version.disabled || version.deleted) continue;
      try {
        await projects.changeVersionState({
          versionId: version.id,
          transition: 'delete',
          change: {
            at: new Date(this.now()).toISOString(),
            reason: 'proxy cache purge',
          },
        });
        const keys = await projects.purgeVersion({ versionId: version.id });
        for (const key of keys) await ledger.collect(key);
        versions++;
      } catch (error) {
        // Changed meanwhile (disabled, deleted by someone): left as it is.
        this.options.log?.(
          `warning: cache purge of ${repository}/${name} ${version.version}: ${(error as Error).message}`,
        );
      }
    }
    this.options.onChange?.(repository, name);
    return { page, versions };
  }
}
