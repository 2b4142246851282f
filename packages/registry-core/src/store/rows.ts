import { FileRecord, ProjectRecord, StateChange, VersionRecord } from './types';

/** Row ↔ record mapping. pg returns bigints as strings and SQLite booleans as 0/1, hence the conversions. */

type Row = Record<string, any>;

const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;

export function toProject(row: Row): ProjectRecord {
  return {
    id: Number(row.id),
    repository: row.repository,
    name: row.name,
    displayName: row.display_name,
    latestVersion: optional(row.latest_version),
    latestPrerelease: optional(row.latest_prerelease),
    versionCount: Number(row.version_count ?? 0),
    totalSize: Number(row.total_size ?? 0),
    totalDownloads: Number(row.total_downloads ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toChange(
  at: string | null,
  by: string | null,
  reason: string | null,
): StateChange | undefined {
  if (!at) return undefined;
  return { at, by: optional(by), reason: optional(reason) };
}

export function toVersion(row: Row): VersionRecord {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    version: row.version,
    canonical: row.canonical,
    summary: optional(row.summary),
    requiresPython: optional(row.requires_python),
    coreMetadata: row.core_metadata ? JSON.parse(row.core_metadata) : undefined,
    disabled: toChange(row.disabled_at, row.disabled_by, row.disabled_reason),
    deleted: toChange(row.deleted_at, row.deleted_by, row.deleted_reason),
    yanked: toChange(row.yanked_at, null, row.yanked_reason),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toFile(row: Row): FileRecord {
  return {
    id: Number(row.id),
    repository: row.repository,
    versionId: Number(row.version_id),
    filename: row.filename,
    filetype: row.filetype,
    pythonVersion: optional(row.python_version),
    requiresPython: optional(row.requires_python),
    size: Number(row.size),
    sha256: row.sha256,
    blake2_256: row.blake2_256,
    md5: row.md5,
    metadataSha256: optional(row.metadata_sha256),
    uploadedBy: optional(row.uploaded_by),
    uploadedAt: row.uploaded_at,
    downloads: Number(row.downloads ?? 0),
  };
}

/** Columns of wh_files prefixed for a join, so they don't clash with wh_versions / wh_projects columns. */
export function prefixedColumns(
  table: string,
  alias: string,
  columns: string[],
): string[] {
  return columns.map(column => `${table}.${column} as ${alias}__${column}`);
}

/** Picks the `alias__column` fields of a joined row back out into a plain row. */
export function unprefix(row: Row, alias: string): Row {
  const result: Row = {};
  const prefix = `${alias}__`;
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith(prefix)) result[key.slice(prefix.length)] = value;
  }
  return result;
}

export const PROJECT_COLUMNS = [
  'id',
  'repository',
  'name',
  'display_name',
  'latest_version',
  'latest_prerelease',
  'version_count',
  'total_size',
  'total_downloads',
  'created_at',
  'updated_at',
];
export const VERSION_COLUMNS = [
  'id',
  'project_id',
  'version',
  'canonical',
  'summary',
  'requires_python',
  'core_metadata',
  'disabled_at',
  'disabled_by',
  'disabled_reason',
  'deleted_at',
  'deleted_by',
  'deleted_reason',
  'yanked_at',
  'yanked_reason',
  'created_at',
  'updated_at',
];
export const FILE_COLUMNS = [
  'id',
  'repository',
  'version_id',
  'filename',
  'filetype',
  'python_version',
  'requires_python',
  'size',
  'sha256',
  'blake2_256',
  'md5',
  'metadata_sha256',
  'uploaded_by',
  'uploaded_at',
  'downloads',
];
