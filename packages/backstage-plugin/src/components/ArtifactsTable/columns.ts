import {
  ProjectSort,
  ProjectSummary,
  SortOrder,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { formatBytes, formatCount, formatTime } from '../format';

export interface ArtifactColumn {
  sort: ProjectSort;
  title: string;
  numeric?: boolean;
  /** The order a first click on the column sorts by. */
  firstOrder: SortOrder;
  render?(artifact: ProjectSummary): string;
}

/** The sortable columns of the artifacts list, in the order shown; `name` renders as a link. */
export const ARTIFACT_COLUMNS: ArtifactColumn[] = [
  { sort: 'name', title: 'Name', firstOrder: 'asc' },
  {
    sort: 'latest',
    title: 'Latest version',
    firstOrder: 'desc',
    render: artifact => artifact.latestVersion ?? '–',
  },
  {
    sort: 'versions',
    title: 'Versions',
    numeric: true,
    firstOrder: 'desc',
    render: artifact => formatCount(artifact.versionCount),
  },
  {
    sort: 'downloads',
    title: 'Downloads',
    numeric: true,
    firstOrder: 'desc',
    render: artifact => formatCount(artifact.totalDownloads),
  },
  {
    sort: 'size',
    title: 'Size',
    numeric: true,
    firstOrder: 'desc',
    render: artifact => formatBytes(artifact.totalSize),
  },
  {
    sort: 'updated',
    title: 'Updated',
    firstOrder: 'desc',
    render: artifact => formatTime(artifact.updatedAt),
  },
];
