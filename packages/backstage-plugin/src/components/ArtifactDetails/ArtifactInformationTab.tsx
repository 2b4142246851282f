import { Chip } from '@material-ui/core';
import {
  ProjectDetails,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { InfoTable } from '../common/InfoTable';
import { StatusChip } from '../common/StatusChip';
import { formatActor, formatBytes, formatCount, formatTime } from '../format';

/** Artifact Information: the artifact's totals and tags, and the selected version's upload and state. */
export function ArtifactInformationTab({
  artifact,
  details,
}: {
  artifact: ProjectDetails;
  details: VersionDetails;
}) {
  const tags = details.allTags.length
    ? details.allTags.map(tag => (
        <Chip
          key={tag.tag}
          size="small"
          label={`${tag.tag}: ${tag.version}`}
          color={details.tags.includes(tag.tag) ? 'primary' : 'default'}
          style={{ marginRight: 4, marginBottom: 2 }}
        />
      ))
    : '–';
  return (
    <InfoTable
      label="Artifact Information"
      rows={[
        ['Artifact', artifact.displayName],
        ['Version', details.version],
        ['Summary', details.summary || '–'],
        ['Total versions', formatCount(artifact.versionCount)],
        ['Total downloads', formatCount(artifact.totalDownloads)],
        ['Storage size', formatBytes(artifact.totalSize)],
        ['Tags', tags],
        ['Uploader', formatActor(details.uploadedBy)],
        ['Upload time', formatTime(details.uploadedAt)],
        [
          'Status',
          <StatusChip status={details.status} yanked={details.yanked} />,
        ],
        ['Requires-Python', details.requiresPython || '–'],
        ['Downloads of this version', formatCount(details.downloads)],
        [
          'Size of this version',
          `${formatBytes(details.size)} in ${details.fileCount} file${details.fileCount === 1 ? '' : 's'}`,
        ],
      ]}
    />
  );
}
