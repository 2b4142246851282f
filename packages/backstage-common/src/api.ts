import { PypiScope } from './scopes';

/**
 * The management API (`/api/v1` of the registry; `/api/pypi/api/v1` inside Backstage): what it answers and what it
 * takes. The registry's services declare these as their return types; the portal and the actions' client read them.
 * Times are ISO-8601 UTC strings. In code the unit is the project (as in the PyPI specifications); the portal calls
 * it an artifact.
 */

/** `hosted` stores uploads; `proxy` stores what it fetched from an upstream index; `virtual` merges others. */
export type RepositoryKind = 'hosted' | 'proxy' | 'virtual';

export interface Repository {
  name: string;
  description?: string;
  /** Whether pip may read it without credentials. */
  anonymousRead: boolean;
  /** `hosted` when absent (registries from before proxy repositories do not send it). */
  kind?: RepositoryKind;
  /** proxy only: the upstream's simple index URL (credentials are separate settings, never part of it). */
  upstream?: string;
}

/** How a proxy's cache was used, counted by the replica that answers since it started (each counts its own). */
export interface ProxyCacheCounters {
  pageHits: number;
  pageFetches: number;
  pageRevalidations: number;
  staleServed: number;
  fileHits: number;
  fileFetches: number;
  hashMismatches: number;
}

/** A proxy repository's cache: `GET /api/v1/repositories/{repo}/cache`. */
export interface ProxyCache {
  repository: string;
  upstream?: string;
  /** Upstream projects whose page it stored. */
  projects: number;
  files: number;
  bytes: number;
  counters: ProxyCacheCounters;
}

/** A hosted project's PEP 708 `tracks`: what `GET` and `PUT /api/v1/repositories/{repo}/packages/{name}/tracks` answer. */
export interface ProjectTracks {
  /** PEP 503 normalised name. */
  project: string;
  tracks: string[];
}

/** `POST /api/v1/repositories/{repo}/packages/{name}/cache/purge`: disabled versions and the recycle bin stay. */
export interface CachePurgeResult {
  repository: string;
  project: string;
  /** Whether a stored upstream page was dropped. */
  page: boolean;
  /** Versions whose stored files were removed. */
  versions: number;
}

export interface ProjectTag {
  tag: string;
  version: string;
  createdBy?: string;
  createdAt: string;
}

/** Columns the project list sorts by. */
export const PROJECT_SORTS = [
  'name',
  'latest',
  'versions',
  'downloads',
  'size',
  'updated',
] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface ProjectQuery {
  /** Part of the normalised name. */
  search?: string;
  sort?: ProjectSort;
  order?: SortOrder;
  offset?: number;
  limit?: number;
}

/** Figures of a project, over its versions outside the recycle bin. */
export interface ProjectInfo {
  /** PEP 503 normalised name. */
  name: string;
  /** The name as first uploaded. */
  displayName: string;
  /**
   * What `pip install name` picks: the newest final release that is not disabled, yanked or deleted; a pre-release
   * only when there is no such final release; absent when no version is installable.
   */
  latestVersion?: string;
  /** True when `latestVersion` is itself a pre-release or dev release (no final release is installable). */
  latestIsPrerelease: boolean;
  /** The newest installable pre-release or dev release, when it is newer than `latestVersion`. */
  latestPrerelease?: string;
  versionCount: number;
  totalDownloads: number;
  /** Bytes. */
  totalSize: number;
  createdAt: string;
  updatedAt: string;
}

/** A project as listed. */
export interface ProjectSummary extends ProjectInfo {
  tags: ProjectTag[];
  /** Set in a proxy repository: the project's files were stored from `upstream` (its simple index URL). */
  cached?: boolean;
  upstream?: string;
}

export interface ProjectPage {
  items: ProjectSummary[];
  total: number;
  offset: number;
  limit: number;
}

export type VersionStatus = 'active' | 'disabled' | 'deleted';

/** Who changed a version's state, when and why. */
export interface StateChange {
  at: string;
  by?: string;
  reason?: string;
}

export interface VersionSummary {
  version: string;
  /** PEP 440 normalised. */
  canonical: string;
  status: VersionStatus;
  yanked: boolean;
  /** A pre-release or dev release (PEP 440), which pip installs only when asked. */
  prerelease: boolean;
  summary?: string;
  fileCount: number;
  size: number;
  downloads: number;
  uploadedAt: string;
  updatedAt: string;
  disabled?: StateChange;
}

/** A project with its versions, newest first. */
export interface ProjectDetails extends ProjectSummary {
  versions: VersionSummary[];
}

export type Filetype = 'bdist_wheel' | 'sdist';

export interface DistributionFile {
  filename: string;
  filetype: Filetype;
  pythonVersion?: string;
  requiresPython?: string;
  size: number;
  sha256: string;
  blake2_256: string;
  md5: string;
  uploadedAt: string;
  uploadedBy?: string;
  downloads: number;
  /** Whether its core metadata is served on its own (PEP 658). */
  hasMetadata: boolean;
}

export interface CustomMetadataEntry {
  key: string;
  value: string;
  updatedBy?: string;
  updatedAt: string;
}

/**
 * One version in detail: files, core metadata (from METADATA / PKG-INFO), custom metadata, tags, state. What
 * `GET .../versions/{version}` answers, and what every command on a version answers, as the command left it: disable,
 * enable, yank, unyank, delete (the version in the recycle bin), restore, the custom metadata changes, and setting or
 * removing a tag (the version the tag points or pointed at).
 */
export interface VersionDetails extends VersionSummary {
  project: ProjectInfo;
  requiresPython?: string;
  deleted?: StateChange;
  yankedReason?: string;
  uploadedBy?: string;
  files: DistributionFile[];
  coreMetadata: Record<string, unknown>;
  customMetadata: CustomMetadataEntry[];
  /** Tags pointing at this version. */
  tags: string[];
  /** Every tag of the project. */
  allTags: ProjectTag[];
}

/** Custom metadata changes of one version: keys to set and keys to remove. */
export interface MetadataChange {
  set?: Record<string, string>;
  remove?: string[];
}

export interface DownloadSeries {
  days: number;
  /** One entry per day, oldest first, zeros included. */
  series: { day: string; count: number }[];
}

export interface RecycleBinEntry {
  project: string;
  displayName: string;
  version: string;
  canonical: string;
  deletedAt: string;
  deletedBy?: string;
  reason?: string;
  fileCount: number;
  size: number;
  purgeAt?: string;
  /** null: kept until purged by hand. */
  daysLeft: number | null;
}

export interface RecycleBin {
  /** null: deleted versions stay until purged by hand. */
  retentionDays: number | null;
  items: RecycleBinEntry[];
}

/** A version named by project and version, as commands that remove it answer (it has no details any more). */
export interface VersionKey {
  project: string;
  version: string;
}

/** What a purge answers, of one version (`DELETE .../recycle-bin/{name}/{version}`) or by age: what it removed. */
export interface PurgeResult {
  purged: VersionKey[];
}

/** One recorded change: who did what to which version, when and why. */
export interface AuditEvent {
  id: number;
  repository?: string;
  project?: string;
  version?: string;
  action: string;
  actor?: string;
  reason?: string;
  details?: Record<string, unknown>;
  createdAt: string;
}

/** The push / pull set-up for one repository, filled in with the registry's URL and a user name. */
export interface SetupGuide {
  repository: string;
  indexUrl: string;
  uploadUrl: string;
  push: {
    pypirc: string;
    twineWithConfig: string;
    twineInline: string;
    uvPublish: string;
    poetry: string;
  };
  pull: {
    pipInstall: string;
    pipConf: string;
    requirementsTxt: string;
    uvIndex: string;
  };
}

/** A token to create: `POST /api/v1/tokens` (admins) or `/api/v1/me/tokens` (for oneself). */
export interface NewToken {
  name: string;
  scopes: PypiScope[];
  /** Leave out for every repository. */
  repositories?: string[];
  /** Admins only: whom the token is for. */
  owner?: string;
  expiresInDays?: number;
}

export interface TokenInfo {
  id: string;
  name: string;
  scopes: PypiScope[];
  /** undefined: every repository. */
  repositories?: string[];
  owner?: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** A freshly created token: `token` is the secret, returned this once. */
export interface CreatedToken extends TokenInfo {
  token: string;
}

/** Lists answer an object, so that fields can be added later. */
export interface ItemList<T> {
  items: T[];
}

/** The body of every error answer; the message is also the HTTP reason phrase. */
export interface ErrorBody {
  error: { name: string; message: string };
}
