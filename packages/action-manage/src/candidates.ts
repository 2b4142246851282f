import {
  ProjectTag,
  VersionStatus,
} from '@wheelhouse/backstage-plugin-pypi-common';
import {
  HttpError,
  ManagementClient,
  normalizeProjectName,
} from '@wheelhouse/registry-client';

/** A version an operation could apply to. */
export interface Candidate {
  version: string;
  status: VersionStatus;
  /** Yanked (PEP 592): pip passes over it unless pinned, so it is never `latest`. */
  yanked?: boolean;
  /** When it was uploaded (active and disabled versions). */
  uploadedAt?: string;
}

export interface PackageState {
  /** Display name when the registry knows the package, else the name as given. */
  name: string;
  candidates: Candidate[];
  tags: ProjectTag[];
}

/**
 * The package's versions with their status, plus those in the recycle bin when asked for (restore). A package
 * whose every version is in the bin is unknown to the versions endpoint, which is fine for a restore.
 */
export async function loadPackageState(
  client: ManagementClient,
  name: string,
  options: { includeDeleted: boolean },
): Promise<PackageState> {
  let state: PackageState = { name, candidates: [], tags: [] };
  try {
    const artifact = await client.getArtifact(name);
    state = {
      name: artifact.displayName,
      candidates: artifact.versions.map(version => ({
        version: version.version,
        status: version.status,
        yanked: version.yanked,
        uploadedAt: version.uploadedAt,
      })),
      tags: artifact.tags,
    };
  } catch (error) {
    if (!(
      options.includeDeleted &&
      error instanceof HttpError &&
      error.status === 404
    ))
      throw error;
  }
  if (options.includeDeleted) {
    const wanted = normalizeProjectName(name);
    for (const entry of await client.recycleBin()) {
      if (normalizeProjectName(entry.project) === wanted)
        state.candidates.push({ version: entry.version, status: 'deleted' });
    }
  }
  return state;
}
