import { useState } from 'react';
import {
  Box,
  Card,
  Divider,
  Tab,
  Tabs,
  useMediaQuery,
  useTheme,
} from '@material-ui/core';
import {
  CustomMetadataEntry,
  ProjectDetails,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionRef } from '../../api';
import { PypiPermissions } from '../../hooks/usePypiPermissions';
import { useTabStyles } from '../common/tabStyles';
import { ProjectInformationTab } from './ProjectInformationTab';
import { DescriptionTab } from './DescriptionTab';
import { FileInformationTab } from './FileInformationTab';
import { MetadataTab } from './MetadataTab';
import { ProvenanceCard } from '../TrustedPublishing/ProvenanceCard';
import { TrustedPublishersSection } from '../TrustedPublishing/TrustedPublishersSection';

const TABS = [
  'Artifact Information',
  'Description',
  'File Information',
  'Metadata',
] as const;

/** The details panel of the selected version: information, description, files and metadata. */
export function ProjectPanel(props: {
  versionRef: VersionRef;
  project: ProjectDetails;
  details: VersionDetails;
  permissions: PypiPermissions;
  onCustomMetadataChanged(entries: CustomMetadataEntry[]): void;
  onTagsChanged(): void;
}) {
  const [tab, setTab] = useState(0);
  const classes = useTabStyles();
  const narrow = useMediaQuery(useTheme().breakpoints.down('xs'));
  return (
    <Card>
      <Tabs
        value={tab}
        onChange={(_event, next: number) => setTab(next)}
        indicatorColor="primary"
        textColor="inherit"
        // On a phone the four labels do not fit side by side: the tabs scroll, as Backstage's page tabs do.
        variant={narrow ? 'scrollable' : 'standard'}
        scrollButtons="auto"
        aria-label="Artifact details"
      >
        {TABS.map((title, index) => (
          <Tab
            key={title}
            label={title}
            id={`pypi-tab-${index}`}
            aria-controls={`pypi-tabpanel-${index}`}
            classes={{ root: classes.tab, selected: classes.selected }}
          />
        ))}
      </Tabs>
      <Divider />
      <Box
        p={2}
        role="tabpanel"
        id={`pypi-tabpanel-${tab}`}
        aria-labelledby={`pypi-tab-${tab}`}
      >
        {tab === 0 && (
          <ProjectInformationTab
            versionRef={props.versionRef}
            project={props.project}
            details={props.details}
            canEditTags={props.permissions.canEditMetadata}
            onTagsChanged={props.onTagsChanged}
          />
        )}
        {tab === 0 && (
          <ProvenanceCard
            versionRef={props.versionRef}
            details={props.details}
          />
        )}
        {tab === 0 && (
          <TrustedPublishersSection
            repository={props.versionRef.repository}
            project={props.versionRef.name}
          />
        )}
        {tab === 1 && <DescriptionTab details={props.details} />}
        {tab === 2 && (
          <FileInformationTab
            repository={props.versionRef.repository}
            files={props.details.files}
          />
        )}
        {tab === 3 && (
          <MetadataTab
            versionRef={props.versionRef}
            details={props.details}
            editable={props.permissions.canEditMetadata}
            onCustomMetadataChanged={props.onCustomMetadataChanged}
          />
        )}
      </Box>
    </Card>
  );
}
