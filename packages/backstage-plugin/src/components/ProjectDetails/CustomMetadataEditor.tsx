import {
  METADATA_KEY_MAX_LENGTH,
  METADATA_VALUE_MAX_LENGTH,
  metadataKeyProblem,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import {
  CustomMetadataEntry,
  MetadataChange,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef, VersionRef } from '../../api';
import { useSubmission } from '../../hooks/useSubmission';
import { CustomMetadataRow } from './CustomMetadataRow';

/** Custom Metadata of the selected version: key/value pairs to add, edit and remove. */
export function CustomMetadataEditor(props: {
  versionRef: VersionRef;
  entries: CustomMetadataEntry[];
  editable: boolean;
  onChanged(entries: CustomMetadataEntry[]): void;
}) {
  const api = useApi(pypiApiRef);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const { busy, error, run } = useSubmission();
  const keyProblem = key.trim() ? metadataKeyProblem(key.trim()) : undefined;

  /** Applies a change; true when it worked. */
  const apply = (change: MetadataChange): Promise<boolean> =>
    run(async () =>
      props.onChanged(
        (await api.updateMetadata(props.versionRef, change)).customMetadata,
      ),
    );
  const add = async () => {
    if (await apply({ set: { [key.trim()]: value } })) {
      setKey('');
      setValue('');
    }
  };

  return (
    <Box>
      <Typography variant="h6" gutterBottom>
        Custom Metadata
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        Custom metadata applies to version {props.versionRef.version} only.
      </Typography>
      {error && (
        <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
          {error}
        </Alert>
      )}
      {props.entries.length ? (
        <Table size="small" aria-label="Custom Metadata">
          <TableHead>
            <TableRow style={{ whiteSpace: 'nowrap' }}>
              <TableCell>Key</TableCell>
              <TableCell>Value</TableCell>
              <TableCell>Updated</TableCell>
              {props.editable && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.entries.map(entry => (
              <CustomMetadataRow
                key={entry.key}
                entry={entry}
                editable={props.editable}
                busy={busy}
                onSave={next => apply({ set: { [entry.key]: next } })}
                onRemove={() => apply({ remove: [entry.key] })}
              />
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography color="textSecondary">
          No custom metadata on this version.
        </Typography>
      )}
      {props.editable && (
        <Box mt={2} display="flex" alignItems="flex-start" style={{ gap: 8 }}>
          <TextField
            id="pypi-metadata-key"
            label="Key"
            size="small"
            variant="outlined"
            value={key}
            onChange={event => setKey(event.target.value)}
            error={Boolean(keyProblem)}
            helperText={keyProblem}
            inputProps={{ maxLength: METADATA_KEY_MAX_LENGTH }}
          />
          <TextField
            id="pypi-metadata-value"
            label="Value"
            size="small"
            variant="outlined"
            value={value}
            onChange={event => setValue(event.target.value)}
            inputProps={{ maxLength: METADATA_VALUE_MAX_LENGTH }}
            style={{ flexGrow: 1 }}
          />
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={add}
            disabled={busy || !key.trim() || Boolean(keyProblem)}
          >
            Add Metadata
          </Button>
        </Box>
      )}
    </Box>
  );
}
