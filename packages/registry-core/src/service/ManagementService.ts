import {
  AuditEvent,
  CustomMetadataEntry,
  DistributionFile,
  DownloadSeries,
  METADATA_MAX_ENTRIES,
  ProjectDetails,
  ProjectInfo,
  ProjectPage,
  ProjectTag,
  PurgeResult,
  RecycleBin,
  Repository,
  VersionDetails,
  VersionStatus,
  VersionSummary,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { Principal } from '../auth/AccessPolicy';
import { BlobLedger } from '../blob/BlobLedger';
import { ConflictError, InputError, NotFoundError } from '../errors';
import {
  isPrereleaseVersion,
  isValidProjectName,
  latestVersions,
  normalizeProjectName,
  versionIdentity,
} from '../pep';
import { AuditLog } from '../store/AuditLog';
import {
  ArtifactQuery,
  PackageStore,
  VersionStateConflict,
  VersionTransition,
} from '../store/PackageStore';
import {
  FileRecord,
  ProjectListing,
  ProjectRecord,
  RepositoryRecord,
  TagRecord,
  VersionRecord,
} from '../store/types';
import {
  validateMetadataChange,
  validateReason,
  validateTag,
} from './validation';

export interface ManagementServiceOptions {
  packages: PackageStore;
  /** Removes a purged version's blobs when nothing else uses them. */
  ledger: BlobLedger;
  audit: AuditLog;
  log?: (message: string) => void;
  /** Days a deleted version stays in the recycle bin before it is purged; undefined keeps it until purged by hand. */
  retentionDays?: number;
  maxMetadataEntries?: number;
  onChange?: (repository: string, project: string) => void;
}

const now = () => new Date().toISOString();
/** The earliest time a Date can hold (ECMAScript: 100,000,000 days before 1970). */
const EARLIEST_DATE_MS = -8.64e15;

/** A version, resolved with the project it belongs to. */
interface VersionRef {
  listing: ProjectListing;
  project: ProjectRecord;
  version: VersionRecord;
}

/** The management features behind the UI and the GitHub actions: browse, disable, delete, restore, annotate. */
export class ManagementService {
  constructor(private readonly options: ManagementServiceOptions) {}

  /** The repositories as the database records them; routes add what configuration says (listedRepository). */
  listRepositories(): Promise<RepositoryRecord[]> {
    return this.options.packages.listRepositories();
  }

  async listArtifacts(query: ArtifactQuery): Promise<ProjectPage> {
    const { packages } = this.options;
    const { items, total } = await packages.listArtifacts(query);
    // One query for the tags of the whole page, not one per artifact.
    const tags = packages.listTagsOfProjects
      ? await packages.listTagsOfProjects(items.map(project => project.id))
      : new Map(
          await Promise.all(
            items.map(
              async project =>
                [project.id, await packages.listTags(project.id)] as const,
            ),
          ),
        );
    const withTags = items.map(project => ({
      ...publicProject(project),
      tags: (tags.get(project.id) ?? []).map(publicTag),
    }));
    return { items: withTags, total, offset: query.offset, limit: query.limit };
  }

  async getArtifact(repository: string, name: string): Promise<ProjectDetails> {
    const listing = await this.listing(repository, name);
    // Files grouped once: summarising each version by scanning every file is quadratic (400 versions × 2,000 files).
    const filesByVersion = new Map<number, FileRecord[]>();
    for (const file of listing.files) {
      const files = filesByVersion.get(file.versionId);
      if (files) files.push(file);
      else filesByVersion.set(file.versionId, [file]);
    }
    const versions = listing.versions
      .map(version => summarise(version, filesByVersion.get(version.id) ?? []))
      .reverse();
    return {
      ...publicProject(listing.project),
      tags: (await this.options.packages.listTags(listing.project.id)).map(
        publicTag,
      ),
      versions,
    };
  }

  async getVersion(
    repository: string,
    name: string,
    version: string,
  ): Promise<VersionDetails> {
    return this.describeVersion(await this.resolve(repository, name, version));
  }

  /**
   * The version as a change left it, found by id whatever state a concurrent change has put it in since (looking it
   * up by name again would answer 404 for a change that was made, and audited, if it was deleted meanwhile).
   */
  private async current(ref: VersionRef): Promise<VersionDetails> {
    const listing = await this.listing(
      ref.project.repository,
      ref.project.name,
      true,
    );
    const version = listing.versions.find(
      candidate => candidate.id === ref.version.id,
    );
    if (!version)
      throw new NotFoundError(
        `Version ${ref.version.version} of ${ref.project.displayName} not found`,
      );
    return this.describeVersion({ listing, project: listing.project, version });
  }

  private async describeVersion(ref: VersionRef): Promise<VersionDetails> {
    const files = ref.listing.files.filter(
      file => file.versionId === ref.version.id,
    );
    const tags = await this.options.packages.listTags(ref.project.id);
    return {
      project: publicProject(ref.project),
      ...summarise(ref.version, files),
      requiresPython: ref.version.requiresPython,
      deleted: ref.version.deleted,
      yankedReason: ref.version.yanked?.reason,
      uploadedBy: files[0]?.uploadedBy,
      files: files.map(publicFile),
      coreMetadata: ref.version.coreMetadata ?? {},
      customMetadata: await this.options.packages.getCustomMetadata(
        ref.version.id,
      ),
      tags: tags
        .filter(tag => tag.versionId === ref.version.id)
        .map(tag => tag.tag),
      allTags: tags.map(publicTag),
    };
  }

  async disable(request: {
    repository: string;
    name: string;
    version: string;
    reason: unknown;
    principal: Principal;
  }) {
    const reason = validateReason(request.reason, { required: true });
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.changeState(
      ref,
      request,
      'disabled',
      { at: now(), by: request.principal.actor, reason },
      'disable',
    );
    return this.current(ref);
  }

  async enable(request: {
    repository: string;
    name: string;
    version: string;
    principal: Principal;
  }) {
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.changeState(ref, request, 'disabled', undefined, 'enable');
    return this.current(ref);
  }

  async yank(request: {
    repository: string;
    name: string;
    version: string;
    reason: unknown;
    principal: Principal;
  }) {
    const reason = validateReason(request.reason, { required: false });
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.changeState(
      ref,
      request,
      'yanked',
      { at: now(), by: request.principal.actor, reason },
      'yank',
    );
    return this.current(ref);
  }

  async unyank(request: {
    repository: string;
    name: string;
    version: string;
    principal: Principal;
  }) {
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.changeState(ref, request, 'yanked', undefined, 'unyank');
    return this.current(ref);
  }

  /** Moves a version to the recycle bin: hidden everywhere, bytes kept. */
  async delete(request: {
    repository: string;
    name: string;
    version: string;
    reason?: unknown;
    principal: Principal;
  }) {
    const reason = validateReason(request.reason, { required: false });
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.changeState(
      ref,
      request,
      'deleted',
      { at: now(), by: request.principal.actor, reason },
      'delete',
    );
    return {
      project: ref.project.name,
      version: ref.version.version,
      deleted: true,
    };
  }

  async restore(request: {
    repository: string;
    name: string;
    version: string;
    principal: Principal;
  }) {
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
      { inBin: true },
    );
    await this.changeState(ref, request, 'deleted', undefined, 'restore');
    return this.current(ref);
  }

  /** Removes a version in the recycle bin for good, with the blobs nothing else uses. */
  async purge(request: {
    repository: string;
    name: string;
    version: string;
    principal: Principal;
    reason?: string;
  }) {
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
      { inBin: true },
    );
    await this.purgeRef(ref, request.principal.actor, request.reason);
    return {
      project: ref.project.name,
      version: ref.version.version,
      purged: true,
    };
  }

  /** Purges every version that has been in the recycle bin longer than the retention period. */
  async purgeExpired(options: {
    repository: string;
    olderThanDays: number;
    actor: string;
  }): Promise<PurgeResult> {
    const purged: { project: string; version: string }[] = [];
    const cutoffMs = Date.now() - options.olderThanDays * 86_400_000;
    // Before the earliest date there is, nothing can have been deleted (and Date would throw a RangeError).
    if (!(cutoffMs >= EARLIEST_DATE_MS)) return { purged };
    const cutoff = new Date(cutoffMs).toISOString();
    for (const entry of await this.options.packages.listRecycleBin(
      options.repository,
    )) {
      if (entry.version.deleted && entry.version.deleted.at <= cutoff) {
        try {
          // Conditional on the version being in the bin since before the cutoff still: one restored (or deleted
          // again) since the listing is left alone.
          await this.purgeRef(
            entry,
            options.actor,
            `older than ${options.olderThanDays} days in the recycle bin`,
            cutoff,
          );
        } catch (error) {
          if (error instanceof ConflictError) continue;
          throw error;
        }
        purged.push({
          project: entry.project.name,
          version: entry.version.version,
        });
      }
    }
    return { purged };
  }

  async recycleBin(repository: string): Promise<RecycleBin> {
    const entries = await this.options.packages.listRecycleBin(repository);
    const retention = this.options.retentionDays;
    return {
      retentionDays: retention ?? null,
      items: entries.map(entry => {
        const deletedAt = entry.version.deleted!.at;
        const purgeAt =
          retention === undefined
            ? undefined
            : new Date(
                Date.parse(deletedAt) + retention * 86_400_000,
              ).toISOString();
        return {
          project: entry.project.name,
          displayName: entry.project.displayName,
          version: entry.version.version,
          canonical: entry.version.canonical,
          deletedAt,
          deletedBy: entry.version.deleted!.by,
          reason: entry.version.deleted!.reason,
          fileCount: entry.fileCount,
          size: entry.size,
          purgeAt,
          daysLeft:
            purgeAt === undefined
              ? null
              : Math.max(
                  0,
                  Math.ceil((Date.parse(purgeAt) - Date.now()) / 86_400_000),
                ),
        };
      }),
    };
  }

  async updateMetadata(request: {
    repository: string;
    name: string;
    version: string;
    set?: unknown;
    remove?: unknown;
    principal: Principal;
  }): Promise<CustomMetadataEntry[]> {
    const change = validateMetadataChange(request.set, request.remove);
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    const entries = await this.options.packages.updateCustomMetadata(
      ref.version.id,
      {
        ...change,
        by: request.principal.actor,
        maxEntries: this.options.maxMetadataEntries ?? METADATA_MAX_ENTRIES,
      },
    );
    await this.record(ref, request.principal, 'metadata', undefined, {
      set: Object.keys(change.set),
      removed: change.remove,
    });
    return entries;
  }

  async setTag(request: {
    repository: string;
    name: string;
    tag: unknown;
    version: string;
    principal: Principal;
  }): Promise<ProjectTag[]> {
    const tag = validateTag(request.tag);
    const ref = await this.resolve(
      request.repository,
      request.name,
      request.version,
    );
    await this.options.packages.setTag(
      ref.project.id,
      tag,
      ref.version.id,
      request.principal.actor,
    );
    await this.record(ref, request.principal, 'tag', undefined, { tag });
    return (await this.options.packages.listTags(ref.project.id)).map(
      publicTag,
    );
  }

  async removeTag(request: {
    repository: string;
    name: string;
    tag: string;
    principal: Principal;
  }): Promise<ProjectTag[]> {
    const listing = await this.listing(request.repository, request.name);
    const tags = await this.options.packages.listTags(listing.project.id);
    const existing = tags.find(tag => tag.tag === request.tag);
    if (!existing)
      throw new NotFoundError(
        `Tag ${request.tag} not found on ${listing.project.displayName}`,
      );
    await this.options.packages.removeTag(listing.project.id, request.tag);
    await this.options.audit.record({
      repository: request.repository,
      project: listing.project.name,
      version: existing.version,
      action: 'untag',
      actor: request.principal.actor,
      details: { tag: request.tag },
    });
    return (await this.options.packages.listTags(listing.project.id)).map(
      publicTag,
    );
  }

  /** Downloads per day for the last `days` days (zeros included, oldest first), of the project or one version. */
  async downloads(request: {
    repository: string;
    name: string;
    version?: string;
    days: number;
  }): Promise<DownloadSeries> {
    const days = Math.min(Math.max(Math.trunc(request.days) || 30, 1), 366);
    const listing = await this.listing(request.repository, request.name);
    let versionId: number | undefined;
    if (request.version)
      versionId = (
        await this.resolve(request.repository, request.name, request.version)
      ).version.id;
    const since = new Date(Date.now() - (days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const counts = await this.options.packages.downloadsByDay({
      projectId: listing.project.id,
      versionId,
      since,
    });
    const byDay = new Map(counts.map(entry => [entry.day, entry.count]));
    const series = Array.from({ length: days }, (_, index) => {
      const day = new Date(Date.parse(since) + index * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return { day, count: byDay.get(day) ?? 0 };
    });
    return { days, series };
  }

  async auditTrail(request: {
    repository: string;
    name?: string;
    limit?: number;
    before?: number;
  }): Promise<AuditEvent[]> {
    const limit = Math.min(Math.max(request.limit ?? 50, 1), 500);
    return this.options.audit.list({
      repository: request.repository,
      project: request.name ? this.validName(request.name) : undefined,
      limit,
      before: request.before,
    });
  }

  private validName(name: string): string {
    if (!isValidProjectName(name))
      throw new InputError(`Invalid package name ${JSON.stringify(name)}`);
    return normalizeProjectName(name);
  }

  private async listing(
    repository: string,
    name: string,
    includeDeleted = false,
  ): Promise<ProjectListing> {
    if (!isValidProjectName(name))
      throw new NotFoundError(`Package ${name} not found`);
    const listing = await this.options.packages.getProjectListing(
      repository,
      normalizeProjectName(name),
      {
        includeDeleted,
      },
    );
    if (!listing || (!includeDeleted && !listing.versions.length))
      throw new NotFoundError(`Package ${name} not found`);
    return listing;
  }

  /** Finds a version by any PEP 440 spelling, or `latest`. Versions in the recycle bin only when asked for. */
  private async resolve(
    repository: string,
    name: string,
    version: string,
    options?: { inBin?: boolean },
  ): Promise<VersionRef> {
    const inBin = options?.inBin ?? false;
    const listing = await this.listing(repository, name, inBin);
    const candidates = listing.versions.filter(
      candidate => Boolean(candidate.deleted) === inBin,
    );
    let found: VersionRecord | undefined;
    if (version === 'latest' && !inBin)
      found = latestVersions(candidates.map(installableCandidate)).latest
        ?.record;
    else {
      const canonical = versionIdentity(version);
      if (!canonical)
        throw new InputError(`Invalid version ${JSON.stringify(version)}`);
      found = candidates.find(candidate => candidate.canonical === canonical);
    }
    if (!found) {
      const where = inBin ? ' in the recycle bin' : '';
      throw new NotFoundError(
        `Version ${version} of ${listing.project.displayName} not found${where}`,
      );
    }
    return { listing, project: listing.project, version: found };
  }

  private async changeState(
    ref: VersionRef,
    request: { repository: string; principal: Principal },
    _state: 'disabled' | 'deleted' | 'yanked',
    change: { at: string; by?: string; reason?: string } | undefined,
    transition: VersionTransition,
  ): Promise<void> {
    try {
      await this.options.packages.changeVersionState({
        versionId: ref.version.id,
        transition,
        change,
        record: transaction =>
          this.options.audit.record(
            this.event(
              ref,
              request.principal.actor,
              transition,
              change?.reason,
            ),
            { transaction },
          ),
      });
    } catch (error) {
      throw this.conflict(error, ref);
    }
    this.options.onChange?.(request.repository, ref.project.name);
  }

  /** Removes a version in the bin (since before `deletedBefore`, when given) for good, then its unused blobs. */
  private async purgeRef(
    ref: Pick<VersionRef, 'project' | 'version'>,
    actor: string,
    reason?: string,
    deletedBefore?: string,
  ): Promise<void> {
    let keys: string[];
    try {
      keys = await this.options.packages.purgeVersion({
        versionId: ref.version.id,
        deletedBefore,
        record: transaction =>
          this.options.audit.record(this.event(ref, actor, 'purge', reason), {
            transaction,
          }),
      });
    } catch (error) {
      throw this.conflict(error, ref);
    }
    this.options.onChange?.(ref.project.repository, ref.project.name);
    // The ledger removes a blob only when no file row and no upload's claim (on any replica) uses it; what fails
    // here (the store is down) the collector removes later.
    for (const key of keys) {
      try {
        await this.options.ledger.collect(key);
      } catch (error) {
        this.options.log?.(
          `Blob ${key} of a purged version stays for the collector: ${(error as Error).message}`,
        );
      }
    }
  }

  /** A lost race as a 409 that says what the version is now. */
  private conflict(
    error: unknown,
    ref: Pick<VersionRef, 'project' | 'version'>,
  ): unknown {
    if (!(error instanceof VersionStateConflict)) return error;
    const name = `Version ${ref.version.version} of ${ref.project.displayName}`;
    const current = error.current;
    const status = current ? statusOf(current) : 'purged';
    const yanked = Boolean(current?.yanked);
    let message: string;
    if (!current) message = `${name} was purged`;
    else if (error.transition === 'enable' && !current.deleted)
      message = `${name} is not disabled`;
    else if (error.transition === 'unyank' && !current.deleted)
      message = `${name} is not yanked`;
    else if (current.deleted)
      message = `${name} is in the recycle bin (deleted ${current.deleted.at}${current.deleted.by ? ` by ${current.deleted.by}` : ''})`;
    else message = `${name} is not in the recycle bin (it is ${status})`;
    return new ConflictError(message, {
      current: { version: ref.version.version, status, yanked },
    });
  }

  private event(
    ref: Pick<VersionRef, 'project' | 'version'>,
    actor: string,
    action: string,
    reason?: string,
  ) {
    return {
      repository: ref.project.repository,
      project: ref.project.name,
      version: ref.version.version,
      action,
      actor,
      reason,
    };
  }

  private record(
    ref: VersionRef,
    principal: Principal,
    action: string,
    reason?: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.options.audit.record({
      repository: ref.project.repository,
      project: ref.project.name,
      version: ref.version.version,
      action,
      actor: principal.actor,
      reason,
      details,
    });
  }
}

/** A version for the "latest" rule: installable unless disabled, yanked or deleted. */
function installableCandidate(record: VersionRecord) {
  return {
    record,
    version: record.canonical,
    installable: !record.deleted && !record.disabled && !record.yanked,
  };
}

function statusOf(version: VersionRecord): VersionStatus {
  if (version.deleted) return 'deleted';
  return version.disabled ? 'disabled' : 'active';
}

function summarise(
  version: VersionRecord,
  files: FileRecord[],
): VersionSummary {
  const own = files.filter(file => file.versionId === version.id);
  return {
    version: version.version,
    canonical: version.canonical,
    status: statusOf(version),
    yanked: Boolean(version.yanked),
    prerelease: isPrereleaseVersion(version.canonical),
    summary: version.summary,
    fileCount: own.length,
    size: own.reduce((total, file) => total + file.size, 0),
    downloads: own.reduce((total, file) => total + file.downloads, 0),
    uploadedAt: version.createdAt,
    updatedAt: version.updatedAt,
    disabled: version.disabled,
  };
}

function publicProject(project: ProjectRecord): ProjectInfo {
  return {
    name: project.name,
    displayName: project.displayName,
    latestVersion: project.latestVersion,
    latestIsPrerelease: project.latestVersion
      ? isPrereleaseVersion(project.latestVersion)
      : false,
    latestPrerelease: project.latestPrerelease,
    versionCount: project.versionCount,
    totalDownloads: project.totalDownloads,
    totalSize: project.totalSize,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
  };
}

function publicTag(tag: TagRecord): ProjectTag {
  return {
    tag: tag.tag,
    version: tag.version,
    createdBy: tag.createdBy,
    createdAt: tag.createdAt,
  };
}

function publicFile(file: FileRecord): DistributionFile {
  return {
    filename: file.filename,
    filetype: file.filetype,
    pythonVersion: file.pythonVersion,
    requiresPython: file.requiresPython,
    size: file.size,
    sha256: file.sha256,
    blake2_256: file.blake2_256,
    md5: file.md5,
    uploadedAt: file.uploadedAt,
    uploadedBy: file.uploadedBy,
    downloads: file.downloads,
    hasMetadata: Boolean(file.metadataSha256),
  };
}
