import { REASON_MAX_LENGTH } from '@wheelhouse/backstage-plugin-pypi-common';
import { useState } from 'react';
import { DialogContentText, TextField } from '@material-ui/core';
import { ConfirmDialog } from '../common/ConfirmDialog';

/** "Delete This Version": confirms, with an optional reason; the version goes to the recycle bin. */
export function DeleteDialog(props: {
  open: boolean;
  label: string;
  onCancel(): void;
  onDelete(reason?: string): Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    props.onCancel();
  };
  return (
    <ConfirmDialog
      open={props.open}
      title="Delete This Version"
      confirmLabel="Delete"
      danger
      onCancel={close}
      onConfirm={async () => {
        await props.onDelete(reason.trim() || undefined);
        setReason('');
      }}
    >
      <DialogContentText>
        Move {props.label} to the recycle bin? It disappears from pip and from
        this list at once; you can restore it from the recycle bin until it is
        purged.
      </DialogContentText>
      <TextField
        id="pypi-delete-reason"
        fullWidth
        variant="outlined"
        label="Reason (optional)"
        value={reason}
        onChange={event => setReason(event.target.value)}
        inputProps={{ maxLength: REASON_MAX_LENGTH }}
      />
    </ConfirmDialog>
  );
}
