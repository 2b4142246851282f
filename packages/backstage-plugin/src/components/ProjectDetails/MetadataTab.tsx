import { Box, Divider, Typography } from '@material-ui/core';
import {
  CustomMetadataEntry,
  VersionDetails,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { VersionRef } from '../../api';
import { CoreMetadataTable } from './CoreMetadataTable';
import { CustomMetadataEditor } from './CustomMetadataEditor';

/** Metadata: the distribution's core metadata, then the version's custom key/value pairs. */
export function MetadataTab(props: {
  versionRef: VersionRef;
  details: VersionDetails;
  editable: boolean;
  onCustomMetadataChanged(entries: CustomMetadataEntry[]): void;
}) {
  return (
    <Box>
      <Typography variant="h6" gutterBottom>
        Core Metadata
      </Typography>
      <CoreMetadataTable metadata={props.details.coreMetadata} />
      <Box my={3}>
        <Divider />
      </Box>
      <CustomMetadataEditor
        versionRef={props.versionRef}
        entries={props.details.customMetadata}
        editable={props.editable}
        onChanged={props.onCustomMetadataChanged}
      />
    </Box>
  );
}
