import {
  DistributionFile,
  ProjectInfo,
  ProjectTag,
  VersionStatus,
  VersionSummary,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { isPrereleaseVersion } from '../pep';
import {
  FileRecord,
  ProjectRecord,
  TagRecord,
  VersionRecord,
} from '../store/types';

/** The store's records as the management API answers them (the types of the common package). */

export function statusOf(version: VersionRecord): VersionStatus {
  if (version.deleted) return 'deleted';
  return version.disabled ? 'disabled' : 'active';
}

export function summarise(
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

export function publicProject(project: ProjectRecord): ProjectInfo {
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

export function publicTag(tag: TagRecord): ProjectTag {
  return {
    tag: tag.tag,
    version: tag.version,
    createdBy: tag.createdBy,
    createdAt: tag.createdAt,
  };
}

export function publicFile(file: FileRecord): DistributionFile {
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
