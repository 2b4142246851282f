import { ReactNode } from 'react';
import {
  ProjectSort,
  ProjectSummary,
  SortOrder,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionMarks } from '../common/VersionMarks';
import { formatBytes, formatCount, formatTime } from '../format';

export interface ArtifactColumn {
  sort: ProjectSort;
  title: string;
  numeric?: boolean;
  /** Left out on a phone's width, where only the name and the latest version fit. */
  wide?: boolean;
  /** The order a first click on the column sorts by. */
  firstOrder: SortOrder;
  render?(artifact: ProjectSummary): ReactNode;
}

/** What pip installs, marked when it is a pre-release, and a newer pre-release beside it. */
export function LatestVersion({ artifact }: { artifact: ProjectSummary }) {
  if (!artifact.latestVersion) return <>–</>;
  return (
    <>
      {artifact.latestVersion}
      {artifact.latestIsPrerelease && <VersionMarks prerelease />}
      {artifact.latestPrerelease && (
        <div style={{ fontSize: '0.8em', opacity: 0.8 }}>
          {artifact.latestPrerelease}
          <VersionMarks prerelease />
        </div>
      )}
    </>
  );
}

/** The sortable columns of the artifacts list, in the order shown; `name` renders as a link. */
export const ARTIFACT_COLUMNS: ArtifactColumn[] = [
  { sort: 'name', title: 'Name', firstOrder: 'asc' },
  {
    sort: 'latest',
    title: 'Latest version',
    firstOrder: 'desc',
    render: artifact => <LatestVersion artifact={artifact} />,
  },
  {
    sort: 'versions',
    title: 'Versions',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: artifact => formatCount(artifact.versionCount),
  },
  {
    sort: 'downloads',
    title: 'Downloads',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: artifact => formatCount(artifact.totalDownloads),
  },
  {
    sort: 'size',
    title: 'Size',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: artifact => formatBytes(artifact.totalSize),
  },
  {
    sort: 'updated',
    title: 'Updated',
    wide: true,
    firstOrder: 'desc',
    render: artifact => formatTime(artifact.updatedAt),
  },
];
