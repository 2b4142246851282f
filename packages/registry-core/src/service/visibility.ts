import { NotAllowedError, NotFoundError } from '../errors';
import { VersionRecord } from '../store/types';

/** Whether a version's files are offered to installers: not in the recycle bin and not disabled. */
export function isInstallable(version: VersionRecord): boolean {
  return !version.deleted && !version.disabled;
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
