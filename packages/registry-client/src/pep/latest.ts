import { compareVersions, parseVersion, Version } from './version';

/** A version as the "latest" rule sees it: its text, and whether installers are offered it by default. */
export interface LatestCandidate {
  version: string;
  /** False for a version that is disabled, yanked or in the recycle bin: pip passes over it unless pinned. */
  installable: boolean;
}

export interface LatestVersions<T> {
  /** What `pip install name` picks: the newest installable final release; a pre-release only when there is none. */
  latest?: T;
  /** The newest installable pre-release or dev release, when it is newer than `latest`. */
  latestPrerelease?: T;
}

/**
 * The one rule for "latest" (the management API, the PyPI JSON API's `info.version`, the portal and action-manage):
 * what pip installs by default. Pre-releases and dev releases count only when no installable final release exists
 * (pip's own fallback, PEP 440); disabled, yanked and deleted versions never count. Unparsable versions are ignored.
 */
export function latestVersions<T extends LatestCandidate>(
  items: readonly T[],
): LatestVersions<T> {
  let final: { item: T; parsed: Version } | undefined;
  let pre: { item: T; parsed: Version } | undefined;
  for (const item of items) {
    if (!item.installable) continue;
    const parsed = parseVersion(item.version);
    if (!parsed) continue;
    if (parsed.isPrerelease) {
      if (!pre || compareVersions(parsed, pre.parsed) > 0)
        pre = { item, parsed };
    } else if (!final || compareVersions(parsed, final.parsed) > 0) {
      final = { item, parsed };
    }
  }
  if (!final) return { latest: pre?.item };
  return {
    latest: final.item,
    latestPrerelease:
      pre && compareVersions(pre.parsed, final.parsed) > 0
        ? pre.item
        : undefined,
  };
}

/** Whether a version is a pre-release or a dev release (PEP 440), which pip skips unless asked; false if unparsable. */
export function isPrereleaseVersion(text: string): boolean {
  return parseVersion(text)?.isPrerelease ?? false;
}
