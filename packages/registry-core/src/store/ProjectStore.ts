import { Knex } from 'knex';
import {
  CustomMetadataEntry,
  DownloadCount,
  FileLocation,
  FileRecord,
  ProjectListing,
  ProjectRecord,
  RepositoryRecord,
  StateChange,
  TagRecord,
  VersionRecord,
} from './types';

/** Work done inside a store's transaction, committed with the change or not at all (the change's audit row). */
export type WithinTransaction = (
  transaction: Knex.Transaction,
) => Promise<void>;

/** A version state change; each is allowed only from the states named in VERSION_TRANSITIONS. */
export type VersionTransition =
  'disable' | 'enable' | 'yank' | 'unyank' | 'delete' | 'restore';

/**
 * Thrown when a version is not (or no longer) in the state a change starts from: another request changed it first.
 * `current` is the version as it is now, undefined when it was purged.
 */
export class VersionStateConflict extends Error {
  constructor(
    readonly transition: VersionTransition | 'purge',
    readonly current: VersionRecord | undefined,
  ) {
    super(`Version state conflict on ${transition}`);
    this.name = 'VersionStateConflict';
  }
}

/** A distribution file about to be recorded, with the version and project it creates if they are new. */
export interface NewFile {
  repository: string;
  /** PEP 503 normalised project name. */
  project: string;
  displayName: string;
  version: string;
  canonical: string;
  summary?: string;
  requiresPython?: string;
  coreMetadata?: Record<string, unknown>;
  file: Omit<FileRecord, 'id' | 'versionId' | 'repository' | 'downloads'>;
  /**
   * The blob claim the upload took on the file's bytes (BlobLedger): released in the transaction that adds the row,
   * and the row is refused (ClaimLostError) when the claim is gone, i.e. the collector gave the blob up.
   */
  claim?: string;
}

export type AddFileResult = {
  outcome: 'created' | 'identical';
  location: FileLocation;
};

export type ProjectListSort =
  'name' | 'latest' | 'versions' | 'downloads' | 'size' | 'updated';

export interface ProjectListQuery {
  repository: string;
  /** Substring of the normalised name. */
  search?: string;
  sort?: ProjectListSort;
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** One version in the recycle bin. */
export interface RecycledVersion {
  project: ProjectRecord;
  version: VersionRecord;
  fileCount: number;
  size: number;
}

/** One day's downloads of one file, to be added to the counters. */
export interface DownloadIncrement {
  fileId: number;
  day: string;
  count: number;
}

/** The repositories the configuration declares, as the database knows them. */
export interface RepositoryStore {
  syncRepositories(repositories: RepositoryRecord[]): Promise<void>;
  listRepositories(): Promise<RepositoryRecord[]>;
}

/** The upload insert. */
export interface UploadStore {
  /**
   * Records a file, creating its project and version as needed, atomically. A file with the same name and the same
   * sha256 is `identical`; with other bytes it throws ConflictError. A version in the recycle bin, or a new file for a
   * disabled version, throws InputError with the reason (not a conflict: twine --skip-existing would read "exists").
   */
  addFile(file: NewFile): Promise<AddFileResult>;
}

/** Reading projects, their versions and files: the indexes, the project list and search. */
export interface ListingStore {
  /** Names of projects with at least one version that is neither deleted nor (unless included) disabled. */
  listIndexedProjects(
    repository: string,
    options?: { includeDisabled?: boolean },
  ): Promise<Pick<ProjectRecord, 'name' | 'displayName'>[]>;
  getProject(
    repository: string,
    name: string,
  ): Promise<ProjectRecord | undefined>;
  /** The project with its versions and files; deleted versions are left out unless asked for. */
  getProjectListing(
    repository: string,
    name: string,
    options?: { includeDeleted?: boolean },
  ): Promise<ProjectListing | undefined>;
  findFile(
    repository: string,
    sha256: string,
    filename: string,
  ): Promise<FileLocation | undefined>;

  listProjectPage(
    query: ProjectListQuery,
  ): Promise<{ items: ProjectRecord[]; total: number }>;
}

/** Disabling, yanking and deleting versions, and undoing that. */
export interface VersionStateStore {
  /**
   * Changes a version's disabled / yanked / deleted state in one transaction whose write is conditional on the state
   * the transition starts from, with `record` (the audit row) in the same transaction. Throws VersionStateConflict
   * when the version is not in that state (a concurrent change came first) or is gone.
   */
  changeVersionState(request: {
    versionId: number;
    transition: VersionTransition;
    /** When, by whom and why: for disable, yank and delete. */
    change?: StateChange;
    record?: WithinTransaction;
  }): Promise<void>;
}

/** The deleted versions, until they are restored (VersionStateStore) or purged. */
export interface RecycleBinStore {
  listRecycleBin(repository: string): Promise<RecycledVersion[]>;
  /**
   * Removes a version in the recycle bin (deleted before `deletedBefore`, when given) and its files for good, in one
   * transaction conditional on that, with `record`; throws VersionStateConflict when it is not (any more). Returns
   * the blob keys its files referenced, for the collector to try (it decides whether anything still uses them).
   */
  purgeVersion(request: {
    versionId: number;
    deletedBefore?: string;
    record?: WithinTransaction;
  }): Promise<string[]>;
}

/** Key-value annotations of a version. */
export interface CustomMetadataStore {
  getCustomMetadata(versionId: number): Promise<CustomMetadataEntry[]>;
  updateCustomMetadata(
    versionId: number,
    change: {
      set: Record<string, string>;
      remove: string[];
      by?: string;
      maxEntries: number;
    },
  ): Promise<CustomMetadataEntry[]>;
}

/** Named pointers from a project to one of its versions. */
export interface TagStore {
  listTags(projectId: number): Promise<TagRecord[]>;
  /** The tags of many projects in one go (a page of the project list); stores without it are asked project by project. */
  listTagsOfProjects?(projectIds: number[]): Promise<Map<number, TagRecord[]>>;
  setTag(
    projectId: number,
    tag: string,
    versionId: number,
    by?: string,
  ): Promise<void>;
  removeTag(projectId: number, tag: string): Promise<boolean>;
}

/** Download statistics: per file and day, with the totals of files and projects. */
export interface DownloadCountStore {
  addDownloadCounts(increments: DownloadIncrement[]): Promise<void>;
  downloadCountsByDay(options: {
    projectId: number;
    versionId?: number;
    since: string;
  }): Promise<DownloadCount[]>;
}

/** Persistent state of projects, versions, files and what hangs off them. */
export interface ProjectStore
  extends
    RepositoryStore,
    UploadStore,
    ListingStore,
    VersionStateStore,
    RecycleBinStore,
    CustomMetadataStore,
    TagStore,
    DownloadCountStore {}

/** @deprecated The store is of projects, as the PyPI specifications call them: use {@link ProjectStore}. */
export type PackageStore = ProjectStore;
