import { parseVersion, Version } from './version';

/**
 * The identity of a version within a project, as PyPI keys releases: the normalised form with trailing zeros of
 * the release dropped, so that `1.0` and `1.0.0` (equal under PEP 440) are one version, not two.
 */
export function versionIdentity(text: string): string | undefined {
  const version = parseVersion(text);
  if (!version) return undefined;
  const release = [...version.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return new Version({
    epoch: version.epoch,
    release,
    pre: version.pre,
    post: version.post,
    dev: version.dev,
    local: version.local,
  }).toString();
}
