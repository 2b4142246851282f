/** Records as the stores hand them to the services. Times are ISO-8601 UTC strings. */

/**
 * How a repository's index shows disabled versions: `yanked` (default) lists their files as yanked with the reason
 * (pip prints it for a pinned install, Renovate shows them as deprecated), `hidden` leaves them out.
 */
export type DisabledVersions = 'yanked' | 'hidden';

/**
 * What a repository is: `hosted` keeps what is uploaded to it; `proxy` serves an upstream index (PyPI by default) and
 * caches what it fetches; `virtual` serves the merge of its members under one URL.
 */
export type RepositoryKind = 'hosted' | 'proxy' | 'virtual';

/** Where a proxy repository fetches from. */
export interface UpstreamSettings {
  /** The upstream's simple index URL, ending in `/simple/` or the like (default https://pypi.org/simple/). */
  url: string;
  /** HTTP Basic credentials for the upstream; `token` alone is sent as a Bearer token. */
  username?: string;
  password?: string;
  token?: string;
  /** How long one request to the upstream may take (default 30). */
  timeoutSeconds?: number;
  /** How long a fetched project page is used before it is revalidated, unless the upstream says longer (default 600). */
  ttlSeconds?: number;
  /**
   * Hosts the upstream's file URLs may point at besides its own (default: files.pythonhosted.org for pypi.org, else
   * none). The proxy fetches nothing elsewhere, redirects included, so a compromised upstream cannot aim it at
   * internal addresses.
   */
  fileHosts?: string[];
}

export interface RepositoryRecord {
  name: string;
  description?: string;
  anonymousRead: boolean;
  disabledVersions?: DisabledVersions;
  /** `hosted` when absent. */
  kind?: RepositoryKind;
  /** proxy only. */
  upstream?: UpstreamSettings;
  /** virtual only: the hosted and proxy repositories it merges, first wins. */
  members?: string[];
  /** virtual only: the hosted member that uploads to the virtual URL go to; without it they are refused. */
  uploadTo?: string;
}

export interface ProjectRecord {
  id: number;
  repository: string;
  /** PEP 503 normalised name. */
  name: string;
  /** The name as first uploaded. */
  displayName: string;
  /** What pip installs by default (the PEP module's latestVersions rule). */
  latestVersion?: string;
  /** The newest installable pre-release, when newer than latestVersion. */
  latestPrerelease?: string;
  versionCount: number;
  totalSize: number;
  totalDownloads: number;
  createdAt: string;
  updatedAt: string;
}

/** Who changed a version's state, when and why. */
export interface StateChange {
  at: string;
  by?: string;
  reason?: string;
}

export interface VersionRecord {
  id: number;
  projectId: number;
  /** The version as first uploaded. */
  version: string;
  /** PEP 440 normalised version, the identity of the version within its project. */
  canonical: string;
  summary?: string;
  requiresPython?: string;
  coreMetadata?: Record<string, unknown>;
  disabled?: StateChange;
  deleted?: StateChange;
  yanked?: StateChange;
  createdAt: string;
  updatedAt: string;
}

export interface FileRecord {
  id: number;
  repository: string;
  versionId: number;
  filename: string;
  filetype: 'bdist_wheel' | 'sdist';
  pythonVersion?: string;
  requiresPython?: string;
  size: number;
  sha256: string;
  blake2_256: string;
  md5: string;
  /** sha256 of the extracted METADATA / PKG-INFO, also its blob key (PEP 658). */
  metadataSha256?: string;
  uploadedBy?: string;
  uploadedAt: string;
  downloads: number;
}

/** A file together with the version and project it belongs to. */
export interface FileLocation {
  file: FileRecord;
  version: VersionRecord;
  project: ProjectRecord;
}

/** Everything an index page needs about one project. */
export interface ProjectListing {
  project: ProjectRecord;
  versions: VersionRecord[];
  files: FileRecord[];
}

export interface CustomMetadataEntry {
  key: string;
  value: string;
  updatedBy?: string;
  updatedAt: string;
}

export interface TagRecord {
  tag: string;
  versionId: number;
  version: string;
  createdBy?: string;
  createdAt: string;
}

export interface DownloadCount {
  day: string;
  count: number;
}
