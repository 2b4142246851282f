/** The shapes of the management API's answers (`/api/v1`), as far as the clients use them. */

export type VersionStatus = 'active' | 'disabled' | 'deleted';

export interface VersionSummary {
  version: string;
  canonical: string;
  status: VersionStatus;
  yanked: boolean;
  fileCount: number;
  size: number;
  downloads: number;
  uploadedAt: string;
  updatedAt: string;
  disabled?: { at: string; by?: string; reason?: string };
}

export interface TagInfo {
  tag: string;
  version: string;
}

export interface Artifact {
  name: string;
  displayName: string;
  latestVersion?: string;
  tags: TagInfo[];
  /** Newest first. */
  versions: VersionSummary[];
}

export interface CustomMetadataEntry {
  key: string;
  value: string;
  updatedBy?: string;
  updatedAt: string;
}

export interface VersionFile {
  filename: string;
  filetype: string;
  size: number;
  sha256: string;
}

export interface VersionDetail extends VersionSummary {
  files: VersionFile[];
  customMetadata: CustomMetadataEntry[];
  tags: string[];
}

export interface RecycleBinEntry {
  project: string;
  displayName: string;
  version: string;
  canonical: string;
  deletedAt: string;
  deletedBy?: string;
  reason?: string;
}

export interface MetadataChange {
  set?: Record<string, string>;
  remove?: string[];
}
