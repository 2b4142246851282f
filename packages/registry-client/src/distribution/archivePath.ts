import { InvalidDistributionError } from './errors';

/** PEP 503 normalisation, inlined so this module does not depend on src/pep. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Quotes an archive member name for an error message, cut short so a 64 KiB name cannot flood a log line. */
export function quoteMember(name: string): string {
  return JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
}

/**
 * Splits a member name into path segments. We never extract to disk, but a name that would escape an extraction
 * directory is a sign of a hostile archive, and pip/twine would choke on it later, so it is refused outright.
 * Backslashes count as separators because Windows tools honour them.
 */
export function memberSegments(name: string, what: string): string[] {
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) {
    throw new InvalidDistributionError(
      `${what}: archive member has an absolute path: ${quoteMember(name)}`,
    );
  }
  const segments = name.split(/[\\/]/).filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new InvalidDistributionError(
      `${what}: archive member path contains "..": ${quoteMember(name)}`,
    );
  }
  return segments;
}
