import { NotAllowedError, NotFoundError } from '../errors';
import { DisabledVersions, VersionRecord } from '../store/types';

/** Whether a version's files are offered to installers: not in the recycle bin and not disabled. */
export function isInstallable(version: VersionRecord): boolean {
  return !version.deleted && !version.disabled;
}

/** Whether the index lists a version: never from the recycle bin; disabled ones unless the repository hides them. */
export function isListed(
  version: VersionRecord,
  disabledVersions: DisabledVersions,
): boolean {
  if (version.deleted) return false;
  return !version.disabled || disabledVersions === 'yanked';
}

/**
 * How the index marks a listed version as yanked (PEP 592), or undefined. A disabled version is yanked with the
 * reason it was disabled for, which pip prints for a pinned install before its download answers 403.
 */
export function indexYank(
  version: VersionRecord,
): { reason?: string } | undefined {
  if (version.disabled)
    return {
      reason: version.disabled.reason
        ? `disabled: ${version.disabled.reason}`
        : 'disabled',
    };
  return version.yanked;
}

/** Throws the error a download of a file of this version gets when the version can't be installed. */
export function assertDownloadable(
  version: VersionRecord,
  projectName: string,
): void {
  if (version.deleted) throw new NotFoundError('File not found');
  if (version.disabled) {
    const reason = version.disabled.reason
      ? `: ${version.disabled.reason}`
      : '';
    throw new NotAllowedError(
      `Version ${version.version} of ${projectName} is disabled${reason}`,
    );
  }
}
