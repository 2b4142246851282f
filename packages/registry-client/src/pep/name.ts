/** Python project names: validity (core metadata spec) and PEP 503 normalization. */

/** Longer names are refused: no real project needs them and they end up in URLs, paths and database keys. */
export const MAX_PROJECT_NAME_LENGTH = 200;

// ASCII letters and digits at both ends, `.`, `_`, `-` inside. No `u` flag, so the `i` flag cannot fold
// non-ASCII look-alikes (such as the Kelvin sign) onto ASCII letters.
const VALID_NAME = /^(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** True when `name` is a valid project name as the core metadata specification defines it. */
export function isValidProjectName(name: string): boolean {
  return name.length <= MAX_PROJECT_NAME_LENGTH && VALID_NAME.test(name);
}

/**
 * PEP 503 normalization: lowercase, and every run of `-`, `_` and `.` becomes a single `-`. Two names that
 * normalize the same are the same project (`Foo.Bar`, `foo_bar`, `FOO--bar`).
 */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
