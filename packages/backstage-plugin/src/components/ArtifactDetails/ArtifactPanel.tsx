import { useState } from 'react';
import { Box, Card, Divider, Tab, Tabs } from '@material-ui/core';
import {
  CustomMetadataEntry,
  ProjectDetails,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionRef } from '../../api';
import { ArtifactInformationTab } from './ArtifactInformationTab';
import { FileInformationTab } from './FileInformationTab';
import { MetadataTab } from './MetadataTab';

const TABS = ['Artifact Information', 'File Information', 'Metadata'] as const;

/** The details panel: Artifact Information, File Information and Metadata tabs for the selected version. */
export function ArtifactPanel(props: {
  versionRef: VersionRef;
  artifact: ProjectDetails;
  details: VersionDetails;
  canEditMetadata: boolean;
  onCustomMetadataChanged(entries: CustomMetadataEntry[]): void;
}) {
  const [tab, setTab] = useState(0);
  return (
    <Card>
      <Tabs
        value={tab}
        onChange={(_event, next: number) => setTab(next)}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Artifact details"
      >
        {TABS.map((title, index) => (
          <Tab
            key={title}
            label={title}
            id={`pypi-tab-${index}`}
            aria-controls={`pypi-tabpanel-${index}`}
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
          <ArtifactInformationTab
            artifact={props.artifact}
            details={props.details}
          />
        )}
        {tab === 1 && (
          <FileInformationTab
            repository={props.versionRef.repository}
            files={props.details.files}
          />
        )}
        {tab === 2 && (
          <MetadataTab
            versionRef={props.versionRef}
            details={props.details}
            editable={props.canEditMetadata}
            onCustomMetadataChanged={props.onCustomMetadataChanged}
          />
        )}
      </Box>
    </Card>
  );
}
