import { METADATA_VALUE_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import {
  IconButton,
  TableCell,
  TableRow,
  TextField,
  Tooltip,
} from '@material-ui/core';
import CancelIcon from '@material-ui/icons/Close';
import DeleteIcon from '@material-ui/icons/DeleteOutline';
import EditIcon from '@material-ui/icons/Edit';
import SaveIcon from '@material-ui/icons/Check';
import { CustomMetadataEntry } from '@wheelhouse/backstage-plugin-pypi-common';
import { ActorLink } from '../common/ActorLink';
import { formatTime } from '../format';

/** One custom key/value pair; editable and removable when the user may change metadata. */
export function CustomMetadataRow(props: {
  entry: CustomMetadataEntry;
  editable: boolean;
  busy: boolean;
  onSave(value: string): Promise<boolean>;
  onRemove(): void;
}) {
  const { entry } = props;
  const [draft, setDraft] = useState<string>();
  const save = async () => {
    if (draft !== undefined && (await props.onSave(draft))) setDraft(undefined);
  };
  return (
    <TableRow data-testid={`metadata-${entry.key}`}>
      <TableCell style={{ fontWeight: 600, wordBreak: 'break-all' }}>
        {entry.key}
      </TableCell>
      <TableCell style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {draft === undefined ? (
          entry.value
        ) : (
          <TextField
            // eslint-disable-next-line jsx-a11y/no-autofocus -- focus moves into the field the user just asked to edit
            autoFocus
            fullWidth
            multiline
            size="small"
            value={draft}
            onChange={event => setDraft(event.target.value)}
            inputProps={{
              'aria-label': `Value of ${entry.key}`,
              maxLength: METADATA_VALUE_MAX_LENGTH,
            }}
          />
        )}
      </TableCell>
      <TableCell>
        <ActorLink actor={entry.updatedBy} />
        <br />
        {formatTime(entry.updatedAt)}
      </TableCell>
      {props.editable && (
        <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
          {draft === undefined ? (
            <>
              <Tooltip title="Edit">
                <IconButton
                  size="small"
                  aria-label={`Edit ${entry.key}`}
                  onClick={() => setDraft(entry.value)}
                  disabled={props.busy}
                >
                  <EditIcon fontSize="small" />
                </IconButton>
              </Tooltip>
              <Tooltip title="Remove">
                <IconButton
                  size="small"
                  aria-label={`Remove ${entry.key}`}
                  onClick={props.onRemove}
                  disabled={props.busy}
                >
                  <DeleteIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </>
          ) : (
            <>
              <Tooltip title="Save">
                <IconButton
                  size="small"
                  aria-label={`Save ${entry.key}`}
                  onClick={save}
                  disabled={props.busy}
                >
                  <SaveIcon fontSize="small" />
                </IconButton>
              </Tooltip>
              <Tooltip title="Cancel">
                <IconButton
                  size="small"
                  aria-label={`Cancel editing ${entry.key}`}
                  onClick={() => setDraft(undefined)}
                  disabled={props.busy}
                >
                  <CancelIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            </>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}
