import {
  CustomMetadataEntry,
  FileRecord,
  ProjectRecord,
  RepositoryRecord,
  StateChange,
  VersionRecord,
} from './types';
import {
  DbCustomMetadataRow,
  DbFilesRow,
  DbProjectsRow,
  DbRepositoriesRow,
  DbVersionsRow,
} from './tables';

/** Row → record mapping. pg returns bigints as strings and SQLite booleans as 0/1, hence the conversions. */

const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;

export function toRepository(row: DbRepositoriesRow): RepositoryRecord {
  return {
    name: row.name,
    description: optional(row.description),
    anonymousRead: Boolean(row.anonymous_read),
  };
}

export function toProject(row: DbProjectsRow): ProjectRecord {
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

export function toVersion(row: DbVersionsRow): VersionRecord {
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

export function toFile(row: DbFilesRow): FileRecord {
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

export function toCustomMetadata(
  row: DbCustomMetadataRow,
): CustomMetadataEntry {
  return {
    key: row.key,
    value: row.value,
    updatedBy: optional(row.updated_by),
    updatedAt: row.updated_at,
  };
}

/** The columns of a joined table under `alias__column`, so they don't clash with the other tables' columns. */
export function prefixedColumns(
  table: string,
  alias: string,
  columns: readonly string[],
): string[] {
  return columns.map(column => `${table}.${column} as ${alias}__${column}`);
}

/** Picks the `alias__column` fields of a joined row back out into a row of that table. */
export function unprefix<Row>(
  row: Record<string, unknown>,
  alias: string,
): Row {
  const result: Record<string, unknown> = {};
  const prefix = `${alias}__`;
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith(prefix)) result[key.slice(prefix.length)] = value;
  }
  return result as Row;
}
