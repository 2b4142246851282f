/**
 * PEP 440 versions: parsing every permitted spelling, the canonical (normalized) form, and ordering.
 *
 * Written here rather than taken from @renovatebot/pep440 (the npm port of Python's `packaging`), on evidence:
 * put in place of this code under the property tests (version.test.ts, specifier.test.ts), the library (4.2.4)
 * joins local segments with commas in `clean()`, rejects whitespace spellings that `packaging` accepts, accepts
 * invalid specifiers and mishandles an epoch with an exclusive `>`, where this implementation agrees with the
 * tests' oracle. pip (which uses `packaging`) and the registry must agree on which version is which, so the
 * implementation that agrees with `packaging` stays. Revisit if the library fixes those (docs/status.md, issue 16).
 */

export type PreReleaseLabel = 'a' | 'b' | 'rc';

export interface PreRelease {
  readonly label: PreReleaseLabel;
  readonly number: number;
}

/** The segments of a version; `local` may use any permitted spelling (it is normalized on construction). */
export interface VersionParts {
  readonly epoch?: number;
  readonly release: readonly number[];
  readonly pre?: PreRelease;
  readonly post?: number;
  readonly dev?: number;
  readonly local?: string;
}

/** Input limits, so hostile strings cost little and every number stays an exact JavaScript integer. */
export const MAX_VERSION_LENGTH = 128;
export const MAX_VERSION_NUMBER = 999_999_999_999_999; // 15 digits

const LOCAL_PATTERN = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/i;

export class Version {
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: PreRelease | undefined;
  readonly post: number | undefined;
  readonly dev: number | undefined;
  /** Normalized: lowercase, `.`-separated, numeric segments without leading zeros. */
  readonly local: string | undefined;

  /** Throws `RangeError` on parts no version string could produce. Use `parseVersion` for text. */
  constructor(parts: VersionParts) {
    const { epoch = 0, release, pre, post, dev, local } = parts;
    if (release.length === 0)
      throw new RangeError('A version needs at least one release number');
    for (const n of [epoch, ...release, pre?.number, post, dev]) {
      if (n !== undefined) checkNumber(n);
    }
    if (pre && !['a', 'b', 'rc'].includes(pre.label))
      throw new RangeError(`Invalid pre-release label: ${pre.label}`);
    if (local !== undefined && !LOCAL_PATTERN.test(local))
      throw new RangeError(`Invalid local version: ${local}`);
    this.epoch = epoch;
    this.release = Object.freeze([...release]);
    this.pre = pre && Object.freeze({ label: pre.label, number: pre.number });
    this.post = post;
    this.dev = dev;
    this.local = local === undefined ? undefined : normalizeLocal(local);
    Object.freeze(this);
  }

  /** PEP 440 counts developmental releases as pre-releases too. */
  get isPrerelease(): boolean {
    return this.pre !== undefined || this.dev !== undefined;
  }

  get isDevrelease(): boolean {
    return this.dev !== undefined;
  }

  get isPostrelease(): boolean {
    return this.post !== undefined;
  }

  /** The canonical form without the local segment. */
  get public(): string {
    let text = this.epoch ? `${this.epoch}!` : '';
    text += this.release.join('.');
    if (this.pre) text += `${this.pre.label}${this.pre.number}`;
    if (this.post !== undefined) text += `.post${this.post}`;
    if (this.dev !== undefined) text += `.dev${this.dev}`;
    return text;
  }

  /** The canonical (normalized) form, e.g. `1!2.0rc1.post2.dev3+ubuntu.1`. */
  toString(): string {
    return this.local === undefined
      ? this.public
      : `${this.public}+${this.local}`;
  }
}

function checkNumber(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_VERSION_NUMBER) {
    throw new RangeError(
      `Version numbers must be integers from 0 to ${MAX_VERSION_NUMBER}: ${n}`,
    );
  }
}

function normalizeLocal(local: string): string {
  return local
    .toLowerCase()
    .split(/[-_.]/)
    .map(part => (/^[0-9]+$/.test(part) ? part.replace(/^0+(?=.)/, '') : part))
    .join('.');
}

// Every spelling PEP 440 permits, in one anchored expression. Each repetition needs a separator or a letter to
// start, so there is no ambiguous nesting that could backtrack badly. No `u` flag: with it, `i` would let
// non-ASCII characters such as the Kelvin sign match `k`.
const VERSION_PATTERN = new RegExp(
  [
    '^v?',
    '(?:([0-9]+)!)?', // 1: epoch
    '([0-9]+(?:\\.[0-9]+)*)', // 2: release
    '(?:[-_.]?(alpha|beta|preview|pre|rc|c|a|b)[-_.]?([0-9]+)?)?', // 3, 4: pre-release
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?', // 5: implicit post (`1.0-1`); 6, 7: post-release
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?', // 8, 9: developmental release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$', // 10: local
  ].join(''),
  'i',
);

const PRE_LABELS: Record<string, PreReleaseLabel> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

const WHITESPACE = ' \t\n\r\f\v';

/** Only the whitespace PEP 440 names: `String.prototype.trim` would also drop Unicode spaces. */
function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && WHITESPACE.includes(text[start])) start++;
  while (end > start && WHITESPACE.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

class TooBig extends Error {}

/** Implicit numbers (`1.0a`, `1.0.post`) are zero; leading zeros are dropped. */
function toNumber(digits: string | undefined): number {
  if (digits === undefined) return 0;
  const significant = digits.replace(/^0+/, '');
  if (significant.length > 15) throw new TooBig();
  return Number(significant);
}

/** Parses any PEP 440 spelling (`v1.0`, ` 1.0-ALPHA.1 `, `1.0-r4`, `1!2.0+local`); undefined if invalid. */
export function parseVersion(text: string): Version | undefined {
  if (typeof text !== 'string' || text.length > MAX_VERSION_LENGTH)
    return undefined;
  const match = VERSION_PATTERN.exec(trimWhitespace(text));
  if (!match) return undefined;
  const [
    ,
    epoch,
    release,
    preLabel,
    preNumber,
    implicitPost,
    postLabel,
    postNumber,
    devLabel,
    devNumber,
    local,
  ] = match;
  try {
    return new Version({
      epoch: toNumber(epoch),
      release: release.split('.').map(toNumber),
      pre: preLabel
        ? {
            label: PRE_LABELS[preLabel.toLowerCase()],
            number: toNumber(preNumber),
          }
        : undefined,
      post:
        implicitPost !== undefined || postLabel
          ? toNumber(implicitPost ?? postNumber)
          : undefined,
      dev: devLabel ? toNumber(devNumber) : undefined,
      local,
    });
  } catch (error) {
    if (error instanceof TooBig) return undefined;
    throw error;
  }
}

/** The canonical form of a version string, or undefined when it is not a valid PEP 440 version. */
export function canonicalizeVersion(text: string): string | undefined {
  return parseVersion(text)?.toString();
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares release segments as if the shorter were padded with zeros (`1.0` equals `1.0.0`). */
export function compareReleases(
  a: readonly number[],
  b: readonly number[],
): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (order) return order;
  }
  return 0;
}

const PRE_RANK: Record<PreReleaseLabel, number> = { a: 1, b: 2, rc: 3 };
const FINAL_RANK = 4;

/** `1.0.dev0` sorts before `1.0a0`, but `1.0.post0.dev0` after `1.0`: only a bare dev release ranks lowest. */
function preRank(v: Version): number {
  if (v.pre) return PRE_RANK[v.pre.label];
  return v.dev !== undefined && v.post === undefined ? 0 : FINAL_RANK;
}

/** Local segments: numeric ones compare as numbers and above alphanumeric ones; a shorter prefix sorts first. */
function compareLocals(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const order = compareLocalSegments(as[i], bs[i]);
    if (order) return order;
  }
  return compareNumbers(as.length, bs.length);
}

function compareLocalSegments(a: string, b: string): number {
  const aNumeric = /^[0-9]+$/.test(a);
  const bNumeric = /^[0-9]+$/.test(b);
  if (aNumeric !== bNumeric) return aNumeric ? 1 : -1;
  // Normalized numbers have no leading zeros, so a longer one is larger; this avoids any size limit.
  if (aNumeric && a.length !== b.length)
    return compareNumbers(a.length, b.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** PEP 440 ordering: negative when `a` sorts before `b`, 0 when equal, positive after. */
export function compareVersions(a: Version, b: Version): number {
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareReleases(a.release, b.release) ||
    compareNumbers(preRank(a), preRank(b)) ||
    compareNumbers(a.pre?.number ?? 0, b.pre?.number ?? 0) ||
    compareNumbers(a.post ?? -1, b.post ?? -1) ||
    compareNumbers(a.dev ?? Infinity, b.dev ?? Infinity) ||
    compareLocals(a.local, b.local)
  );
}
