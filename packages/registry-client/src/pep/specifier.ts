/** PEP 440 version specifiers (`>=1.0, !=1.3.*, <2`) and their pre-release rules (hand-written: see version.ts). */

import {
  compareReleases,
  compareVersions,
  parseVersion,
  Version,
} from './version';

export type SpecifierOperator =
  '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface PrereleaseOptions {
  /** true/false force pre-releases in or out; left out, they count only when a clause names one. */
  readonly prereleases?: boolean;
}

/** Specifier sets come from metadata and query strings; real ones are far shorter. */
export const MAX_SPECIFIER_SET_LENGTH = 1024;

// One clause: operator, optional whitespace, then the version with no whitespace, comma, `;` or `)` in it
// (the last two end a specifier inside a requirement). The version may not start with an operator character, so
// `<>1` or `>=` cannot be read as `<` `>1` or `>` `=`; the classes do not overlap, so there is no backtracking.
const CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,;)=<>~!][^\s,;)]*)\s*$/;

/** One clause of a specifier set. */
export class Specifier {
  private constructor(
    readonly operator: SpecifierOperator,
    /** The version as written, including a trailing `.*`. */
    readonly version: string,
    /** The parsed version (without `.*`); undefined only for `===`, which compares strings. */
    private readonly target: Version | undefined,
    private readonly wildcard: boolean,
  ) {}

  /** Throws an `Error` saying what is wrong with `text`. */
  static parse(text: string): Specifier {
    const fail = (reason: string): never => {
      throw new Error(`Invalid version specifier "${text.trim()}": ${reason}`);
    };
    const match = CLAUSE.exec(text);
    if (!match) return fail('expected an operator and a version');
    const operator = match[1] as SpecifierOperator;
    const version = match[2];
    if (operator === '===')
      return new Specifier(operator, version, undefined, false);

    const wildcard = version.endsWith('.*');
    if (wildcard && operator !== '==' && operator !== '!=')
      fail('a trailing .* is only allowed with == and !=');
    const target = parseVersion(wildcard ? version.slice(0, -2) : version);
    if (!target) return fail(`"${version}" is not a valid PEP 440 version`);
    if (
      target.local !== undefined &&
      (wildcard || (operator !== '==' && operator !== '!='))
    ) {
      fail('a local version label is only allowed in an exact == or != match');
    }
    if (wildcard && target.dev !== undefined)
      fail('a prefix match cannot contain a development release');
    if (operator === '~=' && target.release.length < 2)
      fail('~= needs a version with at least two release numbers');
    return new Specifier(operator, version, target, wildcard);
  }

  /**
   * True when the clause asks for a pre-release explicitly (`>=1.0b1`, `==2.0.dev3`), which lets pre-releases
   * match the whole set. `!=` excludes, so it never counts as a request.
   */
  get requestsPrerelease(): boolean {
    if (this.operator === '!=') return false;
    const version = this.target ?? parseVersion(this.version);
    return version?.isPrerelease ?? false;
  }

  /** Whether `version` satisfies this clause alone, before any pre-release policy. */
  matches(version: Version): boolean {
    const target = this.target;
    if (!target) return version.toString() === this.version.toLowerCase(); // `===`: plain string equality
    switch (this.operator) {
      case '==':
        return this.equals(version, target);
      case '!=':
        return !this.equals(version, target);
      case '~=':
        // `~=2.2.post3` means `>=2.2.post3, ==2.*`: the last release number may grow, nothing before it.
        return (
          compareVersions(withoutLocal(version), target) >= 0 &&
          prefixMatches(
            version,
            new Version({
              epoch: target.epoch,
              release: target.release.slice(0, -1),
            }),
          )
        );
      case '<=':
        return compareVersions(withoutLocal(version), target) <= 0;
      case '>=':
        return compareVersions(withoutLocal(version), target) >= 0;
      case '<':
        // `<2.0` must not admit `2.0rc1`: a pre-release of the bound only matches if the bound is one itself.
        // Like pip, "of the bound" means the same epoch and release numbers.
        return (
          compareVersions(version, target) < 0 &&
          !(
            version.isPrerelease &&
            !target.isPrerelease &&
            sameBase(version, target)
          )
        );
      case '>':
        // `>1.7` must not admit `1.7.post1` (unless the bound is a post-release) nor `1.7+local`.
        return (
          compareVersions(version, target) > 0 &&
          !(
            version.isPostrelease &&
            !target.isPostrelease &&
            sameBase(version, target)
          ) &&
          !(version.local !== undefined && sameBase(version, target))
        );
      default:
        return false;
    }
  }

  toString(): string {
    return `${this.operator}${this.version}`;
  }

  private equals(version: Version, target: Version): boolean {
    if (this.wildcard) return prefixMatches(version, target);
    // A public target ignores the candidate's local label; a local target must match it too.
    const candidate =
      target.local === undefined ? withoutLocal(version) : version;
    return compareVersions(candidate, target) === 0;
  }
}

function withoutLocal(version: Version): Version {
  return version.local === undefined
    ? version
    : new Version({ ...version, local: undefined });
}

function sameBase(a: Version, b: Version): boolean {
  return a.epoch === b.epoch && compareReleases(a.release, b.release) === 0;
}

/**
 * `==prefix.*`: later segments of the candidate are ignored. A release-only prefix compares only as many release
 * numbers as it has (`1.*` matches `1.2rc1`; `1.0.*` matches `1`). A prefix with a pre- or post-release
 * segment must match the whole release (zero-padded) and that segment; dev and local are ignored.
 */
function prefixMatches(version: Version, prefix: Version): boolean {
  if (version.epoch !== prefix.epoch) return false;
  if (prefix.pre === undefined && prefix.post === undefined) {
    return prefix.release.every((n, i) => (version.release[i] ?? 0) === n);
  }
  if (compareReleases(version.release, prefix.release) !== 0) return false;
  if (prefix.pre) {
    if (
      version.pre?.label !== prefix.pre.label ||
      version.pre.number !== prefix.pre.number
    )
      return false;
  } else if (version.pre) {
    return false;
  }
  return prefix.post === undefined || version.post === prefix.post;
}

/** A comma-separated list of clauses; a version must satisfy all of them. */
export class SpecifierSet {
  constructor(readonly specifiers: readonly Specifier[]) {}

  /** True when some clause names a pre-release, which PEP 440 treats as the user asking for pre-releases. */
  get requestsPrerelease(): boolean {
    return this.specifiers.some(specifier => specifier.requestsPrerelease);
  }

  /**
   * Whether `version` satisfies every clause. Pre-releases are excluded unless `opts.prereleases` is true,
   * or it is left out and a clause names a pre-release. An empty set matches every final release.
   */
  contains(version: Version, opts: PrereleaseOptions = {}): boolean {
    const allowPrereleases = opts.prereleases ?? this.requestsPrerelease;
    if (version.isPrerelease && !allowPrereleases) return false;
    return this.specifiers.every(specifier => specifier.matches(version));
  }

  /**
   * The versions that satisfy the set, in input order. With `opts.prereleases` left out this adds PEP 440's
   * last rule: when only pre-releases satisfy the set, they are returned.
   */
  filter<V extends Version>(
    versions: Iterable<V>,
    opts: PrereleaseOptions = {},
  ): V[] {
    const matching = [...versions].filter(v =>
      this.specifiers.every(specifier => specifier.matches(v)),
    );
    const allowPrereleases = opts.prereleases ?? this.requestsPrerelease;
    if (allowPrereleases) return matching;
    const finals = matching.filter(v => !v.isPrerelease);
    return finals.length > 0 || opts.prereleases === false ? finals : matching;
  }

  toString(): string {
    return this.specifiers.join(',');
  }
}

/** Parses `>=1.0, <2`. Throws an `Error` naming the bad clause. Empty text is the empty set (any version). */
export function parseSpecifierSet(text: string): SpecifierSet {
  if (text.length > MAX_SPECIFIER_SET_LENGTH) {
    throw new Error(
      `Invalid version specifier set: longer than ${MAX_SPECIFIER_SET_LENGTH} characters`,
    );
  }
  // Blank clauses are skipped, as pip does, so a stray trailing comma in published metadata still parses.
  const clauses = text.split(',').filter(clause => /\S/.test(clause));
  return new SpecifierSet(clauses.map(clause => Specifier.parse(clause)));
}
