import { latestVersions, versionSortKey } from '../pep';
import { DbProjectsRow, DbVersionsRow } from './tables';

/** A version row not in the recycle bin, as far as the project's "latest" figures need it. */
export type LatestRow = Pick<
  DbVersionsRow,
  'version' | 'canonical' | 'disabled_at' | 'yanked_at'
>;

/**
 * The project's latest_version (with its sort key) and latest_prerelease columns: the "latest" rule of the PEP
 * module, where disabled and yanked versions are not installable. The store writes these on every change.
 */
export function latestColumns(
  rows: readonly LatestRow[],
): Pick<DbProjectsRow, 'latest_version' | 'latest_sort' | 'latest_prerelease'> {
  const { latest, latestPrerelease } = latestVersions(
    rows.map(row => ({
      row,
      version: row.canonical,
      installable: !row.disabled_at && !row.yanked_at,
    })),
  );
  return {
    latest_version: latest?.row.version ?? null,
    latest_sort: latest ? versionSortKey(latest.row.canonical) : null,
    latest_prerelease: latestPrerelease?.row.version ?? null,
  };
}
