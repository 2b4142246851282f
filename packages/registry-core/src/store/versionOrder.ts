import { compareVersions, parseVersion } from '../pep';

/** Lives beside the PEP 440 parser, so that migrations (plain JS) compute the same keys as the store. */
export { versionSortKey } from '../pep';

/** PEP 440 order of two stored (canonical) version strings; anything unparsable sorts first, by text. */
export function compareVersionStrings(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (left && right) return compareVersions(left, right);
  if (left) return 1;
  if (right) return -1;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
