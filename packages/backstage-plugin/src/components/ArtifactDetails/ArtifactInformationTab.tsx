import {
  ProjectDetails,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionRef } from '../../api';
import { ActorLink } from '../common/ActorLink';
import { InfoTable } from '../common/InfoTable';
import { StatusChip } from '../common/StatusChip';
import { VersionMarks } from '../common/VersionMarks';
import { formatBytes, formatCount, formatTime } from '../format';
import { CatalogEntities } from './CatalogEntities';
import { TagEditor } from './TagEditor';

/**
 * Artifact Information: the artifact's latest versions, totals, tags and catalog entities, and the selected version's
 * upload and state.
 */
export function ArtifactInformationTab({
  versionRef,
  artifact,
  details,
  canEditTags,
  onTagsChanged,
}: {
  versionRef: VersionRef;
  artifact: ProjectDetails;
  details: VersionDetails;
  canEditTags: boolean;
  onTagsChanged(): void;
}) {
  return (
    <InfoTable
      label="Artifact Information"
      rows={[
        ['Artifact', artifact.displayName],
        [
          'Version',
          <>
            {details.version}
            <VersionMarks
              latest={details.version === artifact.latestVersion}
              prerelease={details.prerelease}
            />
          </>,
        ],
        [
          'Latest version',
          <>
            {artifact.latestVersion ?? 'none installable'}
            {artifact.latestIsPrerelease && <VersionMarks prerelease />}
            {artifact.latestPrerelease && (
              <>
                {' · pre-release '}
                {artifact.latestPrerelease}
              </>
            )}
          </>,
        ],
        ['Summary', details.summary || '–'],
        ['Total versions', formatCount(artifact.versionCount)],
        ['Total downloads', formatCount(artifact.totalDownloads)],
        ['Storage size', formatBytes(artifact.totalSize)],
        [
          'Tags',
          <TagEditor
            versionRef={versionRef}
            tags={details.allTags}
            editable={canEditTags}
            onChanged={onTagsChanged}
          />,
        ],
        [
          'Catalog entities',
          <CatalogEntities
            repository={versionRef.repository}
            name={artifact.name}
          />,
        ],
        ['Uploader', <ActorLink actor={details.uploadedBy} />],
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
