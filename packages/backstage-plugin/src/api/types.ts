/**
 * What the registry's management API (`/api/pypi/api/v1/…`) answers, as the UI uses it. Times are ISO-8601 UTC.
 * The shapes follow packages/registry-core/src/service/ManagementService.ts and guide.ts.
 */

export interface Repository {
  name: string;
  description?: string;
  anonymousRead: boolean;
}

export interface ArtifactTag {
  tag: string;
  version: string;
  createdBy?: string;
  createdAt: string;
}

/** Columns the artifacts list sorts by. */
export type ArtifactSort =
  'name' | 'latest' | 'versions' | 'downloads' | 'size' | 'updated';
export type SortOrder = 'asc' | 'desc';

export interface ArtifactQuery {
  search?: string;
  sort?: ArtifactSort;
  order?: SortOrder;
  offset?: number;
  limit?: number;
}

/** A package (an "artifact") as listed. `name` is the normalised name, `displayName` as first uploaded. */
export interface ArtifactSummary {
  name: string;
  displayName: string;
  latestVersion?: string;
  versionCount: number;
  totalDownloads: number;
  totalSize: number;
  createdAt: string;
  updatedAt: string;
  tags: ArtifactTag[];
}

export interface ArtifactPage {
  items: ArtifactSummary[];
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
  canonical: string;
  status: VersionStatus;
  yanked: boolean;
  summary?: string;
  fileCount: number;
  size: number;
  downloads: number;
  uploadedAt: string;
  updatedAt: string;
  disabled?: StateChange;
}

/** An artifact with its versions, newest first. */
export interface ArtifactDetails extends ArtifactSummary {
  versions: VersionSummary[];
}

export interface ArtifactFile {
  filename: string;
  filetype: 'bdist_wheel' | 'sdist';
  pythonVersion?: string;
  requiresPython?: string;
  size: number;
  sha256: string;
  blake2_256: string;
  md5: string;
  uploadedAt: string;
  uploadedBy?: string;
  downloads: number;
  hasMetadata: boolean;
}

export interface CustomMetadataEntry {
  key: string;
  value: string;
  updatedBy?: string;
  updatedAt: string;
}

/** One version in detail: files, core metadata (from METADATA / PKG-INFO), custom metadata, tags, state. */
export interface VersionDetails extends VersionSummary {
  project: Omit<ArtifactSummary, 'tags'>;
  requiresPython?: string;
  deleted?: StateChange;
  yankedReason?: string;
  uploadedBy?: string;
  files: ArtifactFile[];
  coreMetadata: Record<string, unknown>;
  customMetadata: CustomMetadataEntry[];
  /** Tags pointing at this version. */
  tags: string[];
  /** Every tag of the artifact. */
  allTags: ArtifactTag[];
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

/** The push / pull set-up for one repository, filled in with the portal's URL and a user name. */
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

export type TokenScope = 'read' | 'publish' | 'manage' | 'admin';

export interface NewPersonalToken {
  name: string;
  scopes: TokenScope[];
  repositories?: string[];
  expiresInDays?: number;
}

/** A freshly created token: `token` is the secret, returned this once. */
export interface CreatedToken {
  token: string;
  id: string;
  name: string;
  scopes: TokenScope[];
  repositories?: string[];
  owner?: string;
  createdAt: string;
  expiresAt?: string;
}
