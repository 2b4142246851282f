import { ReactNode } from 'react';
import {
  ProjectSort,
  ProjectSummary,
  SortOrder,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionMarks } from '../common/VersionMarks';
import { formatBytes, formatCount, formatTime } from '../format';

export interface ProjectColumn {
  sort: ProjectSort;
  title: string;
  numeric?: boolean;
  /** Left out on a phone's width, where only the name and the latest version fit. */
  wide?: boolean;
  /** The order a first click on the column sorts by. */
  firstOrder: SortOrder;
  render?(project: ProjectSummary): ReactNode;
}

/** What pip installs, marked when it is a pre-release, and a newer pre-release beside it. */
export function LatestVersion({ project }: { project: ProjectSummary }) {
  if (!project.latestVersion) return <>–</>;
  return (
    <>
      {project.latestVersion}
      {project.latestIsPrerelease && <VersionMarks prerelease />}
      {project.latestPrerelease && (
        <div style={{ fontSize: '0.8em', opacity: 0.8 }}>
          {project.latestPrerelease}
          <VersionMarks prerelease />
        </div>
      )}
    </>
  );
}

/** The sortable columns of the artifacts list, in the order shown; `name` renders as a link. */
export const PROJECT_COLUMNS: ProjectColumn[] = [
  { sort: 'name', title: 'Name', firstOrder: 'asc' },
  {
    sort: 'latest',
    title: 'Latest version',
    firstOrder: 'desc',
    render: project => <LatestVersion project={project} />,
  },
  {
    sort: 'versions',
    title: 'Versions',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: project => formatCount(project.versionCount),
  },
  {
    sort: 'downloads',
    title: 'Downloads',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: project => formatCount(project.totalDownloads),
  },
  {
    sort: 'size',
    title: 'Size',
    numeric: true,
    wide: true,
    firstOrder: 'desc',
    render: project => formatBytes(project.totalSize),
  },
  {
    sort: 'updated',
    title: 'Updated',
    wide: true,
    firstOrder: 'desc',
    render: project => formatTime(project.updatedAt),
  },
];
