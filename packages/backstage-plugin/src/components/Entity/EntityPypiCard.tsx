import { ReactNode } from 'react';
import { Chip, Typography } from '@material-ui/core';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { getPypiPackage, PYPI_PACKAGE_ANNOTATION } from '../../annotations';
import { PypiApiError, pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { InfoTable } from '../common/InfoTable';
import { VersionMarks } from '../common/VersionMarks';
import { formatBytes, formatCount, formatTime } from '../format';
import { CommandBlock } from '../UserGuide/CommandBlock';
import { useProjectLink } from './useProjectLink';

/** An overview card for an entity annotated with a package: latest version, totals, tags and how to install it. */
export function EntityPypiCard() {
  const { entity } = useEntity();
  const target = getPypiPackage(entity);
  const api = useApi(pypiApiRef);
  const projectLink = useProjectLink();
  const data = useAsyncData(async () => {
    if (!target) return undefined;
    const [project, guide] = await Promise.all([
      api.getArtifact(target.repository, target.name),
      api.getGuide(target.repository),
    ]);
    return { project, guide };
  }, [api, target?.repository, target?.name]);

  if (!target)
    return <MissingAnnotationEmptyState annotation={PYPI_PACKAGE_ANNOTATION} />;
  const deepLink = projectLink
    ? {
        title: 'View artifact',
        link: projectLink({
          repository: target.repository,
          name: target.name,
        }),
      }
    : undefined;

  let content;
  if (data.error) {
    content = (
      <Typography color="textSecondary">
        {data.error instanceof PypiApiError && data.error.notFound
          ? `${target.name} has no versions in repository ${target.repository}.`
          : `Could not load ${target.name}: ${data.error.message}`}
      </Typography>
    );
  } else if (!data.value) {
    content = <Progress />;
  } else {
    const { project, guide } = data.value;
    // What pip installs, not merely the newest: never a disabled, yanked or (while a final exists) pre-release one.
    const latest = project.versions.find(
      version => version.version === project.latestVersion,
    );
    const prerelease = project.versions.find(
      version => version.version === project.latestPrerelease,
    );
    content = (
      <>
        <InfoTable
          label="PyPI package"
          rows={[
            ['Package', project.displayName],
            [
              'Latest version',
              latest ? (
                <>
                  {latest.version}
                  {latest.prerelease && <VersionMarks prerelease />}
                </>
              ) : (
                'none installable'
              ),
            ],
            ...(prerelease
              ? [
                  [
                    'Pre-release',
                    <>
                      {prerelease.version}
                      <VersionMarks prerelease />
                    </>,
                  ] as [string, ReactNode],
                ]
              : []),
            ['Versions', formatCount(project.versionCount)],
            ['Downloads', formatCount(project.totalDownloads)],
            ['Storage size', formatBytes(project.totalSize)],
            ['Updated', formatTime(project.updatedAt)],
            [
              'Tags',
              project.tags.length
                ? project.tags.map(tag => (
                    <Chip
                      key={tag.tag}
                      size="small"
                      label={`${tag.tag}: ${tag.version}`}
                    />
                  ))
                : '–',
            ],
          ]}
        />
        <Typography variant="subtitle2" style={{ marginTop: 16 }}>
          Install
        </Typography>
        <CommandBlock
          wrap
          label="pip install"
          text={guide.pull.pipInstall.replace('<package>', project.displayName)}
        />
      </>
    );
  }
  return (
    <InfoCard
      title="PyPI package"
      subheader={`Repository ${target.repository}`}
      deepLink={deepLink}
    >
      {content}
    </InfoCard>
  );
}
