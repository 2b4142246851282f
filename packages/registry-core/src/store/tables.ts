/**
 * The rows of the package store's tables as the database hands them back (see migrations/). Times are ISO-8601 UTC
 * strings. Bigint columns come back as strings on PostgreSQL, booleans as 0/1 on SQLite: hence the unions, which
 * rows.ts converts.
 */

type DbBigInt = number | string;

export interface DbRepositoriesRow {
  name: string;
  description: string | null;
  anonymous_read: boolean | number;
  created_at: string;
}

export interface DbProjectsRow {
  id: number;
  repository: string;
  /** PEP 503 normalised. */
  name: string;
  display_name: string;
  latest_version: string | null;
  /** PEP 440 order as a sortable string. */
  latest_sort: string | null;
  latest_prerelease: string | null;
  version_count: number;
  total_size: DbBigInt;
  total_downloads: DbBigInt;
  created_at: string;
  updated_at: string;
}

export interface DbVersionsRow {
  id: number;
  project_id: number;
  /** As first uploaded. */
  version: string;
  /** PEP 440 normalised. */
  canonical: string;
  summary: string | null;
  requires_python: string | null;
  /** Parsed core metadata, JSON. */
  core_metadata: string | null;
  disabled_at: string | null;
  disabled_by: string | null;
  disabled_reason: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
  deleted_reason: string | null;
  yanked_at: string | null;
  yanked_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface DbFilesRow {
  id: number;
  repository: string;
  version_id: number;
  filename: string;
  filetype: 'bdist_wheel' | 'sdist';
  python_version: string | null;
  requires_python: string | null;
  size: DbBigInt;
  sha256: string;
  blake2_256: string;
  md5: string;
  metadata_sha256: string | null;
  uploaded_by: string | null;
  uploaded_at: string;
  downloads: DbBigInt;
}

export interface DbCustomMetadataRow {
  version_id: number;
  key: string;
  value: string;
  updated_by: string | null;
  updated_at: string;
}

export interface DbTagsRow {
  project_id: number;
  tag: string;
  version_id: number;
  created_by: string | null;
  created_at: string;
}

export interface DbDownloadCountsRow {
  file_id: number;
  /** YYYY-MM-DD, UTC. */
  day: string;
  count: DbBigInt;
}

export interface DbBlobClaimsRow {
  /** One per upload. */
  claim: string;
  sha256: string;
  created_at: string;
}

export interface DbAuditEventsRow {
  id: number;
  repository: string | null;
  project: string | null;
  version: string | null;
  action: string;
  actor: string | null;
  reason: string | null;
  /** JSON. */
  details: string | null;
  created_at: string;
}

/** Every column of a row type, as a list the compiler checks against the interface (none missing, none extra). */
function columnsOf<Row>(
  columns: Record<keyof Row, true>,
): (keyof Row & string)[] {
  return Object.keys(columns) as (keyof Row & string)[];
}

export const PROJECT_COLUMNS = columnsOf<DbProjectsRow>({
  id: true,
  repository: true,
  name: true,
  display_name: true,
  latest_version: true,
  latest_sort: true,
  latest_prerelease: true,
  version_count: true,
  total_size: true,
  total_downloads: true,
  created_at: true,
  updated_at: true,
});

export const VERSION_COLUMNS = columnsOf<DbVersionsRow>({
  id: true,
  project_id: true,
  version: true,
  canonical: true,
  summary: true,
  requires_python: true,
  core_metadata: true,
  disabled_at: true,
  disabled_by: true,
  disabled_reason: true,
  deleted_at: true,
  deleted_by: true,
  deleted_reason: true,
  yanked_at: true,
  yanked_reason: true,
  created_at: true,
  updated_at: true,
});

export const FILE_COLUMNS = columnsOf<DbFilesRow>({
  id: true,
  repository: true,
  version_id: true,
  filename: true,
  filetype: true,
  python_version: true,
  requires_python: true,
  size: true,
  sha256: true,
  blake2_256: true,
  md5: true,
  metadata_sha256: true,
  uploaded_by: true,
  uploaded_at: true,
  downloads: true,
});
