import { InvalidDistributionError } from './errors';
import { normalizeProjectName, quoteMember } from './archivePath';

/**
 * Knows where the metadata file lives in one kind of distribution. The archive readers feed it every member name
 * (as path segments) in archive order and read the member for which `visit` returns true.
 */
export interface ArchiveLayout {
  /** "Invalid wheel" / "Invalid sdist": the prefix of every error message. */
  readonly what: string;
  /** Name of the metadata file, for messages. */
  readonly memberLabel: string;
  /** Throws InvalidDistributionError when the member breaks the layout; returns true for the metadata file itself. */
  visit(segments: string[], isDirectory: boolean): boolean;
  /** Called once every member has been seen; throws when the layout as a whole is wrong. */
  finish(found: boolean): void;
}

/** `{name}-{version}.dist-info/METADATA`, in the one and only top-level .dist-info directory. */
export function wheelLayout(filename: string): ArchiveLayout {
  const what = 'Invalid wheel';
  const distInfoDirs = new Set<string>();
  return {
    what,
    memberLabel: 'METADATA',
    visit(segments, isDirectory) {
      const top = segments[0];
      if (
        top === undefined ||
        !top.endsWith('.dist-info') ||
        (segments.length === 1 && !isDirectory)
      )
        return false;
      distInfoDirs.add(top);
      if (distInfoDirs.size > 1) {
        // pip refuses these too: it could not tell which METADATA describes the wheel.
        throw new InvalidDistributionError(
          `${what}: more than one .dist-info directory (${[...distInfoDirs].map(quoteMember).join(', ')})`,
        );
      }
      return segments.length === 2 && segments[1] === 'METADATA';
    },
    finish(found) {
      const [dir] = distInfoDirs;
      if (!found || dir === undefined)
        throw new InvalidDistributionError(
          `${what}: no .dist-info/METADATA found`,
        );
      // The directory must belong to the project named in the filename, or pip refuses the wheel. Wheel filenames
      // escape "-" in the name, so the filename's project ends at the first "-"; the directory's version (also
      // escaped) starts after its last one.
      const stem = dir.slice(0, -'.dist-info'.length);
      const project = normalizeProjectName(filename.split('-')[0]);
      if (
        !stem.includes('-') ||
        normalizeProjectName(stem.slice(0, stem.lastIndexOf('-'))) !== project
      ) {
        throw new InvalidDistributionError(
          `${what}: .dist-info directory ${quoteMember(dir)} does not match the filename ${quoteMember(filename)}`,
        );
      }
    },
  };
}

/** `{top}/PKG-INFO`, where every member lives under the single top-level directory `{top}`. */
export function sdistLayout(): ArchiveLayout {
  const what = 'Invalid sdist';
  let top: string | undefined;
  return {
    what,
    memberLabel: 'PKG-INFO',
    visit(segments, isDirectory) {
      if (segments.length === 0) return false;
      if (segments.length === 1 && !isDirectory) {
        throw new InvalidDistributionError(
          `${what}: file ${quoteMember(segments[0])} is outside the single top-level directory`,
        );
      }
      top ??= segments[0];
      if (segments[0] !== top) {
        throw new InvalidDistributionError(
          `${what}: more than one top-level directory (${quoteMember(top)}, ${quoteMember(segments[0])})`,
        );
      }
      return segments.length === 2 && segments[1] === 'PKG-INFO';
    },
    finish(found) {
      if (!found)
        throw new InvalidDistributionError(
          `${what}: no PKG-INFO found in the top-level directory`,
        );
    },
  };
}
