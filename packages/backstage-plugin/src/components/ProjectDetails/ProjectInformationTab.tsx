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
export function ProjectInformationTab({
  versionRef,
  project,
  details,
  canEditTags,
  onTagsChanged,
}: {
  versionRef: VersionRef;
  project: ProjectDetails;
  details: VersionDetails;
  canEditTags: boolean;
  onTagsChanged(): void;
}) {
  return (
    <InfoTable
      label="Artifact Information"
      rows={[
        ['Artifact', project.displayName],
        [
          'Version',
          <>
            {details.version}
            <VersionMarks
              latest={details.version === project.latestVersion}
              prerelease={details.prerelease}
            />
          </>,
        ],
        [
          'Latest version',
          <>
            {project.latestVersion ?? 'none installable'}
            {project.latestIsPrerelease && <VersionMarks prerelease />}
            {project.latestPrerelease && (
              <>
                {' · pre-release '}
                {project.latestPrerelease}
              </>
            )}
          </>,
        ],
        ['Summary', details.summary || '–'],
        ['Total versions', formatCount(project.versionCount)],
        ['Total downloads', formatCount(project.totalDownloads)],
        ['Storage size', formatBytes(project.totalSize)],
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
            name={project.name}
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
