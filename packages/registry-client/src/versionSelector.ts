import {
  compareVersions,
  latestVersions,
  parseSpecifierSet,
  parseVersion,
  SpecifierSet,
  Version,
  versionIdentity,
} from './pep';

/**
 * How a user picks versions: one exact version, the latest (what pip installs by default, see latestVersions), every
 * version, or a PEP 440 specifier set.
 */
export type VersionSelector =
  | { kind: 'exact'; version: string; identity: string }
  | { kind: 'latest' }
  | { kind: 'all' }
  | { kind: 'specifier'; specifiers: SpecifierSet };

/**
 * `1.2.0` (any PEP 440 spelling) is exact; `latest` what pip installs; `*` or empty every version; anything starting
 * with an operator (`>=1.0,<2`, `==1.*`, `!=1.3`) a specifier set. Throws with what is wrong.
 */
export function parseVersionSelector(text: string): VersionSelector {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return { kind: 'all' };
  if (trimmed === 'latest') return { kind: 'latest' };
  if (/^[<>=!~]/.test(trimmed) || trimmed.includes(',')) {
    return { kind: 'specifier', specifiers: parseSpecifierSet(trimmed) };
  }
  const identity = versionIdentity(trimmed);
  if (!identity) {
    throw new Error(
      `version ${JSON.stringify(text)} is neither a PEP 440 version, "latest", "*", nor a specifier such as ">=1.0,<2"`,
    );
  }
  return { kind: 'exact', version: trimmed, identity };
}

export function isBulk(selector: VersionSelector): boolean {
  return selector.kind === 'all' || selector.kind === 'specifier';
}

/** Newest first, by PEP 440 order; strings that are not versions sort last. */
export function sortNewestFirst<T extends { version: string }>(
  items: readonly T[],
): T[] {
  const parsed = items.map(item => ({
    item,
    parsed: parseVersion(item.version),
  }));
  parsed.sort((a, b) => {
    if (a.parsed && b.parsed) return compareVersions(b.parsed, a.parsed);
    // A version before a non-version; two non-versions keep their order.
    return Number(!a.parsed) - Number(!b.parsed);
  });
  return parsed.map(entry => entry.item);
}

/**
 * The items whose version the selector picks, newest first. Specifiers match pre-releases too: a bulk
 * operation on `<2` means every version below 2, not pip's "final releases unless asked".
 */
export function selectVersions<T extends { version: string }>(
  selector: VersionSelector,
  items: readonly T[],
  options: {
    /** Whether pip is offered the version by default (not disabled, yanked or deleted); all are, when not given. */
    installable?(item: T): boolean;
  } = {},
): T[] {
  const sorted = sortNewestFirst(items);
  switch (selector.kind) {
    case 'all':
      return sorted;
    case 'latest': {
      const { latest } = latestVersions(
        items.map(item => ({
          item,
          version: item.version,
          installable: options.installable?.(item) ?? true,
        })),
      );
      return latest ? [latest.item] : [];
    }
    case 'exact':
      return sorted.filter(
        item => versionIdentity(item.version) === selector.identity,
      );
    case 'specifier':
      return sorted.filter(item => {
        const version: Version | undefined = parseVersion(item.version);
        return (
          version !== undefined &&
          selector.specifiers.contains(version, { prereleases: true })
        );
      });
    default:
      // Unreachable: parseVersionSelector makes only the kinds above.
      throw new Error(
        `Unknown version selector: ${String((selector as { kind: unknown }).kind)}`,
      );
  }
}
