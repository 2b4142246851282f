import { useCallback } from 'react';
import { Box, Grid, Typography } from '@material-ui/core';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PypiApiError, pypiApiRef, VersionRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { usePypiPermissions } from '../../hooks/usePypiPermissions';
import { LoadError } from '../common/LoadError';
import { StatusChip } from '../common/StatusChip';
import { DownloadsChart } from '../DownloadsChart/DownloadsChart';
import { ProjectPanel } from './ProjectPanel';
import { DisabledNotice } from './DisabledNotice';
import { PurgeCacheAction } from './PurgeCacheAction';
import { VersionActions } from './VersionActions';
import { VersionSwitcher } from './VersionSwitcher';

export interface ProjectDetailsViewProps {
  repository: string;
  name: string;
  /** The version to show; the latest when undefined. */
  version?: string;
  onVersionChange(version: string): void;
  /** After "Delete This Version" or "Purge cache": the page typically goes back to the latest version. */
  onDeleted(version: string): void;
}

/** An artifact's details: version switcher, actions, the information / files / metadata panel and downloads. */
export function ProjectDetailsView(props: ProjectDetailsViewProps) {
  const { repository, name, version } = props;
  const api = useApi(pypiApiRef);
  const permissions = usePypiPermissions(repository);
  const project = useAsyncData(
    () => api.getArtifact(repository, name),
    [api, repository, name],
  );
  const versions = project.value?.versions ?? [];
  const latest = project.value?.latestVersion;
  // What pip installs by default; the newest version when pip would install none (all disabled or yanked).
  const selected = version ?? latest ?? versions[0]?.version;
  const details = useAsyncData(
    () =>
      selected
        ? api.getVersion({ repository, name, version: selected })
        : Promise.resolve(undefined),
    [api, repository, name, selected],
  );
  const { retry: reloadProject } = project;
  const { retry: reloadDetails } = details;
  const reload = useCallback(() => {
    reloadProject();
    reloadDetails();
  }, [reloadProject, reloadDetails]);

  if (project.error) {
    if (project.error instanceof PypiApiError && project.error.notFound) {
      return (
        <EmptyState
          missing="data"
          title={`No artifact ${name} in ${repository}`}
          description="It was never published here, or all of its versions are in the recycle bin, from where they can be restored."
        />
      );
    }
    return (
      <LoadError
        error={project.error}
        title={`Could not load ${name}`}
        onRetry={project.retry}
      />
    );
  }
  if (!project.value) return <Progress />;
  // A version deleted a moment ago is missing until the artifact has reloaded.
  if (details.error && project.loading) return <Progress />;
  if (details.error)
    return (
      <LoadError
        error={details.error}
        title={`Could not load ${name} ${selected}`}
        onRetry={details.retry}
      />
    );
  const current = details.value;
  if (!current || !selected) return <Progress />;
  // Until the chosen version has loaded, the page shows the previous one, dimmed, and the select the choice.
  const switching = details.loading;

  const versionRef: VersionRef = { repository, name, version: current.version };
  const options = versions.some(candidate => candidate.version === selected)
    ? versions
    : [current, ...versions];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
        >
          <VersionSwitcher
            versions={options}
            value={selected}
            latest={latest}
            loading={switching}
            onChange={props.onVersionChange}
          />
          <StatusChip status={current.status} yanked={current.yanked} />
          {current.summary && (
            <Typography variant="body2" color="textSecondary">
              {current.summary}
            </Typography>
          )}
          <Box flexGrow={1} />
          {project.value.cached && (
            <PurgeCacheAction
              repository={repository}
              name={name}
              label={project.value.displayName}
              onPurged={() => {
                // The version shown may be gone: back to the latest one, as after a delete.
                reloadProject();
                props.onDeleted(current.version);
              }}
            />
          )}
          <VersionActions
            versionRef={versionRef}
            details={current}
            permissions={permissions}
            onChanged={() => {
              // Opened on "latest": disabling it changes which version is latest, and the page would jump to
              // another one. Stay on the version the user acted on.
              if (version === undefined) props.onVersionChange(current.version);
              reload();
            }}
            onDeleted={deleted => {
              reloadProject();
              props.onDeleted(deleted);
            }}
          />
        </Box>
      </Grid>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexDirection="column"
          aria-busy={switching}
          style={{
            gap: 24,
            opacity: switching ? 0.5 : 1,
            transition: 'opacity 150ms',
          }}
        >
          {current.status === 'disabled' && current.disabled && (
            <DisabledNotice
              disabled={current.disabled}
              version={current.version}
            />
          )}
          <ProjectPanel
            versionRef={versionRef}
            project={project.value}
            details={current}
            permissions={permissions}
            onCustomMetadataChanged={reloadDetails}
            onTagsChanged={reload}
          />
          <DownloadsChart
            repository={repository}
            name={name}
            version={current.version}
          />
        </Box>
      </Grid>
    </Grid>
  );
}
