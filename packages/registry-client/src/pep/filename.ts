/** Distribution filenames: wheels (binary distribution format) and sdists (source distribution format). */

import { isValidProjectName, normalizeProjectName } from './name';
import { canonicalizeVersion, parseVersion } from './version';

export interface ParsedWheelFilename {
  readonly kind: 'wheel';
  /** Name and version exactly as written in the filename. */
  readonly name: string;
  readonly version: string;
  readonly build?: string;
  readonly pythonTag: string;
  readonly abiTag: string;
  readonly platformTag: string;
}

export interface ParsedSdistFilename {
  readonly kind: 'sdist';
  readonly name: string;
  readonly version: string;
  readonly extension: '.tar.gz' | '.zip';
}

export type ParsedFilename = ParsedWheelFilename | ParsedSdistFilename;

/** Common file-system limit for one path component. */
export const MAX_FILENAME_LENGTH = 255;

/**
 * True when the name is safe to use as one path component and in URLs: only `[A-Za-z0-9._+!-]` (which already
 * rules out `/`, `\`, NUL, control characters and spaces), not starting with `.` (so never `.`, `..` or a hidden
 * file), at most 255 characters.
 */
export function isSafeFilename(filename: string): boolean {
  return (
    typeof filename === 'string' &&
    filename.length > 0 &&
    filename.length <= MAX_FILENAME_LENGTH &&
    /^[A-Za-z0-9_+!-][A-Za-z0-9._+!-]*$/.test(filename)
  );
}

// Compatibility tags are `.`-joined sets of `_`-joined words (`manylinux_2_17_x86_64.manylinux2014_x86_64`).
const TAG = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$/;
// The build tag breaks ties between otherwise identical wheels and must start with a digit.
const BUILD_TAG = /^[0-9][A-Za-z0-9_.]*$/;

/** Parses a `.whl`, `.tar.gz` or `.zip` distribution filename; undefined if it is not one (or is unsafe). */
export function parseDistributionFilename(
  filename: string,
): ParsedFilename | undefined {
  if (!isSafeFilename(filename)) return undefined;
  if (filename.endsWith('.whl'))
    return parseWheel(filename.slice(0, -'.whl'.length));
  for (const extension of ['.tar.gz', '.zip'] as const) {
    if (filename.endsWith(extension))
      return parseSdist(filename.slice(0, -extension.length), extension);
  }
  return undefined;
}

/** `{name}-{version}(-{build})?-{python}-{abi}-{platform}`: names and versions in wheels never contain `-`. */
function parseWheel(stem: string): ParsedWheelFilename | undefined {
  const parts = stem.split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [name, version] = parts;
  const build = parts.length === 6 ? parts[2] : undefined;
  const [pythonTag, abiTag, platformTag] = parts.slice(-3);
  if (!isValidProjectName(name) || !parseVersion(version)) return undefined;
  if (build !== undefined && !BUILD_TAG.test(build)) return undefined;
  if (![pythonTag, abiTag, platformTag].every(tag => TAG.test(tag)))
    return undefined;
  return {
    kind: 'wheel',
    name,
    version,
    ...(build !== undefined && { build }),
    pythonTag,
    abiTag,
    platformTag,
  };
}

/**
 * `{name}-{version}`. Current tools write the name with `_` instead of `-`, but older sdists kept the dashes
 * (`my-pkg-1.0.0`), so split at the last `-` that leaves a valid version after it and a valid name before it.
 */
function parseSdist(
  stem: string,
  extension: ParsedSdistFilename['extension'],
): ParsedSdistFilename | undefined {
  for (
    let dash = stem.lastIndexOf('-');
    dash > 0;
    dash = stem.lastIndexOf('-', dash - 1)
  ) {
    const name = stem.slice(0, dash);
    const version = stem.slice(dash + 1);
    if (isValidProjectName(name) && parseVersion(version))
      return { kind: 'sdist', name, version, extension };
  }
  return undefined;
}

/** True when the file belongs to project `name` at `version` (names compared normalized, versions canonical). */
export function filenameMatches(
  parsed: ParsedFilename,
  name: string,
  version: string,
): boolean {
  const fileVersion = canonicalizeVersion(parsed.version);
  return (
    normalizeProjectName(parsed.name) === normalizeProjectName(name) &&
    fileVersion !== undefined &&
    fileVersion === canonicalizeVersion(version)
  );
}

/** The `filetype` value the upload API uses for this kind of file. */
export function filetypeFor(parsed: ParsedFilename): 'bdist_wheel' | 'sdist' {
  return parsed.kind === 'wheel' ? 'bdist_wheel' : 'sdist';
}
